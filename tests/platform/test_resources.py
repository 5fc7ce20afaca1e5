"""``projects``, ``deployments`` and ``tls`` of the Platform clients against the emulator,
sync and async: every method, the exact answers, path encoding, and every documented
error status (401, 403, 404, 422, 429) with its ``code`` and ``message``.

Each test runs twice, over the ``platform`` fixture of each flavor
(``support/flavors.py``), so one body covers both twins.
"""

from __future__ import annotations

import asyncio
import pickle
from typing import Any

import pytest
import trustme

from emqx_platform import (
    APIStatusError,
    AuthenticationError,
    EMQXError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from emqx_platform.testing import Emulator
from support.flavors import Call, Flavored, FlavoredFactory


@pytest.fixture
def dedicated(emqx_emulator: Emulator) -> str:
    return emqx_emulator.deployments[0].id


@pytest.fixture
def serverless(emqx_emulator: Emulator) -> str:
    return emqx_emulator.deployments[1].id


@pytest.fixture(scope="module")
def leaf() -> trustme.LeafCert:
    return trustme.CA().issue_cert("broker.example.com")


@pytest.fixture(scope="module")
def cert_and_key(leaf: trustme.LeafCert) -> dict[str, str]:
    return {
        "cert": leaf.cert_chain_pems[0].bytes().decode(),
        "key": leaf.private_key_pem.bytes().decode(),
    }


def last_request(emu: Emulator) -> dict[str, Any]:
    return emu.requests[-1]


# -- projects and deployments -------------------------------------------------


@pytest.mark.asyncio
async def test_projects_list(emqx_emulator: Emulator, platform: Flavored) -> None:
    projects = await platform(lambda c: c.projects.list())
    assert isinstance(projects, list)
    assert {p["projectID"] for p in projects} >= {"default"}
    assert all(set(p) == {"projectID", "projectName", "description"} for p in projects)
    assert last_request(emqx_emulator)["path"].endswith("/projects")


@pytest.mark.asyncio
async def test_deployments_list_returns_what_the_server_sends(
    emqx_emulator: Emulator, platform: Flavored
) -> None:
    deployments = await platform(lambda c: c.deployments.list())
    assert [d["deploymentID"] for d in deployments] == [d.id for d in emqx_emulator.deployments]
    assert [d["deploymentType"] for d in deployments] == ["dedicated", "serverless", "dedicated"]
    first = deployments[0]
    # The documented camelCase fields, untouched (nothing renamed or added).
    for field in ("connections", "createAt", "deploymentName", "platform", "region", "status"):
        assert field in first, field
    assert first["deploymentName"] == emqx_emulator.deployments[0].name


@pytest.mark.asyncio
async def test_deployments_get(emqx_emulator: Emulator, platform: Flavored, dedicated: str) -> None:
    deployment = await platform(lambda c: c.deployments.get(dedicated))
    assert deployment["deploymentID"] == dedicated
    assert deployment["status"] == "running"
    listed = await platform(lambda c: c.deployments.list())
    assert deployment == listed[0]
    request = emqx_emulator.requests[0]
    assert (request["method"], request["path"]) == ("GET", f"/platform/deployments/{dedicated}")


@pytest.mark.asyncio
async def test_stop_then_start(emqx_emulator: Emulator, platform: Flavored, dedicated: str) -> None:
    operation = await platform(lambda c: c.deployments.stop(dedicated))
    name = emqx_emulator.deployments[0].name
    assert operation == {"deploymentID": dedicated, "deploymentName": name, "operation": "stopping"}
    assert (await platform(lambda c: c.deployments.get(dedicated)))["status"] == "stopping"
    await platform(
        lambda c: c.deployments.wait_for_status(
            dedicated, "stopped", timeout=10, poll_interval=0.05
        )
    )
    operation = await platform(lambda c: c.deployments.start(dedicated))
    assert operation == {"deploymentID": dedicated, "deploymentName": name, "operation": "starting"}
    request = last_request(emqx_emulator)
    assert (request["method"], request["status"]) == ("POST", 201)
    assert request["path"].endswith(f"/deployments/{dedicated}/start")


@pytest.mark.asyncio
async def test_with_options_copies_have_resources(
    make_platform: FlavoredFactory, dedicated: str
) -> None:
    original = make_platform()
    copy = original.with_options(timeout=60, max_retries=0)
    assert copy.client.deployments is not original.client.deployments
    # Each resource of the copy calls through the copy: it works once the original is closed.
    await original.close()
    assert (await copy(lambda c: c.deployments.get(dedicated)))["deploymentID"] == dedicated
    assert (await copy(lambda c: c.tls.get(dedicated)))["status"] == "running"
    assert await copy(lambda c: c.projects.list())
    with pytest.raises(EMQXError, match="closed"):
        await original(lambda c: c.deployments.get(dedicated))


# -- TLS certificates -----------------------------------------------------------


@pytest.mark.asyncio
async def test_tls_lifecycle(
    emqx_emulator: Emulator, platform: Flavored, dedicated: str, cert_and_key: dict[str, str]
) -> None:
    seeded = await platform(lambda c: c.tls.get(dedicated))
    assert set(seeded) == {"tlsType", "expire", "status"}
    assert seeded["status"] == "running"

    assert await platform(lambda c: c.tls.delete(dedicated)) is None
    assert last_request(emqx_emulator)["status"] == 204
    with pytest.raises(NotFoundError):
        await platform(lambda c: c.tls.get(dedicated))

    created = await platform(lambda c: c.tls.create(dedicated, tls_type="one-way", **cert_and_key))
    assert created["tlsType"] == "one-way"
    assert created["status"] == "pending"
    body = last_request(emqx_emulator)["body"]
    assert body == {"tlsType": "one-way", **cert_and_key}

    updated = await platform(
        lambda c: c.tls.update(
            dedicated, tls_type="two-way", cacert=cert_and_key["cert"], **cert_and_key
        )
    )
    assert updated["tlsType"] == "two-way"
    assert last_request(emqx_emulator)["method"] == "PUT"
    assert last_request(emqx_emulator)["body"]["cacert"] == cert_and_key["cert"]

    await asyncio.sleep(0.3)  # the emulator's transition time is 0.2 s
    assert (await platform(lambda c: c.tls.get(dedicated)))["status"] == "running"


@pytest.mark.asyncio
async def test_tls_accepts_paths(
    tmp_path: Any,
    emqx_emulator: Emulator,
    platform: Flavored,
    dedicated: str,
    leaf: trustme.LeafCert,
) -> None:
    cert_path, key_path = tmp_path / "server.pem", tmp_path / "server.key"
    leaf.cert_chain_pems[0].write_to_path(str(cert_path))
    leaf.private_key_pem.write_to_path(str(key_path))
    await platform(
        lambda c: c.tls.update(dedicated, tls_type="one-way", cert=cert_path, key=key_path)
    )
    body = last_request(emqx_emulator)["body"]
    assert body["cert"] == cert_path.read_text()
    assert body["key"] == key_path.read_text()


# -- path encoding --------------------------------------------------------------

ODD_IDS = ["a/b", "../x", "w41b11c0?x=1", "id#frag", "sp ace", "100%", "ü", "a+b:c@d"]


@pytest.mark.asyncio
@pytest.mark.parametrize("deployment_id", ODD_IDS)
async def test_odd_ids_stay_one_segment(
    emqx_emulator: Emulator, platform: Flavored, deployment_id: str
) -> None:
    # The server sees one unknown deployment id: "Deployment not found", not a
    # route miss ("Request Path Not Found") or another deployment.
    with pytest.raises(NotFoundError) as info:
        await platform(lambda c: c.deployments.get(deployment_id))
    assert info.value.message == "Deployment not found"
    with pytest.raises(NotFoundError) as info:
        await platform(lambda c: c.tls.delete(deployment_id))
    assert info.value.message == "Deployment not found"
    paths = [r["path"] for r in emqx_emulator.requests]
    assert len(paths) == 2
    assert "?" not in paths[0]
    assert "#" not in paths[0]
    assert paths[0].count("/") == 3  # /platform/deployments/<id>


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("deployment_id", "error"),
    [("", ValueError), (".", ValueError), ("..", ValueError), (7, TypeError)],
)
async def test_unusable_ids_are_refused_before_sending(
    emqx_emulator: Emulator, platform: Flavored, deployment_id: Any, error: type[Exception]
) -> None:
    for method in ("get", "start", "stop", "wait_for_status"):
        args = (deployment_id, "running") if method == "wait_for_status" else (deployment_id,)
        with pytest.raises(error):
            await platform(lambda c, m, a: getattr(c.deployments, m)(*a), method, args)
    with pytest.raises(error):
        await platform(lambda c: c.tls.get(deployment_id))
    assert emqx_emulator.requests == []


