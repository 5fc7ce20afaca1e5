"""``client.deployments``: list, get, start and stop deployments, and wait for a status.

Creating a deployment (``POST /deployments``) is mentioned by the docs without
a request schema, so there is no method for it; ``client.request("POST",
"/deployments", json=...)`` reaches it.
"""

from __future__ import annotations

import builtins

from ..._progress import Progress
from ..._wait import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT, PollSchedule, wait, wait_async
from ...types.platform import Deployment, DeploymentOperation, DeploymentStatus
from .._endpoint import Endpoint
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncDeployments", "Deployments"]

# Section 2.8 of the API reference: 60 reads per hour, one start and one stop.
LIST_DEPLOYMENTS = Endpoint[list[Deployment]]("GET", "/deployments", calls_per_hour=60)
GET_DEPLOYMENT = Endpoint[Deployment]("GET", "/deployments/{deployment_id}", calls_per_hour=60)
START_DEPLOYMENT = Endpoint[DeploymentOperation](
    "POST", "/deployments/{deployment_id}/start", calls_per_hour=1
)
STOP_DEPLOYMENT = Endpoint[DeploymentOperation](
    "POST", "/deployments/{deployment_id}/stop", calls_per_hour=1
)


class Deployments(SyncResource):
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
        return self._run(LIST_DEPLOYMENTS, locals())

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
        return self._run(GET_DEPLOYMENT, locals())

    def start(self, deployment_id: str) -> DeploymentOperation:
        """Start a stopped deployment (``POST .../start``, answered with 201).

        The answer's ``operation`` is ``"starting"``; use
        ``wait_for_status()`` to wait for ``"running"``.

        Raises:
            UnprocessableEntityError: 422, e.g. the deployment is not stopped.
            NotFoundError: 404, no such deployment.
            AuthenticationError, PermissionDeniedError: 401, 403.
            RateLimitError: 429, the deployment was already started in the
                last hour (the documented limit is once per hour).
        """
        return self._run(START_DEPLOYMENT, locals())

    def stop(self, deployment_id: str) -> DeploymentOperation:
        """Stop a running deployment (``POST .../stop``, answered with 201).

        The answer's ``operation`` is ``"stopping"``; use
        ``wait_for_status()`` to wait for ``"stopped"``.

        Raises:
            UnprocessableEntityError: 422, e.g. the deployment is not running.
            NotFoundError: 404, no such deployment.
            AuthenticationError, PermissionDeniedError: 401, 403.
            RateLimitError: 429, the deployment was already stopped in the
                last hour (the documented limit is once per hour).
        """
        return self._run(STOP_DEPLOYMENT, locals())

    def wait_for_status(
        self,
        deployment_id: str,
        status: DeploymentStatus,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        progress: Progress = None,
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
            progress: ``True`` shows a tqdm bar of the seconds waited, with
                the last status seen (needs tqdm: the ``progress`` extra); or
                a tqdm-like callable, called as ``progress(total=timeout,
                desc=..., unit="s")``, as ``iter_all(progress=...)`` takes.

        Returns:
            The first answer whose ``status`` matched.

        Raises:
            WaitTimeoutError: Time ran out (also a ``TimeoutError``); its
                message gives the number of polls and the last status seen.
            ValueError, TypeError: An unknown status, or a timeout or
                interval that is not a positive number; nothing was sent.
            ImportError: ``progress=True`` without tqdm; nothing was sent.
            APIStatusError: A poll failed (e.g. ``NotFoundError``,
                ``RateLimitError``).
        """
        return wait(PollSchedule.of(locals()), lambda: self.get(deployment_id))


class AsyncDeployments(AsyncResource, twin=Deployments):
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
        """Every deployment the API key may see (a coroutine)."""
        return await self._run(LIST_DEPLOYMENTS, locals())

    async def get(self, deployment_id: str) -> Deployment:
        """One deployment, ``status`` included (a coroutine)."""
        return await self._run(GET_DEPLOYMENT, locals())

    async def start(self, deployment_id: str) -> DeploymentOperation:
        """Start a stopped deployment (a coroutine)."""
        return await self._run(START_DEPLOYMENT, locals())

    async def stop(self, deployment_id: str) -> DeploymentOperation:
        """Stop a running deployment (a coroutine)."""
        return await self._run(STOP_DEPLOYMENT, locals())

    async def wait_for_status(
        self,
        deployment_id: str,
        status: DeploymentStatus,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        progress: Progress = None,
    ) -> Deployment:
        """Poll until the deployment's ``status`` is ``status`` (asyncio.sleep between polls)."""
        return await wait_async(PollSchedule.of(locals()), lambda: self.get(deployment_id))
