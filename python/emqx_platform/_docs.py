"""Docstrings written once: async twins completed from their sync twins, and the
connection options every client constructor documents.

An async method keeps its own one-line summary (it says what differs, e.g.
"a coroutine") and takes the rest of its text (arguments, returns, raises)
from the sync method of the same name, so ``help()`` and IDEs show the full
documentation on both sides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from . import _core

__all__ = ["CLIENT_OPTIONS", "complete_from_twin", "documents_client_options", "twin_doc"]

F = TypeVar("F", bound=Callable[..., Any])


def twin_doc(own: str | None, full: str | None) -> str | None:
    """``own`` summary followed by everything after ``full``'s summary paragraph."""
    if not full:
        return own
    if not own:
        return full
    if "\n\n" in own.strip():
        return own  # already more than a summary
    body_start = full.find("\n\n")
    if body_start < 0:
        return own
    return own.rstrip() + full[body_start:]


def complete_from_twin(cls: type, twin: type, names: Iterable[str] | None = None) -> None:
    """Complete the docstrings of ``cls``'s public methods from ``twin``'s.

    ``names`` limits it to some methods; by default every public function
    (and property) defined in ``cls`` itself.
    """
    for name in names if names is not None else list(vars(cls)):
        if name.startswith("_"):
            continue
        member = vars(cls).get(name)
        source = getattr(twin, name, None)
        if member is None or source is None:
            continue
        if isinstance(member, property):
            if member.fget is not None and isinstance(source, property):
                member.__doc__ = twin_doc(member.__doc__, source.__doc__)
        elif callable(member):
            member.__doc__ = twin_doc(member.__doc__, getattr(source, "__doc__", None))


CLIENT_OPTIONS = f"""
        Keyword arguments:
            timeout: Seconds each attempt may take (default
                {_core.DEFAULT_TIMEOUT:g}, at most {_core.MAX_SECONDS:,.0f}).
                ``None`` means the default, never "wait forever".
            connect_timeout: Seconds for the TCP connect plus the TLS
                handshake (default {_core.DEFAULT_CONNECT_TIMEOUT:g}, at most
                {_core.MAX_SECONDS:,.0f}).
            max_retries: Extra attempts after a failed first one (default
                {_core.DEFAULT_MAX_RETRIES}, at most {_core.MAX_RETRIES}):
                after connection failures always, after 408/502/503/504,
                a 429 with ``Retry-After`` and read timeouts only for GET,
                HEAD, PUT and DELETE (a POST is never sent twice);
                exponential backoff, honouring ``Retry-After``.
            verify: ``True`` (the system trust store, or the PEM file named
                by ``EMQX_CA_BUNDLE`` if set), the path of a PEM CA bundle, or
                ``False`` (no certificate check: insecure, warns).
            user_agent: Text put before the SDK's own ``User-Agent`` token.
            allow_insecure_http: Allow a plain ``http://`` base URL, and only
                to a loopback host (for local tests).
            proxy: The proxy for HTTPS requests, e.g.
                ``"http://user:pass@proxy.corp:3128"`` (an ``http://`` or
                ``https://`` proxy; SOCKS is not supported). ``None`` (default)
                takes it from ``EMQX_PROXY``, else ``HTTPS_PROXY``, else
                ``ALL_PROXY``; ``False`` never uses a proxy. Hosts listed in
                ``NO_PROXY`` and loopback hosts are always reached directly,
                and a plain ``http://`` request never goes through a proxy.
                The proxy's credentials never show in ``repr``, logs or
                error messages.
            max_response_bytes: The largest response body to read, of any
                status (default {_core.DEFAULT_MAX_RESPONSE_BYTES >> 20} MiB, at
                most {_core.MAX_RESPONSE_BYTES >> 30} GiB). A larger one raises
                ``ResponseTooLargeError`` without being read into memory.

        Raises:
            EMQXError: A credential or the base URL is neither passed nor set
                in the environment.
            ValueError, TypeError: An argument is invalid (e.g. an ``http://``
                base URL, a CA bundle that does not exist, ``timeout=0``, a
                ``socks5://`` proxy, also one from the environment).
"""
"""The keyword arguments every client constructor shares, and what it raises."""


def documents_client_options(init: F) -> F:
    """Append ``CLIENT_OPTIONS`` to a constructor's docstring (its own
    text names the credentials and the base URL)."""
    if init.__doc__ is not None:
        init.__doc__ = init.__doc__.rstrip() + "\n" + CLIENT_OPTIONS.rstrip() + "\n        "
    return init
