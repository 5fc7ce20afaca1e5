"""Dedicated v4 deployments (EMQX 4.x): the client pair, the result codes, the types.

::

    from emqx_platform.v4 import DeploymentClient

    with DeploymentClient("app-id", "app-secret", base_url="https://host:8443/api") as d:
        d.auth_username.create("sensor-1", "s3cret")

EMQX 4 reports most failures as HTTP 200 with an integer ``code``; these
clients raise for them as ``V4_ERROR_CLASSES`` says, and a batch with
failed entries raises ``BatchError``. Answer shapes are
in ``emqx_platform.types.v4``.
"""

from __future__ import annotations

from .._v4_batch import BatchError
from .._v4_client import AsyncDeploymentClient, DeploymentClient
from .._v4_errors import V4_ERROR_CLASSES, V4_ERROR_MEANINGS

__all__ = [
    "V4_ERROR_CLASSES",
    "V4_ERROR_MEANINGS",
    "AsyncDeploymentClient",
    "BatchError",
    "DeploymentClient",
]

from .._public import name_by_package as _name_by_package

_name_by_package(__name__, __all__, globals())
