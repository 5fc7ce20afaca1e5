"""Resources of a Dedicated v4 deployment's API (EMQX 4.x), one module per API area.

Each module declares its endpoints once (``resources._endpoint.Endpoint``,
with ``pages=V4_PAGES`` for lists), then the sync resource class whose
methods carry the documentation, then its thin async twin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import package_getattr

if TYPE_CHECKING:
    from .acl import Acl, AsyncAcl
    from .auth import AsyncAuthClientids, AsyncAuthUsernames, AuthClientids, AuthUsernames
    from .banned import AsyncBanned, Banned
    from .clients import AsyncClients, AsyncSubscriptions, Clients, Subscriptions
    from .metrics import AsyncMetrics, Metrics
    from .mqtt import AsyncMqtt, Mqtt
    from .rule_engine import (
        Actions,
        AsyncActions,
        AsyncResources,
        AsyncResourceTypes,
        AsyncRules,
        Resources,
        ResourceTypes,
        Rules,
    )
    from .shadows import AsyncShadows, Shadows


__all__ = [
    "Acl",
    "Actions",
    "AsyncAcl",
    "AsyncActions",
    "AsyncAuthClientids",
    "AsyncAuthUsernames",
    "AsyncBanned",
    "AsyncClients",
    "AsyncMetrics",
    "AsyncMqtt",
    "AsyncResourceTypes",
    "AsyncResources",
    "AsyncRules",
    "AsyncShadows",
    "AsyncSubscriptions",
    "AuthClientids",
    "AuthUsernames",
    "Banned",
    "Clients",
    "Metrics",
    "Mqtt",
    "ResourceTypes",
    "Resources",
    "Rules",
    "Shadows",
    "Subscriptions",
]

# The modules load on first use (see ``_lazy``).
__getattr__ = package_getattr(__name__, __all__)
