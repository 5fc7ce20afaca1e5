"""Pages in a notebook: the HTML table, IPython's plain text and the repr.

The HTML is parsed with ``html.parser`` (no browser): what a user sees is
the text of the cells, so a client id with ``<script>`` must come back as
text, and a secret-looking field must not come back at all.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from IPython.lib.pretty import pretty

from support.clients import ClientFactory
from support.faultserver import FaultServer
from support.pages import pages_sent, script_clients


class Table(HTMLParser):
    """The caption, header cells, body rows, notes and any tag of an HTML table."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.caption = ""
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.notes: list[str] = []
        self.tags: set[str] = set()
        self._where: str | None = None
        self._in_body = False
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in ("caption", "th", "td", "p"):
            self._where = {"caption": "caption", "th": "head", "td": "cell", "p": "note"}[tag]
            if tag == "td":
                self.rows[-1].append("")
            elif tag == "th":
                self.header.append("")
            elif tag == "p":
                self.notes.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("caption", "th", "td", "p"):
            self._where = None

    def handle_data(self, data: str) -> None:
        if self._where == "caption":
            self.caption += data
        elif self._where == "head":
            self.header[-1] += data
        elif self._where == "cell":
            self.rows[-1][-1] += data
        elif self._where == "note":
            self.notes[-1] += data


def test_a_page_renders_as_an_html_table_with_its_meta(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(fault_server, 25, limit=20, username="fleet", node="emqx@n1")
    page = make_client("deployment").clients.list(limit=20)
    table = Table(page._repr_html_())
    assert table.caption == "Page(page=1, limit=20, items=20, count=25, hasnext=True)"
    assert table.header == ["clientid", "username", "node"]
    assert len(table.rows) == 10  # the first rows only
    assert table.rows[0] == ["c-00", "fleet", "emqx@n1"]
    assert "10 of the 20 items of this page shown" in table.notes
    assert any("more pages follow" in n for n in table.notes)


def test_html_is_escaped_and_secrets_are_not_shown(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(
        fault_server,
        1,
        limit=5,
        username="<script>alert(1)</script>",
        password="hunter2",
        extra={"token": "t0ps3cret", "region": "eu"},
    )
    page = make_client("deployment").clients.list(limit=5)
    markup = page._repr_html_()
    table = Table(markup)
    assert "script" not in table.tags
    row = dict(zip(table.header, table.rows[0], strict=True))
    assert row["username"] == "<script>alert(1)</script>"
    assert row["password"] == "<redacted>"
    assert row["extra"] == '{"token":"<redacted>","region":"eu"}'
    for text in (markup, pretty(page)):
        assert "hunter2" not in text
        assert "t0ps3cret" not in text


def test_columns_that_name_an_item_come_first_and_the_rest_are_counted(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    fields: dict[str, Any] = {f"field_{i:02d}": i for i in range(12)}
    script_clients(fault_server, 2, limit=2, **fields, connected=True, username="u")
    table = Table(make_client("deployment").clients.list(limit=2)._repr_html_())
    assert table.header[:3] == ["clientid", "username", "connected"]
    assert len(table.header) == 8
    assert "7 more columns: see .items or .to_pandas()" in table.notes


def test_an_empty_page_renders(fault_server: FaultServer, make_client: ClientFactory) -> None:
    script_clients(fault_server, 0, limit=10, count=False)
    page = make_client("deployment").clients.list(limit=10)
    table = Table(page._repr_html_())
    assert table.caption == "Page(page=1, limit=10, items=0, hasnext=False)"
    assert table.rows == []
    assert pretty(page) == "Page(page=1, limit=10, items=0, hasnext=False)"


def test_plain_text_shows_aligned_rows_under_the_repr(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(fault_server, 3, limit=3, username="fleet")
    page = make_client("deployment").clients.list(limit=3)
    lines = pretty(page).splitlines()
    assert lines[0] == repr(page) == "Page(page=1, limit=3, items=3, count=3, hasnext=False)"
    assert lines[1].split() == ["clientid", "username"]
    assert lines[2].split() == ["c-00", "fleet"]
    assert lines[1].index("username") == lines[2].index("fleet")
    assert len(lines) == 5


@pytest.mark.asyncio
async def test_async_pages_and_the_paginator_render(
    fault_server: FaultServer, fault_async_deployment_client: Any
) -> None:
    script_clients(fault_server, 3, limit=2)
    client = fault_async_deployment_client
    listing = client.clients.list(limit=2, username="u<b>")
    assert repr(listing) == "AsyncPaginator(GET /clients, page=1, limit=2, username='u<b>')"
    assert "await it for the first page" in pretty(listing)
    assert "u&lt;b&gt;" in listing._repr_html_()
    assert fault_server.requests == []  # rendering sends nothing
    page = await listing
    assert Table(page._repr_html_()).caption == (
        "AsyncPage(page=1, limit=2, items=2, count=3, hasnext=True)"
    )
    assert pages_sent(fault_server) == ["1"]
