"""Clients of the Platform API (projects, deployments, TLS certificates), sync and async.

The constructor is written once (``_PlatformAuth``) and combined with the
blocking or the awaitable ``request`` of ``_base_client``; each resource
attribute is one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._base_client import _AsyncBaseClient, _BaseClient, _ClientCore
from ._docs import documents_client_options
from ._options import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    PLATFORM,
    ProxyTypes,
    VerifyTypes,
    open_transport,
)
from .resources._resource import resource

if TYPE_CHECKING:
    from .resources.platform import (
        AsyncDeployments,
        AsyncProjects,
        AsyncTLSCertificates,
        Deployments,
        Projects,
        TLSCertificates,
    )

__all__ = ["AsyncPlatformClient", "PlatformClient"]


class _PlatformAuth(_ClientCore):
    """The Platform API's constructor: an API key and secret."""

    _credentials = PLATFORM

    @documents_client_options
    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        connect_timeout: float | None = DEFAULT_CONNECT_TIMEOUT,
        max_retries: int | None = DEFAULT_MAX_RETRIES,
        verify: VerifyTypes = True,
        user_agent: str | None = None,
        allow_insecure_http: bool = False,
        proxy: ProxyTypes = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        """Create a Platform API client.

        Arguments:
            api_key: The Platform API key; default ``EMQX_PLATFORM_API_KEY``.
            api_secret: Its secret; default ``EMQX_PLATFORM_API_SECRET``. It
                is kept in the native core only, never in a Python attribute.
            base_url: The Platform API root, as the console shows it; default
                ``EMQX_PLATFORM_BASE_URL``. There is no built-in default.
        """
        self._adopt(
            open_transport(
                PLATFORM,
                api_key,
                api_secret,
                base_url=base_url,
                timeout=timeout,
                connect_timeout=connect_timeout,
                max_retries=max_retries,
                verify=verify,
                user_agent=user_agent,
                allow_insecure_http=allow_insecure_http,
                proxy=proxy,
                max_response_bytes=max_response_bytes,
                stacklevel=2,
            )
        )

    @property
    def api_key(self) -> str:
        """The Platform API key (the secret is never readable from Python)."""
        return self._transport.username


class PlatformClient(_PlatformAuth, _BaseClient):
    """Client of the EMQX Platform API (projects, deployments, certificates); calls block.

    ::

        from emqx_platform import PlatformClient

        with PlatformClient("my-key", "my-secret", base_url="https://...") as client:
            for d in client.deployments.list():
                print(d["deploymentID"], d["status"])

    Attributes:
        projects: ``GET /projects``.
        deployments: List, get, start, stop, ``wait_for_status``.
        tls: A deployment's custom TLS certificate: get, create, update, delete.

    Any other endpoint: ``client.request(method, path, json=...)``.
    Thread-safe: share one client. ``with_options()`` makes a copy with
    other options over the same connection pool. ``repr()`` shows the base
    URL and a masked key, never the secret; clients cannot be pickled.
    """

    projects: resource[Projects] = resource("platform.projects:Projects")
    deployments: resource[Deployments] = resource("platform.deployments:Deployments")
    tls: resource[TLSCertificates] = resource("platform.tls:TLSCertificates")


class AsyncPlatformClient(_PlatformAuth, _AsyncBaseClient):
    """Client of the EMQX Platform API (projects, deployments, certificates), for asyncio.

    ::

        from emqx_platform import AsyncPlatformClient

        async with AsyncPlatformClient("my-key", "my-secret", base_url="https://...") as client:
            for d in await client.deployments.list():
                print(d["deploymentID"], d["status"])

    Attributes:
        projects: ``GET /projects``.
        deployments: List, get, start, stop, ``wait_for_status``.
        tls: A deployment's custom TLS certificate: get, create, update, delete.

    Any other endpoint: ``await client.request(method, path, json=...)``.
    ``with_options()`` makes a copy with other options over the same
    connection pool. ``repr()`` shows the base URL and a masked key, never
    the secret; clients cannot be pickled.
    """

    projects: resource[AsyncProjects] = resource("platform.projects:AsyncProjects")
    deployments: resource[AsyncDeployments] = resource("platform.deployments:AsyncDeployments")
    tls: resource[AsyncTLSCertificates] = resource("platform.tls:AsyncTLSCertificates")
