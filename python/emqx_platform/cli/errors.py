"""Exit codes per error class, and how a failed command reports itself.

A script can tell failures apart by the exit code alone; the message on
stderr is the exception's own one-line message (never a secret), and the
traceback only shows with ``--debug``.
"""

from __future__ import annotations

import traceback

import click

from .._exceptions import (
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from .._wait import WaitTimeoutError
from .profiles import ProfileError

__all__ = ["EXIT_CODES", "MEANINGS", "ConfigError", "exit_code", "report"]

MEANINGS: dict[int, str] = {
    0: "success",
    1: "any other error",
    2: "usage: a bad argument, option or profile file, missing credentials",
    3: "authentication or permission refused (401, 403)",
    4: "not found (404)",
    5: "conflict (409)",
    6: "bad request (400, 422)",
    7: "rate limited (429)",
    8: "server error (5xx)",
    9: "connection failure or request timeout",
    10: "`deployments wait` ran out of time",
    130: "interrupted (Ctrl-C)",
}
"""What each exit code means (shown in ``--help`` and docs/cli.md)."""

EXIT_CODES: tuple[tuple[tuple[type[BaseException], ...], int], ...] = (
    ((ProfileError,), 2),
    ((AuthenticationError, PermissionDeniedError), 3),
    ((NotFoundError,), 4),
    ((ConflictError,), 5),
    ((BadRequestError, UnprocessableEntityError), 6),
    ((RateLimitError,), 7),
    ((InternalServerError,), 8),
    ((APIConnectionError,), 9),
    ((WaitTimeoutError,), 10),
    # The SDK's argument checks, which run before anything is sent.
    ((ValueError, TypeError), 2),
)
"""(exception classes, exit code); the first match wins, any other exception exits 1."""


class ConfigError(click.ClickException):
    """Missing credentials or settings: a usage error (exit 2), shown as one line."""

    exit_code = 2


def exit_code(error: BaseException) -> int:
    """The exit code of a command that raised ``error``."""
    for classes, code in EXIT_CODES:
        if isinstance(error, classes):
            return code
    return 1


def report(error: BaseException, *, debug: bool) -> int:
    """Print ``error`` on stderr (one line, or the traceback with ``debug``); its exit code."""
    if debug:
        traceback.print_exception(type(error), error, error.__traceback__)
    else:
        message = " ".join(str(error).split("\n")) or type(error).__name__
        # The core's trust hint speaks to Python code; the command's spelling is --ca.
        message = message.replace('verify="/path/to/ca.pem"', "--ca FILE")
        click.echo(f"Error: {message}", err=True)
    return exit_code(error)
