"""The fields of each external backend, shared by authenticators and authorization
sources (``types.authn``, ``types.authz``): each adds the keys that name it."""

from __future__ import annotations

import sys
from typing import Any, Literal, TypedDict

# typing_extensions only where typing lacks it: importing it costs every start.
if sys.version_info >= (3, 11):
    from typing import Required
else:
    from typing_extensions import Required


class Enable(TypedDict, total=False):
    enable: bool


class Pooled(Enable, total=False):
    """A connection pool with TLS settings, and the password it logs in with."""

    pool_size: int
    ssl: dict[str, Any]
    password: str
    # Deprecated by EMQX 5.8 (ignored), still accepted.
    auto_reconnect: bool


class HttpFields(Enable, total=False):
    method: Required[Literal["post", "get"]]
    url: Required[str]
    headers: dict[str, str]
    body: dict[str, Any]
    request_timeout: str
    connect_timeout: str
    enable_pipelining: int
    pool_size: int
    ssl: dict[str, Any]
    # Deprecated by EMQX 5.8, still accepted.
    request: dict[str, Any]
    max_retries: int
    retry_interval: str


class RedisFields(Pooled, total=False):
    """``server`` (single) or ``servers`` (cluster, sentinel)."""

    cmd: Required[str]
    redis_type: Literal["single", "cluster", "sentinel"]
    server: str
    servers: str
    sentinel: str
    database: int
    username: str


class MySQLFields(Pooled, total=False):
    server: Required[str]
    database: Required[str]
    query: Required[str]
    username: str


class PostgreSQLFields(Pooled, total=False):
    server: Required[str]
    database: Required[str]
    query: Required[str]
    username: Required[str]
    disable_prepared_statements: bool


class MongoDBFields(Pooled, total=False):
    """``server`` (single) or ``servers`` (``rs``, ``sharded``)."""

    mongo_type: Required[Literal["single", "rs", "sharded"]]
    database: Required[str]
    collection: Required[str]
    server: str
    servers: str
    replica_set_name: str
    filter: dict[str, Any]
    username: str
    auth_source: str
    srv_record: bool
    topology: dict[str, Any]
    use_legacy_protocol: Literal["auto"] | bool
    w_mode: Literal["unsafe", "safe"]
    r_mode: Literal["master", "slave_ok"]


class LdapFields(Pooled, total=False):
    server: Required[str]
    username: Required[str]
    base_dn: Required[str]
    filter: str
    query_timeout: str
    request_timeout: str