# -- error statuses -------------------------------------------------------------


@pytest.mark.asyncio
async def test_401_wrong_secret(make_platform: FlavoredFactory) -> None:
    platform = make_platform(api_secret="not-the-secret")
    for call in (lambda c: c.projects.list(), lambda c: c.deployments.list()):
        with pytest.raises(AuthenticationError) as info:
            await platform(call)
        assert info.value.status_code == 401
        assert info.value.code == "BAD_API_KEY_OR_SECRET"
        assert info.value.message


@pytest.mark.asyncio
async def test_403_from_the_server(
    emqx_emulator: Emulator, platform: Flavored, dedicated: str
) -> None:
    body = {"code": "FORBIDDEN", "message": "API Key has no access"}
    emqx_emulator.inject_fault(path=r"/tls$", status=403, body=body)
    with pytest.raises(PermissionDeniedError) as info:
        await platform(lambda c: c.tls.get(dedicated))
    assert (info.value.status_code, info.value.code) == (403, "FORBIDDEN")
    assert info.value.message == "API Key has no access"


@pytest.mark.asyncio
async def test_404_every_deployment_method(
    platform: Flavored, cert_and_key: dict[str, str]
) -> None:
    calls: list[Call] = [
        lambda c: c.deployments.get("nope"),
        lambda c: c.deployments.start("nope"),
        lambda c: c.deployments.stop("nope"),
        lambda c: c.tls.get("nope"),
        lambda c: c.tls.create("nope", tls_type="one-way", **cert_and_key),
        lambda c: c.tls.update("nope", tls_type="one-way", **cert_and_key),
        lambda c: c.tls.delete("nope"),
    ]
    for call in calls:
        with pytest.raises(NotFoundError) as info:
            await platform(call)
        assert (info.value.status_code, info.value.code) == (404, "NOT_FOUND")
        assert info.value.message == "Deployment not found"


