"""A tour of emqx-platform: the Platform API, a deployment's API, errors, async, EMQX 4.

Runs against the built-in emulator, unless EMQX Cloud credentials are set
(EMQX_PLATFORM_API_KEY / _SECRET / _BASE_URL and EMQX_DEPLOYMENT_APP_ID /
_SECRET / _BASE_URL): then it runs the read-only part of the tour against
your account and changes nothing there.

    python examples/tour.py
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import emqx_platform
import emqx_platform.v4
from emqx_platform import (
    AsyncDeploymentClient,
    ConflictError,
    DeploymentClient,
    NotFoundError,
    PlatformClient,
    quote_path,
)
from emqx_platform.testing import Emulator

LIVE_VARIABLES = (
    "EMQX_PLATFORM_API_KEY",
    "EMQX_PLATFORM_API_SECRET",
    "EMQX_PLATFORM_BASE_URL",
    "EMQX_DEPLOYMENT_APP_ID",
    "EMQX_DEPLOYMENT_APP_SECRET",
    "EMQX_DEPLOYMENT_BASE_URL",
)


def section(title: str) -> None:
    print(f"\n== {title}")


@contextmanager
def timed(what: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    print(f"   ({what} took {(time.perf_counter() - started) * 1000:.1f} ms)")


def platform_tour(p: PlatformClient, *, may_change: bool) -> None:
    section("Platform API: projects and deployments")
    for project in p.projects.list():
        print(f"   project {project['projectID']}: {project['projectName']}")
    deployments = p.deployments.list()
    for d in deployments:
        print(f"   deployment {d['deploymentID']} {d['deploymentType']:<10} {d['status']}")
    if not deployments:
        return
    first = p.deployments.get(deployments[0]["deploymentID"])
    print(f"   {first['deploymentName']!r} runs EMQX {first.get('version', '?')}")
    try:
        tls = p.tls.get(first["deploymentID"])
        print(f"   TLS: {tls['tlsType']}, {tls['status']}, expires {tls['expire']}")
    except NotFoundError:
        print("   TLS: no custom certificate")
    if not may_change:
        return

    section("Platform API: a stop/start cycle")
    deployment_id = first["deploymentID"]
    print("  ", p.deployments.stop(deployment_id))
    stopped = p.deployments.wait_for_status(deployment_id, "stopped", poll_interval=0.2)
    print(f"   now {stopped['status']}")
    print("  ", p.deployments.start(deployment_id))
    running = p.deployments.wait_for_status(deployment_id, "running", poll_interval=0.2)
    print(f"   now {running['status']}")


def deployment_tour(d: DeploymentClient, *, may_change: bool) -> None:
    section("Deployment API: connected clients")
    with timed("first page"):
        page = d.clients.list(limit=100)
    print(f"   first page: {len(page.data)} clients, meta={page.meta}")
    with timed("every connected client, page by page"):
        count = sum(1 for _ in d.clients.list(conn_state="connected", limit=100))
    print(f"   {count} connected clients in all")
    for client in page.data[:3]:
        print(f"   {client['clientid']!r} from {client.get('ip_address')} ({client['username']})")

    section("Deployment API: errors carry EMQX's code")
    try:
        d.clients.get("no such client/0")
    except NotFoundError as e:
        print(f"   {type(e).__name__}: status={e.status_code} code={e.code} message={e.message!r}")
        print(f"   str(e) = {e}")

    section("Deployment API: metrics and stats")
    metrics = d.metrics.get()
    if isinstance(metrics, list):
        metrics = metrics[0]
    print(
        f"   messages.received={metrics.get('messages.received')}, "
        f"messages.sent={metrics.get('messages.sent')}"
    )
    stats = d.stats.get()
    if isinstance(stats, list):
        stats = stats[0]
    print(
        f"   connections.count={stats.get('connections.count')}, "
        f"topics.count={stats.get('topics.count')}"
    )
    if not may_change:
        return

    section("Deployment API: subscribe, then publish")
    clientid = "factory/line-1 #3"  # '/', ' ' and '#' are percent-encoded in the path
    d.clients.subscribe(clientid, "factory/+/temperature", qos=1)
    topics = [s["topic"] for s in d.clients.subscriptions(clientid)]
    print(f"   subscriptions of {clientid!r}: {topics}")
    delivered = d.publish("factory/line-1/temperature", '{"celsius": 21.5}', qos=1)
    print(f"   to a subscribed topic: delivered={delivered.delivered} id={delivered.id}")
    nobody = d.publish("factory/line-1/humidity", b"\x00\x01", qos=0)
    print(
        f"   to a topic nobody reads: delivered={nobody.delivered} "
        f"reason_code={nobody.reason_code} ({nobody.message})"
    )

    section("Deployment API: authentication users and ACL rules")
    d.auth_users.create("sensor-17", "s3cret-pass")
    print(f"   users: {[u['user_id'] for u in d.auth_users.list()]}")
    d.acl.users.create(
        "sensor-17",
        [
            {"topic": "factory/+/temperature", "permission": "allow", "action": "publish"},
            {"topic": "#", "permission": "deny", "action": "all"},
        ],
    )
    print(f"   ACL of sensor-17: {d.acl.users.get('sensor-17')['rules']}")
    d.banned.create("clientid", "rogue-device", reason="flooding")
    print(f"   banned: {[(b['as'], b['who']) for b in d.banned.list()]}")

    section("Deployment API: a rule")
    rule = d.rules.create(
        'SELECT payload.celsius AS c FROM "factory/+/temperature" WHERE payload.celsius > 30',
        name="overheat",
    )
    print(f"   rule {rule['id']} ({rule['name']}): {rule['sql']}")
    d.rules.delete(rule["id"])
    d.auth_users.delete("sensor-17")


async def async_tour(d: AsyncDeploymentClient) -> None:
    section("Async: three calls at once")
    with timed("gather"):
        page, metrics, nodes = await asyncio.gather(
            d.clients.list(limit=10), d.metrics.get(), d.nodes.list()
        )
    print(
        f"   {len(page.data)} clients, {len(nodes)} node(s), metrics for "
        f"{len(metrics) if isinstance(metrics, list) else 1} node(s)"
    )
    count = 0
    async for _client in d.clients.list(limit=50):
        count += 1
    print(f"   async for over every client: {count}")


def v4_tour(d: emqx_platform.v4.DeploymentClient) -> None:
    section("Dedicated v4 (EMQX 4): base URL /api, errors as integer codes in a 200")
    d.auth_username.create("sensor-17", "s3cret")
    try:
        d.auth_username.create("sensor-17", "s3cret")
    except ConflictError as e:
        print(f"   {type(e).__name__}: status={e.status_code} code={e.code} message={e.message!r}")


def emulator_tour() -> None:
    print(
        f"emqx-platform {emqx_platform.__version__}: no EMQX Cloud credentials set, "
        "so the tour runs against the built-in emulator."
    )
    with Emulator(transition_seconds=0.5) as emu:
        dedicated = emu.deployments[0]
        print(
            f"emulator: Platform API at {emu.platform_base_url}, "
            f"deployment API at {dedicated.base_url}"
        )
        with emu.platform_client() as p:
            platform_tour(p, may_change=True)

        # Simulated MQTT clients, connected once the stop/start cycle above is
        # over: stopping a deployment disconnects its clients.
        for n in range(250):
            emu.connect_client(
                dedicated.id,
                f"sensor-{n:03d}",
                username=f"user{n % 7}",
                ip_address=f"10.0.{n // 100}.{n % 100}",
            )
        emu.connect_client(dedicated.id, "factory/line-1 #3", username="line-1")
        with emu.deployment_client(dedicated.id) as d:
            deployment_tour(d, may_change=True)

            section("Retries: a flaky endpoint")
            emu.inject_fault(r"/clients$", method="GET", status=503, times=2, retry_after=0)
            page = d.clients.list(limit=5)
            attempts = [r for r in emu.requests if r["path"].endswith("/clients")][-3:]
            print(
                f"   503, 503, then {len(page.data)} clients: "
                f"{[r['status'] for r in attempts]} (max_retries={d.max_retries})"
            )
        asyncio.run(async_tour(emu.async_deployment_client(dedicated.id)))
        with emu.v4_deployment_client() as v4:
            v4_tour(v4)
        print(f"\nrequests the emulator received: {len(emu.requests)}")


def live_tour() -> None:
    print(
        f"emqx-platform {emqx_platform.__version__}: EMQX Cloud credentials found; "
        "running the read-only tour against your account."
    )
    with PlatformClient() as p:
        platform_tour(p, may_change=False)
    with DeploymentClient() as d:
        deployment_tour(d, may_change=False)
    asyncio.run(async_tour(AsyncDeploymentClient()))


def main() -> None:
    if all(os.environ.get(name) for name in LIVE_VARIABLES):
        live_tour()
    else:
        emulator_tour()
    print("\nquote_path('a/b #c') ->", quote_path("a/b #c"))


if __name__ == "__main__":
    main()
