"""Traces as EMQX 5.8 runs them: the name rule, what counts as a duplicate, what
stopping answers, ``log_size`` by node, empty downloads, rule traces, and the
archive and log pages as a real server sends them; sync and async."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta, timezone

import pytest

from emqx_platform import APIError, BadRequestError, ConflictError, NotFoundError
from support.clients import DEPLOYMENT_PREFIX
from support.deployments import FlavoredDeployment
from support.faultserver import FaultServer, Reply
from support.flavors import FlavoredFactory

pytestmark = pytest.mark.asyncio

NODE = "emqx@127.0.0.1"


async def test_stop_answers_the_name_and_keeps_the_times(d: FlavoredDeployment) -> None:
    created = await d(lambda c: c.traces.create("sensor_1", clientid="sensor-1"))
    stopped = await d(lambda c: c.traces.stop("sensor_1"))
    assert stopped == {"enable": False, "name": "sensor_1"}
    [listed] = await d(lambda c: c.traces.list())
    assert listed["status"] == "stopped"
    assert (listed["start_at"], listed["end_at"]) == (created["start_at"], created["end_at"])


async def test_log_size_is_a_map_of_node_to_bytes(d: FlavoredDeployment) -> None:
    d.connect("sensor-1")
    created = await d(lambda c: c.traces.create("by_topic", topic="t/#"))
    assert created["log_size"] == {NODE: 0}
    await d(lambda c: c.publish("t/1", "x"))
    [listed] = await d(lambda c: c.traces.list())
    assert listed["log_size"][NODE] > 0


async def test_only_the_same_filter_from_the_same_second_is_a_duplicate(
    d: FlavoredDeployment,
) -> None:
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(minutes=1)
    await d(lambda c: c.traces.create("first", clientid="c1", start_at=start))
    # The same client from another second: EMQX runs both.
    later = start + timedelta(seconds=5)
    await d(lambda c: c.traces.create("second", clientid="c1", start_at=later))
    with pytest.raises(ConflictError) as err:
        await d(lambda c: c.traces.create("third", clientid="c1", start_at=start))
    assert (err.value.code, err.value.message) == (
        "DUPLICATE_CONDITION",
        "first Duplication Condition",
    )


async def test_a_trace_with_an_empty_log_has_nothing_to_download(d: FlavoredDeployment) -> None:
    await d(lambda c: c.traces.create("quiet", clientid="nobody"))
    with pytest.raises(NotFoundError) as err:
        await d(lambda c: c.traces.download("quiet"))
    assert err.value.message == "Trace is empty"


async def test_a_rule_trace(d: FlavoredDeployment) -> None:
    trace = await d(lambda c: c.traces.create("rule_1", ruleid="my_rule"))
    assert (trace["type"], trace["ruleid"]) == ("ruleid", "my_rule")
    assert d.last()["body"] == {"name": "rule_1", "type": "ruleid", "ruleid": "my_rule"}


@pytest.mark.parametrize("name", ["1abc", "_abc", "-abc", "a" * 257])
async def test_names_emqx_refuses_fail_before_sending(d: FlavoredDeployment, name: str) -> None:
    before = len(d.sent())
    with pytest.raises(ValueError, match="name"):
        await d(lambda c: c.traces.create(name, clientid="c"))
    with pytest.raises(ValueError, match="name"):
        await d(lambda c: c.traces.stop(name))
    assert len(d.sent()) == before


async def test_a_256_character_name_is_accepted(d: FlavoredDeployment) -> None:
    name = "a" + "b" * 255
    await d(lambda c: c.traces.create(name, clientid="c"))
    assert (await d(lambda c: c.traces.stop(name)))["name"] == name


@pytest.mark.parametrize("name", ["1abc", "_abc", "a" * 257])
async def test_the_emulator_refuses_those_names_too(d: FlavoredDeployment, name: str) -> None:
    body = {"name": name, "type": "clientid", "clientid": "c"}
    with pytest.raises(BadRequestError):
        await d(lambda c: c.request("POST", "/trace", json=body))
    with pytest.raises(BadRequestError):
        await d(lambda c: c.request("PUT", f"/trace/{name}/stop"))


# -- against a test server that answers as EMQX does ---------------------------


async def test_download_reads_the_archive_emqx_sends_as_x_zip(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"trace_t1_{NODE}.log", "a line\n")
    fault_server.script(
        f"{DEPLOYMENT_PREFIX}/trace/t1/download",
        Reply(
            body=buffer.getvalue(),
            content_type="application/x-zip",
            headers={"content-disposition": "attachment; filename=t1.zip"},
        ),
    )
    api = make_api("deployment")
    got = await api(lambda c: c.traces.download("t1"))
    assert zipfile.ZipFile(io.BytesIO(got)).read(f"trace_t1_{NODE}.log") == b"a line\n"


async def test_a_download_that_is_not_an_archive_names_the_request(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    path = f"{DEPLOYMENT_PREFIX}/trace/t1/download"
    fault_server.script(path, Reply(body="not a zip", content_type="text/plain"))
    api = make_api("deployment")
    with pytest.raises(APIError) as err:
        await api(lambda c: c.traces.download("t1"))
    assert err.value.url == fault_server.url + path
    assert err.value.body == "not a zip"


async def test_read_log_stops_on_a_position_that_does_not_move_on(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    path = f"{DEPLOYMENT_PREFIX}/trace/t1/log"
    fault_server.script(path, Reply(json={"items": "again", "meta": {"position": 0, "bytes": 5}}))
    api = make_api("deployment")
    with pytest.raises(APIError, match="does not move on") as err:
        await api(lambda c: c.traces.read_log("t1"))
    assert err.value.url == fault_server.url + path
