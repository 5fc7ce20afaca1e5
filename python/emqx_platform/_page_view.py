"""One page as a sequence of its own items: ``items``, ``page[0]``, ``total``.

Iterating a page goes through every page from it on, so a ``len()`` of this
page would disagree with iteration (``tqdm(page)`` would stop its bar at the
first page's size, and ``len(list(page)) != len(page)``): ``len()`` is refused
with a message naming ``len(page.items)`` and ``page.total``, and
``__length_hint__`` gives the count iteration will really yield when the
server sends ``meta.count``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, NoReturn, TypeVar, overload

if TYPE_CHECKING:
    from ._pagination import PageRequest
    from .types.deployment import PageMeta

__all__ = ["NotSyncIterable", "PageView"]

T = TypeVar("T")

_AMBIGUOUS_LEN = (
    "len() of a page is ambiguous: the page holds one page of items, but iterating it "
    "goes through every page. Use len(page.items) for this page, or page.total for the "
    "server's count of every item (None when it does not count)"
)

_NOT_ITERABLE = (
    "{what} is not iterable with a plain for: use `async for` (every item of every page), "
    ".items (the items of a page), or await its .to_pandas() for a DataFrame"
)


class PageView(Generic[T]):
    """A page's items, its ``meta`` and what they say about the whole list.

    Attributes:
        data: The items of this page (at most ``limit``).
        meta: The page's ``meta``: ``page``, ``limit``, ``hasnext`` and, when the
            server could count cheaply, ``count`` (absent for fuzzy filters: do
            not rely on it).
    """

    # Declared for type checkers only (the docstring lists them): runtime
    # annotations would show in help().
    if TYPE_CHECKING:
        data: list[T]
        meta: PageMeta
        _request: PageRequest

    @property
    def page_number(self) -> int:
        """The 1-based number of this page."""
        return self._request.page

    @property
    def items(self) -> list[T]:
        """The items of this page (the same list as ``data``)."""
        return self.data

    @property
    def total(self) -> int | None:
        """The server's count of every matching item (``meta.count``), or ``None`` if unsent."""
        count = self.meta.get("count")
        return count if isinstance(count, int) and not isinstance(count, bool) else None

    def _remaining_items(self) -> int | None:
        """The items of this page and the following ones, or ``None`` without ``meta.count``."""
        total = self.total
        if total is None:
            return None
        limit = self.meta.get("limit") or self._request.limit or len(self.data)
        return max(total - (self.page_number - 1) * limit, 0)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        """``page[0]``, ``page[-1]``, ``page[:5]``: items of this page only."""
        return self.data[index]

    def __bool__(self) -> bool:
        """Whether this page has items (an empty page is the last one)."""
        return bool(self.data)

    if not TYPE_CHECKING:
        # Hidden from type checkers, so ``len(page)`` is a type error too.
        def __len__(self) -> NoReturn:
            raise TypeError(_AMBIGUOUS_LEN)

    def __length_hint__(self) -> int:
        """Items from this page on, from ``meta.count`` (what ``list(page)`` preallocates)."""
        remaining = self._remaining_items()
        return len(self.data) if remaining is None else remaining


class NotSyncIterable:
    """For async pages: a plain ``for`` (or ``pandas.DataFrame(page)``) says what to use.

    Without it, ``__getitem__`` would let ``for`` walk this page silently, and
    pandas would fail with "DataFrame constructor not properly called!".
    """

    if not TYPE_CHECKING:

        def __iter__(self) -> NoReturn:
            raise TypeError(_NOT_ITERABLE.format(what=f"an {type(self).__name__}"))
