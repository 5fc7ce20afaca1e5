"""What the emulator lets a test inspect: ``requests`` (never credentials) and ``published()``."""

from __future__ import annotations

import base64
import json

import pytest

from emqx_platform import AuthenticationError, BadRequestError, NotFoundError, quote_path
from emqx_platform.testing import Emulator


def test_request_log_entries(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0]
    with emqx_emulator.deployment_client(max_retries=0) as d:
        d.request("GET", "/clients", params={"clientid": ["a/b", "c d"], "limit": 5})
        d.request("POST", "/publish", json={"topic": "t", "payload": "x", "qos": 1})
        with pytest.raises(NotFoundError):
            d.request("GET", "/clients/" + quote_path("a/b"))
    with emqx_emulator.platform_client(max_retries=0) as p:
        p.request("GET", "/projects")
    listing, publish, missing, projects = emqx_emulator.requests

    assert listing["method"] == "GET"
    assert listing["path"] == f"/deployments/{dep.id}/api/v5/clients"
    assert listing["query"] == {"clientid": ["a/b", "c d"], "limit": ["5"]}
    assert "clientid=a%2Fb" in listing["query_string"]
    assert (listing["status"], listing["api"], listing["deployment_id"]) == (
        200,
        "deployment",
        dep.id,
    )
    assert listing["body"] is None
    assert publish["body"] == {"topic": "t", "payload": "x", "qos": 1}
    assert publish["status"] == 202
    assert missing["path"].endswith("/clients/a%2Fb"), "the path as sent"
    assert missing["status"] == 404
    assert (projects["api"], projects["deployment_id"], projects["path"]) == (
        "platform",
        None,
        "/platform/projects",
    )


def test_request_log_never_holds_credentials(emqx_emulator: Emulator) -> None:
    dep = emqx_emulator.deployments[0]
    with emqx_emulator.deployment_client(max_retries=0) as d:
        d.request("GET", "/clients")
    with emqx_emulator.platform_client(max_retries=0) as p:
        p.request("GET", "/projects")
    with (
        emqx_emulator.deployment_client(app_secret="wrong-secret-1234", max_retries=0) as bad,
        pytest.raises(AuthenticationError),
    ):
        bad.request("GET", "/clients")
    log = emqx_emulator.requests
    assert [r["status"] for r in log] == [200, 200, 401]
    text = json.dumps(log)
    secrets = [
        dep.app_id,
        dep.app_secret,
        "wrong-secret-1234",
        emqx_emulator.platform_api_key,
        emqx_emulator.platform_api_secret,
        base64.b64encode(f"{dep.app_id}:{dep.app_secret}".encode()).decode(),
    ]
    for secret in secrets:
        assert secret not in text
    assert "authorization" not in text.lower()


def test_request_log_is_a_snapshot(emqx_emulator: Emulator) -> None:
    with emqx_emulator.deployment_client() as d:
        d.request("GET", "/nodes")
        snapshot = emqx_emulator.requests
        snapshot.clear()
        d.request("GET", "/stats")
    assert [r["path"].rsplit("/", 1)[1] for r in emqx_emulator.requests] == ["nodes", "stats"]


def test_published_messages(emqx_emulator: Emulator) -> None:
    dep, other = emqx_emulator.deployments[0].id, emqx_emulator.deployments[1].id
    emqx_emulator.connect_client(dep, "s1")
    emqx_emulator.connect_client(dep, "s2")
    with emqx_emulator.deployment_client(max_retries=0) as d:
        d.request("POST", "/clients/s1/subscribe", json={"topic": "t/+"})
        d.request("POST", "/clients/s2/subscribe", json={"topic": "$share/g/t/#"})
        ok = d.request("POST", "/publish", json={"topic": "t/1", "payload": "hi", "qos": 1})
        d.request("POST", "/publish", json={"topic": "none", "payload": "x"})
        with pytest.raises(BadRequestError):
            d.request("POST", "/publish", json={"topic": "bad/#", "payload": "x"})
        raw = base64.b64encode(b"\xff\x00").decode()
        d.request(
            "POST",
            "/publish/bulk",
            json=[
                {"topic": "t/2", "payload": raw, "payload_encoding": "base64", "retain": True},
                {"topic": "t/3", "payload": "z", "properties": {"content_type": "text/plain"}},
            ],
        )
    first, unmatched, binary, with_props = emqx_emulator.published(dep)

    assert first["id"] == ok["id"]
    assert (first["topic"], first["payload"], first["qos"]) == ("t/1", "hi", 1)
    assert first["delivered"] is True
    assert sorted(first["delivered_to"]) == ["s1", "s2"]
    assert (unmatched["id"], unmatched["delivered"], unmatched["delivered_to"]) == (
        None,
        False,
        [],
    )
    assert base64.b64decode(binary["payload_base64"]) == b"\xff\x00"
    assert "payload" not in binary, "not UTF-8: only payload_base64"
    assert binary["retain"] is True
    assert with_props["properties"] == {"content_type": "text/plain"}
    assert emqx_emulator.published(other) == [], "each deployment has its own"
    with pytest.raises(ValueError, match="no seeded deployment"):
        emqx_emulator.published("nope")
