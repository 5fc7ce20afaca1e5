"""What the Platform API returns: projects, deployments, operations, TLS certificates.

These are ``TypedDict`` s: at run time the values are the plain
``dict`` s decoded from the server's JSON, with the server's own (camelCase)
field names, so ``deployment["deploymentID"]`` is exactly what the API sent.
Fields that older revisions of the docs do not show are ``NotRequired``.
"""

from __future__ import annotations

import sys
from typing import Literal, TypeAlias

# typing_extensions only where typing lacks them: importing it costs every start.
if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:
    from typing_extensions import NotRequired, TypedDict

__all__ = [
    "Deployment",
    "DeploymentOperation",
    "DeploymentStatus",
    "Project",
    "TLSCertificate",
    "TLSType",
]

DeploymentStatus: TypeAlias = Literal["running", "starting", "stopping", "stopped"]
"""A deployment's ``status``: ``running``, ``starting``, ``stopping`` or ``stopped``."""

TLSType: TypeAlias = Literal["one-way", "two-way"]
"""``one-way`` (the server proves itself) or ``two-way`` (clients too, against ``cacert``)."""


class Project(TypedDict):
    """One item of ``GET /projects``."""

    projectID: str
    """Unique project id; ``"default"`` is the default project."""
    projectName: str
    """The project's name."""
    description: NotRequired[str]
    """The project's description."""


class Deployment(TypedDict):
    """``GET /deployments/{deployment_id}``, and each item of ``GET /deployments``."""

    deploymentID: str
    """The deployment id (not its name), e.g. ``"w41b11c0"``."""
    deploymentName: str
    """The deployment's name."""
    deploymentType: str
    """``"serverless"``, ``"dedicated"`` or ``"dedicatedFlex"``."""
    status: str
    """``"running"``, ``"starting"``, ``"stopping"`` or ``"stopped"``."""
    connections: int
    """The connection-count specification."""
    createAt: str
    """Creation time, e.g. ``"2024-07-22 05:32"`` (UTC, as the server formats it)."""
    platform: str
    """The cloud provider, e.g. ``"AWS"``."""
    region: str
    """The region, e.g. ``"N. Virginia (us-east-1)"``."""
    projectName: NotRequired[str]
    """The project the deployment belongs to (newer API revisions)."""
    version: NotRequired[str]
    """The EMQX major version, e.g. ``"v5"`` (newer API revisions)."""
    tps: NotRequired[int]
    """The messages-per-second specification (newer API revisions)."""


class DeploymentOperation(TypedDict):
    """The 201 answer of ``POST /deployments/{deployment_id}/start`` or ``/stop``."""

    deploymentID: str
    """The deployment id."""
    deploymentName: str
    """The deployment's name."""
    operation: str
    """``"starting"`` or ``"stopping"``: what the deployment is now doing."""


class TLSCertificate(TypedDict):
    """A deployment's custom TLS certificate (``GET``/``POST``/``PUT`` ``.../tls``)."""

    tlsType: str
    """``"one-way"`` or ``"two-way"``."""
    expire: str
    """Expiry of the certificate, e.g. ``"2034-05-22 02:43:21"``."""
    status: str
    """``"pending"`` while it is being deployed, then ``"running"``."""
