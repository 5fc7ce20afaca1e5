"""``client.projects``: the projects of the account (``GET /projects``)."""

from __future__ import annotations

import builtins
from typing import cast

from ..._base_client import _AsyncBaseClient, _BaseClient
from ...types.platform import Project
from ._endpoints import LIST_PROJECTS, Resource, send, send_async

__all__ = ["AsyncProjects", "Projects"]


class Projects(Resource[_BaseClient]):
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
        return cast("builtins.list[Project]", send(self._client, LIST_PROJECTS.call()))


class AsyncProjects(Resource[_AsyncBaseClient]):
    """The projects of the account, as ``AsyncPlatformClient.projects`` (coroutines).

    ::

        for project in await client.projects.list():
            print(project["projectID"], project["projectName"])
    """

    async def list(self) -> builtins.list[Project]:
        """Every project the API key may see (``GET /projects``, one unpaginated list).

        Returns:
            The projects as the server sends them (``projectID``,
            ``projectName``, ``description``).

        Raises:
            AuthenticationError: 401, the key or secret was not accepted.
            PermissionDeniedError: 403, the key may not list projects.
            RateLimitError: 429, over the documented 60 calls per hour.
        """
        result = await send_async(self._client, LIST_PROJECTS.call())
        return cast("builtins.list[Project]", result)
