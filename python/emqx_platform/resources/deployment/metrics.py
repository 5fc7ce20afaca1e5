"""``client.metrics`` (counters), ``client.stats`` (gauges) and ``client.nodes``."""

from __future__ import annotations

import builtins
from typing import Any, Literal, overload

from ...types.deployment import Node
from .._checks import check_bool
from .._endpoint import Endpoint
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncMetrics", "AsyncNodes", "AsyncStats", "Metrics", "Nodes", "Stats"]

# One aggregated object, or (aggregate=False) one object per node with "node";
# the overloads of ``get`` pick the one the ``aggregate`` argument asks for.
Aggregated = dict[str, Any]
PerNode = builtins.list[dict[str, Any]]
Counters = Aggregated | PerNode


# ~95 dotted counters (``messages.received`` ...).
METRICS = Endpoint[Counters](
    "GET",
    "/metrics",
    query=lambda aggregate, node: {"aggregate": check_bool("aggregate", aggregate), "node": node},
)
# Gauges (``connections.count``, ``topics.max`` ...).
STATS = Endpoint[Counters](
    "GET", "/stats", query=lambda aggregate: {"aggregate": check_bool("aggregate", aggregate)}
)
LIST_NODES = Endpoint[builtins.list[Node]]("GET", "/nodes")
GET_NODE = Endpoint[Node]("GET", "/nodes/{node}")
NODE_METRICS = Endpoint[dict[str, Any]]("GET", "/nodes/{node}/metrics")
NODE_STATS = Endpoint[dict[str, Any]]("GET", "/nodes/{node}/stats")


class Metrics(SyncResource):
    """Counters of the deployment (messages, packets, bytes, authentication...)."""

    @overload
    def get(self, *, aggregate: Literal[True] = True, node: str | None = None) -> Aggregated: ...
    @overload
    def get(self, *, aggregate: Literal[False], node: str | None = None) -> PerNode: ...
    @overload
    def get(self, *, aggregate: bool, node: str | None = None) -> Counters: ...
    def get(self, *, aggregate: bool = True, node: str | None = None) -> Counters:
        """The counters: one dict summed over the cluster (``aggregate=True``), or
        a list with one dict per node (each with ``"node"``). Keys are dotted:
        ``metrics["messages.received"]``."""
        return self._run(METRICS, locals())


class AsyncMetrics(AsyncResource, twin=Metrics):
    """Counters of the deployment, for asyncio (see ``Metrics``)."""

    @overload
    async def get(
        self, *, aggregate: Literal[True] = True, node: str | None = None
    ) -> Aggregated: ...
    @overload
    async def get(self, *, aggregate: Literal[False], node: str | None = None) -> PerNode: ...
    @overload
    async def get(self, *, aggregate: bool, node: str | None = None) -> Counters: ...
    async def get(self, *, aggregate: bool = True, node: str | None = None) -> Counters:
        """The counters, summed (``aggregate=True``) or one dict per node."""
        return await self._run(METRICS, locals())


class Stats(SyncResource):
    """Gauges of the deployment (connections, sessions, subscriptions, topics...)."""

    @overload
    def get(self, *, aggregate: Literal[True] = True) -> Aggregated: ...
    @overload
    def get(self, *, aggregate: Literal[False]) -> PerNode: ...
    @overload
    def get(self, *, aggregate: bool) -> Counters: ...
    def get(self, *, aggregate: bool = True) -> Counters:
        """The gauges: one dict for the cluster, or a list with one dict per node.
        Keys are dotted: ``stats["connections.count"]``."""
        return self._run(STATS, locals())


class AsyncStats(AsyncResource, twin=Stats):
    """Gauges of the deployment, for asyncio (see ``Stats``)."""

    @overload
    async def get(self, *, aggregate: Literal[True] = True) -> Aggregated: ...
    @overload
    async def get(self, *, aggregate: Literal[False]) -> PerNode: ...
    @overload
    async def get(self, *, aggregate: bool) -> Counters: ...
    async def get(self, *, aggregate: bool = True) -> Counters:
        """The gauges, for the cluster or one dict per node."""
        return await self._run(STATS, locals())


class Nodes(SyncResource):
    """The nodes of the deployment's cluster."""

    def list(self) -> builtins.list[Node]:
        """Every node (not paginated)."""
        return self._run(LIST_NODES, locals())

    def get(self, node: str) -> Node:
        """One node by name (``emqx@10.0.0.1``); 404 if unknown."""
        return self._run(GET_NODE, locals())

    def metrics(self, node: str) -> dict[str, Any]:
        """The counters of one node."""
        return self._run(NODE_METRICS, locals())

    def stats(self, node: str) -> dict[str, Any]:
        """The gauges of one node."""
        return self._run(NODE_STATS, locals())


class AsyncNodes(AsyncResource, twin=Nodes):
    """The nodes of the deployment's cluster, for asyncio (see ``Nodes``)."""

    async def list(self) -> builtins.list[Node]:
        """Every node (not paginated)."""
        return await self._run(LIST_NODES, locals())

    async def get(self, node: str) -> Node:
        """One node by name; 404 if unknown."""
        return await self._run(GET_NODE, locals())

    async def metrics(self, node: str) -> dict[str, Any]:
        """The counters of one node."""
        return await self._run(NODE_METRICS, locals())

    async def stats(self, node: str) -> dict[str, Any]:
        """The gauges of one node."""
        return await self._run(NODE_STATS, locals())
