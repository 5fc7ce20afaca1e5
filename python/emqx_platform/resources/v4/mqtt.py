"""``client.mqtt``: subscribe and unsubscribe on a client's behalf, and publish (EMQX 4).

EMQX 4's ``/mqtt/*`` calls act for a client id: publishing names the client it
comes from, and ``topics`` (comma-separated) may stand in for ``topic``.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from ...types.v4 import PublishResult, TopicResult
from .._checks import check_bool, check_choice, check_str
from .._endpoint import Endpoint
from ._base import (
    V4AsyncResource,
    V4Resource,
    check_batch,
    check_qos,
    check_topic_name,
    data,
    nothing,
)

__all__ = ["AsyncMqtt", "Mqtt"]

Encoding = Literal["plain", "base64"]


def _topics(
    name: str, topic: object, topics: object, check: Callable[[str, object], str]
) -> dict[str, str]:
    """``topic`` or ``topics`` (comma-separated), exactly one of them."""
    if (topic is None) == (topics is None):
        raise ValueError(f"{name}: give exactly one of topic and topics")
    if topic is not None:
        return {"topic": check(f"{name}topic", topic)}
    joined = check_str(f"{name}topics", topics)
    for part in joined.split(","):
        check(f"{name}topics", part)
    return {"topics": joined}


def _filter(name: str, value: object) -> str:
    return check_str(name, value)


def _subscription(
    clientid: object, topic: object, topics: object, qos: object, name: str = ""
) -> dict[str, Any]:
    body: dict[str, Any] = {"clientid": check_str(f"{name}clientid", clientid)}
    body.update(_topics(name, topic, topics, _filter))
    body["qos"] = check_qos(f"{name}qos", qos)
    return body


def _unsubscription(clientid: object, topic: object, name: str = "") -> dict[str, Any]:
    return {
        "clientid": check_str(f"{name}clientid", clientid),
        "topic": check_str(f"{name}topic", topic),
    }


def _message(
    clientid: object,
    payload: object,
    topic: object,
    topics: object,
    encoding: object,
    qos: object,
    retain: object,
    name: str = "",
) -> dict[str, Any]:
    if not isinstance(payload, str):
        raise TypeError(f"{name}payload must be a str (base64 text with encoding='base64')")
    body: dict[str, Any] = {"clientid": check_str(f"{name}clientid", clientid)}
    body.update(_topics(name, topic, topics, check_topic_name))
    body["payload"] = payload
    # Options are sent only when given: the server's defaults are plain, 0, false.
    if encoding is not None:
        body["encoding"] = check_choice(f"{name}encoding", encoding, ("plain", "base64"))
    if qos is not None:
        body["qos"] = check_qos(f"{name}qos", qos)
    if retain is not None:
        body["retain"] = check_bool(f"{name}retain", retain)
    return body


def _each(
    items: object, build: Callable[..., dict[str, Any]], defaults: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """A non-empty batch, each entry built by ``build`` from its keys (``defaults`` filled)."""
    batch = []
    for i, item in enumerate(check_batch("the batch", items)):
        try:
            batch.append(build(**{**defaults, **item}, name=f"[{i}] "))
        except TypeError as error:
            if "unexpected keyword" not in str(error):
                raise
            raise ValueError(f"[{i}] has an unknown key: {error}") from None
    return batch


_SUBSCRIBE_DEFAULTS = {"topic": None, "topics": None, "qos": 0}
_PUBLISH_DEFAULTS = {"topic": None, "topics": None, "encoding": None, "qos": None, "retain": None}

SUBSCRIBE = Endpoint(
    "POST",
    "/mqtt/subscribe",
    body=lambda clientid, topic, topics, qos: _subscription(clientid, topic, topics, qos),
    parse=nothing,
)
UNSUBSCRIBE = Endpoint(
    "POST",
    "/mqtt/unsubscribe",
    body=lambda clientid, topic: _unsubscription(clientid, topic),
    parse=nothing,
)
SUBSCRIBE_MANY = Endpoint[list[TopicResult]](
    "POST",
    "/mqtt/subscribe_batch",
    body=lambda subscriptions: _each(subscriptions, _subscription, _SUBSCRIBE_DEFAULTS),
    parse=data,
)
UNSUBSCRIBE_MANY = Endpoint[list[TopicResult]](
    "POST",
    "/mqtt/unsubscribe_batch",
    body=lambda subscriptions: _each(subscriptions, _unsubscription, {}),
    parse=data,
)
PUBLISH = Endpoint(
    "POST",
    "/mqtt/publish",
    body=lambda clientid, payload, topic, topics, encoding, qos, retain: _message(
        clientid, payload, topic, topics, encoding, qos, retain
    ),
    parse=nothing,
)
PUBLISH_MANY = Endpoint[list[PublishResult]](
    "POST",
    "/mqtt/publish_batch",
    body=lambda messages: _each(messages, _message, _PUBLISH_DEFAULTS),
    parse=data,
)


class Mqtt(V4Resource):
    """MQTT on a client's behalf: subscribe, unsubscribe, publish, one or many at a time."""

    def subscribe(
        self,
        clientid: str,
        topic: str | None = None,
        *,
        topics: str | None = None,
        qos: int = 0,
    ) -> None:
        """Subscribe a connected client to ``topic`` (a filter, wildcards allowed), or to
        each of ``topics`` (comma-separated).

        Raises:
            NotFoundError: The client is not connected (EMQX 4 code 112).
        """
        return self._run(SUBSCRIBE, locals())

    def unsubscribe(self, clientid: str, topic: str) -> None:
        """Unsubscribe a client from one topic filter."""
        return self._run(UNSUBSCRIBE, locals())

    def subscribe_many(
        self, subscriptions: Iterable[Mapping[str, Any]], *, raise_on_error: bool = True
    ) -> builtins.list[TopicResult]:
        """Several subscriptions in one request, each a
        ``SubscribeInput`` (``clientid``, ``topic`` or
        ``topics``, ``qos``); one result (``code``) each.

        Raises:
            BatchError: Some entries' ``code`` is not 0 (112: the client is not
                connected); the others took effect. With ``raise_on_error=False``
                the results are returned.
        """
        return self._run_batch(SUBSCRIBE_MANY, locals())

    def unsubscribe_many(
        self, subscriptions: Iterable[Mapping[str, Any]], *, raise_on_error: bool = True
    ) -> builtins.list[TopicResult]:
        """Several unsubscriptions (``{clientid, topic}``) in one request; one result each.

        Raises:
            BatchError: Some entries failed (see ``subscribe_many()``).
        """
        return self._run_batch(UNSUBSCRIBE_MANY, locals())

    def publish(
        self,
        clientid: str,
        payload: str,
        topic: str | None = None,
        *,
        topics: str | None = None,
        encoding: Encoding | None = None,
        qos: int | None = None,
        retain: bool | None = None,
    ) -> None:
        """Publish one message as client ``clientid``.

        Args:
            clientid: The client the message comes from.
            payload: The text, or base64 with ``encoding="base64"``.
            topic: A topic name (no ``+``/``#``); or ``topics``, comma-separated.
            encoding: ``"plain"`` (the server's default) or ``"base64"``.
            qos: 0, 1 or 2 (server default 0).
            retain: Keep it as the topic's retained message (server default no).
        """
        return self._run(PUBLISH, locals())

    def publish_many(
        self, messages: Iterable[Mapping[str, Any]], *, raise_on_error: bool = True
    ) -> builtins.list[PublishResult]:
        """Several messages in one request, each a
        ``PublishInput``; one result (``topic``, ``code``) each.

        Raises:
            BatchError: Some messages' ``code`` is not 0; the others were sent.
                With ``raise_on_error=False`` the results are returned.
        """
        return self._run_batch(PUBLISH_MANY, locals())


