"""Malformed JSON, wrong content types and huge bodies get EMQX's error answers,
never a crash or a hang; the server keeps serving afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from emqx_platform import APIStatusError, BadRequestError, DeploymentClient
from emqx_platform.testing import Emulator
from support import raw_https
from support.raw_https import RawAnswer

MAX_BODY = 8 * 1024 * 1024
UNSUPPORTED = {
    "code": "UNSUPPORTED_MEDIA_TYPE",
    "message": "content-type:application/json Required",
}


def _post(emu: Emulator, body: bytes | Iterator[bytes], content_type: str | None) -> RawAnswer:
    dep = emu.deployments[0]
    headers = raw_https.basic(dep.app_id, dep.app_secret)
    if content_type is not None:
        headers["Content-Type"] = content_type
    return raw_https.send(
        dep.base_url + "/publish",
        emu.ca_cert_path,
        "POST",
        headers=headers,
        body=body,
        timeout=30.0,
    )


@pytest.fixture(autouse=True)
def still_serving(emqx_emulator: Emulator) -> Iterator[None]:
    """After each bad request, the emulator answers a good one."""
    yield
    with emqx_emulator.deployment_client(max_retries=0) as d:
        assert d.request("GET", "/clients")["meta"]["page"] == 1


@pytest.mark.parametrize(
    "body", [b"{nope", b'{"topic": "t",}', b"\xff\xfe", b'{"a": 1} trailing', b"[" * 100_000]
)
def test_malformed_json(emqx_emulator: Emulator, body: bytes) -> None:
    answer = _post(emqx_emulator, body, "application/json")
    assert answer.status == 400
    assert answer.json == {"code": "BAD_REQUEST", "message": "Invalid json message received"}


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_wrong_content_type(emqx_emulator: Emulator, content_type: str | None) -> None:
    answer = _post(emqx_emulator, b'{"topic": "t", "payload": "x"}', content_type)
    assert (answer.status, answer.json) == (415, UNSUPPORTED)
    assert emqx_emulator.published(emqx_emulator.deployments[0].id) == []


def test_json_content_type_with_charset(emqx_emulator: Emulator) -> None:
    answer = _post(
        emqx_emulator, b'{"topic": "t", "payload": "x"}', "application/json; charset=utf-8"
    )
    assert answer.status == 202


@pytest.mark.parametrize(
    "body",
    [None, [], {"topic": 7, "payload": "x"}, {"topic": "t", "payload": "x", "qos": 3}, "text"],
)
def test_json_of_the_wrong_shape(deployment_client: DeploymentClient, body: object) -> None:
    with pytest.raises(BadRequestError) as raised:
        deployment_client.request("POST", "/publish", json=body)
    assert raised.value.code == "BAD_REQUEST"


def test_huge_body_through_the_sdk(emqx_emulator: Emulator) -> None:
    payload = "x" * (MAX_BODY + 1024)
    with (
        emqx_emulator.deployment_client(max_retries=0) as d,
        pytest.raises(APIStatusError) as raised,
    ):
        d.request("POST", "/publish", json={"topic": "t", "payload": payload})
    assert (raised.value.status_code, raised.value.code) == (413, "EXCEED_LIMIT")
    assert emqx_emulator.requests[-1]["status"] == 413


def test_huge_chunked_body(emqx_emulator: Emulator) -> None:
    """Without a Content-Length the limit is enforced while reading."""

    def chunks() -> Iterator[bytes]:
        yield b'{"topic": "t", "payload": "'
        for _ in range(9):
            yield b"x" * (1024 * 1024)
        yield b'"}'

    answer = _post(emqx_emulator, chunks(), "application/json")
    assert (answer.status, answer.json["code"]) == (413, "EXCEED_LIMIT")


def test_a_body_just_under_the_limit_is_read(emqx_emulator: Emulator) -> None:
    # Seven messages just under MQTT's 1 MiB packet limit: about 7 MiB in one body.
    emqx_emulator.connect_client(emqx_emulator.deployments[0].id, "c")
    messages = [{"topic": "big", "payload": "y" * (1024 * 1024 - 16)} for _ in range(7)]
    with emqx_emulator.deployment_client(max_retries=0) as d:
        d.request("POST", "/clients/c/subscribe", json={"topic": "big"})
        answer = d.request("POST", "/publish/bulk", json=messages)
    assert [set(r) for r in answer] == [{"id"}] * 7
    assert len(emqx_emulator.published(emqx_emulator.deployments[0].id)) == 7
