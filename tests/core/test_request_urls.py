"""Paths and query strings that URL parsing would change, or that the HTTP
client cannot send, are refused with a ``ValueError`` before anything is sent."""

from __future__ import annotations

import pytest

from emqx_platform import quote_path
from support.faultserver import FaultServer, Reply
from support.flavors import Flavored, FlavoredFactory


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path",
    [
        "/clients/..\\..\\..\\admin",
        "/clients/.\t./.\t./admin",
        "/clients/a\r\nb",
        "/clients/a\\b",
        "/clients/a\tb",
        "/clients/a\x00b",
        "/clients/a\x1fb",
        "/clients/a\x7fb",
    ],
    ids=["backslash-dots", "tab-dots", "crlf", "backslash", "tab", "nul", "unit-sep", "del"],
)
async def test_backslashes_and_control_characters_are_refused(
    fault_server: FaultServer, make_api: FlavoredFactory, path: str
) -> None:
    api = make_api("deployment")
    with pytest.raises(ValueError, match="backslash or a control character"):
        await api.request("GET", path)
    assert fault_server.requests == []


@pytest.mark.asyncio
async def test_quoted_segments_with_those_characters_arrive_intact(
    fault_server: FaultServer, api: Flavored
) -> None:
    segment = "..\\a\r\n\tb"
    fault_server.script(f"/clients/{quote_path(segment)}", Reply(json={}))
    await api.request("GET", f"/clients/{quote_path(segment)}")
    assert fault_server.last.path == "/clients/..%5Ca%0D%0A%09b"


@pytest.mark.asyncio
async def test_a_url_the_http_client_cannot_send_is_refused_at_once(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    api = make_api(max_retries=2)
    ids = [f"client-{i:08d}" for i in range(5000)]
    length = len(f"{fault_server.url}/clients?") + len("&".join(f"clientid={i}" for i in ids))
    expected = f"would be {length} bytes long, over the limit of 65534"
    with pytest.raises(ValueError, match=expected):
        await api.request("GET", "/clients", params={"clientid": ids})
    assert fault_server.requests == []


@pytest.mark.asyncio
async def test_the_longest_sendable_url_is_sent(fault_server: FaultServer, api: Flavored) -> None:
    fault_server.script("/q", Reply(json={}))
    prefix = f"{fault_server.url}/q?a="
    value = "x" * (65534 - len(prefix))
    await api.request("GET", "/q", params={"a": value})
    assert fault_server.last.query_pairs == [("a", value)]
