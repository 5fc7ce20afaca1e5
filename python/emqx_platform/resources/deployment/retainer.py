"""``client.retainer``: retained messages."""

from __future__ import annotations

from ..._pagination import AsyncPaginator, Page, PageRequest, page_request
from ...types.deployment import RetainedMessage, RetainedMessageSummary
from ._base import AsyncResource, Call, SyncResource, call, check_id, none

__all__ = ["AsyncRetainer", "Retainer"]


def messages_request(*, page: int | None, limit: int | None, topic: str | None) -> PageRequest:
    """``GET /mqtt/retainer/messages`` (``topic`` is a filter; ``+``/``#`` allowed)."""
    return page_request("/mqtt/retainer/messages", page, limit, {"topic": topic})


def get_call(topic: str) -> Call[RetainedMessage]:
    """``GET /mqtt/retainer/message/{topic}`` (payload base64-encoded)."""
    return call("GET", f"/mqtt/retainer/message/{check_id('topic', topic)}")


def delete_call(topic: str) -> Call[None]:
    """``DELETE /mqtt/retainer/message/{topic}`` (204)."""
    return call("DELETE", f"/mqtt/retainer/message/{check_id('topic', topic)}", parse=none)


class Retainer(SyncResource):
    """Retained messages of the deployment (dedicated deployments)."""

    def messages(
        self, *, page: int | None = None, limit: int | None = None, topic: str | None = None
    ) -> Page[RetainedMessageSummary]:
        """List retained messages (without payloads): the first page; iterate for all."""
        return self._list(messages_request(page=page, limit=limit, topic=topic))

    def get(self, topic: str) -> RetainedMessage:
        """The retained message of ``topic``; ``payload`` is base64 (absent when too large).

        Raises :class:`~emqx_platform.NotFoundError` if there is none.
        """
        return self._run(get_call(topic))

    def delete(self, topic: str) -> None:
        """Delete the retained message of ``topic``; 404 if there is none."""
        return self._run(delete_call(topic))


class AsyncRetainer(AsyncResource):
    """Retained messages, for asyncio (see :class:`Retainer`)."""

    def messages(
        self, *, page: int | None = None, limit: int | None = None, topic: str | None = None
    ) -> AsyncPaginator[RetainedMessageSummary]:
        """List retained messages: ``await`` for the first page, ``async for`` all."""
        return self._list(messages_request(page=page, limit=limit, topic=topic))

    async def get(self, topic: str) -> RetainedMessage:
        """The retained message of ``topic``; ``payload`` is base64 (absent when too large)."""
        return await self._run(get_call(topic))

    async def delete(self, topic: str) -> None:
        """Delete the retained message of ``topic``; 404 if there is none."""
        return await self._run(delete_call(topic))
