"""Client options (timeouts, retries, response size, user agent): the core is
the one authority for their bounds, types and defaults, so a bad value gets
the same error, naming the argument, from the constructor, ``with_options``
and ``request(timeout=...)``, before any request is sent."""

from __future__ import annotations

import math
import warnings
from typing import Any

import pytest

import emqx_platform
from emqx_platform import _core
from support.clients import SECRET, USER, client_class
from support.faultserver import FaultServer, Reply
from support.flavors import Flavored

KINDS = ["platform", "deployment"]
BASE_URL = "https://127.0.0.1:1"
ONE_DAY = 86_400

# (option, value, error): each refused the same way wherever it is given.
BAD_OPTIONS: list[tuple[str, Any, type[Exception]]] = [
    ("timeout", 0, ValueError),
    ("timeout", -1, ValueError),
    ("timeout", math.nan, ValueError),
    ("timeout", math.inf, ValueError),
    ("timeout", ONE_DAY + 1, ValueError),
    ("timeout", 10**400, ValueError),
    ("timeout", True, TypeError),
    ("timeout", "30", TypeError),
    ("connect_timeout", 0, ValueError),
    ("connect_timeout", ONE_DAY * 2.0, ValueError),
    ("connect_timeout", False, TypeError),
    ("max_retries", -1, ValueError),
    ("max_retries", 11, ValueError),
    ("max_retries", 10**30, ValueError),
    ("max_retries", 1.0, TypeError),
    ("max_retries", True, TypeError),
    ("max_response_bytes", 1023, ValueError),
    ("max_response_bytes", 2**30 + 1, ValueError),
    ("max_response_bytes", 2**70, ValueError),
    ("max_response_bytes", "1024", TypeError),
    ("user_agent", 3, TypeError),
]
IDS = [f"{option}={value!r}"[:40] for option, value, _ in BAD_OPTIONS]


def error_of(action: Any) -> Exception:
    with pytest.raises((TypeError, ValueError)) as info:
        action()
    return info.value


@pytest.mark.parametrize(("option", "value", "error"), BAD_OPTIONS, ids=IDS)
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("kind", KINDS)
def test_bad_option_is_refused_the_same_way_everywhere(
    kind: str, is_async: bool, option: str, value: Any, error: type[Exception]
) -> None:
    cls = client_class(kind, is_async=is_async)
    client = cls(USER, SECRET, base_url=BASE_URL)
    from_constructor = error_of(lambda: cls(USER, SECRET, base_url=BASE_URL, **{option: value}))
    from_with_options = error_of(lambda: client.with_options(**{option: value}))
    assert type(from_constructor) is error
    assert option in str(from_constructor)
    assert (type(from_with_options), str(from_with_options)) == (
        error,
        str(from_constructor),
    )


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("value", "error"),
    [(value, error) for option, value, error in BAD_OPTIONS if option == "timeout"],
)
async def test_bad_request_timeout_matches_the_constructor(
    fault_server: FaultServer, api: Flavored, value: Any, error: type[Exception]
) -> None:
    fault_server.script("/x", Reply())
    from_constructor = error_of(
        lambda: emqx_platform.PlatformClient(USER, SECRET, base_url=BASE_URL, timeout=value)
    )
    with pytest.raises(error) as info:
        await api.request("GET", "/x", timeout=value)
    assert str(info.value) == str(from_constructor)
    assert fault_server.requests == []


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("timeout", ONE_DAY),
        ("connect_timeout", 0.001),
        ("max_retries", 0),
        ("max_retries", 10),
        ("max_response_bytes", 1024),
        ("max_response_bytes", 2**30),
    ],
)
def test_the_bounds_themselves_are_accepted(option: str, value: Any) -> None:
    client = emqx_platform.PlatformClient(USER, SECRET, base_url=BASE_URL, **{option: value})
    assert getattr(client, option) == value
    assert getattr(client.with_options(**{option: value}), option) == value


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("kind", KINDS)
def test_defaults_come_from_the_core(kind: str, is_async: bool) -> None:
    explicit = client_class(kind, is_async=is_async)(USER, SECRET, base_url=BASE_URL)
    from_none = client_class(kind, is_async=is_async)(
        USER,
        SECRET,
        base_url=BASE_URL,
        timeout=None,
        connect_timeout=None,
        max_retries=None,
        max_response_bytes=None,
    )
    for client in (explicit, from_none):
        assert client.timeout == _core.DEFAULT_TIMEOUT == 30.0
        assert client.connect_timeout == _core.DEFAULT_CONNECT_TIMEOUT == 5.0
        assert client.max_retries == _core.DEFAULT_MAX_RETRIES == 2
        assert client.max_response_bytes == _core.DEFAULT_MAX_RESPONSE_BYTES == 64 * 1024 * 1024


def test_with_options_none_keeps_the_clients_values() -> None:
    client = emqx_platform.PlatformClient(
        USER, SECRET, base_url=BASE_URL, timeout=7, max_retries=5, max_response_bytes=4096
    )
    copy = client.with_options(timeout=None, max_retries=None, max_response_bytes=None)
    assert (copy.timeout, copy.max_retries, copy.max_response_bytes) == (7, 5, 4096)


def test_the_bounds_come_from_the_core() -> None:
    assert (_core.MAX_SECONDS, _core.MAX_RETRIES, _core.MAX_RESPONSE_BYTES) == (
        ONE_DAY,
        10,
        2**30,
    )
    doc = " ".join((emqx_platform.PlatformClient.__init__.__doc__ or "").split())
    assert "at most 86,400" in doc
    assert "at most 10" in doc
    assert "at most 1 GiB" in doc


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("kind", KINDS)
def test_options_are_checked_before_the_base_url_and_verify(kind: str, is_async: bool) -> None:
    cls = client_class(kind, is_async=is_async)
    with pytest.raises(ValueError, match=r"^timeout"):
        cls(USER, SECRET, base_url="http://example.com", timeout=0)
    # No client was made, so verify=False warns about nothing.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"^max_retries"):
            cls(USER, SECRET, base_url=BASE_URL, verify=False, max_retries=-1)
    with pytest.warns(emqx_platform.InsecureRequestWarning) as record:
        cls(USER, SECRET, base_url=BASE_URL, verify=False)
    assert record[0].filename == __file__


@pytest.mark.asyncio
async def test_a_request_checks_its_timeout_first(fault_server: FaultServer, api: Flavored) -> None:
    with pytest.raises(ValueError, match=r"^timeout"):
        await api.request("BAD METHOD", "/x", timeout=0)
    assert fault_server.requests == []
