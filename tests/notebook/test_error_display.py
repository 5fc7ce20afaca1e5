"""Errors and publish results in a notebook: HTML and IPython's plain text.

An error shows its class, status, code, message and the call (method and
path); never its headers (a ``set-cookie``) or the raw body.
"""

from __future__ import annotations

from html.parser import HTMLParser

from IPython.lib.pretty import pretty

from emqx_platform import APIConnectionError, NotFoundError
from emqx_platform.types.deployment import PublishResult


class Text(HTMLParser):
    """The text of an HTML fragment, and its tags."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: set[str] = set()
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def not_found() -> NotFoundError:
    return NotFoundError(
        status_code=404,
        method="GET",
        url="https://h.example:8443/api/v5/clients/%3Cscript%3E",
        body={"code": "CLIENTID_NOT_FOUND", "message": "Client <script> not found"},
        headers={"set-cookie": "session=s3cret"},
        request_id="req-1",
    )


def test_a_status_error_renders_its_fields() -> None:
    text = Text(not_found()._repr_html_())
    assert "script" not in text.tags
    assert text.parts == [
        "NotFoundError",
        *("status", "404"),
        *("code", "CLIENTID_NOT_FOUND"),
        *("message", "Client <script> not found"),
        *("call", "GET /api/v5/clients/%3Cscript%3E"),
        *("request id", "req-1"),
    ]


def test_a_status_error_in_plain_text() -> None:
    assert pretty(not_found()).splitlines() == [
        "NotFoundError",
        "  status: 404",
        "  code: CLIENTID_NOT_FOUND",
        "  message: Client <script> not found",
        "  call: GET /api/v5/clients/%3Cscript%3E",
        "  request id: req-1",
    ]


def test_no_header_or_body_secret_is_shown() -> None:
    error = not_found()
    for shown in (error._repr_html_(), pretty(error), repr(error)):
        assert "s3cret" not in shown


def test_a_connection_error_renders_its_message_and_call() -> None:
    error = APIConnectionError(
        "connection refused", method="POST", url="https://h.example/api/v5/publish"
    )
    assert pretty(error).splitlines() == [
        "APIConnectionError",
        "  message: connection refused",
        "  call: POST /api/v5/publish",
    ]
    assert Text(error._repr_html_()).parts[0] == "APIConnectionError"


def test_publish_results_say_whether_they_were_delivered() -> None:
    delivered = PublishResult(id="0006ABC")
    dropped = PublishResult(reason_code=16, message="no_matching_subscribers")
    assert repr(delivered) == "PublishResult(delivered=True, id='0006ABC')"
    assert repr(dropped) == (
        "PublishResult(delivered=False, reason_code=16, message='no_matching_subscribers')"
    )
    assert pretty(delivered) == "PublishResult: delivered, message id 0006ABC"
    assert "".join(Text(dropped._repr_html_()).parts) == (
        "PublishResult: not delivered: reason code 16 (no_matching_subscribers)"
    )
