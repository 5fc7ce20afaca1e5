"""The exceptions of emqx-platform.

They are defined here, in Python, so users can read, subclass and pickle them;
the Rust core (``emqx_platform._core``) constructs them with the keyword
arguments documented on each class, so those signatures are a contract.

::

    EMQXError
    ├── APIError                     method, url, body
    │   ├── APIStatusError           status_code, code, message, headers, request_id, reason_code,
    │   │                            hint
    │   │   ├── BadRequestError            400
    │   │   ├── AuthenticationError        401
    │   │   ├── PermissionDeniedError      403
    │   │   ├── NotFoundError              404
    │   │   ├── ConflictError              409
    │   │   ├── UnprocessableEntityError   422
    │   │   ├── RateLimitError             429
    │   │   └── InternalServerError        >= 500
    │   ├── APIConnectionError (also ConnectionError)
    │   │   └── APITimeoutError (also TimeoutError)
    │   └── ResponseTooLargeError    status_code, max_response_bytes

Bad arguments raise ``ValueError`` / ``TypeError`` before any request is sent.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import _display

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "EMQXError",
    "InsecureRequestWarning",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "UnprocessableEntityError",
]

# How much of an error body or message goes into ``str(error)``; the whole
# thing stays available as ``error.body`` / ``error.message``.
_MAX_MESSAGE_CHARS = 500
_MAX_BODY_CHARS = 200

# Error bodies are read up to ``max_response_bytes``, and only their start can
# reach the message: the start is all that is looked at.
_MAX_SCANNED_CHARS = 16_384

# A tag ends at the first '>', or is no tag at the next '<': each scan stops
# there, so stripping tags stays linear in the page's length.
_TAG = re.compile(r"<[^<>]*>")
# Scripts and style sheets are text between tags, but not words for a reader.
_SCRIPT_OR_STYLE_START = re.compile(r"<(script|style)\b")
_WHITESPACE = re.compile(r"\s+")


class InsecureRequestWarning(UserWarning):
    """Warned when a client is built with ``verify=False``.

    Certificate verification is off, so anyone on the network path can read
    and change the traffic, credentials included. Silence it (only if you must)
    with ``warnings.filterwarnings("ignore", category=InsecureRequestWarning)``.
    """

    def __init__(self, *args: object) -> None:
        """Issued by the SDK through ``warnings.warn``; not made by hand."""
        super().__init__(*args)


def _restore(cls: type[BaseException], args: tuple[object, ...], state: dict[str, Any]) -> Any:
    """Rebuild a pickled exception without calling its ``__init__``.

    The constructors take keyword-only arguments, which the default exception
    pickling (``cls(*self.args)``) cannot replay; setting ``args`` and
    ``__dict__`` directly restores every attribute, also for user subclasses
    with other signatures.
    """
    error = cls.__new__(cls, *args)
    # OSError subclasses that define __init__ leave ``args`` empty in
    # ``__new__``; set it for every class so ``str()`` comes back the same.
    error.args = args
    error.__dict__.update(state)
    return error


class EMQXError(Exception):
    """Base class of every exception raised by emqx-platform.

    Catch this to handle any failure of the SDK: a missing credential, an
    error answer from the API, or a network problem.
    """

    def __init__(self, message: str) -> None:
        """An error with this message (the SDK raises the subclasses)."""
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class APIError(EMQXError):
    """A request was sent (or attempted) and did not give a usable answer.

    Raised as is when a successful answer cannot be decoded (for example a
    body that claims to be JSON but is not); the subclasses cover error
    statuses and network failures.

    Attributes:
        message: What went wrong, in words (for ``APIStatusError``, the
            ``message`` field of the error body, or ``None``).
        method: The HTTP method, e.g. ``"GET"``.
        url: The request URL (never contains credentials).
        body: The response body: decoded JSON, else text, else ``None``.
    """

    # Declared for type checkers only (the docstring lists them): runtime
    # annotations would show in help().
    if TYPE_CHECKING:
        message: str | None
        method: str
        url: str
        body: object

    def __init__(self, message: str, *, method: str, url: str, body: object = None) -> None:
        """Raised by the SDK with the failed request's method and URL (see the attributes)."""
        # One line that says what failed and on which call.
        super().__init__(f"{_one_line(message, None)} ({method} {_url_path(url)})")
        self.message = message
        self.method = method
        self.url = url
        self.body = body

    @property
    def path(self) -> str:
        """The path of ``url``, without the scheme and host."""
        return _url_path(self.url)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, method={self.method!r}, url={self.url!r})"

    _repr_pretty_ = _display.error_pretty
    _repr_html_ = _display.error_html


