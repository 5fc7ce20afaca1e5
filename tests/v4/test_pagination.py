"""EMQX 4 pagination: ``_page``/``_limit``, and where iterating stops."""

from __future__ import annotations

from typing import Any

import pytest

from emqx_platform import APIError
from support.clients import V4_PREFIX
from support.deployments import FlavoredDeployment
from support.faultserver import FaultServer, RecordedRequest, Reply
from support.flavors import FlavoredFactory

pytestmark = pytest.mark.asyncio


async def test_250_items_at_limit_100_come_exactly_once(v4: FlavoredDeployment) -> None:
    users = [{"username": f"user-{i:03}", "password": "pw"} for i in range(250)]
    await v4(lambda c: c.auth_username.create_many(users))

    names = [u["username"] for u in await v4.all(lambda c: c.auth_username.list(limit=100))]

    assert sorted(names) == [u["username"] for u in users]
    pages = [r["query"] for r in v4.sent() if r["method"] == "GET"]
    assert pages == [{"_page": [str(n)], "_limit": ["100"]} for n in (1, 2, 3)]


def _pages(meta: dict[str, Any], items: list[list[Any]]) -> Any:
    """Answers page ``_page`` of ``items`` with ``meta`` (``page``/``limit`` filled in)."""

    def answer(request: RecordedRequest) -> Reply:
        query = dict(request.query_pairs)
        number = int(query["_page"])
        data = items[number - 1] if number <= len(items) else []
        page_meta = {"page": number, "limit": int(query.get("_limit", 10)), **meta}
        return Reply(json={"code": 0, "data": data, "meta": page_meta})

    return answer


@pytest.mark.parametrize(
    ("meta", "pages", "fetched"),
    [
        ({"count": 4}, [[1, 2], [3, 4], [5, 6]], 2),  # count reached: page 3 is not asked for
        ({}, [[1, 2], [3]], 2),  # a short page is the last
        ({}, [[1, 2], [3, 4]], 3),  # a full page is followed, until an empty one
        ({"hasnext": False}, [[1, 2], [3, 4]], 1),  # hasnext false ends it
    ],
)
async def test_iteration_stops_where_the_answer_says(
    fault_server: FaultServer,
    make_api: FlavoredFactory,
    meta: dict[str, Any],
    pages: list[list[Any]],
    fetched: int,
) -> None:
    fault_server.script_fallback(_pages(meta, [[{"who": w} for w in p] for p in pages]))

    items = await make_api("v4").all(lambda c: c.banned.list(limit=2))

    assert len(fault_server.requests) == fetched
    expected = [w for p in pages for w in p]
    if "count" in meta:
        expected = expected[: meta["count"]]
    elif meta.get("hasnext") is False:
        expected = pages[0]
    assert [i["who"] for i in items] == expected


@pytest.mark.parametrize("body", [{}, {"meta": {}}, {"meta": {"node": "emqx@127.0.0.1"}}])
async def test_an_answer_without_paging_fields_is_the_last_page(
    fault_server: FaultServer, make_api: FlavoredFactory, body: dict[str, Any]
) -> None:
    # The docs' /subscriptions/{clientid} example has no meta at all.
    rows = [{"clientid": "c1", "topic": "a"}, {"clientid": "c1", "topic": "b"}]
    fault_server.script(
        V4_PREFIX + "/subscriptions/c1", Reply(json={"code": 0, "data": rows, **body})
    )

    items = await make_api("v4").all(lambda c: c.subscriptions.list_for_client("c1", limit=1))

    assert items == rows
    assert len(fault_server.requests) == 1


async def test_a_server_that_ignores_page_is_caught(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    page_one = {"code": 0, "data": [{"who": "a"}], "meta": {"page": 1, "limit": 1, "count": 9}}
    fault_server.script_fallback(lambda _request: Reply(json=page_one))

    with pytest.raises(APIError, match="answered page 1 when asked for page 2"):
        await make_api("v4").all(lambda c: c.banned.list(limit=1))


async def test_the_shadow_service_pages_items(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    answer = {"items": [{"shadowID": "s1"}], "meta": {"page": 1, "limit": 10, "count": 1}}
    fault_server.script(V4_PREFIX + "/shadows", Reply(json=answer))

    assert await make_api("v4").all(lambda c: c.shadows.list()) == [{"shadowID": "s1"}]


async def test_a_page_without_hasnext_shows_whether_one_follows(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    # EMQX 4 sends ``count`` and no ``hasnext``: the repr and the HTML caption
    # say what iterating will do, not the missing field.
    fault_server.script_fallback(
        _pages({"count": 3}, [[{"who": "a"}, {"who": "b"}], [{"who": "c"}]])
    )
    api = make_api("v4")

    first = await api(lambda c: c.banned.list(limit=2))
    last = await api(lambda c: c.banned.list(limit=2, page=2))

    assert repr(first).endswith("(page=1, limit=2, items=2, count=3, hasnext=True)")
    assert "hasnext=True" in first._repr_html_()
    assert repr(last).endswith("(page=2, limit=2, items=1, count=3, hasnext=False)")
