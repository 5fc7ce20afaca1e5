"""Client configuration: environment fallbacks, missing credentials, HTTPS-only
base URLs, TLS trust (CA bundle, EMQX_CA_BUNDLE, verify=False, untrusted
certificates), repr and pickling of clients, and bad arguments refused before
any request is sent."""

from __future__ import annotations

import asyncio
import base64
import pickle
import re
from pathlib import Path
from typing import Any

import pytest

import emqx_platform
from emqx_platform import APIConnectionError, EMQXError, InsecureRequestWarning
from support.clients import DEPLOYMENT_PREFIX, SECRET, USER, aclose, client_class
from support.faultserver import FaultServer, Reply
from support.flavors import Flavored, FlavoredFactory

BASIC = "Basic " + base64.b64encode(f"{USER}:{SECRET}".encode()).decode()
KINDS = ["platform", "deployment"]
# (argument, variable) per kind, in constructor order.
CREDENTIAL_ENV = {
    "platform": [("api_key", "EMQX_PLATFORM_API_KEY"), ("api_secret", "EMQX_PLATFORM_API_SECRET")],
    "deployment": [
        ("app_id", "EMQX_DEPLOYMENT_APP_ID"),
        ("app_secret", "EMQX_DEPLOYMENT_APP_SECRET"),
    ],
}
BASE_URL_ENV = {"platform": "EMQX_PLATFORM_BASE_URL", "deployment": "EMQX_DEPLOYMENT_BASE_URL"}


def base_url_for(kind: str, server: FaultServer) -> str:
    return server.url + (DEPLOYMENT_PREFIX if kind == "deployment" else "")


def set_full_env(
    monkeypatch: pytest.MonkeyPatch, kind: str, server: FaultServer, ca_path: str
) -> None:
    (_, key_var), (_, secret_var) = CREDENTIAL_ENV[kind]
    monkeypatch.setenv(key_var, USER)
    monkeypatch.setenv(secret_var, SECRET)
    monkeypatch.setenv(BASE_URL_ENV[kind], base_url_for(kind, server))
    monkeypatch.setenv("EMQX_CA_BUNDLE", ca_path)


# -- environment fallbacks ----------------------------------------------------


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("kind", KINDS)
def test_everything_can_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
    fault_server: FaultServer,
    ca_path: str,
    kind: str,
    is_async: bool,
) -> None:
    set_full_env(monkeypatch, kind, fault_server, ca_path)
    fault_server.require_auth(USER, SECRET)
    fault_server.script(
        base_url_for(kind, fault_server).removeprefix(fault_server.url) + "/x", Reply()
    )
    client = client_class(kind, is_async=is_async)()
    assert base_url_for(kind, fault_server) in repr(client)
    if is_async:

        async def call() -> None:
            await client.request("GET", "/x")
            await aclose(client)

        asyncio.run(call())
    else:
        with client:
            client.request("GET", "/x")
    assert fault_server.last.headers["authorization"] == BASIC


def test_arguments_win_over_the_environment(
    monkeypatch: pytest.MonkeyPatch, fault_server: FaultServer, ca_path: str
) -> None:
    monkeypatch.setenv("EMQX_PLATFORM_API_KEY", "env-key")
    monkeypatch.setenv("EMQX_PLATFORM_API_SECRET", "env-secret")
    monkeypatch.setenv("EMQX_PLATFORM_BASE_URL", "https://127.0.0.1:1")
    fault_server.require_auth(USER, SECRET)
    fault_server.script("/x", Reply(json=[]))
    with emqx_platform.PlatformClient(
        USER, SECRET, base_url=fault_server.url, verify=ca_path
    ) as client:
        assert client.request("GET", "/x") == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("missing", [0, 1], ids=["key", "secret"])
def test_missing_credential_names_argument_and_variable(
    monkeypatch: pytest.MonkeyPatch,
    fault_server: FaultServer,
    ca_path: str,
    kind: str,
    missing: int,
) -> None:
    set_full_env(monkeypatch, kind, fault_server, ca_path)
    argument, variable = CREDENTIAL_ENV[kind][missing]
    monkeypatch.delenv(variable)
    with pytest.raises(EMQXError) as info:
        client_class(kind, is_async=False)()
    assert argument in str(info.value)
    assert variable in str(info.value)


@pytest.mark.parametrize("kind", KINDS)
def test_missing_base_url_names_argument_and_variable(
    monkeypatch: pytest.MonkeyPatch, fault_server: FaultServer, ca_path: str, kind: str
) -> None:
    # Every deployment has its own host, and the Platform API's address is
    # not documented: there is no default to fall back to.
    set_full_env(monkeypatch, kind, fault_server, ca_path)
    monkeypatch.delenv(BASE_URL_ENV[kind])
    with pytest.raises(EMQXError) as info:
        client_class(kind, is_async=False)()
    assert "base_url" in str(info.value)
    assert BASE_URL_ENV[kind] in str(info.value)


