"""Every Deployment API method's request, checked against the real EMQX 5.8.6 spec.

Each public method of every resource (and ``publish``/``publish_many``) is
called, with every optional argument set, on a client whose transport only
records what would be sent. Each recorded request must then exist in
``tests/data/emqx-ee-5.8.6-openapi.json``: the path (matched against the spec's
templates) and the HTTP method; every path and query parameter, validated
against its schema (type, enum, range, required, as its text reads back); and
the JSON body, validated against the request body schema (types, enums,
required properties, nested objects and arrays), with no top-level key the
schema does not name. Where the SDK sends what the real server reads rather
than what its spec says, the difference is listed, with the server source
that shows it, in ``support.spec_deviations.REQUEST_DEVIATIONS``.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import pytest
from referencing import Registry

from emqx_platform import AsyncDeploymentClient, DeploymentClient
from emqx_platform.resources._resource import AsyncResource, SyncResource, resource
from support import openapi, request_schema
from support.openapi import SPEC_PATH
from support.spec_deviations import REQUEST_DEVIATIONS, request_deviation


@dataclass
class Sent:
    method: str
    path: str
    query: list[tuple[str, str]]
    body: Any


class RecordingTransport:
    """Stands in for ``_core.Transport``: records requests, answers plausible bodies."""

    username = "recorder-app-id"
    base_url = "https://recorder.invalid/api/v5"
    timeout = 30.0
    connect_timeout = 5.0
    max_retries = 0

    def __init__(self) -> None:
        self.sent: list[Sent] = []

    def _answer(self, method: str, path: str, query: Any, body: Any) -> Any:
        self.sent.append(Sent(method, path, list(query or []), body))
        if path == "/publish":
            return {"id": "0001"}
        if path == "/publish/bulk":
            return [{"id": f"{i:04d}"} for i in range(len(body))]
        pages = [value for key, value in query or [] if key == "page"]
        if method == "GET" and pages:
            # A page number the client reads back, as EMQX echoes it.
            page = int(pages[0]) if pages[0].isdigit() else 1
            return {"data": [], "meta": {"page": page, "limit": 100, "hasnext": False}}
        return {}

    def request(self, method: str, path: str, query: Any, body: Any, timeout: Any) -> Any:
        return self._answer(method, path, query, body)

    def request_future(
        self, method: str, path: str, query: Any, body: Any, timeout: Any
    ) -> asyncio.Future[Any]:
        future = asyncio.get_running_loop().create_future()
        future.set_result(self._answer(method, path, query, body))
        return future


RULE = {"topic": "t/#", "permission": "allow", "action": "all", "qos": [0, 1], "retain": "all"}
PUBLISH_EVENT = {"event_type": "message_publish", "topic": "t/1", "payload": "x", "qos": 1}

# Every public method, with every optional argument. Keys name the method.
CALLS: dict[str, Callable[[Any], Any]] = {
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


def _string_methods(owner: object, prefix: str) -> dict[str, int]:
    """Public methods of ``owner`` (and its sub-resources) whose required arguments are
    all plain ``str``, with how many they take."""
    found: dict[str, int] = {}
    for name in dir(owner):
        if name.startswith("_") or isinstance(inspect.getattr_static(owner, name), property):
            continue
        value = getattr(owner, name)
        if isinstance(value, (SyncResource, AsyncResource)):
            found |= _string_methods(value, f"{prefix}{name}.")
        elif inspect.ismethod(value):
            required = [
                p
                for p in inspect.signature(value).parameters.values()
                if p.default is p.empty and p.kind is not p.VAR_KEYWORD
            ]
            if all(p.annotation == "str" and p.kind is p.POSITIONAL_OR_KEYWORD for p in required):
                found[f"{prefix}{name}"] = len(required)
    return found


def _sample_call(name: str, arity: int) -> Callable[[Any], Any]:
    def call(client: Any) -> Any:
        method = client
        for part in name.split("."):
            method = getattr(method, part)
        return method(*[f"sample-{i}" for i in range(arity)])

    return call


def _add_string_calls() -> None:
    """A method left out of CALLS whose arguments are all strings (or none) is called
    with sample strings, so a new simple endpoint is checked without an entry here."""
    client = DeploymentClient._from_transport(RecordingTransport())  # type: ignore[arg-type]
    for attribute in dir(DeploymentClient):
        if isinstance(inspect.getattr_static(DeploymentClient, attribute), resource):
            methods = _string_methods(getattr(client, attribute), f"{attribute}.")
            for name, arity in methods.items():
                CALLS.setdefault(name, _sample_call(name, arity))


_add_string_calls()


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SPEC_PATH.read_text())
    return loaded


def record(call: Callable[[Any], Any], *, is_async: bool) -> list[Sent]:
    transport = RecordingTransport()
    if is_async:
        client: Any = AsyncDeploymentClient._from_transport(transport)  # type: ignore[arg-type]

        async def run() -> None:
            result = call(client)
            if inspect.isawaitable(result):
                await result

        asyncio.run(run())
    else:
        client = DeploymentClient._from_transport(transport)  # type: ignore[arg-type]
        call(client)
    return transport.sent


# -- matching against the spec ----------------------------------------------------


def _template_regex(template: str) -> re.Pattern[str]:
    parts = [
        "[^/]+" if seg.startswith("{") and seg.endswith("}") else re.escape(seg)
        for seg in template.split("/")
    ]
    return re.compile("^" + "/".join(parts) + "$")


def find_operation(spec: dict[str, Any], sent: Sent) -> tuple[str, dict[str, Any]]:
    """The most specific spec path matching ``sent`` that has its method."""
    candidates = []
    for template, ops in spec["paths"].items():
        if sent.method.lower() in ops and _template_regex(template).match(sent.path):
            literal = sum(1 for seg in template.split("/") if not seg.startswith("{"))
            candidates.append((literal, template))
    assert candidates, f"{sent.method} {sent.path} is not in the spec"
    template = max(candidates)[1]
    return template, spec["paths"][template][sent.method.lower()]


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with its ``$ref``s followed, local (``#/...``) or into the spec's URI."""
    while "$ref" in node:
        pointer = node["$ref"].split("#/", 1)[1]
        found: Any = spec
        for part in pointer.split("/"):
            found = found[part.replace("~1", "/").replace("~0", "~")]
        node = found
    return node


