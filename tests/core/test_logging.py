"""Logging on the ``emqx_platform`` logger: requests (method, path, status) and
retries are logged, credentials never are, and ``EMQX_LOG=debug`` turns on
output to stderr by itself."""

from __future__ import annotations

import base64
import logging
import os
import subprocess
import sys
import textwrap

import pytest

from emqx_platform import AuthenticationError, NotFoundError
from support.clients import ClientFactory, client_class
from support.faultserver import FaultServer, Reply, emqx_error
from support.flavors import FlavoredFactory, Flavors

# Distinctive values, so a match cannot come from ordinary words like "secret".
KEY = "KEYlogtest0123456789"
HIDDEN = "Hidden-Pass-9f8e7d"
WRONG = "Wrong-Pass-1a2b3c"
AUTH_VALUE = base64.b64encode(f"{KEY}:{HIDDEN}".encode()).decode()
WRONG_AUTH_VALUE = base64.b64encode(f"{KEY}:{WRONG}".encode()).decode()


def all_log_text(caplog: pytest.LogCaptureFixture) -> str:
    """Every record as a handler could render it, arguments included."""
    parts = []
    for record in caplog.records:
        parts += [record.getMessage(), repr(record.args), repr(record.__dict__)]
    return "\n".join(parts)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    # Set before the client is built: that is when the SDK picks up the
    # logging configuration.
    caplog.set_level(logging.DEBUG, logger="emqx_platform")
    return caplog


@pytest.mark.asyncio
async def test_request_is_logged_with_method_path_and_status(
    fault_server: FaultServer, make_api: FlavoredFactory, debug_logs: pytest.LogCaptureFixture
) -> None:
    fault_server.script("/api/v5/clients", Reply(status=201, json={"created": True}))
    await make_api("deployment").request("POST", "/clients", json={"a": 1})
    records = [r for r in debug_logs.records if r.name.startswith("emqx_platform")]
    assert records, "no log record on the emqx_platform logger"
    messages = [r.getMessage() for r in records]
    line = next((m for m in messages if "/api/v5/clients" in m), None)
    assert line is not None, messages
    assert "POST" in line
    assert "201" in line, line


def test_level_changed_after_the_client_was_built_applies(
    fault_server: FaultServer, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    # As in a notebook: the client exists first, logging is switched on later.
    fault_server.script("/x", Reply(json=1))
    client = make_client()
    client.request("GET", "/x")
    assert not [r for r in caplog.records if r.name.startswith("emqx_platform")]
    caplog.set_level(logging.DEBUG, logger="emqx_platform")
    client.request("GET", "/x")
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("emqx_platform")]
    assert any("/x" in m for m in messages), messages


def test_each_level_change_applies_to_the_next_call(
    fault_server: FaultServer, make_client: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    # The level is read from the logger's own cache of `isEnabledFor`
    # answers, which every level change empties: no step may see a stale one.
    busy = emqx_error(503, "BUSY", "busy", headers={"Retry-After": "0"})
    client = make_client(max_retries=1)

    def messages_of_one_call() -> list[str]:
        caplog.clear()
        fault_server.script("/x", busy, Reply(json=1))
        assert client.request("GET", "/x") == 1
        return [r.getMessage() for r in caplog.records if r.name.startswith("emqx_platform")]

    steps = [(logging.DEBUG, 2), (logging.INFO, 1), (logging.WARNING, 0), (logging.DEBUG, 2)]
    for level, expected in steps:
        caplog.set_level(level, logger="emqx_platform")
        messages = messages_of_one_call()
        # DEBUG: the retry (INFO) and the answer (DEBUG); INFO: the retry only.
        assert len(messages) == expected, (logging.getLevelName(level), messages)
        if expected:
            assert "retry" in messages[0].lower(), messages


def test_retry_is_logged(
    fault_server: FaultServer, make_client: ClientFactory, debug_logs: pytest.LogCaptureFixture
) -> None:
    busy = emqx_error(503, "BUSY", "busy", headers={"Retry-After": "0"})
    fault_server.script("/x", busy, Reply(json=1))
    client = make_client(max_retries=2)
    assert client.request("GET", "/x") == 1
    messages = [r.getMessage() for r in debug_logs.records if r.name.startswith("emqx_platform")]
    retry_lines = [m for m in messages if "retry" in m.lower()]
    assert len(retry_lines) == 1, messages
    assert "503" in retry_lines[0]


def test_failure_is_logged(
    fault_server: FaultServer, make_client: ClientFactory, debug_logs: pytest.LogCaptureFixture
) -> None:
    fault_server.script("/missing", emqx_error(404, "NOT_FOUND", "gone"))
    client = make_client()
    with pytest.raises(Exception, match="404"):
        client.request("GET", "/missing")
    messages = [r.getMessage() for r in debug_logs.records if r.name.startswith("emqx_platform")]
    assert any("/missing" in m and "404" in m for m in messages), messages


@pytest.mark.asyncio
async def test_credentials_never_appear_in_logs(
    fault_server: FaultServer,
    debug_logs: pytest.LogCaptureFixture,
    ca_path: str,
    flavors: Flavors,
) -> None:
    # Success after a retry, an error status, and an authentication failure.
    fault_server.require_auth(KEY, HIDDEN)
    busy = emqx_error(503, "BUSY", "busy", headers={"Retry-After": "0"})
    fault_server.script("/x", busy, Reply(json=1))
    fault_server.script("/missing", emqx_error(404, "NOT_FOUND", "gone"))
    cls = client_class("platform", is_async=flavors.is_async)
    options = {"base_url": fault_server.url, "verify": ca_path, "max_retries": 1}
    good = flavors.wrap(cls(KEY, HIDDEN, **options))
    bad = flavors.wrap(cls(KEY, WRONG, **options))
    calls = [
        (good, "PUT", "/x", None),
        (good, "POST", "/missing", NotFoundError),
        (bad, "GET", "/x", AuthenticationError),
    ]
    for api, method, path, error in calls:
        raised: Exception | None = None
        try:
            await api.request(method, path, json={"password": "not-logged-either"})
        except (NotFoundError, AuthenticationError) as caught:
            raised = caught
        assert type(raised) is (error or type(None))
    for api in (good, bad):
        await api.close()
    text = all_log_text(debug_logs)
    assert "/missing" in text, "the requests were not logged"
    for leak in (HIDDEN, WRONG, AUTH_VALUE, WRONG_AUTH_VALUE, "not-logged-either"):
        assert leak not in text, leak


def test_emqx_log_debug_writes_to_stderr(fault_server: FaultServer, ca_path: str) -> None:
    fault_server.script("/probe/path", Reply(json={"ok": True}))
    script = textwrap.dedent(
        f"""
        import emqx_platform
        client = emqx_platform.PlatformClient({KEY!r}, {HIDDEN!r},
            base_url={fault_server.url!r}, verify={ca_path!r})
        assert client.request("GET", "/probe/path") == {{"ok": True}}
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMQX_")}
    env["EMQX_LOG"] = "debug"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "/probe/path" in result.stderr
    assert "GET" in result.stderr
    assert HIDDEN not in result.stderr
    assert AUTH_VALUE not in result.stderr
    # And without EMQX_LOG the SDK is silent.
    del env["EMQX_LOG"]
    quiet = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert quiet.returncode == 0, quiet.stderr
    assert "/probe/path" not in quiet.stderr
