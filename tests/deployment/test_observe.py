"""Deployment API: alarms, the monitor, topic metrics, slow subscriptions, status,
error codes and the license; sync and async, against the emulator's dedicated deployment."""

from __future__ import annotations

import pytest

from emqx_platform import BadRequestError, NotFoundError
from emqx_platform.types import MonitorSeries
from support import raw_https
from support.deployments import FlavoredDeployment
from support.flavors import Call

pytestmark = pytest.mark.asyncio

NODE = "emqx@127.0.0.1"


async def test_the_license_quota_alarm_goes_off_ends_and_is_cleared(
    d: FlavoredDeployment,
) -> None:
    quota = (await d(lambda c: c.license.get()))["max_sessions"]
    assert await d(lambda c: c.license.setting()) == {
        "connection_low_watermark": "75%",
        "connection_high_watermark": "80%",
    }
    for i in range(quota * 80 // 100):
        d.connect(f"fleet-{i}")
    active = await d.all(lambda c: c.alarms.list())
    assert [a["name"] for a in active] == ["license_quota"]
    assert "deactivate_at" not in active[0]
    assert d.last()["query"]["activated"] == ["true"]

    for i in range(quota):
        d.emu.disconnect_client(d.deployment_id, f"fleet-{i}")
    assert (await d(lambda c: c.alarms.list())).items == []
    history = await d(lambda c: c.alarms.list(activated=False, limit=1))
    assert history.items[0]["name"] == "license_quota"
    assert history.items[0]["deactivate_at"] >= history.items[0]["activate_at"]

    await d(lambda c: c.alarms.clear())
    assert (d.last()["method"], d.last()["status"]) == ("DELETE", 204)
    assert (await d(lambda c: c.alarms.list(activated=False))).items == []


async def test_the_monitor_follows_connections_and_messages(d: FlavoredDeployment) -> None:
    await d(lambda c: c.monitor.clear())
    d.connect("sensor-1")
    d.connect("sensor-2")
    await d(lambda c: c.clients.subscribe("sensor-2", "sensors/#"))
    for _ in range(3):
        await d(lambda c: c.publish("sensors/1", "21.5"))

    series = await d(lambda c: c.monitor.series(latest=300))
    assert isinstance(series, MonitorSeries)
    last = series[-1]
    assert (last["connections"], last["live_connections"], last["subscriptions"]) == (2, 2, 1)
    assert sum(s["received"] for s in series) >= 3
    assert last["time_stamp"] % 10_000 == 0
    assert d.last()["query"] == {"latest": ["300"]}

    current = await d(lambda c: c.monitor.current())
    assert (current["live_connections"], current["topics"]) == (2, 1)
    assert "node_uptime" not in current
    on_node = await d(lambda c: c.monitor.current(node=NODE))
    assert on_node["node_uptime"] >= 0
    assert d.last()["path"].endswith("/monitor_current/nodes/emqx%40127.0.0.1")
    assert await d(lambda c: c.monitor.series(node=NODE))
    with pytest.raises(NotFoundError):
        await d(lambda c: c.monitor.series(node="emqx@elsewhere"))


async def test_a_monitor_series_is_a_time_indexed_frame(d: FlavoredDeployment) -> None:
    pd = pytest.importorskip("pandas")
    d.connect("sensor-1")
    series = await d(lambda c: c.monitor.series())
    frame = series.to_pandas()
    assert frame.index.name == "time"
    assert isinstance(frame.index, pd.DatetimeIndex)
    assert str(frame.index.tz) == "UTC"
    assert frame["live_connections"].iloc[-1] == 1
    assert "time_stamp" not in frame.columns
    assert MonitorSeries().to_pandas().empty


async def test_status_error_codes_and_license(d: FlavoredDeployment) -> None:
    assert await d(lambda c: c.status.get()) == f"Node {NODE} is started\nemqx is running"
    details = await d(lambda c: c.status.details())
    assert (details["broker_status"], details["app_status"]) == ("started", "running")
    codes = await d(lambda c: c.error_codes.list())
    assert {"code": "NOT_FOUND", "description": "Resource was not found or does not exist"} in (
        codes
    )
    assert (await d(lambda c: c.error_codes.get("BAD_TOPIC")))["code"] == "BAD_TOPIC"
    with pytest.raises(BadRequestError):
        await d(lambda c: c.error_codes.get("NO_SUCH_CODE"))
    assert (await d(lambda c: c.license.get()))["expiry"] is False


async def test_status_and_error_codes_need_no_credentials(d: FlavoredDeployment) -> None:
    base = d.emu.deployment(d.deployment_id).base_url
    for path in ("/status", "/error_codes", "/error_codes/NOT_FOUND"):
        assert raw_https.send(base + path, d.emu.ca_cert_path).status == 200
    assert raw_https.send(base + "/license", d.emu.ca_cert_path).status == 401


async def test_topic_metrics_count_one_topic_name(d: FlavoredDeployment) -> None:
    d.connect("dashboard")
    await d(lambda c: c.clients.subscribe("dashboard", "sensors/+/temp", qos=1))
    await d(lambda c: c.topic_metrics.add("sensors/1/temp"))
    assert d.last()["body"] == {"topic": "sensors/1/temp"}
    for topic in ("sensors/1/temp", "sensors/1/temp", "sensors/2/temp"):
        await d(lambda c, t: c.publish(t, "21.5", qos=1), topic)

    metric = await d(lambda c: c.topic_metrics.get("sensors/1/temp"))
    assert d.last()["path"].endswith("/mqtt/topic_metrics/sensors%2F1%2Ftemp")
    counters = metric["metrics"]
    assert (counters["message.in.count"], counters["message.qos1.out.count"]) == (2, 2)
    assert [m["topic"] for m in await d(lambda c: c.topic_metrics.list())] == ["sensors/1/temp"]

    await d(lambda c: c.topic_metrics.reset("sensors/1/temp"))
    assert d.last()["body"] == {"action": "reset", "topic": "sensors/1/temp"}
    reset = await d(lambda c: c.topic_metrics.get("sensors/1/temp"))
    assert reset["metrics"]["message.in.count"] == 0
    assert "reset_time" in reset
    await d(lambda c: c.topic_metrics.delete("sensors/1/temp"))
    with pytest.raises(NotFoundError) as err:
        await d(lambda c: c.topic_metrics.get("sensors/1/temp"))
    assert err.value.code == "TOPIC_NOT_FOUND"


async def test_slow_subscription_settings_are_replaced(d: FlavoredDeployment) -> None:
    assert (await d(lambda c: c.slow_subscriptions.settings()))["enable"] is False
    new = await d(lambda c: c.slow_subscriptions.configure(enable=True, threshold="200ms"))
    assert d.last()["body"] == {"enable": True, "threshold": "200ms"}
    assert (new["threshold"], new["top_k_num"], new["stats_type"]) == ("200ms", 10, "whole")
    again = await d(lambda c: c.slow_subscriptions.configure(enable=True, top_k_num=50))
    assert again["threshold"] == "500ms"  # replaced, not merged
    assert (await d(lambda c: c.slow_subscriptions.list(limit=1000))).items == []
    await d(lambda c: c.slow_subscriptions.clear())
    assert d.last()["status"] == 204


BAD_CALLS: list[tuple[Call, type[Exception]]] = [
    (lambda c: c.alarms.list(activated="yes"), TypeError),
    (lambda c: c.monitor.series(latest=0), ValueError),
    (lambda c: c.monitor.series(latest=1.5), TypeError),
    (lambda c: c.monitor.current(node=""), ValueError),
    (lambda c: c.error_codes.get(""), ValueError),
    (lambda c: c.topic_metrics.add("sensors/#"), ValueError),
    (lambda c: c.topic_metrics.get("sensors/+/temp"), ValueError),
    (lambda c: c.topic_metrics.reset(7), TypeError),
    (lambda c: c.slow_subscriptions.configure(enable=1), TypeError),
    (lambda c: c.slow_subscriptions.configure(enable=True, top_k_num=0), ValueError),
    (lambda c: c.slow_subscriptions.configure(enable=True, stats_type="all"), ValueError),
]


@pytest.mark.parametrize(("call", "error"), BAD_CALLS)
async def test_bad_input_fails_before_sending(
    d: FlavoredDeployment, call: Call, error: type[Exception]
) -> None:
    before = len(d.sent())
    with pytest.raises(error):
        await d(call)
    assert len(d.sent()) == before
