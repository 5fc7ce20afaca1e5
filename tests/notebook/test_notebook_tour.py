"""``examples/notebook_tour.ipynb`` runs in a real Jupyter kernel against the emulator.

nbclient starts an ipykernel on this test's interpreter (a kernel spec in a
temporary ``JUPYTER_PATH``, so a user-wide ``python3`` kernel cannot stand in)
and executes every cell; the test then reads the outputs as a user would
see them: the page's HTML table, the DataFrame's shape, the plot's PNG and
the caught error's rendering.
"""

from __future__ import annotations

import ast
import json
import os
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "notebook_tour.ipynb"
KERNEL = "emqx-platform-tests"


class Cells(HTMLParser):
    """The text of each ``<th>``/``<td>`` and ``<caption>`` of an HTML fragment."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.texts: list[tuple[str, str]] = []
        self._tag: str | None = None
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("caption", "th", "td"):
            self._tag = tag
            self.texts.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        self._tag = None

    def handle_data(self, data: str) -> None:
        if self._tag is not None:
            tag, text = self.texts[-1]
            self.texts[-1] = (tag, text + data)

    def of(self, tag: str) -> list[str]:
        return [text for t, text in self.texts if t == tag]


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The notebook after a kernel on this interpreter ran every cell."""
    jupyter_path = tmp_path_factory.mktemp("jupyter")
    spec = jupyter_path / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"})
    )
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("import sys\nsys.executable"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(jupyter_path))
        patch.setenv("JUPYTER_PLATFORM_DIRS", "1")
        # The kernel inherits the environment: no EMQX_* setting of the developer's
        # shell (a proxy, EMQX_LOG), and matplotlib's inline backend (Agg-based,
        # headless), which puts the plot in the cell's output as a PNG.
        for name in [n for n in os.environ if n.startswith("EMQX_")] + ["MPLBACKEND"]:
            patch.delenv(name, raising=False)
        NotebookClient(notebook, kernel_name=KERNEL, timeout=60).execute()
    return notebook


def outputs(notebook: Any, source_start: str) -> list[Any]:
    """The outputs of the code cell whose source starts with ``source_start``."""
    (cell,) = [
        c for c in notebook.cells if c.cell_type == "code" and c.source.startswith(source_start)
    ]
    return list(cell.outputs)


def result(notebook: Any, source_start: str) -> dict[str, str]:
    """The rendered value of a cell (its ``execute_result``), by MIME type."""
    (out,) = [o for o in outputs(notebook, source_start) if o.output_type == "execute_result"]
    return dict(out.data)


def test_the_kernel_is_this_interpreter(executed: Any) -> None:
    assert ast.literal_eval(result(executed, "import sys")["text/plain"]) == sys.executable


def test_a_page_shows_as_an_html_table(executed: Any) -> None:
    shown = result(executed, "page = await")
    cells = Cells(shown["text/html"])
    assert cells.of("caption") == ["AsyncPage(page=1, limit=50, items=50, count=120, hasnext=True)"]
    assert cells.of("th")[:2] == ["clientid", "username"]
    assert cells.of("td")[:2] == ["sensor-000", "fleet"]
    assert shown["text/plain"].startswith("AsyncPage(page=1, limit=50")


def test_indexing_is_this_page(executed: Any) -> None:
    value = ast.literal_eval(result(executed, 'page[0]["clientid"]')["text/plain"])
    assert value == ("sensor-000", 50, 120)


def test_every_client_lands_in_a_dataframe(executed: Any) -> None:
    rows, columns = ast.literal_eval(result(executed, "df = await")["text/plain"])
    assert rows == 120
    assert columns > 10
    head = Cells(result(executed, "df[[")["text/html"])
    assert head.of("th")[:4] == ["", "clientid", "username", "connected"]


def test_the_client_count_is_plotted(executed: Any) -> None:
    cell = outputs(executed, "per_user =")
    values = [o for o in cell if o.output_type == "execute_result"]
    assert ast.literal_eval(values[0].data["text/plain"]) == {"fleet": 40, "lab": 40, "ops": 40}
    pngs = [o for o in cell if o.output_type == "display_data" and "image/png" in o.data]
    assert len(pngs) == 1


def test_a_caught_error_renders(executed: Any) -> None:
    shown = result(executed, "try:")
    cells = Cells(shown["text/html"])
    fields = dict(zip(cells.of("th"), cells.of("td"), strict=True))
    assert fields["status"] == "404"
    assert fields["code"] == "CLIENTID_NOT_FOUND"
    assert fields["call"].startswith("GET ")
    assert fields["call"].endswith("/clients/no-such-client")
    assert shown["text/plain"].splitlines()[0] == "NotFoundError"


def test_a_publish_result_renders(executed: Any) -> None:
    shown = result(executed, "await d.publish")
    assert shown["text/plain"] == (
        "PublishResult: not delivered: reason code 16 (no_matching_subscribers)"
    )


def test_no_cell_wrote_an_error(executed: Any) -> None:
    for cell in executed.cells:
        if cell.cell_type == "code":
            kinds = [o.output_type for o in cell.outputs]
            assert "error" not in kinds, cell.source
            assert not [o for o in cell.outputs if o.get("name") == "stderr"], cell.source
