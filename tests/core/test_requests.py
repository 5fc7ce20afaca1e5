"""What a request looks like on the wire and what ``request()`` returns: decoded
JSON of every kind, ``None`` for empty bodies, Basic auth, Accept/Content-Type,
JSON bodies, query parameters, paths under a base URL with a prefix,
User-Agent, ``with_options``, ``close()`` and context managers."""

from __future__ import annotations

import base64
import inspect
from typing import Any

import pytest

from emqx_platform import (
    APIStatusError,
    APITimeoutError,
    AsyncPlatformClient,
    AuthenticationError,
    EMQXError,
    PlatformClient,
)
from support.clients import SECRET, USER, aclose
from support.faultserver import FaultServer, Reply
from support.flavors import Flavored, FlavoredFactory

BASIC = "Basic " + base64.b64encode(f"{USER}:{SECRET}".encode()).decode()


# -- what comes back ----------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "value",
    [
        {"data": [1, 2], "meta": {"page": 1}},
        [{"a": 1}, {"b": None}],
        "text",
        42,
        2.5,
        True,
        [],
        {"bytes_total": 123456789012345678901234567890},
        {
            "name": "\u00e9t\u00e9 \U0001f600",
            "quoted": 'a"b\\c\n',
            "nested": [[{}], {"x": -1.5e-7}],
        },
    ],
    ids=["dict", "list", "str", "int", "float", "bool", "empty-list", "big-int", "unicode"],
)
async def test_returns_decoded_json(fault_server: FaultServer, api: Flavored, value: Any) -> None:
    fault_server.script("/x", Reply(json=value))
    result = await api.request("GET", "/x")
    assert result == value
    assert type(result) is type(value)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "reply",
    [
        Reply(status=204),
        Reply(status=200),
        Reply(status=200, body=b"", content_type="application/json"),
        Reply(status=202, body=b"", content_type="application/json"),
        Reply(status=200, body="null", content_type="application/json"),
    ],
    ids=["204", "200-empty", "200-empty-json", "202-empty-json", "json-null"],
)
async def test_empty_body_returns_none(
    fault_server: FaultServer, api: Flavored, reply: Reply
) -> None:
    fault_server.script("/x", reply)
    assert await api.request("DELETE", "/x") is None


@pytest.mark.asyncio
async def test_head_returns_none(fault_server: FaultServer, api: Flavored) -> None:
    fault_server.script("/x", Reply(json={"ignored": True}))
    assert await api.request("HEAD", "/x") is None
    assert fault_server.last.method == "HEAD"


@pytest.mark.asyncio
async def test_non_json_success_body_returns_text(fault_server: FaultServer, api: Flavored) -> None:
    fault_server.script("/x", Reply(body="pong", content_type="text/plain"))
    assert await api.request("GET", "/x") == "pong"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "content_type",
    [
        "application/octet-stream",
        "Application/Zip; x=1",
        # What EMQX 5 sends a trace's log archive as.
        "application/x-zip",
        "application/x-zip-compressed",
    ],
)
async def test_archive_body_returns_bytes(
    fault_server: FaultServer, api: Flavored, content_type: str
) -> None:
    fault_server.script("/x", Reply(body=b"PK\x03\x04\xff", content_type=content_type))
    assert await api.request("GET", "/x") == b"PK\x03\x04\xff"


# -- request headers ----------------------------------------------------------


@pytest.mark.asyncio
async def test_basic_auth_and_accept_without_body(fault_server: FaultServer, api: Flavored) -> None:
    fault_server.require_auth(USER, SECRET)
    fault_server.script("/x", Reply(json={}))
    await api.request("GET", "/x")
    headers = fault_server.last.headers
    assert headers["authorization"] == BASIC
    assert headers["accept"] == "application/json"
    # No body, so no Content-Type.
    assert "content-type" not in headers


