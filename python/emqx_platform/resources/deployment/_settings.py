"""What the telemetry settings resources share: checking a settings body's
sections before it is sent, and laying changes over the current settings
for their ``modify()``."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from .._checks import check_mapping

__all__ = ["checked_sections", "merged"]


def checked_sections(name: str, settings: object, known: Collection[str]) -> dict[str, Any]:
    """``settings`` as a dict whose keys are all in ``known``."""
    body = check_mapping(name, settings)
    unknown = sorted(set(body) - set(known))
    if unknown:
        listed = ", ".join(sorted(known))
        raise ValueError(f"{name}: unknown field(s) {', '.join(unknown)}; known: {listed}")
    return body


def merged(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """``current`` with ``changes`` laid over it: a nested mapping is merged
    key by key, anything else replaces the value."""
    out = dict(current)
    for key, value in changes.items():
        old = out.get(key)
        if isinstance(value, Mapping) and isinstance(old, Mapping):
            out[key] = merged(old, value)
        else:
            out[key] = value
    return out
