"""``client.metrics``: EMQX 4's counters, per node."""

from __future__ import annotations

import builtins

from ...types.v4 import NodeMetrics
from .._endpoint import Endpoint
from ._base import V4AsyncResource, V4Resource, data

__all__ = ["AsyncMetrics", "Metrics"]

# One revision of the docs says POST; its own example and the others use GET.
GET_METRICS = Endpoint[list[NodeMetrics]]("GET", "/metrics", parse=data)


class Metrics(V4Resource):
    """The broker's counters (``messages.received``, ``packets.connect.received``...)."""

    def get(self) -> builtins.list[NodeMetrics]:
        """Each node's counters: ``[{"node": ..., "metrics": {"messages.received": 0, ...}}]``."""
        return self._run(GET_METRICS, locals())


class AsyncMetrics(V4AsyncResource, twin=Metrics):
    """The broker's counters, for asyncio (see ``Metrics``)."""

    async def get(self) -> builtins.list[NodeMetrics]:
        """Each node's counters (a coroutine)."""
        return await self._run(GET_METRICS, locals())
