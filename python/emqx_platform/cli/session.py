"""What one command invocation works with: its settings and its clients.

Each setting comes from, in order of precedence: its command-line flag, the
profile named by ``--profile`` (or ``EMQX_PROFILE``), the environment
(the SDK's ``EMQX_*`` variables), and the ``default`` profile. A profile you
name beats the environment; the default profile only fills what the named
profile and the environment leave unset. Secrets are never taken from flags (they would
show in ``ps`` and shell history) and never printed.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import click

from .._deployment_client import DeploymentClient
from .._platform_client import PlatformClient
from .._v4_client import DeploymentClient as V4DeploymentClient
from .errors import ConfigError
from .output import Format, default_format
from .profiles import KEYS, load_profile, profiles_path

__all__ = ["GlobalOptions", "Session", "global_options", "session"]

C = TypeVar("C", PlatformClient, DeploymentClient, V4DeploymentClient)

PROFILE_ENV = "EMQX_PROFILE"
DEFAULT_PROFILE = "default"


@dataclass
class GlobalOptions:
    """The options every command takes (before or after its name); ``None``: not given."""

    profile: str | None = None
    base_url: str | None = None
    ca: str | None = None
    timeout: float | None = None
    output: Format | None = None
    verbose: bool = False
    debug: bool = False


@dataclass
class Session:
    """The resolved settings of one invocation, and the clients made from them."""

    options: GlobalOptions
    _settings: dict[str, str] | None = field(default=None, repr=False)
    _clients: list[PlatformClient | DeploymentClient | V4DeploymentClient] = field(
        default_factory=list, repr=False
    )

    @property
    def format(self) -> Format:
        """The output format: ``--output``, else a table on a terminal and JSON in a pipe."""
        return self.options.output or default_format()

    def settings(self) -> dict[str, str]:
        """Every setting that has a value, by profile key (``deployment_app_id``, ...)."""
        if self._settings is None:
            named = self.options.profile or os.environ.get(PROFILE_ENV) or None
            environment = {
                key: os.environ[f"EMQX_{key.upper()}"]
                for key in KEYS
                if os.environ.get(f"EMQX_{key.upper()}")
            }
            if named is None:
                default = load_profile(DEFAULT_PROFILE, required=False)
                settings = {**default, **environment}
                source = "the environment"
                if default:
                    source += f" and profile {DEFAULT_PROFILE!r} of {profiles_path()}"
            else:
                default = load_profile(DEFAULT_PROFILE, required=False)
                settings = {**default, **environment, **load_profile(named, required=True)}
                source = f"profile {named!r} of {profiles_path()} and the environment"
                if default and named != DEFAULT_PROFILE:
                    source += f" and profile {DEFAULT_PROFILE!r}"
            self._settings = settings
            if self.options.verbose:
                click.echo(f"settings from {source}", err=True)
        return self._settings

    def platform(self) -> PlatformClient:
        """A Platform API client; closed when the command ends."""
        key, secret, base_url = self._credentials(
            "platform", ("api_key", "API key"), ("api_secret", "API secret")
        )
        return self._opened(PlatformClient(key, secret, base_url=base_url, **self._options()))

    def deployment(self) -> DeploymentClient:
        """A Deployment API (EMQX 5) client; closed when the command ends."""
        app_id, secret, base_url = self._credentials(
            "deployment", ("app_id", "App ID"), ("app_secret", "App Secret")
        )
        if _is_v4(base_url):
            raise ConfigError(
                f"{base_url} is a Dedicated v4 (EMQX 4) deployment's API: of the commands, "
                "only 'emqx-platform request' supports it"
            )
        return self._opened(DeploymentClient(app_id, secret, base_url=base_url, **self._options()))

    def raw_deployment(self) -> DeploymentClient | V4DeploymentClient:
        """A client for raw requests: the EMQX 4 one when the base URL is a v4 API's."""
        app_id, secret, base_url = self._credentials(
            "deployment", ("app_id", "App ID"), ("app_secret", "App Secret")
        )
        if _is_v4(base_url):
            return self._opened(
                V4DeploymentClient(app_id, secret, base_url=base_url, **self._options())
            )
        return self._opened(DeploymentClient(app_id, secret, base_url=base_url, **self._options()))

    def close(self) -> None:
        """Close the clients this session made."""
        for client in self._clients:
            client.close()

    def _credentials(
        self, api: str, user: tuple[str, str], secret: tuple[str, str]
    ) -> tuple[str, str, str]:
        settings = dict(self.settings())
        if self.options.base_url:
            settings[f"{api}_base_url"] = self.options.base_url
        title = "Platform API" if api == "platform" else "Deployment API"
        values = []
        for name, label in (user, secret, ("base_url", "base URL")):
            key = f"{api}_{name}"
            if not settings.get(key):
                how = "pass --base-url, set" if name == "base_url" else "set"
                raise ConfigError(
                    f"no {title} {label}: {how} EMQX_{key.upper()}, "
                    f"or set {key} in a profile ({profiles_path()})"
                )
            values.append(settings[key])
        return values[0], values[1], values[2]

    def _options(self) -> dict[str, Any]:
        options: dict[str, Any] = {}
        ca = self.options.ca or self.settings().get("ca_bundle")
        if ca:
            options["verify"] = ca
        if self.options.timeout is not None:
            options["timeout"] = self.options.timeout
        return options

    def _opened(self, client: C) -> C:
        self._clients.append(client)
        if self.options.verbose:
            click.echo(f"using {client!r}", err=True)
            _log_requests()
        return client


def _log_requests() -> None:
    """Show the SDK's request log (method, path, status, time; never credentials) on stderr."""
    logger = logging.getLogger("emqx_platform")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


def global_options(ctx: click.Context) -> GlobalOptions:
    """The global options given so far, shared by every context of the invocation."""
    options = ctx.meta.setdefault(f"{__name__}.options", GlobalOptions())
    assert isinstance(options, GlobalOptions)
    return options


def session(ctx: click.Context) -> Session:
    """The session of this invocation, made on first use and closed with the root context."""
    root = ctx.find_root()
    existing = root.meta.get(__name__)
    if isinstance(existing, Session):
        return existing
    made = Session(global_options(ctx))
    root.meta[__name__] = made
    root.call_on_close(made.close)
    return made


def _is_v4(base_url: str) -> bool:
    """Whether ``base_url`` is a Dedicated v4 deployment's API root (``.../api``)."""
    return urlsplit(base_url).path.rstrip("/").lower().endswith(("/api", "/api/v4"))
