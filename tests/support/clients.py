"""Client helpers shared by the fixtures and the tests.

Most behaviour must hold for the sync and the async clients alike. Such tests
are written once, as ``async`` tests over the ``flavor`` fixture parameter: an
:class:`Api` sends a sync client's calls from a worker thread (a thread with no
event loop, as in a plain script) and awaits an async client's calls.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import emqx_platform

USER = "user"
SECRET = "secret"
DEPLOYMENT_PREFIX = "/api/v5"

ClientFactory = Callable[..., Any]


def client_class(kind: str, *, is_async: bool) -> type[Any]:
    classes: dict[tuple[str, bool], type[Any]] = {
        ("platform", False): emqx_platform.PlatformClient,
        ("platform", True): emqx_platform.AsyncPlatformClient,
        ("deployment", False): emqx_platform.DeploymentClient,
        ("deployment", True): emqx_platform.AsyncDeploymentClient,
    }
    return classes[(kind, is_async)]


async def aclose(client: Any) -> None:
    """Close an async client whether its ``close`` is a coroutine or not."""
    result = client.close()
    if inspect.isawaitable(result):
        await result


@dataclass
class Api:
    """A sync or async client behind one awaitable ``request``."""

    client: Any
    is_async: bool

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        if self.is_async:
            return await self.client.request(method, path, **kwargs)
        return await asyncio.to_thread(self.client.request, method, path, **kwargs)

    async def close(self) -> None:
        if self.is_async:
            await aclose(self.client)
        else:
            self.client.close()


ApiFactory = Callable[..., Api]
