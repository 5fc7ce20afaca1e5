"""The proxy policy, against a real CONNECT proxy on loopback (``support/connectproxy.py``).

Only HTTPS requests to hosts that are not loopback and not in ``NO_PROXY`` go
through a proxy: ``proxy=``, else ``EMQX_PROXY``, ``HTTPS_PROXY`` or
``ALL_PROXY``. A plain ``http://`` request never does (the proxy would read
its credentials), and ``proxy=False`` turns proxies off. The fault server is
addressed as ``emqx.test``, a name only the proxy resolves (to 127.0.0.1), so
a request that reaches it went through the proxy.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from emqx_platform import APIConnectionError
from support.certificates import ServerCertificates
from support.clients import SECRET, USER, client_class
from support.connectproxy import ConnectProxy
from support.faultserver import FaultServer, Reply
from support.flavors import Flavored, FlavoredFactory
from support.sockets import closed_port

PROXY_VARIABLES = [
    "EMQX_PROXY",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
]
PROXY_USER = "proxy-user"
# Characters that must be percent-encoded in a URL, and a marker to grep for.
PROXY_PASSWORD = "hunter2:p@ss/word"


@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's proxy settings must not decide these tests."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def proxy() -> Iterator[ConnectProxy]:
    with ConnectProxy({"emqx.test": "127.0.0.1"}) as server:
        yield server


@pytest.fixture
def auth_proxy() -> Iterator[ConnectProxy]:
    with ConnectProxy(
        {"emqx.test": "127.0.0.1"}, required_auth=(PROXY_USER, PROXY_PASSWORD)
    ) as server:
        yield server


def named_url(server: FaultServer) -> str:
    """The fault server's URL under a name only the proxy resolves."""
    return f"https://emqx.test:{server.port}"


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


