"""Path segments: the percent-encoding helper (``quote_path``) encodes every
reserved character, and an encoded segment reaches the server as one
segment, not re-decoded into separators."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

import emqx_platform
from emqx_platform._paths import quote_path
from support.faultserver import FaultServer, Reply
from support.flavors import Flavored, FlavoredFactory

NASTY_SEGMENTS = [
    "a/b",
    "sensors/+/temp",
    "alarms/#",
    "password_based:built_in_database",
    "with space",
    "ünïcødé-温度",
    "100%",
    "q?x=1&y",
    "user@host",
    "~tilde_and-dash.ok",
]


def test_helper_is_exported_from_the_package() -> None:
    assert emqx_platform.quote_path is quote_path


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("a/b", "a%2Fb"),
        ("sensors/+/temp", "sensors%2F%2B%2Ftemp"),
        ("alarms/#", "alarms%2F%23"),
        ("password_based:built_in_database", "password_based%3Abuilt_in_database"),
        ("with space", "with%20space"),
        ("温", "%E6%B8%A9"),
        ("100%", "100%25"),
        ("user@host", "user%40host"),
        ("~tilde_and-dash.ok", "~tilde_and-dash.ok"),
    ],
)
def test_reserved_characters_are_encoded(segment: str, expected: str) -> None:
    assert quote_path(segment) == expected


@pytest.mark.parametrize("segment", NASTY_SEGMENTS)
def test_encoding_round_trips_and_leaves_no_separator(segment: str) -> None:
    encoded = quote_path(segment)
    assert unquote(encoded) == segment
    for reserved in "/#?+: ":
        assert reserved not in encoded


@pytest.mark.parametrize("segment", ["", ".", ".."])
def test_segments_that_would_change_the_path_are_refused(segment: str) -> None:
    with pytest.raises(ValueError, match="segment"):
        quote_path(segment)


@pytest.mark.parametrize("segment", ["%2e", "%2E%2e", ".%2e", "...", ".hidden"])
def test_only_segments_that_stay_dots_once_encoded_are_refused(segment: str) -> None:
    # The rule is the core's (its request check): "%2e" is encoded to
    # "%252e", a literal segment, so it is fine.
    assert unquote(quote_path(segment)) == segment


@pytest.mark.parametrize("segment", [".", ".."])
def test_quote_path_and_the_request_check_agree(segment: str) -> None:
    with pytest.raises(ValueError, match="segment"):
        quote_path(segment)
    client = emqx_platform.PlatformClient("key", "secret", base_url="https://127.0.0.1:1")
    with pytest.raises(ValueError, match="segment"):
        client.request("GET", f"/clients/{segment}/x")


def test_non_string_segment_is_refused() -> None:
    with pytest.raises(TypeError):
        quote_path(42)  # type: ignore[arg-type]


@pytest.mark.asyncio
@pytest.mark.parametrize("segment", NASTY_SEGMENTS)
async def test_encoded_segment_arrives_as_one_segment(
    fault_server: FaultServer, api: Flavored, segment: str
) -> None:
    path = f"/clients/{quote_path(segment)}/subscriptions"
    fault_server.script(path, Reply(json=[]))
    assert await api.request("GET", path) == []
    received = fault_server.last.path
    # The server sees exactly what was sent: still encoded, three segments.
    assert received == path
    assert received.split("/")[1:] == ["clients", quote_path(segment), "subscriptions"]
    assert unquote(received.split("/")[2]) == segment


@pytest.mark.asyncio
async def test_encoded_segment_under_a_prefix(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    path = "/authentication/" + quote_path("password_based:built_in_database") + "/users"
    fault_server.script("/api/v5" + path, Reply(json={"data": []}))
    api = make_api("deployment")
    assert await api.request("GET", path) == {"data": []}
    assert (
        fault_server.last.path == "/api/v5/authentication/password_based%3Abuilt_in_database/users"
    )


@pytest.mark.asyncio
async def test_double_slash_path_stays_on_the_configured_host(
    fault_server: FaultServer, api: Flavored
) -> None:
    # "//host/x" is a network-path reference when resolved as a URL; the
    # client must append it to the base URL, not send credentials elsewhere.
    fault_server.script("//evil.example/x", Reply(json="here"))
    assert await api.request("GET", "//evil.example/x") == "here"
    assert fault_server.last.path == "//evil.example/x"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("raw", "sent"),
    [("/x y", "/x%20y"), ("/x ", "/x%20"), ("/caf\u00e9", "/caf%C3%A9"), ('/a"b', "/a%22b")],
    ids=["inner-space", "trailing-space", "non-ascii", "quote"],
)
async def test_unencoded_characters_are_percent_encoded_not_dropped(
    fault_server: FaultServer, api: Flavored, raw: str, sent: str
) -> None:
    # A raw request() path is encoded like a URL path; nothing is trimmed.
    fault_server.script(sent, Reply(json="ok"))
    assert await api.request("GET", raw) == "ok"
    assert fault_server.last.path == sent