class APIStatusError(APIError):
    """The API answered with an error status (any non-2xx other than the subclasses').

    The Rust core raises the most specific subclass for the status: 400
    ``BadRequestError``, 401 ``AuthenticationError``, 403
    ``PermissionDeniedError``, 404 ``NotFoundError``, 409
    ``ConflictError``, 422 ``UnprocessableEntityError``, 429
    ``RateLimitError``, 5xx ``InternalServerError``, and this class
    for any other status.

    EMQX error bodies look like ``{"code": "NOT_FOUND", "message": "..."}``;
    the publish endpoints use ``{"reason_code": 16, "message": "..."}``.
    Match on ``code`` (stable, machine-readable) rather than on
    ``message`` (human text)::

        try:
            client.request("DELETE", "/banned/clientid/x")
        except NotFoundError:
            pass  # already gone
        except APIStatusError as e:
            print(e.status_code, e.code, e.message, e.request_id)

    Attributes:
        status_code: The HTTP status, e.g. ``404`` (``200`` for an EMQX 4
            error reported inside a successful answer).
        code: The body's ``code``: a string in EMQX 5 (e.g. ``"NOT_FOUND"``),
            an integer in EMQX 4 (e.g. ``112``), or ``None``.
        message: The body's ``message`` string, or ``None``.
        reason_code: The body's MQTT ``reason_code`` integer, or ``None``.
        body: The whole body: decoded JSON, else text, else ``None``.
        headers: The response headers, lower-case names; secrets such as
            ``set-cookie`` are ``"<redacted>"``.
        request_id: The ``X-Request-Id`` response header, or ``None``; quote
            it when asking support about a failed call.
        hint: Advice the SDK added to ``str(error)`` (for example the
            documented rate limit of the endpoint that answered 429), or
            ``None``. The server's own words stay in ``message``.
        method: The HTTP method.
        url: The request URL (never contains credentials).
    """

    # Declared for type checkers only (the docstring lists them): runtime
    # annotations would show in help().
    if TYPE_CHECKING:
        status_code: int
        code: str | int | None
        reason_code: int | None
        headers: dict[str, str]
        request_id: str | None
        hint: str | None

    def __init__(
        self,
        *,
        status_code: int,
        method: str,
        url: str,
        body: object = None,
        headers: Mapping[str, str] | None = None,
        request_id: str | None = None,
        hint: str | None = None,
    ) -> None:
        """Raised by the SDK with the answer's status, body and headers; ``code``,
        ``message`` and ``reason_code`` are read from the body."""
        code = _body_field(body, "code", (str, int))
        message = _body_field(body, "message", str)
        reason_code = _body_field(body, "reason_code", int)
        summary = _status_summary(status_code, code, message, reason_code, body)
        super().__init__(summary, method=method, url=url, body=body)
        if hint:
            # After "(METHOD /path)": what the server said, on which call, then the advice.
            self.args = (f"{self.args[0]}; {_one_line(hint, _MAX_MESSAGE_CHARS)}",)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.reason_code = reason_code
        self.headers = dict(headers) if headers is not None else {}
        self.request_id = request_id
        self.hint = hint or None

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code!r}, code={self.code!r}, "
            f"message={self.message!r}, method={self.method!r}, url={self.url!r}, "
            f"request_id={self.request_id!r})"
        )

    _repr_pretty_ = _display.error_pretty  # before IPython falls back on the __repr__ above


class BadRequestError(APIStatusError):
    """400 Bad Request: the request was malformed or failed validation.

    ``message`` says which field was wrong (in EMQX it is
    sometimes a JSON document encoded as a string).
    """


class AuthenticationError(APIStatusError):
    """401 Unauthorized: the API key / App ID or its secret was not accepted."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden: the credentials are valid but not allowed to do this."""


class NotFoundError(APIStatusError):
    """404 Not Found: the object (or the endpoint) does not exist."""


class ConflictError(APIStatusError):
    """409 Conflict: the object already exists, or is in a conflicting state."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity: the request was understood but cannot be applied."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests: the rate limit was hit.

    When the server sent ``Retry-After`` (at most 60 s), the client already
    waited and retried up to ``max_retries`` times for retryable methods.
    Without it the client does not retry: the Platform API's limits count
    per hour, so ``hint`` names the limit of the endpoint instead.
    """


class InternalServerError(APIStatusError):
    """A 5xx status: the server (or a gateway in front of it) failed."""


class APIConnectionError(APIError, ConnectionError):
    """No usable answer: the connection was refused or reset, TLS failed, or the body was cut.

    Also a builtin ``ConnectionError``. ``str(error)`` names the cause
    and the call, e.g. ``invalid peer certificate: UnknownIssuer (GET /projects)``.
    """

    def __init__(self, message: str, *, method: str, url: str) -> None:
        """Raised by the SDK with what failed and the request's method and URL."""
        super().__init__(message, method=method, url=url)


