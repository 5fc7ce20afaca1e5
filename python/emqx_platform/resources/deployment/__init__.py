"""Resources of the Deployment API (EMQX 5), one module per API area.

Each module declares its endpoints once (``resources._endpoint.Endpoint``),
then the sync resource class whose methods carry the documentation, then its
thin async twin.
"""

from __future__ import annotations

from .acl import Acl, AclAll, AclRules, AsyncAcl, AsyncAclAll, AsyncAclRules
from .alarms import Alarms, AsyncAlarms
from .authn import DEFAULT_AUTHENTICATOR, AsyncAuthUsers, AuthUsers
from .banned import AsyncBanned, Banned
from .clients import AsyncClients, Clients
from .connectors import Actions, AsyncActions, AsyncConnectors, Connectors
from .metrics import AsyncMetrics, AsyncNodes, AsyncStats, Metrics, Nodes, Stats
from .monitor import AsyncMonitor, Monitor
from .retainer import AsyncRetainer, Retainer
from .rules import AsyncRules, Rules
from .slow_subs import AsyncSlowSubscriptions, SlowSubscriptions
from .status import AsyncErrorCodes, AsyncLicense, AsyncStatus, ErrorCodes, License, Status
from .subscriptions import AsyncSubscriptions, AsyncTopics, Subscriptions, Topics
from .topic_metrics import AsyncTopicMetrics, TopicMetrics
from .trace import AsyncTraces, Traces

__all__ = [
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
    "AsyncBanned",
    "AsyncClients",
    "AsyncConnectors",
    "AsyncMetrics",
    "AsyncNodes",
    "AsyncRetainer",
    "AsyncRules",
    "AsyncStats",
    "AsyncSubscriptions",
    "AsyncTopics",
    "AuthUsers",
    "Banned",
    "Clients",
    "Connectors",
    "Metrics",
    "Nodes",
    "Retainer",
    "Rules",
    "Stats",
    "Subscriptions",
    "Topics",
]
