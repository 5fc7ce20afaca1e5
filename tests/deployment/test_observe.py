"""Deployment API: alarms, the monitor, topic metrics, slow subscriptions, traces,
status, error codes and the license; sync and async, against the emulator's dedicated deployment."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timedelta, timezone

import pytest

from emqx_platform import BadRequestError, ConflictError, NotFoundError
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
    # EMQX keeps 7 days but takes a longer window, answering what it has.
    month = 30 * 86400
    assert len(await d(lambda c: c.monitor.series(latest=month))) >= len(series)
    assert d.last()["query"] == {"latest": [str(month)]}

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


async def test_trace_a_client_publish_and_read_the_log(d: FlavoredDeployment) -> None:
    d.connect("sensor-1")
    d.connect("sensor-2")
    await d(lambda c: c.clients.subscribe("sensor-1", "cmd/#", qos=1))
    trace = await d(lambda c: c.traces.create("sensor_1", clientid="sensor-1"))
    assert (trace["status"], trace["type"], trace["clientid"]) == (
        "running",
        "clientid",
        "sensor-1",
    )
    assert d.last()["body"] == {"name": "sensor_1", "type": "clientid", "clientid": "sensor-1"}
    with pytest.raises(ConflictError) as err:
        await d(lambda c: c.traces.create("again", clientid="sensor-1"))
    assert err.value.code == "DUPLICATE_CONDITION"

    await d(lambda c: c.publish("cmd/reboot", "now", qos=1))
    await d(lambda c: c.publish("other/topic", "not traced"))
    log = await d(lambda c: c.traces.read_log("sensor_1"))
    assert log.count("\n") == 1
    assert "sensor-1@" in log
    assert "msg: publish_to, topic: cmd/reboot, qos: 1, payload: now" in log

    first = await d(lambda c: c.traces.log("sensor_1", max_bytes=10))
    assert first["items"] == log[:10]
    rest = await d(lambda c: c.traces.log("sensor_1", position=first["meta"]["position"]))
    assert first["items"] + rest["items"] == log
    assert d.last()["query"] == {"position": ["10"]}
    [file] = await d(lambda c: c.traces.log_files("sensor_1"))
    assert file["size"] == len(log.encode())

    archive = zipfile.ZipFile(io.BytesIO(await d(lambda c: c.traces.download("sensor_1"))))
    [member] = archive.namelist()
    assert archive.read(member).decode() == log
    with pytest.raises(NotFoundError):
        await d(lambda c: c.traces.download("sensor_1", node="emqx@elsewhere"))

    assert await d(lambda c: c.traces.stop("sensor_1")) == {"enable": False, "name": "sensor_1"}
    await d(lambda c: c.publish("cmd/reboot", "later"))
    assert await d(lambda c: c.traces.read_log("sensor_1")) == log
    await d(lambda c: c.traces.delete("sensor_1"))
    assert await d(lambda c: c.traces.list()) == []


async def test_trace_a_topic_as_json_with_hex_payloads(d: FlavoredDeployment) -> None:
    await d(
        lambda c: c.traces.create(
            "cmds",
            topic="cmd/#",
            formatter="json",
            payload_encode="hex",
            end_at=datetime.now(timezone.utc) + timedelta(minutes=5),
        )
    )
    await d(lambda c: c.publish("cmd/1", "hi"))
    [line] = (await d(lambda c: c.traces.read_log("cmds"))).splitlines()
    entry = json.loads(line)
    assert (entry["msg"], entry["topic"], entry["payload"]) == ("publish", "cmd/1", "6869")
    await d(lambda c: c.traces.clear())
    assert await d(lambda c: c.traces.list()) == []


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
    (lambda c: c.traces.create("t"), TypeError),
    (lambda c: c.traces.create("t", clientid="a", topic="b"), TypeError),
    (lambda c: c.traces.create("bad name", clientid="a"), ValueError),
    (lambda c: c.traces.create("t", clientid="a", formatter="xml"), ValueError),
    (lambda c: c.traces.create("t", clientid="a", end_at=datetime(2030, 1, 1)), ValueError),
    (lambda c: c.traces.log("t", max_bytes=0), ValueError),
    (lambda c: c.traces.stop("a/b"), ValueError),
    (lambda c: c.traces.download("t", node=""), ValueError),
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