@pytest.mark.asyncio
async def test_wrong_credentials_get_the_emqx_401(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.require_auth("other-user", "other-secret")
    api = make_api()
    with pytest.raises(AuthenticationError) as info:
        await api.request("GET", "/x")
    assert info.value.code == "BAD_API_KEY_OR_SECRET"
    assert info.value.message == "Check api_key/api_secret"


@pytest.mark.asyncio
async def test_json_body_round_trips(fault_server: FaultServer, api: Flavored) -> None:
    payload = {
        "name": "温度センサー",
        "emoji": "😀",
        "nested": {"list": [1, 2.5, None, True, False], "empty": {}},
        "quote": 'say "hi"\n',
    }
    fault_server.script("/echo", Reply(echo=True))
    assert await api.request("POST", "/echo", json=payload) == payload
    request = fault_server.last
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/json"
    assert request.json() == payload


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "body", [[], {}, 0, "", False], ids=["list", "dict", "zero", "str", "false"]
)
async def test_falsy_json_bodies_are_still_sent(
    fault_server: FaultServer, api: Flavored, body: Any
) -> None:
    # Only json=None means "no body"; [] or {} are real bodies.
    fault_server.script("/echo", Reply(echo=True))
    assert await api.request("PUT", "/echo", json=body) == body
    assert fault_server.last.headers["content-type"] == "application/json"


@pytest.mark.asyncio
async def test_user_agent(fault_server: FaultServer, make_api: FlavoredFactory) -> None:
    fault_server.script("/x", Reply())
    await make_api().request("GET", "/x")
    default_agent = fault_server.last.headers["user-agent"]
    assert "emqx-platform" in default_agent
    await make_api(user_agent="my-automation/1.2").request("GET", "/x")
    custom_agent = fault_server.last.headers["user-agent"]
    assert "my-automation/1.2" in custom_agent


# -- query parameters ---------------------------------------------------------


@pytest.mark.asyncio
async def test_params_lists_bools_and_none(fault_server: FaultServer, api: Flavored) -> None:
    fault_server.script("/clients", Reply(json={"data": []}))
    params = {
        "clientid": ["a", "b", "c"],
        "conn_state": "connected",
        "like_username": None,
        "page": 2,
        "limit": 100,
        "enabled": True,
        "disabled": False,
    }
    await api.request("GET", "/clients", params=params)
    pairs = fault_server.last.query_pairs
    assert sorted(pairs) == sorted(
        [
            ("clientid", "a"),
            ("clientid", "b"),
            ("clientid", "c"),
            ("conn_state", "connected"),
            ("page", "2"),
            ("limit", "100"),
            ("enabled", "true"),
            ("disabled", "false"),
        ]
    )
    # The repeated keys keep their order.
    assert [v for k, v in pairs if k == "clientid"] == ["a", "b", "c"]


@pytest.mark.asyncio
async def test_params_with_special_characters(fault_server: FaultServer, api: Flavored) -> None:
    fault_server.script("/x", Reply())
    value = "a b&c=d/e#f+g%h 温"
    await api.request("GET", "/x", params={"topic": value, "k&ey": "v"})
    assert sorted(fault_server.last.query_pairs) == sorted([("topic", value), ("k&ey", "v")])


# -- paths --------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("suffix", ["/api/v5", "/api/v5/"])
async def test_paths_are_joined_under_the_base_url_prefix(
    fault_server: FaultServer, make_api: FlavoredFactory, suffix: str
) -> None:
    fault_server.script("/api/v5/clients", Reply(json={"data": []}))
    api = make_api("deployment", base_url=fault_server.url + suffix)
    assert await api.request("GET", "/clients") == {"data": []}
    assert fault_server.last.path == "/api/v5/clients"


def test_deployment_client_joins_under_api_v5(
    fault_server: FaultServer, fault_deployment_client: Any
) -> None:
    fault_server.require_auth(USER, SECRET)
    fault_server.script("/api/v5/metrics", Reply(json=[{"node": "emqx@127.0.0.1"}]))
    assert fault_deployment_client.request("GET", "/metrics") == [{"node": "emqx@127.0.0.1"}]
    assert fault_server.last.headers["authorization"] == BASIC


