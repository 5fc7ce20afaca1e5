"""Clients of one deployment's API (EMQX 5 under ``/api/v5``), sync and async.

The constructor is written once (``_DeploymentAuth``) and combined with the
blocking or the awaitable ``request`` of ``_base_client``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, TypeVar

from . import _core
from ._base_client import _AsyncBaseClient, _BaseClient, _ClientCore
from ._options import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    DEPLOYMENT,
    Credentials,
    ProxyTypes,
    VerifyTypes,
    open_transport,
)
from .resources.deployment import (
    Acl,
    Actions,
    AsyncAcl,
    AsyncActions,
    AsyncAuthUsers,
    AsyncBanned,
    AsyncClients,
    AsyncConnectors,
    AsyncMetrics,
    AsyncNodes,
    AsyncRetainer,
    AsyncRules,
    AsyncStats,
    AsyncSubscriptions,
    AsyncTopics,
    AuthUsers,
    Banned,
    Clients,
    Connectors,
    Metrics,
    Nodes,
    Retainer,
    Rules,
    Stats,
    Subscriptions,
    Topics,
)
from .resources.deployment._base import Call
from .resources.deployment.publish import Payload, publish_call, publish_many_call
from .types.deployment import PublishResult

__all__ = ["AsyncDeploymentClient", "DeploymentClient"]

R = TypeVar("R")


def _run(client: _BaseClient, spec: Call[R]) -> R:
    return spec.parse(client.request(spec.method, spec.path, params=spec.params, json=spec.json))


async def _arun(client: _AsyncBaseClient, spec: Call[R]) -> R:
    body = await client.request(spec.method, spec.path, params=spec.params, json=spec.json)
    return spec.parse(body)


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
        proxy: ProxyTypes = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
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
                proxy=proxy,
                max_response_bytes=max_response_bytes,
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

        with DeploymentClient("app-id", "app-secret", base_url="https://host:8443/api/v5") as d:
            for c in d.clients.list(conn_state="connected"):
                print(c["clientid"], c["ip_address"])
            d.publish("sensors/1/cmd", "reboot", qos=1)

    Attributes:
        clients: Connected clients: list, get, kick, (un)subscribe on their behalf.
        subscriptions: Every subscription, filtered and paginated.
        topics: The routing table.
        auth_users: Users of the built-in-database authenticator.
        acl: Authorization rules of the built-in database (``.clients``,
            ``.users``, ``.all``).
        banned: Banned client ids, usernames and addresses.
        rules: The rule engine.
        connectors, actions: Data integration.
        metrics, stats, nodes: Counters, gauges and cluster nodes.
        retainer: Retained messages.

    Serverless deployments serve only clients, subscriptions, publish,
    ``auth_users`` and ``acl``; the rest answers 404 there. Any other
    endpoint: ``d.request(method, path, params=..., json=...)``.
    Thread-safe: share one client. :meth:`with_options` makes a copy with
    other options over the same connection pool. ``repr()`` shows the base
    URL and a masked App ID, never the secret; clients cannot be pickled.
    """

    clients: Clients
    subscriptions: Subscriptions
    topics: Topics
    auth_users: AuthUsers
    acl: Acl
    banned: Banned
    rules: Rules
    connectors: Connectors
    actions: Actions
    metrics: Metrics
    stats: Stats
    nodes: Nodes
    retainer: Retainer

    def _adopt(self, transport: _core.Transport) -> None:
        super()._adopt(transport)
        self.clients = Clients(self)
        self.subscriptions = Subscriptions(self)
        self.topics = Topics(self)
        self.auth_users = AuthUsers(self)
        self.acl = Acl(self)
        self.banned = Banned(self)
        self.rules = Rules(self)
        self.connectors = Connectors(self)
        self.actions = Actions(self)
        self.metrics = Metrics(self)
        self.stats = Stats(self)
        self.nodes = Nodes(self)
        self.retainer = Retainer(self)

    def publish(
        self,
        topic: str,
        payload: Payload,
        *,
        qos: int = 0,
        retain: bool = False,
        properties: Mapping[str, Any] | None = None,
    ) -> PublishResult:
        """Publish one MQTT message.

        Args:
            topic: A topic name (no ``+``/``#``; the server refuses those with
                400, ``reason_code`` 144).
            payload: ``str`` (sent as is) or ``bytes`` (sent base64-encoded,
                with ``payload_encoding="base64"``).
            qos: 0, 1 or 2.
            retain: Keep it as the topic's retained message.
            properties: MQTT 5 properties: ``payload_format_indicator``,
                ``message_expiry_interval``, ``response_topic``,
                ``correlation_data``, ``user_properties``, ``content_type``.

        Returns:
            A :class:`~emqx_platform.types.PublishResult`: ``delivered`` with the
            message ``id``, or not delivered with ``reason_code`` 16
            (``"no_matching_subscribers"``, HTTP 202), which is not an error.

        Raises:
            BadRequestError: Invalid topic or too large (``e.reason_code``
                144, 149, 151 or 131).
            InternalServerError: 503, dispatch failed (``e.reason_code`` 131).
            ValueError, TypeError: Bad arguments; nothing was sent.
        """
        return _run(
            self, publish_call(topic, payload, qos=qos, retain=retain, properties=properties)
        )

    def publish_many(self, messages: Iterable[Mapping[str, Any]]) -> list[PublishResult]:
        """Publish several messages in one request; one result per message, in input order.

        Each message is a dict whose keys are :meth:`publish`'s arguments:
        ``{"topic": "t/1", "payload": "hi", "qos"?: 1, "retain"?: False,
        "properties"?: {...}}``. If any dispatch fails EMQX answers 503 for the
        whole batch (:class:`~emqx_platform.InternalServerError`; its ``body``
        holds the per-message entries).
        """
        return _run(self, publish_many_call(messages))


