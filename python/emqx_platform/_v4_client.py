"""Clients of a Dedicated v4 deployment's API (EMQX 4.x, under ``/api``), sync and async.

They share the v5 clients' constructor (``_DeploymentAuth``), transport and
options; what differs is that every answer is checked for EMQX 4's integer
``code`` (``_V4Answers._check_answer``), in ``request()`` and so in every
typed method, and in every call of a batch (``client.map``/``gather``,
``_batch.py``), and that the resources are the v4 ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._base_client import _AsyncBaseClient, _BaseClient, _ClientCore
from ._deployment_client import _DeploymentAuth
from ._docs import complete_from_twin
from ._request import JSON, Params
from ._v4_errors import check_v4_answer
from .resources._resource import resource

if TYPE_CHECKING:
    from .resources.v4 import (
        Acl,
        Actions,
        AsyncAcl,
        AsyncActions,
        AsyncAuthClientids,
        AsyncAuthUsernames,
        AsyncBanned,
        AsyncClients,
        AsyncMetrics,
        AsyncMqtt,
        AsyncResources,
        AsyncResourceTypes,
        AsyncRules,
        AsyncShadows,
        AsyncSubscriptions,
        AuthClientids,
        AuthUsernames,
        Banned,
        Clients,
        Metrics,
        Mqtt,
        Resources,
        ResourceTypes,
        Rules,
        Shadows,
        Subscriptions,
    )

__all__ = ["AsyncDeploymentClient", "DeploymentClient"]


class _V4Answers(_ClientCore):
    """The check of every answer of a v4 client: its ``request()`` and its batches run it."""

    _checks_answers = True

    def _check_answer(self, answer: JSON, method: str, path: str) -> None:
        check_v4_answer(answer, method.upper(), self.base_url + path)


class DeploymentClient(_DeploymentAuth, _V4Answers, _BaseClient):
    """Client of a Dedicated v4 deployment's API (EMQX 4.x); calls block.

    ::

        from emqx_platform.v4 import DeploymentClient

        with DeploymentClient("app-id", "app-secret", base_url="https://host:8443/api") as d:
            d.auth_username.create("sensor-1", "s3cret")
            for c in d.clients.list(conn_state="connected"):
                print(c["clientid"], c["ip_address"])
            d.mqtt.publish("backend", "reboot", "sensors/1/cmd", qos=1)

    The base URL is the deployment's "API access" address, ending in
    ``/api`` (a URL ending in ``/api/v5`` is refused: that is an EMQX 5
    deployment, for ``emqx_platform.DeploymentClient``). Every answer
    with a non-zero ``code`` raises, although EMQX 4 sends it with HTTP 200
    (see ``emqx_platform.v4.V4_ERROR_CLASSES``).

    Attributes:
        auth_username, auth_clientid: The password tables.
        acl: ACL rules per client id, per username and for ``$all``.
        banned: Banned client ids, usernames and addresses.
        clients: Connected clients; subscriptions: their subscriptions.
        mqtt: Subscribe, unsubscribe and publish on a client's behalf.
        metrics: Counters per node.
        shadows: The Cloud device-shadow service.
        resources, resource_types, rules, actions: The rule engine.

    Any other endpoint: ``d.request(method, path, params=..., json=...)``,
    which raises for a non-zero ``code`` too. ``d.map()`` and ``d.gather()``
    run many of these calls at once, each raising (or, with
    ``return_exceptions=True``, returning) what it raises alone.
    Thread-safe: share one client.
    ``repr()`` shows the base URL and a masked App ID, never the secret;
    clients cannot be pickled.
    """

    _emqx_version = 4

    auth_username: resource[AuthUsernames] = resource("v4.auth:AuthUsernames")
    auth_clientid: resource[AuthClientids] = resource("v4.auth:AuthClientids")
    acl: resource[Acl] = resource("v4.acl:Acl")
    banned: resource[Banned] = resource("v4.banned:Banned")
    clients: resource[Clients] = resource("v4.clients:Clients")
    subscriptions: resource[Subscriptions] = resource("v4.clients:Subscriptions")
    mqtt: resource[Mqtt] = resource("v4.mqtt:Mqtt")
    metrics: resource[Metrics] = resource("v4.metrics:Metrics")
    shadows: resource[Shadows] = resource("v4.shadows:Shadows")
    resources: resource[Resources] = resource("v4.rule_engine:Resources")
    resource_types: resource[ResourceTypes] = resource("v4.rule_engine:ResourceTypes")
    rules: resource[Rules] = resource("v4.rule_engine:Rules")
    actions: resource[Actions] = resource("v4.rule_engine:Actions")

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: JSON = None,
        timeout: float | None = None,
        accept: str | None = None,
    ) -> JSON:
        """Send one request and return the decoded JSON answer, ``code`` included.

        As ``emqx_platform.DeploymentClient.request()``, and an answer whose
        integer ``code`` is not ``0`` raises the class of
        ``emqx_platform.v4.V4_ERROR_CLASSES`` (e.g. ``NotFoundError``
        for 112), with ``status_code`` 200, ``code`` and ``message``.
        """
        answer = super().request(
            method, path, params=params, json=json, timeout=timeout, accept=accept
        )
        self._check_answer(answer, method, path)
        return answer


class AsyncDeploymentClient(_DeploymentAuth, _V4Answers, _AsyncBaseClient):
    """Client of a Dedicated v4 deployment's API (EMQX 4.x), for asyncio.

    ::

        from emqx_platform.v4 import AsyncDeploymentClient

        url = "https://host:8443/api"
        async with AsyncDeploymentClient("app-id", "app-secret", base_url=url) as d:
            async for c in d.clients.list():
                print(c["clientid"])

    Attributes: as ``DeploymentClient``, with coroutine methods; a
    ``list()`` returns an object you can ``await`` (first page) or iterate
    with ``async for`` (every item).
    """

    _emqx_version = 4

    auth_username: resource[AsyncAuthUsernames] = resource("v4.auth:AsyncAuthUsernames")
    auth_clientid: resource[AsyncAuthClientids] = resource("v4.auth:AsyncAuthClientids")
    acl: resource[AsyncAcl] = resource("v4.acl:AsyncAcl")
    banned: resource[AsyncBanned] = resource("v4.banned:AsyncBanned")
    clients: resource[AsyncClients] = resource("v4.clients:AsyncClients")
    subscriptions: resource[AsyncSubscriptions] = resource("v4.clients:AsyncSubscriptions")
    mqtt: resource[AsyncMqtt] = resource("v4.mqtt:AsyncMqtt")
    metrics: resource[AsyncMetrics] = resource("v4.metrics:AsyncMetrics")
    shadows: resource[AsyncShadows] = resource("v4.shadows:AsyncShadows")
    resources: resource[AsyncResources] = resource("v4.rule_engine:AsyncResources")
    resource_types: resource[AsyncResourceTypes] = resource("v4.rule_engine:AsyncResourceTypes")
    rules: resource[AsyncRules] = resource("v4.rule_engine:AsyncRules")
    actions: resource[AsyncActions] = resource("v4.rule_engine:AsyncActions")

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: JSON = None,
        timeout: float | None = None,
        accept: str | None = None,
    ) -> JSON:
        """Send one request and return the decoded JSON answer (a coroutine)."""
        answer = await super().request(
            method, path, params=params, json=json, timeout=timeout, accept=accept
        )
        self._check_answer(answer, method, path)
        return answer


complete_from_twin(AsyncDeploymentClient, DeploymentClient, ["request"])
