"""v4 fixtures: a client of each flavor for the emulator's Dedicated v4 deployment."""

from __future__ import annotations

import pytest

from emqx_platform.testing import Emulator
from support.deployments import V4, FlavoredDeployment
from support.flavors import Flavors


@pytest.fixture
def v4(emqx_emulator: Emulator, flavors: Flavors) -> FlavoredDeployment:
    """A v4 Deployment client of this test's flavor for the EMQX 4 deployment."""
    return flavors.keep(FlavoredDeployment.open(emqx_emulator, is_async=flavors.is_async, index=V4))
