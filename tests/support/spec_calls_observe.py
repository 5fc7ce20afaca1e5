"""Contract-test calls of the observability group (alarms, monitor, status, error
codes, slow subscriptions, topic metrics), merged into ``CALLS`` of
``contract/test_spec_contract.py``."""

from __future__ import annotations

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
}
