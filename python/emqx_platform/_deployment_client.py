"""Clients of one deployment's API (EMQX 5 under ``/api/v5``), sync and async.

The constructor is written once (``_DeploymentAuth``) and combined with the
blocking or the awaitable ``request`` of ``_base_client``.
"""

from __future__ import annotations

from typing import ClassVar

from ._base_client import _AsyncBaseClient, _BaseClient, _ClientCore
from ._options import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    DEPLOYMENT,
    Credentials,
    VerifyTypes,
    open_transport,
)

__all__ = ["AsyncDeploymentClient", "DeploymentClient"]


class _DeploymentAuth(_ClientCore):
    """The Deployment API's constructor: an App ID and App Secret."""

    _credentials: ClassVar[Credentials] = DEPLOYMENT

    def __init__(
        self,
        app_id: str | None = None,
        app_secret: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        connect_timeout: float | None = DEFAULT_CONNECT_TIMEOUT,
        max_retries: int | None = DEFAULT_MAX_RETRIES,
        verify: VerifyTypes = True,
        user_agent: str | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        """Create a Deployment API client.

        Arguments:
            app_id: The deployment's App ID; default ``EMQX_DEPLOYMENT_APP_ID``.
            app_secret: Its App Secret; default ``EMQX_DEPLOYMENT_APP_SECRET``.
                It is kept in the native core only, never in a Python attribute.
            base_url: The deployment's full API root, e.g.
                ``https://host:8443/api/v5``; request paths are joined under
                it. Default ``EMQX_DEPLOYMENT_BASE_URL``.

        Keyword arguments:
            timeout: Seconds each attempt may take (default 30). ``None``
                means the default, never "wait forever".
            connect_timeout: Seconds for the TCP connect plus the TLS
                handshake (default 5).
            max_retries: Extra attempts after a failed first one (default 2):
                after connection failures always, after 408/429/5xx and read
                timeouts only for GET, HEAD, PUT and DELETE (a POST is never
                sent twice); exponential backoff, honouring ``Retry-After``.
            verify: ``True`` (the system trust store, or the PEM file named
                by ``EMQX_CA_BUNDLE`` if set), the path of a PEM CA bundle, or
                ``False`` (no certificate check: insecure, warns).
            user_agent: Text put before the SDK's own ``User-Agent`` token.
            allow_insecure_http: Allow a plain ``http://`` base URL, and only
                to a loopback host (for local tests).

        Raises:
            EMQXError: A credential or the base URL is neither passed nor set
                in the environment.
            ValueError, TypeError: An argument is invalid (e.g. an ``http://``
                base URL, a CA bundle that does not exist, ``timeout=0``).
        """
        self._adopt(
            open_transport(
                DEPLOYMENT,
                app_id,
                app_secret,
                base_url=base_url,
                timeout=timeout,
                connect_timeout=connect_timeout,
                max_retries=max_retries,
                verify=verify,
                user_agent=user_agent,
                allow_insecure_http=allow_insecure_http,
                stacklevel=2,
            )
        )

    @property
    def app_id(self) -> str:
        """The deployment's App ID (the secret is never readable from Python)."""
        return self._transport.username


class DeploymentClient(_DeploymentAuth, _BaseClient):
    """Client of one deployment's API (clients, publish, authentication, rules...); calls block.

    ::

        from emqx_platform import DeploymentClient

        client = DeploymentClient("app-id", "app-secret", base_url="https://host:8443/api/v5")
        page = client.request("GET", "/clients", params={"page": 1, "limit": 100})

    Thread-safe: share one client. :meth:`with_options` makes a copy with
    other options over the same connection pool. ``repr()`` shows the base
    URL and a masked App ID, never the secret; clients cannot be pickled.
    """


class AsyncDeploymentClient(_DeploymentAuth, _AsyncBaseClient):
    """Client of one deployment's API (clients, publish, authentication, rules...), for asyncio.

    ::

        from emqx_platform import AsyncDeploymentClient

        client = AsyncDeploymentClient("app-id", "app-secret", base_url="https://host:8443/api/v5")
        page = await client.request("GET", "/clients", params={"page": 1, "limit": 100})

    :meth:`with_options` makes a copy with other options over the same
    connection pool. ``repr()`` shows the base URL and a masked App ID,
    never the secret; clients cannot be pickled.
    """