@pytest.mark.asyncio
async def test_async_deployment_client_joins_under_api_v5(
    fault_server: FaultServer, fault_async_deployment_client: Any
) -> None:
    fault_server.require_auth(USER, SECRET)
    fault_server.script("/api/v5/metrics", Reply(json=[{"node": "emqx@127.0.0.1"}]))
    assert await fault_async_deployment_client.request("GET", "/metrics") == [
        {"node": "emqx@127.0.0.1"}
    ]
    assert fault_server.last.headers["authorization"] == BASIC


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [301, 302, 307, 308])
async def test_redirects_are_not_followed(
    fault_server: FaultServer, api: Flavored, status: int
) -> None:
    # Following a redirect would send the credentials somewhere nobody chose.
    fault_server.script("/x", Reply(status=status, headers={"Location": "/elsewhere"}))
    fault_server.script("/elsewhere", Reply(json="followed"))
    with pytest.raises(APIStatusError) as info:
        await api.request("GET", "/x")
    assert info.value.status_code == status
    assert [r.path for r in fault_server.requests] == ["/x"]


# -- with_options, close, context managers ------------------------------------


@pytest.mark.asyncio
async def test_with_options_changes_timeout_and_shares_connections(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/fast", Reply(json="fast"))
    fault_server.script("/slow", Reply(delay=30))
    api = make_api(timeout=30)
    impatient = api.with_options(timeout=0.3)
    assert type(impatient.client) is type(api.client)
    assert await api.request("GET", "/fast") == "fast"
    assert await impatient.request("GET", "/fast") == "fast"
    first, second = fault_server.requests_to("/fast")
    # Same pool: the second request reuses the first one's keep-alive connection.
    assert first.client_port == second.client_port
    with pytest.raises(APITimeoutError):
        await impatient.request("GET", "/slow")
    # The original keeps its own timeout and still works.
    assert await api.request("GET", "/fast") == "fast"


def test_close_then_request_raises(fault_server: FaultServer, fault_platform_client: Any) -> None:
    fault_server.script("/x", Reply(json=1))
    client = fault_platform_client
    assert client.request("GET", "/x") == 1
    client.close()
    client.close()  # closing twice is harmless
    with pytest.raises(EMQXError, match=r"(?i)closed"):
        client.request("GET", "/x")
    assert len(fault_server.requests) == 1


@pytest.mark.asyncio
async def test_async_close_then_request_raises(
    fault_server: FaultServer, fault_async_platform_client: Any
) -> None:
    fault_server.script("/x", Reply(json=1))
    client = fault_async_platform_client
    assert await client.request("GET", "/x") == 1
    await aclose(client)
    with pytest.raises(EMQXError, match=r"(?i)closed"):
        await client.request("GET", "/x")
    assert len(fault_server.requests) == 1


def test_sync_context_manager(fault_server: FaultServer, ca_path: str) -> None:
    fault_server.script("/x", Reply(json={"in": "side"}))
    with PlatformClient(USER, SECRET, base_url=fault_server.url, verify=ca_path) as client:
        assert isinstance(client, PlatformClient)
        assert client.request("GET", "/x") == {"in": "side"}
    with pytest.raises(EMQXError):
        client.request("GET", "/x")


@pytest.mark.asyncio
async def test_async_context_manager(fault_server: FaultServer, ca_path: str) -> None:
    fault_server.script("/x", Reply(json={"in": "side"}))
    async with AsyncPlatformClient(
        USER, SECRET, base_url=fault_server.url, verify=ca_path
    ) as client:
        assert isinstance(client, AsyncPlatformClient)
        assert await client.request("GET", "/x") == {"in": "side"}
    with pytest.raises(EMQXError):
        await client.request("GET", "/x")


def test_async_request_is_a_coroutine_function() -> None:
    # So that asyncio.run(client.request(...)) and create_task() work.
    assert inspect.iscoroutinefunction(AsyncPlatformClient.request)
