"""One benchmark run: one Python HTTP client, one workload, one process.

Run by ``harness.py`` (pinned to its own core), never imported by the SDK.
Prints one JSON line: requests done in the timed part, its wall and process
CPU seconds (all threads), and peak RSS. Every client decodes each body into
Python objects with its own, idiomatic call (``.json()`` and the like).

    python clients.py --client sdk --workload small_seq --base URL --ca PEM
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import resource
import ssl
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

USER, PASSWORD = "bench-app-id", "bench-app-secret"
SMALL_PATH = "/clients/bench-client-000001"
PAGE_LIMIT = 100
TOTAL_CLIENTS = 100_000
MESSAGE = {"topic": "bench/emqx-platform/t", "payload": "hello from the benchmark", "qos": 1,
           "retain": False}  # fmt: skip
CONCURRENCY = 64
# batch64: calls per `client.map`, 64 in flight; large, so that the batch's
# tail (fewer than 64 left in flight) is a small share of it.
BATCH = 4096
SMALL_ID = SMALL_PATH.rsplit("/", 1)[1]
AUTH_HEADER = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


def rss_kib() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# --------------------------------------------------------------------------
# Sync clients: make(base, ca) -> object with small(), page(n), publish(),
# list_all() (optional: the library's own auto-pagination) and close().
# One object is shared by all threads in conc64.
# --------------------------------------------------------------------------


class SdkSync:
    """emqx_platform.DeploymentClient: the public sync API."""

    def __init__(self, base: str, ca: str) -> None:
        from emqx_platform import DeploymentClient

        self.c = DeploymentClient(USER, PASSWORD, base_url=base, verify=ca)

    def small(self) -> Any:
        return self.c.request("GET", SMALL_PATH)

    def page(self, n: int) -> Any:
        return self.c.request("GET", "/clients", params={"page": n, "limit": PAGE_LIMIT})

    def publish(self) -> Any:
        return self.c.request("POST", "/publish", json=MESSAGE)

    def batch(self, n: int) -> int:
        """batch64: ``n`` small GETs through ``client.map`` of the typed method."""
        return len(self.c.map(self.c.clients.get, [SMALL_ID] * n, concurrency=CONCURRENCY))

    def iterate(self) -> tuple[int, int, str]:
        clients = getattr(self.c, "clients", None)
        if clients is not None and hasattr(clients, "list"):
            items = 0
            for _item in clients.list(limit=PAGE_LIMIT):
                items += 1
                if items % PAGE_LIMIT == 0:
                    mark(items // PAGE_LIMIT)
            pages = items // PAGE_LIMIT
            return pages, items, "clients.list()"
        # Until the SDK's pager exists: what it will do, by hand. The next
        # page is requested (Transport.start) before this one is consumed.
        t = self.c._transport
        pending = t.start("GET", "/clients", [("page", "1"), ("limit", str(PAGE_LIMIT))])
        pages = items = 0
        n = 1
        while True:
            page = pending.wait()
            pages += 1
            more = page["meta"]["hasnext"] and pages < 10_000
            if more:
                n += 1
                pending = t.start("GET", "/clients", [("page", str(n)), ("limit", str(PAGE_LIMIT))])
            for _item in page["data"]:
                items += 1
            mark(pages)
            if not more:
                return pages, items, "manual loop + Transport.start prefetch"

    def close(self) -> None:
        self.c.close()


class SdkCore:
    """emqx_platform._core.Transport: the native call without the Python layer."""

    def __init__(self, base: str, ca: str) -> None:
        from emqx_platform import _core

        self.t = _core.Transport(base, USER, PASSWORD, verify=ca)

    def small(self) -> Any:
        return self.t.request("GET", SMALL_PATH)

    def page(self, n: int) -> Any:
        return self.t.request("GET", "/clients", [("page", str(n)), ("limit", str(PAGE_LIMIT))])

    def publish(self) -> Any:
        return self.t.request("POST", "/publish", None, MESSAGE)

    def close(self) -> None:
        pass


class FloorSync:
    """Not a client: a sync call's hand-offs and decode without HTTP (see
    ``src/py/floors.rs``), for ``harness.py --budget`` in conc64."""

    def __init__(self, base: str, ca: str) -> None:
        import urllib.request

        from emqx_platform import _core

        self.floor = getattr(_core, "_floor_sync", None)
        if self.floor is None:
            raise SystemExit("this build has no _floor_sync: build with --features bench-floors")
        # The small GET's own body, fetched once, is what the floor hands back.
        request = urllib.request.Request(base + SMALL_PATH, headers={"Authorization": AUTH_HEADER})
        context = ssl.create_default_context(cafile=ca)
        with urllib.request.urlopen(request, context=context, timeout=10) as response:
            self.body = bytes(response.read())

    def small(self) -> Any:
        return self.floor(self.body)

    def close(self) -> None:
        pass


class Requests:
    def __init__(self, base: str, ca: str) -> None:
        import requests
        from requests.adapters import HTTPAdapter

        self.base = base
        self.s = requests.Session()
        self.s.auth = (USER, PASSWORD)
        # Per request too: with trust_env (the default) REQUESTS_CA_BUNDLE,
        # if set, would override the session's `verify`.
        self.ca = ca
        self.s.mount("https://", HTTPAdapter(pool_connections=1, pool_maxsize=CONCURRENCY))

    def _ok(self, r: Any) -> Any:
        r.raise_for_status()
        return r.json()

    def small(self) -> Any:
        return self._ok(self.s.get(self.base + SMALL_PATH, verify=self.ca))

    def page(self, n: int) -> Any:
        params = {"page": n, "limit": PAGE_LIMIT}
        return self._ok(self.s.get(self.base + "/clients", params=params, verify=self.ca))

    def publish(self) -> Any:
        return self._ok(self.s.post(self.base + "/publish", json=MESSAGE, verify=self.ca))

    def close(self) -> None:
        self.s.close()


class Httpx:
    def __init__(self, base: str, ca: str) -> None:
        import httpx

        limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
        self.c = httpx.Client(
            base_url=base, auth=(USER, PASSWORD), verify=ssl.create_default_context(cafile=ca),
            limits=limits,
        )  # fmt: skip

    def _ok(self, r: Any) -> Any:
        r.raise_for_status()
        return r.json()

    def small(self) -> Any:
        return self._ok(self.c.get(SMALL_PATH[1:]))

    def page(self, n: int) -> Any:
        return self._ok(self.c.get("clients", params={"page": n, "limit": PAGE_LIMIT}))

    def publish(self) -> Any:
        return self._ok(self.c.post("publish", json=MESSAGE))

    def close(self) -> None:
        self.c.close()


class PyreqwestSync:
    def __init__(self, base: str, ca: str) -> None:
        from pyreqwest.client import SyncClientBuilder

        with open(ca, "rb") as f:
            pem = f.read()
        self.base = base
        self.c = (
            SyncClientBuilder()
            .add_root_certificate_pem(pem)
            .default_headers({"Authorization": AUTH_HEADER})
            .error_for_status(True)
            .build()
        )

    def small(self) -> Any:
        return self.c.get(self.base + SMALL_PATH).build().send().json()

    def page(self, n: int) -> Any:
        url = f"{self.base}/clients?page={n}&limit={PAGE_LIMIT}"
        return self.c.get(url).build().send().json()

    def publish(self) -> Any:
        return self.c.post(self.base + "/publish").body_json(MESSAGE).build().send().json()

    def close(self) -> None:
        self.c.close()


class PrimpSync:
    def __init__(self, base: str, ca: str) -> None:
        import primp

        self.base = base
        self.c = primp.Client(auth=(USER, PASSWORD), ca_cert_file=ca, follow_redirects=False)

    def _ok(self, r: Any) -> Any:
        r.raise_for_status()
        return r.json()

    def small(self) -> Any:
        return self._ok(self.c.get(self.base + SMALL_PATH))

    def page(self, n: int) -> Any:
        url = self.base + "/clients"
        return self._ok(self.c.get(url, params={"page": str(n), "limit": str(PAGE_LIMIT)}))

    def publish(self) -> Any:
        return self._ok(self.c.post(self.base + "/publish", json=MESSAGE))

    def close(self) -> None:
        pass


class HttprSync(PrimpSync):
    def __init__(self, base: str, ca: str) -> None:
        import httpr

        self.base = base
        self.c = httpr.Client(auth=(USER, PASSWORD), ca_cert_file=ca, follow_redirects=False)

    def close(self) -> None:
        self.c.close()


# --------------------------------------------------------------------------
# Async clients: same methods, as coroutines; created inside the loop.
# --------------------------------------------------------------------------


class SdkAsync:
    def __init__(self, base: str, ca: str) -> None:
        from emqx_platform import AsyncDeploymentClient

        self.c = AsyncDeploymentClient(USER, PASSWORD, base_url=base, verify=ca)

    async def small(self) -> Any:
        return await self.c.request("GET", SMALL_PATH)

    async def page(self, n: int) -> Any:
        return await self.c.request("GET", "/clients", params={"page": n, "limit": PAGE_LIMIT})

    async def publish(self) -> Any:
        return await self.c.request("POST", "/publish", json=MESSAGE)

    async def batch(self, n: int) -> int:
        """batch64: ``n`` small GETs through ``client.map`` of the typed method."""
        return len(await self.c.map(self.c.clients.get, [SMALL_ID] * n, concurrency=CONCURRENCY))

    async def iterate(self) -> tuple[int, int, str]:
        clients = getattr(self.c, "clients", None)
        if clients is not None and hasattr(clients, "list"):
            items = 0
            async for _item in clients.list(limit=PAGE_LIMIT):
                items += 1
                if items % PAGE_LIMIT == 0:
                    mark(items // PAGE_LIMIT)
            return items // PAGE_LIMIT, items, "clients.list()"
        # By hand until the SDK's pager exists: the next page is requested
        # (as a task) before this one is consumed.
        pages = items = 0
        n = 1
        pending = asyncio.ensure_future(self.page(1))
        while True:
            page = await pending
            pages += 1
            more = page["meta"]["hasnext"] and pages < 10_000
            if more:
                n += 1
                pending = asyncio.ensure_future(self.page(n))
            for _item in page["data"]:
                items += 1
            mark(pages)
            if not more:
                return pages, items, "manual loop + task prefetch"

    async def close(self) -> None:
        await self.c.close()


class SdkCoreAsync:
    """The native future without the Python coroutine wrapper."""

    def __init__(self, base: str, ca: str) -> None:
        from emqx_platform import _core

        self.t = _core.Transport(base, USER, PASSWORD, verify=ca)

    async def small(self) -> Any:
        return await self.t.request_future("GET", SMALL_PATH)

    async def page(self, n: int) -> Any:
        query = [("page", str(n)), ("limit", str(PAGE_LIMIT))]
        return await self.t.request_future("GET", "/clients", query)

    async def publish(self) -> Any:
        return await self.t.request_future("POST", "/publish", None, MESSAGE)

    async def close(self) -> None:
        pass


class HttpxAsync:
    def __init__(self, base: str, ca: str) -> None:
        import httpx

        limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
        self.c = httpx.AsyncClient(
            base_url=base, auth=(USER, PASSWORD), verify=ssl.create_default_context(cafile=ca),
            limits=limits,
        )  # fmt: skip

    def _ok(self, r: Any) -> Any:
        r.raise_for_status()
        return r.json()

    async def small(self) -> Any:
        return self._ok(await self.c.get(SMALL_PATH[1:]))

    async def page(self, n: int) -> Any:
        return self._ok(await self.c.get("clients", params={"page": n, "limit": PAGE_LIMIT}))

    async def publish(self) -> Any:
        return self._ok(await self.c.post("publish", json=MESSAGE))

    async def close(self) -> None:
        await self.c.aclose()


class Aiohttp:
    def __init__(self, base: str, ca: str) -> None:
        import aiohttp

        self.base = base
        connector = aiohttp.TCPConnector(
            ssl=ssl.create_default_context(cafile=ca), limit=CONCURRENCY
        )
        self.s = aiohttp.ClientSession(
            connector=connector, headers={"Authorization": AUTH_HEADER}, raise_for_status=True
        )

    async def small(self) -> Any:
        async with self.s.get(self.base + SMALL_PATH) as r:
            return await r.json()

    async def page(self, n: int) -> Any:
        params = {"page": n, "limit": PAGE_LIMIT}
        async with self.s.get(self.base + "/clients", params=params) as r:
            return await r.json()

    async def publish(self) -> Any:
        async with self.s.post(self.base + "/publish", json=MESSAGE) as r:
            return await r.json()

    async def close(self) -> None:
        await self.s.close()


class PyreqwestAsync:
    def __init__(self, base: str, ca: str) -> None:
        from pyreqwest.client import ClientBuilder

        with open(ca, "rb") as f:
            pem = f.read()
        self.base = base
        self.c = (
            ClientBuilder()
            .add_root_certificate_pem(pem)
            .default_headers({"Authorization": AUTH_HEADER})
            .error_for_status(True)
            .build()
        )

    async def small(self) -> Any:
        return await (await self.c.get(self.base + SMALL_PATH).build().send()).json()

    async def page(self, n: int) -> Any:
        url = f"{self.base}/clients?page={n}&limit={PAGE_LIMIT}"
        return await (await self.c.get(url).build().send()).json()

    async def publish(self) -> Any:
        request = self.c.post(self.base + "/publish").body_json(MESSAGE).build()
        return await (await request.send()).json()

    async def close(self) -> None:
        await self.c.close()


class PrimpAsync:
    def __init__(self, base: str, ca: str) -> None:
        import primp

        self.base = base
        self.c = primp.AsyncClient(auth=(USER, PASSWORD), ca_cert_file=ca, follow_redirects=False)

    def _ok(self, r: Any) -> Any:
        r.raise_for_status()
        return r.json()

    async def small(self) -> Any:
        return self._ok(await self.c.get(self.base + SMALL_PATH))

    async def page(self, n: int) -> Any:
        url = self.base + "/clients"
        return self._ok(await self.c.get(url, params={"page": str(n), "limit": str(PAGE_LIMIT)}))

    async def publish(self) -> Any:
        return self._ok(await self.c.post(self.base + "/publish", json=MESSAGE))

    async def close(self) -> None:
        pass


class HttprAsync(PrimpAsync):
    def __init__(self, base: str, ca: str) -> None:
        import httpr

        self.base = base
        self.c = httpr.AsyncClient(auth=(USER, PASSWORD), ca_cert_file=ca, follow_redirects=False)

    async def close(self) -> None:
        await self.c.aclose()


SYNC: dict[str, type] = {
    "emqx_platform": SdkSync,
    "emqx_platform._core": SdkCore,
    "requests": Requests,
    "httpx": Httpx,
    "pyreqwest": PyreqwestSync,
    "primp": PrimpSync,
    "httpr": HttprSync,
    "floor: blocked thread": FloorSync,
}
ASYNC: dict[str, type] = {
    "emqx_platform async": SdkAsync,
    # The same client under uvloop's event loop instead of asyncio's.
    "emqx_platform uvloop": SdkAsync,
    "emqx_platform._core async": SdkCoreAsync,
    "httpx async": HttpxAsync,
    "aiohttp": Aiohttp,
    "pyreqwest async": PyreqwestAsync,
    "primp async": PrimpAsync,
    "httpr async": HttprAsync,
}

# --------------------------------------------------------------------------
# Workloads. Every loop stops at a deadline and at a request count.
# --------------------------------------------------------------------------

_rss_at_100 = 0


def mark(pages: int) -> None:
    """Note the RSS once 100 pages are done (to see whether it grows after)."""
    global _rss_at_100
    if pages == 100:
        _rss_at_100 = rss_kib()


def iterate_sync(client: Any) -> tuple[int, int, str]:
    if hasattr(client, "iterate"):
        return client.iterate()  # type: ignore[no-any-return]
    pages = items = 0
    n = 1
    while True:
        page = client.page(n)
        pages += 1
        for _item in page["data"]:
            items += 1
        mark(pages)
        if not page["meta"]["hasnext"] or pages >= 10_000:
            return pages, items, "manual loop"
        n += 1


async def iterate_async(client: Any) -> tuple[int, int, str]:
    if hasattr(client, "iterate"):
        return await client.iterate()  # type: ignore[no-any-return]
    pages = items = 0
    n = 1
    while True:
        page = await client.page(n)
        pages += 1
        for _item in page["data"]:
            items += 1
        mark(pages)
        if not page["meta"]["hasnext"] or pages >= 10_000:
            return pages, items, "manual loop"
        n += 1


def one_call(client: Any, workload: str) -> Callable[[int], Any]:
    if workload in ("small_seq", "conc64"):
        return lambda i: client.small()
    if workload == "page_seq":
        return lambda i: client.page(i % 1000 + 1)
    if workload == "publish_seq":
        return lambda i: client.publish()
    raise SystemExit(f"unknown workload {workload}")


def run_sync(client: Any, workload: str, seconds: float, max_requests: int) -> int:
    deadline = time.perf_counter() + seconds
    if workload == "batch64":
        done = 0
        while done < max_requests and time.perf_counter() < deadline:
            done += client.batch(BATCH)
        return done
    call = one_call(client, workload)
    if workload != "conc64":
        done = 0
        while done < max_requests and time.perf_counter() < deadline:
            call(done)
            done += 1
        return done
    counts = [0] * CONCURRENCY
    per_thread = max(1, max_requests // CONCURRENCY)

    errors: list[BaseException] = []

    def worker(k: int) -> None:
        n = 0
        try:
            while n < per_thread and time.perf_counter() < deadline:
                call(n)
                n += 1
        except BaseException as e:  # reported by the main thread
            errors.append(e)
        counts[k] = n

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(CONCURRENCY)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return sum(counts)


async def run_async(client: Any, workload: str, seconds: float, max_requests: int) -> int:
    deadline = time.perf_counter() + seconds
    if workload == "batch64":
        done = 0
        while done < max_requests and time.perf_counter() < deadline:
            done += await client.batch(BATCH)
        return done
    call: Callable[[int], Awaitable[Any]] = one_call(client, workload)
    if workload != "conc64":
        done = 0
        while done < max_requests and time.perf_counter() < deadline:
            await call(done)
            done += 1
        return done
    per_task = max(1, max_requests // CONCURRENCY)

    async def worker() -> int:
        n = 0
        while n < per_task and time.perf_counter() < deadline:
            await call(n)
            n += 1
        return n

    return sum(await asyncio.gather(*(worker() for _ in range(CONCURRENCY))))


def report(requests: int, wall: float, cpu: float, **extra: Any) -> None:
    out = {"requests": requests, "wall": wall, "cpu": cpu, "peak_rss_kib": peak_rss_kib(),
           "process_cpu": time.process_time()}  # fmt: skip
    out.update(extra)
    print(json.dumps(out), flush=True)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--client", required=True, choices=[*SYNC, *ASYNC])
    p.add_argument("--workload", required=True)
    p.add_argument("--base", required=True)
    p.add_argument("--ca", required=True)
    p.add_argument("--duration", type=float, default=2.0)
    p.add_argument("--warmup", type=float, default=0.3)
    p.add_argument("--max-requests", type=int, default=5_000_000)
    a = p.parse_args()

    if a.client in SYNC:
        client = SYNC[a.client](a.base, a.ca)
        if a.workload == "iterate":
            client.page(1)
            before = rss_kib()
            t0, c0 = time.perf_counter(), time.process_time()
            pages, items, how = iterate_sync(client)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            assert items == TOTAL_CLIENTS, f"iterate saw {items} clients"
            report(pages, wall, cpu, items=items, how=how, rss_before_kib=before,
                   rss_at_100_kib=_rss_at_100)  # fmt: skip
        else:
            run_sync(client, a.workload, a.warmup, a.max_requests)
            t0, c0 = time.perf_counter(), time.process_time()
            n = run_sync(client, a.workload, a.duration, a.max_requests)
            report(n, time.perf_counter() - t0, time.process_time() - c0)
        client.close()
        return

    async def amain() -> None:
        client = ASYNC[a.client](a.base, a.ca)
        try:
            if a.workload == "iterate":
                await client.page(1)
                before = rss_kib()
                t0, c0 = time.perf_counter(), time.process_time()
                pages, items, how = await iterate_async(client)
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                assert items == TOTAL_CLIENTS, f"iterate saw {items} clients"
                report(pages, wall, cpu, items=items, how=how, rss_before_kib=before,
                       rss_at_100_kib=_rss_at_100)  # fmt: skip
            else:
                await run_async(client, a.workload, a.warmup, a.max_requests)
                t0, c0 = time.perf_counter(), time.process_time()
                n = await run_async(client, a.workload, a.duration, a.max_requests)
                report(n, time.perf_counter() - t0, time.process_time() - c0)
        finally:
            await client.close()

    if a.client.endswith(" uvloop"):
        import uvloop

        uvloop.run(amain())
    else:
        asyncio.run(amain())


if __name__ == "__main__":
    sys.exit(main())
