"""``client.topic_metrics``: message counters of chosen topic names."""

from __future__ import annotations

import builtins

from ...types.observe import TopicMetric
from .._checks import check_str
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncTopicMetrics", "TopicMetrics"]


def _topic_name(name: str, value: object) -> str:
    """A topic name: metrics count one exact name, so wildcards are refused here."""
    topic = check_str(name, value)
    if "+" in topic or "#" in topic:
        raise ValueError(f"{name} must be a topic name without wildcards, got {topic!r}")
    return topic


def _reset_body(topic: str | None) -> dict[str, str]:
    if topic is None:
        return {"action": "reset"}
    return {"action": "reset", "topic": _topic_name("topic", topic)}


LIST_TOPIC_METRICS = Endpoint[builtins.list[TopicMetric]]("GET", "/mqtt/topic_metrics")
ADD_TOPIC_METRICS = Endpoint(
    "POST",
    "/mqtt/topic_metrics",
    body=lambda topic: {"topic": _topic_name("topic", topic)},
    parse=no_content,
)
RESET_TOPIC_METRICS = Endpoint("PUT", "/mqtt/topic_metrics", body=_reset_body, parse=no_content)
GET_TOPIC_METRICS = Endpoint[TopicMetric](
    "GET", "/mqtt/topic_metrics/{topic}", path_checks={"topic": _topic_name}
)
DELETE_TOPIC_METRICS = Endpoint(
    "DELETE", "/mqtt/topic_metrics/{topic}", path_checks={"topic": _topic_name}, parse=no_content
)


class TopicMetrics(SyncResource):
    """Counters of messages in, out and dropped per topic name (dedicated deployments).

    ::

        d.topic_metrics.add("sensors/1/temp")
        d.topic_metrics.get("sensors/1/temp")["metrics"]["message.in.count"]
    """

    def list(self) -> builtins.list[TopicMetric]:
        """Every registered topic with its counters (not paginated)."""
        return self._run(LIST_TOPIC_METRICS, locals())

    def add(self, topic: str) -> None:
        """Start counting the messages of ``topic`` (a name, no wildcards).

        Raises:
            BadRequestError: Already registered (``BAD_REQUEST``) or an invalid
                topic (``BAD_TOPIC``).
            ConflictError: 512 topics are registered already (``EXCEED_LIMIT``).
        """
        return self._run(ADD_TOPIC_METRICS, locals())

    def get(self, topic: str) -> TopicMetric:
        """The counters of ``topic``; 404 ``TOPIC_NOT_FOUND`` if it is not registered."""
        return self._run(GET_TOPIC_METRICS, locals())

    def delete(self, topic: str) -> None:
        """Stop counting ``topic``; 404 ``TOPIC_NOT_FOUND`` if it is not registered."""
        return self._run(DELETE_TOPIC_METRICS, locals())

    def reset(self, topic: str | None = None) -> None:
        """Zero the counters of ``topic``, or of every registered topic."""
        return self._run(RESET_TOPIC_METRICS, locals())


class AsyncTopicMetrics(AsyncResource, twin=TopicMetrics):
    """Counters per topic name, for asyncio (see ``TopicMetrics``)."""

    async def list(self) -> builtins.list[TopicMetric]:
        """Every registered topic with its counters (not paginated)."""
        return await self._run(LIST_TOPIC_METRICS, locals())

    async def add(self, topic: str) -> None:
        """Start counting the messages of ``topic`` (a name, no wildcards)."""
        return await self._run(ADD_TOPIC_METRICS, locals())

    async def get(self, topic: str) -> TopicMetric:
        """The counters of ``topic``; 404 ``TOPIC_NOT_FOUND`` if it is not registered."""
        return await self._run(GET_TOPIC_METRICS, locals())

    async def delete(self, topic: str) -> None:
        """Stop counting ``topic``; 404 ``TOPIC_NOT_FOUND`` if it is not registered."""
        return await self._run(DELETE_TOPIC_METRICS, locals())

    async def reset(self, topic: str | None = None) -> None:
        """Zero the counters of ``topic``, or of every registered topic."""
        return await self._run(RESET_TOPIC_METRICS, locals())
