"""What ``page[i]``, ``len(page)``, ``tqdm(page)`` and ``pandas.DataFrame(page)`` mean.

A page indexes its own items and iterates every page from it on; ``len()``
would disagree with iteration, so it is refused with a message that names
the two spellings (``len(page.items)``, ``page.total``). With 25 clients at
``limit=10``: ``page[0]`` is the first client, ``list(page)`` has 25, and
``tqdm(page)`` no longer claims ``10/10`` before counting on to 25.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
import pytest
from tqdm import tqdm

from support.clients import ClientFactory
from support.faultserver import FaultServer
from support.pages import script_clients


def test_indexing_and_slices_are_this_pages_items(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(fault_server, 25, limit=10)
    page = make_client("deployment").clients.list(limit=10)
    assert page[0]["clientid"] == "c-00"
    assert page[-1]["clientid"] == "c-09"
    assert [c["clientid"] for c in page[1:3]] == ["c-01", "c-02"]
    assert page.items is page.data
    assert len(page.items) == 10
    assert page.total == 25
    with pytest.raises(IndexError):
        page[10]


def test_len_is_refused_with_the_spellings_that_say_what_they_mean(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(fault_server, 25, limit=10)
    page = make_client("deployment").clients.list(limit=10)
    with pytest.raises(TypeError, match=r"len\(page.items\).*page.total"):
        len(page)
    assert bool(page)  # truthiness still works: this page has items
    assert len(list(page)) == 25


def test_iterating_walks_every_page_and_hints_its_length(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(fault_server, 25, limit=10)
    page = make_client("deployment").clients.list(limit=10)
    assert page.__length_hint__() == 25
    assert [c["clientid"] for c in page.iter_all()] == [f"c-{i:02d}" for i in range(25)]


def test_tqdm_over_a_page_does_not_claim_a_wrong_total(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(fault_server, 25, limit=10)
    out = io.StringIO()
    for _ in tqdm(make_client("deployment").clients.list(limit=10), file=out):
        pass
    final = out.getvalue().rsplit("\r", 1)[-1]
    assert final.startswith("25it")
    assert "10/10" not in out.getvalue()


def test_a_dataframe_of_a_page_has_what_iterating_it_yields(
    fault_server: FaultServer, make_client: ClientFactory
) -> None:
    script_clients(fault_server, 25, limit=10)
    page = make_client("deployment").clients.list(limit=10)
    assert pd.DataFrame(page).shape[0] == len(list(page)) == 25
    assert pd.DataFrame(page.items).shape[0] == 10


@pytest.mark.asyncio
async def test_an_async_page_indexes_and_points_a_plain_for_at_the_right_spellings(
    fault_server: FaultServer, fault_async_deployment_client: Any
) -> None:
    script_clients(fault_server, 25, limit=10)
    client = fault_async_deployment_client
    page = await client.clients.list(limit=10)
    assert page[0]["clientid"] == "c-00"
    assert page.total == 25
    with pytest.raises(TypeError, match=r"len\(page.items\)"):
        len(page)
    for target in (page, client.clients.list(limit=10)):
        with pytest.raises(TypeError, match=r"async for.*\.items.*to_pandas\(\)"):
            pd.DataFrame(target)
        with pytest.raises(TypeError, match="not iterable with a plain for"):
            list(target)
    assert len([c async for c in page]) == 25