def test_every_missing_setting_is_named_at_once() -> None:
    with pytest.raises(EMQXError) as info:
        emqx_platform.PlatformClient()
    names = ["api_key", "api_secret", "base_url"]
    names += ["EMQX_PLATFORM_API_KEY", "EMQX_PLATFORM_API_SECRET", "EMQX_PLATFORM_BASE_URL"]
    for name in names:
        assert name in str(info.value)


# -- HTTPS only ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "allow"),
    [
        ("http://127.0.0.1:8080", False),
        ("http://localhost:8080", False),
        ("http://example.com", True),  # consent is not enough: loopback only
        ("ftp://127.0.0.1", True),
        ("not a url", False),
    ],
)
def test_insecure_base_urls_are_refused(url: str, allow: bool) -> None:
    with pytest.raises(ValueError, match=r"(?i)http|url"):
        emqx_platform.PlatformClient(USER, SECRET, base_url=url, allow_insecure_http=allow)


def test_base_url_with_credentials_is_refused() -> None:
    # Credentials in a URL end up in logs and error messages.
    with pytest.raises(ValueError, match="credentials"):
        emqx_platform.PlatformClient(USER, SECRET, base_url="https://u:p@127.0.0.1:1")


@pytest.mark.asyncio
async def test_plain_http_to_loopback_works_when_allowed(
    plain_http_server: FaultServer, make_api: FlavoredFactory
) -> None:
    plain_http_server.script("/x", Reply(json={"plain": True}))
    api = make_api(base_url=plain_http_server.url, verify=True, allow_insecure_http=True)
    assert await api.request("GET", "/x") == {"plain": True}
    assert plain_http_server.last.headers["authorization"] == BASIC


# -- TLS trust ----------------------------------------------------------------


@pytest.mark.asyncio
async def test_untrusted_certificate_is_a_connection_error(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    # verify=True: the system trust store does not know the test CA.
    api = make_api(verify=True)
    with pytest.raises(APIConnectionError) as info:
        await api.request("GET", "/x")
    assert "certificate" in str(info.value).lower()
    assert fault_server.requests == []


@pytest.mark.asyncio
async def test_verify_false_warns_and_connects(
    fault_server: FaultServer, make_api: FlavoredFactory
) -> None:
    fault_server.script("/x", Reply(json=1))
    with pytest.warns(InsecureRequestWarning, match=r"(?i)verif"):
        api = make_api(verify=False)
    assert await api.request("GET", "/x") == 1


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("kind", KINDS)
def test_verify_false_warning_points_at_the_caller(kind: str, is_async: bool) -> None:
    # The warning must name the user's line, not a line inside the SDK.
    with pytest.warns(InsecureRequestWarning) as record:
        client_class(kind, is_async=is_async)(
            USER, SECRET, base_url="https://127.0.0.1:1", verify=False
        )
    assert record[0].filename == __file__


def test_unreadable_ca_bundle_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"(?i)CA bundle"):
        emqx_platform.PlatformClient(
            USER, SECRET, base_url="https://127.0.0.1:1", verify=str(tmp_path / "missing.pem")
        )


def test_ca_bundle_that_is_not_pem_is_refused(tmp_path: Path) -> None:
    bundle = tmp_path / "garbage.pem"
    bundle.write_text("this is not a certificate\n")
    with pytest.raises(ValueError, match=r"(?i)pem|certificate"):
        emqx_platform.PlatformClient(
            USER, SECRET, base_url="https://127.0.0.1:1", verify=str(bundle)
        )


def test_ca_bundle_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, fault_server: FaultServer, ca_path: str
) -> None:
    monkeypatch.setenv("EMQX_CA_BUNDLE", ca_path)
    fault_server.script("/x", Reply(json="trusted"))
    with emqx_platform.PlatformClient(USER, SECRET, base_url=fault_server.url) as client:
        assert client.request("GET", "/x") == "trusted"


# -- repr and pickling --------------------------------------------------------

KEY = "KEY0123456789abcdef"
HIDDEN = "s3cret-value-never-shown"


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("kind", KINDS)
def test_repr_shows_base_url_and_masked_key_only(kind: str, is_async: bool) -> None:
    base_url = "https://127.0.0.1:1" + (DEPLOYMENT_PREFIX if kind == "deployment" else "")
    client = client_class(kind, is_async=is_async)(KEY, HIDDEN, base_url=base_url)
    for text in (repr(client), str(client)):
        assert base_url in text
        assert HIDDEN not in text
        assert KEY not in text
        assert KEY[:3] in text  # masked, not omitted


