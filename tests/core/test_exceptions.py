"""The exception tree, the status -> class mapping, the attributes of a status
error, its one-line message, odd error bodies (not JSON, HTML, truncated),
redaction, and pickling of every exception class."""

from __future__ import annotations

import pickle

import pytest

import emqx_platform
from emqx_platform import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    EMQXError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from support.clients import SECRET, USER
from support.faultserver import FaultServer, Reply, emqx_error
from support.flavors import Flavored, FlavoredFactory
from support.sockets import closed_port

STATUS_CLASSES: list[type[APIStatusError]] = [
    BadRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    ConflictError,
    UnprocessableEntityError,
    RateLimitError,
    InternalServerError,
]

STATUS_TO_CLASS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    # Every 5xx, the unusual ones and the top of the range included.
    500: InternalServerError,
    501: InternalServerError,
    502: InternalServerError,
    503: InternalServerError,
    504: InternalServerError,
    507: InternalServerError,
    599: InternalServerError,
    # Any other 4xx is the plain status error.
    402: APIStatusError,
    405: APIStatusError,
    406: APIStatusError,
    410: APIStatusError,
    413: APIStatusError,
    415: APIStatusError,
    418: APIStatusError,
    451: APIStatusError,
    499: APIStatusError,
}

ATTRIBUTES = ("status_code", "code", "message", "body", "method", "url", "headers", "request_id")


# -- the tree -----------------------------------------------------------------


def test_every_exception_is_importable_from_the_package() -> None:
    for name in [
        "EMQXError",
        "APIError",
        "APIStatusError",
        "APIConnectionError",
        "APITimeoutError",
        *(cls.__name__ for cls in STATUS_CLASSES),
    ]:
        assert isinstance(getattr(emqx_platform, name), type), name


def test_hierarchy_matches_the_design() -> None:
    assert issubclass(EMQXError, Exception)
    assert APIError.__bases__ == (EMQXError,)
    assert APIStatusError.__bases__ == (APIError,)
    for cls in STATUS_CLASSES:
        assert cls.__bases__ == (APIStatusError,), cls
    assert issubclass(APIConnectionError, APIError)
    assert issubclass(APIConnectionError, ConnectionError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(APITimeoutError, TimeoutError)


def test_branches_do_not_overlap() -> None:
    # A status error is never caught by `except ConnectionError`, and the
    # status classes are siblings, not each other's parents.
    assert not issubclass(APIStatusError, ConnectionError)
    assert not issubclass(APIStatusError, APIConnectionError)
    assert not issubclass(APIConnectionError, APIStatusError)
    for cls in STATUS_CLASSES:
        for other in STATUS_CLASSES:
            if other is not cls:
                assert not issubclass(cls, other), (cls, other)


# -- status mapping and attributes --------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(("status", "expected"), STATUS_TO_CLASS.items())
async def test_status_maps_to_its_class(
    fault_server: FaultServer, api: Flavored, status: int, expected: type[APIStatusError]
) -> None:
    fault_server.script("/things", emqx_error(status, "SOME_CODE", "something happened"))
    with pytest.raises(APIStatusError) as info:
        await api.request("GET", "/things")
    assert type(info.value) is expected
    assert info.value.status_code == status
    assert info.value.code == "SOME_CODE"


@pytest.mark.asyncio
async def test_status_error_carries_its_attributes(
    fault_server: FaultServer, api: Flavored
) -> None:
    body = {"code": "CLIENTID_NOT_FOUND", "message": "Client ID not found"}
    fault_server.script(
        "/clients/abc",
        Reply(status=404, json=body, headers={"X-Request-Id": "req-123"}),
    )
    with pytest.raises(NotFoundError) as info:
        await api.request("GET", "/clients/abc", params={"page": 2})
    error = info.value
    assert error.status_code == 404
    assert error.code == "CLIENTID_NOT_FOUND"
    assert error.message == "Client ID not found"
    assert error.body == body
    assert error.method == "GET"
    assert error.url.startswith(f"{fault_server.url}/clients/abc")
    assert "page=2" in error.url
    headers = {name.lower(): value for name, value in error.headers.items()}
    assert headers["x-request-id"] == "req-123"
    assert headers["content-type"] == "application/json"
    assert error.request_id == "req-123"


@pytest.mark.asyncio
async def test_request_id_is_none_without_the_header(
    fault_server: FaultServer, api: Flavored
) -> None:
    fault_server.script("/x", emqx_error(400, "BAD_REQUEST", "nope"))
    with pytest.raises(BadRequestError) as info:
        await api.request("GET", "/x")
    assert info.value.request_id is None


@pytest.mark.asyncio
async def test_str_is_one_useful_line(fault_server: FaultServer, api: Flavored) -> None:
    fault_server.script("/rules/r1", emqx_error(409, "ALREADY_EXISTS", "rule r1 exists"))
    with pytest.raises(ConflictError) as info:
        await api.request("POST", "/rules/r1", json={"id": "r1"})
    text = str(info.value)
    assert "\n" not in text
    for part in ("409", "ALREADY_EXISTS", "rule r1 exists", "POST", "/rules/r1"):
        assert part in text, (part, text)


@pytest.mark.asyncio
async def test_json_body_without_code_and_message(fault_server: FaultServer, api: Flavored) -> None:
    fault_server.script("/x", Reply(status=400, json={"error": "bad"}))
    with pytest.raises(BadRequestError) as info:
        await api.request("GET", "/x")
    assert info.value.code is None
    assert info.value.message is None
    assert info.value.body == {"error": "bad"}


# -- bodies that are not EMQX JSON --------------------------------------------


@pytest.mark.asyncio
async def test_plain_text_body_gives_the_status_class(
    fault_server: FaultServer, api: Flavored
) -> None:
    fault_server.script("/x", Reply(status=500, body="upstream exploded"))
    with pytest.raises(InternalServerError) as info:
        await api.request("GET", "/x")
    assert info.value.status_code == 500
    assert info.value.code is None
    assert info.value.body == "upstream exploded"


@pytest.mark.asyncio
async def test_html_error_page_gives_the_status_class(
    fault_server: FaultServer, api: Flavored
) -> None:
    page = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>\n"
    fault_server.script("/x", Reply(status=502, body=page, content_type="text/html"))
    with pytest.raises(InternalServerError) as info:
        await api.request("GET", "/x")
    assert info.value.status_code == 502
    assert info.value.code is None
    assert "502 Bad Gateway" in str(info.value.body)
    # A multi-line page must not make the message multi-line.
    assert "\n" not in str(info.value)


NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)

