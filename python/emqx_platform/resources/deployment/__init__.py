"""Resources of the Deployment API (EMQX 5), one module per API area.

Each module declares its endpoints once (``resources._endpoint.Endpoint``),
then the sync resource class whose methods carry the documentation, then its
thin async twin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import package_getattr

if TYPE_CHECKING:
    from .acl import Acl, AclAll, AclRules, AsyncAcl, AsyncAclAll, AsyncAclRules
    from .alarms import Alarms, AsyncAlarms
    from .authenticators import AsyncAuthenticators, Authenticators
    from .authn import DEFAULT_AUTHENTICATOR, AsyncAuthUsers, AuthUsers
    from .authz_sources import AsyncAuthorization, AsyncAuthzSources, Authorization, AuthzSources
    from .banned import AsyncBanned, Banned
    from .clients import AsyncClients, Clients
    from .connectors import Actions, AsyncActions, AsyncConnectors, Connectors
    from .delayed import AsyncDelayed, Delayed
    from .listeners import AsyncListeners, Listeners
    from .message_transformations import AsyncMessageTransformations, MessageTransformations
    from .metrics import AsyncMetrics, AsyncNodes, AsyncStats, Metrics, Nodes, Stats
    from .monitor import AsyncMonitor, Monitor
    from .mqtt_settings import AsyncAutoSubscribe, AsyncTopicRewrite, AutoSubscribe, TopicRewrite
    from .opentelemetry import AsyncOpenTelemetry, OpenTelemetry
    from .prometheus import AsyncPrometheus, Prometheus
    from .retainer import AsyncRetainer, Retainer
    from .rule_engine import AsyncRuleEngine, RuleEngine
    from .rules import AsyncRules, Rules
    from .schema_registry import (
        AsyncExternalSchemaRegistries,
        AsyncSchemaRegistry,
        ExternalSchemaRegistries,
        SchemaRegistry,
    )
    from .schema_validations import AsyncSchemaValidations, SchemaValidations
    from .slow_subs import AsyncSlowSubscriptions, SlowSubscriptions
    from .sources import AsyncSources, Sources
    from .status import AsyncErrorCodes, AsyncLicense, AsyncStatus, ErrorCodes, License, Status
    from .subscriptions import AsyncSubscriptions, AsyncTopics, Subscriptions, Topics
    from .topic_metrics import AsyncTopicMetrics, TopicMetrics
    from .trace import AsyncTraces, Traces


__all__ = [
    "AsyncAutoSubscribe",
    "AsyncDelayed",
    "AsyncListeners",
    "AsyncTopicRewrite",
    "AutoSubscribe",
    "Delayed",
    "Listeners",
    "TopicRewrite",
    "Alarms",
    "AsyncAlarms",
    "AsyncErrorCodes",
    "AsyncLicense",
    "AsyncMonitor",
    "AsyncStatus",
    "ErrorCodes",
    "License",
    "Monitor",
    "Status",
    "AsyncSlowSubscriptions",
    "AsyncTopicMetrics",
    "SlowSubscriptions",
    "TopicMetrics",
    "AsyncTraces",
    "Traces",
    "AsyncOpenTelemetry",
    "AsyncPrometheus",
    "OpenTelemetry",
    "Prometheus",
    "DEFAULT_AUTHENTICATOR",
    "Acl",
    "AclAll",
    "AclRules",
    "Actions",
    "AsyncAcl",
    "AsyncAclAll",
    "AsyncAclRules",
    "AsyncActions",
    "AsyncAuthUsers",
    "AsyncAuthenticators",
    "AsyncAuthorization",
    "AsyncAuthzSources",
    "AsyncBanned",
    "AsyncClients",
    "AsyncExternalSchemaRegistries",
    "AsyncConnectors",
    "AsyncMessageTransformations",
    "AsyncMetrics",
    "AsyncNodes",
    "AsyncRetainer",
    "AsyncRuleEngine",
    "AsyncRules",
    "AsyncSchemaRegistry",
    "AsyncSchemaValidations",
    "AsyncSources",
    "AsyncStats",
    "AsyncSubscriptions",
    "AsyncTopics",
    "AuthUsers",
    "Authenticators",
    "Authorization",
    "AuthzSources",
    "Banned",
    "Clients",
    "Connectors",
    "ExternalSchemaRegistries",
    "MessageTransformations",
    "Metrics",
    "Nodes",
    "Retainer",
    "RuleEngine",
    "Rules",
    "SchemaRegistry",
    "SchemaValidations",
    "Sources",
    "Stats",
    "Subscriptions",
    "Topics",
]

# The modules load on first use (see ``_lazy``).
__getattr__ = package_getattr(__name__, __all__)