# (key, how repr shows it): the first four characters of a key of eight or
# more, nothing of a shorter one (four characters would be half of it).
MASKED_KEYS = [
    ("KEY0123456789abcdef", "KEY0****"),
    ("abcdefgh", "abcd****"),
    ("abcdefg", "****"),
    ("abc", "****"),
    ("a", "****"),
    ("ключ-приложения", "ключ****"),
]


@pytest.mark.parametrize(("key", "masked"), MASKED_KEYS)
@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("kind", KINDS)
def test_repr_masks_the_key_exactly(kind: str, is_async: bool, key: str, masked: str) -> None:
    base_url = "https://127.0.0.1:1" + (DEPLOYMENT_PREFIX if kind == "deployment" else "")
    client = client_class(kind, is_async=is_async)(key, HIDDEN, base_url=base_url)
    username_arg = CREDENTIAL_ENV[kind][0][0]
    expected = f"{type(client).__name__}(base_url={base_url!r}, {username_arg}={masked!r})"
    assert repr(client) == expected
    assert_shows_at_most_four_characters(repr(client), key)


@pytest.mark.parametrize(("key", "masked"), MASKED_KEYS)
def test_transport_repr_masks_the_key_exactly(key: str, masked: str) -> None:
    # The native transport masks on its own (in Rust): it can be reached as
    # client._transport and shows up in tracebacks and debuggers.
    client = emqx_platform.PlatformClient(key, HIDDEN, base_url="https://127.0.0.1:1")
    text = repr(client._transport)
    assert text == f'Transport(base_url="https://127.0.0.1:1", username="{masked}")'
    assert_shows_at_most_four_characters(text, key)


def assert_shows_at_most_four_characters(text: str, key: str) -> None:
    """The key's field in ``text`` is at most its first four characters, then ``****``."""
    assert HIDDEN not in text
    match = re.search(r"(?:api_key|app_id|username)=['\"]([^'\"]*)['\"]", text)
    assert match, text
    shown = match.group(1).removesuffix("****")
    assert match.group(1).endswith("****"), text
    assert key.startswith(shown), text
    assert len(shown) <= 4, text


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("kind", KINDS)
def test_clients_refuse_pickling(kind: str, is_async: bool) -> None:
    # A pickled client would carry its secret to wherever the bytes go.
    client = client_class(kind, is_async=is_async)(KEY, HIDDEN, base_url="https://127.0.0.1:1")
    with pytest.raises((TypeError, pickle.PicklingError)):
        pickle.dumps(client)


# -- bad arguments never reach the server -------------------------------------

BAD_ARGUMENTS: list[tuple[str, dict[str, Any], type[Exception] | tuple[type[Exception], ...]]] = [
    ("empty method", {"method": "", "path": "/x"}, ValueError),
    ("method with space", {"method": "GE T", "path": "/x"}, ValueError),
    ("method not a str", {"method": 42, "path": "/x"}, TypeError),
    ("method OPTIONS", {"method": "OPTIONS", "path": "/x"}, ValueError),
    ("method CONNECT", {"method": "connect", "path": "/x"}, ValueError),
    ("path without slash", {"method": "GET", "path": "clients"}, ValueError),
    ("empty path", {"method": "GET", "path": ""}, ValueError),
    ("absolute URL as path", {"method": "GET", "path": "https://evil.example/x"}, ValueError),
    ("path not a str", {"method": "GET", "path": 7}, TypeError),
    ("path as bytes", {"method": "GET", "path": b"/x"}, TypeError),
    ("path with query", {"method": "GET", "path": "/x?a=b"}, ValueError),
    ("path with dot-dot", {"method": "GET", "path": "/clients/../banned"}, ValueError),
    ("params a string", {"method": "GET", "path": "/x", "params": "a=b"}, TypeError),
    ("params a number", {"method": "GET", "path": "/x", "params": 5}, TypeError),
    ("params value object", {"method": "GET", "path": "/x", "params": {"a": object()}}, TypeError),
    ("params value dict", {"method": "GET", "path": "/x", "params": {"a": {"b": 1}}}, TypeError),
    (
        "json not serializable",
        {"method": "POST", "path": "/x", "json": object()},
        (TypeError, ValueError),
    ),
]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("arguments", "error"),
    [pytest.param(args, err, id=name) for name, args, err in BAD_ARGUMENTS],
)
async def test_bad_arguments_raise_before_any_request(
    fault_server: FaultServer,
    api: Flavored,
    arguments: dict[str, Any],
    error: type[Exception] | tuple[type[Exception], ...],
) -> None:
    fault_server.script("/x", Reply())
    # A copy: the parameter dict is shared by the sync and async runs.
    arguments = dict(arguments)
    method, path = arguments.pop("method"), arguments.pop("path")
    with pytest.raises(error):
        await api.request(method, path, **arguments)
    assert fault_server.requests == []
