"""mkdocs hook: expands ``<!-- resources: CLIENT PACKAGE -->`` into a client's resources.

A reference page names the sync client (``emqx_platform.DeploymentClient``) and
the package its resource classes are documented under
(``emqx_platform.resources.deployment``); the hook writes the table of the
client's resource attributes, then a mkdocstrings block per class and per async
twin. The pages so follow the clients: a new resource needs no docs edit.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

_MARKER = re.compile(r"^<!-- resources: (\S+) (\S+) -->$", re.MULTILINE)


def on_page_markdown(markdown: str, **_: Any) -> str:
    return _MARKER.sub(lambda m: _expand(m[1], m[2]), markdown)


def _expand(client_path: str, package: str) -> str:
    from emqx_platform.resources._resource import resource

    module, _, name = client_path.rpartition(".")
    client = getattr(importlib.import_module(module), name)
    attributes = [
        (attribute, value.build)
        for attribute, value in vars(client).items()
        if isinstance(value, resource)
    ]
    rows = [f"| `{a}` | [`{c.__name__}`][{package}.{c.__name__}] |" for a, c in attributes]
    blocks = [f"::: {package}.{c.__name__}\n" for _, c in attributes]
    twins = [
        f"::: {package}.Async{c.__name__}\n    options:\n      heading_level: 3\n"
        for _, c in attributes
    ]
    return "\n".join(
        ["| attribute | class |", "|---|---|", *rows, "", *blocks, "## Async twins", "", *twins]
    )
