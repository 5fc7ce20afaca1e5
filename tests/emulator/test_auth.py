"""Only the emulator's own credentials get in; everything else gets EMQX's real 401s.

And, as on EMQX, routing comes first: an unknown path is a 404 and a known path
with another method a 405, whatever the credentials (``minirest_handler``, then
``authorize/1`` in emqx/emqx v5.8.6:apps/emqx_dashboard/src/emqx_dashboard.erl).
The Platform API answers in the same order.
"""

from __future__ import annotations

from typing import Any

import pytest

from emqx_platform import (
    APIStatusError,
    AuthenticationError,
    DeploymentClient,
    NotFoundError,
)
from emqx_platform.testing import Emulator
from support import raw_https

BAD_KEY = {"code": "BAD_API_KEY_OR_SECRET", "message": "Check api_key/api_secret"}
NO_HEADER = {
    "code": "AUTHORIZATION_HEADER_ERROR",
    "message": "Support authorization: basic/bearer ",
}


def _wrong_clients(emu: Emulator) -> dict[str, DeploymentClient]:
    """Deployment clients of the first deployment with someone else's credentials."""
    own, other = emu.deployments[0], emu.deployments[1]
    options: dict[str, Any] = {"base_url": own.base_url, "verify": emu.ca_cert_path}
    options["max_retries"] = 2  # a 401 must not be retried anyway
    return {
        "wrong secret": DeploymentClient(own.app_id, own.app_secret + "x", **options),
        "wrong app id": DeploymentClient("nobody", own.app_secret, **options),
        "other deployment": DeploymentClient(other.app_id, other.app_secret, **options),
        "platform key": DeploymentClient(emu.platform_api_key, emu.platform_api_secret, **options),
    }


def test_wrong_deployment_credentials(emqx_emulator: Emulator) -> None:
    for name, client in _wrong_clients(emqx_emulator).items():
        with pytest.raises(AuthenticationError) as raised:
            client.request("GET", "/clients")
        error = raised.value
        assert (error.status_code, error.code) == (401, "BAD_API_KEY_OR_SECRET"), name
        assert error.body == BAD_KEY
        assert error.headers["www-authenticate"] == 'Basic Realm="emqx-dashboard"'
    # Four clients, four requests: no 401 was retried.
    assert [r["status"] for r in emqx_emulator.requests] == [401] * 4


@pytest.mark.asyncio
async def test_wrong_credentials_async(emqx_emulator: Emulator) -> None:
    d = emqx_emulator.async_deployment_client(app_secret="wrong")
    with pytest.raises(AuthenticationError) as raised:
        await d.request("POST", "/publish", json={"topic": "t", "payload": "x"})
    assert raised.value.code == "BAD_API_KEY_OR_SECRET"
    p = emqx_emulator.async_platform_client(api_secret="wrong")
    with pytest.raises(AuthenticationError) as raised:
        await p.request("GET", "/projects")
    assert raised.value.code == "BAD_API_KEY_OR_SECRET"


def test_deployment_credentials_do_not_open_the_platform_api(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0]
    with (
        emqx_emulator.platform_client(api_key=dep.app_id, api_secret=dep.app_secret) as p,
        pytest.raises(AuthenticationError) as raised,
    ):
        p.request("GET", "/deployments")
    assert raised.value.code == "BAD_API_KEY_OR_SECRET"


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "AUTHORIZATION_HEADER_ERROR"),
        ("Digest abc", "AUTHORIZATION_HEADER_ERROR"),
        ("Bearer some-token", "BAD_TOKEN"),
        ("Basic !!!not-base64", "BAD_API_KEY_OR_SECRET"),
    ],
)
@pytest.mark.parametrize("api", ["platform", "deployment"])
def test_missing_or_malformed_auth_header(
    emqx_emulator: Emulator, header: str | None, code: str, api: str
) -> None:
    url = (
        emqx_emulator.platform_base_url + "/projects"
        if api == "platform"
        else emqx_emulator.deployments[0].base_url + "/clients"
    )
    headers = {"Accept": "application/json"}
    if header is not None:
        headers["Authorization"] = header
    answer = raw_https.send(url, emqx_emulator.ca_cert_path, headers=headers)
    assert answer.status == 401
    assert answer.json["code"] == code
    if header is None:
        assert answer.json == NO_HEADER


