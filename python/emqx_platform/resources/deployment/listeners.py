"""``client.listeners``: the MQTT listeners (TCP, TLS, WebSocket, QUIC) of a deployment."""

from __future__ import annotations

import builtins
import re
from collections.abc import Mapping
from typing import Any

from ...types.listeners import Listener, ListenerSummary, ListenerTypeStatus
from .._checks import check_choice, check_mapping, check_str
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncListeners", "Listeners"]

TYPES = ("tcp", "ssl", "ws", "wss", "quic")
# EMQX's rule for a name in a config map key (a listener's name).
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def listener_id(name: str, value: object) -> str:
    """``type:name``, with a known type (``"tcp:default"``)."""
    kind, _, rest = check_str(name, value).partition(":")
    if kind not in TYPES or not rest:
        raise ValueError(f"{name} must be 'type:name' with type one of {', '.join(TYPES)}")
    return f"{kind}:{rest}"


def _list_query(type: str | None) -> dict[str, Any]:
    if type is not None:
        check_choice("type", type, TYPES)
    return {"type": type}


def _config(config: Mapping[str, Any] | None) -> dict[str, Any]:
    body = {} if config is None else check_mapping("config", config)
    for key in ("id", "type", "name"):
        if key in body:
            raise ValueError(f"config must not hold {key!r}: it comes from the listener id")
    return body


def _create_body(
    type: str, name: str, bind: str, config: Mapping[str, Any] | None
) -> dict[str, Any]:
    check_choice("type", type, TYPES)
    if not _NAME.fullmatch(check_str("name", name)):
        raise ValueError(
            f"name must start with an ASCII letter or digit and hold only those, '_' and '-', "
            f"got {name!r}"
        )
    return {**_config(config), "type": type, "name": name, "bind": check_str("bind", bind)}


def _update_body(id: str, config: Mapping[str, Any]) -> dict[str, Any]:
    body = _config(config)
    return {**body, "id": id, "type": listener_id("id", id).partition(":")[0]}


_ID = {"id": listener_id}

LIST_LISTENERS = Endpoint[list[ListenerSummary]]("GET", "/listeners", query=_list_query)
LISTENERS_STATUS = Endpoint[list[ListenerTypeStatus]]("GET", "/listeners_status")
GET_LISTENER = Endpoint[Listener]("GET", "/listeners/{id}", path_checks=_ID)
CREATE_LISTENER = Endpoint[Listener]("POST", "/listeners", body=_create_body)
# EMQX deep-merges the body into the listener's configuration.
UPDATE_LISTENER = Endpoint[Listener]("PUT", "/listeners/{id}", body=_update_body, path_checks=_ID)
DELETE_LISTENER = Endpoint("DELETE", "/listeners/{id}", parse=no_content, path_checks=_ID)
# 200 with no body.
START = Endpoint("POST", "/listeners/{id}/start", parse=no_content, path_checks=_ID)
STOP = Endpoint("POST", "/listeners/{id}/stop", parse=no_content, path_checks=_ID)
RESTART = Endpoint("POST", "/listeners/{id}/restart", parse=no_content, path_checks=_ID)


class Listeners(SyncResource):
    """The deployment's MQTT listeners, by id ``"type:name"`` (``"tcp:default"``).

    A dedicated deployment has ``tcp:default`` (1883), ``ssl:default`` (8883),
    ``ws:default`` (8083) and ``wss:default`` (8084)::

        for row in d.listeners.list(type="ssl"):
            print(row["id"], row["bind"], row["status"]["current_connections"])
        d.listeners.update("tcp:default", {"max_connections": 10000})
    """

    def list(self, *, type: str | None = None) -> builtins.list[ListenerSummary]:
        """Every listener (not paginated), or only those of ``type``
        (``"tcp"``, ``"ssl"``, ``"ws"``, ``"wss"`` or ``"quic"``)."""
        return self._run(LIST_LISTENERS, locals())

    def status(self) -> builtins.list[ListenerTypeStatus]:
        """One row per listener type: its ids, whether it runs, its connections."""
        return self._run(LISTENERS_STATUS, locals())

    def get(self, id: str) -> Listener:
        """One listener's configuration. Raises ``NotFoundError``
        (``BAD_LISTENER_ID``) if there is none."""
        return self._run(GET_LISTENER, locals())

    def create(
        self, type: str, name: str, *, bind: str, config: Mapping[str, Any] | None = None
    ) -> Listener:
        """Add a listener ``type:name`` on ``bind`` (``"0.0.0.0:1884"``).

        ``config`` holds the other settings (``max_connections``,
        ``tcp_options``, ``ssl_options``...). A listener of that id already
        there is a ``BadRequestError`` (``BAD_LISTENER_ID``); so is an address
        another running listener holds (``BAD_REQUEST``, EMQX fails to start it).
        """
        return self._run(CREATE_LISTENER, locals())

    def update(self, id: str, config: Mapping[str, Any]) -> Listener:
        """Change some settings of a listener; the others keep their values
        (EMQX merges ``config`` into the listener's, nested objects key by key).

        Returns the whole configuration after the change.
        """
        return self._run(UPDATE_LISTENER, locals())

    def delete(self, id: str) -> None:
        """Remove a listener; 404 (``BAD_LISTENER_ID``) if there is none."""
        return self._run(DELETE_LISTENER, locals())

    def start(self, id: str) -> None:
        """Start (and enable) a listener.

        Raises:
            NotFoundError: No such listener (``BAD_LISTENER_ID``).
            BadRequestError: Another running listener holds its address.
        """
        return self._run(START, locals())

    def stop(self, id: str) -> None:
        """Stop (and disable) a listener; its port stops accepting connections."""
        return self._run(STOP, locals())

    def restart(self, id: str) -> None:
        """Restart a listener (enabling it if it was stopped)."""
        return self._run(RESTART, locals())


class AsyncListeners(AsyncResource, twin=Listeners):
    """The deployment's MQTT listeners, for asyncio (see ``Listeners``)."""

    async def list(self, *, type: str | None = None) -> builtins.list[ListenerSummary]:
        """Every listener (not paginated), or only those of ``type``."""
        return await self._run(LIST_LISTENERS, locals())

    async def status(self) -> builtins.list[ListenerTypeStatus]:
        """One row per listener type: its ids, whether it runs, its connections."""
        return await self._run(LISTENERS_STATUS, locals())

    async def get(self, id: str) -> Listener:
        """One listener's configuration."""
        return await self._run(GET_LISTENER, locals())

    async def create(
        self, type: str, name: str, *, bind: str, config: Mapping[str, Any] | None = None
    ) -> Listener:
        """Add a listener ``type:name`` on ``bind``."""
        return await self._run(CREATE_LISTENER, locals())

    async def update(self, id: str, config: Mapping[str, Any]) -> Listener:
        """Change some settings of a listener; the others keep their values."""
        return await self._run(UPDATE_LISTENER, locals())

    async def delete(self, id: str) -> None:
        """Remove a listener."""
        return await self._run(DELETE_LISTENER, locals())

    async def start(self, id: str) -> None:
        """Start (and enable) a listener."""
        return await self._run(START, locals())

    async def stop(self, id: str) -> None:
        """Stop (and disable) a listener."""
        return await self._run(STOP, locals())

    async def restart(self, id: str) -> None:
        """Restart a listener (enabling it if it was stopped)."""
        return await self._run(RESTART, locals())
