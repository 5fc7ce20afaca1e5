"""``client.banned``: EMQX 4's banned client ids, usernames and addresses."""

from __future__ import annotations

from typing import Any

from ..._page_styles import V4_PAGES
from ..._pagination import AsyncPaginator, Page
from ...types.v4 import Ban, BanType
from .._checks import check_choice, check_int_range, check_str
from .._endpoint import Endpoint
from ._base import V4AsyncResource, V4Resource, data, nothing

__all__ = ["BAN_TYPES", "AsyncBanned", "Banned"]

BAN_TYPES = ("clientid", "username", "peerhost")
"""What a ban matches (``as``): a client id, a username or an IP address."""

_MAX_SECONDS = 2**32


def _ban_type(name: str, value: object) -> str:
    return check_choice(name, value, BAN_TYPES)


def _create_body(
    as_: str, who: str, reason: str, by: str | None, at: int | None, until: int | None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "who": check_str("who", who),
        "as": _ban_type("as_", as_),
        "reason": check_str("reason", reason),
    }
    if by is not None:
        body["by"] = check_str("by", by)
    if at is not None:
        body["at"] = check_int_range("at", at, 0, _MAX_SECONDS)
    if until is not None:
        body["until"] = check_int_range("until", until, 0, _MAX_SECONDS)
    return body


LIST_BANNED = Endpoint[Ban]("GET", "/banned", paginated=True, pages=V4_PAGES)
CREATE_BAN = Endpoint[Ban]("POST", "/banned", body=_create_body, parse=data)
# ``who`` is percent-encoded as one segment.
DELETE_BAN = Endpoint(
    "DELETE", "/banned/{as_}/{who}", parse=nothing, path_checks={"as_": _ban_type}
)


class Banned(V4Resource):
    """Bans: who may not connect (a client id, a username or an IP address)."""

    def list(self, *, page: int | None = None, limit: int | None = None) -> Page[Ban]:
        """Every ban (first page; iterate for all)."""
        return self._list(LIST_BANNED, locals())

    def create(
        self,
        as_: BanType,
        who: str,
        reason: str,
        *,
        by: str | None = None,
        at: int | None = None,
        until: int | None = None,
    ) -> Ban:
        """Ban someone.

        Args:
            as_: ``"clientid"``, ``"username"`` or ``"peerhost"``.
            who: The client id, username or IP address.
            reason: Why (free text).
            by: Who banned (server default: the API).
            at: When it starts, Unix seconds (default now).
            until: When it ends, Unix seconds (default five minutes after ``at``).
        """
        return self._run(CREATE_BAN, locals())

    def delete(self, as_: BanType, who: str) -> None:
        """Lift one ban."""
        return self._run(DELETE_BAN, locals())


class AsyncBanned(V4AsyncResource, twin=Banned):
    """Bans, for asyncio (see ``Banned``)."""

    def list(self, *, page: int | None = None, limit: int | None = None) -> AsyncPaginator[Ban]:
        """Every ban: ``await`` for the first page, ``async for`` all."""
        return self._list(LIST_BANNED, locals())

    async def create(
        self,
        as_: BanType,
        who: str,
        reason: str,
        *,
        by: str | None = None,
        at: int | None = None,
        until: int | None = None,
    ) -> Ban:
        """Ban someone (a coroutine)."""
        return await self._run(CREATE_BAN, locals())

    async def delete(self, as_: BanType, who: str) -> None:
        """Lift one ban (a coroutine)."""
        return await self._run(DELETE_BAN, locals())
