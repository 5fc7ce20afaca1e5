"""``client.auth_username`` and ``client.auth_clientid``: the two password tables of EMQX 4.

Both tables work alike: one class pair serves both, told which table and key
(``username`` or ``clientid``) it manages. ``POST`` with an object creates
one entry, with an array several.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from ..._page_styles import V4_PAGES
from ..._pagination import AsyncPaginator, Page
from ...types.v4 import AuthClientid, AuthUsername
from .._checks import check_str
from .._endpoint import Endpoint
from ._base import V4AsyncResource, V4Resource, check_batch, data, nothing

__all__ = ["AsyncAuthClientids", "AsyncAuthUsernames", "AuthClientids", "AuthUsernames"]

E = TypeVar("E", AuthUsername, AuthClientid)


@dataclass(frozen=True)
class AuthTable(Generic[E]):
    """The endpoints of one password table."""

    list: Endpoint[E]
    get: Endpoint[E]
    create: Endpoint[None]
    create_many: Endpoint[dict[str, str]]
    update: Endpoint[None]
    delete: Endpoint[None]


def _entries(key: str, entries: object) -> list[dict[str, str]]:
    """``[{key, password}, ...]``, each checked; at least one."""
    return [
        {
            key: check_str(f"entries[{i}][{key!r}]", item.get(key)),
            "password": check_str(f"entries[{i}]['password']", item.get("password")),
        }
        for i, item in enumerate(check_batch("entries", entries))
    ]


def _endpoints(path: str, key: Literal["username", "clientid"]) -> AuthTable[Any]:
    # The methods' argument is ``id``; errors name it as the API does.
    checks = {"id": lambda _name, value: check_str(key, value)}
    return AuthTable(
        list=Endpoint("GET", path, paginated=True, pages=V4_PAGES),
        get=Endpoint("GET", path + "/{id}", parse=data, path_checks=checks),
        create=Endpoint(
            "POST",
            path,
            body=lambda id, password: {
                key: check_str(key, id),
                "password": check_str("password", password),
            },
            parse=nothing,
        ),
        create_many=Endpoint("POST", path, body=lambda entries: _entries(key, entries), parse=data),
        update=Endpoint(
            "PUT",
            path + "/{id}",
            body=lambda password: {"password": check_str("password", password)},
            parse=nothing,
            path_checks=checks,
        ),
        delete=Endpoint("DELETE", path + "/{id}", parse=nothing, path_checks=checks),
    )


class _AuthTable(V4Resource, Generic[E]):
    """One password table (see ``AuthUsernames``, ``AuthClientids``)."""

    # For type checkers only: a runtime annotation would make help() list
    # ``__annotations__`` on every resource rendered after this one.
    if TYPE_CHECKING:
        _table: ClassVar[AuthTable[Any]]

    def list(self, *, page: int | None = None, limit: int | None = None) -> Page[E]:
        """Every entry (first page; iterate for all)."""
        return self._list(self._table.list, locals())

    def get(self, id: str) -> E:
        """One entry."""
        entry: E = self._run(self._table.get, locals())
        return entry

    def create(self, id: str, password: str) -> None:
        """Add one entry.

        Raises:
            ConflictError: It exists (EMQX 4 code 113).
        """
        return self._run(self._table.create, locals())

    def create_many(
        self, entries: Iterable[Mapping[str, Any]], *, raise_on_error: bool = True
    ) -> dict[str, str]:
        """Add several entries in one request: ``[{"username"|"clientid": ..., "password": ...}]``.

        Returns:
            Each id with its result, e.g. ``{"user1": "ok"}``.

        Raises:
            BatchError: Some entries failed (e.g. they exist); the others were
                added. With ``raise_on_error=False`` the results are returned.
        """
        return self._run_batch(self._table.create_many, locals())

    def update(self, id: str, password: str) -> None:
        """Change the password of one entry."""
        return self._run(self._table.update, locals())

    def delete(self, id: str) -> None:
        """Remove one entry."""
        return self._run(self._table.delete, locals())


class _AsyncAuthTable(V4AsyncResource, Generic[E], twin=_AuthTable):
    """One password table, for asyncio."""

    # For type checkers only: a runtime annotation would make help() list
    # ``__annotations__`` on every resource rendered after this one.
    if TYPE_CHECKING:
        _table: ClassVar[AuthTable[Any]]

    def list(self, *, page: int | None = None, limit: int | None = None) -> AsyncPaginator[E]:
        """Every entry: ``await`` for the first page, ``async for`` all."""
        return self._list(self._table.list, locals())

    async def get(self, id: str) -> E:
        """One entry (a coroutine)."""
        entry: E = await self._run(self._table.get, locals())
        return entry

    async def create(self, id: str, password: str) -> None:
        """Add one entry (a coroutine)."""
        return await self._run(self._table.create, locals())

    async def create_many(
        self, entries: Iterable[Mapping[str, Any]], *, raise_on_error: bool = True
    ) -> dict[str, str]:
        """Add several entries in one request (a coroutine); ``BatchError`` if some fail."""
        return await self._run_batch(self._table.create_many, locals())

    async def update(self, id: str, password: str) -> None:
        """Change the password of one entry (a coroutine)."""
        return await self._run(self._table.update, locals())

    async def delete(self, id: str) -> None:
        """Remove one entry (a coroutine)."""
        return await self._run(self._table.delete, locals())


class AuthUsernames(_AuthTable[AuthUsername]):
    """Username authentication (``/auth_username``): ``id`` is the username."""

    _table = _endpoints("/auth_username", "username")


class AsyncAuthUsernames(_AsyncAuthTable[AuthUsername], twin=AuthUsernames):
    """Username authentication, for asyncio (see ``AuthUsernames``)."""

    _table = AuthUsernames._table


class AuthClientids(_AuthTable[AuthClientid]):
    """Client-id authentication (``/auth_clientid``): ``id`` is the client id."""

    _table = _endpoints("/auth_clientid", "clientid")


class AsyncAuthClientids(_AsyncAuthTable[AuthClientid], twin=AuthClientids):
    """Client-id authentication, for asyncio (see ``AuthClientids``)."""

    _table = AuthClientids._table
