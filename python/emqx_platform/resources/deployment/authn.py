"""``client.auth_users``: users of a built-in-database authenticator (password login)."""

from __future__ import annotations

import csv
import json as jsonlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..._pagination import AsyncPaginator, Page
from ..._paths import quote_path
from ...types.deployment import Authenticator, AuthUser, ImportUsersResult
from .._checks import check_bool, check_mapping, check_str
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

if TYPE_CHECKING:
    from typing_extensions import Self


__all__ = ["DEFAULT_AUTHENTICATOR", "AsyncAuthUsers", "AuthUsers"]

DEFAULT_AUTHENTICATOR = "password_based:built_in_database"
"""The authenticator Serverless deployments (and most Dedicated ones) use."""

UsersSource = Iterable[Mapping[str, Any]] | str | os.PathLike[str]


def _read_users(users: UsersSource, *, hashed: bool) -> list[dict[str, Any]]:
    """The users to import as a JSON array: given as dicts, or read from a CSV or JSON file.

    The file formats are EMQX's import templates: CSV with a header line
    (``user_id,password,is_superuser`` or ``user_id,password_hash,salt,is_superuser``),
    or a JSON array of objects with those keys.
    """
    if isinstance(users, (str, os.PathLike)):
        entries = _read_file(Path(users))
    elif isinstance(users, (bytes, Mapping)) or not isinstance(users, Iterable):
        raise TypeError(
            "users must be a list of dicts or the path of a CSV/JSON file, "
            f"not {type(users).__name__}"
        )
    else:
        entries = list(users)
    secret = "password_hash" if hashed else "password"
    checked = []
    for i, entry in enumerate(entries):
        item = check_mapping(f"users[{i}]", entry)
        for key in ("user_id", secret):
            if key not in item:
                raise ValueError(f"users[{i}] needs {key!r}")
            check_str(f"users[{i}][{key!r}]", item[key])
        if "is_superuser" in item:
            _set_superuser(item, f"users[{i}]['is_superuser']")
        checked.append(item)
    if not checked:
        raise ValueError("no users to import")
    return checked


def _set_superuser(item: dict[str, Any], name: str) -> None:
    """``is_superuser`` as a bool: given as one, or as ``"true"``/``"false"`` (a CSV
    cell); an empty cell means not given. Anything else is refused rather than
    guessed, as a wrong guess grants or drops superuser rights."""
    value = item["is_superuser"]
    if isinstance(value, bool):
        return
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a bool or 'true'/'false', not {type(value).__name__}")
    text = value.strip().lower()
    if text in ("true", "false"):
        item["is_superuser"] = text == "true"
    elif text:
        raise ValueError(f"{name} must be 'true' or 'false', got {value!r}")
    else:
        del item["is_superuser"]


def _read_file(file: Path) -> list[Any]:
    text = file.read_text(encoding="utf-8-sig")
    if file.suffix.lower() == ".json" or text.lstrip().startswith("["):
        data = jsonlib.loads(text)
        if not isinstance(data, list):
            raise ValueError(f"{file}: a JSON import file must hold an array of users")
        return data
    rows = csv.DictReader(line for line in text.splitlines() if line.strip())
    if rows.fieldnames is None or "user_id" not in rows.fieldnames:
        raise ValueError(f"{file}: the CSV header must name user_id")
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in rows]


def _create_body(user_id: str, password: str, is_superuser: bool) -> dict[str, Any]:
    return {
        "user_id": check_str("user_id", user_id),
        "password": check_str("password", password),
        "is_superuser": check_bool("is_superuser", is_superuser),
    }


def _update_body(password: str | None, is_superuser: bool | None) -> dict[str, Any]:
    if password is None:
        # request_user_update: "required": ["password"].
        raise ValueError("EMQX needs the password to update a user: pass password=...")
    body: dict[str, Any] = {"password": check_str("password", password)}
    if is_superuser is not None:
        body["is_superuser"] = check_bool("is_superuser", is_superuser)
    return body


GET_AUTHENTICATOR = Endpoint[Authenticator]("GET", "/authentication/{authenticator}")
_USERS = "/authentication/{authenticator}/users"
LIST_USERS = Endpoint[AuthUser](
    "GET", _USERS, query_args=("like_user_id", "is_superuser"), paginated=True
)
GET_USER = Endpoint[AuthUser]("GET", _USERS + "/{user_id}")
CREATE_USER = Endpoint[AuthUser]("POST", _USERS, body=_create_body)
UPDATE_USER = Endpoint[AuthUser]("PUT", _USERS + "/{user_id}", body=_update_body)
DELETE_USER = Endpoint("DELETE", _USERS + "/{user_id}", parse=no_content)
IMPORT_USERS = Endpoint[ImportUsersResult](
    "POST",
    "/authentication/{authenticator}/import_users",
    query=lambda hashed: {"type": "hash" if check_bool("hashed", hashed) else "plain"},
    body=lambda users_or_path, hashed: _read_users(users_or_path, hashed=hashed),
)


def _authenticator(authenticator: str) -> dict[str, str]:
    """The path value of ``{authenticator}``, checked."""
    return {"authenticator": quote_path(check_str("authenticator", authenticator))}


