"""``client.publish`` / ``client.publish_many``: publish MQTT messages over HTTP.

The two endpoints are methods of the clients themselves, not of a resource;
they are declared here with the other Deployment API endpoints.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from typing import Any

from ...types.deployment import PublishResult
from .._checks import check_bool, check_int_range, check_mapping, check_str
from .._endpoint import Endpoint

__all__ = ["PUBLISH", "PUBLISH_MANY", "Payload", "result_of"]

Payload = str | bytes | bytearray | memoryview
"""A message payload: text is sent as is; bytes go base64-encoded (``payload_encoding``)."""

_MESSAGE_KEYS = ("topic", "payload", "qos", "retain", "properties")


def message_body(
    topic: str,
    payload: Payload,
    *,
    qos: int = 0,
    retain: bool = False,
    properties: Mapping[str, Any] | None = None,
    name: str = "message",
) -> dict[str, Any]:
    """The JSON of one message for ``/publish`` or ``/publish/bulk``, checked."""
    body: dict[str, Any] = {"topic": check_str(f"{name} topic", topic)}
    if isinstance(payload, str):
        body["payload"] = payload
    elif isinstance(payload, (bytes, bytearray, memoryview)):
        body["payload"] = base64.b64encode(payload).decode("ascii")
        body["payload_encoding"] = "base64"
    else:
        raise TypeError(
            f"{name} payload must be str or bytes, not {type(payload).__name__} "
            "(encode structured data first, e.g. json.dumps(...))"
        )
    body["qos"] = check_int_range(f"{name} qos", qos, 0, 2)
    body["retain"] = check_bool(f"{name} retain", retain)
    if properties is not None:
        body["properties"] = check_mapping(f"{name} properties", properties)
    return body


def result_of(entry: Any, _sent: Any = None) -> PublishResult:
    """A ``PublishResult`` from ``{"id": ...}`` or ``{"reason_code": ..., "message": ...}``.

    The core hands back the decoded body only, not the status; the body alone
    tells the cases apart: an ``id`` means delivered (200), a ``reason_code``
    means accepted but not delivered (202, ``16`` no matching subscribers).
    """
    if not isinstance(entry, dict):
        raise TypeError(f"unexpected publish answer: {entry!r}")
    msg_id = entry.get("id")
    reason = entry.get("reason_code")
    message = entry.get("message")
    return PublishResult(
        id=msg_id if isinstance(msg_id, str) else None,
        reason_code=reason if isinstance(reason, int) and not isinstance(reason, bool) else None,
        message=message if isinstance(message, str) else None,
    )


def _publish_body(
    topic: str,
    payload: Payload,
    qos: int,
    retain: bool,
    properties: Mapping[str, Any] | None,
) -> dict[str, Any]:
    return message_body(topic, payload, qos=qos, retain=retain, properties=properties)


def _messages_body(messages: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The ``/publish/bulk`` array: each message checked as ``message_body()`` does."""
    if isinstance(messages, (str, bytes, Mapping)) or not isinstance(messages, Iterable):
        raise TypeError(
            "messages must be a list of dicts like {'topic': 't/1', 'payload': 'hi'}, "
            f"not {type(messages).__name__}"
        )
    bodies = []
    for i, message in enumerate(messages):
        name = f"messages[{i}]"
        fields = check_mapping(name, message)
        unknown = set(fields) - set(_MESSAGE_KEYS)
        if unknown:
            raise TypeError(f"{name} has unknown keys {sorted(unknown)}: use {list(_MESSAGE_KEYS)}")
        for key in ("topic", "payload"):
            if key not in fields:
                raise ValueError(f"{name} needs {key!r}")
        bodies.append(message_body(name=name, **fields))
    if not bodies:
        raise ValueError("messages must not be empty")
    return bodies


def _publish_results(answer: Any, sent: list[dict[str, Any]]) -> list[PublishResult]:
    """One result per message sent, in order.

    EMQX answers one entry per message. A single object (what the Cloud docs
    show for a 202) stands for every message.
    """
    count = len(sent)
    if isinstance(answer, dict):
        return [result_of(answer)] * count
    if not isinstance(answer, list) or len(answer) != count:
        raise TypeError(f"expected {count} publish results, got {answer!r}")
    return [result_of(entry) for entry in answer]


PUBLISH = Endpoint("POST", "/publish", body=_publish_body, parse=result_of)
PUBLISH_MANY = Endpoint("POST", "/publish/bulk", body=_messages_body, parse=_publish_results)
