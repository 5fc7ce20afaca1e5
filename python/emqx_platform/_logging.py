"""The ``emqx_platform`` logger, and ``EMQX_LOG=debug|info`` to switch it on.

The Rust core logs each request (method, path, status, elapsed time,
retries) to this logger, reading the logger's level at the start of each
call, so a level set at any time applies to the next request. The records
are emitted when the call ends, by the thread that gets its answer, dated
when they happened.
Credentials never appear: the core logs no headers, and URLs carry none.
"""

from __future__ import annotations

import logging
import os

__all__ = ["LOG_ENV", "configure_from_env", "logger"]

LOG_ENV = "EMQX_LOG"

logger = logging.getLogger("emqx_platform")

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


class _EnvHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The stderr handler added for ``EMQX_LOG`` (a class of its own, to add it once)."""


def configure_from_env() -> None:
    """Log to stderr at the level named by ``EMQX_LOG`` (``debug`` or ``info``), if set.

    Anything else (unset, empty, another word) leaves logging to the
    application, as a library should.
    """
    level = _LEVELS.get(os.environ.get(LOG_ENV, "").strip().lower())
    if level is None:
        return
    if not any(isinstance(handler, _EnvHandler) for handler in logger.handlers):
        handler = _EnvHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(level)
