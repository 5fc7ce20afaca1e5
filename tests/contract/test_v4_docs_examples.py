"""The v4 methods against the EMQX Cloud docs' own examples, not the emulator.

``tests/data/emqx-cloud-v4-api-docs.json`` holds, for each of the 60
documented endpoints of a Dedicated v4 deployment, the docs' curl example,
query parameters, body fields and example answer. Each SDK method is called
with the values of its docs example, against the fault server answering the
documented example, and the tests check, sync and async:

- the request has the documented method and path (the curl example's, or the
  path template filled where the example is a placeholder or a typo), only
  documented query parameters (plus EMQX 4's ``_page``/``_limit`` on lists),
  and the example's body exactly (or only documented fields where the docs
  give no example body);
- the method returns what the documented answer holds (its ``data``, the
  shadow service's object, a page of its items, or ``None`` for ``code`` only);
- the SDK's answer types name every documented field.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
import typing_extensions

from emqx_platform.types import v4 as t
from support.faultserver import FaultServer, Reply
from support.flavors import FlavoredFactory

DOCS_PATH = Path(__file__).resolve().parents[1] / "data" / "emqx-cloud-v4-api-docs.json"
DOCS: dict[str, dict[str, Any]] = {
    operation["operation"]: operation
    for operation in json.loads(DOCS_PATH.read_text(encoding="utf-8"))["operations"]
}
PREFIX = "/api"
PAGE_PARAMS = {"_page", "_limit"}  # EMQX 4's paging, section 2.7 of the reference

# How a method's result is read off the documented answer.
DATA = "data"  # the answer's data
NONE = "none"  # nothing: the answer is only {"code": 0}
BODY = "body"  # the answer itself (the shadow service has no envelope)
PAGE = "page"  # a page of data (items for shadows)
FIRST = "first"  # the single item of data


@dataclass(frozen=True)
class DocumentedCall:
    """The SDK call for one documented operation, with the values of its docs example."""

    call: Callable[[Any], Any]
    reads: str
    returns: Any = None  # the TypedDict of the answer (or of one item), or None
    path: str | None = None  # the expected path when the docs' curl is a placeholder or a typo


SHADOW = "test_shadow"
ACL_BATCH = [
    {"clientid": "emqx_c_1", "topic": "topic/A", "action": "pub", "access": "allow"},
    {"username": "emqx_u_1", "topic": "topic/A", "action": "sub", "access": "allow"},
    {"topic": "topic/+", "action": "pubsub", "access": "deny"},
]
PUBLISH_BATCH = [
    {"topic": "a/b", "clientid": "emqx_c_1", "payload": "Hello EMQX"},
    {"topic": "a/b", "clientid": "emqx_c_1", "qos": 2, "payload": "Hi EMQX"},
]
WEB_HOOK = {
    "url": "http://127.0.0.1:9910",
    "headers": {"token": "axfw34y235wrq234t4ersgw4t"},
    "method": "POST",
}


def _users(key: str, *ids: str) -> list[dict[str, str]]:
    return [{key: i, "password": "password"} for i in ids]


D = DocumentedCall
SDK_CALLS: dict[str, DocumentedCall] = {
    "list_auth_usernames": D(lambda c: c.auth_username.list(), PAGE, t.AuthUsername),
    "get_auth_username": D(lambda c: c.auth_username.get("user1"), DATA, t.AuthUsername),
    "create_auth_username": D(lambda c: c.auth_username.create("user_test", "password"), NONE),
    "batch_create_auth_usernames": D(
        lambda c: c.auth_username.create_many(_users("username", "api_user1", "api_user2")), DATA
    ),
    "update_auth_username_password": D(
        lambda c: c.auth_username.update("api_user1", "new_password"), NONE
    ),
    "delete_auth_username": D(lambda c: c.auth_username.delete("api_user1"), NONE),
    "list_auth_clientids": D(lambda c: c.auth_clientid.list(), PAGE, t.AuthClientid),
    "get_auth_clientid": D(lambda c: c.auth_clientid.get("clientid_1"), DATA, t.AuthClientid),
    "create_auth_clientid": D(lambda c: c.auth_clientid.create("test", "password"), NONE),
    "batch_create_auth_clientids": D(
        lambda c: c.auth_clientid.create_many(_users("clientid", "test1", "test2")), DATA
    ),
    "update_auth_clientid_password": D(
        lambda c: c.auth_clientid.update("test1", "new_password"), NONE
    ),
    "delete_auth_clientid": D(lambda c: c.auth_clientid.delete("test1"), NONE),
    "create_acl_rule_for_clientid": D(
        lambda c: c.acl.create_for_clientid("client1", "a/b", "sub", "allow"), DATA, t.AclRule
    ),
    "create_acl_rule_for_username": D(
        lambda c: c.acl.create_for_username("user1", "a/b", "sub", "allow"), DATA, t.AclRule
    ),
    "create_acl_rule_for_all": D(
        lambda c: c.acl.create_for_all("a/b", "pub", "allow"), DATA, t.AclRule
    ),
    "batch_create_acl_rules": D(lambda c: c.acl.create_many(ACL_BATCH), DATA, t.AclRule),
    "list_acl_rules_for_clientids": D(lambda c: c.acl.list_for_clientids(), PAGE, t.AclRule),
    "list_acl_rules_for_usernames": D(lambda c: c.acl.list_for_usernames(), PAGE, t.AclRule),
    "list_acl_rules_for_all": D(lambda c: c.acl.list_for_all(), PAGE, t.AclRule),
    "get_acl_rules_for_clientid": D(lambda c: c.acl.get_for_clientid("emqx_c_1"), DATA, t.AclRule),
    "get_acl_rules_for_username": D(lambda c: c.acl.get_for_username("emqx_u_1"), DATA, t.AclRule),
    "delete_acl_rule_for_clientid": D(
        lambda c: c.acl.delete_for_clientid("emqx_c_1", "topic/A"), NONE
    ),
    # The docs' example writes the topic "topic%2uA", a typo for topic%2FA.
    "delete_acl_rule_for_username": D(
        lambda c: c.acl.delete_for_username("emqx_u_1", "topic/A"),
        NONE,
        path="/acl/username/emqx_u_1/topic/topic%2FA",
    ),
    # The URI line; the curl examples write /acl/all/$all/topic/..., with the same typo.
    "delete_acl_rule_for_all": D(
        lambda c: c.acl.delete_for_all("topic/A"), NONE, path="/acl/$all/topic/topic%2FA"
    ),
    "list_banned": D(lambda c: c.banned.list(), PAGE, t.Ban),
    "create_banned": D(lambda c: c.banned.create("clientid", "example", "example"), DATA, t.Ban),
    "delete_banned": D(lambda c: c.banned.delete("clientid", "example"), NONE),
    "list_clients": D(lambda c: c.clients.list(page=1, limit=10), PAGE, t.Client),
    "get_client": D(lambda c: c.clients.get("emqx_c_1"), FIRST, t.Client),
    "kick_client": D(lambda c: c.clients.kick("emqx_c_1"), NONE),
    "list_subscriptions": D(lambda c: c.subscriptions.list(), PAGE, t.Subscription),
    # The example writes the placeholder {clientid}.
    "list_client_subscriptions": D(
        lambda c: c.subscriptions.list_for_client("emqx_c_1"),
        PAGE,
        t.Subscription,
        path="/subscriptions/emqx_c_1",
    ),
    "mqtt_subscribe": D(lambda c: c.mqtt.subscribe("emqx_c_1", "a/b", qos=1), NONE),
    "mqtt_unsubscribe": D(lambda c: c.mqtt.unsubscribe("emqx_c_1", "a/b"), NONE),
    "mqtt_subscribe_batch": D(
        lambda c: c.mqtt.subscribe_many([{"clientid": "emqx_c_1", "topic": "a/b", "qos": 1}]),
        DATA,
        t.TopicResult,
        path="/mqtt/subscribe_batch",
    ),
    "mqtt_unsubscribe_batch": D(
        lambda c: c.mqtt.unsubscribe_many([{"clientid": "emqx_c_1", "topic": "a/b"}]),
        DATA,
        t.TopicResult,
    ),
    "mqtt_publish": D(lambda c: c.mqtt.publish("emqx_c_1", "Hello EMQX", "topic/a"), NONE),
    "mqtt_publish_batch": D(lambda c: c.mqtt.publish_many(PUBLISH_BATCH), DATA, t.PublishResult),
    "get_metrics": D(lambda c: c.metrics.get(), DATA, t.NodeMetrics),
    # The example has a trailing slash before its query string.
    "list_shadows": D(lambda c: c.shadows.list(page=1, limit=10), PAGE, t.Shadow, "/shadows"),
    "get_shadow": D(lambda c: c.shadows.get(SHADOW), BODY, t.Shadow, f"/shadows/{SHADOW}"),
    "get_shadow_json": D(
        lambda c: c.shadows.get_json(SHADOW), BODY, t.ShadowDocument, f"/shadows/{SHADOW}/json"
    ),
    "create_shadow": D(
        lambda c: c.shadows.create("test", description="123", shadow_id=SHADOW), BODY, t.Shadow
    ),
    "update_shadow": D(
        lambda c: c.shadows.update(SHADOW, name="test", description=""),
        BODY,
        t.Shadow,
        f"/shadows/{SHADOW}",
    ),
    "replace_shadow_json": D(
        lambda c: c.shadows.replace_json(SHADOW, {"color": "blue", "state": 1, "power": 0}),
        BODY,
        t.ShadowDocument,
        f"/shadows/{SHADOW}/json",
    ),
    "patch_shadow_json": D(
        lambda c: c.shadows.patch_json(SHADOW, {"specs": 2}),
        BODY,
        t.ShadowDocument,
        f"/shadows/{SHADOW}/json",
    ),
    "delete_shadow": D(lambda c: c.shadows.delete(SHADOW), NONE, path=f"/shadows/{SHADOW}"),
    "create_resource": D(
        lambda c: c.resources.create("web_hook", WEB_HOOK, description="web hook resource-1"),
        DATA,
        t.Resource,
    ),
    "get_resource": D(
        lambda c: c.resources.get("resource:b12d3e44"),
        DATA,
        t.Resource,
        path="/resources/resource:b12d3e44",
    ),
    "list_resources": D(lambda c: c.resources.list(), DATA, t.Resource),
    "delete_resource": D(lambda c: c.resources.delete("resource:b12d3e44"), NONE),
    "get_resource_type": D(lambda c: c.resource_types.get("web_hook"), DATA, t.ResourceType),
    "list_resource_types": D(
        lambda c: c.resource_types.list(), DATA, t.ResourceType, path="/resource_types"
    ),
    "create_rule": D(
        lambda c: c.rules.create(
            'select * from "t/a"',
            [{"name": "inspect", "params": {"a": 1}}],
            description="test-rule",
        ),
        DATA,
        t.Rule,
    ),
    "get_rule": D(
        lambda c: c.rules.get("rule:7fdb2c9e"), DATA, t.Rule, path="/rules/rule:7fdb2c9e"
    ),
    "list_rules": D(lambda c: c.rules.list(), DATA, t.Rule),
    "update_rule": D(
        lambda c: c.rules.update("rule:7fdb2c9e", rawsql='select * from "t/b"'), DATA, t.Rule
    ),
    "delete_rule": D(lambda c: c.rules.delete("rule:7fdb2c9e"), NONE),
    "get_action": D(
        lambda c: c.actions.get("do_nothing"), DATA, t.Action, path="/actions/do_nothing"
    ),
    "list_actions": D(lambda c: c.actions.list(), DATA, t.Action),
}

_CURL = re.compile(r"-X (\w+) .*?(?:\{api\}|https://[^/\s]+/api)(/[^\s'\"]*)")
_BODY = re.compile(r"-d '(.*?)'")


def curl_request(operation: dict[str, Any]) -> tuple[str, str, str] | None:
    """Method, path and query of the docs' curl example (``None`` when there is none)."""
    curl = operation["request_example"]
    match = _CURL.search(curl or "")
    if match is None:
        return None
    path, _, query = match.group(2).replace("\\$", "$").partition("?")
    return match.group(1), path, query