class AsyncDeploymentClient(_DeploymentAuth, _AsyncBaseClient):
    """Client of one deployment's API (clients, publish, authentication, rules...), for asyncio.

    ::

        from emqx_platform import AsyncDeploymentClient

        url = "https://host:8443/api/v5"
        async with AsyncDeploymentClient("app-id", "app-secret", base_url=url) as d:
            page = await d.clients.list(limit=100)        # the first page
            async for c in d.clients.list():               # every client
                print(c["clientid"])
            await d.publish("sensors/1/cmd", "reboot", qos=1)

    Attributes: as :class:`DeploymentClient`, with coroutine methods; a
    ``list()`` returns an object you can ``await`` (first page) or iterate
    with ``async for`` (every item). Any other endpoint:
    ``await d.request(method, path, params=..., json=...)``.
    :meth:`with_options` makes a copy with other options over the same
    connection pool. ``repr()`` shows the base URL and a masked App ID,
    never the secret; clients cannot be pickled.
    """

    clients: AsyncClients
    subscriptions: AsyncSubscriptions
    topics: AsyncTopics
    auth_users: AsyncAuthUsers
    acl: AsyncAcl
    banned: AsyncBanned
    rules: AsyncRules
    connectors: AsyncConnectors
    actions: AsyncActions
    metrics: AsyncMetrics
    stats: AsyncStats
    nodes: AsyncNodes
    retainer: AsyncRetainer

    def _adopt(self, transport: _core.Transport) -> None:
        super()._adopt(transport)
        self.clients = AsyncClients(self)
        self.subscriptions = AsyncSubscriptions(self)
        self.topics = AsyncTopics(self)
        self.auth_users = AsyncAuthUsers(self)
        self.acl = AsyncAcl(self)
        self.banned = AsyncBanned(self)
        self.rules = AsyncRules(self)
        self.connectors = AsyncConnectors(self)
        self.actions = AsyncActions(self)
        self.metrics = AsyncMetrics(self)
        self.stats = AsyncStats(self)
        self.nodes = AsyncNodes(self)
        self.retainer = AsyncRetainer(self)

    async def publish(
        self,
        topic: str,
        payload: Payload,
        *,
        qos: int = 0,
        retain: bool = False,
        properties: Mapping[str, Any] | None = None,
    ) -> PublishResult:
        """Publish one MQTT message (see :meth:`DeploymentClient.publish`).

        ``payload``: ``str`` or ``bytes`` (base64 on the wire); ``qos`` 0..2.
        Returns a :class:`~emqx_platform.types.PublishResult`; 202
        ``no_matching_subscribers`` is a result (``delivered=False``), while
        400/503 raise with ``e.reason_code``.
        """
        spec = publish_call(topic, payload, qos=qos, retain=retain, properties=properties)
        return await _arun(self, spec)

    async def publish_many(self, messages: Iterable[Mapping[str, Any]]) -> list[PublishResult]:
        """Publish several messages in one request; results keep the input order
        (see :meth:`DeploymentClient.publish_many`)."""
        return await _arun(self, publish_many_call(messages))
