"""Contract-test calls of the access-control group (authenticators, authorization
sources and settings, rules' PUT):
merged into ``CALLS`` of ``tests/contract/test_spec_contract.py``."""

from __future__ import annotations

from support.flavors import Call

HTTP_AUTHN = {
    "mechanism": "password_based",
    "backend": "http",
    "method": "post",
    "url": "https://auth.example.com/mqtt",
    "body": {"username": "${username}"},
    "enable": True,
}

HTTP_AUTHZ = {
    "type": "http",
    "method": "post",
    "url": "https://acl.example.com/check",
    "body": {"clientid": "${clientid}"},
    "enable": True,
}

ACCESS_CALLS: dict[str, Call] = {
    "authenticators.create": lambda c: c.authenticators.create(HTTP_AUTHN),
    "authenticators.update": lambda c: c.authenticators.update("password_based:http", HTTP_AUTHN),
    "authenticators.order": lambda c: c.authenticators.order(["jwt", "password_based:http"]),
    "authenticators.move": lambda c: c.authenticators.move("jwt", "before:password_based:http"),
    "authz_sources.get": lambda c: c.authz_sources.get("http"),
    "authz_sources.create": lambda c: c.authz_sources.create(HTTP_AUTHZ),
    "authz_sources.update": lambda c: c.authz_sources.update("http", HTTP_AUTHZ),
    "authz_sources.delete": lambda c: c.authz_sources.delete("http"),
    "authz_sources.status": lambda c: c.authz_sources.status("http"),
    "authz_sources.move": lambda c: c.authz_sources.move("http", "after:file"),
    "authz_sources.order": lambda c: c.authz_sources.order(["http", "built_in_database"]),
    "authorization.update_settings": lambda c: c.authorization.update_settings(
        no_match="deny",
        deny_action="disconnect",
        cache={"enable": True, "max_size": 32, "ttl": "1m", "excludes": []},
    ),
    "rules.modify": lambda c: c.rules.modify("r", sql='SELECT * FROM "t"', enable=False),
}
