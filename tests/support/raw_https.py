"""Requests the SDK would never send (no auth header, bad JSON, other content types),
sent with the standard library to an emulator that is trusted through its CA file."""

from __future__ import annotations

import base64
import http.client
import json
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass
class RawAnswer:
    status: int
    headers: dict[str, str]
    raw: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.raw)


def send(
    url: str,
    ca_path: str,
    method: str = "GET",
    *,
    headers: dict[str, str] | None = None,
    body: bytes | Iterable[bytes] | None = None,
    timeout: float = 10.0,
) -> RawAnswer:
    """One HTTPS request to ``url``, exactly as given (headers are not added)."""
    parts = urlsplit(url)
    context = ssl.create_default_context(cafile=ca_path)
    conn = http.client.HTTPSConnection(
        parts.hostname or "", parts.port, context=context, timeout=timeout
    )
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, target, body=body, headers=headers or {})
        response = conn.getresponse()
        return RawAnswer(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read(),
        )
    finally:
        conn.close()


def basic(user: str, secret: str) -> dict[str, str]:
    """An ``Authorization: Basic ...`` header."""
    token = base64.b64encode(f"{user}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {token}"}
