"""Deployment API: the authentication chain (authenticators, their order, status), and
users of the SCRAM built-in database; sync and async, against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from emqx_platform import BadRequestError, ConflictError, NotFoundError
from emqx_platform.types import HttpAuthn, JwtAuthn, LdapAuthn
from support.deployments import FlavoredDeployment
from support.flavors import Call

pytestmark = pytest.mark.asyncio

BUILT_IN = "password_based:built_in_database"
HTTP: HttpAuthn = {
    "mechanism": "password_based",
    "backend": "http",
    "method": "post",
    "url": "https://auth.example.com/mqtt",
    "body": {"username": "${username}", "password": "${password}"},
}
JWT: JwtAuthn = {"mechanism": "jwt", "algorithm": "hmac-based", "secret": "s3cret"}


async def chain(d: FlavoredDeployment) -> list[str]:
    return [a["id"] for a in await d(lambda c: c.authenticators.list())]


async def test_add_http_authenticator_and_move_it_first(d: FlavoredDeployment) -> None:
    created = await d(lambda c: c.authenticators.create(HTTP))
    assert created["id"] == "password_based:http"
    assert await chain(d) == [BUILT_IN, "password_based:http"]

    await d(lambda c: c.authenticators.move("password_based:http", "front"))
    assert d.last()["path"].endswith("/authentication/password_based%3Ahttp/position/front")
    assert d.last()["status"] == 204
    assert await chain(d) == ["password_based:http", BUILT_IN]

    await d(lambda c: c.authenticators.create(JWT))
    await d(lambda c: c.authenticators.move("jwt", f"after:{'password_based:http'}"))
    assert await chain(d) == ["password_based:http", "jwt", BUILT_IN]

    await d(lambda c: c.authenticators.order([BUILT_IN, "jwt", "password_based:http"]))
    assert d.last()["body"] == [{"id": BUILT_IN}, {"id": "jwt"}, {"id": "password_based:http"}]
    assert await chain(d) == [BUILT_IN, "jwt", "password_based:http"]

    status = await d(lambda c: c.authenticators.status("password_based:http"))
    assert status["status"] == "connected"
    assert status["metrics"]["total"] == 0


async def test_update_replaces_and_takes_a_masked_secret_back(d: FlavoredDeployment) -> None:
    # Whether the stored secret is kept cannot be seen through the API (it is
    # always answered masked): the emulator's unit tests of util::redact check it.
    await d(lambda c: c.authenticators.create(JWT))
    stored = await d(lambda c: c.authenticators.get("jwt"))
    assert stored["secret"] == "******"
    changed: dict[str, Any] = {**stored, "enable": False}
    del changed["id"]
    await d(lambda c: c.authenticators.update("jwt", changed))
    assert d.last()["status"] == 204
    assert (await d(lambda c: c.authenticators.get("jwt")))["enable"] is False
    # The mechanism and backend are the id: an update cannot change them.
    with pytest.raises(BadRequestError) as err:
        await d(lambda c: c.authenticators.update("jwt", {**HTTP}))
    assert "change_of_authentication_type" in str(err.value.message)


async def test_nested_secrets_are_answered_masked(d: FlavoredDeployment) -> None:
    ldap: LdapAuthn = {
        "mechanism": "password_based",
        "backend": "ldap",
        "server": "ldap.example.com:636",
        "username": "cn=emqx",
        "password": "bind-pass",
        "base_dn": "ou=users",
        "method": {"type": "bind", "bind_password": "${password}"},
        "ssl": {"enable": True, "password": "key-pass"},
    }
    await d(lambda c: c.authenticators.create(ldap))
    await d(lambda c: c.authenticators.create(HTTP | {"headers": {"authorization": "Basic x"}}))
    shown = {a["id"]: a for a in await d(lambda c: c.authenticators.list())}
    stored = shown["password_based:ldap"]
    assert (stored["password"], stored["ssl"]["password"]) == ("******", "******")
    # A lone placeholder names where the secret comes from: EMQX shows it.
    assert stored["method"]["bind_password"] == "${password}"
    assert shown["password_based:http"]["headers"] == {"authorization": "******"}
    one = await d(lambda c: c.authenticators.get("password_based:ldap"))
    assert one["ssl"]["password"] == "******"


async def test_server_errors(d: FlavoredDeployment) -> None:
    await d(lambda c: c.authenticators.create(HTTP))
    with pytest.raises(ConflictError) as conflict:
        await d(lambda c: c.authenticators.create(HTTP))
    assert conflict.value.code == "ALREADY_EXISTS"
    with pytest.raises(BadRequestError) as missing:
        await d(
            lambda c: c.authenticators.create({"mechanism": "password_based", "backend": "mysql"})
        )
    assert "required_field" in str(missing.value.message)
    with pytest.raises(NotFoundError):
        await d(lambda c: c.authenticators.get("jwt"))
    with pytest.raises(NotFoundError):
        await d(lambda c: c.authenticators.move("jwt", "front"))
    with pytest.raises(NotFoundError):
        await d(lambda c: c.authenticators.move(BUILT_IN, "before:jwt"))
    with pytest.raises(BadRequestError):
        await d(lambda c: c.authenticators.order([BUILT_IN]))
    with pytest.raises(BadRequestError):
        await d(lambda c: c.auth_users.for_authenticator("password_based:http").list())
    await d(lambda c: c.authenticators.delete("password_based:http"))
    with pytest.raises(NotFoundError):
        await d(lambda c: c.authenticators.delete("password_based:http"))


async def test_scram_users_are_their_own(d: FlavoredDeployment) -> None:
    await d(
        lambda c: c.authenticators.create({"mechanism": "scram", "backend": "built_in_database"})
    )
    scram = "scram:built_in_database"
    result = await d(
        lambda c: c.auth_users.for_authenticator(scram).import_users(
            [{"user_id": "s1", "password": "pw"}, {"user_id": "s2", "password": "pw"}]
        )
    )
    assert result["success"] == 2
    page = await d(lambda c: c.auth_users.for_authenticator(scram).list())
    assert [u["user_id"] for u in page.items] == ["s1", "s2"]
    assert (await d(lambda c: c.auth_users.list())).items == []
    await d(lambda c: c.authenticators.delete(scram))
    with pytest.raises(NotFoundError):
        await d(lambda c: c.auth_users.for_authenticator(scram).list())


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.authenticators.create({"backend": "http"}), ValueError),
        (lambda c: c.authenticators.create([HTTP]), TypeError),
        (lambda c: c.authenticators.create({**HTTP, "enable": "yes"}), TypeError),
        (lambda c: c.authenticators.get(""), ValueError),
        (lambda c: c.authenticators.update("order", HTTP), ValueError),
        (lambda c: c.authenticators.move("jwt", "middle"), ValueError),
        (lambda c: c.authenticators.move("jwt", "before:"), ValueError),
        (lambda c: c.authenticators.order("jwt"), TypeError),
        (lambda c: c.authenticators.order([]), ValueError),
    ],
)
async def test_bad_arguments_fail_before_sending(
    d: FlavoredDeployment, call: Call, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await d(call)
    assert d.sent() == []
