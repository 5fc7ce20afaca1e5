"""Building and closing clients: the test credentials, the client classes.

``support/flavors.py`` runs one test body over a sync and an async client.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import emqx_platform
import emqx_platform.v4

USER = "user"
SECRET = "secret"
DEPLOYMENT_PREFIX = "/api/v5"
V4_PREFIX = "/api"
PREFIXES = {"deployment": DEPLOYMENT_PREFIX, "v4": V4_PREFIX}
"""The API root under the server's URL, per kind of client."""

ClientFactory = Callable[..., Any]


def client_class(kind: str, *, is_async: bool) -> type[Any]:
    """The client class of ``kind`` (``"platform"``, ``"deployment"`` or ``"v4"``) and flavor."""
    classes: dict[tuple[str, bool], type[Any]] = {
        ("platform", False): emqx_platform.PlatformClient,
        ("platform", True): emqx_platform.AsyncPlatformClient,
        ("deployment", False): emqx_platform.DeploymentClient,
        ("deployment", True): emqx_platform.AsyncDeploymentClient,
        ("v4", False): emqx_platform.v4.DeploymentClient,
        ("v4", True): emqx_platform.v4.AsyncDeploymentClient,
    }
    return classes[(kind, is_async)]


async def aclose(client: Any) -> None:
    """Close an async client whether its ``close`` is a coroutine or not."""
    result = client.close()
    if inspect.isawaitable(result):
        await result