def expected_path(name: str) -> str:
    """The path the SDK must send: the curl example's, unless the table says otherwise."""
    documented = SDK_CALLS[name].path
    if documented is not None:
        return documented
    request = curl_request(DOCS[name])
    assert request is not None, f"{name}: no curl example; give the path in SDK_CALLS"
    return request[1]


def normal(path: str) -> str:
    """A path with percent-escapes other than ``%2F`` decoded, and that one upper-cased:
    ``resource%3Ab12`` and ``resource:b12`` name the same segment, ``a%2Fb`` and
    ``a/b`` do not."""
    return re.sub(
        r"%([0-9A-Fa-f]{2})",
        lambda m: "%2F" if m.group(1).upper() == "2F" else chr(int(m.group(1), 16)),
        path,
    )


def example_answer(operation: dict[str, Any]) -> Any:
    """The documented answer (the first, if several), or ``None`` without a usable one."""
    examples = [e for e in operation["response_example"] if "body" in e]
    return examples[0]["body"] if examples else None


def read_off(reads: str, answer: Any) -> Any:
    """What the method should return for the documented answer."""
    if reads == NONE:
        return None
    if reads == BODY:
        return answer
    if reads == PAGE:
        return answer.get("data", answer.get("items"))
    if reads == FIRST:
        return answer["data"][0]
    return answer["data"]