class AsyncMqtt(V4AsyncResource, twin=Mqtt):
    """MQTT on a client's behalf, for asyncio (see ``Mqtt``)."""

    async def subscribe(
        self,
        clientid: str,
        topic: str | None = None,
        *,
        topics: str | None = None,
        qos: int = 0,
    ) -> None:
        """Subscribe a connected client (a coroutine)."""
        return await self._run(SUBSCRIBE, locals())

    async def unsubscribe(self, clientid: str, topic: str) -> None:
        """Unsubscribe a client from one topic filter (a coroutine)."""
        return await self._run(UNSUBSCRIBE, locals())

    async def subscribe_many(
        self, subscriptions: Iterable[Mapping[str, Any]], *, raise_on_error: bool = True
    ) -> builtins.list[TopicResult]:
        """Several subscriptions in one request (a coroutine); ``BatchError`` if some fail."""
        return await self._run_batch(SUBSCRIBE_MANY, locals())

    async def unsubscribe_many(
        self, subscriptions: Iterable[Mapping[str, Any]], *, raise_on_error: bool = True
    ) -> builtins.list[TopicResult]:
        """Several unsubscriptions in one request (a coroutine); ``BatchError`` if some fail."""
        return await self._run_batch(UNSUBSCRIBE_MANY, locals())

    async def publish(
        self,
        clientid: str,
        payload: str,
        topic: str | None = None,
        *,
        topics: str | None = None,
        encoding: Encoding | None = None,
        qos: int | None = None,
        retain: bool | None = None,
    ) -> None:
        """Publish one message as client ``clientid`` (a coroutine)."""
        return await self._run(PUBLISH, locals())

    async def publish_many(
        self, messages: Iterable[Mapping[str, Any]], *, raise_on_error: bool = True
    ) -> builtins.list[PublishResult]:
        """Several messages in one request (a coroutine); ``BatchError`` if some fail."""
        return await self._run_batch(PUBLISH_MANY, locals())
