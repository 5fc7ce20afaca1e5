"""``client.map`` and ``client.gather``, sync and async: results in input order,
the first error raised (the rest cancelled or never sent) or every error in
place, retries, the bound on calls in flight, what cannot run in a batch, and
arguments checked before anything is sent.

Ctrl-C and fork are in ``test_batch_processes.py``.
"""

from __future__ import annotations

import threading
import time
from functools import partial
from typing import Any

import pytest

from emqx_platform import NotFoundError, RateLimitError
from emqx_platform.testing import Emulator
from support.deployments import FlavoredDeployment
from support.faultserver import FaultServer, RecordedRequest, Reply
from support.flavors import Flavored, Flavors

pytestmark = pytest.mark.asyncio


@pytest.fixture
def d(emqx_emulator: Emulator, flavors: Flavors) -> FlavoredDeployment:
    """A Deployment client of this test's flavor on the emulator's dedicated deployment."""
    return flavors.keep(FlavoredDeployment.open(emqx_emulator, is_async=flavors.is_async))


def _connect(d: FlavoredDeployment, count: int) -> list[str]:
    ids = [f"batch-{i}" for i in range(count)]
    for clientid in ids:
        d.connect(clientid)
    return ids


# -- results ------------------------------------------------------------------


async def test_map_returns_typed_results_in_input_order(d: FlavoredDeployment) -> None:
    ids = _connect(d, 40)
    shuffled = ids[::3] + ids[1::3] + ids[2::3]
    results = await d(lambda c: c.map(c.clients.get, shuffled, concurrency=8))
    assert [r["clientid"] for r in results] == shuffled


async def test_map_reads_answers_as_the_method_does(d: FlavoredDeployment) -> None:
    results = await d(lambda c: c.map(partial(c.publish, "t/batch"), ["a", "b", "c"]))
    assert [type(r).__name__ for r in results] == ["PublishResult"] * 3
    # Sent at once, so the server may take them in any order.
    assert sorted(m["payload"] for m in d.emu.published(d.deployment_id)[-3:]) == ["a", "b", "c"]


async def test_gather_runs_different_calls(d: FlavoredDeployment) -> None:
    (clientid,) = _connect(d, 1)
    one, subs, raw = await d(
        lambda c: c.gather(
            [
                partial(c.clients.get, clientid),
                partial(c.clients.subscriptions, clientid),
                partial(c.request, "GET", "/clients", params={"clientid": clientid}),
            ]
        )
    )
    assert one["clientid"] == clientid
    assert subs == []
    assert [item["clientid"] for item in raw["data"]] == [clientid]


async def test_an_empty_batch_sends_nothing(d: FlavoredDeployment) -> None:
    before = len(d.sent())
    assert await d(lambda c: c.map(c.clients.get, [])) == []
    assert await d(lambda c: c.gather([])) == []
    assert len(d.sent()) == before


# -- errors ---------------------------------------------------------------------


async def test_return_exceptions_puts_each_error_in_its_place(d: FlavoredDeployment) -> None:
    ids = _connect(d, 3)
    asked = [ids[0], "missing-1", ids[1], "missing-2", ids[2]]
    results = await d(lambda c: c.map(c.clients.get, asked, return_exceptions=True))
    assert [type(r).__name__ for r in results] == [
        "dict",
        "NotFoundError",
        "dict",
        "NotFoundError",
        "dict",
    ]
    assert results[1].code == "CLIENTID_NOT_FOUND"
    assert "/clients/missing-2" in results[3].url


async def test_the_first_error_is_raised_and_the_rest_never_sent(d: FlavoredDeployment) -> None:
    ids = _connect(d, 30)
    before = len(d.sent())
    with pytest.raises(NotFoundError) as caught:
        await d(lambda c: c.map(c.clients.get, ["missing", *ids], concurrency=1))
    assert caught.value.code == "CLIENTID_NOT_FOUND"
    # One call at a time: the failure ended the batch before the others went out.
    assert len(d.sent()) - before == 1


async def test_the_first_error_cancels_the_calls_in_flight(
    make_api: Any, fault_server: FaultServer
) -> None:
    api: Flavored = make_api("deployment", max_retries=0)
    fault_server.script("/fails", Reply(status=404, json={"code": "NOT_FOUND", "message": "no"}))
    fault_server.script("/slow", Reply(delay=10, json="late"))
    started = time.monotonic()
    with pytest.raises(NotFoundError):
        await api(
            lambda c: c.gather(
                [partial(c.request, "GET", "/slow")] * 3 + [partial(c.request, "GET", "/fails")],
                concurrency=4,
            )
        )
    # The slow calls would answer after 10 s; the batch does not wait for them.
    assert time.monotonic() - started < 8


