"""``client.retainer``: retained messages."""

from __future__ import annotations

from ..._pagination import AsyncPaginator, Page
from ...types.deployment import RetainedMessage, RetainedMessageSummary
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncRetainer", "Retainer"]


# ``topic`` is a filter here (``+``/``#`` allowed).
LIST_RETAINED = Endpoint[RetainedMessageSummary](
    "GET", "/mqtt/retainer/messages", query_args=("topic",), paginated=True
)
# The payload comes base64-encoded.
GET_RETAINED = Endpoint[RetainedMessage]("GET", "/mqtt/retainer/message/{topic}")
DELETE_RETAINED = Endpoint("DELETE", "/mqtt/retainer/message/{topic}", parse=no_content)


class Retainer(SyncResource):
    """Retained messages of the deployment (dedicated deployments)."""

    def messages(
        self, *, page: int | None = None, limit: int | None = None, topic: str | None = None
    ) -> Page[RetainedMessageSummary]:
        """List retained messages (without payloads): the first page; iterate for all."""
        return self._list(LIST_RETAINED, locals())

    def get(self, topic: str) -> RetainedMessage:
        """The retained message of ``topic``; ``payload`` is base64 (absent when too large).

        Raises ``NotFoundError`` if there is none.
        """
        return self._run(GET_RETAINED, locals())

    def delete(self, topic: str) -> None:
        """Delete the retained message of ``topic``; 404 if there is none."""
        return self._run(DELETE_RETAINED, locals())


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
        """Delete the retained message of ``topic``; 404 if there is none."""
        return await self._run(DELETE_RETAINED, locals())
