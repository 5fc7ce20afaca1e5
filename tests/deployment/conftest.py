"""Deployment API fixtures: a client of each flavor for a seeded emulated deployment."""

from __future__ import annotations

import pytest

from emqx_platform.testing import Emulator
from support.deployments import SERVERLESS, FlavoredDeployment
from support.flavors import Flavors


@pytest.fixture
def dedicated(emqx_emulator: Emulator, flavors: Flavors) -> FlavoredDeployment:
    """A Deployment client of this test's flavor for the dedicated deployment."""
    return flavors.keep(FlavoredDeployment.open(emqx_emulator, is_async=flavors.is_async))


@pytest.fixture
def serverless(emqx_emulator: Emulator, flavors: Flavors) -> FlavoredDeployment:
    """A Deployment client of this test's flavor for the serverless deployment."""
    deployment = FlavoredDeployment.open(emqx_emulator, is_async=flavors.is_async, index=SERVERLESS)
    return flavors.keep(deployment)


@pytest.fixture
def d(dedicated: FlavoredDeployment) -> FlavoredDeployment:
    """The deployment a module's tests use most: the dedicated one unless it says otherwise."""
    return dedicated
