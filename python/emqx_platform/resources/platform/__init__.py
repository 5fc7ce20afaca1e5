"""Resources of the Platform API: ``client.projects``, ``client.deployments``, ``client.tls``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import package_getattr

if TYPE_CHECKING:
    from .deployments import AsyncDeployments, Deployments
    from .projects import AsyncProjects, Projects
    from .tls import AsyncTLSCertificates, TLSCertificates


__all__ = [
    "AsyncDeployments",
    "AsyncProjects",
    "AsyncTLSCertificates",
    "Deployments",
    "Projects",
    "TLSCertificates",
]

# The modules load on first use (see ``_lazy``).
__getattr__ = package_getattr(__name__, __all__)
