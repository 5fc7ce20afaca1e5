"""Shapes of the Deployment API's answers (EMQX 5), as the real server sends them.

They are ``TypedDict``\\ s: at run time plain ``dict``\\ s, so fields the server
adds later (Cloud adds ``peersni``, ``tenant_id_from``, ``cn``, ``dn``, ...)
are kept, and nothing is lost or renamed. Most are ``total=False``: EMQX
leaves fields out rather than sending ``null`` (``disconnected_at`` of a
connected client, ``count`` of a fuzzy search, ``payload`` of a large retained
message). Counter names with dots (``recv_msg.qos0``) use the functional
``TypedDict`` syntax; read them with ``client["recv_msg.qos0"]``.

``PublishResult`` is the one class here that is not a ``TypedDict``: a
frozen dataclass built by the SDK from a publish answer.
"""

import sys
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

# typing_extensions only where typing lacks it: importing it costs every start.
if sys.version_info >= (3, 11):
    from typing import Required
else:
    from typing_extensions import Required

from .. import _display

__all__ = [
    "AclAllRules",
    "AclClientRules",
    "AclRule",
    "AclUserRules",
    "Action",
    "AuthUser",
    "Authenticator",
    "Ban",
    "Client",
    "Connector",
    "ImportUsersResult",
    "Limit",
    "Node",
    "PageMeta",
    "PublishResult",
    "RetainedMessage",
    "RetainedMessageSummary",
    "Rule",
    "Subscription",
    "Topic",
]

Limit = int | Literal["infinity"]
"""A limit field (``subscriptions_max`` ...): an ``int``, or the string ``"infinity"``."""


class PageMeta(TypedDict, total=False):
    """``meta`` of a page. Only ``hasnext`` is always there; ``count`` is left out
    when the server cannot count cheaply (fuzzy ``like_*`` filters)."""

    page: int
    limit: int
    hasnext: Required[bool]
    count: int


Client = TypedDict(
    "Client",
    {
        "clientid": Required[str],
        "username": str | None,
        "node": str,
        "ip_address": str,
        "port": int,
        "proto_name": str,
        "proto_ver": int,
        "is_bridge": bool,
        "mountpoint": str | None,
        "listener": str,
        "peerport": int,
        "enable_authn": bool,
        "is_persistent": bool,
        "durable": bool,
        "client_attrs": dict[str, Any],
        "zone": str,
        "connected": bool,
        "clean_start": bool,
        "keepalive": int,
        "expiry_interval": int,
        "is_expired": bool,
        "created_at": str,
        "connected_at": str,
        "disconnected_at": str,
        "subscriptions_cnt": int,
        "subscriptions_max": Limit,
        "inflight_cnt": int,
        "inflight_max": Limit,
        "mqueue_len": int,
        "mqueue_max": Limit,
        "mqueue_dropped": int,
        "awaiting_rel_cnt": int,
        "awaiting_rel_max": Limit,
        "recv_cnt": int,
        "recv_oct": int,
        "recv_pkt": int,
        "recv_msg": int,
        "recv_msg.qos0": int,
        "recv_msg.qos1": int,
        "recv_msg.qos2": int,
        "recv_msg.dropped": int,
        "recv_msg.dropped.await_pubrel_timeout": int,
        "send_cnt": int,
        "send_oct": int,
        "send_pkt": int,
        "send_msg": int,
        "send_msg.qos0": int,
        "send_msg.qos1": int,
        "send_msg.qos2": int,
        "send_msg.dropped": int,
        "send_msg.dropped.expired": int,
        "send_msg.dropped.queue_full": int,
        "send_msg.dropped.too_large": int,
        "mailbox_len": int,
        "heap_size": int,
        "reductions": int,
    },
    total=False,
)
Client.__doc__ = """A connected (or session-keeping) MQTT client. ``username`` may be ``None``;
``*_max`` limits may be ``"infinity"``; with ``list(fields=[...])`` only the
fields asked for are present."""


class Subscription(TypedDict, total=False):
    """One subscription. ``topic`` of a shared subscription reads
    ``$share/<group>/<filter>``; ``clientid`` may be ``None``."""

    clientid: str | None
    topic: Required[str]
    qos: int
    nl: int
    rap: int
    rh: int
    node: str
    durable: bool


class Topic(TypedDict, total=False):
    """One route: a topic filter somebody subscribed to, and the node holding it."""

    topic: Required[str]
    node: str
    session: str


class AuthUser(TypedDict, total=False):
    """A user of a built-in-database authenticator (the password never comes back)."""

    user_id: Required[str]
    is_superuser: bool


class Authenticator(TypedDict, total=False):
    """An authenticator's configuration; the other fields depend on its backend."""

    id: str
    mechanism: str
    backend: str
    enable: bool
    user_id_type: Literal["username", "clientid"]
    password_hash_algorithm: dict[str, Any]


