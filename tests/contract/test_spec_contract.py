"""Every Deployment API method's request, checked against the real EMQX 5.8.6 spec.

Each public method of every resource (and ``publish``/``publish_many``) is
called, with every optional argument set, by the sync and the async client,
against an HTTPS server on loopback that records each request and answers
with a plausible body. Each recorded request must then exist in
``tests/data/emqx-ee-5.8.6-openapi.json``: the path (matched against the spec's
templates) and the HTTP method; every path and query parameter, validated
against its schema (type, enum, range, required, as its text reads back); and
the JSON body, validated against the request body schema (types, enums,
required properties, nested objects and arrays), with no top-level key the
schema does not name (``support/spec_check.py``). Where the SDK sends what the
real server reads rather than what its spec says, the difference is listed,
with the server source that shows it, in ``support.spec_deviations.REQUEST_DEVIATIONS``.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from referencing import Registry

from emqx_platform import AsyncDeploymentClient, DeploymentClient
from support import openapi, request_schema
from support.certificates import ServerCertificates
from support.clients import DEPLOYMENT_PREFIX, SECRET, USER, client_class
from support.faultserver import FaultServer, RecordedRequest, Reply
from support.flavors import Call, Flavored, Flavors
from support.openapi import SPEC_PATH
from support.spec_calls_access import ACCESS_CALLS
from support.spec_calls_integrate import CALLS as INTEGRATE_CALLS
from support.spec_calls_mqtt import CALLS as MQTT_CALLS
from support.spec_calls_observe import OBSERVE_CALLS
from support.spec_calls_telemetry import CALLS as TELEMETRY_CALLS
from support.spec_check import Sent, check_sent, resolve
from support.spec_deviations import REQUEST_DEVIATIONS

RULE = {"topic": "t/#", "permission": "allow", "action": "all", "qos": [0, 1], "retain": "all"}
PUBLISH_EVENT = {"event_type": "message_publish", "topic": "t/1", "payload": "x", "qos": 1}

# Every public method, with every optional argument. Keys name the method.
CALLS: dict[str, Call] = {
    "clients.list": lambda c: c.clients.list(
        page=2,
        limit=10,
        node="emqx@n1",
        clientid=["a", "b"],
        username="u",
        ip_address="10.0.0.1",
        conn_state="connected",
        clean_start=True,
        proto_ver=5,
        like_clientid="a",
        like_username="u",
        gte_created_at=1,
        lte_created_at="2024-01-01T00:00:00Z",
        gte_connected_at=1,
        lte_connected_at=2,
        fields=["clientid"],
    ),
    "clients.get": lambda c: c.clients.get("a/b"),
    "clients.kick": lambda c: c.clients.kick("a/b"),
    "clients.kick_many": lambda c: c.clients.kick_many(["a", "b"]),
    "clients.subscriptions": lambda c: c.clients.subscriptions("a"),
    "clients.subscribe": lambda c: c.clients.subscribe("a", "t/#", qos=1, nl=1, rap=1, rh=2),
    "clients.subscribe_many": lambda c: c.clients.subscribe_many(
        "a", [{"topic": "t", "qos": 1, "nl": 0, "rap": 0, "rh": 0}]
    ),
    "clients.unsubscribe": lambda c: c.clients.unsubscribe("a", "t"),
    "clients.unsubscribe_many": lambda c: c.clients.unsubscribe_many("a", ["t", "u"]),
    "subscriptions.list": lambda c: c.subscriptions.list(
        page=1,
        limit=5,
        node="n",
        clientid="a",
        qos=1,
        topic="t",
        match_topic="t/#",
        share_group="g",
        durable=False,
    ),
    "topics.list": lambda c: c.topics.list(page=1, limit=5, topic="t", node="n"),
    "topics.get": lambda c: c.topics.get("a/+/b"),
    "publish": lambda c: c.publish("t/1", b"\x00", qos=1, retain=True, properties={"k": 1}),
    "publish_many": lambda c: c.publish_many(
        [{"topic": "t", "payload": "x", "qos": 2, "retain": False, "properties": {}}]
    ),
    "auth_users.list": lambda c: c.auth_users.list(
        page=1, limit=5, like_user_id="u", is_superuser=False
    ),
    "auth_users.get": lambda c: c.auth_users.get("u"),
    "auth_users.create": lambda c: c.auth_users.create("u", "p", is_superuser=True),
    "auth_users.update": lambda c: c.auth_users.update("u", password="p", is_superuser=True),
    "auth_users.delete": lambda c: c.auth_users.delete("u"),
    "auth_users.import_users": lambda c: c.auth_users.import_users(
        [{"user_id": "u", "password": "p", "is_superuser": True}]
    ),
    "auth_users.for_authenticator": lambda c: c.auth_users.for_authenticator(
        "scram:built_in_database"
    ).get("u"),
    "acl.clients.list": lambda c: c.acl.clients.list(page=1, limit=5, like="a"),
    "acl.clients.get": lambda c: c.acl.clients.get("a"),
    "acl.clients.create": lambda c: c.acl.clients.create("a", [RULE]),
    "acl.clients.update": lambda c: c.acl.clients.update("a", [RULE]),
    "acl.clients.delete": lambda c: c.acl.clients.delete("a"),
    "acl.users.list": lambda c: c.acl.users.list(page=1, limit=5, like="u"),
    "acl.users.get": lambda c: c.acl.users.get("u"),
    "acl.users.create": lambda c: c.acl.users.create("u", [RULE]),
    "acl.users.update": lambda c: c.acl.users.update("u", [RULE]),
    "acl.users.delete": lambda c: c.acl.users.delete("u"),
    "acl.all.get": lambda c: c.acl.all.get(),
    "acl.all.set": lambda c: c.acl.all.set([RULE]),
    "acl.all.delete": lambda c: c.acl.all.delete(),
    "acl.wipe": lambda c: c.acl.wipe(),
    "acl.for_source": lambda c: c.acl.for_source("built_in_database").all.get(),
    "banned.list": lambda c: c.banned.list(
        page=1,
        limit=5,
        clientid="a",
        username="u",
        peerhost="1.2.3.4",
        like_clientid="a",
        like_username="u",
        like_peerhost="1.2",
        like_peerhost_net="10.0",
    ),
    "banned.create": lambda c: c.banned.create(
        "peerhost_net", "10.0.0.0/8", reason="r", until="infinity", by="me", at=1
    ),
    "banned.delete": lambda c: c.banned.delete("peerhost_net", "10.0.0.0/8"),
    "banned.clear": lambda c: c.banned.clear(),
    "rules.list": lambda c: c.rules.list(
        page=1,
        limit=5,
        enable=True,
        from_="t/1",
        like_id="r",
        like_from="t",
        like_description="d",
        match_from="t/#",
        action=["http:a"],
        source=["mqtt:s"],
    ),
    "rules.get": lambda c: c.rules.get("r"),
    "rules.create": lambda c: c.rules.create(
        'SELECT * FROM "t"',
        actions=["http:a", {"function": "console"}],
        name="n",
        description="d",
        enable=False,
        id="r",
        metadata={"k": 1},
    ),
    "rules.update": lambda c: c.rules.update(
        "r", sql='SELECT * FROM "t"', actions=[], name="n", description="d", enable=True
    ),
    "rules.delete": lambda c: c.rules.delete("r"),
    "rules.test": lambda c: c.rules.test('SELECT * FROM "t"', context=PUBLISH_EVENT),
    "rules.test(id)": lambda c: c.rules.test(id="r", context=PUBLISH_EVENT),
    "rules.metrics": lambda c: c.rules.metrics("r"),
    "rules.reset_metrics": lambda c: c.rules.reset_metrics("r"),
    "connectors.list": lambda c: c.connectors.list(),
    "connectors.get": lambda c: c.connectors.get("http:c"),
    "connectors.create": lambda c: c.connectors.create(
        "http", "c", url="https://x", enable=True, description="d"
    ),
    "connectors.update": lambda c: c.connectors.update("http:c", url="https://y"),
    "connectors.delete": lambda c: c.connectors.delete("http:c"),
    "connectors.enable": lambda c: c.connectors.enable("http:c"),
    "connectors.disable": lambda c: c.connectors.disable("http:c"),
    "connectors.start": lambda c: c.connectors.start("http:c"),
    "actions.list": lambda c: c.actions.list(),
    "actions.get": lambda c: c.actions.get("http:a"),
    "actions.create": lambda c: c.actions.create(
        "http", "a", connector="c", parameters={"method": "post"}, enable=True
    ),
    "actions.update": lambda c: c.actions.update("http:a", connector="c", parameters={}),
    "actions.delete": lambda c: c.actions.delete("http:a", also_delete_dep_actions=True),
    "actions.enable": lambda c: c.actions.enable("http:a"),
    "actions.disable": lambda c: c.actions.disable("http:a"),
    "actions.start": lambda c: c.actions.start("http:a"),
    "actions.metrics": lambda c: c.actions.metrics("http:a"),
    "actions.reset_metrics": lambda c: c.actions.reset_metrics("http:a"),
    "metrics.get": lambda c: c.metrics.get(aggregate=False, node="emqx@n1"),
    "stats.get": lambda c: c.stats.get(aggregate=False),
    "nodes.list": lambda c: c.nodes.list(),
    "nodes.get": lambda c: c.nodes.get("emqx@n1"),
    "nodes.metrics": lambda c: c.nodes.metrics("emqx@n1"),
    "nodes.stats": lambda c: c.nodes.stats("emqx@n1"),
    "retainer.messages": lambda c: c.retainer.messages(page=1, limit=5, topic="t/#"),
    "retainer.get": lambda c: c.retainer.get("t/1"),
    "retainer.delete": lambda c: c.retainer.delete("t/1"),
}
CALLS |= INTEGRATE_CALLS
CALLS |= ACCESS_CALLS
CALLS |= MQTT_CALLS
CALLS |= TELEMETRY_CALLS


def is_resource(value: object) -> bool:
    """Whether ``value`` is a resource (``client.clients``, ``client.acl.users``...)."""
    return type(value).__module__.startswith("emqx_platform.resources.") and not callable(value)


def _string_methods(target: object, prefix: str = "") -> dict[str, int]:
    """Public methods of ``target``'s resources whose required arguments are all plain
    ``str``, with how many they take."""
    found: dict[str, int] = {}
    for attr in dir(target):
        if attr.startswith("_") or isinstance(inspect.getattr_static(target, attr), property):
            continue
        value = getattr(target, attr)
        if is_resource(value):
            found |= _string_methods(value, f"{prefix}{attr}.")
        elif prefix and inspect.ismethod(value):
            required = [
                p
                for p in inspect.signature(value).parameters.values()
                if p.default is p.empty and p.kind is not p.VAR_KEYWORD
            ]
            if all(p.annotation == "str" and p.kind is p.POSITIONAL_OR_KEYWORD for p in required):
                found[f"{prefix}{attr}"] = len(required)
    return found


def _sample_call(name: str, arity: int) -> Call:
    def call(client: Any) -> Any:
        method = client
        for part in name.split("."):
            method = getattr(method, part)
        return method(*[f"sample-{i}" for i in range(arity)])

    return call


CALLS.update(OBSERVE_CALLS)


def _add_string_calls() -> None:
    """A method left out of CALLS whose arguments are all strings (or none) is called
    with sample strings, so a new simple endpoint is checked without an entry here."""
    client = DeploymentClient(USER, SECRET, base_url="https://emqx.test/api/v5")
    for name, arity in _string_methods(client).items():
        CALLS.setdefault(name, _sample_call(name, arity))


_add_string_calls()


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SPEC_PATH.read_text())
    return loaded


def plausible_answer(request: RecordedRequest) -> Reply:
    """A body the SDK reads back: ids for publishes, the page asked for, an empty
    zip for downloads, else ``{}``."""
    path = request.path.removeprefix(DEPLOYMENT_PREFIX)
    if path == "/publish":
        return Reply(json={"id": "0001"})
    if path.endswith("/download"):
        # The content type EMQX 5 sends a trace's archive with.
        return Reply(body=b"PK\x05\x06" + bytes(18), content_type="application/x-zip")
    if path == "/sessions_count":
        return Reply(json=3)
    if path == "/publish/bulk":
        return Reply(json=[{"id": f"{i:04d}"} for i in range(len(request.json()))])
    if path == "/authorization/sources" and request.method == "GET":
        return Reply(json={"sources": []})
    pages = [value for key, value in request.query_pairs if key == "page"]
    if request.method == "GET" and pages:
        # A page number the client reads back, as EMQX echoes it.
        page = int(pages[0]) if pages[0].isdigit() else 1
        return Reply(json={"data": [], "meta": {"page": page, "limit": 100, "hasnext": False}})
    return Reply(json={})


@pytest.fixture(scope="module")
def recorder(certificates: ServerCertificates) -> Iterator[FaultServer]:
    """One server for the module: it keeps no state but its request log."""
    with FaultServer(certificates) as server:
        server.script_fallback(plausible_answer)
        yield server


def recorder_client(recorder: FaultServer, *, is_async: bool) -> Any:
    """A Deployment client of ``recorder``, sync or async."""
    cls = client_class("deployment", is_async=is_async)
    options: dict[str, Any] = {"verify": recorder.ca_path, "max_retries": 0, "timeout": 10}
    return cls(USER, SECRET, base_url=recorder.url + DEPLOYMENT_PREFIX, **options)


async def record(recorder: FaultServer, api: Flavored, call: Call) -> list[Sent]:
    """The requests ``call`` sends, as the server received them."""
    start = len(recorder.requests)
    await api(call)
    return [
        Sent(
            r.method,
            r.path.removeprefix(DEPLOYMENT_PREFIX),
            r.query_pairs,
            json.loads(r.body) if r.body else None,
        )
        for r in recorder.requests[start:]
    ]


@pytest.fixture(scope="module")
def refs() -> Registry:
    return request_schema.registry()


# -- the tests ---------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("name", sorted(CALLS))
async def test_request_matches_the_spec(
    spec: dict[str, Any], refs: Registry, recorder: FaultServer, flavors: Flavors, name: str
) -> None:
    api = flavors.wrap(recorder_client(recorder, is_async=flavors.is_async))
    sent = await record(recorder, api, CALLS[name])
    assert sent, f"{name} sent nothing"
    for request in sent:
        check_sent(spec, refs, request)


@pytest.mark.asyncio
@pytest.mark.parametrize("name", sorted(CALLS))
async def test_sync_and_async_send_the_same(recorder: FaultServer, name: str) -> None:
    sync, async_ = (
        Flavored(recorder_client(recorder, is_async=is_async), is_async)
        for is_async in (False, True)
    )
    try:
        assert await record(recorder, sync, CALLS[name]) == await record(
            recorder, async_, CALLS[name]
        )
    finally:
        await sync.close()
        await async_.close()


def public_methods(target: object, prefix: str = "") -> set[str]:
    """The dotted names of the public methods of ``target`` and of its resources."""
    found = set()
    for attr in dir(target):
        if attr.startswith("_"):
            continue
        value = getattr(target, attr)
        if is_resource(value):
            found |= public_methods(value, f"{prefix}{attr}.")
        elif prefix and callable(value):
            found.add(f"{prefix}{attr}")
    return found


@pytest.mark.parametrize("cls", [DeploymentClient, AsyncDeploymentClient])
def test_every_public_method_is_checked(cls: type[Any]) -> None:
    client = cls(USER, SECRET, base_url="https://emqx.test/api/v5")
    methods = {"publish", "publish_many"} | public_methods(client)
    assert len(methods) > 50, sorted(methods)  # the resources were found
    covered = {key.split("(")[0] for key in CALLS}
    assert methods - covered == set(), "add these to CALLS"


def test_request_deviations_still_differ_from_the_spec(spec: dict[str, Any]) -> None:
    """Each listed deviation still describes a real difference (else remove it)."""
    for deviation in REQUEST_DEVIATIONS:
        op = spec["paths"][deviation.template][deviation.method.lower()]
        schema = resolve(spec, op["requestBody"]["content"]["application/json"]["schema"])
        if deviation.what == "body":
            assert deviation.schema is not None
            assert schema.get("type") != deviation.schema["type"], deviation
        elif deviation.what == "body by type":
            # No update member says its type; each pairs with the create member
            # of the same component family, in the same place.
            pairs = request_schema.paired_members(deviation.method, deviation.template)
            for create, update in pairs:
                assert [c.split(".")[0] for c in create] == [u.split(".")[0] for u in update]
                for name in update:
                    assert "type" not in spec["components"]["schemas"][name].get("properties", {})
        else:
            key = deviation.what.removeprefix("body key ")
            assert key not in schema.get("properties", {}), deviation


# The spec's own words, each read by the checker above: a wrong type, a value
# outside an enum, a missing required property or parameter.
WRONG_REQUESTS: list[tuple[str, Sent, str]] = [
    (
        "is_superuser as a string",
        Sent("POST", "/authentication/password_based%3Abuilt_in_database/users", [],
             {"user_id": "u", "password": "p", "is_superuser": "true"}),
        "body is_superuser",
    ),
    (
        "a key the schema does not name",
        Sent("POST", "/authentication/password_based%3Abuilt_in_database/users", [],
             {"user_id": "u", "password": "p", "admin": True}),
        "body key 'admin'",
    ),
    (
        "password missing",
        Sent("POST", "/authentication/password_based%3Abuilt_in_database/users", [],
             {"user_id": "u"}),
        "body (top)",
    ),
    (
        "permission outside its enum",
        Sent("POST", "/authorization/sources/built_in_database/rules/users", [],
             [{"username": "u", "rules": [{**RULE, "permission": "maybe"}]}]),
        "body 0/rules/0/permission",
    ),
    (
        "qos as a string",
        Sent("POST", "/publish", [], {"topic": "t", "payload": "x", "qos": "1"}),
        "body qos",
    ),
    (
        "a boolean filter as Python writes it",
        Sent("GET", "/authentication/password_based%3Abuilt_in_database/users",
             [("is_superuser", "True")], None),
        "query is_superuser",
    ),
    (
        "conn_state outside its enum",
        Sent("GET", "/clients", [("conn_state", "online")], None),
        "query conn_state",
    ),
    (
        "a page that is not a number",
        Sent("GET", "/clients", [("page", "two")], None),
        "query page",
    ),
    (
        "required query parameter missing",
        Sent("POST", "/authentication/password_based%3Abuilt_in_database/import_users", [],
             [{"user_id": "u", "password": "p"}]),
        "required query parameter 'type'",
    ),
    (
        "an update body of the wrong type for its connector",
        Sent("PUT", "/connectors/http%3Ac", [], {"url": 42}),
        "body url",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sent", "problem"),
    [pytest.param(sent, problem, id=name) for name, sent, problem in WRONG_REQUESTS],
)
def test_the_checker_rejects_what_the_spec_forbids(
    spec: dict[str, Any], refs: Registry, sent: Sent, problem: str
) -> None:
    with pytest.raises(AssertionError, match=re.escape(problem)):
        check_sent(spec, refs, sent)


def test_nullable_is_read_as_openapi_means_it(refs: Registry) -> None:
    # The 5.8.6 spec has no ``nullable``, but a newer one may: OpenAPI 3.0's
    # "or null" must not be ignored (a validator that does rejects null).
    nullable = request_schema.as_draft4({"type": "string", "nullable": True, "enum": ["a", None]})
    assert openapi.errors(None, nullable, refs) == []
    assert openapi.errors("a", nullable, refs) == []
    assert openapi.errors(5, nullable, refs)
    assert openapi.errors(None, request_schema.as_draft4({"type": "string"}), refs)
