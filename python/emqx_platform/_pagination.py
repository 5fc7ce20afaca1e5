"""Pages of list endpoints: EMQX 5's (``{data, meta: {page, limit, hasnext, count?}}``)
and, through a ``PageStyle``, EMQX 4's (``_page``/``_limit``).

A sync ``list()`` returns the first ``Page``; an async one returns an
``AsyncPaginator``, which is both awaitable (the first ``AsyncPage``)
and async-iterable (every item of every page). A page's ``items``, indexing
(``page[0]``, ``page[:5]``) and ``to_pandas(all_pages=False)`` are that page;
iterating, ``iter_all()`` and ``to_pandas()`` go on through every following
page, so ``len(page)`` is refused as ambiguous. Iterating goes on while
``meta.hasnext`` is true and the page is not empty; ``meta.count`` is never
used (the server leaves it out for fuzzy ``like_*`` filters). EMQX 4 lists
stop as ``_page_styles.V4_PAGES`` says.

Iterating trusts the server to advance, so it checks that it does: a page
whose ``meta.page`` is not the page asked for, or (without ``meta.page``) that
repeats the previous page's items, raises ``APIError`` instead of looping forever (a proxy or
server that ignores the ``page`` parameter keeps answering page 1 with
``hasnext: true``).

While the caller works through one page, the next one is already being
fetched (sync: ``_BaseClient._start_page()``, a request running on the
core's runtime; async: a task). At most two pages are alive at a time, so iterating a
million clients keeps memory flat.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar, cast

from . import _display
from ._exceptions import APIError
from ._frames import AsyncFrames, Frames
from ._page_styles import V5_PAGES, PageStyle
from ._page_view import NotSyncIterable, PageView
from ._progress import Progress, ProgressBar, progress_factory, track, track_async
from ._request import JSON, ParamValue

if TYPE_CHECKING:
    import asyncio

    from ._base_client import _AsyncBaseClient, _BaseClient
    from ._core import PendingResponse

__all__ = ["MAX_LIMIT", "AsyncPage", "AsyncPaginator", "Page", "PageRequest", "page_request"]

T = TypeVar("T")

MAX_LIMIT = 10_000
"""The largest ``limit`` EMQX 5.8 accepts (older 5.0/5.1 servers cap it at 1000)."""


@dataclass(frozen=True)
class PageRequest:
    """One list endpoint and its filters; ``params(page)`` is the query of one page."""

    path: str
    filters: Mapping[str, ParamValue]
    page: int = 1
    limit: int | None = None
    style: PageStyle = V5_PAGES

    def params(self) -> dict[str, ParamValue]:
        """The query parameters of this page: the filters plus ``page`` and ``limit``."""
        style = self.style
        return {**self.filters, style.page_param: self.page, style.limit_param: self.limit}

    def next(self) -> PageRequest:
        """The request of the following page."""
        return replace(self, page=self.page + 1)


def page_request(
    path: str,
    page: int | None,
    limit: int | None,
    filters: Mapping[str, ParamValue] | None = None,
    style: PageStyle = V5_PAGES,
) -> PageRequest:
    """A checked ``PageRequest``: ``page >= 1`` and ``1 <= limit <= 10000``.

    Raises:
        TypeError: ``page`` or ``limit`` is not an ``int``.
        ValueError: They are out of range.
    """
    if page is None:
        page = 1
    if not isinstance(page, int) or isinstance(page, bool):
        raise TypeError(f"page must be an int, not {type(page).__name__}")
    if page < 1:
        raise ValueError(f"page must be >= 1, got {page}")
    if limit is not None:
        if not isinstance(limit, int) or isinstance(limit, bool):
            raise TypeError(f"limit must be an int, not {type(limit).__name__}")
        if not 1 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    return PageRequest(path, dict(filters or {}), page, limit, style)


def _ends(data: list[Any]) -> tuple[Any, Any] | None:
    """The first and last items of a page: enough to recognise the page again.

    Items of one list are distinct entities, so two pages that start and end
    with equal items are the same page; keeping two items rather than the whole
    page keeps memory at two pages while iterating. A list that changes while
    it is walked can also shift a page onto the previous one, so this is only
    relied on when the server sends no page number (EMQX always does).
    """
    return (data[0], data[-1]) if data else None


class _PageBase(PageView[T]):
    """What sync and async pages share: the items, ``meta`` and the end test."""

    def __init__(self, request: PageRequest, body: JSON, base_url: str) -> None:
        self._request = request
        data, self.meta = request.style.split(body, request.path, request.page, base_url)
        self.data = cast("list[T]", data)
        answered = self.meta.get("page")
        if (
            isinstance(answered, int)
            and not isinstance(answered, bool)
            and answered != request.page
        ):
            raise self._not_advancing(
                base_url, f"it answered page {answered} when asked for page {request.page}"
            )

    def _not_advancing(self, base_url: str, what: str) -> APIError:
        return APIError(
            f"the server does not page through GET {self._request.path}: {what}, "
            "so iterating would never end (does a proxy drop the 'page' parameter?)",
            method="GET",
            url=base_url + self._request.path,
        )

    def _check_not_repeated(self, previous_ends: tuple[Any, Any] | None, base_url: str) -> None:
        """Raise if this page, which has no page number, holds the items of the one before."""
        if (
            "page" not in self.meta
            and previous_ends is not None
            and _ends(self.data) == previous_ends
        ):
            raise self._not_advancing(
                base_url,
                f"page {self.page_number} repeats the items of page {self.page_number - 1}",
            )

    def has_next_page(self) -> bool:
        """Whether another page follows: ``meta.hasnext`` is true and this page is not empty
        (EMQX 4: the page is full and ``meta.count`` is not reached yet)."""
        request = self._request
        return request.style.has_next(self.meta, self.data, request.page, request.limit)

    def _check_next(self) -> PageRequest:
        if not self.has_next_page():
            raise RuntimeError(
                "no next page: check has_next_page() first, or iterate the page to get every item"
            )
        return self._request.next()

    __repr__ = _display.page_repr
    _repr_pretty_ = _display.page_pretty
    _repr_html_ = _display.page_html


class Page(_PageBase[T], Frames[T]):
    """One page of a list endpoint, from a sync client.

    ::

        page = client.clients.list(limit=100)
        page.items           # this page's clients (also page.data, page[0], page[:5])
        page.meta            # {"page": 1, "limit": 100, "hasnext": True, "count": 250}
        for c in page:       # every client of every page, fetched as needed
            print(c["clientid"])
        for c in page.iter_all(progress=True):   # the same, with a tqdm bar
            ...
        df = page.to_pandas()                    # every page as a DataFrame

    Indexing is this page; iterating is every page from this one on, so
    ``len(page)`` raises ``TypeError`` (say ``len(page.items)`` or
    ``page.total``) and ``tqdm(page)`` counts items without a wrong total.

    Iterating fetches the following pages one at a time, each while the
    previous one is being consumed; only the current and the next page are
    held in memory. Breaking out of the loop cancels the pending fetch.
    """

    def __init__(self, client: _BaseClient, request: PageRequest, body: JSON) -> None:
        super().__init__(request, body, client.base_url)
        self._client = client

    @classmethod
    def _fetch(cls, client: _BaseClient, request: PageRequest) -> Page[T]:
        body = client.request("GET", request.path, params=request.params())
        return cls(client, request, body)

    def _start_next(self) -> tuple[PageRequest, PendingResponse]:
        """Send the next page's request in the background (on the core's runtime)."""
        request = self._check_next()
        return request, self._client._start_page(request.path, request.params())

    def get_next_page(self) -> Page[T]:
        """Fetch the page after this one.

        Raises:
            RuntimeError: There is none (see ``has_next_page()``).
        """
        return self._fetch(self._client, self._check_next())

    def iter_pages(self) -> Iterator[Page[T]]:
        """This page, then every following page; each next page is fetched in the background."""
        return self._pages()

    def _pages(self) -> Generator[Page[T], None, None]:
        page: Page[T] = self
        while True:
            pending = page._start_next() if page.has_next_page() else None
            try:
                yield page
            except BaseException:
                if pending is not None:
                    pending[1].cancel()
                raise
            if pending is None:
                return
            request, response = pending
            previous_ends = _ends(page.data)
            # Drop our reference to the consumed page before waiting, so at
            # most two pages are alive (the one just fetched and the caller's).
            del page
            page = Page(self._client, request, response.wait())
            page._check_not_repeated(previous_ends, self._client.base_url)

    def __iter__(self) -> Iterator[T]:
        """Every item of this page and of the following pages."""
        return self._items(None)

    def iter_all(self, *, progress: Progress = False) -> Iterator[T]:
        """Every item of this page and of the following pages, as ``iter(page)``.

        Args:
            progress: ``True`` for a tqdm bar (``pip install 'emqx-platform[progress]'``),
                or a tqdm-like callable; its total is ``meta.count`` when the server sends it.
        """
        return self._items(progress_factory(progress))

    def _items(self, bar: Callable[..., ProgressBar] | None) -> Iterator[T]:
        pages = self._pages() if bar is None else track(self._pages(), bar, self)
        for page in pages:
            yield from page.data

    def _rows(self, all_pages: bool, progress: Progress) -> list[T]:
        return list(self.iter_all(progress=progress)) if all_pages else self.data


class AsyncPage(_PageBase[T], AsyncFrames[T], NotSyncIterable):
    """One page of a list endpoint, from an async client.

    ::

        page = await client.clients.list(limit=100)
        page.items                 # this page's clients (also page.data, page[0], page[:5])
        async for c in page:       # every client of every page
            ...
        async for c in client.clients.list(limit=100):   # the same, without the await
            ...
        df = await page.to_pandas()                      # every page as a DataFrame

    As for ``Page``, indexing is this page and ``len(page)`` is refused;
    a plain ``for`` (or ``pandas.DataFrame(page)``) raises a ``TypeError``
    that names ``async for``, ``.items`` and ``to_pandas()``.
    """

    def __init__(self, client: _AsyncBaseClient, request: PageRequest, body: JSON) -> None:
        super().__init__(request, body, client.base_url)
        self._client = client

    @classmethod
    async def _fetch(cls, client: _AsyncBaseClient, request: PageRequest) -> AsyncPage[T]:
        body = await client.request("GET", request.path, params=request.params())
        return cls(client, request, body)

    async def get_next_page(self) -> AsyncPage[T]:
        """Fetch the page after this one (a coroutine).

        Raises:
            RuntimeError: There is none (see ``has_next_page()``).
        """
        return await self._fetch(self._client, self._check_next())

    def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page, then every following page (``async for``); each next page
        is fetched in a task while the current one is consumed."""
        return self._pages()

    async def _pages(self) -> AsyncIterator[AsyncPage[T]]:
        import asyncio  # here, so that importing the SDK does not import asyncio

        page: AsyncPage[T] = self
        while True:
            pending = asyncio.ensure_future(page.get_next_page()) if page.has_next_page() else None
            try:
                yield page
            except BaseException:
                if pending is not None:
                    _discard(pending)
                raise
            if pending is None:
                return
            previous_ends = _ends(page.data)
            del page
            try:
                page = await pending
            finally:
                _discard(pending)
            page._check_not_repeated(previous_ends, self._client.base_url)

    async def _items(self, bar: Callable[..., ProgressBar] | None = None) -> AsyncIterator[T]:
        pages = self._pages() if bar is None else track_async(self._pages(), bar, self)
        async for page in pages:
            for item in page.data:
                yield item

    def __aiter__(self) -> AsyncIterator[T]:
        """Every item of this page and of the following pages."""
        return self._items()

    def iter_all(self, *, progress: Progress = False) -> AsyncIterator[T]:
        """Every item of this page and of the following pages (``async for``).

        ``progress`` as for ``Page.iter_all()``.
        """
        return self._items(progress_factory(progress))

    async def _rows(self, all_pages: bool, progress: Progress) -> list[T]:
        if not all_pages:
            return self.data
        return [item async for item in self.iter_all(progress=progress)]


