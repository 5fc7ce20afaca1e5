"""The v4 error table, and the wrong client for a deployment failing loudly."""

from __future__ import annotations

import pytest

import emqx_platform
import emqx_platform.v4
from emqx_platform import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
)
from emqx_platform.testing import Emulator
from emqx_platform.v4 import V4_ERROR_CLASSES, V4_ERROR_MEANINGS

EXPECTED = {
    101: InternalServerError,
    102: InternalServerError,
    103: AuthenticationError,
    104: AuthenticationError,
    105: NotFoundError,
    106: PermissionDeniedError,
    107: BadRequestError,
    108: BadRequestError,
    109: BadRequestError,
    110: ConflictError,
    111: ConflictError,
    112: NotFoundError,
    113: ConflictError,
    114: AuthenticationError,
    115: BadRequestError,
}


def test_the_table_covers_every_documented_code() -> None:
    assert dict(V4_ERROR_CLASSES) == EXPECTED
    assert set(V4_ERROR_MEANINGS) == set(EXPECTED)


def test_the_wrong_client_for_a_base_url_fails_loudly(emqx_emulator: Emulator) -> None:
    v4_url = emqx_emulator.deployments[2].base_url
    v5_url = emqx_emulator.deployments[0].base_url
    for cls in (emqx_platform.DeploymentClient, emqx_platform.AsyncDeploymentClient):
        with pytest.raises(ValueError, match=f"emqx_platform.v4.{cls.__name__}"):
            cls("id", "secret", base_url=v4_url + "/")
    for v4_cls in (emqx_platform.v4.DeploymentClient, emqx_platform.v4.AsyncDeploymentClient):
        with pytest.raises(ValueError, match=f"use emqx_platform.{v4_cls.__name__}"):
            v4_cls("id", "secret", base_url=v5_url)
    assert emqx_platform.v4.DeploymentClient("id", "secret", base_url=v4_url).base_url == v4_url


@pytest.mark.parametrize("path", ["/api", "/API/", "/api/v4", "/Api/V4/"])
def test_a_v5_client_refuses_every_emqx_4_api_root(path: str) -> None:
    for cls in (emqx_platform.DeploymentClient, emqx_platform.AsyncDeploymentClient):
        with pytest.raises(ValueError, match=f"emqx_platform.v4.{cls.__name__}"):
            cls("id", "secret", base_url="https://host:8443" + path)


def test_a_v4_client_refuses_an_emqx_5_api_root_in_any_case() -> None:
    with pytest.raises(ValueError, match=r"use emqx_platform\.DeploymentClient"):
        emqx_platform.v4.DeploymentClient("id", "secret", base_url="https://host:8443/API/V5")
