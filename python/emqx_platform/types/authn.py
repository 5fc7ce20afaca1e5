"""Authenticators' configurations (request bodies, one per mechanism and backend) and status.

``AuthenticatorConfig`` is what ``authenticators.create`` and ``update`` take;
answers come back as ``Authenticator`` with the
``id`` added and secrets shown as ``"******"``. Each shape names the fields
EMQX 5.8 requires (``Required``); the others take EMQX's defaults.
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
    "AuthenticatorConfig",
    "AuthenticatorMetrics",
    "AuthenticatorStatus",
    "BuiltInDatabaseAuthn",
    "HttpAuthn",
    "JwtAuthn",
    "LdapAuthn",
    "MongoDBAuthn",
    "MySQLAuthn",
    "PostgreSQLAuthn",
    "RedisAuthn",
    "ScramAuthn",
]


class BuiltInDatabaseAuthn(Enable, total=False):
    """``password_based:built_in_database``: users kept by EMQX (``auth_users``)."""

    mechanism: Required[Literal["password_based"]]
    backend: Required[Literal["built_in_database"]]
    user_id_type: Required[Literal["username", "clientid"]]
    password_hash_algorithm: dict[str, Any]
    bootstrap_file: str
    bootstrap_type: Literal["hash", "plain"]


class ScramAuthn(Enable, total=False):
    """``scram:built_in_database``: SCRAM (MQTT 5 enhanced authentication)."""

    mechanism: Required[Literal["scram"]]
    backend: Required[Literal["built_in_database"]]
    algorithm: Literal["sha256", "sha512"]
    iteration_count: int


class HttpAuthn(HttpFields, total=False):
    """``password_based:http``: EMQX asks an HTTP service (``${username}`` ... in the body)."""

    mechanism: Required[Literal["password_based"]]
    backend: Required[Literal["http"]]


# ``from`` (which field holds the JWT) is a Python keyword: only the
# functional form of TypedDict can name it.
_JwtFrom = TypedDict("_JwtFrom", {"from": Literal["username", "password"]}, total=False)


class JwtAuthn(Enable, _JwtFrom, total=False):
    """``jwt``: a JWT in the password field, checked with a secret, a public key or a JWKS.

    ``algorithm="hmac-based"`` needs ``secret``; ``"public-key"`` needs
    ``public_key``; ``use_jwks=True`` needs ``endpoint`` instead (fetched with
    ``headers``, ``pool_size`` and ``ssl``). ``from`` says whether the JWT comes
    in the password (the default) or the username.
    """

    mechanism: Required[Literal["jwt"]]
    algorithm: Literal["hmac-based", "public-key"]
    secret: str
    secret_base64_encoded: bool
    public_key: str
    use_jwks: bool
    endpoint: str
    refresh_interval: int
    acl_claim_name: str
    verify_claims: dict[str, str]
    disconnect_after_expire: bool
    headers: dict[str, str]
    pool_size: int
    ssl: dict[str, Any]


class RedisAuthn(RedisFields, total=False):
    """``password_based:redis``: ``server`` (single) or ``servers`` (cluster, sentinel)."""

    mechanism: Required[Literal["password_based"]]
    backend: Required[Literal["redis"]]
    password_hash_algorithm: dict[str, Any]


class MySQLAuthn(MySQLFields, total=False):
    """``password_based:mysql``: ``query`` selects ``password_hash``, ``salt``, ``is_superuser``."""

    mechanism: Required[Literal["password_based"]]
    backend: Required[Literal["mysql"]]
    password_hash_algorithm: dict[str, Any]
    query_timeout: str


class PostgreSQLAuthn(PostgreSQLFields, total=False):
    """``password_based:postgresql``."""

    mechanism: Required[Literal["password_based"]]
    backend: Required[Literal["postgresql"]]
    password_hash_algorithm: dict[str, Any]


class MongoDBAuthn(MongoDBFields, total=False):
    """``password_based:mongodb``: ``server`` (single) or ``servers`` (``rs``, ``sharded``)."""

    mechanism: Required[Literal["password_based"]]
    backend: Required[Literal["mongodb"]]
    password_hash_algorithm: dict[str, Any]
    password_hash_field: str
    salt_field: str
    is_superuser_field: str


class LdapAuthn(LdapFields, total=False):
    """``password_based:ldap``: bind as ``username``, search under ``base_dn``."""

    mechanism: Required[Literal["password_based"]]
    backend: Required[Literal["ldap"]]
    method: dict[str, Any]


AuthenticatorConfig = (
    BuiltInDatabaseAuthn
    | ScramAuthn
    | HttpAuthn
    | JwtAuthn
    | RedisAuthn
    | MySQLAuthn
    | PostgreSQLAuthn
    | MongoDBAuthn
    | LdapAuthn
)
"""An authenticator's configuration, one shape per mechanism and backend."""


class AuthenticatorMetrics(TypedDict, total=False):
    """Counters of one authenticator (``rate*`` in requests per second)."""

    total: int
    success: int
    failed: int
    nomatch: int
    rate: float
    rate_last5m: float
    rate_max: float


class AuthenticatorStatus(TypedDict, total=False):
    """``authenticators.status(id)``: ``connected`` when every node reaches the backend."""

    status: str
    metrics: AuthenticatorMetrics
    node_metrics: list[dict[str, Any]]
    resource_metrics: dict[str, Any]
    node_resource_metrics: list[dict[str, Any]]
    node_status: list[dict[str, Any]]
    node_error: list[dict[str, Any]]
