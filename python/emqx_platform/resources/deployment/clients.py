"""``client.clients``: connected MQTT clients, kicking them, their subscriptions."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from ..._pagination import AsyncPaginator, Page
from ..._request import Params
from ...types.authz import AuthzCacheEntry
from ...types.deployment import Client, Subscription
from ...types.mqtt import QueuedMessage
from .._checks import (
    check_choice,
    check_ids,
    check_int_range,
    check_mapping,
    check_str,
    one_or_many,
    time_param,
)
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource
from .client_queues import INFLIGHT, MQUEUE, SESSIONS_COUNT, walk, walk_async

__all__ = ["AsyncClients", "Clients"]

CONN_STATES = ("connected", "idle", "disconnected")
_SUB_OPTIONS = {"qos": 2, "nl": 1, "rap": 1, "rh": 2}

Time = int | str | datetime


def _fields(value: str | Iterable[str] | None) -> str | None:
    """``fields``: ``"all"``, or the names joined with commas (the one comma-list filter)."""
    if value is None or isinstance(value, str):
        return value
    return ",".join(check_ids("fields", value))


def _list_query(
    node: str | None,
    clientid: str | Sequence[str] | None,
    username: str | Sequence[str] | None,
    ip_address: str | None,
    conn_state: str | None,
    clean_start: bool | None,
    proto_ver: int | str | None,
    like_clientid: str | None,
    like_username: str | None,
    gte_created_at: Time | None,
    lte_created_at: Time | None,
    gte_connected_at: Time | None,
    lte_connected_at: Time | None,
    fields: str | Iterable[str] | None,
) -> Params:
    if conn_state is not None:
        check_choice("conn_state", conn_state, CONN_STATES)
    return {
        "node": node,
        "clientid": one_or_many("clientid", clientid),
        "username": one_or_many("username", username),
        "ip_address": ip_address,
        "conn_state": conn_state,
        "clean_start": clean_start,
        "proto_ver": proto_ver,
        "like_clientid": like_clientid,
        "like_username": like_username,
        "gte_created_at": time_param("gte_created_at", gte_created_at),
        "lte_created_at": time_param("lte_created_at", lte_created_at),
        "gte_connected_at": time_param("gte_connected_at", gte_connected_at),
        "lte_connected_at": time_param("lte_connected_at", lte_connected_at),
        "fields": _fields(fields),
    }


def subscription_body(sub: Mapping[str, Any], name: str = "subscription") -> dict[str, Any]:
    """``{topic, qos?, nl?, rap?, rh?}`` checked: qos 0..2, nl/rap 0..1, rh 0..2."""
    body = check_mapping(name, sub)
    unknown = set(body) - {"topic", *_SUB_OPTIONS}
    if unknown:
        raise TypeError(f"{name} has unknown keys {sorted(unknown)}: use topic, qos, nl, rap, rh")
    if "topic" not in body:
        raise ValueError(f"{name} needs a 'topic'")
    check_str(f"{name}['topic']", body["topic"])
    for key, high in _SUB_OPTIONS.items():
        if key in body:
            check_int_range(f"{name}[{key!r}]", body[key], 0, high)
    return body


def _subscribe_body(topic: str, qos: int, nl: int, rap: int, rh: int) -> dict[str, Any]:
    return subscription_body({"topic": topic, "qos": qos, "nl": nl, "rap": rap, "rh": rh})


def _subs_body(subs: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(subs, (str, bytes, Mapping)) or not isinstance(subs, Iterable):
        raise TypeError(
            "subs must be a list of dicts like {'topic': 't/1', 'qos': 1}, "
            f"not {type(subs).__name__}"
        )
    body = [subscription_body(s, f"subs[{i}]") for i, s in enumerate(subs)]
    if not body:
        raise ValueError("subs must not be empty")
    return body


def _subscriptions(answer: Any, _sent: Any) -> list[Subscription]:
    # The Cloud docs show {"data": [...]}; EMQX 5.8 answers the bare array.
    if isinstance(answer, dict) and isinstance(answer.get("data"), list):
        answer = answer["data"]
    result: list[Subscription] = answer
    return result


LIST_CLIENTS = Endpoint[Client]("GET", "/clients", query=_list_query, paginated=True)
GET_CLIENT = Endpoint[Client]("GET", "/clients/{clientid}")
# Ends the connection and the session (204).
KICK_CLIENT = Endpoint("DELETE", "/clients/{clientid}", parse=no_content)
KICK_CLIENTS = Endpoint(
    "POST",
    "/clients/kickout/bulk",
    body=lambda clientids: check_ids("clientids", clientids),
    parse=no_content,
)
# A plain array (not paginated).
CLIENT_SUBSCRIPTIONS = Endpoint[list[Subscription]]("GET", "/clients/{clientid}/subscriptions")
AUTHZ_CACHE = Endpoint[list[AuthzCacheEntry]]("GET", "/clients/{clientid}/authorization/cache")
CLEAN_AUTHZ_CACHE = Endpoint("DELETE", "/clients/{clientid}/authorization/cache", parse=no_content)
SUBSCRIBE = Endpoint[Subscription]("POST", "/clients/{clientid}/subscribe", body=_subscribe_body)
SUBSCRIBE_MANY = Endpoint(
    "POST", "/clients/{clientid}/subscribe/bulk", body=_subs_body, parse=_subscriptions
)
UNSUBSCRIBE = Endpoint(
    "POST",
    "/clients/{clientid}/unsubscribe",
    body=lambda topic: {"topic": check_str("topic", topic)},
    parse=no_content,
)
UNSUBSCRIBE_MANY = Endpoint(
    "POST",
    "/clients/{clientid}/unsubscribe/bulk",
    body=lambda topics: [{"topic": t} for t in check_ids("topics", topics)],
    parse=no_content,
)


class Clients(SyncResource):
    """Connected MQTT clients: list, get, kick, and their subscriptions.

    Client ids may contain ``/``, ``#``, ``+`` or spaces: they are
    percent-encoded in paths for you.
    """

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        node: str | None = None,
        clientid: str | Sequence[str] | None = None,
        username: str | Sequence[str] | None = None,
        ip_address: str | None = None,
        conn_state: str | None = None,
        clean_start: bool | None = None,
        proto_ver: int | str | None = None,
        like_clientid: str | None = None,
        like_username: str | None = None,
        gte_created_at: Time | None = None,
        lte_created_at: Time | None = None,
        gte_connected_at: Time | None = None,
        lte_connected_at: Time | None = None,
        fields: str | Iterable[str] | None = None,
    ) -> Page[Client]:
        """List clients: the first page now; iterate the page for every client.

        Iterating walks all pages (``for`` on a sync client, ``async for`` on
        an async one), fetching each next page in the background.

        Args:
            page: The first page to fetch (1-based; default 1).
            limit: Items per page, 1..10000 (server default 100).
            node: Only clients on this node (e.g. ``"emqx@10.0.0.1"``).
            clientid: Exact client id, or a list of them (sent as repeated keys).
            username: Exact username, or a list of them.
            ip_address: Client IP address.
            conn_state: ``"connected"``, ``"idle"`` or ``"disconnected"``.
            clean_start: Clean-start flag.
            proto_ver: MQTT protocol version (3, 4 or 5).
            like_clientid: Substring of the client id (``meta.count`` is then absent).
            like_username: Substring of the username.
            gte_created_at: Only clients created at or after this time: epoch
                milliseconds, RFC 3339 text, or an aware ``datetime``
                (as for the three bounds below).
            lte_created_at: Only clients created at or before this time.
            gte_connected_at: Only clients connected at or after this time.
            lte_connected_at: Only clients connected at or before this time.
            fields: Only these client fields (a list, or ``"all"``).
        """
        return self._list(LIST_CLIENTS, locals())

    def get(self, clientid: str) -> Client:
        """One client. Raises ``NotFoundError`` (``CLIENTID_NOT_FOUND``)."""
        return self._run(GET_CLIENT, locals())

    def kick(self, clientid: str) -> None:
        """Disconnect a client and end its session. 404 if it is unknown."""
        return self._run(KICK_CLIENT, locals())

    def kick_many(self, clientids: Iterable[str]) -> None:
        """Disconnect several clients in one request."""
        return self._run(KICK_CLIENTS, locals())

    def subscriptions(self, clientid: str) -> builtins.list[Subscription]:
        """The subscriptions of one client (all of them; not paginated)."""
        return self._run(CLIENT_SUBSCRIPTIONS, locals())

    def authz_cache(self, clientid: str) -> builtins.list[AuthzCacheEntry]:
        """The client's cached authorization decisions (topic, access, result)."""
        return self._run(AUTHZ_CACHE, locals())

    def clean_authz_cache(self, clientid: str) -> None:
        """Drop the client's cached authorization decisions."""
        return self._run(CLEAN_AUTHZ_CACHE, locals())

    def subscribe(
        self, clientid: str, topic: str, *, qos: int = 0, nl: int = 0, rap: int = 0, rh: int = 0
    ) -> Subscription:
        """Subscribe a client to ``topic`` (a filter; ``+``/``#`` allowed), as if it had.

        Args:
            qos: 0, 1 or 2. nl: No Local (0/1). rap: Retain As Published (0/1).
            rh: Retain Handling (0, 1 or 2).
        """
        return self._run(SUBSCRIBE, locals())

    def subscribe_many(
        self, clientid: str, subs: Iterable[Mapping[str, Any]]
    ) -> builtins.list[Subscription]:
        """Subscribe a client to several filters: ``subs`` is a list of
        ``{"topic": ..., "qos"?, "nl"?, "rap"?, "rh"?}`` dicts."""
        return self._run(SUBSCRIBE_MANY, locals())

    def unsubscribe(self, clientid: str, topic: str) -> None:
        """Remove one subscription of a client."""
        return self._run(UNSUBSCRIBE, locals())

    def unsubscribe_many(self, clientid: str, topics: Iterable[str]) -> None:
        """Remove several subscriptions of a client (a list of topic strings)."""
        return self._run(UNSUBSCRIBE_MANY, locals())

    def inflight_messages(
        self,
        clientid: str,
        *,
        limit: int | None = None,
        position: str | None = None,
        payload: str | None = None,
        max_payload_bytes: int | str | None = None,
    ) -> Iterator[QueuedMessage]:
        """Every message sent to the client and not yet acknowledged (QoS 1/2).

        Iterate it: each chunk of up to ``limit`` messages (1..10000, server
        default 100) is one request, continued from the previous chunk's
        ``meta.position`` until EMQX answers ``"end_of_data"``.

        Args:
            position: Start after this position (an earlier message's
                ``inserted_at``); default the first message.
            payload: ``"base64"`` (default), ``"plain"`` or ``"none"`` (left out).
            max_payload_bytes: At most this many payload bytes per chunk
                (``"1MB"`` or a number of bytes); the first message of a chunk
                always comes.
        """
        return walk(self._run, INFLIGHT, locals())

    def mqueue_messages(
        self,
        clientid: str,
        *,
        limit: int | None = None,
        position: str | None = None,
        payload: str | None = None,
        max_payload_bytes: int | str | None = None,
    ) -> Iterator[QueuedMessage]:
        """Every message queued for the client (offline, or its in-flight window
        full), oldest first; iterated chunk by chunk as ``inflight_messages()``."""
        return walk(self._run, MQUEUE, locals())

    def sessions_count(self, *, since: int | datetime | None = None) -> int:
        """The number of sessions in the cluster; with ``since`` (epoch seconds
        or an aware datetime), also those expired after it if EMQX keeps
        session history (``broker.session_history_retain``)."""
        return self._run(SESSIONS_COUNT, locals())


