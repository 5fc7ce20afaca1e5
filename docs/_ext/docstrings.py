"""A griffe extension: the docstrings as Python shows them, in Markdown.

Griffe reads the sources, but some docstrings are completed at import time
(async twins take their sync twin's text, the constructors the shared
connection options: see ``emqx_platform._docs``), so each object takes the
docstring of the imported object when that one says more. The docstrings
are written for ``help()`` and IDEs, in Google style with a little reST
(``:class:`X```, ``::`` before a literal block, ``\\ s``); mkdocstrings
renders Markdown, so those few constructs are rewritten on the way in. The
sources stay as they are. Inline code or a role that names a package-level
name (``Page``, ``:class:`Page```) links to its reference entry.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import griffe

import emqx_platform

# :class:`Page`, :meth:`~x.Page.iter_pages`, :mod:`._endpoint`: see `_role`.
_ROLE = re.compile(r":(?:class|meth|func|attr|mod|exc|data|obj|const):`~?([^`]+)`")
# A paragraph that ends with "::" introduces a literal block (indented below it).
_LITERAL_INTRO = re.compile(r"(\S)::[ \t]*$", re.MULTILINE)
_LITERAL_ALONE = re.compile(r"^[ \t]*::[ \t]*$\n?", re.MULTILINE)
# ``Page``, ``emqx_platform.NotFoundError``, ``close()``: code that may name a
# package-level name (see `_code`).
_CODE = re.compile(r"``([A-Za-z_][\w.]*)(\(\))?``")
# ``TypedDict``\ s: reST's escaped space, which glues a plural to the markup.
_ESCAPED_SPACE = re.compile(r"`\\ ")


def _role(match: re.Match[str]) -> str:
    """A role as code, linked to the reference when it names a package-level name."""
    target = match.group(1).lstrip(".")
    name = target.removeprefix("emqx_platform.")
    if name in emqx_platform.__all__:
        return f"[`{name}`][emqx_platform.{name}]"
    return f"`{target}`"


def _code(match: re.Match[str]) -> str:
    """Inline code, linked to the reference when it names a package-level name."""
    name = match.group(1).removeprefix("emqx_platform.")
    if name in emqx_platform.__all__:
        return f"[`{name}{match.group(2) or ''}`][emqx_platform.{name}]"
    return match.group(0)


def to_markdown(text: str) -> str:
    """``text`` with its reST roles, literal-block markers and escaped spaces as Markdown,
    and its inline code that names a package-level name linked."""
    text = _ROLE.sub(_role, text)
    text = _CODE.sub(_code, text)
    text = _LITERAL_INTRO.sub(r"\1:", text)
    text = _LITERAL_ALONE.sub("", text)
    return _ESCAPED_SPACE.sub("`", text)


def runtime_docstring(path: str) -> str | None:
    """The cleaned ``__doc__`` of the object at ``path`` once imported, if any."""
    try:
        value = griffe.dynamic_import(path)
    except (ImportError, AttributeError):
        return None
    doc = getattr(value, "__doc__", None)
    if not isinstance(doc, str) or doc == getattr(type(value), "__doc__", None):
        return None  # an instance showing its class's text is not its own
    return inspect.cleandoc(doc)


class Docstrings(griffe.Extension):
    """Complete and convert every docstring as it is loaded (see the module doc)."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.is_function or obj.is_class:
            imported = runtime_docstring(obj.path)
            static = obj.docstring.value if obj.docstring else ""
            if imported and len(imported) > len(static):
                if obj.docstring is None:
                    obj.docstring = griffe.Docstring(imported, parent=obj)
                else:
                    obj.docstring.value = imported
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value)
