"""Every Platform API endpoint, defined once for the sync and the async resources.

An :class:`Endpoint` is the documented method, path template and rate limit;
``endpoint.call(...)`` fills in the path (each segment percent-encoded) and
the body; :func:`send` / :func:`send_async` run it on a client. A 429 comes
back as a :class:`RateLimitError` whose message names the documented limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..._base_client import _AsyncBaseClient, _BaseClient, _ClientCore
from ..._exceptions import RateLimitError
from ..._paths import quote_path
from ..._request import JSON

__all__ = [
    "CREATE_TLS",
    "DELETE_TLS",
    "GET_DEPLOYMENT",
    "GET_TLS",
    "LIST_DEPLOYMENTS",
    "LIST_PROJECTS",
    "START_DEPLOYMENT",
    "STOP_DEPLOYMENT",
    "UPDATE_TLS",
    "Call",
    "Endpoint",
    "Resource",
    "send",
    "send_async",
]


@dataclass(frozen=True)
class Endpoint:
    """One documented endpoint: method, path template and calls allowed per hour."""

    method: str
    template: str
    calls_per_hour: int

    @property
    def limit(self) -> str:
        """The documented limit in words, e.g. ``GET /projects allows 60 requests per hour``."""
        noun = "request" if self.calls_per_hour == 1 else "requests"
        return f"{self.method} {self.template} allows {self.calls_per_hour} {noun} per hour"

    def call(self, deployment_id: str | None = None, *, json: JSON = None) -> Call:
        """This endpoint for one deployment (its id percent-encoded) and body."""
        path = self.template
        if deployment_id is not None:
            path = path.replace("{deployment_id}", quote_path(deployment_id))
        return Call(self, path, json)


@dataclass(frozen=True)
class Call:
    """An endpoint with its path filled in and its body: what ``request`` sends."""

    endpoint: Endpoint
    path: str
    json: JSON = None


# Section 2.8 of the API reference: 60 reads per hour everywhere, 6 of each TLS
# write, and one start and one stop per hour.
LIST_PROJECTS = Endpoint("GET", "/projects", 60)
LIST_DEPLOYMENTS = Endpoint("GET", "/deployments", 60)
GET_DEPLOYMENT = Endpoint("GET", "/deployments/{deployment_id}", 60)
START_DEPLOYMENT = Endpoint("POST", "/deployments/{deployment_id}/start", 1)
STOP_DEPLOYMENT = Endpoint("POST", "/deployments/{deployment_id}/stop", 1)
GET_TLS = Endpoint("GET", "/deployments/{deployment_id}/tls", 60)
CREATE_TLS = Endpoint("POST", "/deployments/{deployment_id}/tls", 6)
UPDATE_TLS = Endpoint("PUT", "/deployments/{deployment_id}/tls", 6)
DELETE_TLS = Endpoint("DELETE", "/deployments/{deployment_id}/tls", 6)


ClientT = TypeVar("ClientT", bound=_ClientCore)


class Resource(Generic[ClientT]):
    """Base of the resource classes: they keep their client, and show it in ``repr``."""

    def __init__(self, client: ClientT) -> None:
        self._client: ClientT = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"


def send(client: _BaseClient, call: Call) -> Any:
    """Send ``call`` on a blocking client; a 429 names the endpoint's limit."""
    try:
        return client.request(call.endpoint.method, call.path, json=call.json)
    except RateLimitError as error:
        raise _with_limit(error, call.endpoint) from None


async def send_async(client: _AsyncBaseClient, call: Call) -> Any:
    """Send ``call`` on an asyncio client; a 429 names the endpoint's limit."""
    try:
        return await client.request(call.endpoint.method, call.path, json=call.json)
    except RateLimitError as error:
        raise _with_limit(error, call.endpoint) from None


def _with_limit(error: RateLimitError, endpoint: Endpoint) -> RateLimitError:
    """The same 429, with the documented limit in its message (``error.hint``).

    The server's own ``code``, ``message``, body, headers and request id are
    kept; the traceback still leads into the call that failed.
    """
    amended = RateLimitError(
        status_code=error.status_code,
        method=error.method,
        url=error.url,
        body=error.body,
        headers=error.headers,
        request_id=error.request_id,
        hint=f"documented limit: {endpoint.limit}",
    )
    return amended.with_traceback(error.__traceback__)
