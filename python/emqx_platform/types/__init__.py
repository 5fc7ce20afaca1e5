"""Typed shapes of the APIs' answers (``TypedDict``\\ s; plain ``dict``\\ s at run time).

Each module lists its names in ``__all__``; this package re-exports them all,
so a new shape is added in one place. The modules load when this package is
first asked for a name (see ``_lazy``); type checkers see them through the
imports below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import package_getattr

if TYPE_CHECKING:
    from .authn import *  # noqa: F403 - authenticators' configurations
    from .authz import *  # noqa: F403 - authorization sources and settings
    from .deployment import *  # noqa: F403 - the Deployment API (EMQX 5)
    from .integration import *  # noqa: F403 - rule engine settings, data integration
    from .listeners import *  # noqa: F403 - listeners (EMQX 5)
    from .mqtt import *  # noqa: F403 - MQTT extensions, session queues (EMQX 5)
    from .observe import *  # noqa: F403 - alarms, monitor, status, license
    from .platform import *  # noqa: F403 - the Platform API
    from .telemetry import *  # noqa: F403 - Prometheus and OpenTelemetry

__getattr__ = package_getattr(
    __name__,
    None,
    modules=[
        "authn",
        "authz",
        "deployment",
        "integration",
        "listeners",
        "mqtt",
        "observe",
        "platform",
        "telemetry",
    ],
    rename=False,
)
