"""Pages and auto-pagination: end of data, prefetch of the next page, cancellation, memory.

Most tests script the pages on the HTTPS fault server (``tests/support``), so
the exact answers and timings are under control; the memory test walks many
pages of the emulator.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import time
import tracemalloc
from typing import Any

import pytest

from emqx_platform import APIError, AsyncPage, AsyncPaginator, InternalServerError, Page
from emqx_platform._pagination import page_request
from emqx_platform.testing import Emulator
from support.clients import ClientFactory
from support.faultserver import FaultServer, Reply
from support.waiting import block_until

CLIENTS = "/api/v5/clients"


def page(ids: list[str], *, hasnext: bool, number: int = 1, **meta: Any) -> Reply:
    """One scripted page of clients."""
    return Reply(
        json={
            "data": [{"clientid": i} for i in ids],
            "meta": {"page": number, "limit": len(ids) or 1, "hasnext": hasnext, **meta},
        }
    )


def delayed(reply: Reply, seconds: float) -> Reply:
    return Reply(json=reply.json, delay=seconds)


def pages_sent(server: FaultServer) -> list[str]:
    return [dict(r.query_pairs).get("page", "?") for r in server.requests]


# -- sync -----------------------------------------------------------------------


def test_list_fetches_the_first_page_only(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script(CLIENTS, page(["a", "b"], hasnext=True, count=4))
    first = make_client("deployment").clients.list(limit=2)
    assert isinstance(first, Page)
    assert [c["clientid"] for c in first.data] == ["a", "b"]
    assert first.meta["count"] == 4
    assert len(first.items) == 2
    assert first.page_number == 1
    assert "hasnext=True" in repr(first)
    assert pages_sent(fault_server) == ["1"]
    assert fault_server.requests[0].query_pairs == [("page", "1"), ("limit", "2")]


def test_iteration_stops_on_hasnext_false(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script(
        CLIENTS,
        page(["a", "b"], hasnext=True),
        page(["c"], hasnext=False, number=2),
        page(["never"], hasnext=False, number=3),
    )
    ids = [c["clientid"] for c in make_client("deployment").clients.list(limit=2)]
    assert ids == ["a", "b", "c"]
    assert pages_sent(fault_server) == ["1", "2"]


def test_iteration_stops_on_an_empty_page(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    # A "phantom" next page (emqx/emqx#18531): hasnext says more, the page is empty.
    fault_server.script(
        CLIENTS,
        page(["a"], hasnext=True),
        page([], hasnext=True, number=2),
        page(["never"], hasnext=False, number=3),
    )
    client = make_client("deployment")
    assert [c["clientid"] for c in client.clients.list(limit=1)] == ["a"]
    assert pages_sent(fault_server) == ["1", "2"]


def test_count_is_never_used(fault_server: FaultServer, make_client: ClientFactory) -> None:
    fault_server.script(
        CLIENTS,
        page(["a"], hasnext=True, count=1),  # a wrong count must not stop the walk
        page(["b"], hasnext=False, number=2),  # and a missing one is fine
    )
    ids = [c["clientid"] for c in make_client("deployment").clients.list(limit=1)]
    assert ids == ["a", "b"]


def test_next_page_is_prefetched_while_the_current_one_is_consumed(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script(
        CLIENTS,
        page(["a", "b"], hasnext=True),
        delayed(page(["c", "d"], hasnext=True, number=2), 0.3),
        delayed(page(["e"], hasnext=False, number=3), 0.3),
    )
    client = make_client("deployment")
    started = time.monotonic()
    seen = []
    asked_for_next: list[float] = []
    for c in client.clients.list(limit=2):
        seen.append(c["clientid"])
        if c["clientid"] in ("b", "d"):  # the last item of a page
            time.sleep(0.3)  # the caller works on the page ...
            asked_for_next.append(time.monotonic())
    elapsed = time.monotonic() - started
    assert seen == ["a", "b", "c", "d", "e"]
    # ... while the next page was already requested, before the caller asked for it.
    received = [r.received_at for r in fault_server.requests]
    assert received[1] < asked_for_next[0] - 0.2
    assert received[2] < asked_for_next[1] - 0.2
    # Serial fetching would take 2 x 0.3 s of work + 2 x 0.3 s of server delay.
    assert elapsed < 1.0


def test_iter_pages_prefetches_too(fault_server: FaultServer, make_client: ClientFactory) -> None:
    fault_server.script(
        CLIENTS,
        page(["a"], hasnext=True),
        page(["b"], hasnext=False, number=2),
    )
    first = make_client("deployment").clients.list(limit=1)
    pages = first.iter_pages()
    assert next(pages) is first
    block_until(lambda: len(fault_server.requests) >= 2, seconds=2)
    assert pages_sent(fault_server) == ["1", "2"]  # fetched before it was asked for
    assert [c["clientid"] for c in next(pages).data] == ["b"]
    assert next(pages, None) is None


def test_get_next_page(fault_server: FaultServer, make_client: ClientFactory) -> None:
    fault_server.script(CLIENTS, page(["a"], hasnext=True), page(["b"], hasnext=False, number=2))
    first = make_client("deployment").clients.list(limit=1, like_clientid="x")
    second = first.get_next_page()
    assert second.page_number == 2
    assert dict(fault_server.requests[1].query_pairs) == {
        "like_clientid": "x",
        "page": "2",
        "limit": "1",
    }
    assert not second.has_next_page()
    with pytest.raises(RuntimeError, match="no next page"):
        second.get_next_page()


def test_breaking_out_cancels_the_prefetch(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script(
        CLIENTS, page(["a", "b"], hasnext=True), delayed(page([], hasnext=False), 5)
    )
    client = make_client("deployment")
    started = time.monotonic()
    for c in client.clients.list(limit=2):
        assert c["clientid"] == "a"
        break
    gc.collect()
    assert time.monotonic() - started < 2  # nobody waited for the slow page


def test_an_error_on_a_later_page_raises_after_the_earlier_items(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script(
        CLIENTS,
        page(["a", "b"], hasnext=True),
        Reply(status=500, json={"code": "INTERNAL_ERROR", "message": "boom"}),
    )
    seen: list[str] = []

    def consume() -> None:
        for c in make_client("deployment").clients.list(limit=2):
            seen.append(c["clientid"])

    with pytest.raises(InternalServerError):
        consume()
    assert seen == ["a", "b"]


def test_a_bare_array_is_one_last_page(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    # What the spec (wrongly) promises for GET /subscriptions.
    fault_server.script("/api/v5/subscriptions", Reply(json=[{"topic": "t"}, {"topic": "u"}]))
    first = make_client("deployment").subscriptions.list()
    assert [s["topic"] for s in first] == ["t", "u"]
    assert not first.has_next_page()


def test_a_body_that_is_not_a_page_raises(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script(CLIENTS, Reply(json={"oops": 1}))
    with pytest.raises(TypeError, match="expected a page"):
        make_client("deployment").clients.list()


@pytest.mark.parametrize(
    ("page_", "limit", "error"),
    [
        (0, None, ValueError),
        (-1, None, ValueError),
        (1, 0, ValueError),
        (1, 10_001, ValueError),
        (True, None, TypeError),
        (1, 2.5, TypeError),
        ("2", None, TypeError),
    ],
)
def test_page_and_limit_are_checked(page_: Any, limit: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        page_request("/clients", page_, limit)


def test_limits_at_the_bounds_are_accepted() -> None:
    assert page_request("/clients", 1, 1).params() == {"page": 1, "limit": 1}
    assert page_request("/clients", 7, 10_000).next().params() == {"page": 8, "limit": 10_000}
    assert page_request("/clients", None, None).params() == {"page": 1, "limit": None}


def test_memory_stays_flat_over_many_pages(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0]
    for i in range(2_000):
        emqx_emulator.connect_client(dep.id, f"client-{i:05d}")
    with emqx_emulator.deployment_client() as client:
        # The size of one page, decoded.
        tracemalloc.start()
        one = client.clients.list(limit=100)
        one_page_bytes = tracemalloc.get_traced_memory()[0]
        del one
        gc.collect()

        def peak_while_walking(pages: int) -> int:
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            count = 0
            for _ in itertools.islice(client.clients.list(limit=100), pages * 100):
                count += 1
            assert count == pages * 100
            gc.collect()
            return tracemalloc.get_traced_memory()[1] - base

        few = peak_while_walking(3)
        many = peak_while_walking(20)
        tracemalloc.stop()
    # Only the current, the prefetched and the first page (which the
    # iterator keeps) are alive at once, plus the decoder's transient
    # buffers: walking 20 pages needs no more than walking 3.
    assert many < few + one_page_bytes, (few, many, one_page_bytes)
    assert many < 10 * one_page_bytes, (many, one_page_bytes)


# -- async ----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_async_list_is_awaitable_and_iterable(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script(
        CLIENTS,
        page(["a"], hasnext=True),
        page(["b"], hasnext=False, number=2),
        page(["a"], hasnext=True),
        page(["b"], hasnext=False, number=2),
    )
    client = make_client("deployment", is_async=True)
    listing = client.clients.list(limit=1)
    assert isinstance(listing, AsyncPaginator)
    assert "AsyncPaginator" in repr(listing)
    first = await listing
    assert isinstance(first, AsyncPage)
    assert [c["clientid"] for c in first.data] == ["a"]
    second = await first.get_next_page()
    assert [c["clientid"] for c in second.data] == ["b"]
    with pytest.raises(RuntimeError):
        await second.get_next_page()
    assert [c["clientid"] async for c in client.clients.list(limit=1)] == ["a", "b"]


@pytest.mark.asyncio
async def test_async_nothing_is_sent_until_awaited(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    client = make_client("deployment", is_async=True)
    client.clients.list()
    with pytest.raises(ValueError, match="page must be >= 1"):
        client.clients.list(page=0)  # checked at call time, not when awaited
    await asyncio.sleep(0.05)
    assert fault_server.requests == []


@pytest.mark.asyncio
async def test_async_prefetch(fault_server: FaultServer, make_client: ClientFactory) -> None:
    fault_server.script(
        CLIENTS,
        page(["a", "b"], hasnext=True),
        delayed(page(["c"], hasnext=False, number=2), 0.3),
    )
    client = make_client("deployment", is_async=True)
    started = time.monotonic()
    seen = []
    asked_for_next = 0.0
    async for c in client.clients.list(limit=2):
        seen.append(c["clientid"])
        if c["clientid"] == "b":
            await asyncio.sleep(0.3)
            asked_for_next = time.monotonic()
    assert seen == ["a", "b", "c"]
    assert fault_server.requests[1].received_at < asked_for_next - 0.2
    assert time.monotonic() - started < 0.55


@pytest.mark.asyncio
async def test_async_pages_and_empty_page(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script(
        CLIENTS,
        page(["a"], hasnext=True),
        page([], hasnext=True, number=2),
        page(["never"], hasnext=False, number=3),
    )
    client = make_client("deployment", is_async=True)
    first = await client.clients.list(limit=1)
    sizes = [len(p.data) async for p in first.iter_pages()]
    assert sizes == [1, 0]
    assert pages_sent(fault_server) == ["1", "2"]


@pytest.mark.asyncio
async def test_async_break_and_errors(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script(
        CLIENTS,
        page(["a", "b"], hasnext=True),
        Reply(status=500, json={"code": "INTERNAL_ERROR", "message": "boom"}),
    )
    client = make_client("deployment", is_async=True)
    items = client.clients.list(limit=2).__aiter__()
    assert (await items.__anext__())["clientid"] == "a"
    await items.aclose()  # cancels (or discards) the prefetch without a warning

    fault_server.script(
        CLIENTS,
        page(["a", "b"], hasnext=True),
        Reply(status=500, json={"code": "INTERNAL_ERROR", "message": "boom"}),
    )
    seen: list[str] = []

    async def consume() -> None:
        async for c in client.clients.list(limit=2):
            seen.append(c["clientid"])

    with pytest.raises(InternalServerError):
        await consume()
    assert seen == ["a", "b"]


# -- a server that does not advance ---------------------------------------------


def test_a_server_that_ignores_page_raises_instead_of_looping(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    # Page 1 with hasnext forever, whatever page is asked for.
    fault_server.script(CLIENTS, page(["a", "b"], hasnext=True, number=1))
    with pytest.raises(APIError, match="answered page 1 when asked for page 2") as raised:
        list(make_client("deployment").clients.list(limit=2))
    assert raised.value.path == CLIENTS
    assert pages_sent(fault_server) == ["1", "2"]


def test_a_repeated_page_without_a_page_number_raises(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    repeated = Reply(
        json={"data": [{"clientid": "a"}, {"clientid": "b"}], "meta": {"hasnext": True}}
    )
    fault_server.script(CLIENTS, repeated)
    items = iter(make_client("deployment").clients.list(limit=2))
    assert [next(items)["clientid"], next(items)["clientid"]] == ["a", "b"]
    with pytest.raises(APIError, match="page 2 repeats the items of page 1"):
        next(items)


def test_pages_that_advance_without_a_page_number_are_iterated(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script(
        CLIENTS,
        Reply(json={"data": [{"clientid": "a"}], "meta": {"hasnext": True}}),
        Reply(json={"data": [{"clientid": "b"}], "meta": {"hasnext": False}}),
    )
    assert [c["clientid"] for c in make_client("deployment").clients.list(limit=1)] == ["a", "b"]


@pytest.mark.asyncio
async def test_async_a_server_that_ignores_page_raises(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fault_server.script(CLIENTS, page(["a"], hasnext=True, number=1))
    client = make_client("deployment", is_async=True)
    with pytest.raises(APIError, match="answered page 1 when asked for page 2"):
        async for _ in client.clients.list(limit=1):
            pass
    repeated = Reply(json={"data": [{"clientid": "a"}], "meta": {"hasnext": True}})
    fault_server.script(CLIENTS, repeated)
    with pytest.raises(APIError, match="page 2 repeats the items of page 1"):
        async for _ in client.clients.list(limit=1):
            pass


def test_a_list_that_shifts_while_walked_is_not_taken_for_a_repeat(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    # A client connected ahead of "a" between the two fetches: page 2 starts
    # with "a" again. EMQX numbers its pages, so that is a duplicate, not a loop.
    fault_server.script(
        CLIENTS,
        page(["a"], hasnext=True, number=1),
        page(["a"], hasnext=False, number=2),
    )
    assert [c["clientid"] for c in make_client("deployment").clients.list(limit=1)] == ["a", "a"]