@pytest.mark.asyncio
async def test_422_start_a_running_deployment(platform: Flavored, dedicated: str) -> None:
    with pytest.raises(UnprocessableEntityError) as info:
        await platform(lambda c: c.deployments.start(dedicated))
    assert info.value.status_code == 422
    assert info.value.code == "UNPROCESSABLE_ENTITY"
    assert "running" in (info.value.message or "")


@pytest.mark.asyncio
async def test_422_tls_refused_by_the_server(
    platform: Flavored, dedicated: str, serverless: str, cert_and_key: dict[str, str]
) -> None:
    # Already has a certificate (create), and a serverless deployment (no custom TLS).
    for deployment_id in (dedicated, serverless):
        with pytest.raises(UnprocessableEntityError) as info:
            await platform(
                lambda c, d: c.tls.create(d, tls_type="one-way", **cert_and_key), deployment_id
            )
        assert info.value.code == "UNPROCESSABLE_ENTITY"
        assert info.value.message


@pytest.mark.asyncio
async def test_429_names_the_documented_limit(platform: Flavored, dedicated: str) -> None:
    # The real limit: one stop per hour.
    await platform(lambda c: c.deployments.stop(dedicated))
    with pytest.raises(RateLimitError) as info:
        await platform(lambda c: c.deployments.stop(dedicated))
    error = info.value
    assert (error.status_code, error.code) == (429, "TOO_MANY_REQUESTS")
    assert (error.message or "").startswith("Request exceeds the limit")
    assert (
        error.hint
        == "documented limit: POST /deployments/{deployment_id}/stop allows 1 request per hour"
    )
    text = str(error)
    assert "\n" not in text
    assert text.startswith("429 TOO_MANY_REQUESTS: Request exceeds the limit")
    assert f"(POST /platform/deployments/{dedicated}/stop)" in text
    assert text.endswith("POST /deployments/{deployment_id}/stop allows 1 request per hour")
    assert text.count("per hour") == 1  # the limit is stated once
    assert "per 60 minutes" not in text
    assert error.method == "POST"
    assert error.url.endswith(f"/deployments/{dedicated}/stop")
    assert error.body == {"code": "TOO_MANY_REQUESTS", "message": error.message}
    assert error.headers["content-type"] == "application/json"


