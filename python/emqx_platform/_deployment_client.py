"""Clients of one deployment's API (EMQX 5 under ``/api/v5``), sync and async.

The constructor is written once (``_DeploymentAuth``) and combined with the
blocking or the awaitable ``request`` of ``_base_client``; each resource
attribute is one line, and the async client's docstrings are completed from
the sync client's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ._base_client import _AsyncBaseClient, _BaseClient, _ClientCore
from ._docs import complete_from_twin, documents_client_options
from ._options import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    DEPLOYMENT,
    ProxyTypes,
    VerifyTypes,
    open_transport,
)
from .resources._endpoint import send, send_async
from .resources._resource import resource
from .resources.deployment.publish import PUBLISH, PUBLISH_MANY, Payload

if TYPE_CHECKING:
    from .resources.deployment import (
        Acl,
        Actions,
        Alarms,
        AsyncAcl,
        AsyncActions,
        AsyncAlarms,
        AsyncAuthUsers,
        AsyncBanned,
        AsyncClients,
        AsyncConnectors,
        AsyncErrorCodes,
        AsyncLicense,
        AsyncMetrics,
        AsyncMonitor,
        AsyncNodes,
        AsyncRetainer,
        AsyncRules,
        AsyncSlowSubscriptions,
        AsyncStats,
        AsyncStatus,
        AsyncSubscriptions,
        AsyncTopicMetrics,
        AsyncTopics,
        AsyncTraces,
        AuthUsers,
        Banned,
        Clients,
        Connectors,
        ErrorCodes,
        License,
        Metrics,
        Monitor,
        Nodes,
        Retainer,
        Rules,
        SlowSubscriptions,
        Stats,
        Status,
        Subscriptions,
        TopicMetrics,
        Topics,
        Traces,
    )
    from .resources.deployment.authenticators import AsyncAuthenticators, Authenticators
    from .resources.deployment.authz_sources import (
        AsyncAuthorization,
        AsyncAuthzSources,
        Authorization,
        AuthzSources,
    )
    from .resources.deployment.delayed import AsyncDelayed, Delayed
    from .resources.deployment.listeners import AsyncListeners, Listeners
    from .resources.deployment.message_transformations import (
        AsyncMessageTransformations,
        MessageTransformations,
    )
    from .resources.deployment.mqtt_settings import (
        AsyncAutoSubscribe,
        AsyncTopicRewrite,
        AutoSubscribe,
        TopicRewrite,
    )
    from .resources.deployment.opentelemetry import AsyncOpenTelemetry, OpenTelemetry
    from .resources.deployment.prometheus import AsyncPrometheus, Prometheus
    from .resources.deployment.rule_engine import AsyncRuleEngine, RuleEngine
    from .resources.deployment.schema_registry import (
        AsyncExternalSchemaRegistries,
        AsyncSchemaRegistry,
        ExternalSchemaRegistries,
        SchemaRegistry,
    )
    from .resources.deployment.schema_validations import AsyncSchemaValidations, SchemaValidations
    from .resources.deployment.sources import AsyncSources, Sources
    from .types.deployment import PublishResult

__all__ = ["AsyncDeploymentClient", "DeploymentClient"]


class _DeploymentAuth(_ClientCore):
    """The Deployment API's constructor: an App ID and App Secret."""

    _credentials = DEPLOYMENT
    # The EMQX major version whose API the class speaks (its base URL is checked
    # against it). Not annotated: a class annotation would show in help().
    _emqx_version = 5

    @documents_client_options
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
        name = "AsyncDeploymentClient" if isinstance(self, _AsyncBaseClient) else "DeploymentClient"
        _check_api_root(self._emqx_version, name, self.base_url)

    @property
    def app_id(self) -> str:
        """The deployment's App ID (the secret is never readable from Python)."""
        return self._transport.username