@pytest.fixture(scope="module")
def refs() -> Registry:
    return request_schema.registry()


def parameter_problems(refs: Registry, template: str, sent: Sent) -> list[str]:
    """Every path and query parameter sent, and every required one, against its schema."""
    declared = request_schema.parameters(sent.method, template)
    query_names = {p["name"] for p in declared if p["in"] == "query"}
    problems = [
        f"query {name!r} is not in the spec" for name, _ in sent.query if name not in query_names
    ]
    segments = dict(zip(template.split("/"), sent.path.split("/"), strict=True))
    for parameter in declared:
        if parameter["in"] == "query":
            values = [value for name, value in sent.query if name == parameter["name"]]
        elif parameter["in"] == "path":
            values = [unquote(segments["{" + parameter["name"] + "}"])]
        else:
            continue
        problems += request_schema.parameter_errors(parameter, values, refs)
    return problems


def body_problems(spec: dict[str, Any], refs: Registry, template: str, sent: Sent) -> list[str]:
    """The JSON body against the operation's schema (or the server's, where they differ)."""
    if sent.body is None:
        return []
    declared = request_schema.body_schema(sent.method, template)
    if declared is None:
        return [f"{sent.method} {template} takes no JSON body"]
    schema = declared
    if deviation := request_deviation(sent.method, template, "body"):
        assert deviation.schema is not None
        schema = deviation.schema
    elif request_deviation(sent.method, template, "body by type"):
        type_name = unquote(sent.path.rsplit("/", 1)[1]).split(":", 1)[0]
        schema = request_schema.member_for_type(sent.method, template, type_name)
    problems = [
        f"body {openapi.location(error) or '(top)'}: {error.message}"
        for error in openapi.errors(sent.body, schema, refs)
    ]
    return problems + unknown_key_problems(spec, refs, template, sent, schema)


def unknown_key_problems(
    spec: dict[str, Any], refs: Registry, template: str, sent: Sent, schema: dict[str, Any]
) -> list[str]:
    """Top-level keys the schema does not name (JSON Schema allows them unless told not to)."""
    if "$ref" in schema:
        schema = refs.resolver().lookup(schema["$ref"]).contents
    resolved = resolve(spec, schema)
    items = sent.body if isinstance(sent.body, list) else [sent.body]
    if resolved.get("type") == "array":
        resolved = resolve(spec, resolved.get("items", {}))
    properties = resolved.get("properties")
    if not properties:
        return []  # a oneOf of per-type schemas, checked as a whole above
    return [
        f"body key {key!r} is not in the spec"
        for item in items
        if isinstance(item, dict)
        for key in sorted(set(item) - set(properties))
        if request_deviation(sent.method, template, f"body key {key}") is None
    ]


def check_sent(spec: dict[str, Any], refs: Registry, sent: Sent) -> None:
    template, _ = find_operation(spec, sent)
    problems = parameter_problems(refs, template, sent) + body_problems(spec, refs, template, sent)
    assert not problems, f"{sent.method} {sent.path} ({template}): {problems}"


# -- the tests ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_request_matches_the_spec(
    spec: dict[str, Any], refs: Registry, name: str, is_async: bool
) -> None:
    sent = record(CALLS[name], is_async=is_async)
    assert sent, f"{name} sent nothing"
    for request in sent:
        check_sent(spec, refs, request)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_sync_and_async_send_the_same(name: str) -> None:
    assert record(CALLS[name], is_async=False) == record(CALLS[name], is_async=True)


def _public_methods(resource: object, prefix: str) -> set[str]:
    found = set()
    for attr in dir(resource):
        if attr.startswith("_"):
            continue
        value = getattr(resource, attr)
        if isinstance(value, (SyncResource, AsyncResource)):
            found |= _public_methods(value, f"{prefix}{attr}.")
        elif callable(value):
            found.add(f"{prefix}{attr}")
    return found


@pytest.mark.parametrize("cls", [DeploymentClient, AsyncDeploymentClient])
def test_every_public_method_is_checked(cls: type[Any]) -> None:
    client = cls._from_transport(RecordingTransport())
    resources = {
        name: getattr(client, name)
        for name in dir(cls)
        if isinstance(inspect.getattr_static(cls, name), resource)
    }
    methods = {"publish", "publish_many"}
    for name, attached in resources.items():
        methods |= _public_methods(attached, f"{name}.")
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
