"""The building blocks of every command: global options, paging options, the session.

Every command takes the global options after its name as well as before it
(``emqx-platform clients list -o json`` and ``emqx-platform -o json clients
list`` are the same), so ``Command`` adds them to each command.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from .._options import DEFAULT_TIMEOUT
from .._pagination import MAX_LIMIT, Page
from .output import FORMATS, emit, emit_rows
from .session import Session, global_options, session

__all__ = [
    "Command",
    "Group",
    "current",
    "global_params",
    "json_value",
    "paged",
    "show",
    "show_page",
]

F = TypeVar("F", bound=Callable[..., Any])


def _store(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """Record a global option that was given (a later one, after the command, wins)."""
    if value is not None and value is not False and param.name is not None:
        setattr(global_options(ctx), param.name, value)


def global_params() -> list[click.Parameter]:
    """Fresh instances of the global options."""
    common: dict[str, Any] = {"expose_value": False, "callback": _store}
    return [
        click.Option(
            ["--profile"],
            metavar="NAME",
            help="Use this profile of the profile file (default: EMQX_PROFILE, else 'default').",
            **common,
        ),
        click.Option(
            ["--base-url"],
            metavar="URL",
            help="The API root, instead of EMQX_PLATFORM_BASE_URL / EMQX_DEPLOYMENT_BASE_URL.",
            **common,
        ),
        click.Option(
            ["--ca"],
            type=click.Path(exists=True, dir_okay=False),
            help="Trust only the CA certificates of this PEM file (default: EMQX_CA_BUNDLE, "
            "else the system's trust store).",
            **common,
        ),
        click.Option(
            ["--timeout"],
            type=click.FloatRange(min=0, min_open=True),
            metavar="SECONDS",
            help=f"Time limit of each request attempt (default {DEFAULT_TIMEOUT:g}).",
            **common,
        ),
        click.Option(
            ["-o", "--output"],
            type=click.Choice(FORMATS),
            help="Output format (default: table on a terminal, json otherwise).",
            **common,
        ),
        click.Option(
            ["-v", "--verbose"],
            is_flag=True,
            help="Show where the settings come from and each request on stderr.",
            **common,
        ),
        click.Option(["--debug"], is_flag=True, help="Show the traceback of an error.", **common),
    ]


class Command(click.Command):
    """A command that also takes the global options."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(global_params())


class Group(click.Group):
    """A command group whose commands and subgroups take the global options."""

    command_class = Command
    group_class = type


def current() -> Session:
    """The session of the running command."""
    return session(click.get_current_context())


def show(answer: Any, columns: Sequence[str] | None = None) -> None:
    """Print an answer in the output format of the running command."""
    emit(answer, current().format, columns=columns)


def paged(command: F) -> F:
    """Add ``--limit``, ``--page`` and ``--all`` to a list command."""
    options = [
        click.option(
            "--limit",
            type=click.IntRange(1, MAX_LIMIT),
            help=f"Items per page, 1..{MAX_LIMIT} (server default 100).",
        ),
        click.option("--page", type=click.IntRange(min=1), help="The page to show (default 1)."),
        click.option(
            "--all", "all_pages", is_flag=True, help="Every item of every page, from --page on."
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def show_page(page: Page[Any], all_pages: bool, columns: Sequence[str] | None = None) -> None:
    """Print one page (or, with ``--all``, it and every following page) as rows."""
    emit_rows(page if all_pages else page.data, current().format, columns=columns)
    if not all_pages and page.has_next_page():
        click.echo(
            f"(page {page.page_number}; more with --page {page.page_number + 1} or --all)",
            err=True,
        )


def json_value(text: str, option: str) -> Any:
    """The JSON of ``text``, or of the file it names as ``@path`` (``@-``: stdin)."""
    if text.startswith("@"):
        try:
            with click.open_file(text[1:], "r", encoding="utf-8") as file:
                text = file.read()
        except OSError as e:
            message = f"cannot read {text[1:]}: {e.strerror}"
            raise click.BadParameter(message, param_hint=option) from None

    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise click.BadParameter(f"not JSON: {e}", param_hint=option) from None
