"""``client.connectors`` and ``client.actions``: data integration ("bridge v2").

A connector holds the connection to an external system (HTTP server, Kafka,
a database...); an action uses a connector to send what a rule selects. Both
are named ``<type>:<name>``, e.g. ``"http:my_webhook"``.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, Generic, Literal, TypeVar

from ...types.deployment import Action, Connector
from ._base import AsyncResource, Call, SyncResource, call, check_id, check_mapping, check_str, none

__all__ = ["Actions", "AsyncActions", "AsyncConnectors", "Connectors"]

Kind = Literal["connectors", "actions"]
ItemT = TypeVar("ItemT", Connector, Action)

# Computed fields the server adds to answers; sending them back is refused.
_COMPUTED = frozenset({"status", "status_reason", "node_status", "actions", "type", "name"})


def _id(id: str) -> str:
    """A ``<type>:<name>`` id, percent-encoded for the path."""
    text = check_str("id", id)
    kind, sep, name = text.partition(":")
    if not (kind and sep and name):
        raise ValueError(f"id must look like '<type>:<name>' (e.g. 'http:my_webhook'), got {id!r}")
    return check_id("id", text)


def _config(fields: Mapping[str, Any]) -> dict[str, Any]:
    body = check_mapping("config", fields)
    computed = set(body) & _COMPUTED
    if computed:
        raise ValueError(f"{sorted(computed)} cannot be set (they are computed or fixed by the id)")
    if "enable" in body and not isinstance(body["enable"], bool):
        raise TypeError(f"enable must be a bool, not {type(body['enable']).__name__}")
    return body


class _Calls(Generic[ItemT]):
    """The endpoints of ``/connectors`` or ``/actions`` (same shape)."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind

    def list(self) -> Call[builtins.list[ItemT]]:
        return call("GET", f"/{self.kind}")

    def get(self, id: str) -> Call[ItemT]:
        return call("GET", f"/{self.kind}/{_id(id)}")

    def create(self, type: str, name: str, config: Mapping[str, Any]) -> Call[ItemT]:
        body = {
            "type": check_str("type", type),
            "name": check_str("name", name),
            **_config(config),
        }
        return call("POST", f"/{self.kind}", json=body)

    def update(self, id: str, config: Mapping[str, Any]) -> Call[ItemT]:
        path = f"/{self.kind}/{_id(id)}"
        return call("PUT", path, json=_config(config))

    def delete(self, id: str, *, also_delete_dep_actions: bool | None = None) -> Call[None]:
        params = None
        if also_delete_dep_actions is not None:
            params = {"also_delete_dep_actions": bool(also_delete_dep_actions)}
        return call("DELETE", f"/{self.kind}/{_id(id)}", params=params, parse=none)

    def enable(self, id: str, flag: bool) -> Call[None]:
        value = "true" if flag else "false"
        return call("PUT", f"/{self.kind}/{_id(id)}/enable/{value}", parse=none)

    def start(self, id: str) -> Call[None]:
        return call("POST", f"/{self.kind}/{_id(id)}/start", parse=none)

    def metrics(self, id: str) -> Call[dict[str, Any]]:
        return call("GET", f"/{self.kind}/{_id(id)}/metrics")

    def reset_metrics(self, id: str) -> Call[None]:
        return call("PUT", f"/{self.kind}/{_id(id)}/metrics/reset", parse=none)


_CONNECTORS: _Calls[Connector] = _Calls("connectors")
_ACTIONS: _Calls[Action] = _Calls("actions")


class Connectors(SyncResource):
    """Data-integration connectors (dedicated deployments); ids are ``<type>:<name>``."""

    def list(self) -> builtins.list[Connector]:
        """Every connector (not paginated)."""
        return self._run(_CONNECTORS.list())

    def get(self, id: str) -> Connector:
        """One connector, with its ``status``; 404 if unknown."""
        return self._run(_CONNECTORS.get(id))

    def create(self, type: str, name: str, **config: Any) -> Connector:
        """Create a connector; ``config`` is its type's settings, e.g.
        ``create("http", "my_webhook", url="https://example.com", pool_size=4)``.

        A duplicate raises :class:`~emqx_platform.BadRequestError` (``ALREADY_EXISTS``).
        """
        return self._run(_CONNECTORS.create(type, name, config))

    def update(self, id: str, **config: Any) -> Connector:
        """Replace a connector's settings (the whole configuration, without type and name)."""
        return self._run(_CONNECTORS.update(id, config))

    def delete(self, id: str) -> None:
        """Delete a connector; 400 while actions use it, 404 if unknown."""
        return self._run(_CONNECTORS.delete(id))

    def enable(self, id: str) -> None:
        """Enable a connector."""
        return self._run(_CONNECTORS.enable(id, True))

    def disable(self, id: str) -> None:
        """Disable a connector (its actions stop sending)."""
        return self._run(_CONNECTORS.enable(id, False))

    def start(self, id: str) -> None:
        """(Re)connect a connector on every node."""
        return self._run(_CONNECTORS.start(id))


