"""Building and closing clients: the test credentials, the four client classes.

``support/flavors.py`` runs one test body over a sync and an async client.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import emqx_platform

USER = "user"
SECRET = "secret"
DEPLOYMENT_PREFIX = "/api/v5"

ClientFactory = Callable[..., Any]


def client_class(kind: str, *, is_async: bool) -> type[Any]:
    """The client class of ``kind`` (``"platform"`` or ``"deployment"``) and flavor."""
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
