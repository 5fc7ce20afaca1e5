"""Test your EMQX Cloud automation offline: an emulator of both APIs, and pytest fixtures.

- ``Emulator``: a stateful EMQX Platform API and EMQX 5 Deployment API
  over real HTTPS on loopback (Rust, in-process), with fault injection and a
  request log.
- The pytest plugin (loaded automatically once the package is installed)
  provides the fixtures ``emqx_emulator``, ``platform_client``,
  ``deployment_client``, ``async_platform_client`` and
  ``async_deployment_client``, with every SDK wait shortened.
- ``fast_waits()``: shorten every wait of the SDK (polls, retry backoff).
- ``python -m emqx_platform.testing`` runs a standalone emulator.
"""

from .._public import hide_sdk_frames as _hide_sdk_frames
from .._public import name_by_package as _name_by_package
from ._deployments import SeededDeployment
from ._emulator import Emulator
from ._waits import fast_waits

__all__ = ["Emulator", "SeededDeployment", "fast_waits"]

_name_by_package(__name__, __all__, globals())
_hide_sdk_frames()
