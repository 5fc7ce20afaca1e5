"""EMQX 4's result codes: which exception each one raises, and the check of an answer.

EMQX 4 answers most failures with HTTP 200 and a non-zero integer ``code`` in
the body (``{"code": 112, "message": "..."}``). The v4 clients check every
answer (typed methods, ``request()`` and pages alike) and raise the class of
``V4_ERROR_CLASSES``, a subclass of the same tree as EMQX 5's statuses,
so code written against v5 still catches them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from ._exceptions import (
    APIError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._request import JSON

__all__ = [
    "V4_ERROR_CLASSES",
    "V4_ERROR_MEANINGS",
    "check_v4_answer",
    "is_v4_envelope",
    "v4_answer_to_v5_call",
    "v4_error_class",
]

V4_ERROR_CLASSES: Mapping[int, type[APIStatusError]] = MappingProxyType(
    {
        101: InternalServerError,
        102: InternalServerError,
        103: AuthenticationError,
        104: AuthenticationError,
        105: NotFoundError,
        106: PermissionDeniedError,
        107: BadRequestError,
        108: BadRequestError,
        109: BadRequestError,
        110: ConflictError,
        111: ConflictError,
        112: NotFoundError,
        113: ConflictError,
        114: AuthenticationError,
        115: BadRequestError,
    }
)
"""The exception class of each documented EMQX 4 result code. A code that is an HTTP
error status (the shadow service answers ``"code": 404``) raises that status's class;
any other code ``APIStatusError`` itself."""

_STATUS_CLASSES: Mapping[int, type[APIStatusError]] = MappingProxyType(
    {
        400: BadRequestError,
        401: AuthenticationError,
        403: PermissionDeniedError,
        404: NotFoundError,
        409: ConflictError,
        422: UnprocessableEntityError,
        429: RateLimitError,
    }
)

V4_ERROR_MEANINGS: Mapping[int, str] = MappingProxyType(
    {
        101: "RPC error",
        102: "unknown error",
        103: "wrong username or password",
        104: "empty username or password",
        105: "user does not exist",
        106: "the administrator account cannot be deleted",
        107: "missing request parameters",
        108: "request parameter type error",
        109: "request body is not JSON",
        110: "plugin already loaded",
        111: "plugin already unloaded",
        112: "client not online",
        113: "user already exists",
        114: "old password is wrong",
        115: "bad topic",
    }
)
"""What each documented EMQX 4 result code means (the EMQX 4 docs' words)."""


def check_v4_answer(answer: JSON, method: str, url: str) -> None:
    """Raise the error an EMQX 4 answer reports, if it reports one (``code`` not ``0``)."""
    if answer.__class__ is not dict:
        return
    code = answer.get("code")
    if code.__class__ is not int or code == 0:
        return
    cls = v4_error_class(code)
    hint = None if _is_shadow_service(url) else V4_ERROR_MEANINGS.get(code)
    raise cls(
        status_code=200,
        method=method,
        url=url,
        body=answer,
        hint=f"EMQX 4 code {code}: {hint}" if hint else None,
    )


_V4_ENVELOPE_KEYS = frozenset({"code", "message", "data", "meta"})


def is_v4_envelope(answer: dict[str, Any]) -> bool:
    """Whether a dict with an integer ``code`` is an EMQX 4 envelope and nothing else.

    EMQX 5 answers may carry a ``code`` of their own (a rule test returns the
    user's SQL output), so only an answer made of the envelope's keys counts.
    """
    return answer.keys() <= _V4_ENVELOPE_KEYS


def v4_answer_to_v5_call(method: str, url: str, answer: JSON) -> APIError:
    """The error of a v5 client that got an EMQX 4 answer (an integer ``code``)."""
    return APIError(
        "the deployment answered in the EMQX 4 shape (an integer 'code'): it looks like a "
        "Dedicated v4 deployment; use emqx_platform.v4.DeploymentClient for it",
        method=method,
        url=url,
        body=answer,
    )


def _is_shadow_service(url: str) -> bool:
    """Whether ``url`` is the Cloud shadow service's, whose codes are its own.

    It reuses the broker's numbers (113 for a duplicate shadow), so the
    broker's meanings ("user already exists") would mislead there.
    """
    path = urlsplit(url).path
    return path.endswith("/shadows") or "/shadows/" in path


def v4_error_class(code: int) -> type[APIStatusError]:
    """The exception class an EMQX 4 result code raises."""
    return V4_ERROR_CLASSES.get(code) or _status_class(code)


def _status_class(code: int) -> type[APIStatusError]:
    if 500 <= code <= 599:
        return InternalServerError
    return _STATUS_CLASSES.get(code, APIStatusError)
