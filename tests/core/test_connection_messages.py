"""A connection error's message names the server (host and port), and a certificate signed
by a CA the client does not trust says how to trust it (``verify=`` / ``EMQX_CA_BUNDLE``)."""

from __future__ import annotations

import pytest

from emqx_platform import APIConnectionError, PlatformClient
from support.faultserver import FaultServer
from support.sockets import closed_port


def test_a_refused_connection_names_host_and_port() -> None:
    port = closed_port()
    with (
        PlatformClient("k", "s", base_url=f"https://127.0.0.1:{port}", max_retries=0) as client,
        pytest.raises(APIConnectionError) as info,
    ):
        client.request("GET", "/projects")
    text = str(info.value)
    assert text.startswith(f"cannot connect to 127.0.0.1:{port}: "), text
    assert text.endswith("(GET /projects)"), text


def test_an_untrusted_certificate_says_how_to_pass_a_ca(fault_server: FaultServer) -> None:
    # The fault server's certificate is signed by the tests' own CA, which the
    # system trust store (verify=True) does not hold.
    with (
        PlatformClient("k", "s", base_url=fault_server.url, verify=True, max_retries=0) as client,
        pytest.raises(APIConnectionError) as info,
    ):
        client.request("GET", "/projects")
    text = str(info.value)
    assert f"127.0.0.1:{fault_server.port}" in text
    assert "UnknownIssuer" in text
    assert 'verify="/path/to/ca.pem"' in text
    assert "EMQX_CA_BUNDLE" in text
    assert fault_server.requests_to("/projects") == []