def _check_api_root(version: int, name: str, base_url: str) -> None:
    """Refuse a base URL that names the other EMQX version's API, naming the right client.

    EMQX 5 serves its API under ``/api/v5``, EMQX 4 (Dedicated v4) under
    ``/api`` (EMQX 4's own dashboard under ``/api/v4``): a client of the wrong
    version would misread every answer. Paths are compared case-insensitively,
    as a user may type them.
    """
    path = urlsplit(base_url).path.rstrip("/").lower()
    if version == 5 and path.endswith(("/api", "/api/v4")):
        raise ValueError(
            f"base_url {base_url!r} ends in /api or /api/v4: that is an EMQX 4 (Dedicated v4) "
            f"deployment's API; use emqx_platform.v4.{name} (or end it in /api/v5 for EMQX 5)"
        )
    if version == 4 and path.endswith("/api/v5"):
        raise ValueError(
            f"base_url {base_url!r} ends in /api/v5: that is an EMQX 5 deployment's API; "
            f"use emqx_platform.{name}"
        )


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
        authenticators: The authentication chain: authenticators of every
            mechanism and backend, their status and order.
        authz_sources, authorization: Authorization sources (their status and
            order), and the authorization settings and cache.
        acl: Authorization rules of the built-in database (``.clients``,
            ``.users``, ``.all``).
        banned: Banned client ids, usernames and addresses.
        rules: The rule engine.
        rule_engine: The rule engine's settings and events.
        connectors, actions: Data integration.
        sources: Data-integration sources (inbound).
        schema_validations, message_transformations: Checks and rewrites
            of published messages, in order (EMQX Enterprise).
        schema_registry, external_schema_registries: Schemas by name, and
            the Confluent registries EMQX can fetch them from.
        metrics, stats, nodes: Counters, gauges and cluster nodes.
        alarms, monitor: Alarms; the monitor's time series and current values.
        status, error_codes, license: Health check, documented error codes, license.
        slow_subscriptions, topic_metrics: Slow subscribers; counters per topic name.
        traces: Logs of one client, topic filter or IP address.
        retainer: Retained messages and the retainer's settings.
        listeners: MQTT listeners (TCP, TLS, WebSocket): settings, start/stop.
        delayed, auto_subscribe, topic_rewrite: MQTT extensions (delayed
            publish, topics subscribed on connect, topic rewrite rules).
        prometheus, opentelemetry: Prometheus settings and metrics;
            OpenTelemetry export settings and trace whitelists.

    Serverless deployments serve only clients, subscriptions, publish,
    ``auth_users`` and ``acl``; the rest answers 404 there. Any other
    endpoint: ``d.request(method, path, params=..., json=...)``.
    Thread-safe: share one client. ``with_options()`` makes a copy with
    other options over the same connection pool. ``repr()`` shows the base
    URL and a masked App ID, never the secret; clients cannot be pickled.
    """

    clients: resource[Clients] = resource("deployment.clients:Clients")
    subscriptions: resource[Subscriptions] = resource("deployment.subscriptions:Subscriptions")
    topics: resource[Topics] = resource("deployment.subscriptions:Topics")
    auth_users: resource[AuthUsers] = resource("deployment.authn:AuthUsers")
    authenticators: resource[Authenticators] = resource("deployment.authenticators:Authenticators")
    authz_sources: resource[AuthzSources] = resource("deployment.authz_sources:AuthzSources")
    authorization: resource[Authorization] = resource("deployment.authz_sources:Authorization")
    acl: resource[Acl] = resource("deployment.acl:Acl")
    banned: resource[Banned] = resource("deployment.banned:Banned")
    rules: resource[Rules] = resource("deployment.rules:Rules")
    rule_engine: resource[RuleEngine] = resource("deployment.rule_engine:RuleEngine")
    connectors: resource[Connectors] = resource("deployment.connectors:Connectors")
    actions: resource[Actions] = resource("deployment.connectors:Actions")
    sources: resource[Sources] = resource("deployment.sources:Sources")
    schema_validations: resource[SchemaValidations] = resource(
        "deployment.schema_validations:SchemaValidations"
    )
    message_transformations: resource[MessageTransformations] = resource(
        "deployment.message_transformations:MessageTransformations"
    )
    schema_registry: resource[SchemaRegistry] = resource(
        "deployment.schema_registry:SchemaRegistry"
    )
    external_schema_registries: resource[ExternalSchemaRegistries] = resource(
        "deployment.schema_registry:ExternalSchemaRegistries"
    )
    metrics: resource[Metrics] = resource("deployment.metrics:Metrics")
    stats: resource[Stats] = resource("deployment.metrics:Stats")
    nodes: resource[Nodes] = resource("deployment.metrics:Nodes")
    retainer: resource[Retainer] = resource("deployment.retainer:Retainer")
    alarms: resource[Alarms] = resource("deployment.alarms:Alarms")
    monitor: resource[Monitor] = resource("deployment.monitor:Monitor")
    status: resource[Status] = resource("deployment.status:Status")
    error_codes: resource[ErrorCodes] = resource("deployment.status:ErrorCodes")
    license: resource[License] = resource("deployment.status:License")
    slow_subscriptions: resource[SlowSubscriptions] = resource(
        "deployment.slow_subs:SlowSubscriptions"
    )
    topic_metrics: resource[TopicMetrics] = resource("deployment.topic_metrics:TopicMetrics")
    traces: resource[Traces] = resource("deployment.trace:Traces")
    listeners: resource[Listeners] = resource("deployment.listeners:Listeners")
    delayed: resource[Delayed] = resource("deployment.delayed:Delayed")
    auto_subscribe: resource[AutoSubscribe] = resource("deployment.mqtt_settings:AutoSubscribe")
    topic_rewrite: resource[TopicRewrite] = resource("deployment.mqtt_settings:TopicRewrite")
    prometheus: resource[Prometheus] = resource("deployment.prometheus:Prometheus")
    opentelemetry: resource[OpenTelemetry] = resource("deployment.opentelemetry:OpenTelemetry")

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
            A ``PublishResult``: ``delivered`` with the
            message ``id``, or not delivered with ``reason_code`` 16
            (``"no_matching_subscribers"``, HTTP 202), which is not an error.

        Raises:
            BadRequestError: Invalid topic or too large (``e.reason_code``
                144, 149, 151 or 131).
            InternalServerError: 503, dispatch failed (``e.reason_code`` 131).
            ValueError, TypeError: Bad arguments; nothing was sent.
        """
        return send(self, PUBLISH, locals())

    def publish_many(self, messages: Iterable[Mapping[str, Any]]) -> list[PublishResult]:
        """Publish several messages in one request; one result per message, in input order.

        Each message is a dict whose keys are ``publish()``'s arguments:
        ``{"topic": "t/1", "payload": "hi", "qos"?: 1, "retain"?: False,
        "properties"?: {...}}``. If any dispatch fails EMQX answers 503 for the
        whole batch (``InternalServerError``; its ``body``
        holds the per-message entries).
        """
        return send(self, PUBLISH_MANY, locals())


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

    Attributes: as ``DeploymentClient``, with coroutine methods; a
    ``list()`` returns an object you can ``await`` (first page) or iterate
    with ``async for`` (every item). Any other endpoint:
    ``await d.request(method, path, params=..., json=...)``.
    ``with_options()`` makes a copy with other options over the same
    connection pool. ``repr()`` shows the base URL and a masked App ID,
    never the secret; clients cannot be pickled.
    """

    clients: resource[AsyncClients] = resource("deployment.clients:AsyncClients")
    subscriptions: resource[AsyncSubscriptions] = resource(
        "deployment.subscriptions:AsyncSubscriptions"
    )
    topics: resource[AsyncTopics] = resource("deployment.subscriptions:AsyncTopics")
    auth_users: resource[AsyncAuthUsers] = resource("deployment.authn:AsyncAuthUsers")
    authenticators: resource[AsyncAuthenticators] = resource(
        "deployment.authenticators:AsyncAuthenticators"
    )
    authz_sources: resource[AsyncAuthzSources] = resource(
        "deployment.authz_sources:AsyncAuthzSources"
    )
    authorization: resource[AsyncAuthorization] = resource(
        "deployment.authz_sources:AsyncAuthorization"
    )
    acl: resource[AsyncAcl] = resource("deployment.acl:AsyncAcl")
    banned: resource[AsyncBanned] = resource("deployment.banned:AsyncBanned")
    rules: resource[AsyncRules] = resource("deployment.rules:AsyncRules")
    rule_engine: resource[AsyncRuleEngine] = resource("deployment.rule_engine:AsyncRuleEngine")
    connectors: resource[AsyncConnectors] = resource("deployment.connectors:AsyncConnectors")
    actions: resource[AsyncActions] = resource("deployment.connectors:AsyncActions")
    sources: resource[AsyncSources] = resource("deployment.sources:AsyncSources")
    schema_validations: resource[AsyncSchemaValidations] = resource(
        "deployment.schema_validations:AsyncSchemaValidations"
    )
    message_transformations: resource[AsyncMessageTransformations] = resource(
        "deployment.message_transformations:AsyncMessageTransformations"
    )
    schema_registry: resource[AsyncSchemaRegistry] = resource(
        "deployment.schema_registry:AsyncSchemaRegistry"
    )
    external_schema_registries: resource[AsyncExternalSchemaRegistries] = resource(
        "deployment.schema_registry:AsyncExternalSchemaRegistries"
    )
    metrics: resource[AsyncMetrics] = resource("deployment.metrics:AsyncMetrics")
    stats: resource[AsyncStats] = resource("deployment.metrics:AsyncStats")
    nodes: resource[AsyncNodes] = resource("deployment.metrics:AsyncNodes")
    retainer: resource[AsyncRetainer] = resource("deployment.retainer:AsyncRetainer")
    alarms: resource[AsyncAlarms] = resource("deployment.alarms:AsyncAlarms")
    monitor: resource[AsyncMonitor] = resource("deployment.monitor:AsyncMonitor")
    status: resource[AsyncStatus] = resource("deployment.status:AsyncStatus")
    error_codes: resource[AsyncErrorCodes] = resource("deployment.status:AsyncErrorCodes")
    license: resource[AsyncLicense] = resource("deployment.status:AsyncLicense")
    slow_subscriptions: resource[AsyncSlowSubscriptions] = resource(
        "deployment.slow_subs:AsyncSlowSubscriptions"
    )
    topic_metrics: resource[AsyncTopicMetrics] = resource(
        "deployment.topic_metrics:AsyncTopicMetrics"
    )
    traces: resource[AsyncTraces] = resource("deployment.trace:AsyncTraces")
    listeners: resource[AsyncListeners] = resource("deployment.listeners:AsyncListeners")
    delayed: resource[AsyncDelayed] = resource("deployment.delayed:AsyncDelayed")
    auto_subscribe: resource[AsyncAutoSubscribe] = resource(
        "deployment.mqtt_settings:AsyncAutoSubscribe"
    )
    topic_rewrite: resource[AsyncTopicRewrite] = resource(
        "deployment.mqtt_settings:AsyncTopicRewrite"
    )
    prometheus: resource[AsyncPrometheus] = resource("deployment.prometheus:AsyncPrometheus")
    opentelemetry: resource[AsyncOpenTelemetry] = resource(
        "deployment.opentelemetry:AsyncOpenTelemetry"
    )

    async def publish(
        self,
        topic: str,
        payload: Payload,
        *,
        qos: int = 0,
        retain: bool = False,
        properties: Mapping[str, Any] | None = None,
    ) -> PublishResult:
        """Publish one MQTT message (a coroutine)."""
        return await send_async(self, PUBLISH, locals())

    async def publish_many(self, messages: Iterable[Mapping[str, Any]]) -> list[PublishResult]:
        """Publish several messages in one request (a coroutine)."""
        return await send_async(self, PUBLISH_MANY, locals())


complete_from_twin(AsyncDeploymentClient, DeploymentClient, ["publish", "publish_many"])
