"""``wait_for_status``: ``progress=`` (the iterations' option: a tqdm bar, or a tqdm-like
callable) and async waits that a cancellation ends at once, even with the 65 s interval."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import pytest

from emqx_platform import AsyncPlatformClient, PlatformClient
from emqx_platform.testing import Emulator


class Bar:
    """A tqdm-like bar that keeps what it was told (what ``progress=`` may be given)."""

    def __init__(self, **opened: Any) -> None:
        self.opened = opened
        self.updates: list[int] = []
        self.postfixes: list[str] = []
        self.closed = False
        self.polled = asyncio.Event()

    def update(self, n: int = 1, /) -> None:
        self.updates.append(n)

    def set_postfix_str(self, text: str) -> None:
        self.postfixes.append(text)
        self.polled.set()

    def close(self) -> None:
        self.closed = True


def _polls(emu: Emulator, deployment_id: str) -> int:
    return sum(r["path"].endswith(f"/deployments/{deployment_id}") for r in emu.requests)


def test_a_tqdm_like_callable_gets_each_poll(
    emqx_emulator: Emulator, platform_client: PlatformClient
) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    platform_client.deployments.stop(deployment_id)
    bars: list[Bar] = []

    def progress(**opened: Any) -> Bar:
        bars.append(Bar(**opened))
        return bars[-1]

    platform_client.deployments.wait_for_status(
        deployment_id, "stopped", timeout=60, progress=progress
    )
    [bar] = bars
    assert bar.opened == {"total": 60, "desc": f"{deployment_id} -> stopped", "unit": "s"}
    assert bar.postfixes[0] == "stopping (1 poll)"
    assert bar.postfixes[-1] == f"stopped ({_polls(emqx_emulator, deployment_id)} polls)"
    assert sum(bar.updates) <= 60
    assert bar.closed


def test_true_shows_a_tqdm_bar(
    emqx_emulator: Emulator, platform_client: PlatformClient, capsys: pytest.CaptureFixture[str]
) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    platform_client.deployments.stop(deployment_id)
    platform_client.deployments.wait_for_status(deployment_id, "stopped", progress=True)
    err = capsys.readouterr().err
    assert f"{deployment_id} -> stopped" in err
    assert "stopped (" in err  # the last poll's status, as the bar's postfix
    assert "/1800" in err  # the bar runs over the timeout


def test_true_without_tqdm_names_the_extra_before_any_poll(
    emqx_emulator: Emulator, platform_client: PlatformClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # import fails as if not installed
    deployment_id = emqx_emulator.deployments[0].id
    with pytest.raises(ImportError, match=r"emqx-platform\[progress\]"):
        platform_client.deployments.wait_for_status(deployment_id, "running", progress=True)
    assert _polls(emqx_emulator, deployment_id) == 0


def test_a_bad_progress_is_refused_before_any_poll(
    emqx_emulator: Emulator, platform_client: PlatformClient
) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    with pytest.raises(TypeError, match="progress must be True, False or a tqdm-like callable"):
        platform_client.deployments.wait_for_status(
            deployment_id,
            "running",
            progress="yes",  # type: ignore[arg-type]
        )
    assert _polls(emqx_emulator, deployment_id) == 0


@pytest.mark.asyncio
@pytest.mark.parametrize("emqx_wait_scale", [None])  # the real 65 s interval
async def test_cancelling_an_async_wait_ends_it_at_once(
    emqx_emulator: Emulator, async_platform_client: AsyncPlatformClient
) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    bar = Bar()
    waiting = asyncio.create_task(
        async_platform_client.deployments.wait_for_status(
            deployment_id, "stopped", progress=lambda **_: bar
        )
    )
    await asyncio.wait_for(bar.polled.wait(), timeout=30)
    waiting.cancel()
    # A generous bound: far less than the 65 s until the next poll.
    done, _ = await asyncio.wait([waiting], timeout=20)
    assert done == {waiting}
    assert waiting.cancelled()
    assert bar.closed
    assert _polls(emqx_emulator, deployment_id) == 1
