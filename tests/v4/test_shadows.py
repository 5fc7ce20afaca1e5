"""The device-shadow service of a v4 deployment, against the emulator."""

from __future__ import annotations

import pytest

from emqx_platform import ConflictError, NotFoundError
from support.deployments import FlavoredDeployment

pytestmark = pytest.mark.asyncio


async def test_shadow_lifecycle(v4: FlavoredDeployment) -> None:
    shadow = await v4(lambda c: c.shadows.create("lamp", description="hall", shadow_id="lamp-1"))
    assert (shadow["shadowID"], shadow["shadowName"], shadow["description"]) == (
        "lamp-1",
        "lamp",
        "hall",
    )
    assert v4.last()["body"] == {"shadowID": "lamp-1", "shadowName": "lamp", "description": "hall"}

    assert (await v4(lambda c: c.shadows.get("lamp-1")))["shadowName"] == "lamp"
    updated = await v4(lambda c: c.shadows.update("lamp-1", name="lamp 2"))
    assert updated["shadowName"] == "lamp 2"
    assert v4.last()["body"] == {"shadowName": "lamp 2"}

    listed = await v4.all(lambda c: c.shadows.list(limit=1))
    assert [s["shadowID"] for s in listed] == ["lamp-1"]

    assert await v4(lambda c: c.shadows.delete("lamp-1")) is None
    with pytest.raises(NotFoundError):
        await v4(lambda c: c.shadows.get("lamp-1"))


async def test_generated_id_and_duplicates(v4: FlavoredDeployment) -> None:
    shadow = await v4(lambda c: c.shadows.create("plain"))
    assert shadow["shadowID"]
    assert v4.last()["body"] == {"shadowName": "plain"}
    with pytest.raises(ConflictError) as info:
        await v4(lambda c: c.shadows.create("again", shadow_id=shadow["shadowID"]))
    # 113 is the broker's "user already exists": no such hint on the shadow service.
    assert (info.value.code, info.value.hint) == (113, None)
    assert "user already exists" not in str(info.value)


async def test_shadow_document(v4: FlavoredDeployment) -> None:
    await v4(lambda c: c.shadows.create("lamp", shadow_id="lamp-1"))

    replaced = await v4(lambda c: c.shadows.replace_json("lamp-1", {"color": "blue", "on": 1}))
    assert replaced["data"] == {"color": "blue", "on": 1}
    patched = await v4(lambda c: c.shadows.patch_json("lamp-1", {"on": 0}))
    assert patched["data"] == {"color": "blue", "on": 0}
    assert patched["version"] > replaced["version"]
    assert v4.last()["method"] == "PATCH"

    document = await v4(lambda c: c.shadows.get_json("lamp-1"))
    assert document["data"] == {"color": "blue", "on": 0}
    assert document["version"] == patched["version"]
