"""``Emulator``: a stateful EMQX Platform + Deployment API server over real HTTPS.

The server is Rust (the ``emqx-emulator`` crate, run on the SDK's runtime);
this class starts it, writes its CA certificate to a file, and hands out
clients that trust it.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any

from typing_extensions import Self

from .. import _core, v4
from .._deployment_client import AsyncDeploymentClient, DeploymentClient
from .._platform_client import AsyncPlatformClient, PlatformClient
from ._deployments import SeededDeployment

__all__ = ["Emulator"]

RetryAfter = int | float | str | _dt.datetime


class Emulator:
    """An in-process emulator of the EMQX Platform API and the EMQX 5 Deployment API.

    ::

        from emqx_platform.testing import Emulator

        with Emulator() as emu:
            d = emu.deployment_client()
            emu.connect_client(emu.deployments[0].id, "sensor/1", username="alice")
            print(d.request("GET", "/clients"))

    It serves real HTTPS on ``host:port`` (port 0 picks a free one) with a
    certificate signed by a CA generated at start (``ca_cert_path``).
    Clients must use the credentials it shows; anything else gets EMQX's
    real 401 answers. State (clients, users, rules, ...) lives until
    ``reset()`` or ``close()``.

    Args:
        host: Address to listen on.
        port: Port to listen on; 0 picks a free one.
        transition_seconds: How long deployment start/stop and TLS
            certificate changes take to settle (tests pass a small value).
        rate_limits: Whether the Platform API's documented rate limits
            answer 429.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        transition_seconds: float = 2.0,
        rate_limits: bool = True,
    ) -> None:
        """Start the emulator; the arguments are described above."""
        if transition_seconds < 0:
            raise ValueError(f"transition_seconds must be >= 0, got {transition_seconds}")
        self._server = _core.EmulatorServer(
            host, port, transition_seconds=float(transition_seconds), rate_limits=rate_limits
        )
        self._tmp = tempfile.TemporaryDirectory(prefix="emqx-emulator-")
        ca_path = Path(self._tmp.name) / "ca.pem"
        ca_path.write_text(self._server.ca_cert_pem, encoding="ascii")
        self._ca_cert_path = str(ca_path)
        self._deployments = tuple(
            SeededDeployment._from_core(d) for d in self._server.deployments()
        )
        self._closed = False

    # -- where and who ---------------------------------------------------------

    @property
    def ca_cert_path(self) -> str:
        """Path of the PEM file of the emulator's CA (pass it as ``verify=``)."""
        return self._ca_cert_path

    @property
    def address(self) -> tuple[str, int]:
        """``(host, port)`` the server listens on."""
        return self._server.address

    @property
    def platform_base_url(self) -> str:
        """The Platform API root."""
        return self._server.platform_base_url

    @property
    def platform_api_key(self) -> str:
        """The Platform API key the emulator accepts."""
        return self._server.platform_credentials[0]

    @property
    def platform_api_secret(self) -> str:
        """The Platform API secret the emulator accepts."""
        return self._server.platform_credentials[1]

    @property
    def deployments(self) -> tuple[SeededDeployment, ...]:
        """The seeded deployments: ``[0]`` is dedicated, ``[1]`` serverless,
        ``[2]`` dedicated on EMQX 4 (its ``version`` is ``"4.4.x"``)."""
        return self._deployments

    def deployment(self, deployment_id: str | None = None) -> SeededDeployment:
        """The seeded deployment with this id (default: the first, dedicated one)."""
        if deployment_id is None:
            return self._deployments[0]
        for deployment in self._deployments:
            if deployment.id == deployment_id:
                return deployment
        known = ", ".join(d.id for d in self._deployments)
        raise ValueError(f"no seeded deployment {deployment_id!r} (known: {known})")

    # -- clients ---------------------------------------------------------------

    def platform_client(self, **options: Any) -> PlatformClient:
        """A ``PlatformClient`` for this emulator (``options`` as the constructor's)."""
        return PlatformClient(**self._platform_arguments(options))

    def async_platform_client(self, **options: Any) -> AsyncPlatformClient:
        """An ``AsyncPlatformClient`` for this emulator."""
        return AsyncPlatformClient(**self._platform_arguments(options))

    def deployment_client(
        self, deployment_id: str | None = None, **options: Any
    ) -> DeploymentClient:
        """A ``DeploymentClient`` for a seeded deployment (default: the first)."""
        return DeploymentClient(**self._deployment_arguments(deployment_id, options))

    def async_deployment_client(
        self, deployment_id: str | None = None, **options: Any
    ) -> AsyncDeploymentClient:
        """An ``AsyncDeploymentClient`` for a seeded deployment (default: the first)."""
        return AsyncDeploymentClient(**self._deployment_arguments(deployment_id, options))

    def v4_deployment_client(
        self, deployment_id: str | None = None, **options: Any
    ) -> v4.DeploymentClient:
        """An ``emqx_platform.v4.DeploymentClient`` for a seeded EMQX 4 deployment
        (default: the first one)."""
        return v4.DeploymentClient(**self._deployment_arguments(self._v4(deployment_id), options))

    def async_v4_deployment_client(
        self, deployment_id: str | None = None, **options: Any
    ) -> v4.AsyncDeploymentClient:
        """An ``emqx_platform.v4.AsyncDeploymentClient`` for a seeded EMQX 4 deployment."""
        arguments = self._deployment_arguments(self._v4(deployment_id), options)
        return v4.AsyncDeploymentClient(**arguments)

    def _v4(self, deployment_id: str | None) -> str:
        """The id given, or the first seeded deployment on EMQX 4."""
        if deployment_id is not None:
            return deployment_id
        return next(d.id for d in self._deployments if d.version != "v5")

    def _platform_arguments(self, options: dict[str, Any]) -> dict[str, Any]:
        return {
            "api_key": self.platform_api_key,
            "api_secret": self.platform_api_secret,
            "base_url": self.platform_base_url,
            "verify": self._ca_cert_path,
            **options,
        }

    def _deployment_arguments(
        self, deployment_id: str | None, options: dict[str, Any]
    ) -> dict[str, Any]:
        deployment = self.deployment(deployment_id)
        return {
            "app_id": deployment.app_id,
            "app_secret": deployment.app_secret,
            "base_url": deployment.base_url,
            "verify": self._ca_cert_path,
            **options,
        }

    # -- simulated MQTT clients and published messages -------------------------

    def connect_client(
        self,
        deployment_id: str,
        clientid: str,
        username: str | None = None,
        **attrs: Any,
    ) -> dict[str, Any]:
        """Simulate an MQTT client connecting; returns the client as the API shows it.

        ``attrs`` set client fields: ``ip_address``, ``port``, ``proto_ver``,
        ``clean_start``, ``keepalive``, ``expiry_interval``, ``created_at`` /
        ``connected_at`` (epoch ms or RFC 3339), or extras such as
        ``client_attrs``. Connecting an existing client id takes its session over.

        Stopping a deployment on the Platform API ends every client and
        session on it (subscriptions included; its configuration stays).

        Raises:
            ValueError: ``deployment_id`` is not a seeded deployment, or the
                deployment is not running (``stopping``, ``stopped`` or
                ``starting``); the message names its status.
        """
        return self._server.connect_client(
            self.deployment(deployment_id).id, clientid, username, attrs
        )

    def disconnect_client(self, deployment_id: str, clientid: str) -> bool:
        """Simulate an MQTT client disconnecting; returns whether it was known.

        Its session stays (``connected: false``) when it connected with
        ``clean_start=False`` and a non-zero ``expiry_interval``.
        """
        return self._server.disconnect_client(self.deployment(deployment_id).id, clientid)

    def published(self, deployment_id: str) -> list[dict[str, Any]]:
        """Messages accepted by publish on a deployment, oldest first."""
        return self._server.published(self.deployment(deployment_id).id)

    # -- faults and the request log -------------------------------------------

    def inject_fault(
        self,
        path: str,
        method: str | None = None,
        status: int | None = None,
        body: Any = None,
        delay: float | None = None,
        drop_connection: bool = False,
        retry_after: RetryAfter | None = None,
        times: int | None = 1,
    ) -> None:
        """Make matching requests fail, stall or lose their connection.

        Args:
            path: A regular expression searched in the request path (as sent,
                percent-encoded, without the query), e.g. ``r"/clients$"``.
            method: Only requests with this method (default: any).
            status: Answer with this status (with ``body``, or an EMQX-style
                ``{"code", "message"}`` body).
            body: The JSON body to answer with.
            delay: Seconds to wait first; alone, the request then goes through.
            drop_connection: Close the connection without an answer.
            retry_after: A ``Retry-After`` header: seconds, or a datetime
                (sent as an HTTP date), or the header's text.
            times: How many requests it applies to; ``None``: all, until
                ``reset()``.
        """
        if times is not None and times < 1:
            raise ValueError(f"times must be >= 1 or None, got {times}")
        self._server.inject_fault(
            path,
            method=method,
            status=status,
            body=body,
            delay=delay,
            drop_connection=drop_connection,
            retry_after=_retry_after_header(retry_after),
            times=times,
        )

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        self._server.clear_faults()

    @property
    def requests(self) -> list[dict[str, Any]]:
        """What the emulator received, oldest first: ``method``, ``path``, ``query``,
        ``body`` (decoded JSON), ``status``, ... Credentials are never recorded."""
        return self._server.requests()

    # -- life cycle ------------------------------------------------------------

    def reset(self) -> None:
        """Back to the seeded state: simulated clients, users, rules, faults, rate
        limits, the request log and published messages cleared; credentials kept."""
        self._server.reset()

    def close(self) -> None:
        """Stop the server and remove the CA file. Idempotent."""
        if not self._closed:
            self._closed = True
            self._server.shutdown()
            self._tmp.cleanup()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else self._server.base_url
        return f"Emulator({state})"

    def __reduce__(self) -> Any:
        raise TypeError("Emulator cannot be pickled (it is a running server)")


def _retry_after_header(value: RetryAfter | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            raise ValueError("retry_after datetime must be timezone-aware")
        return email.utils.format_datetime(value.astimezone(_dt.timezone.utc), usegmt=True)
    if isinstance(value, bool) or value < 0:
        raise ValueError(f"retry_after must be a number of seconds >= 0, got {value!r}")
    return str(int(value)) if float(value).is_integer() else str(value)
