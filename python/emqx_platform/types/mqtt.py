"""Shapes of the MQTT extensions (delayed publish, auto subscribe, topic rewrite,
retainer settings) and of a session's in-flight and queued messages."""

from __future__ import annotations

from typing import Any, Literal, TypedDict

__all__ = [
    "AutoSubscribeTopic",
    "DelayedMessage",
    "DelayedSettings",
    "QueuedMessage",
    "RetainerSettings",
    "TopicRewriteRule",
]


class DelayedSettings(TypedDict, total=False):
    """``delayed.settings()``: whether ``$delayed/{seconds}/{topic}`` publishes are held."""

    enable: bool
    max_delayed_messages: int
    """0 is no limit."""


class DelayedMessage(TypedDict, total=False):
    """A message held by delayed publish; ``payload`` (base64) only from ``delayed.get``."""

    msgid: str
    node: str
    publish_at: str
    delayed_interval: int
    delayed_remaining: int
    expected_at: str
    topic: str
    qos: int
    from_clientid: str
    from_username: str | None
    payload: str


class _AutoSubscribeOptions(TypedDict, total=False):
    qos: int
    rh: int
    rap: int
    nl: int


class AutoSubscribeTopic(_AutoSubscribeOptions):
    """A topic every client is subscribed to when it connects; ``${clientid}``,
    ``${username}``, ``${host}`` and ``${port}`` are filled per client."""

    topic: str


class TopicRewriteRule(TypedDict):
    """Topics matching ``source_topic`` and the regex ``re`` become ``dest_topic``
    (``$1``, ``$2``... are the regex's groups)."""

    action: Literal["publish", "subscribe", "all"]
    source_topic: str
    dest_topic: str
    re: str


class RetainerSettings(TypedDict, total=False):
    """``retainer.settings()``: the retainer's configuration."""

    enable: bool
    msg_expiry_interval: str
    msg_expiry_interval_override: str
    allow_never_expire: bool
    msg_clear_interval: str
    max_payload_size: str
    stop_publish_clear_msg: bool
    delivery_rate: str
    max_publish_rate: str
    backend: dict[str, Any]


class QueuedMessage(TypedDict, total=False):
    """A message in a session's in-flight window or queue.

    ``publish_at`` is epoch milliseconds; ``payload`` is base64 unless asked
    otherwise; ``mqueue_priority`` only for queued messages.
    """

    msgid: str
    topic: str
    qos: int
    publish_at: int
    from_clientid: str
    from_username: str
    inserted_at: str
    mqueue_priority: int
    payload: str
