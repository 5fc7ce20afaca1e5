"""pytest fixtures over the emulator, registered through the ``pytest11`` entry point.

One emulator serves the whole session (starting it costs a certificate
generation); each test gets it back in its seeded state, with every wait of
the SDK shortened (``fast_waits()``). The fixtures
are plain (not async), so async tests run under pytest-asyncio or anyio
alike; every client fixture closes its client after the test. Override
``emqx_emulator_options`` in a ``conftest.py`` to change how the emulator
runs, and ``emqx_wait_scale`` to change the waits::

    @pytest.fixture(scope="session")
    def emqx_emulator_options():
        return {"transition_seconds": 0.05, "rate_limits": False}

    @pytest.fixture
    def emqx_wait_scale():
        return None  # the SDK's real waits
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from typing import Any

import pytest

from .. import v4
from .._base_client import _AsyncBaseClient
from .._deployment_client import AsyncDeploymentClient, DeploymentClient
from .._platform_client import AsyncPlatformClient, PlatformClient
from ._emulator import Emulator
from ._waits import DEFAULT_WAIT_SCALE, fast_waits


@pytest.fixture(scope="session")
def emqx_emulator_options() -> dict[str, Any]:
    """Keyword arguments for the session's ``Emulator`` (fast transitions)."""
    return {"transition_seconds": 0.2, "rate_limits": True}


@pytest.fixture
def emqx_wait_scale() -> float | None:
    """The share of each SDK wait slept during a test (``None``: the real waits).

    Override it in a ``conftest.py``, or for one test with
    ``@pytest.mark.parametrize("emqx_wait_scale", [None])``.
    """
    return DEFAULT_WAIT_SCALE


@pytest.fixture(scope="session")
def emqx_emulator_session(emqx_emulator_options: dict[str, Any]) -> Iterator[Emulator]:
    """The session's emulator, in whatever state the last test left it."""
    with Emulator(**emqx_emulator_options) as emulator:
        yield emulator


@pytest.fixture
def emqx_emulator(
    emqx_emulator_session: Emulator, emqx_wait_scale: float | None
) -> Iterator[Emulator]:
    """The emulator, reset to its seeded state for this test; the SDK's waits shortened."""
    emqx_emulator_session.reset()
    with nullcontext() if emqx_wait_scale is None else fast_waits(emqx_wait_scale):
        yield emqx_emulator_session


@pytest.fixture
def platform_client(emqx_emulator: Emulator) -> Iterator[PlatformClient]:
    """A ``PlatformClient`` for the emulator."""
    with emqx_emulator.platform_client() as client:
        yield client


@pytest.fixture
def deployment_client(emqx_emulator: Emulator) -> Iterator[DeploymentClient]:
    """A ``DeploymentClient`` for the emulator's first (dedicated) deployment."""
    with emqx_emulator.deployment_client() as client:
        yield client


@pytest.fixture
def async_platform_client(emqx_emulator: Emulator) -> Iterator[AsyncPlatformClient]:
    """An ``AsyncPlatformClient`` for the emulator (for pytest-asyncio or anyio tests)."""
    client = emqx_emulator.async_platform_client()
    yield client
    _close_after_the_test(client)


@pytest.fixture
def async_deployment_client(emqx_emulator: Emulator) -> Iterator[AsyncDeploymentClient]:
    """An ``AsyncDeploymentClient`` for the emulator's first (dedicated) deployment."""
    client = emqx_emulator.async_deployment_client()
    yield client
    _close_after_the_test(client)


@pytest.fixture
def v4_deployment_client(emqx_emulator: Emulator) -> Iterator[v4.DeploymentClient]:
    """An ``emqx_platform.v4.DeploymentClient`` for the emulator's EMQX 4 deployment."""
    with emqx_emulator.v4_deployment_client() as client:
        yield client


@pytest.fixture
def async_v4_deployment_client(emqx_emulator: Emulator) -> Iterator[v4.AsyncDeploymentClient]:
    """An ``emqx_platform.v4.AsyncDeploymentClient`` for the emulator's EMQX 4 deployment."""
    client = emqx_emulator.async_v4_deployment_client()
    yield client
    _close_after_the_test(client)


def _close_after_the_test(client: _AsyncBaseClient) -> None:
    """Close an async client from a plain fixture's teardown, with no event loop.

    Closing only marks the client closed (its connections are freed with the
    last client sharing them), so nothing needs awaiting; a plain fixture works
    under pytest-asyncio and anyio alike, where an async one would need each
    framework's own fixture decorator.
    """
    client._mark_closed()
