"""Clients of the Platform API (projects, deployments, TLS certificates), sync and async.

The constructor is written once (``_PlatformAuth``) and combined with the
blocking or the awaitable ``request`` of ``_base_client``.
"""

from __future__ import annotations

from typing import ClassVar

from . import _core
from ._base_client import _AsyncBaseClient, _BaseClient, _ClientCore
from ._options import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    PLATFORM,
    Credentials,
    ProxyTypes,
    VerifyTypes,
    open_transport,
)
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

    _credentials: ClassVar[Credentials] = PLATFORM

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

        Keyword arguments:
            timeout: Seconds each attempt may take (default 30). ``None``
                means the default, never "wait forever".
            connect_timeout: Seconds for the TCP connect plus the TLS
                handshake (default 5).
            max_retries: Extra attempts after a failed first one (default 2):
                after connection failures always, after 408/502/503/504,
                a 429 with ``Retry-After`` and read timeouts only for GET,
                HEAD, PUT and DELETE (a POST is never sent twice);
                exponential backoff, honouring ``Retry-After``.
            verify: ``True`` (the system trust store, or the PEM file named
                by ``EMQX_CA_BUNDLE`` if set), the path of a PEM CA bundle, or
                ``False`` (no certificate check: insecure, warns).
            user_agent: Text put before the SDK's own ``User-Agent`` token.
            allow_insecure_http: Allow a plain ``http://`` base URL, and only
                to a loopback host (for local tests).
            proxy: The proxy for HTTPS requests, e.g.
                ``"http://user:pass@proxy.corp:3128"`` (an ``http://`` or
                ``https://`` proxy; SOCKS is not supported). ``None`` (default)
                takes it from ``EMQX_PROXY``, else ``HTTPS_PROXY``, else
                ``ALL_PROXY``; ``False`` never uses a proxy. Hosts listed in
                ``NO_PROXY`` and loopback hosts are always reached directly,
                and a plain ``http://`` request never goes through a proxy.
                The proxy's credentials never show in ``repr``, logs or
                error messages.
            max_response_bytes: The largest response body to read (default
                64 MiB, at most 1 GiB), of any status. A larger one raises
                :class:`ResponseTooLargeError` without being read into memory.

        Raises:
            EMQXError: A credential or the base URL is neither passed nor set
                in the environment.
            ValueError, TypeError: An argument is invalid (e.g. an ``http://``
                base URL, a CA bundle that does not exist, ``timeout=0``, a
                ``socks5://`` proxy, also one from the environment).
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
    Thread-safe: share one client. :meth:`with_options` makes a copy with
    other options over the same connection pool. ``repr()`` shows the base
    URL and a masked key, never the secret; clients cannot be pickled.
    """

    projects: Projects
    deployments: Deployments
    tls: TLSCertificates

    def _adopt(self, transport: _core.Transport) -> None:
        super()._adopt(transport)
        self.projects = Projects(self)
        self.deployments = Deployments(self)
        self.tls = TLSCertificates(self)


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
    :meth:`with_options` makes a copy with other options over the same
    connection pool. ``repr()`` shows the base URL and a masked key, never
    the secret; clients cannot be pickled.
    """

    projects: AsyncProjects
    deployments: AsyncDeployments
    tls: AsyncTLSCertificates

    def _adopt(self, transport: _core.Transport) -> None:
        super()._adopt(transport)
        self.projects = AsyncProjects(self)
        self.deployments = AsyncDeployments(self)
        self.tls = AsyncTLSCertificates(self)
