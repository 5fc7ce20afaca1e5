"""Shared fixtures: the fault-injection server, clients that trust its CA, a clean env,
and clients of each flavor (sync and async) for one test body.

Clients of the fault server are configured with ``max_retries=0`` and a short
``timeout`` so that a failing request fails fast; tests about retries or
timeouts build their own client with ``make_client`` / ``make_api`` and
explicit options. See ``support/flavors.py`` for how one test body covers the
sync and the async clients.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import pytest_asyncio

from emqx_platform.testing import Emulator
from support.certificates import ServerCertificates
from support.clients import PREFIXES, SECRET, USER, ClientFactory, aclose, client_class
from support.faultserver import FaultServer
from support.flavors import FLAVORS, Flavored, FlavoredFactory, Flavors

# Test folders that need optional packages (the extras and Jupyter). Where one
# is missing, as when a wheel is tested with the bare test requirements on a
# Python the pins do not support, the folder is left out and the header says so.
_OPTIONAL = {
    "cli": ("click", "rich"),
    "notebook": (
        "pandas",
        "polars",
        "tqdm",
        "nbclient",
        "nbformat",
        "jupyter_client",
        "ipykernel",
        "matplotlib",
    ),
}
_MISSING = {
    folder: [name for name in names if importlib.util.find_spec(name) is None]
    for folder, names in _OPTIONAL.items()
}
collect_ignore = [folder for folder, missing in _MISSING.items() if missing]


def pytest_report_header() -> list[str]:
    return [
        f"left out: tests/{folder} (missing {', '.join(missing)})"
        for folder, missing in _MISSING.items()
        if missing
    ]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No EMQX_* variable of the developer's shell may leak into a test."""
    for name in list(os.environ):
        if name.startswith("EMQX_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> ServerCertificates:
    """One CA and server certificate for the whole session."""
    return ServerCertificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def ca_path(certificates: ServerCertificates) -> str:
    """The PEM file of the CA that signed the fault server's certificate."""
    return str(certificates.ca_path)


@pytest.fixture
def fault_server(certificates: ServerCertificates) -> Iterator[FaultServer]:
    """A fresh HTTPS fault server per test, so request logs never mix."""
    with FaultServer(certificates) as server:
        yield server


@pytest.fixture
def plain_http_server() -> Iterator[FaultServer]:
    """The same server without TLS, for the loopback ``allow_insecure_http`` case."""
    with FaultServer(None) as server:
        yield server


@pytest.fixture
def make_client(fault_server: FaultServer, ca_path: str) -> Iterator[ClientFactory]:
    """Build a client against the fault server; keyword options override the defaults.

    Sync clients are closed at teardown; async ones by the async fixtures
    (closing may need the event loop).
    """
    made: list[Any] = []

    def factory(kind: str = "platform", *, is_async: bool = False, **options: Any) -> Any:
        prefix = PREFIXES.get(kind, "")
        settings: dict[str, Any] = {
            "base_url": fault_server.url + prefix,
            "verify": ca_path,
            "timeout": 5.0,
            "max_retries": 0,
            **options,
        }
        client = client_class(kind, is_async=is_async)(USER, SECRET, **settings)
        if not is_async:
            made.append(client)
        return client

    yield factory
    for client in made:
        client.close()


# Named fault_*: the package's pytest plugin owns the plain names (emulator clients).
@pytest.fixture
def fault_platform_client(make_client: ClientFactory) -> Any:
    return make_client("platform")


@pytest.fixture
def fault_deployment_client(make_client: ClientFactory) -> Any:
    return make_client("deployment")


@pytest_asyncio.fixture
async def fault_async_platform_client(make_client: ClientFactory) -> AsyncIterator[Any]:
    client = make_client("platform", is_async=True)
    yield client
    await aclose(client)


@pytest_asyncio.fixture
async def fault_async_deployment_client(make_client: ClientFactory) -> AsyncIterator[Any]:
    client = make_client("deployment", is_async=True)
    yield client
    await aclose(client)


# -- one test body, sync and async (support/flavors.py) ----------------------------


@pytest.fixture(params=FLAVORS)
def flavor(request: pytest.FixtureRequest) -> str:
    """Run a test once with the sync client and once with the async one."""
    return str(request.param)


@pytest_asyncio.fixture
async def flavors(flavor: str) -> AsyncIterator[Flavors]:
    """Wraps this test's clients of its flavor; closes them at teardown."""
    made = Flavors(flavor)
    yield made
    await made.close()


@pytest.fixture
def make_api(make_client: ClientFactory, flavors: Flavors) -> FlavoredFactory:
    """Build a fault-server client of this test's flavor; keyword options as ``make_client``."""

    def factory(kind: str = "platform", **options: Any) -> Flavored:
        return flavors.wrap(make_client(kind, is_async=flavors.is_async, **options))

    return factory


@pytest.fixture
def api(make_api: FlavoredFactory) -> Flavored:
    """A fault-server Platform client of this test's flavor with the default test options."""
    return make_api()


@pytest.fixture
def make_platform(emqx_emulator: Emulator, flavors: Flavors) -> FlavoredFactory:
    """Build an emulator Platform client of this test's flavor (no retries: a 429 fails at once)."""

    def factory(**options: Any) -> Flavored:
        options.setdefault("max_retries", 0)
        if flavors.is_async:
            return flavors.wrap(emqx_emulator.async_platform_client(**options))
        return flavors.wrap(emqx_emulator.platform_client(**options))

    return factory


@pytest.fixture
def platform(make_platform: FlavoredFactory) -> Flavored:
    """An emulator Platform client of this test's flavor."""
    return make_platform()
