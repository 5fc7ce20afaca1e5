"""Listeners as EMQX 5.8 checks them: the name rule, `bind` as an address and
port, an address two running listeners cannot share, 404 for an unknown id,
and the status folded per type; sync and async, against the emulator."""

from __future__ import annotations

import pytest

from emqx_platform import BadRequestError, NotFoundError
from support.deployments import FlavoredDeployment

pytestmark = pytest.mark.asyncio


@pytest.mark.parametrize("name", ["a/b c", "-x", "_x", "x.y"])
async def test_names_emqx_refuses_fail_before_sending(d: FlavoredDeployment, name: str) -> None:
    with pytest.raises(ValueError, match="name"):
        await d(lambda c: c.listeners.create("tcp", name, bind="0.0.0.0:1884"))
    assert d.sent() == []


async def test_the_emulator_refuses_a_bad_name_or_bind(d: FlavoredDeployment) -> None:
    for body in (
        {"type": "tcp", "name": "a/b c", "bind": "0.0.0.0:1884"},
        {"type": "tcp", "name": "x", "bind": "not a bind"},
    ):
        with pytest.raises(BadRequestError) as err:
            await d(lambda c, body=body: c.request("POST", "/listeners", json=body))
        assert err.value.code == "BAD_REQUEST"
    with pytest.raises(BadRequestError):
        await d(lambda c: c.listeners.update("tcp:default", {"bind": "somewhere"}))


async def test_a_running_listener_cannot_take_an_address_in_use(d: FlavoredDeployment) -> None:
    with pytest.raises(BadRequestError, match="eaddrinuse"):
        await d(lambda c: c.listeners.create("tcp", "second", bind="0.0.0.0:1883"))
    with pytest.raises(BadRequestError, match="eaddrinuse"):
        await d(lambda c: c.listeners.create("tcp", "tls_port", bind="8883"))
    # Stopped, it holds nothing: a new listener may take the port, and the old
    # one then cannot start again.
    await d(lambda c: c.listeners.stop("tcp:default"))
    await d(lambda c: c.listeners.create("tcp", "second", bind="127.0.0.1:1883"))
    with pytest.raises(BadRequestError, match="eaddrinuse"):
        await d(lambda c: c.listeners.start("tcp:default"))
    with pytest.raises(BadRequestError, match="eaddrinuse"):
        await d(lambda c: c.listeners.update("ssl:default", {"bind": "0.0.0.0:1883"}))
    assert (await d(lambda c: c.listeners.get("ssl:default")))["bind"] == "0.0.0.0:8883"


async def test_an_action_on_an_unknown_listener_is_not_found(d: FlavoredDeployment) -> None:
    for action in ("start", "stop", "restart"):
        with pytest.raises(NotFoundError) as err:
            await d(lambda c, action=action: getattr(c.listeners, action)("tcp:nope"))
        assert err.value.code == "BAD_LISTENER_ID"


async def test_status_says_inconsistent_when_listeners_of_a_type_differ(
    d: FlavoredDeployment,
) -> None:
    await d(lambda c: c.listeners.create("tcp", "internal", bind="0.0.0.0:1884"))
    await d(lambda c: c.listeners.stop("tcp:internal"))
    tcp = {row["type"]: row for row in await d(lambda c: c.listeners.status())}["tcp"]
    assert (tcp["enable"], tcp["status"]["running"]) == (True, "inconsistent")
    assert tcp["ids"] == ["tcp:default", "tcp:internal"]
    assert len(tcp["node_status"]) == 2