def _discard(task: asyncio.Future[Any]) -> None:
    """Cancel a prefetch nobody will await; retrieve its error so asyncio does not log it."""
    if not task.done():
        task.cancel()
    elif not task.cancelled():
        task.exception()


class AsyncPaginator(AsyncFrames[T], NotSyncIterable):
    """What an async ``list()`` returns: await it for the first page, or iterate it.

    ::

        page = await client.clients.list(limit=100)        # AsyncPage
        async for c in client.clients.list(limit=100):     # every item
            ...
        df = await client.clients.list(limit=1000).to_pandas()   # every item, as a DataFrame

    The arguments were checked when ``list()`` was called; nothing is sent
    until it is awaited or iterated. Each ``await`` sends a new request.
    """

    def __init__(self, client: _AsyncBaseClient, request: PageRequest) -> None:
        self._client = client
        self._request = request

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        """The first page."""
        return AsyncPage[T]._fetch(self._client, self._request).__await__()

    async def _first(self) -> AsyncPage[T]:
        return await AsyncPage._fetch(self._client, self._request)

    async def _items(self, progress: Progress = False) -> AsyncIterator[T]:
        first = await self._first()
        async for item in first.iter_all(progress=progress):
            yield item

    def __aiter__(self) -> AsyncIterator[T]:
        """Every item of every page, fetched as needed."""
        return self._items()

    def iter_all(self, *, progress: Progress = False) -> AsyncIterator[T]:
        """Every item of every page (``async for``), as iterating the paginator.

        ``progress`` as for ``Page.iter_all()``.
        """
        progress_factory(progress)
        return self._items(progress)

    async def _rows(self, all_pages: bool, progress: Progress) -> list[T]:
        progress_factory(progress)  # a bad progress= is refused before the first request
        return await (await self._first())._rows(all_pages, progress)

    __repr__ = _display.paginator_repr
    _repr_pretty_ = _display.paginator_pretty
    _repr_html_ = _display.paginator_html
