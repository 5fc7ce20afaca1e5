"""Python SDK for the EMQX Platform APIs (EMQX Cloud), with a Rust core.

- ``PlatformClient`` / ``AsyncPlatformClient``: the Platform API
  (projects, deployments, TLS certificates), with an API key and secret.
- ``DeploymentClient`` / ``AsyncDeploymentClient``: one
  deployment's API (``/api/v5``: clients, publish, authentication, rules...),
  with its App ID and App Secret.
- ``emqx_platform.v4``: the same pair for Dedicated v4 deployments
  (EMQX 4.x, ``/api``), whose integer result codes raise as errors.

Errors are ``EMQXError`` subclasses; see ``APIStatusError``.
``EMQX_LOG=debug`` (or ``info``) logs each request to stderr.
"""

# No ``from __future__ import annotations`` here: it would list
# ``annotations`` in ``dir(emqx_platform)``.
from . import _core
from ._deployment_client import AsyncDeploymentClient, DeploymentClient
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    EMQXError,
    InsecureRequestWarning,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    UnprocessableEntityError,
)
from ._logging import configure_from_env as _configure_logging_from_env
from ._pagination import AsyncPage, AsyncPaginator, Page
from ._paths import quote_path
from ._platform_client import AsyncPlatformClient, PlatformClient
from ._public import hide_sdk_frames as _hide_sdk_frames
from ._public import name_by_package as _name_by_package
from ._wait import WaitTimeoutError

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "AsyncPage",
    "AsyncPaginator",
    "APITimeoutError",
    "AsyncDeploymentClient",
    "AsyncPlatformClient",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "DeploymentClient",
    "EMQXError",
    "InsecureRequestWarning",
    "InternalServerError",
    "NotFoundError",
    "Page",
    "PermissionDeniedError",
    "PlatformClient",
    "RateLimitError",
    "ResponseTooLargeError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "__version__",
    "quote_path",
]

# The package takes its version from Cargo.toml (maturin's dynamic version),
# as the core does: importlib.metadata would pull the email package into
# every import of the SDK.
__version__: str = _core.__version__

_configure_logging_from_env()

# Tracebacks and pickles name the package, not its private modules.
_name_by_package(__name__, __all__, globals())
_hide_sdk_frames()
