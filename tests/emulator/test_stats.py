"""The emulator's ``/stats`` gauges follow simulated clients, and connecting stays cheap.

The gauges are kept up to date as clients connect, subscribe, disconnect and
get kicked (not recounted on each change), so these tests check both the
values the API shows and that a connect costs the same with 30,000 clients
already connected as with none.
"""

from __future__ import annotations

import time
from typing import Any

from emqx_platform import DeploymentClient
from emqx_platform.testing import Emulator


def stats(d: DeploymentClient) -> dict[str, Any]:
    answer: dict[str, Any] = d.request("GET", "/stats", params={"aggregate": True})
    return answer


def counts(d: DeploymentClient, *names: str) -> tuple[int, ...]:
    s = stats(d)
    return tuple(s[f"{name}.count"] for name in names)


def maxes(d: DeploymentClient, *names: str) -> tuple[int, ...]:
    s = stats(d)
    return tuple(s[f"{name}.max"] for name in names)


GAUGES = (
    "connections",
    "sessions",
    "subscriptions",
    "subscriptions.shared",
    "subscribers",
    "topics",
)


def test_stats_follow_clients_through_their_lifecycle(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0].id
    keeps_session: dict[str, Any] = {"clean_start": False, "expiry_interval": 3600}
    with emqx_emulator.deployment_client(max_retries=0) as d:
        emqx_emulator.connect_client(dep, "a")
        emqx_emulator.connect_client(dep, "b", **keeps_session)
        emqx_emulator.connect_client(dep, "c")
        d.request("POST", "/clients/a/subscribe", json={"topic": "t/1"})
        d.request(
            "POST",
            "/clients/b/subscribe/bulk",
            json=[{"topic": "t/1"}, {"topic": "$share/g/t/2"}, {"topic": "$queue/t/3"}],
        )
        assert counts(d, *GAUGES) == (3, 3, 4, 2, 2, 3)

        # b's session outlives its connection; a re-subscribe changes nothing.
        emqx_emulator.disconnect_client(dep, "b")
        d.request("POST", "/clients/a/subscribe", json={"topic": "t/1", "qos": 1})
        assert counts(d, *GAUGES) == (2, 3, 4, 2, 2, 3)

        # b resumes with its subscriptions; a is kicked; c unsubscribes nothing.
        emqx_emulator.connect_client(dep, "b", **keeps_session)
        d.request("DELETE", "/clients/a")
        d.request("POST", "/clients/c/unsubscribe", json={"topic": "t/1"})
        assert counts(d, *GAUGES) == (2, 2, 3, 2, 1, 3)

        # A clean-start takeover drops b's subscriptions; c disconnects for good.
        emqx_emulator.connect_client(dep, "b")
        emqx_emulator.disconnect_client(dep, "c")
        assert counts(d, *GAUGES) == (1, 1, 0, 0, 0, 0)
        assert maxes(d, *GAUGES) == (3, 3, 4, 2, 2, 3), "high-water marks stay"

        nodes = d.request("GET", "/nodes")
        assert (nodes[0]["connections"], nodes[0]["cluster_sessions"]) == (1, 1)

        emqx_emulator.reset()
        assert counts(d, *GAUGES) == (0, 0, 0, 0, 0, 0)
        assert maxes(d, *GAUGES) == (0, 0, 0, 0, 0, 0), "reset clears the marks"


def test_a_connect_costs_the_same_with_many_clients_connected(emqx_emulator: Emulator) -> None:
    """Compares batches, not a wall-clock budget, so a slow machine does not fail it.

    When every connect rescanned all clients, the late batch below (30,000
    already connected) took about 30 times as long as the first.
    """
    dep = emqx_emulator.deployments[0].id
    batch = 2_000

    def connect_batch(prefix: str) -> float:
        start = time.perf_counter()
        for i in range(batch):
            emqx_emulator.connect_client(dep, f"{prefix}-{i}")
        return time.perf_counter() - start

    early = connect_batch("early")
    for i in range(30_000):
        emqx_emulator.connect_client(dep, f"bulk-{i}")
    late = connect_batch("late")

    assert late < 4 * early + 0.5, f"first {early:.2f} s, after 32,000 clients {late:.2f} s"
    with emqx_emulator.deployment_client(max_retries=0) as d:
        assert counts(d, "connections", "sessions") == (34_000, 34_000)
