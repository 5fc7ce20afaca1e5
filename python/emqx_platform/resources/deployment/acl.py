"""``client.acl``: authorization rules of the built-in database (per client, per user, all)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from ..._pagination import AsyncPaginator, Page, PageRequest, page_request
from ..._paths import quote_path
from ...types.deployment import AclAllRules, AclClientRules, AclUserRules
from ._base import (
    AsyncResource,
    Call,
    SyncResource,
    call,
    check_choice,
    check_id,
    check_int_range,
    check_mapping,
    check_str,
    none,
)

if TYPE_CHECKING:
    from ..._base_client import _AsyncBaseClient, _BaseClient

__all__ = [
    "DEFAULT_SOURCE",
    "Acl",
    "AclAll",
    "AclRules",
    "AsyncAcl",
    "AsyncAclAll",
    "AsyncAclRules",
    "check_rules",
]

DEFAULT_SOURCE = "built_in_database"
"""The authorization source whose rules EMQX stores and serves over the API."""

PERMISSIONS = ("allow", "deny")
ACTIONS = ("publish", "subscribe", "all")
_RULE_KEYS = frozenset({"topic", "permission", "action", "qos", "retain"})

E = TypeVar("E", AclClientRules, AclUserRules)

Rules = Iterable[Mapping[str, Any]]


def check_rule(rule: Mapping[str, Any], name: str) -> dict[str, Any]:
    """One rule ``{topic, permission, action, qos?, retain?}``, checked.

    ``permission`` is ``allow``/``deny``, ``action`` ``publish``/``subscribe``/``all``,
    ``qos`` a non-empty subset of 0..2, ``retain`` a bool or ``"all"``.
    """
    item = check_mapping(name, rule)
    unknown = set(item) - _RULE_KEYS
    if unknown:
        raise ValueError(
            f"{name} has unknown keys {sorted(unknown)}: use topic, permission, action, qos, retain"
        )
    for key in ("topic", "permission", "action"):
        if key not in item:
            raise ValueError(f"{name} needs {key!r}")
    check_str(f"{name}['topic']", item["topic"])
    check_choice(f"{name}['permission']", item["permission"], PERMISSIONS)
    check_choice(f"{name}['action']", item["action"], ACTIONS)
    if "qos" in item:
        qos = item["qos"]
        if isinstance(qos, (str, bytes)) or not isinstance(qos, Iterable):
            raise TypeError(f"{name}['qos'] must be a list of ints (0..2), e.g. [0, 1]")
        levels = [check_int_range(f"{name}['qos'][{i}]", q, 0, 2) for i, q in enumerate(qos)]
        if not levels:
            raise ValueError(f"{name}['qos'] must not be empty (leave it out for all levels)")
        item["qos"] = levels
    if "retain" in item and not (isinstance(item["retain"], bool) or item["retain"] == "all"):
        raise ValueError(f"{name}['retain'] must be True, False or 'all', got {item['retain']!r}")
    return item


def check_rules(rules: Rules) -> list[dict[str, Any]]:
    """A list of rules, each checked with :func:`check_rule` (may be empty)."""
    if isinstance(rules, (str, bytes, Mapping)) or not isinstance(rules, Iterable):
        raise TypeError(
            "rules must be a list of dicts like "
            "{'topic': 't/#', 'permission': 'allow', 'action': 'subscribe'}, "
            f"not {type(rules).__name__}"
        )
    return [check_rule(r, f"rules[{i}]") for i, r in enumerate(rules)]


class _Calls(Generic[E]):
    """The endpoints of one table: ``.../rules/clients`` (key ``clientid``) or
    ``.../rules/users`` (key ``username``)."""

    def __init__(self, source: str, table: Literal["clients", "users"]) -> None:
        self.base = f"/authorization/sources/{quote_path(source)}/rules/{table}"
        self.key = "clientid" if table == "clients" else "username"

    def list_request(self, *, page: int | None, limit: int | None, like: str | None) -> PageRequest:
        return page_request(self.base, page, limit, {f"like_{self.key}": like})

    def one(self, id: str) -> str:
        return f"{self.base}/{check_id(self.key, id)}"

    def get(self, id: str) -> Call[E]:
        return call("GET", self.one(id))

    def create(self, id: str, rules: Rules) -> Call[None]:
        # The API batch-creates from an array; one entry here.
        body = [{self.key: check_str(self.key, id), "rules": check_rules(rules)}]
        return call("POST", self.base, json=body, parse=none)

    def update(self, id: str, rules: Rules) -> Call[None]:
        path = self.one(id)
        # The spec's schema requires the id in the body too.
        body = {self.key: id, "rules": check_rules(rules)}
        return call("PUT", path, json=body, parse=none)

    def delete(self, id: str) -> Call[None]:
        return call("DELETE", self.one(id), parse=none)


class _AllCalls:
    """``.../rules/all``: the rules for every client."""

    def __init__(self, source: str) -> None:
        self.path = f"/authorization/sources/{quote_path(source)}/rules/all"

    def get(self) -> Call[AclAllRules]:
        return call("GET", self.path)

    def set(self, rules: Rules) -> Call[None]:
        return call("POST", self.path, json={"rules": check_rules(rules)}, parse=none)

    def delete(self) -> Call[None]:
        return call("DELETE", self.path, parse=none)


def _wipe_call(source: str) -> Call[None]:
    return call("DELETE", f"/authorization/sources/{quote_path(source)}/rules", parse=none)


class AclRules(SyncResource, Generic[E]):
    """The rules of each client id (``acl.clients``) or of each username (``acl.users``).

    A rule is ``{"topic": "t/#", "permission": "allow"|"deny",
    "action": "publish"|"subscribe"|"all", "qos"?: [0, 1, 2], "retain"?: True|False|"all"}``;
    a topic starting with ``"eq "`` matches literally. Rules are checked before
    anything is sent (``ValueError``).
    """

    def __init__(
        self, client: _BaseClient, source: str, table: Literal["clients", "users"]
    ) -> None:
        super().__init__(client)
        self._calls: _Calls[E] = _Calls(source, table)

    def list(
        self, *, page: int | None = None, limit: int | None = None, like: str | None = None
    ) -> Page[E]:
        """Every id with its rules (first page; iterate for all).

        ``like`` is a substring of the client id / username (sent as
        ``like_clientid`` / ``like_username``; ``meta.count`` is then absent).
        """
        return self._list(self._calls.list_request(page=page, limit=limit, like=like))

    def get(self, id: str) -> E:
        """The rules of one client id / username; 404 if it has none."""
        return self._run(self._calls.get(id))

    def create(self, id: str, rules: Rules) -> None:
        """Give an id its rules; for usernames, 409 ``ALREADY_EXISTS`` if it has some."""
        return self._run(self._calls.create(id, rules))

    def update(self, id: str, rules: Rules) -> None:
        """Replace the rules of an id."""
        return self._run(self._calls.update(id, rules))

    def delete(self, id: str) -> None:
        """Remove every rule of an id; 404 if it has none."""
        return self._run(self._calls.delete(id))


class AsyncAclRules(AsyncResource, Generic[E]):
    """The rules of each client id or username, for asyncio (see :class:`AclRules`)."""

    def __init__(
        self, client: _AsyncBaseClient, source: str, table: Literal["clients", "users"]
    ) -> None:
        super().__init__(client)
        self._calls: _Calls[E] = _Calls(source, table)

    def list(
        self, *, page: int | None = None, limit: int | None = None, like: str | None = None
    ) -> AsyncPaginator[E]:
        """Every id with its rules: ``await`` for the first page, ``async for`` all."""
        return self._list(self._calls.list_request(page=page, limit=limit, like=like))

    async def get(self, id: str) -> E:
        """The rules of one client id / username; 404 if it has none."""
        return await self._run(self._calls.get(id))

    async def create(self, id: str, rules: Rules) -> None:
        """Give an id its rules."""
        return await self._run(self._calls.create(id, rules))

    async def update(self, id: str, rules: Rules) -> None:
        """Replace the rules of an id."""
        return await self._run(self._calls.update(id, rules))

    async def delete(self, id: str) -> None:
        """Remove every rule of an id; 404 if it has none."""
        return await self._run(self._calls.delete(id))


class AclAll(SyncResource):
    """The rules that apply to every client (checked after the per-id rules)."""

    def __init__(self, client: _BaseClient, source: str) -> None:
        super().__init__(client)
        self._calls = _AllCalls(source)

    def get(self) -> AclAllRules:
        """``{"rules": [...]}``."""
        return self._run(self._calls.get())

    def set(self, rules: Rules) -> None:
        """Replace the rules for all clients."""
        return self._run(self._calls.set(rules))

    def delete(self) -> None:
        """Remove the rules for all clients."""
        return self._run(self._calls.delete())


class AsyncAclAll(AsyncResource):
    """The rules that apply to every client, for asyncio (see :class:`AclAll`)."""

    def __init__(self, client: _AsyncBaseClient, source: str) -> None:
        super().__init__(client)
        self._calls = _AllCalls(source)

    async def get(self) -> AclAllRules:
        """``{"rules": [...]}``."""
        return await self._run(self._calls.get())

    async def set(self, rules: Rules) -> None:
        """Replace the rules for all clients."""
        return await self._run(self._calls.set(rules))

    async def delete(self) -> None:
        """Remove the rules for all clients."""
        return await self._run(self._calls.delete())


class Acl(SyncResource):
    """Authorization rules of the built-in database: ``.clients``, ``.users``, ``.all``.

    ::

        client.acl.clients.create("sensor-1", [
            {"topic": "sensors/sensor-1/#", "permission": "allow", "action": "publish"},
        ])
        client.acl.all.set([{"topic": "#", "permission": "deny", "action": "all"}])
    """

    clients: AclRules[AclClientRules]
    """Rules per client id."""
    users: AclRules[AclUserRules]
    """Rules per username."""
    all: AclAll
    """Rules for every client."""

    def __init__(self, client: _BaseClient, source: str = DEFAULT_SOURCE) -> None:
        super().__init__(client)
        self._source = check_str("source", source)
        self.clients = AclRules(client, source, "clients")
        self.users = AclRules(client, source, "users")
        self.all = AclAll(client, source)

    def for_source(self, source: str) -> Acl:
        """The same resource for another authorization source id."""
        return Acl(self._client, source)

    def wipe(self) -> None:
        """Delete every rule of the source: per client, per user and for all."""
        return self._run(_wipe_call(self._source))


class AsyncAcl(AsyncResource):
    """Authorization rules of the built-in database, for asyncio (see :class:`Acl`)."""

    clients: AsyncAclRules[AclClientRules]
    """Rules per client id."""
    users: AsyncAclRules[AclUserRules]
    """Rules per username."""
    all: AsyncAclAll
    """Rules for every client."""

    def __init__(self, client: _AsyncBaseClient, source: str = DEFAULT_SOURCE) -> None:
        super().__init__(client)
        self._source = check_str("source", source)
        self.clients = AsyncAclRules(client, source, "clients")
        self.users = AsyncAclRules(client, source, "users")
        self.all = AsyncAclAll(client, source)

    def for_source(self, source: str) -> AsyncAcl:
        """The same resource for another authorization source id."""
        return AsyncAcl(self._client, source)

    async def wipe(self) -> None:
        """Delete every rule of the source: per client, per user and for all."""
        return await self._run(_wipe_call(self._source))
