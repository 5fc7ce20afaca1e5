"""``auth_username`` and ``auth_clientid`` of a v4 deployment, against the emulator."""

from __future__ import annotations

import pytest

from emqx_platform import ConflictError, NotFoundError
from support.deployments import FlavoredDeployment

pytestmark = pytest.mark.asyncio

TABLES = [("auth_username", "username"), ("auth_clientid", "clientid")]


@pytest.mark.parametrize(("table", "key"), TABLES)
async def test_create_get_update_delete(v4: FlavoredDeployment, table: str, key: str) -> None:
    assert await v4(lambda c: getattr(c, table).create("sensor/1", "pw-1")) is None
    assert v4.last()["body"] == {key: "sensor/1", "password": "pw-1"}

    entry = await v4(lambda c: getattr(c, table).get("sensor/1"))
    assert entry[key] == "sensor/1"
    assert v4.last()["path"].endswith(f"/{table}/sensor%2F1")

    assert await v4(lambda c: getattr(c, table).update("sensor/1", "pw-2")) is None
    assert v4.last()["body"] == {"password": "pw-2"}

    assert await v4(lambda c: getattr(c, table).delete("sensor/1")) is None
    with pytest.raises(NotFoundError) as info:
        await v4(lambda c: getattr(c, table).get("sensor/1"))
    assert info.value.status_code == 200
    assert info.value.code == 105


@pytest.mark.parametrize(("table", "key"), TABLES)
async def test_create_twice_is_a_conflict(v4: FlavoredDeployment, table: str, key: str) -> None:
    await v4(lambda c: getattr(c, table).create("dup", "pw"))
    with pytest.raises(ConflictError) as info:
        await v4(lambda c: getattr(c, table).create("dup", "pw"))
    assert info.value.code == 113
    assert info.value.message


@pytest.mark.parametrize(("table", "key"), TABLES)
async def test_create_many_then_list(v4: FlavoredDeployment, table: str, key: str) -> None:
    entries = [{key: f"id-{i}", "password": "pw"} for i in range(3)]
    results = await v4(lambda c: getattr(c, table).create_many(entries))
    assert results == {f"id-{i}": "ok" for i in range(3)}
    assert v4.last()["body"] == entries

    page = await v4(lambda c: getattr(c, table).list(limit=2))
    assert [e[key] for e in page.data] == ["id-0", "id-1"]
    assert page.meta["count"] == 3
    assert v4.last()["query"] == {"_page": ["1"], "_limit": ["2"]}
    assert sorted(e[key] for e in await v4.all(lambda c: getattr(c, table).list(limit=2))) == [
        "id-0",
        "id-1",
        "id-2",
    ]


async def test_a_clientid_batch_may_name_its_ids_username(v4: FlavoredDeployment) -> None:
    # The older docs' clientid batch example writes {"username": ..., "password": ...}.
    body = [{"username": "c-old", "password": "pw"}]
    answer = await v4(lambda c: c.request("POST", "/auth_clientid", json=body))
    assert answer["data"] == {"c-old": "ok"}
    assert await v4(lambda c: c.auth_clientid.get("c-old")) == {"clientid": "c-old"}
