"""``client.acl``: authorization rules of the built-in database (per client, per user, all)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

from ..._pagination import AsyncPaginator, Page
from ..._paths import quote_path
from ...types.deployment import AclAllRules, AclClientRules, AclUserRules
from .._checks import check_choice, check_int_range, check_mapping, check_str
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

if TYPE_CHECKING:
    from typing_extensions import Self


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

RuleDicts = Iterable[Mapping[str, Any]]
"""Rules as given to the methods: dicts like ``{"topic", "permission", "action"}``."""


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


def check_rules(rules: RuleDicts) -> list[dict[str, Any]]:
    """A list of rules, each checked with ``check_rule()`` (may be empty)."""
    if isinstance(rules, (str, bytes, Mapping)) or not isinstance(rules, Iterable):
        raise TypeError(
            "rules must be a list of dicts like "
            "{'topic': 't/#', 'permission': 'allow', 'action': 'subscribe'}, "
            f"not {type(rules).__name__}"
        )
    return [check_rule(r, f"rules[{i}]") for i, r in enumerate(rules)]


@dataclass(frozen=True)
class AclTable(Generic[E]):
    """The endpoints of one table of rules: per client id or per username."""

    list: Endpoint[E]
    get: Endpoint[E]
    create: Endpoint[None]
    update: Endpoint[None]
    delete: Endpoint[None]


def _table(
    table: Literal["clients", "users"], key: Literal["clientid", "username"]
) -> AclTable[Any]:
    """``.../rules/clients`` (keyed by ``clientid``) or ``.../rules/users`` (``username``)."""
    base = f"/authorization/sources/{{source}}/rules/{table}"
    # The method's argument is ``id``; errors name it as the API does.
    checks = {"id": lambda _name, value: check_str(key, value)}
    return AclTable(
        list=Endpoint("GET", base, query=lambda like: {f"like_{key}": like}, paginated=True),
        get=Endpoint("GET", base + "/{id}", path_checks=checks),
        # The API batch-creates from an array; one entry here.
        create=Endpoint(
            "POST",
            base,
            body=lambda id, rules: [{key: check_str(key, id), "rules": check_rules(rules)}],
            parse=no_content,
        ),
        # The spec's schema requires the id in the body too.
        update=Endpoint(
            "PUT",
            base + "/{id}",
            body=lambda id, rules: {key: id, "rules": check_rules(rules)},
            parse=no_content,
            path_checks=checks,
        ),
        delete=Endpoint("DELETE", base + "/{id}", parse=no_content, path_checks=checks),
    )


_TABLES = {"clients": _table("clients", "clientid"), "users": _table("users", "username")}

GET_ALL = Endpoint[AclAllRules]("GET", "/authorization/sources/{source}/rules/all")
SET_ALL = Endpoint(
    "POST",
    "/authorization/sources/{source}/rules/all",
    body=lambda rules: {"rules": check_rules(rules)},
    parse=no_content,
)
DELETE_ALL = Endpoint("DELETE", "/authorization/sources/{source}/rules/all", parse=no_content)
WIPE = Endpoint("DELETE", "/authorization/sources/{source}/rules", parse=no_content)


def _source(source: str) -> dict[str, str]:
    """The path value of ``{source}``."""
    return {"source": quote_path(source)}


class _InSource:
    """What the twins of a source's rule table share: the source in their paths,
    and which table (per client id or per username) they manage."""

    if TYPE_CHECKING:
        _path_values: Mapping[str, str]
        _table: Any

    def __init__(
        self, client: Any, source: str, table: Literal["clients", "users"] | None = None
    ) -> None:
        """Made by the client: use ``client.acl.clients``, ``.users`` or ``.all``."""
        # Cooperative: the next class is SyncResource or AsyncResource.
        super().__init__(client)  # type: ignore[call-arg]
        self._path_values = _source(source)
        if table is not None:
            self._table = _TABLES[table]


class AclRules(_InSource, SyncResource, Generic[E]):
    """The rules of each client id (``acl.clients``) or of each username (``acl.users``).

    A rule is ``{"topic": "t/#", "permission": "allow"|"deny",
    "action": "publish"|"subscribe"|"all", "qos"?: [0, 1, 2], "retain"?: True|False|"all"}``;
    a topic starting with ``"eq "`` matches literally. Rules are checked before
    anything is sent (``ValueError``).
    """

    if TYPE_CHECKING:
        _table: AclTable[E]

    def list(
        self, *, page: int | None = None, limit: int | None = None, like: str | None = None
    ) -> Page[E]:
        """Every id with its rules (first page; iterate for all).

        ``like`` is a substring of the client id / username (sent as
        ``like_clientid`` / ``like_username``; ``meta.count`` is then absent).
        """
        return self._list(self._table.list, locals())

    def get(self, id: str) -> E:
        """The rules of one client id / username; 404 if it has none."""
        return self._run(self._table.get, locals())

    def create(self, id: str, rules: RuleDicts) -> None:
        """Give an id its rules; for usernames, 409 ``ALREADY_EXISTS`` if it has some."""
        return self._run(self._table.create, locals())

    def update(self, id: str, rules: RuleDicts) -> None:
        """Replace the rules of an id."""
        return self._run(self._table.update, locals())

    def delete(self, id: str) -> None:
        """Remove every rule of an id; 404 if it has none."""
        return self._run(self._table.delete, locals())


class AsyncAclRules(_InSource, AsyncResource, Generic[E], twin=AclRules):
    """The rules of each client id or username, for asyncio (see ``AclRules``)."""

    if TYPE_CHECKING:
        _table: AclTable[E]

    def list(
        self, *, page: int | None = None, limit: int | None = None, like: str | None = None
    ) -> AsyncPaginator[E]:
        """Every id with its rules: ``await`` for the first page, ``async for`` all."""
        return self._list(self._table.list, locals())

    async def get(self, id: str) -> E:
        """The rules of one client id / username; 404 if it has none."""
        return await self._run(self._table.get, locals())

    async def create(self, id: str, rules: RuleDicts) -> None:
        """Give an id its rules."""
        return await self._run(self._table.create, locals())

    async def update(self, id: str, rules: RuleDicts) -> None:
        """Replace the rules of an id."""
        return await self._run(self._table.update, locals())

    async def delete(self, id: str) -> None:
        """Remove every rule of an id; 404 if it has none."""
        return await self._run(self._table.delete, locals())


class AclAll(_InSource, SyncResource):
    """The rules that apply to every client (checked after the per-id rules)."""

    def get(self) -> AclAllRules:
        """``{"rules": [...]}``."""
        return self._run(GET_ALL, locals())

    def set(self, rules: RuleDicts) -> None:
        """Replace the rules for all clients."""
        return self._run(SET_ALL, locals())

    def delete(self) -> None:
        """Remove the rules for all clients."""
        return self._run(DELETE_ALL, locals())


class AsyncAclAll(_InSource, AsyncResource, twin=AclAll):
    """The rules that apply to every client, for asyncio (see ``AclAll``)."""

    async def get(self) -> AclAllRules:
        """``{"rules": [...]}``."""
        return await self._run(GET_ALL, locals())

    async def set(self, rules: RuleDicts) -> None:
        """Replace the rules for all clients."""
        return await self._run(SET_ALL, locals())

    async def delete(self) -> None:
        """Remove the rules for all clients."""
        return await self._run(DELETE_ALL, locals())


class _OneSource:
    """What both twins of ``acl`` share: their source, its three rule tables, and
    switching to another source."""

    # Declared for type checkers only: runtime annotations would show in help(),
    # where the twins' properties list the three tables with their docs.
    if TYPE_CHECKING:
        _client: Any
        _path_values: Mapping[str, str]
        _rules: ClassVar[type[Any]]
        _all: ClassVar[type[Any]]
        _client_rules: Any
        _user_rules: Any
        _all_rules: Any

    def __init__(self, client: Any, source: str = DEFAULT_SOURCE) -> None:
        """Made by the client: use ``client.acl`` (or ``client.acl.for_source(...)``)."""
        # Cooperative: the next class is SyncResource or AsyncResource.
        super().__init__(client)  # type: ignore[call-arg]
        self._path_values = _source(check_str("source", source))
        self._client_rules = self._rules(client, source, "clients")
        self._user_rules = self._rules(client, source, "users")
        self._all_rules = self._all(client, source)

    def for_source(self, source: str) -> Self:
        """The same resource for another authorization source id."""
        return type(self)(self._client, source)


class Acl(_OneSource, SyncResource):
    """Authorization rules of the built-in database: ``.clients``, ``.users``, ``.all``.

    ::

        client.acl.clients.create("sensor-1", [
            {"topic": "sensors/sensor-1/#", "permission": "allow", "action": "publish"},
        ])
        client.acl.all.set([{"topic": "#", "permission": "deny", "action": "all"}])
    """

    if TYPE_CHECKING:
        _client_rules: AclRules[AclClientRules]
        _user_rules: AclRules[AclUserRules]
        _all_rules: AclAll

    _rules = AclRules
    _all = AclAll

    @property
    def clients(self) -> AclRules[AclClientRules]:
        """Rules per client id."""
        return self._client_rules

    @property
    def users(self) -> AclRules[AclUserRules]:
        """Rules per username."""
        return self._user_rules

    @property
    def all(self) -> AclAll:
        """Rules for every client."""
        return self._all_rules

    def wipe(self) -> None:
        """Delete every rule of the source: per client, per user and for all."""
        return self._run(WIPE, locals())


class AsyncAcl(_OneSource, AsyncResource, twin=Acl):
    """Authorization rules of the built-in database, for asyncio (see ``Acl``)."""

    if TYPE_CHECKING:
        _client_rules: AsyncAclRules[AclClientRules]
        _user_rules: AsyncAclRules[AclUserRules]
        _all_rules: AsyncAclAll

    _rules = AsyncAclRules
    _all = AsyncAclAll

    @property
    def clients(self) -> AsyncAclRules[AclClientRules]:
        """Rules per client id."""
        return self._client_rules

    @property
    def users(self) -> AsyncAclRules[AclUserRules]:
        """Rules per username."""
        return self._user_rules

    @property
    def all(self) -> AsyncAclAll:
        """Rules for every client."""
        return self._all_rules

    async def wipe(self) -> None:
        """Delete every rule of the source: per client, per user and for all."""
        return await self._run(WIPE, locals())
