"""Emulator answers of the core Deployment API groups, checked against the real spec.

Each test drives one group (clients, subscriptions and topics, publish,
authentication users, authorization rules, banned, rules, metrics and stats,
nodes) through its success and error answers, and validates every answer
against the response schema ``tests/data/emqx-ee-5.8.6-openapi.json`` declares for that
operation and status. Where the real server differs from its spec, the
emulator follows the server; those differences are listed, with a reason
each, in ``tests/support/spec_deviations.py`` and nowhere else.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from referencing import Registry

from emqx_platform import quote_path
from emqx_platform.testing import Emulator
from support import openapi, raw_https, spec_deviations
from support.schema_checker import Checker

AUTHN = "/authentication/" + quote_path("password_based:built_in_database")
AUTHZ = "/authorization/sources/built_in_database/rules"


def test_clients(check: Checker, emqx_emulator: Emulator, dep: str) -> None:
    emqx_emulator.connect_client(dep, "with-user", username="alice", proto_ver=4)
    emqx_emulator.connect_client(dep, "anonymous")
    emqx_emulator.connect_client(dep, "gone", clean_start=False, expiry_interval=300)
    emqx_emulator.disconnect_client(dep, "gone")

    page = check("GET", "/clients", "/clients", 200)
    assert {c["clientid"] for c in page["data"]} == {"with-user", "anonymous", "gone"}
    check("GET", "/clients", "/clients", 200, params={"fields": "clientid,username"})
    check("GET", "/clients", "/clients", 200, params={"like_clientid": "on", "limit": 1})
    check("GET", "/clients", "/clients", 400, params={"page": 0})
    gone = check("GET", "/clients/gone", "/clients/{clientid}", 200)
    assert gone["connected"] is False
    assert "disconnected_at" in gone
    connected = check("GET", "/clients/anonymous", "/clients/{clientid}", 200)
    assert "disconnected_at" not in connected
    check("GET", "/clients/nobody", "/clients/{clientid}", 404)

    check(
        "POST",
        "/clients/with-user/subscribe",
        "/clients/{clientid}/subscribe",
        200,
        json={"topic": "t/#", "qos": 1},
    )
    check(
        "POST",
        "/clients/with-user/subscribe",
        "/clients/{clientid}/subscribe",
        400,
        json={"topic": "t/#/x"},
    )
    check(
        "POST",
        "/clients/nobody/subscribe",
        "/clients/{clientid}/subscribe",
        404,
        json={"topic": "t"},
    )
    check(
        "POST",
        "/clients/anonymous/subscribe/bulk",
        "/clients/{clientid}/subscribe/bulk",
        200,
        json=[{"topic": "$share/g/s/+", "qos": 2}, {"topic": "a"}],
    )
    subs = check(
        "GET", "/clients/anonymous/subscriptions", "/clients/{clientid}/subscriptions", 200
    )
    assert [s["topic"] for s in subs] == ["$share/g/s/+", "a"]
    check(
        "POST",
        "/clients/anonymous/unsubscribe",
        "/clients/{clientid}/unsubscribe",
        204,
        json={"topic": "a"},
    )
    check(
        "POST",
        "/clients/anonymous/unsubscribe/bulk",
        "/clients/{clientid}/unsubscribe/bulk",
        204,
        json=[{"topic": "$share/g/s/+"}],
    )
    check("DELETE", "/clients/anonymous", "/clients/{clientid}", 204)
    check("DELETE", "/clients/anonymous", "/clients/{clientid}", 404)
    check("POST", "/clients/kickout/bulk", "/clients/kickout/bulk", 204, json=["with-user"])


def test_subscriptions_and_topics(check: Checker, emqx_emulator: Emulator, dep: str) -> None:
    emqx_emulator.connect_client(dep, "c1")
    check(
        "POST", "/clients/c1/subscribe", "/clients/{clientid}/subscribe", 200, json={"topic": "t/+"}
    )
    page = check("GET", "/subscriptions", "/subscriptions", 200)
    assert page["data"][0]["topic"] == "t/+"
    check("GET", "/subscriptions", "/subscriptions", 200, params={"clientid": "c1", "qos": 0})
    check("GET", "/subscriptions", "/subscriptions", 400, params={"limit": 0})
    check("GET", "/topics", "/topics", 200)
    routes = check("GET", "/topics/" + quote_path("t/+"), "/topics/{topic}", 200)
    assert routes[0]["topic"] == "t/+"
    check("GET", "/topics/" + quote_path("no/such"), "/topics/{topic}", 404)


def test_publish(check: Checker, emqx_emulator: Emulator, dep: str) -> None:
    emqx_emulator.connect_client(dep, "sub")
    check(
        "POST",
        "/clients/sub/subscribe",
        "/clients/{clientid}/subscribe",
        200,
        json={"topic": "t/#"},
    )
    ok = check("POST", "/publish", "/publish", 200, json={"topic": "t/1", "payload": "x"})
    assert set(ok) == {"id"}
    nobody = check("POST", "/publish", "/publish", 202, json={"topic": "u/1", "payload": "x"})
    assert nobody == {"reason_code": 16, "message": "no_matching_subscribers"}
    bad = check("POST", "/publish", "/publish", 400, json={"topic": "t/#", "payload": "x"})
    assert bad["reason_code"] == 144
    check("POST", "/publish", "/publish", 400, json={"payload": "no topic"})
    messages = [{"topic": "t/1", "payload": "a"}, {"topic": "t/2", "payload": "b", "qos": 1}]
    check("POST", "/publish/bulk", "/publish/bulk", 200, json=messages)
    mixed = check(
        "POST",
        "/publish/bulk",
        "/publish/bulk",
        202,
        json=[*messages, {"topic": "u", "payload": "c"}],
    )
    assert [set(r) for r in mixed] == [{"id"}, {"id"}, {"reason_code", "message"}]
    check("POST", "/publish/bulk", "/publish/bulk", 400, json=[{"topic": "+", "payload": "x"}])


def test_authentication_users(check: Checker) -> None:
    check("GET", "/authentication", "/authentication", 200)
    check("GET", AUTHN, "/authentication/{id}", 200)
    users = AUTHN + "/users"
    alice = {"user_id": "alice", "password": "pw", "is_superuser": True}
    created = check("POST", users, "/authentication/{id}/users", 201, json=alice)
    assert created == {"user_id": "alice", "is_superuser": True}
    duplicate = check("POST", users, "/authentication/{id}/users", 409, json=alice)
    assert duplicate["code"] == "ALREADY_EXISTS"
    check("POST", users, "/authentication/{id}/users", 400, json={"password": "no id"})
    check("GET", users, "/authentication/{id}/users", 200)
    check("GET", users, "/authentication/{id}/users", 200, params={"like_user_id": "al"})
    check("GET", users + "/alice", "/authentication/{id}/users/{user_id}", 200)
    check("GET", users + "/bob", "/authentication/{id}/users/{user_id}", 404)
    check(
        "PUT",
        users + "/alice",
        "/authentication/{id}/users/{user_id}",
        200,
        json={"password": "new", "is_superuser": False},
    )
    imported = check(
        "POST",
        AUTHN + "/import_users",
        "/authentication/{id}/import_users",
        200,
        params={"type": "plain"},
        json=[{"user_id": "bob", "password": "pw", "is_superuser": False}],
    )
    assert imported["success"] == 1
    check("DELETE", users + "/alice", "/authentication/{id}/users/{user_id}", 204)
    check("DELETE", users + "/alice", "/authentication/{id}/users/{user_id}", 404)
    check("GET", "/authentication/jwt/users", "/authentication/{id}/users", 404)


def test_authorization_rules(check: Checker) -> None:
    rule = {"topic": "t/#", "permission": "allow", "action": "publish", "qos": [0, 1]}
    for who, key in (("users", "username"), ("clients", "clientid")):
        many = f"{AUTHZ}/{who}"
        one = f"{AUTHZ}/{who}/{{{key}}}"
        check("POST", many, many, 204, json=[{key: "x/1", "rules": [rule]}])
        check("GET", many, many, 200)
        check("GET", many, many, 200, params={f"like_{key}": "x"})
        got = check("GET", f"{many}/{quote_path('x/1')}", one, 200)
        assert got == {key: "x/1", "rules": [rule]}
        check("GET", f"{many}/nobody", one, 404)
        check(
            "PUT",
            f"{many}/{quote_path('x/1')}",
            one,
            204,
            json={key: "x/1", "rules": [{**rule, "retain": True}]},
        )
        check("DELETE", f"{many}/{quote_path('x/1')}", one, 204)
        check("DELETE", f"{many}/{quote_path('x/1')}", one, 404)
    check("POST", AUTHZ + "/users", AUTHZ + "/users", 204, json=[{"username": "u", "rules": []}])
    duplicate = check(
        "POST", AUTHZ + "/users", AUTHZ + "/users", 409, json=[{"username": "u", "rules": []}]
    )
    assert duplicate["code"] == "ALREADY_EXISTS"
    every = AUTHZ + "/all"
    check("POST", every, every, 204, json={"rules": [{**rule, "retain": "all"}]})
    assert check("GET", every, every, 200)["rules"][0]["retain"] == "all"
    check("DELETE", every, every, 204)
    check("DELETE", AUTHZ, AUTHZ, 204)


def test_banned(check: Checker) -> None:
    ban = check("POST", "/banned", "/banned", 200, json={"as": "clientid", "who": "bad"})
    assert (ban["as"], ban["who"]) == ("clientid", "bad")
    again = check("POST", "/banned", "/banned", 400, json={"as": "clientid", "who": "bad"})
    assert again["code"] == "ALREADY_EXISTS"
    check("POST", "/banned", "/banned", 400, json={"as": "nickname", "who": "x"})
    net = {"as": "peerhost_net", "who": "10.0.0.0/8", "until": "infinity", "reason": "r"}
    check("POST", "/banned", "/banned", 200, json=net)
    check("GET", "/banned", "/banned", 200)
    check("GET", "/banned", "/banned", 200, params={"like_peerhost_net": "10."})
    who = quote_path("10.0.0.0/8")
    check("DELETE", f"/banned/peerhost_net/{who}", "/banned/{as}/{who}", 204)
    check("DELETE", f"/banned/peerhost_net/{who}", "/banned/{as}/{who}", 404)
    check("DELETE", "/banned", "/banned", 204)


def test_rules(check: Checker) -> None:
    sql = 'SELECT * FROM "t/#"'
    actions = [{"function": "console"}, {"function": "republish", "args": {"topic": "out"}}]
    rule = check("POST", "/rules", "/rules", 201, json={"sql": sql, "actions": actions})
    path = "/rules/" + quote_path(rule["id"])
    check("POST", "/rules", "/rules", 400, json={"id": rule["id"], "sql": sql})
    check("POST", "/rules", "/rules", 400, json={"sql": "SELEKT nonsense"})
    check("GET", "/rules", "/rules", 200)
    check("GET", "/rules", "/rules", 200, params={"like_from": "t/", "enable": True})
    check("GET", path, "/rules/{id}", 200)
    check("GET", "/rules/nope", "/rules/{id}", 404)
    updated = check("PUT", path, "/rules/{id}", 200, json={"enable": False})
    assert updated["enable"] is False
    check("GET", path + "/metrics", "/rules/{id}/metrics", 200)
    check("PUT", path + "/metrics/reset", "/rules/{id}/metrics/reset", 204)
    context = {"event_type": "message_publish", "topic": "t/1", "payload": "x"}
    check("POST", "/rule_test", "/rule_test", 200, json={"sql": sql, "context": context})
    check(
        "POST",
        "/rule_test",
        "/rule_test",
        412,
        json={"sql": sql, "context": {**context, "topic": "other"}},
    )
    check("DELETE", path, "/rules/{id}", 204)
    check("DELETE", path, "/rules/{id}", 404)


def test_metrics_and_stats(check: Checker, emqx_emulator: Emulator, dep: str) -> None:
    emqx_emulator.connect_client(dep, "c")
    per_node = check("GET", "/metrics", "/metrics", 200)
    assert isinstance(per_node, list)
    aggregated = check("GET", "/metrics", "/metrics", 200, params={"aggregate": True})
    assert aggregated["client.connected"] >= 1
    check("GET", "/stats", "/stats", 200)
    stats = check("GET", "/stats", "/stats", 200, params={"aggregate": True})
    assert stats["connections.count"] == 1


def test_nodes(check: Checker) -> None:
    nodes = check("GET", "/nodes", "/nodes", 200)
    node = quote_path(nodes[0]["node"])
    check("GET", f"/nodes/{node}", "/nodes/{node}", 200)
    check("GET", f"/nodes/{node}/metrics", "/nodes/{node}/metrics", 200)
    check("GET", f"/nodes/{node}/stats", "/nodes/{node}/stats", 200)
    check("GET", "/nodes/" + quote_path("emqx@10.9.9.9"), "/nodes/{node}", 404)


def test_auth_and_media_type_errors_are_known_deviations(
    check: Checker, emqx_emulator: Emulator
) -> None:
    """401 and 415 answer operations that do not declare them (see ``UNDECLARED_ANSWERS``)."""
    with emqx_emulator.deployment_client(app_secret="wrong", max_retries=0) as wrong:
        check.client = wrong
        check("GET", "/clients", "/clients", 401)
    dep = emqx_emulator.deployments[0]
    answer = raw_https.send(
        dep.base_url + "/publish",
        emqx_emulator.ca_cert_path,
        "POST",
        headers={**raw_https.basic(dep.app_id, dep.app_secret), "Content-Type": "text/plain"},
        body=b"{}",
    )
    assert answer.status == 415
    check.validate("POST", "/publish", 415, answer.json)
    with pytest.raises(AssertionError, match="undeclared 409"):
        check.validate("GET", "/clients", 409, {"code": "ALREADY_EXISTS", "message": "m"})


# -- the checker and the deviation list themselves ------------------------------------


def test_the_checker_rejects_what_the_spec_forbids(refs: Registry) -> None:
    """Without the deviations, the real client shape fails; a wrong type always does."""
    raw = openapi.registry(openapi.spec())
    client = openapi.response_schema("GET", "/clients/{clientid}", 200)
    assert client is not None
    real = {"clientid": "c", "username": None, "subscriptions_max": "infinity"}
    assert {openapi.location(e) for e in openapi.errors(real, client, raw)} == {
        "username",
        "subscriptions_max",
    }
    assert openapi.errors(real, client, refs) == []
    assert openapi.errors({"clientid": 7, "connected_at": "yesterday"}, client, refs)
    ban = openapi.component("emqx_mgmt_api_banned.ban")
    assert openapi.errors({"as": "clientid", "who": "x", "until": "infinity"}, ban, refs) == []
    assert openapi.errors({"as": "clientid", "who": "x", "until": "soon"}, ban, refs)


def test_every_deviation_names_something_in_the_spec() -> None:
    schemas = openapi.spec()["components"]["schemas"]
    for patch in spec_deviations.SCHEMA_PATCHES:
        node: Any = schemas[patch.component]
        for key in patch.pointer:
            node = node[key]
        assert node != patch.replacement, patch
        assert patch.reason
    for shape in spec_deviations.RESPONSE_SHAPES:
        declared = openapi.response_schema(shape.method, shape.template, shape.status)
        assert declared != shape.schema, shape
        assert shape.reason
    for answer in spec_deviations.UNDECLARED_ANSWERS:
        assert answer.reason
        if answer.template != "*":
            with pytest.raises(openapi.Undeclared):
                openapi.response_schema(answer.method, answer.template, answer.status)


# A file of the EMQX server in emqx/emqx at the spec's tag, then what in it.
_EMQX_FILE = re.compile(
    "^" + re.escape(spec_deviations.EMQX_SOURCE) + r"apps/[\w/]+\.(erl|hrl)( \(.+\))?$"
)


def test_every_deviation_cites_a_public_source() -> None:
    """Each entry says where its server behaviour can be checked, from the repository alone."""
    entries: list[Any] = [
        *spec_deviations.SCHEMA_PATCHES,
        *spec_deviations.RESPONSE_SHAPES,
        *spec_deviations.UNDECLARED_ANSWERS,
        *spec_deviations.REQUEST_DEVIATIONS,
    ]
    public = (spec_deviations.EMQX_DOCS, spec_deviations.SPEC_SOURCE)
    for entry in entries:
        assert _EMQX_FILE.match(entry.source) or entry.source.startswith(public), entry
    texts = [text for entry in entries for text in (entry.reason, entry.source)]
    texts += [text for pair in spec_deviations.EMULATOR_SIMPLIFICATIONS for text in pair]
    for text in texts:
        # Notes outside the repository are no source a reader can follow.
        assert "shared/" not in text, text
        assert "notes §" not in text, text
