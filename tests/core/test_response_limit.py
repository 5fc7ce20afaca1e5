"""``max_response_bytes``: a body over the limit raises ``ResponseTooLargeError`` unread.

The limit holds for 2xx and error bodies alike: up front when the answer has a
``Content-Length``, and while reading a chunked one, so at most one chunk
more than the limit is ever held. It is never retried.
"""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from emqx_platform import APIError, ResponseTooLargeError
from support.clients import SECRET, USER, client_class
from support.faultserver import FaultServer, Reply
from support.flavors import Flavored, FlavoredFactory

MiB = 1024 * 1024
DEFAULT_LIMIT = 64 * MiB
BODY_KINDS = ["content-length", "chunked"]


def large(size_mib: int, *, chunked: bool, status: int = 200) -> Reply:
    """A text body of ``size_mib`` MiB, sent in 1 MiB pieces."""
    return Reply(
        status=status,
        body=b"x" * MiB,
        repeat=size_mib,
        chunked=chunked,
    )


async def expect_too_large(
    api: Flavored, path: str = "/big", **kwargs: Any
) -> ResponseTooLargeError:
    with pytest.raises(ResponseTooLargeError) as failure:
        await api.request("GET", path, **kwargs)
    return failure.value


@pytest.mark.parametrize("kind", BODY_KINDS)
@pytest.mark.asyncio
async def test_the_default_limit_refuses_a_body_over_64_mib(
    fault_server: FaultServer, api: Flavored, kind: str
) -> None:
    fault_server.script("/big", large(80, chunked=kind == "chunked"))

    error = await expect_too_large(api)

    assert isinstance(error, APIError)
    assert (error.status_code, error.max_response_bytes) == (200, DEFAULT_LIMIT)
    assert f"max_response_bytes={DEFAULT_LIMIT}" in str(error)
    assert "with_options()" in str(error)
    assert error.path == "/big"
    if kind == "content-length":
        assert f"{80 * MiB} bytes (its Content-Length)" in str(error)


@pytest.mark.parametrize("kind", BODY_KINDS)
@pytest.mark.asyncio
async def test_a_body_at_the_limit_is_read_and_one_byte_more_is_not(
    fault_server: FaultServer, make_api: FlavoredFactory, kind: str
) -> None:
    chunked = kind == "chunked"
    # Three chunks, so a chunked body is joined from several reads.
    fault_server.script("/fits", Reply(body=b"a" * 1365, repeat=3, chunked=chunked))
    fault_server.script("/over", Reply(body=b"a" * 1366, repeat=3, chunked=chunked))
    api = make_api(max_response_bytes=4095)

    assert await api.request("GET", "/fits") == "a" * 4095
    error = await expect_too_large(api, "/over")
    assert error.max_response_bytes == 4095


@pytest.mark.parametrize("kind", BODY_KINDS)
@pytest.mark.asyncio
async def test_error_bodies_are_limited_too_and_not_retried(
    fault_server: FaultServer, make_api: FlavoredFactory, kind: str
) -> None:
    # A 503 to a GET is retried, unless its body is too large.
    fault_server.script("/big", large(2, chunked=kind == "chunked", status=503))
    api = make_api(max_response_bytes=MiB, max_retries=2)

    error = await expect_too_large(api)

    assert error.status_code == 503
    assert "the body of the 503 response" in str(error)
    assert len(fault_server.requests_to("/big")) == 1


@pytest.mark.asyncio
async def test_reading_stops_at_the_limit(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    # The server would send 1 GiB; the client stops after 1 MiB and closes
    # the connection, so the server gets to write little more than what
    # the sockets' buffers hold.
    fault_server.script("/endless", large(1024, chunked=True))
    api = make_api(max_response_bytes=MiB)

    await expect_too_large(api, "/endless")

    assert fault_server.body_bytes_sent < 128 * MiB


@pytest.mark.asyncio
async def test_with_options_changes_the_limit(fault_server: FaultServer, api: Flavored) -> None:
    fault_server.script("/page", Reply(json={"data": "y" * 5000}))
    strict = api.with_options(max_response_bytes=4096)

    assert (await api.request("GET", "/page"))["data"] == "y" * 5000
    error = await expect_too_large(strict, "/page")
    assert error.max_response_bytes == 4096
    assert strict.client.max_response_bytes == 4096
    assert api.client.max_response_bytes == DEFAULT_LIMIT


@pytest.mark.asyncio
async def test_head_answers_announce_a_length_they_do_not_carry(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    # The Content-Length of a HEAD answer is that of the GET's body.
    fault_server.script("/big", Reply(body=b"z" * 8192))
    api = make_api(max_response_bytes=1024)

    # No body: "" as the answer says text/plain.
    assert await api.request("HEAD", "/big") == ""
    assert fault_server.last.method == "HEAD"


def test_the_error_pickles_with_its_attributes() -> None:
    error = ResponseTooLargeError(
        "too large", method="GET", url="https://h/x", status_code=200, max_response_bytes=1024
    )
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.status_code, copy.max_response_bytes, str(copy)) == (
        200,
        1024,
        str(error),
    )


@pytest.mark.parametrize("value", [0, -1, 1023, 2**30 + 1, 2**70])
@pytest.mark.parametrize("kind", ["platform", "deployment"])
def test_out_of_range_limits_raise_value_error(kind: str, value: int) -> None:
    cls = client_class(kind, is_async=False)
    with pytest.raises(ValueError, match="max_response_bytes must be between"):
        cls(USER, SECRET, base_url="https://emqx.test", max_response_bytes=value)
    client = cls(USER, SECRET, base_url="https://emqx.test")
    with pytest.raises(ValueError, match="max_response_bytes must be between"):
        client.with_options(max_response_bytes=value)


@pytest.mark.parametrize("value", [True, 1.5e6, "64MiB"])
def test_non_integer_limits_raise_type_error(value: object) -> None:
    cls = client_class("platform", is_async=True)
    with pytest.raises(TypeError, match="max_response_bytes must be an int"):
        cls(USER, SECRET, base_url="https://emqx.test", max_response_bytes=value)


def test_bounds_are_accepted() -> None:
    cls = client_class("deployment", is_async=True)
    for value in (1024, 2**30):
        client = cls(USER, SECRET, base_url="https://emqx.test", max_response_bytes=value)
        assert client.max_response_bytes == value
