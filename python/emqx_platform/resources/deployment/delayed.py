"""``client.delayed``: delayed publish (messages sent to ``$delayed/{seconds}/{topic}``)."""

from __future__ import annotations

import string
from typing import Any

from ..._pagination import AsyncPaginator, Page
from ...types.mqtt import DelayedMessage, DelayedSettings
from .._checks import check_bool, check_int_range, check_str
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncDelayed", "Delayed"]

_HEX = frozenset(string.hexdigits)


def _msgid(name: str, value: object) -> str:
    """A delayed message id: 32 hexadecimal digits, as ``list()`` shows it."""
    text = check_str(name, value)
    if len(text) != 32 or not set(text) <= _HEX:
        raise ValueError(
            f"{name} must be 32 hexadecimal digits (a msgid from list()), got {text!r}"
        )
    return text


def _settings_body(enable: bool | None, max_delayed_messages: int | None) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if enable is not None:
        body["enable"] = check_bool("enable", enable)
    if max_delayed_messages is not None:
        body["max_delayed_messages"] = check_int_range(
            "max_delayed_messages", max_delayed_messages, 0, 2**31 - 1
        )
    if not body:
        raise ValueError("give enable, max_delayed_messages or both")
    return body


_ID = {"msgid": _msgid}

GET_SETTINGS = Endpoint[DelayedSettings]("GET", "/mqtt/delayed")
# EMQX replaces the settings with the body: a key left out takes its default.
UPDATE_SETTINGS = Endpoint[DelayedSettings]("PUT", "/mqtt/delayed", body=_settings_body)
LIST_DELAYED = Endpoint[DelayedMessage]("GET", "/mqtt/delayed/messages", paginated=True)
GET_DELAYED = Endpoint[DelayedMessage](
    "GET", "/mqtt/delayed/messages/{node}/{msgid}", path_checks=_ID
)
DELETE_DELAYED = Endpoint(
    "DELETE", "/mqtt/delayed/messages/{node}/{msgid}", parse=no_content, path_checks=_ID
)
DELETE_TOPIC = Endpoint("DELETE", "/mqtt/delayed/messages/{topic}", parse=no_content)


class Delayed(SyncResource):
    """Delayed publish: a message published to ``$delayed/{seconds}/{topic}`` is
    held, then published to ``{topic}`` after ``seconds``::

        d.publish("$delayed/60/alerts/reminder", "check the pump")
        for m in d.delayed.list():
            print(m["topic"], m["delayed_remaining"])
    """

    def settings(self) -> DelayedSettings:
        """Whether delayed publish is on, and ``max_delayed_messages`` (0: no limit)."""
        return self._run(GET_SETTINGS, locals())

    def update_settings(
        self, *, enable: bool | None = None, max_delayed_messages: int | None = None
    ) -> DelayedSettings:
        """Replace the settings; returns them all.

        EMQX resets a setting left out to its default (``enable=True``,
        ``max_delayed_messages=0``), so give both to keep the other one.
        """
        return self._run(UPDATE_SETTINGS, locals())

    def list(self, *, page: int | None = None, limit: int | None = None) -> Page[DelayedMessage]:
        """The held messages (without payloads): the first page; iterate for all."""
        return self._list(LIST_DELAYED, locals())

    def get(self, node: str, msgid: str) -> DelayedMessage:
        """One held message, with its ``payload`` (base64); ``node`` and ``msgid``
        as ``list()`` shows them.

        Raises ``NotFoundError`` (``MESSAGE_ID_NOT_FOUND``)
        once it has been published or deleted.
        """
        return self._run(GET_DELAYED, locals())

    def delete(self, node: str, msgid: str) -> None:
        """Drop one held message: it will not be published."""
        return self._run(DELETE_DELAYED, locals())

    def delete_topic(self, topic: str) -> None:
        """Drop every held message for ``topic`` (a name, no wildcards); 404
        (``MESSAGE_NOT_FOUND``) if there is none."""
        return self._run(DELETE_TOPIC, locals())


class AsyncDelayed(AsyncResource, twin=Delayed):
    """Delayed publish, for asyncio (see ``Delayed``)."""

    async def settings(self) -> DelayedSettings:
        """Whether delayed publish is on, and ``max_delayed_messages``."""
        return await self._run(GET_SETTINGS, locals())

    async def update_settings(
        self, *, enable: bool | None = None, max_delayed_messages: int | None = None
    ) -> DelayedSettings:
        """Replace the settings (one left out takes its default); returns them all."""
        return await self._run(UPDATE_SETTINGS, locals())

    def list(
        self, *, page: int | None = None, limit: int | None = None
    ) -> AsyncPaginator[DelayedMessage]:
        """The held messages: ``await`` for the first page, ``async for`` all."""
        return self._list(LIST_DELAYED, locals())

    async def get(self, node: str, msgid: str) -> DelayedMessage:
        """One held message, with its ``payload`` (base64)."""
        return await self._run(GET_DELAYED, locals())

    async def delete(self, node: str, msgid: str) -> None:
        """Drop one held message: it will not be published."""
        return await self._run(DELETE_DELAYED, locals())

    async def delete_topic(self, topic: str) -> None:
        """Drop every held message for ``topic``."""
        return await self._run(DELETE_TOPIC, locals())
