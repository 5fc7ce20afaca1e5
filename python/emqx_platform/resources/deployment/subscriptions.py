"""``client.subscriptions`` (every subscription) and ``client.topics`` (the routes)."""

from __future__ import annotations

import builtins

from ..._pagination import AsyncPaginator, Page, PageRequest, page_request
from ...types.deployment import Subscription, Topic
from ._base import AsyncResource, Call, SyncResource, call, check_id, check_int_range

__all__ = ["AsyncSubscriptions", "AsyncTopics", "Subscriptions", "Topics"]


def subscriptions_request(
    *,
    page: int | None,
    limit: int | None,
    node: str | None,
    clientid: str | None,
    qos: int | None,
    topic: str | None,
    match_topic: str | None,
    share_group: str | None,
    durable: bool | None,
) -> PageRequest:
    """``GET /subscriptions`` with its filters."""
    if qos is not None:
        check_int_range("qos", qos, 0, 2)
    filters = {
        "node": node,
        "clientid": clientid,
        "qos": qos,
        "topic": topic,
        "match_topic": match_topic,
        "share_group": share_group,
        "durable": durable,
    }
    return page_request("/subscriptions", page, limit, filters)


def topics_request(
    *, page: int | None, limit: int | None, topic: str | None, node: str | None
) -> PageRequest:
    """``GET /topics`` (the routing table)."""
    return page_request("/topics", page, limit, {"topic": topic, "node": node})


def topic_call(topic: str) -> Call[builtins.list[Topic]]:
    """``GET /topics/{topic}``: the routes of one topic filter (an array, one per node)."""
    return call("GET", f"/topics/{check_id('topic', topic)}")


class Subscriptions(SyncResource):
    """Every subscription of the deployment, across clients."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        node: str | None = None,
        clientid: str | None = None,
        qos: int | None = None,
        topic: str | None = None,
        match_topic: str | None = None,
        share_group: str | None = None,
        durable: bool | None = None,
    ) -> Page[Subscription]:
        """List subscriptions: the first page; iterate it for every subscription.

        Args:
            page: The first page to fetch (1-based). limit: Items per page (1..10000).
            node: Only on this node. clientid: Only this client's.
            qos: Only with this QoS (0..2).
            topic: Exactly this filter. match_topic: Subscriptions whose filter
                falls under this one (``t/#`` finds ``t/1`` and ``t/+``).
            share_group: Only shared subscriptions of this group.
            durable: Only durable (or only non-durable) sessions' subscriptions.
        """
        return self._list(
            subscriptions_request(
                page=page,
                limit=limit,
                node=node,
                clientid=clientid,
                qos=qos,
                topic=topic,
                match_topic=match_topic,
                share_group=share_group,
                durable=durable,
            )
        )


class AsyncSubscriptions(AsyncResource):
    """Every subscription of the deployment, for asyncio (see :class:`Subscriptions`)."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        node: str | None = None,
        clientid: str | None = None,
        qos: int | None = None,
        topic: str | None = None,
        match_topic: str | None = None,
        share_group: str | None = None,
        durable: bool | None = None,
    ) -> AsyncPaginator[Subscription]:
        """List subscriptions: ``await`` for the first page, ``async for`` every item."""
        return self._list(
            subscriptions_request(
                page=page,
                limit=limit,
                node=node,
                clientid=clientid,
                qos=qos,
                topic=topic,
                match_topic=match_topic,
                share_group=share_group,
                durable=durable,
            )
        )


class Topics(SyncResource):
    """The routing table: topic filters somebody is subscribed to."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        topic: str | None = None,
        node: str | None = None,
    ) -> Page[Topic]:
        """List routes (first page; iterate for all). ``topic`` matches one filter exactly."""
        return self._list(topics_request(page=page, limit=limit, topic=topic, node=node))

    def get(self, topic: str) -> builtins.list[Topic]:
        """The routes of one topic filter. 404 ``TOPIC_NOT_FOUND`` if nobody subscribes to it."""
        return self._run(topic_call(topic))


class AsyncTopics(AsyncResource):
    """The routing table, for asyncio (see :class:`Topics`)."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        topic: str | None = None,
        node: str | None = None,
    ) -> AsyncPaginator[Topic]:
        """List routes: ``await`` for the first page, ``async for`` every route."""
        return self._list(topics_request(page=page, limit=limit, topic=topic, node=node))

    async def get(self, topic: str) -> builtins.list[Topic]:
        """The routes of one topic filter. 404 ``TOPIC_NOT_FOUND`` if nobody subscribes to it."""
        return await self._run(topic_call(topic))
