"""The emulator's Dedicated v4 deployment over HTTPS, at the ``request()`` level:
its base URL, the EMQX 4 shapes (HTTP 200 with an integer ``code``), ``_page``/
``_limit`` pagination, and the HTTP-level refusals it shares with v5.

The client is ``emqx_platform.v4.DeploymentClient``, whose ``request()`` raises
for a non-zero ``code``: the codes are read off the raised errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from emqx_platform import AuthenticationError, BadRequestError, ConflictError, NotFoundError
from emqx_platform.testing import Emulator, SeededDeployment
from emqx_platform.v4 import DeploymentClient


@pytest.fixture
def v4(emqx_emulator: Emulator) -> SeededDeployment:
    return emqx_emulator.deployments[2]


@pytest.fixture
def client(emqx_emulator: Emulator, v4: SeededDeployment) -> Iterator[DeploymentClient]:
    with emqx_emulator.v4_deployment_client(v4.id, max_retries=0) as c:
        yield c


def test_seeded_as_dedicated_on_emqx_4(emqx_emulator: Emulator, v4: SeededDeployment) -> None:
    assert (v4.type, v4.version[:4]) == ("dedicated", "4.4.")
    assert v4.base_url.endswith(f"/deployments/{v4.id}/api")
    with emqx_emulator.platform_client() as p:
        listed = p.request("GET", f"/deployments/{v4.id}")
    assert (listed["deploymentType"], listed["version"]) == ("dedicated", v4.version)


def test_success_and_failure_inside_http_200(client: DeploymentClient) -> None:
    assert client.request("POST", "/auth_username", json={"username": "u", "password": "p"}) == {
        "code": 0
    }
    with pytest.raises(ConflictError) as again:
        client.request("POST", "/auth_username", json={"username": "u", "password": "p"})
    assert (again.value.status_code, again.value.code) == (200, 113)
    assert again.value.message
    assert client.request("GET", "/auth_username/u") == {"code": 0, "data": {"username": "u"}}
    with pytest.raises(NotFoundError) as offline:
        client.request("DELETE", "/clients/nobody")
    assert offline.value.code == 112


def test_pages_with_underscore_parameters(
    emqx_emulator: Emulator, v4: SeededDeployment, client: DeploymentClient
) -> None:
    for i in range(25):
        emqx_emulator.connect_client(v4.id, f"c{i:02}")
    seen: list[str] = []
    page = 1
    while True:
        answer = client.request("GET", "/clients", params={"_page": page, "_limit": 10})
        assert answer["meta"]["count"] == 25
        seen += [c["clientid"] for c in answer["data"]]
        if not answer["meta"]["hasnext"]:
            break
        page += 1
    assert seen == [f"c{i:02}" for i in range(25)]
    with pytest.raises(BadRequestError) as bad:
        client.request("GET", "/clients", params={"_limit": 0})
    assert bad.value.code == 108


def test_refusals_keep_their_http_status(emqx_emulator: Emulator, v4: SeededDeployment) -> None:
    with (
        emqx_emulator.v4_deployment_client(v4.id, max_retries=0) as c,
        pytest.raises(NotFoundError),
    ):
        c.request("GET", "/no/such/path")
    with (
        DeploymentClient(
            v4.app_id,
            "wrong",
            base_url=v4.base_url,
            verify=emqx_emulator.ca_cert_path,
            max_retries=0,
        ) as wrong,
        pytest.raises(AuthenticationError) as raised,
    ):
        wrong.request("GET", "/auth_username")
    assert raised.value.status_code == 401


def test_requests_are_logged_and_published_messages_kept(
    emqx_emulator: Emulator, v4: SeededDeployment, client: DeploymentClient
) -> None:
    emqx_emulator.connect_client(v4.id, "sub")
    client.request("POST", "/mqtt/subscribe", json={"clientid": "sub", "topic": "t/#"})
    message = {"topic": "t/1", "clientid": "pub", "payload": "hi"}
    assert client.request("POST", "/mqtt/publish", json=message) == {"code": 0}
    (published,) = emqx_emulator.published(v4.id)
    assert published["delivered_to"] == ["sub"]
    last = emqx_emulator.requests[-1]
    assert (last["method"], last["path"]) == ("POST", f"/deployments/{v4.id}/api/mqtt/publish")
    assert last["body"] == message
