"""``progress=`` on iterations: a tqdm bar whose total is ``meta.count`` when sent."""

from __future__ import annotations

import functools
import io
import sys
from typing import Any

import pytest
from tqdm import tqdm

from support.clients import ClientFactory
from support.faultserver import FaultServer
from support.pages import pages_sent, script_clients


def last_state(out: io.StringIO) -> str:
    """The bar as it was last drawn."""
    return out.getvalue().strip().rsplit("\r", 1)[-1]


class Recorder:
    """A tqdm-like callable that records what the SDK asked of its bars."""

    def __init__(self) -> None:
        self.opened: list[dict[str, Any]] = []
        self.updates: list[int] = []
        self.closed = 0

    def __call__(self, **options: Any) -> Recorder:
        self.opened.append(options)
        return self

    def update(self, n: int = 1) -> None:
        self.updates.append(n)

    def close(self) -> None:
        self.closed += 1


def test_a_tqdm_bar_counts_every_item_against_meta_count(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(fault_server, 25, limit=10)
    out = io.StringIO()
    page = make_client("deployment").clients.list(limit=10)
    items = list(page.iter_all(progress=functools.partial(tqdm, file=out)))
    assert len(items) == 25
    assert "25/25" in last_state(out)
    assert "100%" in last_state(out)


def test_without_meta_count_the_bar_has_no_total(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(fault_server, 25, limit=10, count=False)
    recorder = Recorder()
    page = make_client("deployment").clients.list(limit=10)
    assert len(list(page.iter_all(progress=recorder))) == 25
    assert recorder.opened == [{"total": None, "desc": "/clients", "unit": "item"}]
    assert recorder.updates == [10, 10, 5]
    assert recorder.closed == 1


def test_a_later_start_page_counts_only_what_is_left(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(fault_server, 25, limit=10)
    recorder = Recorder()
    page = make_client("deployment").clients.list(limit=10, page=2)
    assert len(list(page.iter_all(progress=recorder))) == 15
    assert recorder.opened[0]["total"] == 15


def test_breaking_out_closes_the_bar(fault_server: FaultServer, make_client: ClientFactory) -> None:
    script_clients(fault_server, 25, limit=10)
    recorder = Recorder()
    for _ in make_client("deployment").clients.list(limit=10).iter_all(progress=recorder):
        break
    assert recorder.closed == 1


def test_to_pandas_shows_progress_too(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(fault_server, 25, limit=10)
    out = io.StringIO()
    df = (
        make_client("deployment")
        .clients.list(limit=10)
        .to_pandas(progress=functools.partial(tqdm, file=out))
    )
    assert df.shape[0] == 25
    assert "25/25" in last_state(out)


def test_progress_true_without_tqdm_names_the_extra(
    fault_server: FaultServer, make_client: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    script_clients(fault_server, 25, limit=10)
    page = make_client("deployment").clients.list(limit=10)
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with pytest.raises(ImportError, match=r"emqx-platform\[progress\]"):
        page.iter_all(progress=True)
    assert pages_sent(fault_server) == ["1"]


def test_progress_true_uses_tqdm(fault_server: FaultServer, make_client: ClientFactory) -> None:
    script_clients(fault_server, 3, limit=10)
    page = make_client("deployment").clients.list(limit=10)
    assert len(list(page.iter_all(progress=True))) == 3


@pytest.mark.asyncio
async def test_a_bad_progress_is_refused_before_any_request(
    fault_server: FaultServer, fault_async_deployment_client: Any
) -> None:
    script_clients(fault_server, 25, limit=10)
    client = fault_async_deployment_client
    with pytest.raises(TypeError, match="progress must be True, False or a tqdm-like"):
        client.clients.list(limit=10).iter_all(progress="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="progress must be"):
        await client.clients.list(limit=10).to_pandas(progress=3)  # type: ignore[arg-type]
    assert fault_server.requests == []


@pytest.mark.asyncio
async def test_async_iterations_show_progress(
    fault_server: FaultServer, fault_async_deployment_client: Any
) -> None:
    script_clients(fault_server, 25, limit=10)
    client = fault_async_deployment_client
    out = io.StringIO()
    bar = functools.partial(tqdm, file=out)
    items = [c async for c in client.clients.list(limit=10).iter_all(progress=bar)]
    assert len(items) == 25
    assert "25/25" in last_state(out)
    recorder = Recorder()
    page = await client.clients.list(limit=10)
    assert (await page.to_pandas(progress=recorder)).shape[0] == 25
    assert recorder.opened[0]["total"] == 25
    assert recorder.updates == [10, 10, 5]