def test_the_right_credentials_by_hand(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0]
    answer = raw_https.send(
        dep.base_url + "/clients",
        emqx_emulator.ca_cert_path,
        headers=raw_https.basic(dep.app_id, dep.app_secret),
    )
    assert answer.status == 200
    assert answer.json["data"] == []


def test_unknown_paths_are_404_before_auth(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0]
    for client in [*_wrong_clients(emqx_emulator).values(), emqx_emulator.deployment_client()]:
        with pytest.raises(NotFoundError) as raised:
            client.request("GET", "/no/such/route")
        assert raised.value.body == {"code": "NOT_FOUND", "message": "Request Path Not Found"}
    # Without any header too, and for a deployment that does not exist.
    for url in (
        dep.base_url + "/no/such/route",
        dep.base_url.replace(dep.id, "xxxxxxxx") + "/clients",
    ):
        answer = raw_https.send(url, emqx_emulator.ca_cert_path)
        assert (answer.status, answer.json["code"]) == (404, "NOT_FOUND")


def test_another_method_on_a_known_route_is_405_before_auth(emqx_emulator: Emulator) -> None:
    right = emqx_emulator.deployment_client(max_retries=0)
    wrong = _wrong_clients(emqx_emulator)["wrong secret"]
    for client in (right, wrong):
        with pytest.raises(APIStatusError) as raised:
            client.request("PUT", "/clients")
        error = raised.value
        assert error.status_code == 405
        assert error.headers["allow"] == "GET"
        assert error.body is None
        with pytest.raises(APIStatusError) as raised:
            client.request("PATCH", "/banned")
        assert raised.value.headers["allow"] == "GET, POST, DELETE"
    # A known route and method still needs the credentials.
    with pytest.raises(AuthenticationError):
        wrong.request("DELETE", "/banned")


# -- the Platform API routes before auth too ------------------------------------


def test_platform_unknown_paths_are_404_before_auth(emqx_emulator: Emulator) -> None:
    not_found = {"code": "NOT_FOUND", "message": "Request Path Not Found"}
    with (
        emqx_emulator.platform_client(max_retries=0) as right,
        emqx_emulator.platform_client(api_secret="wrong-secret-1234", max_retries=0) as wrong,
    ):
        for client in (right, wrong):
            for path in ("/no/such/route", "/deployments/d/nope"):
                with pytest.raises(NotFoundError) as raised:
                    client.request("GET", path)
                assert raised.value.body == not_found, path
    answer = raw_https.send(emqx_emulator.platform_base_url + "/nope", emqx_emulator.ca_cert_path)
    assert (answer.status, answer.json) == (404, not_found)
    assert [r["status"] for r in emqx_emulator.requests] == [404] * 5


def test_platform_another_method_is_405_before_auth(emqx_emulator: Emulator) -> None:
    with (
        emqx_emulator.platform_client(max_retries=0) as right,
        emqx_emulator.platform_client(api_key="nobody", max_retries=0) as wrong,
    ):
        for client in (right, wrong):
            with pytest.raises(APIStatusError) as raised:
                client.request("DELETE", "/projects")
            error = raised.value
            assert (error.status_code, error.headers["allow"], error.body) == (405, "GET", None)
        url = emqx_emulator.platform_base_url + "/deployments/d/tls"
        answer = raw_https.send(url, emqx_emulator.ca_cert_path, "PATCH")
        assert (answer.status, answer.headers["allow"], answer.raw) == (
            405,
            "GET, POST, PUT, DELETE",
            b"",
        )
        # A known route and method still needs the credentials, and gets the real 401.
        with pytest.raises(AuthenticationError) as raised:
            wrong.request("GET", "/projects")
        assert raised.value.body == BAD_KEY
    answer = raw_https.send(
        emqx_emulator.platform_base_url + "/projects", emqx_emulator.ca_cert_path
    )
    assert (answer.status, answer.json) == (401, NO_HEADER)