# -- the two reported defects ---------------------------------------------------


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"])
@pytest.mark.asyncio
async def test_plain_http_to_loopback_never_goes_through_a_proxy(
    plain_http_server: FaultServer,
    proxy: ConnectProxy,
    make_api: FlavoredFactory,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    # Proxied, the credentials would reach the proxy in clear (Authorization:
    # Basic ...) and the loopback server never.
    monkeypatch.setenv(variable, proxy.url)
    plain_http_server.script("/projects", Reply(json={"data": []}))
    api = make_api(base_url=plain_http_server.url, allow_insecure_http=True)

    assert await api.request("GET", "/projects") == {"data": []}

    assert proxy.requests == []
    assert plain_http_server.last.headers["authorization"] == basic(USER, SECRET)


@pytest.mark.asyncio
async def test_the_emulator_is_reachable_with_https_proxy_set(
    platform: Flavored, proxy: ConnectProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A proxy on another machine cannot reach this machine's 127.0.0.1 (this
    # one answers 502 to it, as a real one would fail): loopback goes direct.
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    projects = await platform(lambda c: c.projects.list())

    assert projects
    assert proxy.requests == []


def test_sync_calls_on_the_main_thread_follow_the_same_policy(
    plain_http_server: FaultServer,
    fault_server: FaultServer,
    proxy: ConnectProxy,
    ca_path: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Sequential calls of the main thread use an HTTP client of that thread's
    # own, built on first use: it must apply the policy too.
    monkeypatch.setenv("ALL_PROXY", proxy.url)
    plain_http_server.script("/projects", Reply(json={"data": []}))
    fault_server.script("/projects", Reply(json={"data": [2]}))
    cls = client_class("platform", is_async=False)
    options: dict[str, Any] = {"timeout": 5.0, "max_retries": 0}
    with cls(
        USER, SECRET, base_url=plain_http_server.url, allow_insecure_http=True, **options
    ) as local:
        assert local.request("GET", "/projects") == {"data": []}
    assert proxy.requests == []
    with cls(USER, SECRET, base_url=named_url(fault_server), verify=ca_path, **options) as remote:
        assert remote.request("GET", "/projects") == {"data": [2]}
    assert [r.method for r in proxy.requests] == ["CONNECT"]


# -- HTTPS through a proxy --------------------------------------------------------


@pytest.mark.asyncio
async def test_https_goes_through_the_proxy_with_its_credentials(
    fault_server: FaultServer, auth_proxy: ConnectProxy, ca_path: str, make_api: FlavoredFactory
) -> None:
    fault_server.script("/projects", Reply(json={"data": [1]}))
    api = make_api(
        base_url=named_url(fault_server),
        verify=ca_path,
        proxy=auth_proxy.url_with(PROXY_USER, PROXY_PASSWORD),
    )

    assert await api.request("GET", "/projects") == {"data": [1]}

    [connect] = auth_proxy.requests
    assert (connect.method, connect.target) == ("CONNECT", f"emqx.test:{fault_server.port}")
    assert connect.headers["proxy-authorization"] == basic(PROXY_USER, PROXY_PASSWORD)
    # The API credentials travel inside the tunnel, where only the server sees them.
    assert "authorization" not in connect.headers
    assert fault_server.last.headers["authorization"] == basic(USER, SECRET)
    assert api.client.proxy == f"http://127.0.0.1:{auth_proxy.port}/"


@pytest.mark.parametrize(
    "variable", ["EMQX_PROXY", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
)
@pytest.mark.asyncio
async def test_the_proxy_comes_from_the_environment(
    fault_server: FaultServer,
    proxy: ConnectProxy,
    ca_path: str,
    make_api: FlavoredFactory,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    monkeypatch.setenv(variable, proxy.url)
    fault_server.script("/projects", Reply(json={"data": []}))
    api = make_api(base_url=named_url(fault_server), verify=ca_path)

    assert await api.request("GET", "/projects") == {"data": []}
    assert [r.method for r in proxy.requests] == ["CONNECT"]


@pytest.mark.asyncio
async def test_emqx_proxy_comes_before_https_proxy(
    fault_server: FaultServer,
    proxy: ConnectProxy,
    ca_path: str,
    make_api: FlavoredFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setenv("EMQX_PROXY", proxy.url)
    fault_server.script("/projects", Reply(json={"data": []}))
    api = make_api(base_url=named_url(fault_server), verify=ca_path)

    assert await api.request("GET", "/projects") == {"data": []}
    assert len(proxy.requests) == 1


@pytest.mark.asyncio
async def test_the_proxy_is_read_once_when_the_client_is_built(
    fault_server: FaultServer,
    proxy: ConnectProxy,
    ca_path: str,
    make_api: FlavoredFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Sequential sync calls and overlapping ones use two HTTP clients, the
    # second built on first use: both must use the proxy the client was built with.
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    fault_server.script("/projects", Reply(json={"data": []}))
    api = make_api(base_url=named_url(fault_server), verify=ca_path)
    monkeypatch.delenv("HTTPS_PROXY")

    assert await api.request("GET", "/projects") == {"data": []}
    assert len(proxy.requests) == 1


# -- hosts reached directly -------------------------------------------------------


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
@pytest.mark.asyncio
async def test_loopback_hosts_are_never_proxied(
    fault_server: FaultServer,
    proxy: ConnectProxy,
    ca_path: str,
    make_api: FlavoredFactory,
    host: str,
) -> None:
    fault_server.script("/projects", Reply(json={"data": []}))
    api = make_api(base_url=f"https://{host}:{fault_server.port}", verify=ca_path, proxy=proxy.url)

    assert await api.request("GET", "/projects") == {"data": []}
    assert proxy.requests == []


@pytest.mark.parametrize("variable", ["NO_PROXY", "no_proxy"])
@pytest.mark.asyncio
async def test_no_proxy_hosts_are_reached_directly(
    fault_server: FaultServer,
    proxy: ConnectProxy,
    ca_path: str,
    make_api: FlavoredFactory,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv(variable, "example.com, .test")
    api = make_api(base_url=named_url(fault_server), verify=ca_path)

    # Directly, emqx.test does not resolve: the call fails without asking the proxy.
    with pytest.raises(APIConnectionError):
        await api.request("GET", "/projects")
    assert proxy.requests == []


@pytest.mark.asyncio
async def test_proxy_false_turns_the_environment_off(
    fault_server: FaultServer,
    proxy: ConnectProxy,
    ca_path: str,
    make_api: FlavoredFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("EMQX_PROXY", proxy.url)
    api = make_api(base_url=named_url(fault_server), verify=ca_path, proxy=False)

    with pytest.raises(APIConnectionError):
        await api.request("GET", "/projects")
    assert proxy.requests == []
    assert api.client.proxy is None


# -- credentials never show ---------------------------------------------------------


@pytest.mark.asyncio
async def test_proxy_credentials_never_show(
    fault_server: FaultServer,
    auth_proxy: ConnectProxy,
    ca_path: str,
    make_api: FlavoredFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="emqx_platform")
    wrong = auth_proxy.url_with(PROXY_USER, "wrong-" + PROXY_PASSWORD)
    dead = f"http://{PROXY_USER}:hunter2@127.0.0.1:{closed_port()}"
    shown: list[str] = []
    for proxy_url in (wrong, dead):
        api = make_api(base_url=named_url(fault_server), verify=ca_path, proxy=proxy_url)
        with pytest.raises(APIConnectionError) as failure:
            await api.request("GET", "/projects")
        shown += [str(failure.value), repr(failure.value), repr(api.client)]
        shown += [repr(api.client._transport), str(api.client.proxy)]

    assert [r.headers.get("proxy-authorization") for r in auth_proxy.requests] == [
        basic(PROXY_USER, "wrong-" + PROXY_PASSWORD)
    ]
    shown += [record.getMessage() for record in caplog.records]
    tokens = [basic(PROXY_USER, "hunter2"), basic(PROXY_USER, "wrong-" + PROXY_PASSWORD)]
    for text in shown:
        assert "hunter2" not in text, text
        assert not any(token.split()[1] in text for token in tokens), text
    assert fault_server.requests == []


# -- bad settings are refused at construction ---------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "socks5://proxy-user:hunter2@127.0.0.1:1080",
        "socks5h://127.0.0.1:1080",
        "ftp://proxy-user:hunter2@proxy",
        "http://proxy-user:hunter2@proxy:3128/some/path",
        "",
    ],
)
def test_unusable_proxy_urls_raise_value_error(value: str) -> None:
    cls = client_class("deployment", is_async=False)
    with pytest.raises(ValueError, match=r"^proxy: ") as failure:
        cls(USER, SECRET, base_url="https://emqx.test", proxy=value)
    assert "hunter2" not in str(failure.value)


@pytest.mark.parametrize("variable", ["EMQX_PROXY", "HTTPS_PROXY", "ALL_PROXY"])
def test_an_unusable_proxy_in_the_environment_is_named(
    monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "socks5://proxy-user:hunter2@127.0.0.1:1080")
    cls = client_class("platform", is_async=True)
    with pytest.raises(ValueError, match=f"^{variable} .*SOCKS") as failure:
        cls(USER, SECRET, base_url="https://emqx.test")
    assert "hunter2" not in str(failure.value)


@pytest.mark.parametrize("value", [True, 3128, b"http://proxy:3128"])
def test_proxy_must_be_a_url_false_or_none(value: object) -> None:
    cls = client_class("platform", is_async=False)
    with pytest.raises(TypeError, match="proxy must be"):
        cls(USER, SECRET, base_url="https://emqx.test", proxy=value)


@pytest.mark.asyncio
async def test_an_https_proxy_is_checked_like_the_server(
    fault_server: FaultServer,
    certificates: ServerCertificates,
    ca_path: str,
    make_api: FlavoredFactory,
) -> None:
    # TLS to the proxy, then TLS to the server inside it: both certificates
    # are checked against verify= (here the test CA, which signed both).
    fault_server.script("/projects", Reply(json={"data": []}))
    with ConnectProxy({"emqx.test": "127.0.0.1"}, tls=certificates.server_context()) as proxy:
        api = make_api(base_url=named_url(fault_server), verify=ca_path, proxy=proxy.url)
        assert await api.request("GET", "/projects") == {"data": []}
        assert [r.method for r in proxy.requests] == ["CONNECT"]

        untrusting = make_api(base_url=named_url(fault_server), verify=True, proxy=proxy.url)
        with pytest.raises(APIConnectionError, match="certificate"):
            await untrusting.request("GET", "/projects")
