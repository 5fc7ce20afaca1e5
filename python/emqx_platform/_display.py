"""How pages, errors and publish results show in a REPL and a notebook.

Each object gets a one-line ``repr``, a plain-text ``_repr_pretty_`` for
IPython and an HTML ``_repr_html_`` for Jupyter. A page shows its first rows
in the columns that identify an item and its ``meta``; every value is
HTML-escaped, and values under secret-looking keys are replaced, so a
rendered page is safe to share.

The classes take these functions as methods (``_repr_html_ = page_html``), so
the rendering lives here and the classes stay about their data.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ._exceptions import APIError
    from ._pagination import AsyncPaginator, _PageBase
    from .types.deployment import PublishResult

__all__ = [
    "error_html",
    "error_pretty",
    "page_html",
    "page_pretty",
    "page_repr",
    "paginator_html",
    "paginator_pretty",
    "paginator_repr",
    "publish_html",
    "publish_pretty",
    "publish_repr",
]

MAX_ROWS = 10
"""Rows of a page shown in a notebook; the rest are counted, not shown."""
MAX_COLUMNS = 8
"""Columns shown; the identifying ones come first (``PREFERRED_COLUMNS``)."""
MAX_CELL_CHARS = 60

PREFERRED_COLUMNS = (
    # The fields that name an item of each list endpoint, then its state.
    "clientid",
    "user_id",
    "username",
    "id",
    "name",
    "topic",
    "who",
    "as",
    "node",
    "connected",
    "status",
    "enable",
    "qos",
    "ip_address",
    "is_superuser",
    "permission",
    "action",
    "reason",
    "until",
    "connected_at",
    "created_at",
)

# A value under such a key is never shown, whatever the endpoint puts there.
_SECRET_KEY = re.compile(
    r"password|passwd|secret|token|authorization|private_?key|credential|salt|^key$", re.I
)
REDACTED = "<redacted>"


class _Printer(Protocol):
    """The part of IPython's pretty printer that ``_repr_pretty_`` uses."""

    def text(self, obj: str) -> None: ...


# -- pages ------------------------------------------------------------------------


def page_repr(page: _PageBase[Any]) -> str:
    """``Page(page=1, limit=100, items=100, count=250, hasnext=True)``."""
    meta = page.meta
    parts = [f"page={page.page_number}"]
    if "limit" in meta:
        parts.append(f"limit={meta['limit']}")
    parts.append(f"items={len(page.data)}")
    if "count" in meta:
        parts.append(f"count={meta['count']}")
    # What the page style concludes, not the raw field: EMQX 4 pages often
    # carry no ``hasnext`` and are followed while they are full.
    parts.append(f"hasnext={page.has_next_page()}")
    return f"{type(page).__name__}({', '.join(parts)})"


def page_pretty(page: _PageBase[Any], printer: _Printer, cycle: bool) -> None:
    """IPython's plain text: the repr line, then the first rows as aligned columns."""
    printer.text(_page_text(page))


def _page_text(page: _PageBase[Any]) -> str:
    lines = [page_repr(page)]
    rows = page.data[:MAX_ROWS]
    columns, hidden = _columns(rows)
    if columns:
        table = [columns] + [[_cell(row, c) for c in columns] for row in rows]
        widths = [max(len(line[i]) for line in table) for i in range(len(columns))]
        for line in table:
            lines.append("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip())
    lines += _footnotes(page, len(rows), hidden)
    return "\n".join(lines)


def page_html(page: _PageBase[Any]) -> str:
    """An HTML table of the first rows, with the page's ``meta`` as its caption."""
    rows = page.data[:MAX_ROWS]
    columns, hidden = _columns(rows)
    caption = html.escape(page_repr(page))
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(row, c))}</td>" for c in columns) + "</tr>"
        for row in rows
    )
    notes = "".join(f"<p>{html.escape(n)}</p>" for n in _footnotes(page, len(rows), hidden))
    return (
        f'<div class="emqx-page"><table><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{notes}</div>"
    )


def _footnotes(page: _PageBase[Any], shown: int, hidden: int) -> list[str]:
    notes = []
    if shown < len(page.data):
        notes.append(f"{shown} of the {len(page.data)} items of this page shown")
    if hidden:
        notes.append(f"{hidden} more columns: see .items or .to_pandas()")
    if page.has_next_page():
        notes.append("more pages follow: iterate the page, or .to_pandas(), for every item")
    return notes


