"""``client.retainer``: retained messages and the retainer's settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._pagination import AsyncPaginator, Page
from ...types.deployment import RetainedMessage, RetainedMessageSummary
from ...types.mqtt import RetainerSettings
from .._checks import check_mapping
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncRetainer", "Retainer"]


# ``topic`` is a filter here (``+``/``#`` allowed).
LIST_RETAINED = Endpoint[RetainedMessageSummary](
    "GET", "/mqtt/retainer/messages", query_args=("topic",), paginated=True
)
# EMQX reads ``{topic}`` as a filter for both: GET answers the oldest message it
# matches, DELETE removes every one it matches. The payload comes base64-encoded.
GET_RETAINED = Endpoint[RetainedMessage]("GET", "/mqtt/retainer/message/{topic}")
DELETE_RETAINED = Endpoint("DELETE", "/mqtt/retainer/message/{topic}", parse=no_content)
DELETE_ALL = Endpoint("DELETE", "/mqtt/retainer/messages", parse=no_content)
GET_SETTINGS = Endpoint[RetainerSettings]("GET", "/mqtt/retainer")
# EMQX replaces the settings with the body: a key left out takes its default.
UPDATE_SETTINGS = Endpoint[RetainerSettings](
    "PUT", "/mqtt/retainer", body=lambda settings: check_mapping("settings", settings)
)


class Retainer(SyncResource):
    """Retained messages of the deployment (dedicated deployments)."""

    def messages(
        self, *, page: int | None = None, limit: int | None = None, topic: str | None = None
    ) -> Page[RetainedMessageSummary]:
        """List retained messages (without payloads): the first page; iterate for all."""
        return self._list(LIST_RETAINED, locals())

    def get(self, topic: str) -> RetainedMessage:
        """The retained message of ``topic``; ``payload`` is base64 (absent when too large).

        EMQX reads ``topic`` as a filter: with ``+`` or ``#`` it answers the oldest
        message the filter matches. Raises ``NotFoundError`` if there is none.
        """
        return self._run(GET_RETAINED, locals())

    def delete(self, topic: str) -> None:
        """Delete the retained message of ``topic``; 404 if there is none.

        EMQX reads ``topic`` as a filter: ``"sensors/+"`` deletes every retained
        message it matches, and ``"#"`` deletes them all.
        """
        return self._run(DELETE_RETAINED, locals())

    def delete_all(self) -> None:
        """Delete every retained message."""
        return self._run(DELETE_ALL, locals())

    def settings(self) -> RetainerSettings:
        """The retainer's settings: ``enable``, ``msg_expiry_interval``,
        ``max_payload_size``, ``backend`` (``max_retained_messages``...)."""
        return self._run(GET_SETTINGS, locals())

    def update_settings(self, settings: Mapping[str, Any]) -> RetainerSettings:
        """Replace the settings, e.g. ``{"msg_expiry_interval": "1h"}``: EMQX resets
        each setting left out (``backend``'s too) to its default, so change one by
        sending ``settings()`` with it changed. Returns them all. An unknown key or
        a value EMQX refuses is a ``BadRequestError``.

        ::

            current = d.retainer.settings()
            d.retainer.update_settings({**current, "msg_expiry_interval": "1h"})
        """
        return self._run(UPDATE_SETTINGS, locals())


class AsyncRetainer(AsyncResource, twin=Retainer):
    """Retained messages, for asyncio (see ``Retainer``)."""

    def messages(
        self, *, page: int | None = None, limit: int | None = None, topic: str | None = None
    ) -> AsyncPaginator[RetainedMessageSummary]:
        """List retained messages: ``await`` for the first page, ``async for`` all."""
        return self._list(LIST_RETAINED, locals())

    async def get(self, topic: str) -> RetainedMessage:
        """The retained message of ``topic``; ``payload`` is base64 (absent when too large)."""
        return await self._run(GET_RETAINED, locals())

    async def delete(self, topic: str) -> None:
        """Delete the retained messages ``topic`` matches (a filter); 404 if there is none."""
        return await self._run(DELETE_RETAINED, locals())

    async def delete_all(self) -> None:
        """Delete every retained message."""
        return await self._run(DELETE_ALL, locals())

    async def settings(self) -> RetainerSettings:
        """The retainer's settings."""
        return await self._run(GET_SETTINGS, locals())

    async def update_settings(self, settings: Mapping[str, Any]) -> RetainerSettings:
        """Replace the settings; each one left out takes its default."""
        return await self._run(UPDATE_SETTINGS, locals())
