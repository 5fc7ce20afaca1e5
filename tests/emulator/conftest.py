"""Fixtures of the emulator's schema tests: ``check`` (a :class:`Checker` over the
dedicated deployment), ``refs`` (the patched spec) and ``dep`` (its id)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from referencing import Registry

from emqx_platform.testing import Emulator
from support.schema_checker import Checker, patched_registry


@pytest.fixture(scope="module")
def refs() -> Registry:
    """``$ref`` resolution in the spec with the known deviations applied."""
    return patched_registry()


@pytest.fixture
def check(emqx_emulator: Emulator, refs: Registry) -> Iterator[Checker]:
    with emqx_emulator.deployment_client(max_retries=0) as client:
        yield Checker(client, emqx_emulator, refs)


@pytest.fixture
def dep(emqx_emulator: Emulator) -> str:
    """The dedicated deployment's id (it answers every group)."""
    return emqx_emulator.deployments[0].id