# A load balancer's page: styles, a script, entities and far more text than a
# message should carry.
GATEWAY_PAGE = (
    "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
    "<title>Gateway Timeout</title>\n"
    "<style>\nbody { font-family: sans-serif; color: #333; }\nh1 { margin: 0 }\n</style>\n"
    "<script type='text/javascript'>\nwindow.onload = function () { track('504'); };\n"
    "</script>\n</head>\n<body>\n<h1>504&nbsp;Gateway Timeout</h1>\n"
    "<p>The upstream server did not answer in time &mdash; try again &amp; retry.</p>\n"
    + "<p>Filler paragraph that a proxy might add to its error page.</p>\n" * 200
    + "</body>\n</html>\n"
)


async def html_error(
    fault_server: FaultServer, api: Flavored, status: int, page: str
) -> APIStatusError:
    fault_server.script("/x", Reply(status=status, body=page, content_type="text/html"))
    with pytest.raises(InternalServerError) as info:
        await api.request("GET", "/x")
    assert info.value.body == page  # the whole page stays available
    return info.value


@pytest.mark.asyncio
async def test_html_error_page_message_has_no_tags(
    fault_server: FaultServer, api: Flavored
) -> None:
    text = str(await html_error(fault_server, api, 502, NGINX_502))
    assert text == "502 Bad Gateway: 502 Bad Gateway 502 Bad Gateway nginx (GET /x)"


@pytest.mark.asyncio
async def test_long_html_error_page_gives_a_short_readable_message(
    fault_server: FaultServer, api: Flavored
) -> None:
    text = str(await html_error(fault_server, api, 504, GATEWAY_PAGE))
    assert text.startswith("504 Gateway Timeout: Gateway Timeout 504 Gateway Timeout The upstream")
    assert text.endswith("(GET /x)")
    assert "\n" not in text
    for markup in ("<", ">", "&nbsp;", "&amp;", "&mdash;", "font-family", "window.onload"):
        assert markup not in text, (markup, text)
    assert "try again & retry" in text
    assert len(text) <= 300, len(text)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "page",
    [
        "<html><body>Blocked " + "<script>" * 200_000,
        "<html><body>Blocked " + "<a" * 400_000,
        "<html><body>Blocked " + "<style>x</sty" * 100_000,
    ],
    ids=["unclosed scripts", "unclosed tags", "unclosed styles"],
)
async def test_a_hostile_html_page_gives_its_message_at_once(
    fault_server: FaultServer, api: Flavored, page: str
) -> None:
    # A scan that restarts at every unclosed tag takes hours on these pages
    # (the suite's timeout fails it); one pass takes milliseconds.
    text = str(await html_error(fault_server, api, 502, page))
    assert text.startswith("502 Bad Gateway: Blocked")
    assert len(text) <= 300, len(text)


