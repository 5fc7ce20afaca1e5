"""Printing answers: a table for people, JSON, NDJSON or CSV for programs.

Lists of objects print as rows (NDJSON and CSV stream them, so ``--all`` on
a large list runs in flat memory), a single object as its fields, anything
else as JSON. rich is imported only when a table is printed.
"""

from __future__ import annotations

import csv
import itertools
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, TextIO

import click

__all__ = ["FORMATS", "Format", "cell", "default_format", "emit", "emit_object", "emit_rows"]

Format = Literal["table", "json", "ndjson", "csv"]
FORMATS: tuple[Format, ...] = ("table", "json", "ndjson", "csv")

# How many rows decide the CSV columns before the rest stream through.
_CSV_HEADER_ROWS = 100

Row = Mapping[str, Any]


def default_format() -> Format:
    """A table on a terminal, JSON in a pipe or a file."""
    return "table" if sys.stdout.isatty() else "json"


def emit(value: Any, fmt: Format, *, columns: Sequence[str] | None = None) -> None:
    """Print any decoded JSON answer in ``fmt``.

    A page (``{"data": [...], "meta": {...}}``) prints its items as rows,
    except as JSON, which keeps the whole answer.
    """
    if fmt != "json" and _is_page(value):
        emit_rows(value["data"], fmt, columns=columns)
    elif isinstance(value, Mapping):
        emit_object(value, fmt)
    elif isinstance(value, list) and all(isinstance(item, Mapping) for item in value):
        emit_rows(value, fmt, columns=columns)
    elif fmt == "json" or value is None or isinstance(value, list):
        _json_out(value)
    else:
        click.echo(cell(value))


def emit_object(value: Row, fmt: Format) -> None:
    """Print one object: JSON, one NDJSON line, a one-row CSV, or a field/value table."""
    if fmt == "table":
        _table([{"field": key, "value": item} for key, item in value.items()], ["field", "value"])
    elif fmt == "csv":
        _csv([value], sys.stdout)
    elif fmt == "ndjson":
        click.echo(_compact(value))
    else:
        _json_out(value)


def emit_rows(rows: Iterable[Row], fmt: Format, *, columns: Sequence[str] | None = None) -> None:
    """Print rows; ``columns`` are the table's (CSV, JSON and NDJSON keep every field)."""
    if fmt == "ndjson":
        for row in rows:
            click.echo(_compact(row))
    elif fmt == "csv":
        _csv(rows, sys.stdout)
    elif fmt == "table":
        listed = list(rows)
        _table(listed, columns)
    else:
        _json_out(list(rows))


def _is_page(value: Any) -> bool:
    return (
        isinstance(value, Mapping)
        and set(value) == {"data", "meta"}
        and isinstance(value["data"], list)
        and all(isinstance(item, Mapping) for item in value["data"])
    )


def cell(value: Any) -> str:
    """One value as text: nothing for ``null``, JSON for booleans and nested values."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, list, dict)):
        return _compact(value)
    return str(value)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_out(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _keys(rows: Iterable[Row]) -> list[str]:
    """Every key of ``rows``, in order of first appearance."""
    return list(dict.fromkeys(key for row in rows for key in row))


def _csv(rows: Iterable[Row], out: TextIO) -> None:
    """A header of the fields seen in the first rows, then every row (later new fields dropped)."""
    iterator: Iterator[Row] = iter(rows)
    head = list(itertools.islice(iterator, _CSV_HEADER_ROWS))
    writer = csv.DictWriter(out, fieldnames=_keys(head), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in itertools.chain(head, iterator):
        writer.writerow({key: cell(item) for key, item in row.items()})


def _table(rows: Sequence[Row], columns: Sequence[str] | None) -> None:
    """A table of ``columns``; without them, of as many fields as fit the terminal's width."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if not rows:
        click.echo("(no items)", err=True)
        if not columns:
            return
    console = Console(highlight=False)
    shown = list(columns) if columns else _fitting(rows, console.width)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for column in shown:
        table.add_column(column, overflow="fold")
    for row in rows:
        # Text, not str: client ids and topics may contain rich markup like "[b]".
        table.add_row(*(Text(cell(row.get(column))) for column in shown))
    console.print(table)
    hidden = len(_keys(rows)) - len(shown)
    if not columns and hidden > 0:
        click.echo(f"({hidden} more fields: see them with -o json)", err=True)


# Each column's width counts at most this much: a long value folds instead.
_MAX_CELL_WIDTH = 40
_PADDING = 2


def _fitting(rows: Sequence[Row], width: int) -> list[str]:
    """The first fields, in order, whose columns fit in ``width`` (at least one)."""
    shown: list[str] = []
    used = 0
    for key in _keys(rows):
        natural = max([len(key), *(len(cell(row.get(key))) for row in rows)])
        used += min(natural, _MAX_CELL_WIDTH) + _PADDING
        if shown and used > width:
            break
        shown.append(key)
    return shown