class APITimeoutError(APIConnectionError, TimeoutError):
    """An attempt took longer than its timeout (``timeout`` or ``connect_timeout``).

    Also a builtin ``TimeoutError``.
    """

    def __init__(self, message: str = "Request timed out", *, method: str, url: str) -> None:
        """Raised by the SDK with the phase that timed out and the request's method and URL."""
        super().__init__(message, method=method, url=url)


class ResponseTooLargeError(APIError):
    """The response body is larger than the client's ``max_response_bytes``.

    The body was not read (beyond the limit), so a huge answer cannot
    exhaust memory; the call is not retried. To accept larger answers, pass
    a larger ``max_response_bytes`` to the client, or use
    ``client.with_options(max_response_bytes=...)`` for one call.

    Attributes:
        status_code: The HTTP status of the response, e.g. ``200``.
        max_response_bytes: The limit that was exceeded, in bytes.
    """

    # Declared for type checkers only (the docstring lists them): runtime
    # annotations would show in help().
    if TYPE_CHECKING:
        status_code: int
        max_response_bytes: int

    def __init__(
        self, message: str, *, method: str, url: str, status_code: int, max_response_bytes: int
    ) -> None:
        """Raised by the SDK with the answer's status and the limit it went over."""
        super().__init__(message, method=method, url=url)
        self.status_code = status_code
        self.max_response_bytes = max_response_bytes


def _body_field(body: object, key: str, kind: type[Any] | tuple[type[Any], ...]) -> Any:
    """``body[key]`` when the body is a JSON object and the value has the given type."""
    if not isinstance(body, dict):
        return None
    value = body.get(key)
    # bool is an int subclass, but ``"reason_code": true`` is not a reason code.
    if isinstance(value, kind) and not isinstance(value, bool):
        return value
    return None


def _status_summary(
    status: int,
    code: str | int | None,
    message: str | None,
    reason_code: int | None,
    body: object,
) -> str:
    """``404 NOT_FOUND: User not found``: status, a label and a detail, on one line."""
    if isinstance(code, int):
        # EMQX 4's numeric result codes (``200 code=112: ...``).
        head = f"{status} code={code}"
    elif code is not None:
        head = f"{status} {_one_line(code, _MAX_MESSAGE_CHARS)}"
    elif reason_code is not None:
        head = f"{status} reason_code={reason_code}"
    else:
        head = f"{status} {_status_phrase(status)}".rstrip()
    detail = _detail(body, code, message)
    return f"{head}: {detail}" if detail else head


def _status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _detail(body: object, code: str | int | None, message: str | None) -> str:
    """The most useful short text of an error body."""
    if message is not None:
        return _one_line(message, _MAX_MESSAGE_CHARS)
    if body is None:
        return ""
    if isinstance(body, str):
        start = body[:_MAX_SCANNED_CHARS]
        # An HTML error page from a proxy: keep its words, drop the markup.
        text = _html_text(start) if start.lstrip().startswith("<") else start
        return _one_line(text, _MAX_BODY_CHARS)
    if isinstance(body, dict):
        if "message" in body:
            return _one_line(_compact_json(body["message"]), _MAX_BODY_CHARS)
        if code is not None and len(body) == 1:
            return ""
    return _one_line(_compact_json(body), _MAX_BODY_CHARS)


def _html_text(page: str) -> str:
    """The words of an HTML page: no tags, scripts or styles; entities decoded.

    One pass from left to right (a hostile page of unclosed ``<script>`` tags
    must not make it quadratic); an unclosed script or style runs to the end.
    """
    lower = page.lower()
    kept: list[str] = []
    at = 0
    while (start := _SCRIPT_OR_STYLE_START.search(lower, at)) is not None:
        kept.append(page[at : start.start()])
        end = lower.find("</" + start.group(1), start.end())
        close = -1 if end < 0 else lower.find(">", end)
        at = len(page) if close < 0 else close + 1
    kept.append(page[at:])
    return html.unescape(_TAG.sub(" ", " ".join(kept)))


def _compact_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _one_line(text: str, limit: int | None) -> str:
    """Whitespace (newlines included) collapsed, and at most ``limit`` characters."""
    flat = _WHITESPACE.sub(" ", text).strip()
    return flat if limit is None or len(flat) <= limit else flat[: limit - 1] + "…"


def _url_path(url: str) -> str:
    """The path of a URL (``/api/v5/clients``), or the URL itself if it has none."""
    try:
        return urlsplit(url).path or url
    except ValueError:
        return url