@pytest.mark.asyncio
@pytest.mark.parametrize(("status", "expected"), [(404, NotFoundError), (503, InternalServerError)])
async def test_truncated_body_gives_the_status_class(
    fault_server: FaultServer, api: Flavored, status: int, expected: type[APIStatusError]
) -> None:
    reply = emqx_error(status, "NOT_FOUND", "a long message that is cut short", truncate_at=12)
    fault_server.script("/x", reply)
    with pytest.raises(expected) as info:
        await api.request("GET", "/x")
    assert info.value.status_code == status


@pytest.mark.asyncio
async def test_truncated_success_body_is_a_connection_error(
    fault_server: FaultServer, api: Flavored
) -> None:
    # Half a JSON document must not come back as a result (or as text).
    fault_server.script("/x", Reply(json={"data": ["a", "b", "c"]}, truncate_at=8))
    with pytest.raises(APIConnectionError):
        await api.request("GET", "/x")


@pytest.mark.asyncio
async def test_empty_error_body(fault_server: FaultServer, api: Flavored) -> None:
    fault_server.script("/x", Reply(status=403))
    with pytest.raises(PermissionDeniedError) as info:
        await api.request("DELETE", "/x")
    assert info.value.code is None
    assert info.value.message is None


# -- redaction ----------------------------------------------------------------


@pytest.mark.asyncio
async def test_secrets_stay_out_of_errors(fault_server: FaultServer, api: Flavored) -> None:
    fault_server.script(
        "/x",
        Reply(
            status=401,
            json={"code": "BAD_API_KEY_OR_SECRET", "message": "Check api_key/api_secret"},
            headers={"Authorization": "Basic c2VydmVyLWxlYWs=", "Set-Cookie": "sid=cookie-leak"},
        ),
    )
    with pytest.raises(AuthenticationError) as info:
        await api.request("GET", "/x")
    error = info.value
    headers = {name.lower(): value for name, value in error.headers.items()}
    assert "c2VydmVyLWxlYWs" not in headers["authorization"]
    assert "cookie-leak" not in headers.get("set-cookie", "")
    dumped = pickle.dumps(error)
    for text in (str(error), repr(error), error.url, repr(error.args)):
        assert f"{USER}:{SECRET}" not in text
        assert "dXNlcjpzZWNyZXQ" not in text  # base64 of user:secret
    assert b"dXNlcjpzZWNyZXQ" not in dumped


# -- pickling -----------------------------------------------------------------


def assert_round_trips(error: BaseException) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.args == error.args
    missing = object()
    for name in ATTRIBUTES:
        assert getattr(copy, name, missing) == getattr(error, name, missing), name


@pytest.mark.asyncio
@pytest.mark.parametrize("status", sorted(STATUS_TO_CLASS))
async def test_status_errors_pickle(fault_server: FaultServer, api: Flavored, status: int) -> None:
    fault_server.script(
        "/x", emqx_error(status, "SOME_CODE", "msg", headers={"X-Request-Id": "rid-7"})
    )
    with pytest.raises(APIStatusError) as info:
        await api.request("PUT", "/x", json={"a": 1})
    assert info.value.request_id == "rid-7"
    assert_round_trips(info.value)


@pytest.mark.asyncio
async def test_connection_error_pickles(make_api: FlavoredFactory) -> None:
    api = make_api(base_url=f"https://127.0.0.1:{closed_port()}")
    with pytest.raises(APIConnectionError) as info:
        await api.request("GET", "/x")
    assert type(info.value) is APIConnectionError
    assert info.value.method == "GET"
    # One line that names the cause, not just "error sending request".
    assert "\n" not in str(info.value)
    assert "refused" in str(info.value).lower()
    assert_round_trips(info.value)


@pytest.mark.asyncio
async def test_timeout_error_pickles(fault_server: FaultServer, make_api: FlavoredFactory) -> None:
    fault_server.script("/slow", Reply(delay=30))
    api = make_api(timeout=0.3)
    with pytest.raises(APITimeoutError) as info:
        await api.request("GET", "/slow")
    assert_round_trips(info.value)


def test_configuration_error_pickles() -> None:
    # No credentials anywhere (clean_env): the constructor raises EMQXError.
    with pytest.raises(EMQXError) as info:
        emqx_platform.PlatformClient(base_url="https://127.0.0.1:1")
    assert_round_trips(info.value)


@pytest.mark.asyncio
async def test_invalid_json_success_body_raises_api_error_that_pickles(
    fault_server: FaultServer, api: Flavored
) -> None:
    # A 2xx that says it is JSON but is not: neither a status nor a
    # connection problem, so the plain APIError.
    fault_server.script("/x", Reply(body="{not json", content_type="application/json"))
    with pytest.raises(APIError) as info:
        await api.request("GET", "/x")
    assert not isinstance(info.value, (APIStatusError, APIConnectionError))
    assert_round_trips(info.value)
