"""Deployment API: authorization sources (order, status), settings and the caches;
sync and async, against the emulator."""

from __future__ import annotations

import pytest

from emqx_platform import BadRequestError, NotFoundError
from emqx_platform.types import FileAuthz, HttpAuthz, MySQLAuthz
from support.deployments import FlavoredDeployment
from support.flavors import Call

pytestmark = pytest.mark.asyncio

HTTP: HttpAuthz = {
    "type": "http",
    "method": "post",
    "url": "https://acl.example.com/check",
    "body": {"clientid": "${clientid}", "topic": "${topic}", "action": "${action}"},
}
FILE: FileAuthz = {"type": "file", "rules": '{allow, all, subscribe, ["t/#"]}.'}


async def order(d: FlavoredDeployment) -> list[str]:
    return [s["type"] for s in await d(lambda c: c.authz_sources.list())]


async def test_add_sources_first_and_move_them(d: FlavoredDeployment) -> None:
    # EMQX prepends a new source: it is checked before the ones already there.
    await d(lambda c: c.authz_sources.create(HTTP))
    assert d.last()["status"] == 204
    assert await order(d) == ["http", "built_in_database"]
    await d(lambda c: c.authz_sources.create(FILE))
    assert await order(d) == ["file", "http", "built_in_database"]

    await d(lambda c: c.authz_sources.move("http", "front"))
    assert d.last()["body"] == {"position": "front"}
    assert await order(d) == ["http", "file", "built_in_database"]
    await d(lambda c: c.authz_sources.move("built_in_database", "before:file"))
    assert await order(d) == ["http", "built_in_database", "file"]

    await d(lambda c: c.authz_sources.order(["built_in_database", "file", "http"]))
    assert d.last()["body"] == [{"type": "built_in_database"}, {"type": "file"}, {"type": "http"}]
    assert await order(d) == ["built_in_database", "file", "http"]

    await d(lambda c: c.authz_sources.update("http", {**HTTP, "enable": False}))
    assert (await d(lambda c: c.authz_sources.get("http")))["enable"] is False
    assert (await d(lambda c: c.authz_sources.status("http")))["status"] == "disconnected"
    await d(lambda c: c.authz_sources.delete("http"))
    assert await order(d) == ["built_in_database", "file"]


async def test_source_errors(d: FlavoredDeployment) -> None:
    with pytest.raises(BadRequestError) as duplicate:
        await d(lambda c: c.authz_sources.create({"type": "built_in_database"}))
    assert duplicate.value.code == "BAD_REQUEST"
    with pytest.raises(BadRequestError) as missing:
        await d(lambda c: c.authz_sources.create({"type": "mysql", "server": "db:3306"}))
    assert "required_field" in str(missing.value.message)
    with pytest.raises(NotFoundError):
        await d(lambda c: c.authz_sources.get("ldap"))
    with pytest.raises(NotFoundError):
        await d(lambda c: c.authz_sources.move("ldap", "front"))
    with pytest.raises(BadRequestError):
        await d(lambda c: c.authz_sources.order(["file"]))
    # The handler looks the source up before deleting: 404, not the spec's 400.
    with pytest.raises(NotFoundError) as absent:
        await d(lambda c: c.authz_sources.delete("ldap"))
    assert (absent.value.code, absent.value.message) == ("NOT_FOUND", "Not found: ldap")


async def test_status_counts_every_outcome(d: FlavoredDeployment) -> None:
    status = await d(lambda c: c.authz_sources.status("built_in_database"))
    counters = {"total", "allow", "deny", "nomatch", "ignore"}
    assert counters <= set(status["metrics"])
    assert counters <= set(status["node_metrics"][0]["metrics"])


async def test_secrets_are_answered_masked_and_kept_when_sent_back(
    d: FlavoredDeployment,
) -> None:
    mysql: MySQLAuthz = {
        "type": "mysql",
        "server": "db:3306",
        "database": "mqtt",
        "username": "emqx",
        "password": "db-pass",
        "query": "SELECT action, permission, topic FROM acl WHERE username = ${username}",
        "ssl": {"enable": True, "password": "key-pass"},
    }
    await d(lambda c: c.authz_sources.create(mysql))
    await d(lambda c: c.authz_sources.create(HTTP | {"headers": {"Authorization": "Bearer t"}}))
    shown = await d(lambda c: c.authz_sources.get("mysql"))
    assert (shown["password"], shown["ssl"]["password"]) == ("******", "******")
    assert shown["username"] == "emqx"
    listed = {s["type"]: s for s in await d(lambda c: c.authz_sources.list())}
    assert listed["http"]["headers"] == {"Authorization": "******"}
    assert listed["mysql"]["password"] == "******"

    # Sending the masked answer back is how a read-modify-write keeps the secret.
    await d(lambda c: c.authz_sources.update("mysql", {**shown, "enable": False}))
    assert d.last()["status"] == 204
    again = await d(lambda c: c.authz_sources.get("mysql"))
    assert (again["enable"], again["password"]) == (False, "******")


async def test_settings_replace_and_caches_clean(d: FlavoredDeployment) -> None:
    assert (await d(lambda c: c.authorization.settings()))["no_match"] == "allow"
    updated = await d(
        lambda c: c.authorization.update_settings(
            no_match="deny", deny_action="disconnect", cache={"enable": False}
        )
    )
    assert (updated["no_match"], updated["deny_action"]) == ("deny", "disconnect")
    assert updated["cache"]["enable"] is False
    assert updated["cache"]["max_size"] == 32  # left out: EMQX's default
    await d(lambda c: c.authorization.clean_cache())
    assert d.last()["status"] == 204

    d.connect("sensor/1")
    assert await d(lambda c: c.clients.authz_cache("sensor/1")) == []
    assert d.last()["path"].endswith("/clients/sensor%2F1/authorization/cache")
    await d(lambda c: c.clients.clean_authz_cache("sensor/1"))
    with pytest.raises(NotFoundError) as unknown:
        await d(lambda c: c.clients.authz_cache("nobody"))
    assert unknown.value.code == "CLIENTID_NOT_FOUND"


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.authz_sources.create({"method": "post"}), ValueError),
        (lambda c: c.authz_sources.create({"type": "oracle"}), ValueError),
        (lambda c: c.authz_sources.create(HTTP | {"enable": 1}), TypeError),
        (lambda c: c.authz_sources.get("order"), ValueError),
        (lambda c: c.authz_sources.move("http", "up"), ValueError),
        (lambda c: c.authz_sources.order(["http", "nope"]), ValueError),
        (
            lambda c: c.authorization.update_settings(no_match="maybe", deny_action="ignore"),
            ValueError,
        ),
        (
            lambda c: c.authorization.update_settings(
                no_match="deny", deny_action="ignore", cache=[]
            ),
            TypeError,
        ),
        (lambda c: c.clients.authz_cache(""), ValueError),
    ],
)
async def test_bad_arguments_fail_before_sending(
    d: FlavoredDeployment, call: Call, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await d(call)
    assert d.sent() == []
