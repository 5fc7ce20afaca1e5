"""``wait_for_status``: ``progress=`` (a callable, tqdm, a line per poll without tqdm) and
async waits that a cancellation ends at once, even with the default 65 s interval."""

from __future__ import annotations

import asyncio
import sys

import pytest

from emqx_platform import AsyncPlatformClient, PlatformClient, WaitProgress
from emqx_platform.testing import Emulator


def _polls(emu: Emulator, deployment_id: str) -> int:
    return sum(r["path"].endswith(f"/deployments/{deployment_id}") for r in emu.requests)


def test_a_callable_gets_each_poll(
    emqx_emulator: Emulator, platform_client: PlatformClient
) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    steps: list[WaitProgress] = []
    platform_client.deployments.wait_for_status(deployment_id, "running", progress=steps.append)
    assert steps == [
        WaitProgress(
            deployment_id=deployment_id,
            status="running",
            last_status="running",
            polls=1,
            elapsed=steps[0].elapsed,
            timeout=1800.0,
            done=True,
        )
    ]


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


def test_true_without_tqdm_prints_a_line_per_poll(
    emqx_emulator: Emulator,
    platform_client: PlatformClient,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # import fails as if not installed
    deployment_id = emqx_emulator.deployments[0].id
    platform_client.deployments.wait_for_status(deployment_id, "running", progress=True)
    assert capsys.readouterr().err == f"{deployment_id} -> running: running after 0 s (1 polls)\n"


def test_a_bad_progress_is_refused_before_any_poll(
    emqx_emulator: Emulator, platform_client: PlatformClient
) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    with pytest.raises(TypeError, match="progress must be a bool or a callable"):
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
    polled = asyncio.Event()
    waiting = asyncio.create_task(
        async_platform_client.deployments.wait_for_status(
            deployment_id, "stopped", progress=lambda _: polled.set()
        )
    )
    await asyncio.wait_for(polled.wait(), timeout=30)
    waiting.cancel()
    # A generous bound: far less than the 65 s until the next poll.
    done, _ = await asyncio.wait([waiting], timeout=20)
    assert done == {waiting}
    assert waiting.cancelled()
    assert _polls(emqx_emulator, deployment_id) == 1
