"""``client.projects``: the projects of the account (``GET /projects``)."""

from __future__ import annotations

import builtins

from ...types.platform import Project
from .._endpoint import Endpoint
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncProjects", "Projects"]

# Section 2.8 of the API reference: 60 reads per hour.
LIST_PROJECTS = Endpoint[list[Project]]("GET", "/projects", calls_per_hour=60)


class Projects(SyncResource):
    """The projects of the account, as ``PlatformClient.projects``.

    ::

        for project in client.projects.list():
            print(project["projectID"], project["projectName"])
    """

    def list(self) -> builtins.list[Project]:
        """Every project the API key may see (``GET /projects``, one unpaginated list).

        Returns:
            The projects as the server sends them (``projectID``,
            ``projectName``, ``description``).

        Raises:
            AuthenticationError: 401, the key or secret was not accepted.
            PermissionDeniedError: 403, the key may not list projects.
            RateLimitError: 429, over the documented 60 calls per hour.
        """
        return self._run(LIST_PROJECTS, locals())


class AsyncProjects(AsyncResource, twin=Projects):
    """The projects of the account, as ``AsyncPlatformClient.projects`` (coroutines).

    ::

        for project in await client.projects.list():
            print(project["projectID"], project["projectName"])
    """

    async def list(self) -> builtins.list[Project]:
        """Every project the API key may see (a coroutine)."""
        return await self._run(LIST_PROJECTS, locals())
