"""Bad arguments to v4 methods fail with ValueError/TypeError before anything is sent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from support.deployments import FlavoredDeployment

pytestmark = pytest.mark.asyncio

BAD_CALLS: list[tuple[str, Callable[[Any], Any], type[Exception]]] = [
    ("empty username", lambda c: c.auth_username.get(""), ValueError),
    ("empty clientid", lambda c: c.auth_clientid.delete(""), ValueError),
    ("non-str id", lambda c: c.auth_username.update(7, "pw"), TypeError),
    ("empty password", lambda c: c.auth_clientid.create("c1", ""), ValueError),
    ("empty batch", lambda c: c.auth_username.create_many([]), ValueError),
    ("batch of str", lambda c: c.auth_username.create_many("user"), TypeError),
    (
        "batch entry without password",
        lambda c: c.auth_clientid.create_many([{"clientid": "a"}]),
        TypeError,
    ),
    ("unknown acl action", lambda c: c.acl.create_for_all("t/1", "publish", "allow"), ValueError),
    (
        "unknown acl access",
        lambda c: c.acl.create_for_clientid("c", "t", "pub", "maybe"),
        ValueError,
    ),
    (
        "acl rule for both",
        lambda c: c.acl.create_many(
            [{"clientid": "c", "username": "u", "topic": "t", "action": "pub", "access": "allow"}]
        ),
        ValueError,
    ),
    ("empty acl topic", lambda c: c.acl.delete_for_all(""), ValueError),
    (
        "unknown ban type",
        lambda c: c.banned.create("peerhost_net", "10.0.0.0/8", "why"),
        ValueError,
    ),
    ("ban until a float", lambda c: c.banned.create("clientid", "c", "why", until=1.5), TypeError),
    ("qos 3 subscribe", lambda c: c.mqtt.subscribe("c1", "t/#", qos=3), ValueError),
    ("qos 3 publish", lambda c: c.mqtt.publish("c1", "hi", "t/1", qos=3), ValueError),
    ("publish to a wildcard", lambda c: c.mqtt.publish("c1", "hi", "t/#"), ValueError),
    (
        "publish to wildcards in topics",
        lambda c: c.mqtt.publish("c1", "hi", topics="a,b/+"),
        ValueError,
    ),
    ("publish bytes", lambda c: c.mqtt.publish("c1", b"hi", "t/1"), TypeError),
    ("topic and topics", lambda c: c.mqtt.subscribe("c1", "a", topics="b"), ValueError),
    ("neither topic nor topics", lambda c: c.mqtt.publish("c1", "hi"), ValueError),
    (
        "qos 3 in a batch",
        lambda c: c.mqtt.publish_many([{"clientid": "c", "topic": "t", "payload": "p", "qos": 3}]),
        ValueError,
    ),
    (
        "unknown key in a batch",
        lambda c: c.mqtt.subscribe_many([{"clientid": "c", "topic": "t", "qos": 0, "nl": 1}]),
        ValueError,
    ),
    (
        "empty clientid in a batch",
        lambda c: c.mqtt.unsubscribe_many([{"clientid": "", "topic": "t"}]),
        ValueError,
    ),
    ("unknown conn_state", lambda c: c.clients.list(conn_state="online"), ValueError),
    ("negative proto_ver", lambda c: c.clients.list(proto_ver=-1), ValueError),
    ("proto_ver a str", lambda c: c.clients.list(proto_ver="5"), TypeError),
    ("qos 3 filter", lambda c: c.subscriptions.list(qos=3), ValueError),
    ("page 0", lambda c: c.banned.list(page=0), ValueError),
    ("empty kick", lambda c: c.clients.kick(""), ValueError),
    ("shadow without a name", lambda c: c.shadows.create(""), ValueError),
    ("shadow update of nothing", lambda c: c.shadows.update("s1"), ValueError),
    ("shadow document not a dict", lambda c: c.shadows.replace_json("s1", [1]), TypeError),
    ("resource config not a dict", lambda c: c.resources.create("web_hook", "url"), TypeError),
    ("rule without actions", lambda c: c.rules.create('SELECT * FROM "t"', []), ValueError),
    ("rule update of nothing", lambda c: c.rules.update("rule:1"), ValueError),
    ("empty action name", lambda c: c.actions.get(""), ValueError),
]


@pytest.mark.parametrize(
    ("call", "error"),
    [(call, error) for _, call, error in BAD_CALLS],
    ids=[n for n, _, _ in BAD_CALLS],
)
async def test_bad_input_fails_before_sending(
    v4: FlavoredDeployment, call: Callable[[Any], Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        await v4(call)
    assert v4.sent() == []
