"""``client.monitor``: the time series behind the dashboard's charts, and their current values."""

from __future__ import annotations

from typing import Any

from ..._request import JSON
from ...types.observe import MonitorCurrent, MonitorSeries
from .._checks import check_int_range
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncMonitor", "Monitor"]

# EMQX keeps seven days of samples but takes any larger window (range(1, inf)),
# answering what it has; the bound only keeps the number an exact float.
_MAX_LATEST = 2**53


def _latest(latest: int | None) -> dict[str, Any]:
    return {"latest": None if latest is None else check_int_range("latest", latest, 1, _MAX_LATEST)}


def _series(answer: JSON, _sent: JSON) -> MonitorSeries:
    return MonitorSeries(answer)


SERIES = Endpoint[MonitorSeries]("GET", "/monitor", query=_latest, parse=_series)
NODE_SERIES = Endpoint[MonitorSeries]("GET", "/monitor/nodes/{node}", query=_latest, parse=_series)
CLEAR_SERIES = Endpoint("DELETE", "/monitor", parse=no_content)
CURRENT = Endpoint[MonitorCurrent]("GET", "/monitor_current")
NODE_CURRENT = Endpoint[MonitorCurrent]("GET", "/monitor_current/nodes/{node}")


class Monitor(SyncResource):
    """The monitor: connections, subscriptions and message counts sampled every 10 seconds."""

    def series(self, *, latest: int | None = None, node: str | None = None) -> MonitorSeries:
        """The samples of the last ``latest`` seconds (all kept, up to 7 days, by
        default), oldest first, for the cluster or one ``node``.

        The result is a list of ``MonitorSample``
        that drops into a time-indexed frame::

            df = d.monitor.series(latest=3600).to_pandas()

        Raises:
            NotFoundError: No such node.
            ValueError, TypeError: ``latest`` is not a positive int.
        """
        return self._run(SERIES if node is None else NODE_SERIES, locals())

    def current(self, *, node: str | None = None) -> MonitorCurrent:
        """The current gauges and message rates, for the cluster or one ``node``
        (with ``node_uptime``)."""
        return self._run(CURRENT if node is None else NODE_CURRENT, locals())

    def clear(self) -> None:
        """Delete the samples kept so far (the counters keep counting)."""
        return self._run(CLEAR_SERIES, locals())


class AsyncMonitor(AsyncResource, twin=Monitor):
    """The monitor, for asyncio (see ``Monitor``)."""

    async def series(self, *, latest: int | None = None, node: str | None = None) -> MonitorSeries:
        """The samples of the last ``latest`` seconds, oldest first (a coroutine)."""
        return await self._run(SERIES if node is None else NODE_SERIES, locals())

    async def current(self, *, node: str | None = None) -> MonitorCurrent:
        """The current gauges and message rates, for the cluster or one ``node``."""
        return await self._run(CURRENT if node is None else NODE_CURRENT, locals())

    async def clear(self) -> None:
        """Delete the samples kept so far (the counters keep counting)."""
        return await self._run(CLEAR_SERIES, locals())
