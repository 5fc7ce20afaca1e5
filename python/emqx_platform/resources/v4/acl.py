"""``client.acl``: EMQX 4's ACL rules, per client id, per username, or for every client.

``POST /acl`` creates one rule from an object, several from an array; the key
present (``clientid``, ``username`` or neither) says whom a rule covers.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from typing import Any

from ..._page_styles import V4_PAGES
from ..._pagination import AsyncPaginator, Page
from ...types.v4 import AclAccess, AclAction, AclRule
from .._checks import check_choice, check_str
from .._endpoint import Endpoint
from ._base import V4AsyncResource, V4Resource, check_batch, data, nothing

__all__ = ["ACL_ACCESS", "ACL_ACTIONS", "Acl", "AsyncAcl"]

ACL_ACTIONS = ("pub", "sub", "pubsub")
ACL_ACCESS = ("allow", "deny")


def _rule(topic: object, action: object, access: object, **who: object) -> dict[str, Any]:
    """One rule body, checked; ``who`` is ``clientid=`` or ``username=`` (or nothing)."""
    rule = {name: check_str(name, value) for name, value in who.items()}
    rule["topic"] = check_str("topic", topic)
    rule["action"] = check_choice("action", action, ACL_ACTIONS)
    rule["access"] = check_choice("access", access, ACL_ACCESS)
    return rule


def _rules(rules: object) -> list[dict[str, Any]]:
    """A non-empty list of rules, each with at most one of ``clientid`` / ``username``."""
    checked = []
    for i, item in enumerate(check_batch("rules", rules)):
        who = {key: item[key] for key in ("clientid", "username") if key in item}
        if len(who) > 1:
            raise ValueError(f"rules[{i}] names both clientid and username: give one")
        unknown = set(item) - {"topic", "action", "access", "clientid", "username"}
        if unknown:
            raise ValueError(f"rules[{i}] has unknown keys {sorted(unknown)}")
        checked.append(_rule(item.get("topic"), item.get("action"), item.get("access"), **who))
    return checked


def _topic(_name: str, value: object) -> str:
    return check_str("topic", value)


CREATE_FOR_CLIENTID = Endpoint[AclRule](
    "POST",
    "/acl",
    body=lambda clientid, topic, action, access: _rule(topic, action, access, clientid=clientid),
    parse=data,
)
CREATE_FOR_USERNAME = Endpoint[AclRule](
    "POST",
    "/acl",
    body=lambda username, topic, action, access: _rule(topic, action, access, username=username),
    parse=data,
)
CREATE_FOR_ALL = Endpoint[AclRule](
    "POST", "/acl", body=lambda topic, action, access: _rule(topic, action, access), parse=data
)
CREATE_MANY = Endpoint[list[AclRule]]("POST", "/acl", body=_rules, parse=data)
LIST_FOR_CLIENTIDS = Endpoint[AclRule]("GET", "/acl/clientid", paginated=True, pages=V4_PAGES)
LIST_FOR_USERNAMES = Endpoint[AclRule]("GET", "/acl/username", paginated=True, pages=V4_PAGES)
LIST_FOR_ALL = Endpoint[AclRule]("GET", "/acl/$all", paginated=True, pages=V4_PAGES)
GET_FOR_CLIENTID = Endpoint[list[AclRule]]("GET", "/acl/clientid/{clientid}", parse=data)
GET_FOR_USERNAME = Endpoint[list[AclRule]]("GET", "/acl/username/{username}", parse=data)
# The topic is one path segment: its "/" are percent-encoded.
DELETE_FOR_CLIENTID = Endpoint(
    "DELETE", "/acl/clientid/{clientid}/topic/{topic}", parse=nothing, path_checks={"topic": _topic}
)
DELETE_FOR_USERNAME = Endpoint(
    "DELETE", "/acl/username/{username}/topic/{topic}", parse=nothing, path_checks={"topic": _topic}
)
# The docs' URI line; their curl examples write /acl/all/$all/topic/{topic}.
DELETE_FOR_ALL = Endpoint(
    "DELETE", "/acl/$all/topic/{topic}", parse=nothing, path_checks={"topic": _topic}
)


class Acl(V4Resource):
    """ACL rules: whom they cover (a client id, a username, or ``$all``), a topic filter,
    an ``action`` (``"pub"``, ``"sub"``, ``"pubsub"``) and an ``access`` (``"allow"``,
    ``"deny"``). Arguments are checked before anything is sent."""

    def create_for_clientid(
        self, clientid: str, topic: str, action: AclAction, access: AclAccess
    ) -> AclRule:
        """Add a rule for one client id; returns it with ``result`` (``"ok"``)."""
        return self._run(CREATE_FOR_CLIENTID, locals())

    def create_for_username(
        self, username: str, topic: str, action: AclAction, access: AclAccess
    ) -> AclRule:
        """Add a rule for one username; returns it with ``result``."""
        return self._run(CREATE_FOR_USERNAME, locals())

    def create_for_all(self, topic: str, action: AclAction, access: AclAccess) -> AclRule:
        """Add a rule for every client (``$all``); returns it with ``result``."""
        return self._run(CREATE_FOR_ALL, locals())

    def create_many(
        self, rules: Iterable[Mapping[str, Any]], *, raise_on_error: bool = True
    ) -> builtins.list[AclRule]:
        """Add several rules in one request, each a ``AclRuleInput``
        (``clientid`` or ``username``, or neither for ``$all``).

        Raises:
            BatchError: Some rules' ``result`` is not ``"ok"``; the others were
                added. With ``raise_on_error=False`` the results are returned.
        """
        return self._run_batch(CREATE_MANY, locals())

    def list_for_clientids(
        self, *, page: int | None = None, limit: int | None = None
    ) -> Page[AclRule]:
        """Every per-client-id rule (first page; iterate for all)."""
        return self._list(LIST_FOR_CLIENTIDS, locals())

    def list_for_usernames(
        self, *, page: int | None = None, limit: int | None = None
    ) -> Page[AclRule]:
        """Every per-username rule (first page; iterate for all)."""
        return self._list(LIST_FOR_USERNAMES, locals())

    def list_for_all(self, *, page: int | None = None, limit: int | None = None) -> Page[AclRule]:
        """Every ``$all`` rule (first page; iterate for all)."""
        return self._list(LIST_FOR_ALL, locals())

    def get_for_clientid(self, clientid: str) -> builtins.list[AclRule]:
        """The rules of one client id."""
        return self._run(GET_FOR_CLIENTID, locals())

    def get_for_username(self, username: str) -> builtins.list[AclRule]:
        """The rules of one username."""
        return self._run(GET_FOR_USERNAME, locals())

    def delete_for_clientid(self, clientid: str, topic: str) -> None:
        """Remove the rule of one client id on one topic."""
        return self._run(DELETE_FOR_CLIENTID, locals())

    def delete_for_username(self, username: str, topic: str) -> None:
        """Remove the rule of one username on one topic."""
        return self._run(DELETE_FOR_USERNAME, locals())

    def delete_for_all(self, topic: str) -> None:
        """Remove the ``$all`` rule on one topic."""
        return self._run(DELETE_FOR_ALL, locals())


class AsyncAcl(V4AsyncResource, twin=Acl):
    """ACL rules, for asyncio (see ``Acl``)."""

    async def create_for_clientid(
        self, clientid: str, topic: str, action: AclAction, access: AclAccess
    ) -> AclRule:
        """Add a rule for one client id (a coroutine)."""
        return await self._run(CREATE_FOR_CLIENTID, locals())

    async def create_for_username(
        self, username: str, topic: str, action: AclAction, access: AclAccess
    ) -> AclRule:
        """Add a rule for one username (a coroutine)."""
        return await self._run(CREATE_FOR_USERNAME, locals())

    async def create_for_all(self, topic: str, action: AclAction, access: AclAccess) -> AclRule:
        """Add a rule for every client (a coroutine)."""
        return await self._run(CREATE_FOR_ALL, locals())

    async def create_many(
        self, rules: Iterable[Mapping[str, Any]], *, raise_on_error: bool = True
    ) -> builtins.list[AclRule]:
        """Add several rules in one request (a coroutine); ``BatchError`` if some fail."""
        return await self._run_batch(CREATE_MANY, locals())

    def list_for_clientids(
        self, *, page: int | None = None, limit: int | None = None
    ) -> AsyncPaginator[AclRule]:
        """Every per-client-id rule: ``await`` for the first page, ``async for`` all."""
        return self._list(LIST_FOR_CLIENTIDS, locals())

    def list_for_usernames(
        self, *, page: int | None = None, limit: int | None = None
    ) -> AsyncPaginator[AclRule]:
        """Every per-username rule: ``await`` for the first page, ``async for`` all."""
        return self._list(LIST_FOR_USERNAMES, locals())

    def list_for_all(
        self, *, page: int | None = None, limit: int | None = None
    ) -> AsyncPaginator[AclRule]:
        """Every ``$all`` rule: ``await`` for the first page, ``async for`` all."""
        return self._list(LIST_FOR_ALL, locals())

    async def get_for_clientid(self, clientid: str) -> builtins.list[AclRule]:
        """The rules of one client id (a coroutine)."""
        return await self._run(GET_FOR_CLIENTID, locals())

    async def get_for_username(self, username: str) -> builtins.list[AclRule]:
        """The rules of one username (a coroutine)."""
        return await self._run(GET_FOR_USERNAME, locals())

    async def delete_for_clientid(self, clientid: str, topic: str) -> None:
        """Remove the rule of one client id on one topic (a coroutine)."""
        return await self._run(DELETE_FOR_CLIENTID, locals())

    async def delete_for_username(self, username: str, topic: str) -> None:
        """Remove the rule of one username on one topic (a coroutine)."""
        return await self._run(DELETE_FOR_USERNAME, locals())

    async def delete_for_all(self, topic: str) -> None:
        """Remove the ``$all`` rule on one topic (a coroutine)."""
        return await self._run(DELETE_FOR_ALL, locals())
