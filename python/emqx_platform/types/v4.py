"""Shapes of a Dedicated v4 deployment's answers and request bodies (EMQX 4.x).

``TypedDict``\\ s with the field names of the EMQX Cloud v4 docs; at run time
plain ``dict``\\ s, so fields the server adds are kept. The typed methods
return what is inside the answer's ``data`` (the ``code`` is checked, not
returned). Import them as ``emqx_platform.types.v4``: several names (``Client``,
``Rule``...) are also EMQX 5 shapes, with other fields.
"""

import sys
from typing import Any, Literal, TypedDict

# typing_extensions only where typing lacks it: importing it costs every start.
if sys.version_info >= (3, 11):
    from typing import NotRequired
else:
    from typing_extensions import NotRequired

__all__ = [
    "AclAccess",
    "AclAction",
    "AclRule",
    "AclRuleInput",
    "Action",
    "AuthClientid",
    "AuthClientidInput",
    "AuthUsername",
    "AuthUsernameInput",
    "Ban",
    "BanType",
    "Client",
    "NodeMetrics",
    "PageMeta",
    "PublishInput",
    "PublishResult",
    "Resource",
    "ResourceType",
    "Rule",
    "RuleAction",
    "Shadow",
    "ShadowDocument",
    "SubscribeInput",
    "Subscription",
    "TopicResult",
    "UnsubscribeInput",
]

AclAction = Literal["pub", "sub", "pubsub"]
"""What an ACL rule covers: publish, subscribe, or both."""
AclAccess = Literal["allow", "deny"]
BanType = Literal["clientid", "username", "peerhost"]
"""What a ban matches (``as``)."""


class PageMeta(TypedDict, total=False):
    """``meta`` of an EMQX 4 page; ``hasnext`` is often left out."""

    page: int
    limit: int
    count: int
    hasnext: bool


class AuthUsername(TypedDict, total=False):
    """A user of the username authentication; ``password`` is its hash, when shown."""

    username: str
    password: str


class AuthUsernameInput(TypedDict):
    """One user of ``create_many()``."""

    username: str
    password: str


class AuthClientid(TypedDict, total=False):
    """A client id of the client-id authentication."""

    clientid: str
    password: str


class AuthClientidInput(TypedDict):
    """One client id of ``create_many()``."""

    clientid: str
    password: str


class AclRule(TypedDict, total=False):
    """An ACL rule; exactly one of ``clientid``, ``username``, ``all`` names whom it covers.

    ``result`` (``"ok"``) is in create answers.
    """

    topic: str
    action: AclAction
    access: AclAccess
    clientid: str
    username: str
    all: str
    result: str


class AclRuleInput(TypedDict):
    """One rule of ``create_many()``: ``clientid`` or
    ``username`` (or neither: every client)."""

    topic: str
    action: AclAction
    access: AclAccess
    clientid: NotRequired[str]
    username: NotRequired[str]


# "as" and "for" are Python keywords: these shapes use the functional syntax.
Ban = TypedDict(
    "Ban",
    {"who": str, "as": str, "reason": str, "by": str, "at": int, "until": int},
    total=False,
)
"""A ban: ``who`` matched ``as`` a client id, username or address; ``at``/``until`` in
Unix seconds."""


class Client(TypedDict, total=False):
    """A client of the broker; times are ``"YYYY-MM-DD HH:mm:ss"``."""

    node: str
    clientid: str
    username: str
    proto_name: str
    proto_ver: int
    ip_address: str
    port: int
    is_bridge: bool
    connected_at: str
    disconnected_at: str
    connected: bool
    zone: str
    keepalive: int
    clean_start: bool
    expiry_interval: int
    created_at: str
    subscriptions_cnt: int
    max_subscriptions: int
    inflight: int
    max_inflight: int
    mqueue_len: int
    max_mqueue: int
    mqueue_dropped: int
    awaiting_rel: int
    max_awaiting_rel: int
    recv_oct: int
    recv_cnt: int
    recv_pkt: int
    recv_msg: int
    send_oct: int
    send_cnt: int
    send_pkt: int
    send_msg: int
    mailbox_len: int
    heap_size: int
    reductions: int
    mountpoint: str


class Subscription(TypedDict, total=False):
    """One subscription of one client."""

    node: str
    clientid: str
    topic: str
    qos: int


class SubscribeInput(TypedDict):
    """One entry of ``mqtt.subscribe_many``: ``topic`` or ``topics`` (comma-separated)."""

    clientid: str
    topic: NotRequired[str]
    topics: NotRequired[str]
    qos: NotRequired[int]


class UnsubscribeInput(TypedDict):
    """One entry of ``mqtt.unsubscribe_many``."""

    clientid: str
    topic: str


class PublishInput(TypedDict):
    """One message of ``mqtt.publish_many``: ``topic`` or ``topics`` (comma-separated)."""

    clientid: str
    payload: str
    topic: NotRequired[str]
    topics: NotRequired[str]
    encoding: NotRequired[Literal["plain", "base64"]]
    qos: NotRequired[int]
    retain: NotRequired[bool]


class TopicResult(TypedDict, total=False):
    """The result of one entry of a batch: its ``topic`` (and ``clientid``) and ``code``."""

    clientid: str
    topic: str
    code: int


class PublishResult(TypedDict, total=False):
    """The result of one message of ``mqtt.publish_many``."""

    topic: str
    code: int


class NodeMetrics(TypedDict):
    """The counters of one node: ``metrics["messages.received"]``..."""

    node: str
    metrics: dict[str, int]


class Shadow(TypedDict, total=False):
    """A device shadow of the Cloud shadow service (camelCase, as the service names it)."""

    shadowID: str
    shadowName: str
    description: str
    createdAt: str
    updatedAt: str


class ShadowDocument(TypedDict, total=False):
    """A shadow's JSON document: ``data`` and its ``version``; times in epoch milliseconds.

    The docs' examples name the creation time ``createAt``, their table ``createdAt``.
    """

    data: dict[str, Any]
    version: int
    createdAt: int
    createAt: int
    lastTime: int


class Resource(TypedDict, total=False):
    """A rule-engine resource (``type`` is a resource type name, e.g. ``web_hook``)."""

    id: str
    type: str
    config: dict[str, Any]
    description: str
    status: list[Any]


class ResourceType(TypedDict, total=False):
    """A resource type provided by EMQX; ``title``/``description`` are ``{"en", "zh"}``."""

    name: str
    title: dict[str, str]
    params: dict[str, Any]
    description: dict[str, str]
    provider: str


class RuleAction(TypedDict, total=False):
    """An action of a rule: its ``name`` and ``params`` (and ``id``/``metrics`` in answers)."""

    id: str
    name: str
    params: dict[str, Any]
    metrics: list[Any]


Rule = TypedDict(
    "Rule",
    {
        "id": str,
        "rawsql": str,
        "for": list[str],
        "actions": list[RuleAction],
        "description": str,
        "enabled": bool,
        "created_at": int,
        "metrics": list[Any],
    },
    total=False,
)
"""A rule: its SQL, the topics it is ``for`` and its actions."""


Action = TypedDict(
    "Action",
    {
        "name": str,
        "types": list[str],
        "title": dict[str, str],
        "params": dict[str, Any],
        "description": dict[str, str],
        "app": str,
        "for": str,
    },
    total=False,
)
"""An action type provided by EMQX (``for`` the hook it runs on)."""
