"""One way to define an endpoint of either API, and the runners that send it.

An ``Endpoint`` declares one request: its method, its path template,
how the query and the body are built from the calling method's arguments,
how the answer is read, whether it is paginated, and its documented rate
limit. A method hands its arguments (``locals()``) to a runner, ``send()``
or ``send_async()``; a paginated endpoint gives its first page request to
``Page`` or ``AsyncPaginator``
(see ``SyncResource._list``). These, and the v4 resources' ``send_v4``
(``resources/v4/_base.py``), are the only places a resource or a client
method reaches the client. An EMQX 5 answer never has an integer ``code``:
one that does and is made of EMQX 4's envelope keys comes from an EMQX 4
deployment, and the runners say so (except for endpoints whose answer is
the user's own content, ``user_content``).

Arguments go where their names say:

- ``{name}`` in the path takes the argument ``name`` (or, if the method has
  none, the resource's own value, e.g. its authenticator id), checked as a
  non-empty ``str`` (or by ``path_checks[name]``) and percent-encoded in full;
- ``page`` and ``limit`` of a paginated endpoint select the page;
- ``query_args`` are sent as query parameters as they are (``None`` values
  are left out);
- a ``query`` or ``body`` builder gets the arguments its parameters name.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .._exceptions import APIError, RateLimitError
from .._page_styles import V5_PAGES, PageStyle
from .._pagination import PageRequest, page_request
from .._paths import quote_path
from .._request import JSON, Params, Prepared
from .._v4_errors import is_v4_envelope, v4_answer_to_v5_call
from ._checks import check_str

if TYPE_CHECKING:
    from .._base_client import _AsyncBaseClient, _BaseClient
    from .._client_core import _ClientCore

__all__ = ["Endpoint", "UnexpectedAnswer", "no_content", "read_answer", "send", "send_async"]

R = TypeVar("R")

PathCheck = Callable[[str, object], str]
"""Checks one path argument (given its name and value) and returns the text to encode."""

_FIELD = re.compile(r"\{(\w+)\}")
_NO_VALUES: Mapping[str, str] = {}


@dataclass(frozen=True)
class Endpoint(Generic[R]):
    """One documented request, declared once for the sync and the async methods.

    ``R`` is what the method returns: the answer as ``parse`` reads it (the
    decoded JSON itself when there is no ``parse``), or for a paginated
    endpoint the type of one item.
    """

    method: str
    """``"GET"``, ``"POST"``, ``"PUT"`` or ``"DELETE"``."""
    path: str
    """The path template, e.g. ``"/clients/{clientid}/subscribe"``."""
    query_args: tuple[str, ...] = ()
    """Arguments sent unchanged as query parameters (filters such as ``like_clientid``)."""
    query: Callable[..., Params | None] | None = None
    """Builds the query parameters from the arguments it names (instead of ``query_args``)."""
    body: Callable[..., JSON] | None = None
    """Builds the JSON body from the arguments it names."""
    parse: Callable[[JSON, JSON], R] | None = None
    """Reads the answer, given the answer and the body that was sent."""
    paginated: bool = False
    """A ``{data, meta}`` list: the method returns a page, and ``page``/``limit`` pick it."""
    calls_per_hour: int | None = None
    """The documented rate limit (Platform API), named in a 429's message."""
    path_checks: Mapping[str, PathCheck] = field(default_factory=dict)
    """Checks of path arguments beyond "a non-empty ``str``"."""
    pages: PageStyle = V5_PAGES
    """How a paginated endpoint pages (EMQX 5's ``page``/``limit``, or EMQX 4's)."""
    user_content: bool = False
    """The answer is the user's own data (a rule test's SQL output), so an integer
    ``code`` in it says nothing about the deployment's version."""
    accept: str | None = None
    """The ``Accept`` header when not JSON (``"text/plain"`` for a Prometheus scrape's text)."""

    # Worked out once from the fields above, so that a call only looks names up.
    _head: str = field(init=False, repr=False, compare=False)
    _fields: tuple[tuple[str, PathCheck, str], ...] = field(init=False, repr=False, compare=False)
    _query_takes: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _body_takes: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.paginated and self.calls_per_hour is not None:
            # Pages are fetched by Page/AsyncPaginator, not the runners that name the limit.
            raise ValueError(
                f"{self.method} {self.path}: a paginated endpoint cannot name a rate limit"
            )
        # "/a/{x}/b" splits into "/a/", "x", "/b": each field with the text after it.
        pieces = _FIELD.split(self.path)
        names = pieces[1::2]
        checks = [self.path_checks.get(name, check_str) for name in names]
        set_ = object.__setattr__
        set_(self, "_head", pieces[0])
        set_(self, "_fields", tuple(zip(names, checks, pieces[2::2], strict=True)))
        set_(self, "_query_takes", _parameters(self.query))
        set_(self, "_body_takes", _parameters(self.body))
        if self.query is not None and self.query_args:
            raise TypeError("give either query_args or a query builder, not both")

    @property
    def limit(self) -> str:
        """The documented limit in words, e.g. ``GET /projects allows 60 requests per hour``."""
        noun = "request" if self.calls_per_hour == 1 else "requests"
        return f"{self.method} {self.path} allows {self.calls_per_hour} {noun} per hour"

    def prepare(
        self, arguments: Mapping[str, Any], values: Mapping[str, str] = _NO_VALUES
    ) -> tuple[str, Params | None, JSON]:
        """The path, query and body of one call, every argument checked.

        ``arguments`` are the calling method's (its ``locals()``); ``values``
        are path values the resource holds, already encoded.
        """
        path = self._fill(arguments, values) if self._fields else self.path
        # Builders are called with positional arguments (their parameters' order).
        take = arguments.__getitem__
        query: Params | None
        if self.query_args:
            query = {}
            for name in self.query_args:
                query[name] = arguments[name]
        elif self.query is not None:
            query = self.query(*map(take, self._query_takes))
        else:
            query = None
        body = None if self.body is None else self.body(*map(take, self._body_takes))
        return path, query, body

    def page_request(
        self, arguments: Mapping[str, Any], values: Mapping[str, str] = _NO_VALUES
    ) -> PageRequest:
        """The first page's request of a paginated endpoint, every argument checked."""
        if not self.paginated:
            raise TypeError(f"{self.method} {self.path} is not paginated")
        path, query, _ = self.prepare(arguments, values)
        return page_request(path, arguments.get("page"), arguments.get("limit"), query, self.pages)

    def _fill(self, arguments: Mapping[str, Any], values: Mapping[str, str]) -> str:
        path = self._head
        for name, check, after in self._fields:
            if name in arguments:
                path += quote_path(check(name, arguments[name])) + after
            else:
                path += values[name] + after
        return path

    def with_limit(self, error: RateLimitError) -> RateLimitError:
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
            hint=f"documented limit: {self.limit}",
        )
        return amended.with_traceback(error.__traceback__)

    def read(self, answer: JSON, sent: JSON) -> R:
        """The method's result: the answer as ``parse`` reads it, or as it is."""
        if self.parse is None:
            return answer  # type: ignore[no-any-return]  # the answer is R when there is no parse
        return self.parse(answer, sent)


