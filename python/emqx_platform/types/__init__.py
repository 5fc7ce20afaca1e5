"""Typed shapes of the APIs' answers (``TypedDict``\\ s; plain ``dict``\\ s at run time).

Each module lists its names in ``__all__``; this package re-exports them all,
so a new shape is added in one place.
"""

from __future__ import annotations

from . import deployment, listeners, mqtt, platform
from .deployment import *  # noqa: F403 - the Deployment API (EMQX 5)
from .listeners import *  # noqa: F403 - listeners (EMQX 5)
from .mqtt import *  # noqa: F403 - MQTT extensions, session queues (EMQX 5)
from .platform import *  # noqa: F403 - the Platform API

__all__: list[str] = []
__all__ += deployment.__all__
__all__ += platform.__all__
__all__ += listeners.__all__
__all__ += mqtt.__all__
