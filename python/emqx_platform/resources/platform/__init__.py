"""Resources of the Platform API: ``client.projects``, ``client.deployments``, ``client.tls``."""

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

from ..._public import name_by_package as _name_by_package

_name_by_package(__name__, __all__, globals())