async def call_sdk(make_api: FlavoredFactory, name: str) -> Any:
    result = await make_api("v4")(SDK_CALLS[name].call)
    return result.data if SDK_CALLS[name].reads == PAGE else result


def test_every_documented_operation_has_an_sdk_method() -> None:
    assert len(DOCS) == 60
    assert set(DOCS) == set(SDK_CALLS)


@pytest.mark.asyncio
@pytest.mark.parametrize("name", sorted(DOCS))
async def test_request_is_the_documented_one(
    fault_server: FaultServer, make_api: FlavoredFactory, name: str
) -> None:
    operation = DOCS[name]
    path = expected_path(name)
    answer = example_answer(operation)
    reply = {"code": 0, "data": []} if answer is None else answer
    # Any path: the test checks the one that was sent.
    fault_server.script_fallback(lambda _request: Reply(json=reply))

    await call_sdk(make_api, name)

    [sent] = fault_server.requests
    assert sent.method == operation["method"]
    assert normal(sent.path) == normal(PREFIX + path)
    documented_query = {q["name"] for q in operation["query_params"]}
    assert {key for key, _ in sent.query_pairs} <= documented_query | PAGE_PARAMS
    curl = curl_request(operation)
    if curl is not None and curl[2]:
        assert sent.query_pairs == parse_qsl(curl[2])
    body = operation["request_body"]
    if body["kind"] == "none":
        assert sent.body == b""
        return
    example = _BODY.search(operation["request_example"] or "")
    if example is not None:
        assert sent.json() == json.loads(example.group(1))
        return
    # No example body (subscribe, unsubscribe, the batches): documented fields only.
    fields = {f["name"].removeprefix("[].") for f in body["fields"]}
    sent_body = sent.json()
    items = sent_body if isinstance(sent_body, list) else [sent_body]
    for item in items:
        assert set(item) <= fields, (item, fields)
        required = {f["name"].removeprefix("[].") for f in body["fields"] if f.get("required")}
        assert required <= set(item)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "name", sorted(name for name in DOCS if example_answer(DOCS[name]) is not None)
)
async def test_documented_answer_is_read_as_documented(
    fault_server: FaultServer, make_api: FlavoredFactory, name: str
) -> None:
    answer = example_answer(DOCS[name])
    fault_server.script_fallback(lambda _request: Reply(json=answer))

    result = await call_sdk(make_api, name)

    assert result == read_off(SDK_CALLS[name].reads, answer)


