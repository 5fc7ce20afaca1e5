"""Packages whose modules load on first use: the resources and the types.

``import emqx_platform`` would otherwise load every resource module of both
APIs and every ``TypedDict`` they name, which a short script or the command
line pays for without using most of them. A client attribute imports its
resource's module when first read (``resources._resource.resource``); a
package asked for one of its names (``from emqx_platform.types import
Client``) imports its modules then (PEP 562 ``__getattr__``). Type checkers
see the names through imports under ``if TYPE_CHECKING:``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Sequence
from importlib import import_module
from types import ModuleType
from typing import Any

from ._public import hide_sdk_frames, name_by_package

__all__ = ["load", "package_getattr"]


def load(package: str, module: str, *, rename: bool = True) -> ModuleType:
    """Import ``package.module``; with ``rename``, its public classes take the name of
    ``package``, which exports them (see ``_public``)."""
    loaded = import_module(f"{package}.{module}")
    if "_named_by_package" not in vars(loaded):
        if rename:
            name_by_package(package, getattr(loaded, "__all__", ()), vars(loaded))
        loaded._named_by_package = True  # type: ignore[attr-defined]
        # pytest hides the frames of the modules just loaded too.
        hide_sdk_frames()
    return loaded


def package_getattr(
    package: str,
    names: Collection[str] | None,
    *,
    modules: Sequence[str] | None = None,
    rename: bool = True,
) -> Callable[[str], Any]:
    """The ``__getattr__`` of a package whose public ``names`` (``None``: whatever its
    ``modules`` export, ``__all__`` included; default all its modules) come from
    those modules, all loaded on the first request for one of them (``rename``
    as for ``load``)."""

    def __getattr__(name: str) -> Any:
        if names is None or name in names:
            namespace = vars(sys.modules[package])
            exported: list[str] = []
            if modules is None:
                import pkgutil

                found = [info.name for info in pkgutil.iter_modules(namespace["__path__"])]
            else:
                found = list(modules)
            for module_name in found:
                module = load(package, module_name, rename=rename)
                for public in getattr(module, "__all__", ()):
                    namespace.setdefault(public, getattr(module, public))
                    exported.append(public)
            namespace.setdefault("__all__", exported)
            if name in namespace:
                return namespace[name]
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
