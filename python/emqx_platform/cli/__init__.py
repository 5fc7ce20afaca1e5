"""The ``emqx-platform`` command line (``pip install 'emqx-platform[cli]'``: click and rich).

``main`` is the console script. It checks for the extra first, so a base
install says how to get the command line instead of failing on an import;
the click group itself is ``emqx_platform.cli.app.cli``.
"""

from __future__ import annotations

import importlib.util
import sys

__all__ = ["INSTALL_HINT", "main"]

INSTALL_HINT = (
    "The emqx-platform command line needs its extra: "
    "pip install 'emqx-platform[cli]' (or pipx install 'emqx-platform[cli]')"
)


def main(argv: list[str] | None = None, prog_name: str = "emqx-platform") -> None:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); exits the process."""
    # rich is imported only when a table is printed: check for it now too.
    missing = [name for name in ("click", "rich") if importlib.util.find_spec(name) is None]
    if missing:
        print(f"{INSTALL_HINT} ({', '.join(missing)} missing)", file=sys.stderr)
        raise SystemExit(1)
    from .app import cli

    cli.main(args=argv, prog_name=prog_name)