class AsyncConnectors(AsyncResource):
    """Data-integration connectors, for asyncio (see :class:`Connectors`)."""

    async def list(self) -> builtins.list[Connector]:
        """Every connector (not paginated)."""
        return await self._run(_CONNECTORS.list())

    async def get(self, id: str) -> Connector:
        """One connector, with its ``status``; 404 if unknown."""
        return await self._run(_CONNECTORS.get(id))

    async def create(self, type: str, name: str, **config: Any) -> Connector:
        """Create a connector (see :meth:`Connectors.create`)."""
        return await self._run(_CONNECTORS.create(type, name, config))

    async def update(self, id: str, **config: Any) -> Connector:
        """Replace a connector's settings (without type and name)."""
        return await self._run(_CONNECTORS.update(id, config))

    async def delete(self, id: str) -> None:
        """Delete a connector; 400 while actions use it, 404 if unknown."""
        return await self._run(_CONNECTORS.delete(id))

    async def enable(self, id: str) -> None:
        """Enable a connector."""
        return await self._run(_CONNECTORS.enable(id, True))

    async def disable(self, id: str) -> None:
        """Disable a connector."""
        return await self._run(_CONNECTORS.enable(id, False))

    async def start(self, id: str) -> None:
        """(Re)connect a connector on every node."""
        return await self._run(_CONNECTORS.start(id))


class Actions(SyncResource):
    """Data-integration actions (dedicated deployments); ids are ``<type>:<name>``.

    Rules refer to an action by its id in their ``actions`` list.
    """

    def list(self) -> builtins.list[Action]:
        """Every action (not paginated)."""
        return self._run(_ACTIONS.list())

    def get(self, id: str) -> Action:
        """One action, with its ``status``; 404 if unknown."""
        return self._run(_ACTIONS.get(id))

    def create(self, type: str, name: str, *, connector: str, **config: Any) -> Action:
        """Create an action over the connector named ``connector`` (same type), e.g.
        ``create("http", "post_rooms", connector="my_webhook", parameters={...})``."""
        return self._run(_ACTIONS.create(type, name, {"connector": connector, **config}))

    def update(self, id: str, **config: Any) -> Action:
        """Replace an action's settings (the whole configuration, ``connector`` included)."""
        return self._run(_ACTIONS.update(id, config))

    def delete(self, id: str, *, also_delete_dep_actions: bool | None = None) -> None:
        """Delete an action; 404 if unknown.

        While enabled rules use it EMQX answers 400 (the body's ``rules`` key
        lists them) unless ``also_delete_dep_actions=True``, which removes the
        action from those rules too.
        """
        return self._run(_ACTIONS.delete(id, also_delete_dep_actions=also_delete_dep_actions))

    def enable(self, id: str) -> None:
        """Enable an action."""
        return self._run(_ACTIONS.enable(id, True))

    def disable(self, id: str) -> None:
        """Disable an action."""
        return self._run(_ACTIONS.enable(id, False))

    def start(self, id: str) -> None:
        """(Re)start an action on every node."""
        return self._run(_ACTIONS.start(id))

    def metrics(self, id: str) -> dict[str, Any]:
        """The action's counters (``matched``, ``success``, ``failed``, ...)."""
        return self._run(_ACTIONS.metrics(id))

    def reset_metrics(self, id: str) -> None:
        """Set the action's counters back to zero."""
        return self._run(_ACTIONS.reset_metrics(id))


class AsyncActions(AsyncResource):
    """Data-integration actions, for asyncio (see :class:`Actions`)."""

    async def list(self) -> builtins.list[Action]:
        """Every action (not paginated)."""
        return await self._run(_ACTIONS.list())

    async def get(self, id: str) -> Action:
        """One action, with its ``status``; 404 if unknown."""
        return await self._run(_ACTIONS.get(id))

    async def create(self, type: str, name: str, *, connector: str, **config: Any) -> Action:
        """Create an action over ``connector`` (see :meth:`Actions.create`)."""
        return await self._run(_ACTIONS.create(type, name, {"connector": connector, **config}))

    async def update(self, id: str, **config: Any) -> Action:
        """Replace an action's settings."""
        return await self._run(_ACTIONS.update(id, config))

    async def delete(self, id: str, *, also_delete_dep_actions: bool | None = None) -> None:
        """Delete an action (see :meth:`Actions.delete`)."""
        return await self._run(_ACTIONS.delete(id, also_delete_dep_actions=also_delete_dep_actions))

    async def enable(self, id: str) -> None:
        """Enable an action."""
        return await self._run(_ACTIONS.enable(id, True))

    async def disable(self, id: str) -> None:
        """Disable an action."""
        return await self._run(_ACTIONS.enable(id, False))

    async def start(self, id: str) -> None:
        """(Re)start an action on every node."""
        return await self._run(_ACTIONS.start(id))

    async def metrics(self, id: str) -> dict[str, Any]:
        """The action's counters."""
        return await self._run(_ACTIONS.metrics(id))

    async def reset_metrics(self, id: str) -> None:
        """Set the action's counters back to zero."""
        return await self._run(_ACTIONS.reset_metrics(id))
