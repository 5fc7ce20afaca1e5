"""``client.banned``: banned client ids, usernames and addresses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..._pagination import AsyncPaginator, Page, PageRequest, page_request
from ...types.deployment import Ban
from ._base import AsyncResource, Call, SyncResource, call, check_choice, check_id, check_str, none

__all__ = ["BAN_TYPES", "AsyncBanned", "Banned"]

BAN_TYPES = ("clientid", "username", "peerhost", "clientid_re", "username_re", "peerhost_net")
"""What a ban matches (``as``): exact id, username or IP, a regex of id or username, a CIDR."""

When = int | str | datetime


def _when(name: str, value: When | None) -> int | str | None:
    """A ban time: epoch seconds, RFC 3339 text (``until`` also ``"infinity"``), a datetime."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise ValueError(f"{name} must be a timezone-aware datetime (e.g. tzinfo=UTC)")
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"{name} must be epoch seconds, an RFC 3339 str or a datetime")


def list_request(
    *,
    page: int | None,
    limit: int | None,
    clientid: str | None,
    username: str | None,
    peerhost: str | None,
    like_clientid: str | None,
    like_username: str | None,
    like_peerhost: str | None,
    like_peerhost_net: str | None,
) -> PageRequest:
    """``GET /banned`` with its filters."""
    filters = {
        "clientid": clientid,
        "username": username,
        "peerhost": peerhost,
        "like_clientid": like_clientid,
        "like_username": like_username,
        "like_peerhost": like_peerhost,
        "like_peerhost_net": like_peerhost_net,
    }
    return page_request("/banned", page, limit, filters)


def create_call(
    as_: str,
    who: str,
    *,
    reason: str | None,
    until: When | None,
    by: str | None,
    at: When | None,
) -> Call[Ban]:
    """``POST /banned``: the server answers the ban object (not ``{data: [ban]}``
    as the spec says). A duplicate is 400 ``ALREADY_EXISTS``."""
    body: dict[str, Any] = {
        "as": check_choice("as_", as_, BAN_TYPES),
        "who": check_str("who", who),
    }
    if by is not None:
        body["by"] = check_str("by", by)
    if reason is not None:
        body["reason"] = reason
    if at is not None:
        body["at"] = _when("at", at)
    if until is not None:
        body["until"] = _when("until", until)

    def parse(answer: Any) -> Ban:
        # Tolerate the spec's {"data": [ban]} too.
        if isinstance(answer, dict) and isinstance(answer.get("data"), list) and answer["data"]:
            answer = answer["data"][0]
        result: Ban = answer
        return result

    return call("POST", "/banned", json=body, parse=parse)


def delete_call(as_: str, who: str) -> Call[None]:
    """``DELETE /banned/{as}/{who}`` (``who`` percent-encoded: a CIDR has a ``/``)."""
    kind = check_choice("as_", as_, BAN_TYPES)
    return call("DELETE", f"/banned/{kind}/{check_id('who', who)}", parse=none)


def clear_call() -> Call[None]:
    """``DELETE /banned``: lift every ban."""
    return call("DELETE", "/banned", parse=none)


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
        return self._list(
            list_request(
                page=page,
                limit=limit,
                clientid=clientid,
                username=username,
                peerhost=peerhost,
                like_clientid=like_clientid,
                like_username=like_username,
                like_peerhost=like_peerhost,
                like_peerhost_net=like_peerhost_net,
            )
        )

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
            as_: One of :data:`BAN_TYPES`: ``"clientid"``, ``"username"``,
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
        return self._run(create_call(as_, who, reason=reason, until=until, by=by, at=at))

    def delete(self, as_: str, who: str) -> None:
        """Lift one ban; 404 if there is none."""
        return self._run(delete_call(as_, who))

    def clear(self) -> None:
        """Lift every ban."""
        return self._run(clear_call())


class AsyncBanned(AsyncResource):
    """Bans, for asyncio (see :class:`Banned`)."""

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
        return self._list(
            list_request(
                page=page,
                limit=limit,
                clientid=clientid,
                username=username,
                peerhost=peerhost,
                like_clientid=like_clientid,
                like_username=like_username,
                like_peerhost=like_peerhost,
                like_peerhost_net=like_peerhost_net,
            )
        )

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
        """Ban someone (see :meth:`Banned.create`)."""
        return await self._run(create_call(as_, who, reason=reason, until=until, by=by, at=at))

    async def delete(self, as_: str, who: str) -> None:
        """Lift one ban; 404 if there is none."""
        return await self._run(delete_call(as_, who))

    async def clear(self) -> None:
        """Lift every ban."""
        return await self._run(clear_call())
