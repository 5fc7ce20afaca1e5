"""``client.clients`` and ``client.subscriptions``: EMQX 4's connected clients and their
subscriptions."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, cast

from ..._exceptions import NotFoundError
from ..._page_styles import V4_PAGES
from ..._pagination import AsyncPaginator, Page
from ..._paths import quote_path
from ..._request import JSON, Params
from ...types.v4 import Client, Subscription
from .._checks import check_bool, check_choice, check_int_range, check_str
from .._endpoint import Endpoint
from ._base import V4AsyncResource, V4Resource, check_qos, nothing

__all__ = ["AsyncClients", "AsyncSubscriptions", "Clients", "Subscriptions"]

CONN_STATES = ("connected", "idle", "disconnected")
PROTOCOLS = ("MQTT", "CoAP", "LwM2M", "MQTT-SN")
CLIENT_NOT_ONLINE = 112


def _optional(value: object, check: Any, name: str, *more: Any) -> Any:
    return None if value is None else check(name, value, *more)


def _client_filters(
    clientid: str | None,
    username: str | None,
    zone: str | None,
    ip_address: str | None,
    conn_state: str | None,
    clean_start: bool | None,
    proto_name: str | None,
    proto_ver: int | None,
    like_clientid: str | None,
    like_username: str | None,
    gte_created_at: int | None,
    lte_created_at: int | None,
    gte_connected_at: int | None,
    lte_connected_at: int | None,
) -> Params:
    """The documented filters; the fuzzy and time ones are sent with EMQX 4's ``_`` prefix."""
    times = {
        "_gte_created_at": gte_created_at,
        "_lte_created_at": lte_created_at,
        "_gte_connected_at": gte_connected_at,
        "_lte_connected_at": lte_connected_at,
    }
    return {
        "clientid": _optional(clientid, check_str, "clientid"),
        "username": _optional(username, check_str, "username"),
        "zone": _optional(zone, check_str, "zone"),
        "ip_address": _optional(ip_address, check_str, "ip_address"),
        "conn_state": _optional(conn_state, check_choice, "conn_state", CONN_STATES),
        "clean_start": _optional(clean_start, check_bool, "clean_start"),
        "proto_name": _optional(proto_name, check_choice, "proto_name", PROTOCOLS),
        # MQTT-SN clients report 1, and the docs give no range.
        "proto_ver": _optional(proto_ver, check_int_range, "proto_ver", 0, 2**31 - 1),
        "_like_clientid": _optional(like_clientid, check_str, "like_clientid"),
        "_like_username": _optional(like_username, check_str, "like_username"),
        **{
            key: _optional(value, check_int_range, key.lstrip("_"), 0, 2**63)
            for key, value in times.items()
        },
    }


def _subscription_filters(
    qos: int | None, share: str | None, match_topic: str | None
) -> dict[str, Any]:
    return {
        "qos": _optional(qos, check_qos, "qos"),
        "share": _optional(share, check_str, "share"),
        "_match_topic": _optional(match_topic, check_str, "match_topic"),
    }


def _one_client(answer: JSON, base_url: str, clientid: str) -> Client:
    """``get``: EMQX 4 answers a list of at most one client.

    An unknown client is an empty list with code 0; it raises as ``kick``'s
    code 112 does, so that both methods fail alike (and as v5's ``get``).
    """
    found = answer.get("data") if isinstance(answer, dict) else None
    if isinstance(found, list) and found:
        return cast("Client", found[0])
    message = f"client {clientid!r} is not online"
    raise NotFoundError(
        status_code=200,
        method="GET",
        url=base_url + "/clients/" + quote_path(clientid),
        body={"code": CLIENT_NOT_ONLINE, "message": message, "data": []},
        hint=f"EMQX 4 code {CLIENT_NOT_ONLINE}: the answer listed no client",
    )


def _one_client_of(base_url: str, clientid: str) -> Callable[[JSON], Client]:
    """``get``'s reading of its answer, for its runner (and a batch) to run."""
    return partial(_one_client, base_url=base_url, clientid=clientid)


LIST_CLIENTS = Endpoint[Client](
    "GET", "/clients", query=_client_filters, paginated=True, pages=V4_PAGES
)
GET_CLIENT = Endpoint[JSON]("GET", "/clients/{clientid}")
KICK_CLIENT = Endpoint("DELETE", "/clients/{clientid}", parse=nothing)
LIST_SUBSCRIPTIONS = Endpoint[Subscription](
    "GET",
    "/subscriptions",
    query=lambda clientid, topic, qos, share, match_topic: {
        "clientid": _optional(clientid, check_str, "clientid"),
        "topic": _optional(topic, check_str, "topic"),
        **_subscription_filters(qos, share, match_topic),
    },
    paginated=True,
    pages=V4_PAGES,
)
LIST_CLIENT_SUBSCRIPTIONS = Endpoint[Subscription](
    "GET",
    "/subscriptions/{clientid}",
    query=_subscription_filters,
    paginated=True,
    pages=V4_PAGES,
)


