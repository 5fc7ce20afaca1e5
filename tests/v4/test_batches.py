"""EMQX 4 batches: failed entries raise ``BatchError``, unless ``raise_on_error=False``."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import pytest

from emqx_platform import APIStatusError, BadRequestError, NotFoundError
from emqx_platform.v4 import BatchError
from support.clients import V4_PREFIX
from support.deployments import FlavoredDeployment
from support.faultserver import FaultServer, Reply
from support.flavors import FlavoredFactory

pytestmark = pytest.mark.asyncio

TABLES = [("auth_username", "username"), ("auth_clientid", "clientid")]


@pytest.mark.parametrize(("table", "key"), TABLES)
async def test_an_existing_login_in_create_many_raises(
    v4: FlavoredDeployment, table: str, key: str
) -> None:
    await v4(lambda c: getattr(c, table).create("old", "pw"))
    entries = [{key: "old", "password": "x"}, {key: "new", "password": "y"}]

    with pytest.raises(BatchError) as info:
        await v4(lambda c: getattr(c, table).create_many(entries))
    error = info.value
    assert (error.status_code, error.method) == (200, "POST")
    assert list(error.failed) == ["old"]
    assert isinstance(error.results, dict)
    assert error.results["new"] == "ok"
    assert [type(e) for e in error.errors] == [APIStatusError]
    assert "already exists" in str(error.errors[0])
    assert "1 of 2 batch entries failed" in str(error)
    # The other entry was added.
    assert await v4(lambda c: getattr(c, table).get("new")) == {key: "new"}

    results = await v4(
        lambda c: getattr(c, table).create_many(
            [{key: "old", "password": "z"}], raise_on_error=False
        )
    )
    assert results["old"] != "ok"


_TOPICS = [{"clientid": "dev/1", "topic": "a/1"}, {"clientid": "ghost", "topic": "a/2"}]
BATCHES: list[tuple[str, Callable[..., Any]]] = [
    ("subscribe_many", lambda c, **kw: c.mqtt.subscribe_many(_TOPICS, **kw)),
    ("unsubscribe_many", lambda c, **kw: c.mqtt.unsubscribe_many(_TOPICS, **kw)),
]


@pytest.mark.parametrize("call", [call for _, call in BATCHES], ids=[n for n, _ in BATCHES])
async def test_an_offline_client_in_a_topic_batch_raises_not_found(
    v4: FlavoredDeployment, call: Callable[..., Any]
) -> None:
    v4.connect("dev/1")
    await v4(lambda c: c.mqtt.subscribe("dev/1", "a/1"))

    with pytest.raises(BatchError) as info:
        await v4(call)
    error = info.value
    assert error.code == 112
    assert error.failed == [{"clientid": "ghost", "topic": "a/2", "code": 112}]
    assert isinstance(error.results, list)
    assert [r["code"] for r in error.results] == [0, 112]
    [entry] = error.errors
    assert (type(entry), entry.code, entry.status_code) == (NotFoundError, 112, 200)
    assert "client not online" in str(entry)

    results = await v4(lambda c: call(c, raise_on_error=False))
    assert [r["code"] for r in results] == [0, 112]


async def test_a_failed_message_in_publish_many_raises(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    answer = {"code": 0, "data": [{"topic": "a/1", "code": 0}, {"topic": "a/2", "code": 115}]}
    fault_server.script(V4_PREFIX + "/mqtt/publish_batch", Reply(json=answer))
    messages = [{"clientid": "c", "topic": t, "payload": "x"} for t in ("a/1", "a/2")]
    api = make_api("v4")

    with pytest.raises(BatchError) as info:
        await api(lambda c: c.mqtt.publish_many(messages))
    assert info.value.url.endswith("/mqtt/publish_batch")
    assert [type(e) for e in info.value.errors] == [BadRequestError]
    assert (
        await api(lambda c: c.mqtt.publish_many(messages, raise_on_error=False)) == answer["data"]
    )


async def test_a_rule_whose_result_is_not_ok_raises(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    rows = [
        {"topic": "x/1", "clientid": "c1", "action": "pub", "access": "allow", "result": "ok"},
        {"topic": "x/2", "clientid": "c1", "action": "pub", "access": "allow", "result": "error"},
    ]
    fault_server.script(V4_PREFIX + "/acl", Reply(json={"code": 0, "data": rows}))
    rules = [{k: r[k] for k in ("topic", "clientid", "action", "access")} for r in rows]
    api = make_api("v4")

    with pytest.raises(BatchError) as info:
        await api(lambda c: c.acl.create_many(rules))
    assert info.value.failed == [rows[1]]
    assert info.value.errors[0].message == "error"
    assert await api(lambda c: c.acl.create_many(rules, raise_on_error=False)) == rows


async def test_batch_errors_pickle_and_repr(v4: FlavoredDeployment) -> None:
    with pytest.raises(BatchError) as info:
        await v4(lambda c: c.mqtt.subscribe_many([{"clientid": "ghost", "topic": "t"}]))
    error = info.value
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is BatchError
    assert (copy.code, copy.failed, copy.results, str(copy)) == (
        error.code,
        error.failed,
        error.results,
        str(error),
    )
    assert [type(e) for e in copy.errors] == [NotFoundError]
    assert repr(error).startswith("BatchError(code=112, failed=1, results=1, method='POST', ")
    assert isinstance(error, APIStatusError)
