"""``client.deployments``: list, get, start and stop deployments, and wait for a status.

Creating a deployment (``POST /deployments``) is mentioned by the docs without
a request schema, so there is no method for it; ``client.request("POST",
"/deployments", json=...)`` reaches it.
"""

from __future__ import annotations

import asyncio
import builtins
import time
from typing import cast

from ..._base_client import _AsyncBaseClient, _BaseClient
from ..._wait import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT, PollSchedule
from ...types.platform import Deployment, DeploymentOperation, DeploymentStatus
from ._endpoints import (
    GET_DEPLOYMENT,
    LIST_DEPLOYMENTS,
    START_DEPLOYMENT,
    STOP_DEPLOYMENT,
    Resource,
    send,
    send_async,
)

__all__ = ["AsyncDeployments", "Deployments"]


class Deployments(Resource[_BaseClient]):
    """The deployments of the account, as ``PlatformClient.deployments``.

    ::

        d = client.deployments.get("w41b11c0")
        if d["status"] == "stopped":
            client.deployments.start("w41b11c0")
            client.deployments.wait_for_status("w41b11c0", "running")

    Mind the documented rate limits: 60 reads per hour, and one start and
    one stop per deployment per hour.
    """

    def list(self) -> builtins.list[Deployment]:
        """Every deployment the API key may see (``GET /deployments``, unpaginated).

        Raises:
            AuthenticationError: 401, the key or secret was not accepted.
            PermissionDeniedError: 403, the key may not list deployments.
            RateLimitError: 429, over the documented 60 calls per hour.
        """
        result = send(self._client, LIST_DEPLOYMENTS.call())
        return cast("builtins.list[Deployment]", result)

    def get(self, deployment_id: str) -> Deployment:
        """One deployment (``GET /deployments/{deployment_id}``), ``status`` included.

        Args:
            deployment_id: The deployment id (e.g. ``"w41b11c0"``), not its name.

        Raises:
            NotFoundError: 404, no such deployment.
            AuthenticationError, PermissionDeniedError: 401, 403.
            RateLimitError: 429, over the documented 60 calls per hour.
            ValueError, TypeError: ``deployment_id`` is empty or not a ``str``.
        """
        result = send(self._client, GET_DEPLOYMENT.call(deployment_id))
        return cast("Deployment", result)

    def start(self, deployment_id: str) -> DeploymentOperation:
        """Start a stopped deployment (``POST .../start``, answered with 201).

        The answer's ``operation`` is ``"starting"``; use
        :meth:`wait_for_status` to wait for ``"running"``.

        Raises:
            UnprocessableEntityError: 422, e.g. the deployment is not stopped.
            NotFoundError: 404, no such deployment.
            AuthenticationError, PermissionDeniedError: 401, 403.
            RateLimitError: 429, the deployment was already started in the
                last hour (the documented limit is once per hour).
        """
        result = send(self._client, START_DEPLOYMENT.call(deployment_id))
        return cast("DeploymentOperation", result)

    def stop(self, deployment_id: str) -> DeploymentOperation:
        """Stop a running deployment (``POST .../stop``, answered with 201).

        The answer's ``operation`` is ``"stopping"``; use
        :meth:`wait_for_status` to wait for ``"stopped"``.

        Raises:
            UnprocessableEntityError: 422, e.g. the deployment is not running.
            NotFoundError: 404, no such deployment.
            AuthenticationError, PermissionDeniedError: 401, 403.
            RateLimitError: 429, the deployment was already stopped in the
                last hour (the documented limit is once per hour).
        """
        result = send(self._client, STOP_DEPLOYMENT.call(deployment_id))
        return cast("DeploymentOperation", result)

    def wait_for_status(
        self,
        deployment_id: str,
        status: DeploymentStatus,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> Deployment:
        """Poll the deployment until its ``status`` is ``status``; return that answer.

        Polls at once, then every ``poll_interval`` seconds, the last poll at
        the deadline. Each poll is a ``GET /deployments/{deployment_id}``,
        which the API allows 60 times per hour: the default interval (65 s)
        keeps even a one-hour wait at 57 polls. A shorter interval spends the
        budget faster, and the next read may then answer 429.

        Args:
            deployment_id: The deployment id.
            status: ``"running"``, ``"stopped"``, ``"starting"`` or ``"stopping"``.
            timeout: Seconds to wait in all (default 1800).
            poll_interval: Seconds between polls (default 65).

        Returns:
            The first answer whose ``status`` matched.

        Raises:
            WaitTimeoutError: Time ran out (also a :class:`TimeoutError`); its
                message gives the number of polls and the last status seen.
            ValueError, TypeError: An unknown status, or a timeout or
                interval that is not a positive number; nothing was sent.
            APIStatusError: A poll failed (e.g. :class:`NotFoundError`,
                :class:`RateLimitError`).
        """
        schedule = PollSchedule(deployment_id, status, timeout=timeout, poll_interval=poll_interval)
        while True:
            deployment = self.get(deployment_id)
            if schedule.reached(deployment):
                return deployment
            time.sleep(schedule.next_delay())


class AsyncDeployments(Resource[_AsyncBaseClient]):
    """The deployments of the account, as ``AsyncPlatformClient.deployments`` (coroutines).

    ::

        d = await client.deployments.get("w41b11c0")
        if d["status"] == "stopped":
            await client.deployments.start("w41b11c0")
            await client.deployments.wait_for_status("w41b11c0", "running")

    Mind the documented rate limits: 60 reads per hour, and one start and
    one stop per deployment per hour.
    """

    async def list(self) -> builtins.list[Deployment]:
        """Every deployment the API key may see (``GET /deployments``, unpaginated).

        Raises:
            AuthenticationError: 401, the key or secret was not accepted.
            PermissionDeniedError: 403, the key may not list deployments.
            RateLimitError: 429, over the documented 60 calls per hour.
        """
        result = await send_async(self._client, LIST_DEPLOYMENTS.call())
        return cast("builtins.list[Deployment]", result)

    async def get(self, deployment_id: str) -> Deployment:
        """One deployment (``GET /deployments/{deployment_id}``), ``status`` included.

        Args:
            deployment_id: The deployment id (e.g. ``"w41b11c0"``), not its name.

        Raises:
            NotFoundError: 404, no such deployment.
            AuthenticationError, PermissionDeniedError: 401, 403.
            RateLimitError: 429, over the documented 60 calls per hour.
            ValueError, TypeError: ``deployment_id`` is empty or not a ``str``.
        """
        result = await send_async(self._client, GET_DEPLOYMENT.call(deployment_id))
        return cast("Deployment", result)

    async def start(self, deployment_id: str) -> DeploymentOperation:
        """Start a stopped deployment (``POST .../start``, answered with 201).

        The answer's ``operation`` is ``"starting"``; use
        :meth:`wait_for_status` to wait for ``"running"``.

        Raises:
            UnprocessableEntityError: 422, e.g. the deployment is not stopped.
            NotFoundError: 404, no such deployment.
            AuthenticationError, PermissionDeniedError: 401, 403.
            RateLimitError: 429, the deployment was already started in the
                last hour (the documented limit is once per hour).
        """
        result = await send_async(self._client, START_DEPLOYMENT.call(deployment_id))
        return cast("DeploymentOperation", result)

    async def stop(self, deployment_id: str) -> DeploymentOperation:
        """Stop a running deployment (``POST .../stop``, answered with 201).

        The answer's ``operation`` is ``"stopping"``; use
        :meth:`wait_for_status` to wait for ``"stopped"``.

        Raises:
            UnprocessableEntityError: 422, e.g. the deployment is not running.
            NotFoundError: 404, no such deployment.
            AuthenticationError, PermissionDeniedError: 401, 403.
            RateLimitError: 429, the deployment was already stopped in the
                last hour (the documented limit is once per hour).
        """
        result = await send_async(self._client, STOP_DEPLOYMENT.call(deployment_id))
        return cast("DeploymentOperation", result)

    async def wait_for_status(
        self,
        deployment_id: str,
        status: DeploymentStatus,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> Deployment:
        """Poll the deployment until its ``status`` is ``status``; return that answer.

        Polls at once, then every ``poll_interval`` seconds (``asyncio.sleep``
        in between, so other tasks run), the last poll at the deadline. Each
        poll is a ``GET /deployments/{deployment_id}``, which the API allows
        60 times per hour: the default interval (65 s) keeps even a one-hour
        wait at 57 polls. A shorter interval spends the budget faster, and the
        next read may then answer 429.

        Args:
            deployment_id: The deployment id.
            status: ``"running"``, ``"stopped"``, ``"starting"`` or ``"stopping"``.
            timeout: Seconds to wait in all (default 1800).
            poll_interval: Seconds between polls (default 65).

        Returns:
            The first answer whose ``status`` matched.

        Raises:
            WaitTimeoutError: Time ran out (also a :class:`TimeoutError`); its
                message gives the number of polls and the last status seen.
            ValueError, TypeError: An unknown status, or a timeout or
                interval that is not a positive number; nothing was sent.
            APIStatusError: A poll failed (e.g. :class:`NotFoundError`,
                :class:`RateLimitError`).
        """
        schedule = PollSchedule(deployment_id, status, timeout=timeout, poll_interval=poll_interval)
        while True:
            deployment = await self.get(deployment_id)
            if schedule.reached(deployment):
                return deployment
            await asyncio.sleep(schedule.next_delay())
