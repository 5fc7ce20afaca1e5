"""How the SDK shows itself in tracebacks and listings.

Public classes carry the name of the package that exports them
(``emqx_platform.NotFoundError``, not ``emqx_platform._exceptions.NotFoundError``),
which is also where pickle finds them again. The SDK's own frames are hidden
from pytest's tracebacks when the error is the SDK's answer (an API error or
a refused argument), so a failing test shows the user's line and the error;
``pytest --full-trace`` shows every frame.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["hide_sdk_frames", "name_by_package"]

_PACKAGE = __name__.rpartition(".")[0]
_PRIVATE = _PACKAGE + "._"


def name_by_package(package: str, names: Iterable[str], namespace: Mapping[str, Any]) -> None:
    """Give the classes among ``names`` the ``__module__`` of the package exporting them,
    and their constructors a docstring where they have none.

    A class counts as the package's when it is defined below it, or in one of
    the SDK's private top-level modules (``emqx_platform._v4_client`` for
    ``emqx_platform.v4``)."""
    for name in names:
        value = namespace[name]
        if isinstance(value, type) and value.__module__.startswith((package + ".", _PRIVATE)):
            value.__module__ = package
            _document_init(value)
            _drop_empty_annotations(value)
            _drop_orig_bases(value)


def _drop_empty_annotations(cls: type) -> None:
    """Remove the empty ``__annotations__`` a class body with annotations only under
    ``if TYPE_CHECKING:`` still gets: ``help()`` would list it as an attribute."""
    for klass in cls.__mro__:
        if klass.__module__.startswith(_PACKAGE) and vars(klass).get("__annotations__") == {}:
            del klass.__annotations__


def _drop_orig_bases(cls: type) -> None:
    """Remove the subscripted bases (``Page(_PageBase[T], ...)``) that typing keeps on
    the SDK's generic classes: ``help()`` lists them as an attribute, cut short. typing reads them
    only while it creates the class (``types.get_original_bases`` falls back to
    ``__bases__``); the class's type parameters stay in ``__parameters__``."""
    for klass in cls.__mro__:
        if klass.__module__.startswith(_PACKAGE) and "__orig_bases__" in vars(klass):
            del klass.__orig_bases__  # type: ignore[attr-defined]


def _document_init(cls: type) -> None:
    """Without a docstring, ``help()`` shows ``object.__init__``'s ("Initialize self...")."""
    init = inspect.getattr_static(cls, "__init__")
    module = getattr(init, "__module__", None) or ""
    if init.__doc__ is None and module.startswith(_PACKAGE):
        init.__doc__ = f"Made by the SDK; see {cls.__name__}'s documentation above."


def _hide_frame(excinfo: Any) -> bool:
    """pytest's ``__tracebackhide__`` hook: whether to hide a frame of the SDK."""
    from ._exceptions import EMQXError

    return isinstance(getattr(excinfo, "value", None), (EMQXError, ValueError, TypeError))


def hide_sdk_frames() -> None:
    """Set ``__tracebackhide__`` in every loaded module of the SDK (pytest reads it
    from a frame's globals); a module loaded later calls this again."""
    for name, module in list(sys.modules.items()):
        if name.startswith(_PACKAGE + ".") and name != _PACKAGE + "._core" and module is not None:
            module.__dict__.setdefault("__tracebackhide__", _hide_frame)