class ImportUsersResult(TypedDict, total=False):
    """Counts of a user import: ``override`` counts existing users replaced."""

    total: int
    success: int
    override: int
    skipped: int
    failed: int


class _AclRuleRequired(TypedDict):
    topic: str
    permission: Literal["allow", "deny"]
    action: Literal["publish", "subscribe", "all"]


class AclRule(_AclRuleRequired, total=False):
    """One authorization rule. ``topic`` may start with ``eq `` (exact match);
    ``qos`` defaults to all of 0..2 and ``retain`` to ``"all"``."""

    qos: list[int]
    retain: bool | Literal["all"]


class AclClientRules(TypedDict):
    """The rules of one client id."""

    clientid: str
    rules: list[AclRule]


class AclUserRules(TypedDict):
    """The rules of one username."""

    username: str
    rules: list[AclRule]


class AclAllRules(TypedDict):
    """The rules that apply to every client."""

    rules: list[AclRule]


Ban = TypedDict(
    "Ban",
    {
        "as": Required[str],
        "who": Required[str],
        "by": str,
        "reason": str,
        "at": str,
        "until": str,
    },
    total=False,
)
Ban.__doc__ = """A ban: ``ban["as"]`` is the method (``clientid``, ``username``, ``peerhost``,
``clientid_re``, ``username_re``, ``peerhost_net``), ``who`` its object. ``at``
and ``until`` are RFC 3339 strings; ``until`` may be ``"infinity"``."""


Rule = TypedDict(
    "Rule",
    {
        "id": Required[str],
        "name": str,
        "sql": str,
        "actions": list[str | dict[str, Any]],
        "enable": bool,
        "description": str,
        "metadata": dict[str, Any],
        "from": list[str],
        "created_at": str,
        "last_modified_at": str,
    },
    total=False,
)
Rule.__doc__ = """A rule of the rule engine. ``actions`` items are ``"<type>:<name>"``
references to data-integration actions, or objects (``republish``,
``console``); ``rule["from"]`` lists the topics its SQL reads."""


class Connector(TypedDict, total=False):
    """A data-integration connector; its type-specific settings are extra keys."""

    type: Required[str]
    name: Required[str]
    enable: bool
    description: str
    status: str
    status_reason: str
    node_status: list[dict[str, Any]]
    resource_opts: dict[str, Any]
    actions: list[str]


class Action(TypedDict, total=False):
    """A data-integration action (or source); ``status`` is ``connected``,
    ``disconnected``, ``connecting``, ``inconsistent`` or ``stopped``."""

    type: Required[str]
    name: Required[str]
    connector: str
    enable: bool
    description: str
    parameters: dict[str, Any]
    resource_opts: dict[str, Any]
    fallback_actions: list[Any]
    tags: list[str]
    status: str
    status_reason: str
    node_status: list[dict[str, Any]]


class Node(TypedDict, total=False):
    """A node of the cluster (names look like ``emqx@10.0.0.1``)."""

    node: Required[str]
    node_status: str
    version: str
    edition: str
    uptime: int
    connections: int
    live_connections: int
    cluster_sessions: int
    load1: float
    load5: float
    load15: float
    memory_total: int | str
    memory_used: int | str
    max_fds: int
    process_available: int
    process_used: int
    otp_release: str
    role: str
    sys_path: str
    log_path: str


class RetainedMessageSummary(TypedDict, total=False):
    """A retained message as listed (no payload)."""

    msgid: str
    topic: Required[str]
    qos: int
    publish_at: str
    from_clientid: str
    from_username: str | None


class RetainedMessage(RetainedMessageSummary, total=False):
    """A retained message with its ``payload`` (base64; absent when too large)."""

    payload: str


@dataclass(frozen=True, slots=True, repr=False)
class PublishResult:
    """What became of one published message.

    ``delivered`` is true when the answer carried a message ``id`` (at least
    one subscriber matched); otherwise ``reason_code`` and ``message`` say why
    not, e.g. ``16`` / ``"no_matching_subscribers"`` (HTTP 202, not an error).
    Errors of the whole request (400 invalid topic, 503 dispatch failure)
    raise ``APIStatusError`` with ``reason_code`` set.
    """

    id: str | None = None
    """The message id (hex) when it was delivered."""
    reason_code: int | None = None
    """The MQTT reason code when it was not delivered (16: no matching subscribers)."""
    message: str | None = None
    """The reason's name, e.g. ``"no_matching_subscribers"``."""

    @property
    def delivered(self) -> bool:
        """Whether at least one subscriber matched (the answer carried an ``id``)."""
        return self.id is not None

    __repr__ = _display.publish_repr
    _repr_pretty_ = _display.publish_pretty
    _repr_html_ = _display.publish_html
