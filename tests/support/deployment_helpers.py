"""One test body for the sync and the async Deployment clients, against the emulator.

A :class:`Dual` wraps either client: ``await d(lambda c: c.clients.get("x"))``
calls the sync client directly and awaits the async one; ``await d.all(...)``
collects every item of a ``list()`` (``list(page)`` or ``async for``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from emqx_platform.testing import Emulator

DEDICATED = 0
SERVERLESS = 1


@dataclass
class Dual:
    """A Deployment client of one flavor, its emulator and deployment id."""

    client: Any
    is_async: bool
    emu: Emulator
    deployment_id: str

    async def __call__(self, fn: Callable[[Any], Any]) -> Any:
        result = fn(self.client)
        if inspect.isawaitable(result):
            return await result
        return result

    async def all(self, fn: Callable[[Any], Any]) -> list[Any]:
        """Every item a ``list()``-like call yields, across pages."""
        result = fn(self.client)
        if self.is_async:
            return [item async for item in result]
        return list(result)

    def connect(self, clientid: str, username: str | None = None, **attrs: Any) -> Any:
        """Simulate an MQTT client on this deployment."""
        return self.emu.connect_client(self.deployment_id, clientid, username, **attrs)

    def sent(self) -> list[dict[str, Any]]:
        """Requests the emulator received for this deployment's API."""
        return [r for r in self.emu.requests if r.get("deployment_id") == self.deployment_id]

    def last(self) -> dict[str, Any]:
        """The last request received for this deployment."""
        return self.sent()[-1]


def make_dual(emu: Emulator, flavor: str, index: int = DEDICATED) -> Dual:
    """A :class:`Dual` over deployment ``index`` (0 dedicated, 1 serverless)."""
    dep = emu.deployments[index]
    is_async = flavor == "async"
    if is_async:
        client = emu.async_deployment_client(deployment_id=dep.id)
    else:
        client = emu.deployment_client(deployment_id=dep.id)
    return Dual(client, is_async, emu, dep.id)