class _OneAuthenticator:
    """What both twins share: the authenticator they manage, and switching to another."""

    # Declared for type checkers only: runtime annotations would show in help().
    if TYPE_CHECKING:
        _client: Any
        _path_values: Mapping[str, str]

    def __init__(self, client: Any, authenticator: str = DEFAULT_AUTHENTICATOR) -> None:
        """Made by the client: use ``client.auth_users`` (or its ``for_authenticator``)."""
        # Cooperative: the next class is SyncResource or AsyncResource.
        super().__init__(client)  # type: ignore[call-arg]
        self._authenticator = authenticator
        self._path_values = _authenticator(authenticator)

    @property
    def authenticator(self) -> str:
        """The authenticator id, ``<mechanism>:<backend>``."""
        return self._authenticator

    def for_authenticator(self, authenticator: str) -> Self:
        """The same resource for another authenticator id."""
        return type(self)(self._client, authenticator)


class AuthUsers(_OneAuthenticator, SyncResource):
    """Users of the ``password_based:built_in_database`` authenticator.

    Another authenticator (e.g. ``"scram:built_in_database"``):
    ``client.auth_users.for_authenticator("scram:built_in_database")``.
    User ids are percent-encoded in paths for you.
    """

    def get_authenticator(self) -> Authenticator:
        """The authenticator's configuration: ``mechanism``, ``backend``, ``enable``, ...

        Raises:
            NotFoundError: The deployment has no such authenticator.
        """
        return self._run(GET_AUTHENTICATOR, locals())

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        like_user_id: str | None = None,
        is_superuser: bool | None = None,
    ) -> Page[AuthUser]:
        """List users (first page; iterate for all). ``like_user_id``: a substring."""
        return self._list(LIST_USERS, locals())

    def get(self, user_id: str) -> AuthUser:
        """One user; ``NotFoundError`` if unknown."""
        return self._run(GET_USER, locals())

    def create(self, user_id: str, password: str, *, is_superuser: bool = False) -> AuthUser:
        """Add a user; ``ConflictError`` (``ALREADY_EXISTS``) if it exists."""
        return self._run(CREATE_USER, locals())

    def update(
        self, user_id: str, *, password: str | None = None, is_superuser: bool | None = None
    ) -> AuthUser:
        """Set a user's password and superuser flag.

        EMQX requires ``password`` (send the current one to change only the
        flag), and resets ``is_superuser`` to ``False`` when it is left out.
        """
        return self._run(UPDATE_USER, locals())

    def delete(self, user_id: str) -> None:
        """Remove a user; 404 if unknown."""
        return self._run(DELETE_USER, locals())

    def import_users(
        self, users_or_path: UsersSource, *, hashed: bool = False
    ) -> ImportUsersResult:
        """Add (or replace) many users in one request.

        Args:
            users_or_path: A list of ``{"user_id", "password", "is_superuser"?}``
                dicts (``{"user_id", "password_hash", "salt", "is_superuser"?}``
                with ``hashed=True``), or the path of a CSV or JSON file in
                EMQX's import format (read here and sent as JSON).
                ``is_superuser`` is a bool, or ``"true"``/``"false"`` (any case;
                an empty CSV cell leaves it out); anything else raises
                ``ValueError``/``TypeError`` before sending.
            hashed: The entries carry password hashes, not passwords.

        Returns:
            Counts: ``total``, ``success``, ``override`` (replaced), ``skipped``, ``failed``.
        """
        return self._run(IMPORT_USERS, locals())


class AsyncAuthUsers(_OneAuthenticator, AsyncResource, twin=AuthUsers):
    """Users of a built-in-database authenticator, for asyncio (see ``AuthUsers``)."""

    async def get_authenticator(self) -> Authenticator:
        """The authenticator's configuration (a coroutine)."""
        return await self._run(GET_AUTHENTICATOR, locals())

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        like_user_id: str | None = None,
        is_superuser: bool | None = None,
    ) -> AsyncPaginator[AuthUser]:
        """List users: ``await`` for the first page, ``async for`` every user."""
        return self._list(LIST_USERS, locals())

    async def get(self, user_id: str) -> AuthUser:
        """One user; ``NotFoundError`` if unknown."""
        return await self._run(GET_USER, locals())

    async def create(self, user_id: str, password: str, *, is_superuser: bool = False) -> AuthUser:
        """Add a user; ``ConflictError`` if it exists."""
        return await self._run(CREATE_USER, locals())

    async def update(
        self, user_id: str, *, password: str | None = None, is_superuser: bool | None = None
    ) -> AuthUser:
        """Set a user's password and superuser flag (a coroutine)."""
        return await self._run(UPDATE_USER, locals())

    async def delete(self, user_id: str) -> None:
        """Remove a user; 404 if unknown."""
        return await self._run(DELETE_USER, locals())

    async def import_users(
        self, users_or_path: UsersSource, *, hashed: bool = False
    ) -> ImportUsersResult:
        """Add (or replace) many users in one request (a coroutine)."""
        return await self._run(IMPORT_USERS, locals())