@pytest.mark.asyncio
async def test_429_after_60_reads(platform: Flavored, dedicated: str) -> None:
    for _ in range(60):
        await platform(lambda c: c.deployments.get(dedicated))
    with pytest.raises(
        RateLimitError, match=r"GET /deployments/\{deployment_id\} allows 60 requests per hour"
    ):
        await platform(lambda c: c.deployments.get(dedicated))


ENDPOINT_LIMITS = [
    ("projects", "list", (), "GET /projects allows 60 requests per hour"),
    ("deployments", "list", (), "GET /deployments allows 60 requests per hour"),
    ("deployments", "get", ("D",), "GET /deployments/{deployment_id} allows 60"),
    ("deployments", "start", ("D",), "POST /deployments/{deployment_id}/start allows 1 request"),
    ("deployments", "stop", ("D",), "POST /deployments/{deployment_id}/stop allows 1 request"),
    ("tls", "get", ("D",), "GET /deployments/{deployment_id}/tls allows 60 requests"),
    ("tls", "create", ("D",), "POST /deployments/{deployment_id}/tls allows 6 requests"),
    ("tls", "update", ("D",), "PUT /deployments/{deployment_id}/tls allows 6 requests"),
    ("tls", "delete", ("D",), "DELETE /deployments/{deployment_id}/tls allows 6 requests"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(("resource", "method", "args", "limit"), ENDPOINT_LIMITS)
async def test_429_of_every_method_names_its_limit(
    emqx_emulator: Emulator,
    platform: Flavored,
    dedicated: str,
    cert_and_key: dict[str, str],
    resource: str,
    method: str,
    args: tuple[str, ...],
    limit: str,
) -> None:
    body = {"code": "TOO_MANY_REQUESTS", "message": "Request exceeds the limit"}
    emqx_emulator.inject_fault(path=".", status=429, body=body, retry_after=5)
    kwargs: dict[str, Any] = {}
    if method in ("create", "update"):
        kwargs = {"tls_type": "one-way", **cert_and_key}
    with pytest.raises(RateLimitError) as info:
        await platform(
            lambda c: getattr(getattr(c, resource), method)(*(dedicated for _ in args), **kwargs)
        )
    assert limit in str(info.value)
    assert info.value.message == "Request exceeds the limit"
    assert info.value.headers["retry-after"] == "5"
    # Pickles with its hint (the amended error is a plain RateLimitError).
    copy = pickle.loads(pickle.dumps(info.value))
    assert (str(copy), copy.hint, copy.headers) == (
        str(info.value),
        info.value.hint,
        info.value.headers,
    )


@pytest.mark.asyncio
async def test_other_statuses_are_untouched(emqx_emulator: Emulator, platform: Flavored) -> None:
    emqx_emulator.inject_fault(path="/projects", status=500)
    with pytest.raises(APIStatusError) as info:
        await platform(lambda c: c.projects.list())
    assert info.value.status_code == 500
    assert info.value.hint is None
    assert "allows" not in str(info.value)
