"""How each API pages its lists: query parameter names, where the items are, when to stop.

``Page`` and ``AsyncPaginator`` walk
both APIs with the same prefetch and loop guard; a ``PageStyle`` is what
differs:

- EMQX 5 (``V5_PAGES``): ``page``/``limit``, ``{data, meta: {page, limit,
  hasnext, count?}}``; go on while ``meta.hasnext`` is true;
- EMQX 4 (``V4_PAGES``): ``_page``/``_limit``, ``{code, data | items,
  meta: {page, limit, count, hasnext?}}``; stop on an empty or short page,
  once ``meta.count`` items are reached, or when ``meta.hasnext`` is false.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from ._request import JSON
from ._v4_errors import check_v4_answer, is_v4_envelope, v4_answer_to_v5_call

if TYPE_CHECKING:
    from .types.deployment import PageMeta

__all__ = ["V4_PAGES", "V5_PAGES", "PageStyle"]

Split = Callable[[JSON, str, int, str], "tuple[list[Any], PageMeta]"]
"""Reads one answer (given the path, the page asked for and the base URL)."""
HasNext = Callable[["PageMeta", "list[Any]", int, "int | None"], bool]
"""Whether another page follows (given meta, items, page number and the limit asked for)."""


@dataclass(frozen=True)
class PageStyle:
    """One API's way of paging a list."""

    page_param: str
    limit_param: str
    split: Split
    has_next: HasNext


def _not_a_page(body: JSON, path: str) -> TypeError:
    return TypeError(
        f"expected a page ({{'data': [...], 'meta': {{...}}}}) from GET {path}, "
        f"got {type(body).__name__}"
    )


def _v5_split(body: JSON, path: str, page: int, base_url: str) -> tuple[list[Any], PageMeta]:
    """``data`` and ``meta`` of an EMQX 5 list answer.

    A bare JSON array (what the spec, wrongly, promises for ``/subscriptions``)
    is taken as one last page.
    """
    if isinstance(body, list):
        return body, {"page": page, "hasnext": False}
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise _not_a_page(body, path)
    if body.get("code").__class__ is int and is_v4_envelope(body):
        raise v4_answer_to_v5_call("GET", base_url + path, body)
    meta = body.get("meta")
    return body["data"], cast("PageMeta", meta if isinstance(meta, dict) else {})


def _v5_has_next(meta: PageMeta, data: list[Any], _page: int, _limit: int | None) -> bool:
    return bool(meta.get("hasnext")) and bool(data)


def _v4_split(body: JSON, path: str, _page: int, base_url: str) -> tuple[list[Any], PageMeta]:
    """``data`` (``items`` for the shadow service) and ``meta`` of an EMQX 4 list answer.

    Pages fetched in the background skip ``request()``, so the result code is
    checked here as well.
    """
    check_v4_answer(body, "GET", base_url + path)
    if not isinstance(body, dict):
        raise _not_a_page(body, path)
    data = body.get("data", body.get("items"))
    if not isinstance(data, list):
        raise _not_a_page(body, path)
    meta = body.get("meta")
    return data, cast("PageMeta", meta if isinstance(meta, dict) else {})


_V4_PAGE_KEYS = ("page", "limit", "count", "hasnext")


def _v4_has_next(meta: PageMeta, data: list[Any], page: int, asked: int | None) -> bool:
    # An answer without paging fields (the docs' /subscriptions/{clientid}) is all there is.
    if not data or meta.get("hasnext") is False or not any(k in meta for k in _V4_PAGE_KEYS):
        return False
    limit = meta.get("limit", asked)
    if not isinstance(limit, int) or len(data) < limit:
        return bool(meta.get("hasnext"))
    count = meta.get("count")
    return not isinstance(count, int) or page * limit < count


V5_PAGES = PageStyle("page", "limit", _v5_split, _v5_has_next)
"""EMQX 5 lists (and the v5 Deployment API of every Cloud plan)."""

V4_PAGES = PageStyle("_page", "_limit", _v4_split, _v4_has_next)
"""EMQX 4 lists (Dedicated v4 deployments)."""
