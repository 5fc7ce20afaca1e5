"""The resources the clients expose as attributes (``client.deployments``, ...).

One subpackage per API: ``platform`` (projects, deployments, TLS certificates)
and ``deployment`` (the EMQX 5 REST API of one deployment). Both define their
endpoints with ``_endpoint`` and their resources on ``_resource``;
argument checks live in ``_checks``.
"""

from .platform import (
    AsyncDeployments,
    AsyncProjects,
    AsyncTLSCertificates,
    Deployments,
    Projects,
    TLSCertificates,
)

__all__ = [
    "AsyncDeployments",
    "AsyncProjects",
    "AsyncTLSCertificates",
    "Deployments",
    "Projects",
    "TLSCertificates",
]