class Clients(V4Resource):
    """Clients of the broker: list (with the documented filters), get, kick."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        clientid: str | None = None,
        username: str | None = None,
        zone: str | None = None,
        ip_address: str | None = None,
        conn_state: str | None = None,
        clean_start: bool | None = None,
        proto_name: str | None = None,
        proto_ver: int | None = None,
        like_clientid: str | None = None,
        like_username: str | None = None,
        gte_created_at: int | None = None,
        lte_created_at: int | None = None,
        gte_connected_at: int | None = None,
        lte_connected_at: int | None = None,
    ) -> Page[Client]:
        """Clients (first page; iterate for all).

        ``conn_state`` is ``"connected"``, ``"idle"`` or ``"disconnected"``;
        ``proto_name`` ``"MQTT"``, ``"CoAP"``, ``"LwM2M"`` or ``"MQTT-SN"``;
        ``like_*`` are substrings (sent as ``_like_*``); the ``gte_``/``lte_``
        times are Unix seconds (sent as ``_gte_*``/``_lte_*``).
        """
        return self._list(LIST_CLIENTS, locals())

    def get(self, clientid: str) -> Client:
        """One client.

        Raises:
            NotFoundError: The broker does not know the client (EMQX 4 code 112).
        """
        finish = _one_client_of(self._client.base_url, clientid)
        found: Client = self._run(GET_CLIENT, locals(), finish)
        return found

    def kick(self, clientid: str) -> None:
        """Disconnect a client and end its session.

        Raises:
            NotFoundError: It is not connected (EMQX 4 code 112).
        """
        return self._run(KICK_CLIENT, locals())


class AsyncClients(V4AsyncResource, twin=Clients):
    """Clients of the broker, for asyncio (see ``Clients``)."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        clientid: str | None = None,
        username: str | None = None,
        zone: str | None = None,
        ip_address: str | None = None,
        conn_state: str | None = None,
        clean_start: bool | None = None,
        proto_name: str | None = None,
        proto_ver: int | None = None,
        like_clientid: str | None = None,
        like_username: str | None = None,
        gte_created_at: int | None = None,
        lte_created_at: int | None = None,
        gte_connected_at: int | None = None,
        lte_connected_at: int | None = None,
    ) -> AsyncPaginator[Client]:
        """Clients: ``await`` for the first page, ``async for`` all."""
        return self._list(LIST_CLIENTS, locals())

    async def get(self, clientid: str) -> Client:
        """One client (a coroutine); ``NotFoundError`` if unknown."""
        finish = _one_client_of(self._client.base_url, clientid)
        found: Client = await self._run(GET_CLIENT, locals(), finish)
        return found

    async def kick(self, clientid: str) -> None:
        """Disconnect a client and end its session (a coroutine)."""
        return await self._run(KICK_CLIENT, locals())


class Subscriptions(V4Resource):
    """Subscriptions of every client, or of one."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        clientid: str | None = None,
        topic: str | None = None,
        qos: int | None = None,
        share: str | None = None,
        match_topic: str | None = None,
    ) -> Page[Subscription]:
        """Every subscription (first page; iterate for all); ``topic`` is an exact filter,
        ``match_topic`` matches subscriptions whose filter covers it (sent as ``_match_topic``).
        """
        return self._list(LIST_SUBSCRIPTIONS, locals())

    def list_for_client(
        self,
        clientid: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        qos: int | None = None,
        share: str | None = None,
        match_topic: str | None = None,
    ) -> Page[Subscription]:
        """The subscriptions of one client (first page; iterate for all)."""
        return self._list(LIST_CLIENT_SUBSCRIPTIONS, locals())


class AsyncSubscriptions(V4AsyncResource, twin=Subscriptions):
    """Subscriptions, for asyncio (see ``Subscriptions``)."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        clientid: str | None = None,
        topic: str | None = None,
        qos: int | None = None,
        share: str | None = None,
        match_topic: str | None = None,
    ) -> AsyncPaginator[Subscription]:
        """Every subscription: ``await`` for the first page, ``async for`` all."""
        return self._list(LIST_SUBSCRIPTIONS, locals())

    def list_for_client(
        self,
        clientid: str,
        *,
        page: int | None = None,
        limit: int | None = None,
        qos: int | None = None,
        share: str | None = None,
        match_topic: str | None = None,
    ) -> AsyncPaginator[Subscription]:
        """The subscriptions of one client: ``await`` for the first page, ``async for`` all."""
        return self._list(LIST_CLIENT_SUBSCRIPTIONS, locals())
