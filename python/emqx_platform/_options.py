"""Client options: environment fallbacks, and the native transport.

Sync and async clients build their transport here, so both accept exactly the
same options with the same errors. The Rust core owns every bound and default
of the options (timeouts, retries, response size) and checks them before any
request is sent; Python keeps what only Python knows: the environment
variables, the ``verify=False`` warning and CA bundle paths.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from typing import Literal, TypeAlias

from . import _core
from ._exceptions import EMQXError, InsecureRequestWarning

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "DEPLOYMENT",
    "PLATFORM",
    "Credentials",
    "ProxyTypes",
    "VerifyTypes",
    "open_transport",
]

# The core's defaults, for the clients' signatures and docs.
DEFAULT_TIMEOUT = _core.DEFAULT_TIMEOUT
DEFAULT_CONNECT_TIMEOUT = _core.DEFAULT_CONNECT_TIMEOUT
DEFAULT_MAX_RETRIES = _core.DEFAULT_MAX_RETRIES
DEFAULT_MAX_RESPONSE_BYTES = _core.DEFAULT_MAX_RESPONSE_BYTES

CA_BUNDLE_ENV = "EMQX_CA_BUNDLE"

VerifyTypes: TypeAlias = bool | str | os.PathLike[str]
"""``verify=``: ``True`` (system trust store), a PEM CA bundle path, or ``False``."""

ProxyTypes: TypeAlias = str | Literal[False] | None
"""``proxy=``: a proxy URL, ``False`` (never a proxy), or ``None`` (from the environment)."""


@dataclass(frozen=True)
class Credentials:
    """How one API names its credentials, in arguments and in the environment."""

    username_arg: str
    password_arg: str
    username_env: str
    password_env: str
    base_url_env: str


PLATFORM = Credentials(
    username_arg="api_key",
    password_arg="api_secret",
    username_env="EMQX_PLATFORM_API_KEY",
    password_env="EMQX_PLATFORM_API_SECRET",
    base_url_env="EMQX_PLATFORM_BASE_URL",
)

DEPLOYMENT = Credentials(
    username_arg="app_id",
    password_arg="app_secret",
    username_env="EMQX_DEPLOYMENT_APP_ID",
    password_env="EMQX_DEPLOYMENT_APP_SECRET",
    base_url_env="EMQX_DEPLOYMENT_BASE_URL",
)


def open_transport(
    names: Credentials,
    username: str | None,
    password: str | None,
    *,
    base_url: str | None,
    timeout: float | None,
    connect_timeout: float | None,
    max_retries: int | None,
    verify: VerifyTypes,
    user_agent: str | None,
    allow_insecure_http: bool,
    proxy: ProxyTypes,
    max_response_bytes: int | None,
    stacklevel: int,
) -> _core.Transport:
    """Resolve and check every option, then build the native transport.

    The password goes straight into the transport and is not kept anywhere
    in Python. ``stacklevel`` is that of the ``verify=False`` warning,
    counted from the caller (1: the caller, 2: the caller's caller).
    """
    missing: list[str] = []
    user = _from_env(names.username_arg, username, names.username_env, missing)
    secret = _from_env(names.password_arg, password, names.password_env, missing)
    url = _from_env("base_url", base_url, names.base_url_env, missing)
    if missing:
        raise EMQXError("; ".join(missing))
    if not isinstance(allow_insecure_http, bool):
        raise TypeError(
            f"allow_insecure_http must be True or False, not {type(allow_insecure_http).__name__}"
        )
    transport = _core.Transport(
        url,
        user,
        secret,
        timeout=timeout,
        connect_timeout=connect_timeout,
        max_retries=max_retries,
        verify=_resolve_verify(verify),
        user_agent=user_agent,
        allow_insecure_http=allow_insecure_http,
        proxy=_check_proxy(proxy),
        max_response_bytes=max_response_bytes,
    )
    if verify is False:
        # Only for a client that exists: a bad option elsewhere raises first.
        warnings.warn(
            "verify=False turns off TLS certificate verification: anyone on the network "
            "path can read and change the traffic, credentials included. Pass the CA "
            "bundle of the server instead (verify='/path/to/ca.pem').",
            InsecureRequestWarning,
            # +1: the frame of open_transport.
            stacklevel=stacklevel + 1,
        )
    return transport


def _from_env(arg: str, value: str | None, env: str, missing: list[str]) -> str:
    """The argument, else the environment variable; ``""`` (noted in ``missing``) if neither."""
    if value is None:
        # An empty variable (``export X=``) counts as unset.
        value = os.environ.get(env, "")
    elif not isinstance(value, str):
        raise TypeError(f"{arg} must be a str, not {type(value).__name__}")
    if not value:
        missing.append(f"{arg} is required: pass {arg}=... or set {env}")
    return value


def _check_proxy(proxy: ProxyTypes) -> bool | str:
    """``proxy=`` as the core takes it: ``True`` (from the environment), ``False`` or a URL.

    The core reads the environment (``EMQX_PROXY``, ``HTTPS_PROXY``, ...) and
    applies the whole policy (see the README section "Proxies").
    """
    if proxy is None:
        return True
    if proxy is False or isinstance(proxy, str):
        return proxy
    raise TypeError(
        "proxy must be a proxy URL, False (no proxy) or None (from the environment), "
        f"not {type(proxy).__name__}"
    )


def _resolve_verify(verify: VerifyTypes) -> bool | str:
    """``verify=`` as the core takes it: ``True``, ``False`` or an absolute CA bundle path."""
    if verify is True:
        bundle = os.environ.get(CA_BUNDLE_ENV)
        return _ca_bundle(bundle, f"{CA_BUNDLE_ENV}={bundle!r}") if bundle else True
    if verify is False:
        return False
    if isinstance(verify, (str, os.PathLike)):
        path = os.fspath(verify)
        if isinstance(path, str):
            return _ca_bundle(path, f"verify={path!r}")
    raise TypeError(
        f"verify must be True, False or the path of a CA bundle, not {type(verify).__name__}"
    )


def _ca_bundle(path: str, source: str) -> str:
    # Absolute, because the core reads the file again later (in a forked
    # child it rebuilds its HTTPS client), possibly after a chdir.
    if not os.path.isfile(path):
        raise ValueError(f"{source}: the CA bundle file does not exist")
    return os.path.abspath(path)
