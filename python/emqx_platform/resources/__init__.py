"""The resources the clients expose as attributes (``client.deployments``, ...).

One subpackage per API: ``platform`` (projects, deployments, TLS certificates),
``deployment`` (the EMQX 5 REST API of one deployment) and ``v4`` (a Dedicated
v4 deployment's EMQX 4 API). All define their endpoints with ``_endpoint`` and
their resources on ``_resource``; argument checks live in ``_checks``. Their
modules load on first use (see ``_lazy``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import package_getattr

if TYPE_CHECKING:
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

# The Platform API's resources, from their subpackage on first use.
__getattr__ = package_getattr(__name__, __all__, modules=["platform"], rename=False)
