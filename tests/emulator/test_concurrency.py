"""Many clients at once, async and threaded: every request answered, no state lost."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from emqx_platform import quote_path
from emqx_platform.testing import Emulator

AUTHN_USERS = "/authentication/" + quote_path("password_based:built_in_database") + "/users"


@pytest.mark.asyncio
async def test_50_concurrent_async_requests(emqx_emulator: Emulator) -> None:
    d = emqx_emulator.async_deployment_client(max_retries=0)

    async def create(i: int) -> Any:
        return await d.request("POST", AUTHN_USERS, json={"user_id": f"u{i:02}", "password": "p"})

    created = await asyncio.gather(*(create(i) for i in range(50)))
    assert sorted(c["user_id"] for c in created) == [f"u{i:02}" for i in range(50)]
    # Reads interleaved with writes, on separate clients (separate connections).
    readers = [emqx_emulator.async_deployment_client(max_retries=0) for _ in range(10)]
    pages = await asyncio.gather(
        *(
            r.request("GET", AUTHN_USERS, params={"limit": 10, "page": 1 + i % 5})
            for i, r in enumerate(readers)
        ),
        *(create(i) for i in range(50, 60)),
    )
    assert all(len(p["data"]) == 10 for p in pages[:10])
    listing = await d.request("GET", AUTHN_USERS, params={"limit": 1000})
    assert listing["meta"]["count"] == 60
    assert [r["status"] for r in emqx_emulator.requests].count(201) == 60


def test_8_threads(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0].id
    for t in range(8):
        emqx_emulator.connect_client(dep, f"sub{t}")
    shared = emqx_emulator.deployment_client(max_retries=0)
    barrier = threading.Barrier(8)

    def work(t: int) -> list[str]:
        own = emqx_emulator.deployment_client(max_retries=0)
        barrier.wait()
        own.request("POST", f"/clients/sub{t}/subscribe", json={"topic": f"t/{t}/#"})
        ids = []
        for i in range(10):
            client = own if i % 2 else shared
            answer = client.request(
                "POST", "/publish", json={"topic": f"t/{t}/{i}", "payload": "x"}
            )
            ids.append(answer["id"])
            client.request("GET", "/clients", params={"clientid": f"sub{t}"})
        return ids

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))

    ids = [i for r in results for i in r]
    assert len(set(ids)) == 80
    published = emqx_emulator.published(dep)
    assert sorted(m["id"] for m in published) == sorted(ids)
    for t in range(8):
        mine = [m for m in published if m["topic"].startswith(f"t/{t}/")]
        assert {tuple(m["delivered_to"]) for m in mine} == {(f"sub{t}",)}
    stats = shared.request("GET", "/stats", params={"aggregate": True})
    assert stats["subscriptions.count"] == 8
    statuses = [r["status"] for r in emqx_emulator.requests]
    assert len(statuses) == 8 + 80 + 80 + 1
    assert set(statuses) == {200}


@pytest.mark.asyncio
async def test_async_and_threads_together(emqx_emulator: Emulator) -> None:
    d = emqx_emulator.async_deployment_client(max_retries=0)

    def sync_reads() -> int:
        with emqx_emulator.deployment_client(max_retries=0) as c:
            return sum(len(c.request("GET", "/nodes")) for _ in range(10))

    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(4) as pool:
        threaded = [loop.run_in_executor(pool, sync_reads) for _ in range(4)]
        answers = await asyncio.gather(
            *(d.request("GET", "/metrics") for _ in range(50)), *threaded
        )
    assert all(isinstance(a, list) for a in answers[:50])
    assert answers[50:] == [10, 10, 10, 10]
