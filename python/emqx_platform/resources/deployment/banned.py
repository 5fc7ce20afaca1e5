"""``client.banned``: banned client ids, usernames and addresses."""

from __future__ import annotations

from typing import Any

from ..._pagination import AsyncPaginator, Page
from ...types.deployment import Ban
from .._checks import When, check_choice, check_str, check_when
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["BAN_TYPES", "AsyncBanned", "Banned"]

BAN_TYPES = ("clientid", "username", "peerhost", "clientid_re", "username_re", "peerhost_net")
"""What a ban matches (``as``): exact id, username or IP, a regex of id or username, a CIDR."""


def _ban_type(name: str, value: object) -> str:
    return check_choice(name, value, BAN_TYPES)


def _create_body(
    as_: str,
    who: str,
    reason: str | None,
    until: When | None,
    by: str | None,
    at: When | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"as": _ban_type("as_", as_), "who": check_str("who", who)}
    if by is not None:
        body["by"] = check_str("by", by)
    if reason is not None:
        body["reason"] = reason
    if at is not None:
        body["at"] = check_when("at", at)
    if until is not None:
        body["until"] = check_when("until", until)
    return body


def _ban(answer: Any, _sent: Any) -> Ban:
    # The server answers the ban object; tolerate the spec's {"data": [ban]} too.
    if isinstance(answer, dict) and isinstance(answer.get("data"), list) and answer["data"]:
        answer = answer["data"][0]
    result: Ban = answer
    return result


LIST_BANNED = Endpoint[Ban](
    "GET",
    "/banned",
    query_args=(
        "clientid",
        "username",
        "peerhost",
        "like_clientid",
        "like_username",
        "like_peerhost",
        "like_peerhost_net",
    ),
    paginated=True,
)
# A duplicate is 400 ALREADY_EXISTS.
CREATE_BAN = Endpoint("POST", "/banned", body=_create_body, parse=_ban)
# ``who`` is percent-encoded: a CIDR has a ``/``.
DELETE_BAN = Endpoint(
    "DELETE", "/banned/{as_}/{who}", parse=no_content, path_checks={"as_": _ban_type}
)
CLEAR_BANNED = Endpoint("DELETE", "/banned", parse=no_content)


class Banned(SyncResource):
    """Bans: who may not connect (client id, username, IP, their regexes, a CIDR)."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        clientid: str | None = None,
        username: str | None = None,
        peerhost: str | None = None,
        like_clientid: str | None = None,
        like_username: str | None = None,
        like_peerhost: str | None = None,
        like_peerhost_net: str | None = None,
    ) -> Page[Ban]:
        """List bans (first page; iterate for all); ``like_*`` are substring filters."""
        return self._list(LIST_BANNED, locals())

    def create(
        self,
        as_: str,
        who: str,
        *,
        reason: str | None = None,
        until: When | None = None,
        by: str | None = None,
        at: When | None = None,
    ) -> Ban:
        """Ban someone.

        Args:
            as_: One of ``BAN_TYPES``: ``"clientid"``, ``"username"``,
                ``"peerhost"``, ``"clientid_re"``, ``"username_re"``, ``"peerhost_net"``.
            who: The client id, username, IP, regex or CIDR.
            reason: Why (free text).
            until: When it ends: epoch seconds, RFC 3339 text, an aware
                datetime, or ``"infinity"``; the server default is a year.
            by: Who banned (default ``"mgmt_api"``).
            at: When it starts (default now).

        Raises:
            BadRequestError: The ban exists (``code == "ALREADY_EXISTS"``).
        """
        return self._run(CREATE_BAN, locals())

    def delete(self, as_: str, who: str) -> None:
        """Lift one ban; 404 if there is none."""
        return self._run(DELETE_BAN, locals())

    def clear(self) -> None:
        """Lift every ban."""
        return self._run(CLEAR_BANNED, locals())


class AsyncBanned(AsyncResource, twin=Banned):
    """Bans, for asyncio (see ``Banned``)."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        clientid: str | None = None,
        username: str | None = None,
        peerhost: str | None = None,
        like_clientid: str | None = None,
        like_username: str | None = None,
        like_peerhost: str | None = None,
        like_peerhost_net: str | None = None,
    ) -> AsyncPaginator[Ban]:
        """List bans: ``await`` for the first page, ``async for`` every ban."""
        return self._list(LIST_BANNED, locals())

    async def create(
        self,
        as_: str,
        who: str,
        *,
        reason: str | None = None,
        until: When | None = None,
        by: str | None = None,
        at: When | None = None,
    ) -> Ban:
        """Ban someone (a coroutine)."""
        return await self._run(CREATE_BAN, locals())

    async def delete(self, as_: str, who: str) -> None:
        """Lift one ban; 404 if there is none."""
        return await self._run(DELETE_BAN, locals())

    async def clear(self) -> None:
        """Lift every ban."""
        return await self._run(CLEAR_BANNED, locals())
