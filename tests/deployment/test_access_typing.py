"""The authenticator and authorization-source TypedDicts name every field the
5.8.6 spec gives their schemas, so ``mypy --strict`` accepts any valid
configuration; and a configuration using them is one the emulator takes."""

from __future__ import annotations

from typing import Any

import pytest

from emqx_platform.types import authn, authz
from support.deployments import FlavoredDeployment
from support.openapi import spec

SCHEMAS: dict[Any, tuple[str, ...]] = {
    authn.BuiltInDatabaseAuthn: ("authn.builtin_db",),
    authn.ScramAuthn: ("authn.scram",),
    authn.HttpAuthn: ("authn.http_get", "authn.http_post"),
    authn.JwtAuthn: ("authn.jwt_hmac", "authn.jwt_public_key", "authn.jwt_jwks"),
    authn.RedisAuthn: ("authn.redis_single", "authn.redis_cluster", "authn.redis_sentinel"),
    authn.MySQLAuthn: ("authn.mysql",),
    authn.PostgreSQLAuthn: ("authn.postgresql",),
    authn.MongoDBAuthn: ("authn.mongo_single", "authn.mongo_rs", "authn.mongo_sharded"),
    authn.LdapAuthn: ("authn.ldap",),
    authz.BuiltInDatabaseAuthz: ("authz.builtin_db",),
    authz.FileAuthz: ("authz.api_file",),
    authz.HttpAuthz: ("authz.http_get", "authz.http_post"),
    authz.RedisAuthz: ("authz.redis_single", "authz.redis_cluster", "authz.redis_sentinel"),
    authz.MySQLAuthz: ("authz.mysql",),
    authz.PostgreSQLAuthz: ("authz.postgresql",),
    authz.MongoDBAuthz: ("authz.mongo_single", "authz.mongo_rs", "authz.mongo_sharded"),
    authz.LdapAuthz: ("authz.ldap",),
}


@pytest.mark.parametrize("shape", SCHEMAS, ids=lambda shape: shape.__name__)
def test_every_spec_field_is_typed(shape: Any) -> None:
    schemas = spec()["components"]["schemas"]
    fields = {name for schema in SCHEMAS[shape] for name in schemas[schema]["properties"]}
    assert sorted(fields - set(shape.__annotations__)) == []


@pytest.mark.asyncio
async def test_configs_with_the_added_fields_are_accepted(d: FlavoredDeployment) -> None:
    jwks: authn.JwtAuthn = {
        "mechanism": "jwt",
        "use_jwks": True,
        "endpoint": "https://idp.example.com/jwks",
        "from": "username",
        "headers": {"accept": "application/json"},
        "pool_size": 4,
        "ssl": {"enable": True},
    }
    await d(lambda c: c.authenticators.create(jwks))
    assert d.last()["body"]["from"] == "username"
    ldap: authz.LdapAuthz = {
        "type": "ldap",
        "server": "ldap.example.com:389",
        "username": "cn=emqx",
        "base_dn": "ou=acl",
        "publish_attribute": "mqttPublishTopic",
        "subscribe_attribute": "mqttSubscriptionTopic",
        "all_attribute": "mqttPubSubTopic",
        "query_timeout": "5s",
        "request_timeout": "10s",
    }
    await d(lambda c: c.authz_sources.create(ldap))
    assert (await d(lambda c: c.authz_sources.get("ldap")))["all_attribute"] == "mqttPubSubTopic"