def _columns(rows: Sequence[object]) -> tuple[list[str], int]:
    """The columns to show (identifying ones first) and how many more there are."""
    seen: dict[str, None] = {}
    for row in rows:
        if isinstance(row, Mapping):
            seen.update(dict.fromkeys(str(k) for k in row))
    if not seen and rows:
        return ["value"], 0
    preferred = [c for c in PREFERRED_COLUMNS if c in seen]
    ordered = preferred + [c for c in seen if c not in preferred]
    return ordered[:MAX_COLUMNS], max(len(ordered) - MAX_COLUMNS, 0)


def _cell(row: object, column: str) -> str:
    """One value as short text: secrets replaced, nested values as compact JSON."""
    if not isinstance(row, Mapping):
        value: object = row
    elif column not in row:
        return ""
    elif _SECRET_KEY.search(column):
        return REDACTED
    else:
        value = row[column]
    if value is None:
        text = ""
    elif isinstance(value, (Mapping, list, tuple)):
        text = json.dumps(_redacted(value), ensure_ascii=False, separators=(",", ":"), default=str)
    else:
        text = str(value)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def _redacted(value: object) -> object:
    """A nested value with every secret-looking key's value replaced."""
    if isinstance(value, Mapping):
        return {
            k: REDACTED if _SECRET_KEY.search(str(k)) else _redacted(v) for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_redacted(v) for v in value]
    return value


# -- the async paginator ------------------------------------------------------------


def paginator_repr(paginator: AsyncPaginator[Any]) -> str:
    """What the paginator will fetch, and how to get it."""
    request = paginator._request
    parts = [f"GET {request.path}", f"page={request.page}"]
    if request.limit is not None:
        parts.append(f"limit={request.limit}")
    parts += [f"{k}={v!r}" for k, v in request.filters.items() if v is not None]
    return f"AsyncPaginator({', '.join(parts)})"


def paginator_pretty(paginator: AsyncPaginator[Any], printer: _Printer, cycle: bool) -> None:
    printer.text(f"{paginator_repr(paginator)}\n{_PAGINATOR_HINT}")


def paginator_html(paginator: AsyncPaginator[Any]) -> str:
    return (
        f"<div><code>{html.escape(paginator_repr(paginator))}</code>"
        f"<p>{html.escape(_PAGINATOR_HINT)}</p></div>"
    )


_PAGINATOR_HINT = (
    "nothing fetched yet: await it for the first page, `async for` over it for every item, "
    "or await its .to_pandas() for a DataFrame"
)


# -- errors -------------------------------------------------------------------------


def _error_fields(error: APIError) -> list[tuple[str, str]]:
    """What went wrong and on which call; never headers or the raw body."""
    from ._exceptions import APIStatusError

    fields: list[tuple[str, str]] = []
    if isinstance(error, APIStatusError):
        fields.append(("status", str(error.status_code)))
        for name in ("code", "reason_code", "message", "hint"):
            value = getattr(error, name)
            if value is not None:
                fields.append((name, str(value)))
    elif error.message:
        fields.append(("message", error.message))
    fields.append(("call", f"{error.method} {error.path}"))
    if isinstance(error, APIStatusError) and error.request_id is not None:
        fields.append(("request id", error.request_id))
    return fields


def error_pretty(error: APIError, printer: _Printer, cycle: bool) -> None:
    lines = [type(error).__name__] + [f"  {k}: {v}" for k, v in _error_fields(error)]
    printer.text("\n".join(lines))


def error_html(error: APIError) -> str:
    rows = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in _error_fields(error)
    )
    return (
        f'<div class="emqx-error"><strong>{html.escape(type(error).__name__)}</strong>'
        f"<table>{rows}</table></div>"
    )


# -- publish results ----------------------------------------------------------------


def publish_repr(result: PublishResult) -> str:
    if result.delivered:
        return f"PublishResult(delivered=True, id={result.id!r})"
    return (
        f"PublishResult(delivered=False, reason_code={result.reason_code!r}, "
        f"message={result.message!r})"
    )


def _publish_text(result: PublishResult) -> str:
    if result.delivered:
        return f"delivered, message id {result.id}"
    return f"not delivered: reason code {result.reason_code} ({result.message})"


def publish_pretty(result: PublishResult, printer: _Printer, cycle: bool) -> None:
    printer.text(f"PublishResult: {_publish_text(result)}")


def publish_html(result: PublishResult) -> str:
    return f"<div><strong>PublishResult</strong>: {html.escape(_publish_text(result))}</div>"
