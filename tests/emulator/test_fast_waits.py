"""``fast_waits`` and the pytest plugin's ``emqx_wait_scale``: the SDK's waits shortened in
tests (wait_for_status' polls, retry backoff), production defaults left alone, and the
plugin's fixtures in async tests under pytest-asyncio and anyio."""

from __future__ import annotations

import logging
import re

import pytest

from emqx_platform import PlatformClient, _core
from emqx_platform._wait import PollSchedule
from emqx_platform.testing import Emulator, fast_waits
from emqx_platform.testing._waits import DEFAULT_WAIT_SCALE

pytest_plugins = ["pytester"]

RETRY_LOG = re.compile(r"retry (\d+) of \d+ in ([0-9.]+) s")


def _waits_after_503s(
    emu: Emulator, caplog: pytest.LogCaptureFixture, failures: int
) -> list[float]:
    """Answer ``failures`` 503s to a GET, then 200; the waits the core logged before
    each retry, in seconds."""
    caplog.set_level(logging.INFO, logger="emqx_platform")
    emu.inject_fault(r"/nodes$", status=503, times=failures)
    with emu.deployment_client(max_retries=failures) as d:
        assert isinstance(d.request("GET", "/nodes"), list)
    return [
        float(match.group(2))
        for record in caplog.records
        if (match := RETRY_LOG.search(record.getMessage()))
    ]


def test_the_plugin_shortens_waits_during_a_test(emqx_emulator: Emulator) -> None:
    assert _core.wait_scale() == DEFAULT_WAIT_SCALE


@pytest.mark.parametrize("emqx_wait_scale", [None])
def test_a_test_can_keep_the_real_waits(emqx_emulator: Emulator) -> None:
    assert _core.wait_scale() == 1.0


def test_production_defaults_are_untouched_outside_the_fixtures() -> None:
    assert _core.wait_scale() == 1.0


def test_wait_for_status_with_the_default_interval_takes_short_polls(
    emqx_emulator: Emulator, platform_client: PlatformClient
) -> None:
    """65 s between polls would time this test out; under the plugin they are 0.65 s."""
    assert PollSchedule("any", "running", timeout=10, poll_interval=65).poll_interval == 0.65
    deployment_id = emqx_emulator.deployments[0].id
    platform_client.deployments.stop(deployment_id)
    stopped = platform_client.deployments.wait_for_status(deployment_id, "stopped")
    assert stopped["status"] == "stopped"
    polls = [r["status"] for r in emqx_emulator.requests if r["path"].endswith(f"/{deployment_id}")]
    # The first poll saw "stopping": at least one (short) interval was slept.
    assert len(polls) >= 2


def test_a_503_retry_waits_a_scaled_backoff(
    emqx_emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    waits = _waits_after_503s(emqx_emulator, caplog, failures=2)
    # Unscaled: at least 0.375 s, then 0.75 s (500 ms doubling, 25 % jitter).
    assert len(waits) == 2
    assert all(wait <= 0.02 for wait in waits), waits


@pytest.mark.parametrize("emqx_wait_scale", [None])
def test_without_the_knob_the_backoff_is_the_real_one(
    emqx_emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    waits = _waits_after_503s(emqx_emulator, caplog, failures=1)
    assert [wait >= 0.37 for wait in waits] == [True]


def test_fast_waits_nests_and_restores() -> None:
    assert _core.wait_scale() == 1.0
    with fast_waits():
        assert _core.wait_scale() == DEFAULT_WAIT_SCALE
        with fast_waits(0.5):
            assert _core.wait_scale() == 0.5
        assert _core.wait_scale() == DEFAULT_WAIT_SCALE
    assert _core.wait_scale() == 1.0


@pytest.mark.parametrize(
    ("scale", "error"),
    [(0, ValueError), (1.5, ValueError), (float("nan"), ValueError), ("0.1", TypeError)],
)
def test_fast_waits_checks_its_scale(scale: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="scale"), fast_waits(scale):  # type: ignore[arg-type]
        pass
    assert _core.wait_scale() == 1.0


# One test body, run once by each async test runner (one deployment each).
USER_TEST = """
@pytest.mark.{marker}
async def test_with_{marker}(async_deployment_client, async_platform_client, emqx_emulator):
    assert (await async_deployment_client.request("GET", "/clients"))["data"] == []
    dep = emqx_emulator.deployments[{index}].id
    await async_platform_client.deployments.stop(dep)
    stopped = await async_platform_client.deployments.wait_for_status(dep, "stopped")
    assert stopped["status"] == "stopped"
"""

USER_TESTS = "\n".join(
    [
        "import pytest",
        "",
        "@pytest.fixture",
        "def anyio_backend():",
        "    return 'asyncio'",
        USER_TEST.format(marker="asyncio", index=0),
        USER_TEST.format(marker="anyio", index=1),
    ]
)


def test_async_tests_run_under_pytest_asyncio_and_anyio(pytester: pytest.Pytester) -> None:
    """Both async test runners use the plugin's fixtures, with the short waits."""
    pytester.makepyfile(test_async_runners=USER_TESTS)
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "anyio", "-o", "timeout=60")
    result.assert_outcomes(passed=2)
