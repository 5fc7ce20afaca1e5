"""``client.metrics`` (counters), ``client.stats`` (gauges) and ``client.nodes``."""

from __future__ import annotations

import builtins
from typing import Any

from ...types.deployment import Node
from ._base import AsyncResource, Call, SyncResource, call, check_id

__all__ = ["AsyncMetrics", "AsyncNodes", "AsyncStats", "Metrics", "Nodes", "Stats"]

# One aggregated object, or (aggregate=False) one object per node with "node".
Counters = dict[str, Any] | builtins.list[dict[str, Any]]


def _aggregate(value: bool) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"aggregate must be a bool, not {type(value).__name__}")
    return value


def metrics_call(*, aggregate: bool, node: str | None) -> Call[Counters]:
    """``GET /metrics``: ~95 dotted counters (``messages.received`` ...)."""
    return call("GET", "/metrics", params={"aggregate": _aggregate(aggregate), "node": node})


def stats_call(*, aggregate: bool) -> Call[Counters]:
    """``GET /stats``: gauges (``connections.count``, ``topics.max`` ...)."""
    return call("GET", "/stats", params={"aggregate": _aggregate(aggregate)})


def nodes_call() -> Call[builtins.list[Node]]:
    """``GET /nodes`` (a plain array)."""
    return call("GET", "/nodes")


def node_call(node: str) -> Call[Node]:
    """``GET /nodes/{node}``."""
    return call("GET", f"/nodes/{check_id('node', node)}")


def node_metrics_call(node: str) -> Call[dict[str, Any]]:
    """``GET /nodes/{node}/metrics``."""
    return call("GET", f"/nodes/{check_id('node', node)}/metrics")


def node_stats_call(node: str) -> Call[dict[str, Any]]:
    """``GET /nodes/{node}/stats``."""
    return call("GET", f"/nodes/{check_id('node', node)}/stats")


class Metrics(SyncResource):
    """Counters of the deployment (messages, packets, bytes, authentication...)."""

    def get(self, *, aggregate: bool = True, node: str | None = None) -> Counters:
        """The counters: one dict summed over the cluster (``aggregate=True``), or
        a list with one dict per node (each with ``"node"``). Keys are dotted:
        ``metrics["messages.received"]``."""
        return self._run(metrics_call(aggregate=aggregate, node=node))


class AsyncMetrics(AsyncResource):
    """Counters of the deployment, for asyncio (see :class:`Metrics`)."""

    async def get(self, *, aggregate: bool = True, node: str | None = None) -> Counters:
        """The counters, summed (``aggregate=True``) or one dict per node."""
        return await self._run(metrics_call(aggregate=aggregate, node=node))


class Stats(SyncResource):
    """Gauges of the deployment (connections, sessions, subscriptions, topics...)."""

    def get(self, *, aggregate: bool = True) -> Counters:
        """The gauges: one dict for the cluster, or a list with one dict per node.
        Keys are dotted: ``stats["connections.count"]``."""
        return self._run(stats_call(aggregate=aggregate))


class AsyncStats(AsyncResource):
    """Gauges of the deployment, for asyncio (see :class:`Stats`)."""

    async def get(self, *, aggregate: bool = True) -> Counters:
        """The gauges, for the cluster or one dict per node."""
        return await self._run(stats_call(aggregate=aggregate))


class Nodes(SyncResource):
    """The nodes of the deployment's cluster."""

    def list(self) -> builtins.list[Node]:
        """Every node (not paginated)."""
        return self._run(nodes_call())

    def get(self, node: str) -> Node:
        """One node by name (``emqx@10.0.0.1``); 404 if unknown."""
        return self._run(node_call(node))

    def metrics(self, node: str) -> dict[str, Any]:
        """The counters of one node."""
        return self._run(node_metrics_call(node))

    def stats(self, node: str) -> dict[str, Any]:
        """The gauges of one node."""
        return self._run(node_stats_call(node))


class AsyncNodes(AsyncResource):
    """The nodes of the deployment's cluster, for asyncio (see :class:`Nodes`)."""

    async def list(self) -> builtins.list[Node]:
        """Every node (not paginated)."""
        return await self._run(nodes_call())

    async def get(self, node: str) -> Node:
        """One node by name; 404 if unknown."""
        return await self._run(node_call(node))

    async def metrics(self, node: str) -> dict[str, Any]:
        """The counters of one node."""
        return await self._run(node_metrics_call(node))

    async def stats(self, node: str) -> dict[str, Any]:
        """The gauges of one node."""
        return await self._run(node_stats_call(node))
