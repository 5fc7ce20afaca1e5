"""``client.map`` and ``client.gather`` on the v4 clients: EMQX 5's batch semantics
with EMQX 4's errors (a non-zero ``code`` in an HTTP 200 raises as the single call
does, in its place, and ends the batch as an HTTP error does), bulk endpoints'
``BatchError``, and input checked first.

The batch machinery itself (Ctrl-C, fork, cancellation) is shared with EMQX 5's
clients and tested in ``core/test_batch*.py``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from emqx_platform import APIError, ConflictError, NotFoundError
from emqx_platform.testing import Emulator
from emqx_platform.v4 import BatchError
from support.clients import DEPLOYMENT_PREFIX, V4_PREFIX
from support.deployments import FlavoredDeployment
from support.faultserver import FaultServer, Reply
from support.flavors import FlavoredFactory, Flavors

pytestmark = pytest.mark.asyncio


def _connect(v4: FlavoredDeployment, count: int) -> list[str]:
    ids = [f"dev/{i}" for i in range(count)]
    for clientid in ids:
        v4.connect(clientid)
    return ids


# -- results ------------------------------------------------------------------


async def test_map_over_a_typed_method_returns_results_in_input_order(
    v4: FlavoredDeployment,
) -> None:
    ids = _connect(v4, 30)
    shuffled = ids[::3] + ids[1::3] + ids[2::3]
    results = await v4(lambda c: c.map(c.clients.get, shuffled, concurrency=7))
    assert [r["clientid"] for r in results] == shuffled
    assert all(isinstance(r["connected_at"], str) for r in results)  # EMQX 4's times


async def test_map_over_raw_requests_returns_the_envelopes(v4: FlavoredDeployment) -> None:
    (clientid,) = _connect(v4, 1)
    paths = ["/clients", "/metrics", "/clients/dev%2F0"]
    results = await v4(lambda c: c.map(partial(c.request, "get"), paths))
    assert [r["code"] for r in results] == [0, 0, 0]
    assert results[2]["data"][0]["clientid"] == clientid


async def test_gather_mixes_methods_and_writes_take_effect(v4: FlavoredDeployment) -> None:
    created, rule, nothing = await v4(
        lambda c: c.gather(
            [
                partial(c.auth_username.create, "u1", "pw"),
                partial(c.acl.create_for_username, "u1", "t/#", "sub", "allow"),
                partial(
                    c.request, "POST", "/auth_username", json={"username": "u2", "password": "p"}
                ),
            ]
        )
    )
    assert created is None
    assert rule["topic"] == "t/#"
    assert nothing == {"code": 0}
    assert await v4(lambda c: c.map(c.auth_username.get, ["u1", "u2"])) == [
        {"username": "u1"},
        {"username": "u2"},
    ]


# -- EMQX 4's errors ------------------------------------------------------------


async def test_a_code_in_the_middle_is_returned_in_place_as_alone(v4: FlavoredDeployment) -> None:
    ids = _connect(v4, 2)
    with pytest.raises(NotFoundError) as alone:
        await v4(lambda c: c.clients.kick("ghost"))

    asked = [ids[0], "ghost", ids[1]]
    results = await v4(lambda c: c.map(c.clients.kick, asked, return_exceptions=True))
    assert results[0] is None
    assert results[2] is None
    error = results[1]
    assert type(error) is type(alone.value) is NotFoundError
    assert (error.status_code, error.code, error.message) == (200, 112, alone.value.message)
    assert error.url == alone.value.url
    assert "client not online" in str(error)


async def test_a_code_in_the_middle_is_raised(v4: FlavoredDeployment) -> None:
    await v4(lambda c: c.auth_username.create("taken", "pw"))
    with pytest.raises(ConflictError) as info:
        await v4(
            lambda c: c.gather(
                [
                    partial(c.auth_username.create, "fresh-1", "pw"),
                    partial(c.auth_username.create, "taken", "pw"),
                    partial(c.auth_username.create, "fresh-2", "pw"),
                ],
                concurrency=1,
            )
        )
    assert (info.value.status_code, info.value.code, info.value.method) == (200, 113, "POST")


async def test_a_raw_request_in_a_batch_raises_for_its_code(v4: FlavoredDeployment) -> None:
    results = await v4(
        lambda c: c.map(
            partial(c.request, "delete"),
            ["/clients/ghost", "/banned/clientid/x"],
            return_exceptions=True,
        )
    )
    assert type(results[0]) is NotFoundError
    assert (results[0].code, results[0].method) == (112, "DELETE")
    assert results[1] == {"code": 0}


async def test_codes_of_every_class_come_back_as_alone(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    for code in (105, 113, 115, 404, 199):
        fault_server.script(
            f"{V4_PREFIX}/clients/c{code}", Reply(json={"code": code, "message": "m"})
        )
    api = make_api("v4")
    codes = [105, 113, 115, 404, 199]
    singles = []
    for code in codes:
        with pytest.raises(APIError) as info:
            await api(lambda c, n=code: c.clients.kick(f"c{n}"))
        singles.append(info.value)

    results = await api(
        lambda c: c.map(c.clients.kick, [f"c{n}" for n in codes], return_exceptions=True)
    )
    assert [type(r) for r in results] == [type(e) for e in singles]
    assert [(r.status_code, r.code, r.message) for r in results] == [(200, n, "m") for n in codes]


async def test_a_status_error_ends_the_batch_before_the_rest_is_sent(
    v4: FlavoredDeployment,
) -> None:
    ids = _connect(v4, 3)
    v4.emu.inject_fault(r"/api/clients/missing", method="GET", status=404, times=1)
    before = len(v4.sent())
    with pytest.raises(NotFoundError) as info:
        await v4(lambda c: c.map(c.clients.get, ["missing", *ids], concurrency=1))
    assert info.value.status_code == 404
    assert len(v4.sent()) - before == 1


async def test_a_code_ends_the_batch_before_the_rest_is_sent(v4: FlavoredDeployment) -> None:
    ids = _connect(v4, 3)
    before = len(v4.sent())
    with pytest.raises(NotFoundError) as info:
        await v4(lambda c: c.map(c.clients.kick, ["ghost", *ids], concurrency=1))
    assert (info.value.status_code, info.value.code, info.value.method) == (200, 112, "DELETE")
    sent = v4.sent()[before:]
    assert len(sent) == 1
    assert sent[0]["path"].endswith("/clients/ghost")
    # The kicks after it never ran: every client is still connected.
    assert [r["clientid"] for r in await v4(lambda c: c.map(c.clients.get, ids))] == ids


async def test_the_first_code_in_time_ends_the_batch(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    # Two calls in flight: the second answers a code while the first waits.
    fault_server.script(f"{V4_PREFIX}/slow", Reply(delay=10, json={"code": 0}))
    fault_server.script(f"{V4_PREFIX}/gone", Reply(json={"code": 112, "message": "gone"}))
    api = make_api("v4", max_retries=0)
    paths = ["/slow", "/gone", "/next-1", "/next-2"]
    with pytest.raises(NotFoundError) as info:
        await api(lambda c: c.map(partial(c.request, "GET"), paths, concurrency=2))
    assert (info.value.status_code, info.value.code, info.value.message) == (200, 112, "gone")
    assert info.value.url.endswith(f"{V4_PREFIX}/gone")
    # The slow call was cancelled, not awaited; the calls after the code never went out.
    sent = {r.path for r in fault_server.requests}
    assert f"{V4_PREFIX}/gone" in sent
    assert not sent & {f"{V4_PREFIX}/next-1", f"{V4_PREFIX}/next-2"}


async def test_each_call_is_retried_as_alone(v4: FlavoredDeployment) -> None:
    ids = _connect(v4, 3)
    v4.emu.inject_fault(r"/api/clients/dev", method="GET", status=503, times=2)
    results = await v4(lambda c: c.map(c.clients.get, ids))
    assert [r["clientid"] for r in results] == ids
    assert len([r for r in v4.sent() if "/clients/dev" in r["path"]]) == len(ids) + 2


# -- bulk endpoints in a batch ----------------------------------------------------


_TOPICS = [{"clientid": "dev/0", "topic": "a/1"}, {"clientid": "ghost", "topic": "a/2"}]


async def test_a_bulk_endpoint_keeps_its_batch_error(v4: FlavoredDeployment) -> None:
    _connect(v4, 1)
    good = [{"clientid": "dev/0", "topic": "b/1"}]
    results = await v4(
        lambda c: c.map(c.mqtt.subscribe_many, [good, _TOPICS], return_exceptions=True)
    )
    assert [r["code"] for r in results[0]] == [0]
    error = results[1]
    assert isinstance(error, BatchError)
    assert error.failed == [{"clientid": "ghost", "topic": "a/2", "code": 112}]
    assert [(type(e), e.code) for e in error.errors] == [(NotFoundError, 112)]
    assert error.url.endswith("/api/mqtt/subscribe_batch")

    with pytest.raises(BatchError):
        await v4(lambda c: c.map(c.mqtt.subscribe_many, [_TOPICS]))
    entries = await v4(
        lambda c: c.map(partial(c.mqtt.subscribe_many, raise_on_error=False), [_TOPICS])
    )
    assert [r["code"] for r in entries[0]] == [0, 112]


# -- what is refused, before anything is sent ----------------------------------


async def test_bad_arguments_fail_before_anything_is_sent(v4: FlavoredDeployment) -> None:
    ids = _connect(v4, 2)
    before = len(v4.sent())
    with pytest.raises(TypeError, match="clientid must be a str"):
        await v4(lambda c: c.map(c.clients.get, [*ids, 7]))
    with pytest.raises(ValueError, match="wildcards"):
        await v4(lambda c: c.map(partial(c.mqtt.publish, "dev/0", "hi"), ["ok", "bad/#"]))
    with pytest.raises(ValueError, match="must not be empty"):
        await v4(lambda c: c.map(c.mqtt.subscribe_many, [_TOPICS, []]))
    with pytest.raises(ValueError, match="between 1 and 100"):
        await v4(lambda c: c.map(c.clients.get, ids, concurrency=101))
    assert len(v4.sent()) == before


async def test_what_cannot_run_in_a_batch_is_refused(
    v4: FlavoredDeployment, emqx_emulator: Emulator, flavors: Flavors
) -> None:
    v5 = flavors.keep(FlavoredDeployment.open(emqx_emulator, is_async=flavors.is_async))
    before = len(v4.sent())
    with pytest.raises(TypeError, match="not a method of this client"):
        await v4(lambda c: c.map(v5.client.clients.get, ["x"]))
    with pytest.raises(TypeError, match="does not just send one request"):
        await v4(lambda c: c.gather([partial(c.clients.list)]))
    assert len(v4.sent()) == before


async def test_a_v5_batch_does_not_stop_at_a_code_in_the_body(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    envelope = {"code": 112, "message": "client not online"}
    for path in ("/a", "/b"):
        fault_server.script(DEPLOYMENT_PREFIX + path, Reply(json=envelope))
    api = make_api("deployment")
    results = await api(lambda c: c.map(partial(c.request, "GET"), ["/a", "/b"], concurrency=1))
    assert results == [envelope, envelope]  # EMQX 5 reports errors with the status alone


async def test_a_v5_batch_on_an_emqx_4_deployment_says_so(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    envelope = {"code": 0, "data": []}
    fault_server.script(DEPLOYMENT_PREFIX + "/clients/c1", Reply(json=envelope))
    api = make_api("deployment")
    results: list[Any] = await api(
        lambda c: c.gather(
            [partial(c.clients.get, "c1"), partial(c.request, "GET", "/clients/c1")],
            return_exceptions=True,
        )
    )
    assert isinstance(results[0], APIError)
    assert "looks like a Dedicated v4 deployment" in str(results[0])
    assert results[1] == envelope  # request() returns any answer as it is
