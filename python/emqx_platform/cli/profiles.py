"""Profiles: named sets of credentials in a TOML file, so they stay out of shell history.

The file is ``$XDG_CONFIG_HOME/emqx-platform/profiles.toml`` (by default
``~/.config/emqx-platform/profiles.toml``). Each table is a profile; its keys
are the SDK's environment variables in lower case without ``EMQX_``::

    [default]
    deployment_base_url = "https://xxxx.emqxsl.com:8443/api/v5"
    deployment_app_id = "app-id"
    deployment_app_secret = "app-secret"

    [staging]
    platform_base_url = "https://..."
    platform_api_key = "..."
    platform_api_secret = "..."
    ca_bundle = "/etc/ssl/staging-ca.pem"
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # the `cli` extra installs tomli on Python 3.10
    import tomli as tomllib

__all__ = ["KEYS", "ProfileError", "load_profile", "profiles_path"]

KEYS = (
    "platform_base_url",
    "platform_api_key",
    "platform_api_secret",
    "deployment_base_url",
    "deployment_app_id",
    "deployment_app_secret",
    "ca_bundle",
)
"""The keys a profile may set; each stands for the variable ``EMQX_<KEY upper case>``."""


class ProfileError(Exception):
    """The profile file cannot be used: unreadable, not TOML, unknown keys or profile."""


def profiles_path() -> Path:
    """Where the profile file lives (it need not exist)."""
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.join(Path.home(), ".config")
    return Path(config_home, "emqx-platform", "profiles.toml")


def load_profile(name: str, *, required: bool) -> dict[str, str]:
    """The settings of profile ``name``; ``{}`` when it is absent and not ``required``.

    Warns on stderr when the file can be read by others, as ssh does for
    keys: the file holds secrets.
    """
    path = profiles_path()
    if not path.is_file():
        if required:
            raise ProfileError(f"profile {name!r} not found: {path} does not exist")
        return {}
    _warn_if_readable_by_others(path)
    try:
        with path.open("rb") as file:
            profiles = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ProfileError(f"cannot read {path}: {e}") from None
    profile = profiles.get(name)
    if profile is None:
        if required:
            known = ", ".join(sorted(profiles)) or "none"
            raise ProfileError(f"profile {name!r} not found in {path} (profiles: {known})")
        return {}
    return _checked(profile, name, path)


def _checked(profile: object, name: str, path: Path) -> dict[str, str]:
    if not isinstance(profile, dict):
        raise ProfileError(f"{path}: [{name}] must be a table of settings")
    settings: dict[str, str] = {}
    for key, value in profile.items():
        if key not in KEYS:
            raise ProfileError(
                f"{path}: [{name}] has unknown key {key!r} (known: {', '.join(KEYS)})"
            )
        if not isinstance(value, str):
            # Never repr the value: it may be a secret.
            raise ProfileError(f"{path}: [{name}] {key} must be a string")
        settings[key] = value
    return settings


def _warn_if_readable_by_others(path: Path) -> None:
    mode = path.stat().st_mode
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        print(
            f"Warning: {path} is accessible by others (mode {stat.S_IMODE(mode):o}); "
            f"it holds secrets: chmod 600 {path}",
            file=sys.stderr,
        )