def _documented_fields(operation: dict[str, Any], reads: str) -> set[str]:
    """The field names of one answer item, from the docs' table (``data[].x`` -> ``x``)."""
    names: set[str] = set()
    for field in operation["response"]["fields"]:
        name = field["name"]
        if reads != BODY:
            match = re.match(r"(?:data|items)(?:\[\])?\.(.+)", name)
            if match is None:
                continue
            name = match.group(1)
        first = re.split(r"[.\[]", name)[0]
        names.update(first.split("|"))
    return names


TYPED = sorted(
    name
    for name, call in SDK_CALLS.items()
    # get_client's table names no field of its items (list_clients' does).
    if call.returns is not None and _documented_fields(DOCS[name], call.reads)
)


@pytest.mark.parametrize("name", TYPED)
def test_answer_types_name_the_documented_fields(name: str) -> None:
    call = SDK_CALLS[name]
    hints = typing_extensions.get_type_hints(call.returns)
    documented = _documented_fields(DOCS[name], call.reads)
    assert documented <= set(hints), (call.returns.__name__, documented - set(hints))


def test_acl_action_and_access_take_the_documented_values() -> None:
    assert set(typing.get_args(t.AclAction)) == {"pub", "sub", "pubsub"}
    assert set(typing.get_args(t.AclAccess)) == {"allow", "deny"}
