"""Argument checks shared by every resource: a clear ``ValueError`` / ``TypeError``
before anything is sent, naming the argument that is wrong."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

__all__ = [
    "check_bool",
    "check_choice",
    "check_ids",
    "check_int_range",
    "check_mapping",
    "check_position",
    "check_str",
    "check_when",
    "one_or_many",
    "time_param",
    "When",
]


def check_str(name: str, value: object) -> str:
    """``value`` as a non-empty ``str``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if not value:
        raise ValueError(f"{name} must not be empty")
    return value


def check_bool(name: str, value: object) -> bool:
    """A ``bool`` (not merely truthy)."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {type(value).__name__}")
    return value


def one_or_many(name: str, value: str | Sequence[str] | None) -> str | tuple[str, ...] | None:
    """A filter that takes one value or a non-empty list (sent as repeated keys)."""
    if value is None or isinstance(value, str):
        return value
    return tuple(check_ids(name, value))


def check_ids(name: str, values: object) -> list[str]:
    """A non-empty list of non-empty strings (a lone ``str`` is refused, not split)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list of str, not {type(values).__name__}")
    items = [check_str(f"{name}[{i}]", v) for i, v in enumerate(values)]
    if not items:
        raise ValueError(f"{name} must not be empty")
    return items


def check_int_range(name: str, value: object, low: int, high: int) -> int:
    """An ``int`` (not a ``bool``) in ``low..high``."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")
    return value


def check_choice(name: str, value: object, choices: Iterable[str]) -> str:
    """One of ``choices``."""
    options = tuple(choices)
    if value not in options:
        listed = ", ".join(repr(c) for c in options)
        raise ValueError(f"{name} must be one of {listed}, got {value!r}")
    return value


def check_mapping(name: str, value: object) -> dict[str, Any]:
    """A ``Mapping`` with ``str`` keys, copied into a ``dict``."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping (dict), not {type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise TypeError(f"{name} keys must be str, not {type(key).__name__}")
    return dict(value)


def time_param(name: str, value: int | str | datetime | None) -> int | str | None:
    """A time filter: epoch milliseconds, an RFC 3339 string, or an aware ``datetime``."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{name} must be a timezone-aware datetime (e.g. tzinfo=UTC)")
        return round(value.timestamp() * 1000)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(
        f"{name} must be epoch milliseconds (int), an RFC 3339 str or a datetime, "
        f"not {type(value).__name__}"
    )


def check_position(name: str, value: object) -> str:
    """A place in an ordered chain: ``front``, ``rear``, ``before:<id>`` or ``after:<id>``."""
    text = check_str(name, value)
    where, _, other = text.partition(":")
    if text in ("front", "rear") or (where in ("before", "after") and other):
        return text
    raise ValueError(f"{name} must be 'front', 'rear', 'before:<id>' or 'after:<id>', got {text!r}")


When = int | str | datetime
"""A time the server reads as epoch seconds or RFC 3339 text."""


def check_when(name: str, value: When | None) -> int | str | None:
    """Epoch seconds, RFC 3339 text, or an aware ``datetime`` (sent as RFC 3339)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise ValueError(f"{name} must be a timezone-aware datetime (e.g. tzinfo=UTC)")
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"{name} must be epoch seconds, an RFC 3339 str or a datetime")