class AsyncClients(AsyncResource, twin=Clients):
    """Connected MQTT clients, for asyncio (see ``Clients``)."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        node: str | None = None,
        clientid: str | Sequence[str] | None = None,
        username: str | Sequence[str] | None = None,
        ip_address: str | None = None,
        conn_state: str | None = None,
        clean_start: bool | None = None,
        proto_ver: int | str | None = None,
        like_clientid: str | None = None,
        like_username: str | None = None,
        gte_created_at: Time | None = None,
        lte_created_at: Time | None = None,
        gte_connected_at: Time | None = None,
        lte_connected_at: Time | None = None,
        fields: str | Iterable[str] | None = None,
    ) -> AsyncPaginator[Client]:
        """List clients: ``await`` it for the first page, or ``async for`` every client."""
        return self._list(LIST_CLIENTS, locals())

    async def get(self, clientid: str) -> Client:
        """One client. Raises ``NotFoundError`` (``CLIENTID_NOT_FOUND``)."""
        return await self._run(GET_CLIENT, locals())

    async def kick(self, clientid: str) -> None:
        """Disconnect a client and end its session. 404 if it is unknown."""
        return await self._run(KICK_CLIENT, locals())

    async def kick_many(self, clientids: Iterable[str]) -> None:
        """Disconnect several clients in one request."""
        return await self._run(KICK_CLIENTS, locals())

    async def subscriptions(self, clientid: str) -> builtins.list[Subscription]:
        """The subscriptions of one client (all of them; not paginated)."""
        return await self._run(CLIENT_SUBSCRIPTIONS, locals())

    async def authz_cache(self, clientid: str) -> builtins.list[AuthzCacheEntry]:
        """The client's cached authorization decisions (a coroutine)."""
        return await self._run(AUTHZ_CACHE, locals())

    async def clean_authz_cache(self, clientid: str) -> None:
        """Drop the client's cached authorization decisions (a coroutine)."""
        return await self._run(CLEAN_AUTHZ_CACHE, locals())

    async def subscribe(
        self, clientid: str, topic: str, *, qos: int = 0, nl: int = 0, rap: int = 0, rh: int = 0
    ) -> Subscription:
        """Subscribe a client to ``topic`` (a filter; ``+``/``#`` allowed), as if it had."""
        return await self._run(SUBSCRIBE, locals())

    async def subscribe_many(
        self, clientid: str, subs: Iterable[Mapping[str, Any]]
    ) -> builtins.list[Subscription]:
        """Subscribe a client to several filters (a list of ``{"topic", ...}`` dicts)."""
        return await self._run(SUBSCRIBE_MANY, locals())

    async def unsubscribe(self, clientid: str, topic: str) -> None:
        """Remove one subscription of a client."""
        return await self._run(UNSUBSCRIBE, locals())

    async def unsubscribe_many(self, clientid: str, topics: Iterable[str]) -> None:
        """Remove several subscriptions of a client (a list of topic strings)."""
        return await self._run(UNSUBSCRIBE_MANY, locals())

    def inflight_messages(
        self,
        clientid: str,
        *,
        limit: int | None = None,
        position: str | None = None,
        payload: str | None = None,
        max_payload_bytes: int | str | None = None,
    ) -> AsyncIterator[QueuedMessage]:
        """Every unacknowledged message sent to the client: ``async for`` it."""
        return walk_async(self._run, INFLIGHT, locals())

    def mqueue_messages(
        self,
        clientid: str,
        *,
        limit: int | None = None,
        position: str | None = None,
        payload: str | None = None,
        max_payload_bytes: int | str | None = None,
    ) -> AsyncIterator[QueuedMessage]:
        """Every message queued for the client: ``async for`` it."""
        return walk_async(self._run, MQUEUE, locals())

    async def sessions_count(self, *, since: int | datetime | None = None) -> int:
        """The number of sessions in the cluster."""
        return await self._run(SESSIONS_COUNT, locals())
