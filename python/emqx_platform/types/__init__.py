"""Typed shapes of the APIs' answers (``TypedDict``\\ s; plain ``dict``\\ s at run time)."""

from __future__ import annotations

# Deployment API (EMQX 5).
from .deployment import (
    AclAllRules,
    AclClientRules,
    AclRule,
    AclUserRules,
    Action,
    AuthUser,
    Ban,
    Client,
    Connector,
    ImportUsersResult,
    Limit,
    Node,
    PageMeta,
    PublishResult,
    RetainedMessage,
    RetainedMessageSummary,
    Rule,
    Subscription,
    Topic,
)

# Platform API.
from .platform import (
    Deployment,
    DeploymentOperation,
    DeploymentStatus,
    Project,
    TLSCertificate,
    TLSType,
)

__all__ = [
    # Deployment API (EMQX 5).
    "AclAllRules",
    "AclClientRules",
    "AclRule",
    "AclUserRules",
    "Action",
    "AuthUser",
    "Ban",
    "Client",
    "Connector",
    "ImportUsersResult",
    "Limit",
    "Node",
    "PageMeta",
    "PublishResult",
    "RetainedMessage",
    "RetainedMessageSummary",
    "Rule",
    "Subscription",
    "Topic",
    # Platform API.
    "Deployment",
    "DeploymentOperation",
    "DeploymentStatus",
    "Project",
    "TLSCertificate",
    "TLSType",
]
