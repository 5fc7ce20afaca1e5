"""The test servers' TLS identity: one CA that clients trust, and a certificate it signed."""

from __future__ import annotations

import ssl
from pathlib import Path

import trustme


class ServerCertificates:
    """A CA (PEM file the client trusts) and a certificate for 127.0.0.1, localhost, emqx.test."""

    def __init__(self, directory: Path) -> None:
        self.ca = trustme.CA()
        # emqx.test: a name that is not loopback, for the proxy tests.
        self.leaf = self.ca.issue_cert("127.0.0.1", "localhost", "emqx.test")
        self.ca_path = directory / "ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_path))

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.leaf.configure_cert(context)
        return context
