"""``client.alarms``: current and historical alarms."""

from __future__ import annotations

from ..._pagination import AsyncPaginator, Page
from ...types.observe import Alarm
from .._checks import check_bool
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["Alarms", "AsyncAlarms"]


# ``activated`` is always sent: the server's default (history) is easy to misread.
LIST_ALARMS = Endpoint[Alarm](
    "GET",
    "/alarms",
    query=lambda activated: {"activated": check_bool("activated", activated)},
    paginated=True,
)
CLEAR_ALARMS = Endpoint("DELETE", "/alarms", parse=no_content)


class Alarms(SyncResource):
    """The deployment's alarms (dedicated deployments)."""

    def list(
        self, *, activated: bool = True, page: int | None = None, limit: int | None = None
    ) -> Page[Alarm]:
        """The alarms active now (``activated=True``, the default) or those that
        ended (``activated=False``, newest first): the first page; iterate for all.

        ::

            for alarm in d.alarms.list():
                print(alarm["name"], alarm["message"], alarm["duration"])
        """
        return self._list(LIST_ALARMS, locals())

    def clear(self) -> None:
        """Delete the alarms that ended; active alarms stay until their cause goes."""
        return self._run(CLEAR_ALARMS, locals())


class AsyncAlarms(AsyncResource, twin=Alarms):
    """The deployment's alarms, for asyncio (see ``Alarms``)."""

    def list(
        self, *, activated: bool = True, page: int | None = None, limit: int | None = None
    ) -> AsyncPaginator[Alarm]:
        """The active or the ended alarms: ``await`` for the first page, ``async for`` all."""
        return self._list(LIST_ALARMS, locals())

    async def clear(self) -> None:
        """Delete the alarms that ended; active alarms stay until their cause goes."""
        return await self._run(CLEAR_ALARMS, locals())