async def test_a_rate_limit_names_the_documented_limit(
    make_platform: Any, emqx_emulator: Emulator
) -> None:
    platform: Flavored = make_platform()
    dedicated = emqx_emulator.deployments[0].id
    # The real limit: one stop per hour; the second stop of the batch hits it.
    results = await platform(
        lambda c: c.map(
            c.deployments.stop, [dedicated, dedicated], concurrency=1, return_exceptions=True
        )
    )
    assert type(results[0]).__name__ == "DeploymentOperation" or isinstance(results[0], dict)
    error = results[1]
    assert isinstance(error, RateLimitError)
    assert error.hint == (
        "documented limit: POST /deployments/{deployment_id}/stop allows 1 request per hour"
    )
    with pytest.raises(RateLimitError, match="allows 1 request per hour"):
        await platform(lambda c: c.map(c.deployments.stop, [dedicated]))


# -- retries, the bound on calls in flight -------------------------------------


async def test_each_call_is_retried_as_alone(d: FlavoredDeployment) -> None:
    ids = _connect(d, 4)
    d.emu.inject_fault(r"/clients/batch-", method="GET", status=503, times=2)
    results = await d(lambda c: c.map(c.clients.get, ids))
    assert [r["clientid"] for r in results] == ids
    gets = [r for r in d.sent() if "/clients/batch-" in r["path"]]
    assert len(gets) == len(ids) + 2


async def test_no_more_than_concurrency_calls_are_in_flight(
    api: Flavored, fault_server: FaultServer
) -> None:
    lock = threading.Lock()
    in_flight = 0
    most = 0

    def answer(request: RecordedRequest) -> Reply:
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        time.sleep(0.05)
        with lock:
            in_flight -= 1
        return Reply(json=request.path)

    fault_server.script_fallback(answer)
    paths = [f"/item/{i}" for i in range(24)]
    results = await api(lambda c: c.map(partial(c.request, "GET"), paths, concurrency=3))
    assert results == paths
    assert 1 <= most <= 3


@pytest.mark.parametrize("concurrency", [0, 101, -1])
async def test_concurrency_is_between_1_and_the_client_limit(
    api: Flavored, fault_server: FaultServer, concurrency: int
) -> None:
    with pytest.raises(ValueError, match="between 1 and 100"):
        await api(lambda c: c.map(partial(c.request, "GET"), ["/x"], concurrency=concurrency))
    assert fault_server.requests == []


async def test_concurrency_must_be_an_int(api: Flavored) -> None:
    with pytest.raises(TypeError, match="concurrency must be an int"):
        await api(lambda c: c.map(partial(c.request, "GET"), ["/x"], concurrency=2.0))


# -- what is checked before anything is sent ------------------------------------


async def test_bad_arguments_fail_before_anything_is_sent(d: FlavoredDeployment) -> None:
    ids = _connect(d, 2)
    before = len(d.sent())
    with pytest.raises(TypeError, match="clientid must be a str"):
        await d(lambda c: c.map(c.clients.get, [*ids, 7]))
    with pytest.raises(ValueError, match="path"):
        await d(
            lambda c: c.gather([partial(c.request, "GET", "/a"), partial(c.request, "GET", "x")])
        )
    assert len(d.sent()) == before


@pytest.mark.parametrize(
    ("make_call", "reason"),
    [
        (lambda c: lambda: c.clients.get("x"), "not a method of this client"),
        (lambda c: len, "not a method of this client"),
        (lambda c: partial(c.clients.list), "does not just send one request"),
        (lambda c: c.close, "does not just send one request"),
    ],
    ids=["lambda", "builtin", "paginated", "close"],
)
async def test_what_cannot_run_in_a_batch_is_refused(
    d: FlavoredDeployment, make_call: Any, reason: str
) -> None:
    before = len(d.sent())
    with pytest.raises(TypeError, match=reason):
        await d(lambda c: c.gather([make_call(c)]))
    assert len(d.sent()) == before
    assert not d.client.closed


async def test_methods_of_another_client_are_refused(
    d: FlavoredDeployment, emqx_emulator: Emulator, flavors: Flavors
) -> None:
    other = flavors.keep(FlavoredDeployment.open(emqx_emulator, is_async=flavors.is_async))
    with pytest.raises(TypeError, match="not a method of this client"):
        await d(lambda c: c.map(other.client.clients.get, ["x"]))


async def test_a_closed_client_refuses_a_batch(d: FlavoredDeployment) -> None:
    await d.close()
    with pytest.raises(Exception, match="client is closed"):
        await d(lambda c: c.map(c.clients.get, ["x"]))