class UnexpectedAnswer(Exception):
    """Raised by a ``parse`` for an answer it cannot read; the reader turns it into an
    ``APIError`` naming the request (a parser knows neither the method nor the URL)."""


def no_content(_answer: JSON, _sent: JSON) -> None:
    """``parse`` for endpoints that answer nothing worth reading (204): always ``None``."""
    return


def _parameters(builder: Callable[..., Any] | None) -> tuple[str, ...]:
    """The argument names a builder takes, in order."""
    if builder is None:
        return ()
    parameters = inspect.signature(builder).parameters.values()
    if any(p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD for p in parameters):
        raise TypeError(f"a builder takes plain named parameters: {builder!r}")
    return tuple(p.name for p in parameters)


# -- the runners: the only places endpoint methods call their client ----------


def read_answer(
    endpoint: Endpoint[R], answer: JSON, body: JSON, client: _ClientCore, path: str
) -> R:
    """Read an answer as ``endpoint``'s method returns it, refusing an EMQX 4 envelope.

    The one reader of the runners and of batches: a v5 call whose deployment
    answers in the EMQX 4 shape (an integer ``code``) raises instead of
    returning that envelope as data.
    """
    if (
        answer.__class__ is dict
        and answer.get("code").__class__ is int
        and not endpoint.user_content
        and is_v4_envelope(answer)
    ):
        raise v4_answer_to_v5_call(endpoint.method, client.base_url + path, answer)
    try:
        return endpoint.read(answer, body)
    except UnexpectedAnswer as error:
        raise APIError(
            str(error), method=endpoint.method, url=client.base_url + path, body=answer
        ) from None


def send(
    client: _BaseClient,
    endpoint: Endpoint[R],
    arguments: Mapping[str, Any],
    values: Mapping[str, str] = _NO_VALUES,
) -> R:
    """Run ``endpoint`` on a blocking client and read its answer."""
    path, query, body = endpoint.prepare(arguments, values)
    try:
        answer = client.request(
            endpoint.method, path, params=query, json=body, accept=endpoint.accept
        )
    except RateLimitError as error:
        if endpoint.calls_per_hour is None:
            raise
        raise endpoint.with_limit(error) from None
    if answer.__class__ is Prepared:
        # Recorded for a batch, not sent: the batch reads the answer as this runner would.
        answer.endpoint = endpoint
        return answer  # type: ignore[return-value]
    return read_answer(endpoint, answer, body, client, path)


async def send_async(
    client: _AsyncBaseClient,
    endpoint: Endpoint[R],
    arguments: Mapping[str, Any],
    values: Mapping[str, str] = _NO_VALUES,
) -> R:
    """Run ``endpoint`` on an asyncio client and read its answer (a coroutine)."""
    path, query, body = endpoint.prepare(arguments, values)
    try:
        answer = await client.request(
            endpoint.method, path, params=query, json=body, accept=endpoint.accept
        )
    except RateLimitError as error:
        if endpoint.calls_per_hour is None:
            raise
        raise endpoint.with_limit(error) from None
    if answer.__class__ is Prepared:
        # Recorded for a batch, not sent: the batch reads the answer as this runner would.
        answer.endpoint = endpoint
        return answer  # type: ignore[return-value]
    return read_answer(endpoint, answer, body, client, path)
