"""Authorization sources' configurations (one per type), settings, status and cache.

``AuthzSourceConfig`` is what ``authz_sources.create`` and ``update`` take;
answers come back as ``AuthzSource``. Each shape names the fields EMQX
5.8 requires (``Required``); the others take EMQX's defaults.
"""

from __future__ import annotations

import sys
from typing import Any, Literal, TypedDict

# typing_extensions only where typing lacks it: importing it costs every start.
if sys.version_info >= (3, 11):
    from typing import Required
else:
    from typing_extensions import Required

from ._backends import (
    Enable,
    HttpFields,
    LdapFields,
    MongoDBFields,
    MySQLFields,
    PostgreSQLFields,
    RedisFields,
)

__all__ = [
    "AuthzCacheEntry",
    "AuthzCacheSettings",
    "AuthzSettings",
    "AuthzSource",
    "AuthzSourceConfig",
    "AuthzSourceStatus",
    "BuiltInDatabaseAuthz",
    "FileAuthz",
    "HttpAuthz",
    "LdapAuthz",
    "MongoDBAuthz",
    "MySQLAuthz",
    "PostgreSQLAuthz",
    "RedisAuthz",
]


class AuthzSource(TypedDict, total=False):
    """A source as EMQX answers it; the other fields depend on its ``type``."""

    type: str
    enable: bool


class BuiltInDatabaseAuthz(Enable, total=False):
    """``built_in_database``: rules kept by EMQX (``client.acl``)."""

    type: Required[Literal["built_in_database"]]
    max_rules: int


class FileAuthz(Enable, total=False):
    """``file``: ``rules`` is the text of an ``acl.conf`` (Erlang terms)."""

    type: Required[Literal["file"]]
    rules: Required[str]


class HttpAuthz(HttpFields, total=False):
    """``http``: EMQX asks an HTTP service (``${clientid}``, ``${topic}`` ... in the body)."""

    type: Required[Literal["http"]]


class RedisAuthz(RedisFields, total=False):
    """``redis``: ``server`` (single) or ``servers`` (cluster, sentinel)."""

    type: Required[Literal["redis"]]


class MySQLAuthz(MySQLFields, total=False):
    """``mysql``: ``query`` selects ``permission``, ``action``, ``topic`` rows."""

    type: Required[Literal["mysql"]]
    prepare_statement: dict[str, str]


class PostgreSQLAuthz(PostgreSQLFields, total=False):
    """``postgresql``."""

    type: Required[Literal["postgresql"]]
    prepare_statement: dict[str, str]


class MongoDBAuthz(MongoDBFields, total=False):
    """``mongodb``: ``server`` (single) or ``servers`` (``rs``, ``sharded``)."""

    type: Required[Literal["mongodb"]]
    limit: int
    skip: int


class LdapAuthz(LdapFields, total=False):
    """``ldap``: bind as ``username``, search under ``base_dn``."""

    type: Required[Literal["ldap"]]
    publish_attribute: str
    subscribe_attribute: str
    all_attribute: str


AuthzSourceConfig = (
    BuiltInDatabaseAuthz
    | FileAuthz
    | HttpAuthz
    | RedisAuthz
    | MySQLAuthz
    | PostgreSQLAuthz
    | MongoDBAuthz
    | LdapAuthz
)
"""An authorization source's configuration, one shape per type."""


class AuthzCacheSettings(TypedDict, total=False):
    """The per-client cache of authorization decisions."""

    enable: bool
    max_size: int
    ttl: str
    excludes: list[str]


class AuthzSettings(TypedDict, total=False):
    """What happens when no source decides, and the cache."""

    no_match: Literal["allow", "deny"]
    deny_action: Literal["ignore", "disconnect"]
    cache: AuthzCacheSettings


class AuthzSourceStatus(TypedDict, total=False):
    """``authz_sources.status(type)``: ``connected`` when every node reaches the source."""

    status: str
    metrics: dict[str, Any]
    node_metrics: list[dict[str, Any]]
    resource_metrics: dict[str, Any]
    node_resource_metrics: list[dict[str, Any]]
    node_status: list[dict[str, Any]]
    node_error: list[dict[str, Any]]


class AuthzCacheEntry(TypedDict, total=False):
    """One cached decision of a client: ``access`` is ``publish`` or ``subscribe``."""

    topic: str
    access: str
    result: Literal["allow", "deny"]
    updated_time: int
