"""Normalisation of ``request()`` query parameters, before anything is sent.

The method and path are checked by the core (``Transport``), the one place
that also builds the URL from them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

__all__ = [
    "JSON",
    "ParamValue",
    "Prepared",
    "Params",
    "QueryPairs",
    "encode_params",
]

JSON: TypeAlias = Any
"""Decoded JSON: ``dict``, ``list``, ``str``, ``int``, ``float``, ``bool`` or ``None``.

``Any`` rather than a recursive union, so that ``response["data"][0]["clientid"]``
type-checks without a cast at every step.
"""

ParamScalar: TypeAlias = str | int | float | bool | None
ParamValue: TypeAlias = ParamScalar | list[ParamScalar] | tuple[ParamScalar, ...]
Params: TypeAlias = Mapping[str, ParamValue]
"""Query parameters; a list or tuple value repeats the key, ``None`` leaves it out."""

QueryPairs: TypeAlias = list[tuple[str, str]]


def encode_params(params: Params | None) -> QueryPairs | None:
    """Query pairs for the core: lists repeat the key, ``None`` values are dropped.

    ``{"clientid": ["a", "b"], "like": None, "aggregate": True}`` becomes
    ``[("clientid", "a"), ("clientid", "b"), ("aggregate", "true")]``.
    """
    if params is None:
        return None
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a mapping, not {type(params).__name__}")
    pairs: QueryPairs = []
    for key, value in params.items():
        if not isinstance(key, str):
            raise TypeError(f"params keys must be str, not {type(key).__name__}")
        values = value if isinstance(value, (list, tuple)) else (value,)
        for item in values:
            text = _param_text(key, item)
            if text is not None:
                pairs.append((key, text))
    return pairs


def _param_text(key: str, value: object) -> str | None:
    """One query value as text: EMQX wants ``true``/``false`` for booleans."""
    if value is None:
        return None
    # Checked before int: bool is an int subclass.
    if isinstance(value, bool):
        return "true" if value else "false"
    # The base types' own formatting, so that str and int enums (whose str()
    # is "Cls.MEMBER" on Python 3.10) send their value.
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return float.__repr__(value)
    raise TypeError(
        f"params[{key!r}] must be str, int, float, bool, None or a list of them, "
        f"not {type(value).__name__}"
    )


class Prepared:
    """One call, checked and ready to send, instead of sent: a batch's recording.

    A batch (``client.map``/``client.gather``) runs each method against a
    stand-in client whose transport returns this instead of an answer; the
    endpoint runner (``resources._endpoint.send``) hands it back at once,
    with how the method reads its answer. It never reaches users.
    """

    __slots__ = ("endpoint", "read", "request")

    def __init__(
        self,
        method: str,
        path: str,
        query: QueryPairs | None,
        body: JSON,
        timeout: float | None,
        accept: str | None = None,
    ) -> None:
        self.request = (method, path, query, body, timeout, accept)
        self.endpoint: Any = None
        """The ``Endpoint`` whose method was recorded, or ``None`` for a raw ``request``."""
        self.read: Callable[[JSON], Any] | None = None
        """How a v4 method turns its (checked) answer into its result, set by the
        v4 runners (``resources/v4/_base.py``); EMQX 5 calls read with ``endpoint``."""
