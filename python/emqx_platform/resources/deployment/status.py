"""``client.status``, ``client.error_codes`` and ``client.license``: the node's
health, the error codes the server documents, and the license (read only)."""

from __future__ import annotations

import builtins

from ...types.observe import ErrorCode, LicenseInfo, LicenseSetting, NodeStatus
from .._endpoint import Endpoint
from .._resource import AsyncResource, SyncResource

__all__ = [
    "AsyncErrorCodes",
    "AsyncLicense",
    "AsyncStatus",
    "ErrorCodes",
    "License",
    "Status",
]


# Plain text: "Node emqx@... is started\nemqx is running".
STATUS_TEXT = Endpoint[str]("GET", "/status")
STATUS_JSON = Endpoint[NodeStatus]("GET", "/status", query=lambda: {"format": "json"})
LIST_ERROR_CODES = Endpoint[builtins.list[ErrorCode]]("GET", "/error_codes")
GET_ERROR_CODE = Endpoint[ErrorCode]("GET", "/error_codes/{code}")
GET_LICENSE = Endpoint[LicenseInfo]("GET", "/license")
LICENSE_SETTING = Endpoint[LicenseSetting]("GET", "/license/setting")


class Status(SyncResource):
    """The node's health check (answered without credentials on a real node)."""

    def get(self) -> str:
        """The status as text: ``"Node emqx@127.0.0.1 is started\\nemqx is running"``.

        Raises:
            ServiceUnavailableError: The node is up but EMQX is not running (503).
        """
        return self._run(STATUS_TEXT, locals())

    def details(self) -> NodeStatus:
        """The status as a dict: ``broker_status``, ``app_status``, ``rel_vsn``, ``node_name``."""
        return self._run(STATUS_JSON, locals())


class AsyncStatus(AsyncResource, twin=Status):
    """The node's health check, for asyncio (see ``Status``)."""

    async def get(self) -> str:
        """The status as text (a coroutine)."""
        return await self._run(STATUS_TEXT, locals())

    async def details(self) -> NodeStatus:
        """The status as a dict: ``broker_status``, ``app_status``, ``rel_vsn``, ``node_name``."""
        return await self._run(STATUS_JSON, locals())


class ErrorCodes(SyncResource):
    """The error codes the server documents (it emits more than these)."""

    def list(self) -> builtins.list[ErrorCode]:
        """Every documented ``{code, description}`` (not paginated)."""
        return self._run(LIST_ERROR_CODES, locals())

    def get(self, code: str) -> ErrorCode:
        """One code's description, e.g. ``get("NOT_FOUND")``.

        Raises:
            BadRequestError: The server does not document ``code``.
        """
        return self._run(GET_ERROR_CODE, locals())


class AsyncErrorCodes(AsyncResource, twin=ErrorCodes):
    """The documented error codes, for asyncio (see ``ErrorCodes``)."""

    async def list(self) -> builtins.list[ErrorCode]:
        """Every documented ``{code, description}`` (not paginated)."""
        return await self._run(LIST_ERROR_CODES, locals())

    async def get(self, code: str) -> ErrorCode:
        """One code's description."""
        return await self._run(GET_ERROR_CODE, locals())


class License(SyncResource):
    """The deployment's license, read only (EMQX Cloud manages it)."""

    def get(self) -> LicenseInfo:
        """The license: ``max_sessions``, ``expiry_at``, ``type``, ..."""
        return self._run(GET_LICENSE, locals())

    def setting(self) -> LicenseSetting:
        """The watermarks of the ``license_quota`` alarm."""
        return self._run(LICENSE_SETTING, locals())


class AsyncLicense(AsyncResource, twin=License):
    """The deployment's license, for asyncio (see ``License``)."""

    async def get(self) -> LicenseInfo:
        """The license: ``max_sessions``, ``expiry_at``, ``type``, ..."""
        return await self._run(GET_LICENSE, locals())

    async def setting(self) -> LicenseSetting:
        """The watermarks of the ``license_quota`` alarm."""
        return await self._run(LICENSE_SETTING, locals())
