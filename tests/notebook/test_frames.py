"""``to_pandas()`` / ``to_polars()``: every page by default, one page on request.

pandas and polars are optional: importing the SDK must not import them, and
without them the call says which extra to install, before any request.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pandas as pd
import polars as pl
import pytest

from emqx_platform._frames import flatten
from support.clients import ClientFactory
from support.faultserver import FaultServer
from support.pages import pages_sent, script_clients


def test_to_pandas_fetches_every_page(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(fault_server, 25, limit=10, username="fleet")
    df = make_client("deployment").clients.list(limit=10).to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert df.shape == (25, 2)
    assert list(df["clientid"][:2]) == ["c-00", "c-01"]
    assert pages_sent(fault_server) == ["1", "2", "3"]


def test_to_pandas_of_this_page_only(fault_server: FaultServer, make_client: ClientFactory) -> None:
    script_clients(fault_server, 25, limit=10)
    df = make_client("deployment").clients.list(limit=10).to_pandas(all_pages=False)
    assert df.shape == (10, 1)
    assert pages_sent(fault_server) == ["1"]


def test_nested_objects_become_dotted_columns_and_lists_stay_cells(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(
        fault_server, 2, limit=5, metrics={"matched": 3, "rate": {"last5m": 0.5}}, tags=["a", "b"]
    )
    page = make_client("deployment").clients.list(limit=5)
    df = page.to_pandas()
    assert list(df.columns) == ["clientid", "metrics.matched", "metrics.rate.last5m", "tags"]
    assert df["metrics.rate.last5m"][0] == 0.5
    assert df["tags"][0] == ["a", "b"]
    frame = page.to_polars()
    assert isinstance(frame, pl.DataFrame)
    assert frame.columns == list(df.columns)
    assert frame["tags"].to_list()[0] == ["a", "b"]


def test_flatten_keeps_empty_objects_and_wraps_scalars() -> None:
    assert flatten([{"a": {}, "b": {"c": None}}, "x"]) == [{"a": {}, "b.c": None}, {"value": "x"}]


def test_an_empty_listing_gives_an_empty_frame(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(fault_server, 0, limit=10)
    page = make_client("deployment").clients.list(limit=10)
    assert page.to_pandas().shape == (0, 0)
    assert page.to_polars().shape == (0, 0)


@pytest.mark.asyncio
async def test_async_to_pandas_and_to_polars(
    fault_server: FaultServer, fault_async_deployment_client: Any
) -> None:
    script_clients(fault_server, 25, limit=10)
    client = fault_async_deployment_client
    assert (await client.clients.list(limit=10).to_pandas()).shape == (25, 1)
    assert (await client.clients.list(limit=10).to_polars(all_pages=False)).shape == (10, 1)
    page = await client.clients.list(limit=10)
    assert (await page.to_pandas(all_pages=False)).shape == (10, 1)
    assert (await page.to_polars()).shape == (25, 1)


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_importing_the_sdk_imports_no_frame_or_progress_library() -> None:
    loaded = _run(
        "import sys, emqx_platform\n"
        "print(sorted(m for m in ('pandas', 'polars', 'numpy', 'tqdm') if m in sys.modules))"
    )
    assert loaded == "[]"


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_a_missing_library_names_its_extra_before_any_request(library: str) -> None:
    # The base URL is unroutable: the ImportError must come before any request.
    message = _run(
        "import sys\n"
        f"sys.modules[{library!r}] = None\n"
        "from emqx_platform._frames import require\n"
        "try:\n"
        f"    require({library!r})\n"
        "except ImportError as e:\n"
        "    print(e)\n"
    )
    assert message == f"to_{library}() needs {library}: pip install 'emqx-platform[{library}]'"


def test_to_pandas_without_pandas_sends_nothing_more(
    fault_server: FaultServer, make_client: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    script_clients(fault_server, 25, limit=10)
    page = make_client("deployment").clients.list(limit=10)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"emqx-platform\[pandas\]"):
        page.to_pandas()
    assert pages_sent(fault_server) == ["1"]
