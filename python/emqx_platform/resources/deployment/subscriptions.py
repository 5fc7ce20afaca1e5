"""``client.subscriptions`` (every subscription) and ``client.topics`` (the routes)."""

from __future__ import annotations

import builtins

from ..._pagination import AsyncPaginator, Page
from ..._request import Params
from ...types.deployment import Subscription, Topic
from .._checks import check_int_range
from .._endpoint import Endpoint
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncSubscriptions", "AsyncTopics", "Subscriptions", "Topics"]


def _subscriptions_query(
    node: str | None,
    clientid: str | None,
    qos: int | None,
    topic: str | None,
    match_topic: str | None,
    share_group: str | None,
    durable: bool | None,
) -> Params:
    if qos is not None:
        check_int_range("qos", qos, 0, 2)
    return {
        "node": node,
        "clientid": clientid,
        "qos": qos,
        "topic": topic,
        "match_topic": match_topic,
        "share_group": share_group,
        "durable": durable,
    }


LIST_SUBSCRIPTIONS = Endpoint[Subscription](
    "GET", "/subscriptions", query=_subscriptions_query, paginated=True
)
# The routing table.
LIST_TOPICS = Endpoint[Topic]("GET", "/topics", query_args=("topic", "node"), paginated=True)
# The routes of one topic filter: an array, one per node.
GET_TOPIC = Endpoint[builtins.list[Topic]]("GET", "/topics/{topic}")


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
        return self._list(LIST_SUBSCRIPTIONS, locals())


class AsyncSubscriptions(AsyncResource, twin=Subscriptions):
    """Every subscription of the deployment, for asyncio (see ``Subscriptions``)."""

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
        return self._list(LIST_SUBSCRIPTIONS, locals())


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
        return self._list(LIST_TOPICS, locals())

    def get(self, topic: str) -> builtins.list[Topic]:
        """The routes of one topic filter. 404 ``TOPIC_NOT_FOUND`` if nobody subscribes to it."""
        return self._run(GET_TOPIC, locals())


class AsyncTopics(AsyncResource, twin=Topics):
    """The routing table, for asyncio (see ``Topics``)."""

    def list(
        self,
        *,
        page: int | None = None,
        limit: int | None = None,
        topic: str | None = None,
        node: str | None = None,
    ) -> AsyncPaginator[Topic]:
        """List routes: ``await`` for the first page, ``async for`` every route."""
        return self._list(LIST_TOPICS, locals())

    async def get(self, topic: str) -> builtins.list[Topic]:
        """The routes of one topic filter. 404 ``TOPIC_NOT_FOUND`` if nobody subscribes to it."""
        return await self._run(GET_TOPIC, locals())
