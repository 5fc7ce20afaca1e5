"""Contract-test calls of the observability group (alarms, monitor, status, error
codes, slow subscriptions, topic metrics), merged into ``CALLS`` of
``contract/test_spec_contract.py``."""

from __future__ import annotations

from datetime import datetime, timezone

from support.flavors import Call

OBSERVE_CALLS: dict[str, Call] = {
    "alarms.list": lambda c: c.alarms.list(activated=False, page=2, limit=10),
    "monitor.series": lambda c: c.monitor.series(latest=300, node="emqx@n1"),
    "monitor.series(cluster)": lambda c: c.monitor.series(latest=60),
    "monitor.current": lambda c: c.monitor.current(node="emqx@n1"),
    "monitor.current(cluster)": lambda c: c.monitor.current(),
    # The path parameter is an enum of the documented codes.
    "error_codes.get": lambda c: c.error_codes.get("NOT_FOUND"),
    "slow_subscriptions.list": lambda c: c.slow_subscriptions.list(page=1, limit=50),
    "slow_subscriptions.configure": lambda c: c.slow_subscriptions.configure(
        enable=True, threshold="200ms", expire_interval="60s", top_k_num=20, stats_type="internal"
    ),
    "topic_metrics.add": lambda c: c.topic_metrics.add("sensors/1"),
    "topic_metrics.reset": lambda c: c.topic_metrics.reset("sensors/1"),
    "topic_metrics.reset(all)": lambda c: c.topic_metrics.reset(),
    "traces.create": lambda c: c.traces.create(
        "t_1",
        clientid="sensor-1",
        start_at=1_700_000_000,
        end_at="2030-01-01T00:00:00Z",
        payload_encode="hex",
        formatter="json",
    ),
    "traces.create(topic)": lambda c: c.traces.create("t_2", topic="sensors/#"),
    "traces.create(ip_address)": lambda c: c.traces.create(
        "t_3", ip_address="10.0.0.1", end_at=datetime(2030, 1, 1, tzinfo=timezone.utc)
    ),
    "traces.log": lambda c: c.traces.log("t_1", position=10, max_bytes=100, node="emqx@n1"),
    # read_log reads pages until one has no items: the recorder answers {}.
    "traces.read_log": lambda c: c.traces.read_log("t_1", node="emqx@n1"),
    "traces.download": lambda c: c.traces.download("t_1", node="emqx@n1"),
}
