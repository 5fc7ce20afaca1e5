"""``client.auto_subscribe`` and ``client.topic_rewrite``: broker-wide MQTT settings.

Both are lists that a ``set`` replaces as a whole (EMQX keeps at most 20 entries).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ...types.mqtt import AutoSubscribeTopic, TopicRewriteRule
from .._checks import check_choice, check_mapping, check_str
from .._endpoint import Endpoint
from .._resource import AsyncResource, SyncResource
from .clients import subscription_body

__all__ = ["AsyncAutoSubscribe", "AsyncTopicRewrite", "AutoSubscribe", "TopicRewrite"]

_RULE_KEYS = ("action", "source_topic", "dest_topic", "re")


def _entries(name: str, values: object) -> list[Any]:
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list of dicts, not {type(values).__name__}")
    return list(values)


def _topics_body(topics: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [subscription_body(t, f"topics[{i}]") for i, t in enumerate(_entries("topics", topics))]


def _rule(name: str, value: object) -> dict[str, Any]:
    rule = check_mapping(name, value)
    unknown = set(rule) - set(_RULE_KEYS)
    if unknown:
        raise TypeError(f"{name} has unknown keys {sorted(unknown)}: use {', '.join(_RULE_KEYS)}")
    for key in _RULE_KEYS:
        if key not in rule:
            raise ValueError(f"{name} needs {key!r}")
        check_str(f"{name}[{key!r}]", rule[key])
    check_choice(f"{name}['action']", rule["action"], ("publish", "subscribe", "all"))
    return rule


def _rules_body(rules: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [_rule(f"rules[{i}]", r) for i, r in enumerate(_entries("rules", rules))]


GET_AUTO_SUBSCRIBE = Endpoint[list[AutoSubscribeTopic]]("GET", "/mqtt/auto_subscribe")
SET_AUTO_SUBSCRIBE = Endpoint[list[AutoSubscribeTopic]](
    "PUT", "/mqtt/auto_subscribe", body=_topics_body
)
GET_TOPIC_REWRITE = Endpoint[list[TopicRewriteRule]]("GET", "/mqtt/topic_rewrite")
SET_TOPIC_REWRITE = Endpoint[list[TopicRewriteRule]]("PUT", "/mqtt/topic_rewrite", body=_rules_body)


class AutoSubscribe(SyncResource):
    """Topics every client is subscribed to when it connects::

    d.auto_subscribe.set([{"topic": "devices/${clientid}/cmd", "qos": 1}])
    """

    def get(self) -> list[AutoSubscribeTopic]:
        """The auto-subscribe topics, in order."""
        return self._run(GET_AUTO_SUBSCRIBE, locals())

    def set(self, topics: Iterable[Mapping[str, Any]]) -> list[AutoSubscribeTopic]:
        """Replace the whole list: ``[{"topic", "qos"?, "nl"?, "rap"?, "rh"?}, ...]``
        (``[]`` removes them all). ``${clientid}``, ``${username}``, ``${host}``
        and ``${port}`` in a topic are filled per client. More than 20 is a
        ``ConflictError`` (``EXCEED_LIMIT``)."""
        return self._run(SET_AUTO_SUBSCRIBE, locals())


class AsyncAutoSubscribe(AsyncResource, twin=AutoSubscribe):
    """Auto-subscribe topics, for asyncio (see ``AutoSubscribe``)."""

    async def get(self) -> list[AutoSubscribeTopic]:
        """The auto-subscribe topics, in order."""
        return await self._run(GET_AUTO_SUBSCRIBE, locals())

    async def set(self, topics: Iterable[Mapping[str, Any]]) -> list[AutoSubscribeTopic]:
        """Replace the whole list of auto-subscribe topics."""
        return await self._run(SET_AUTO_SUBSCRIBE, locals())


class TopicRewrite(SyncResource):
    """Rules that rewrite topics on publish and/or subscribe::

    d.topic_rewrite.set([{"action": "publish", "source_topic": "x/#",
                          "re": "^x/(.+)$", "dest_topic": "y/$1"}])
    """

    def get(self) -> list[TopicRewriteRule]:
        """The rules, in the order they are tried."""
        return self._run(GET_TOPIC_REWRITE, locals())

    def set(self, rules: Iterable[Mapping[str, Any]]) -> list[TopicRewriteRule]:
        """Replace the whole list; each rule needs ``action`` (``"publish"``,
        ``"subscribe"`` or ``"all"``), ``source_topic`` (a filter), ``re`` and
        ``dest_topic``. The first rule whose ``source_topic`` matches a topic
        decides; if its ``re`` does not match, the topic stays as it is."""
        return self._run(SET_TOPIC_REWRITE, locals())


class AsyncTopicRewrite(AsyncResource, twin=TopicRewrite):
    """Topic-rewrite rules, for asyncio (see ``TopicRewrite``)."""

    async def get(self) -> list[TopicRewriteRule]:
        """The rules, in the order they are tried."""
        return await self._run(GET_TOPIC_REWRITE, locals())

    async def set(self, rules: Iterable[Mapping[str, Any]]) -> list[TopicRewriteRule]:
        """Replace the whole list of rules."""
        return await self._run(SET_TOPIC_REWRITE, locals())
