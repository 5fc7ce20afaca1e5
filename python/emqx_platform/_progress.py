"""``progress=`` on iterations over every page: a tqdm bar, or any tqdm-like callable.

The bar counts items and advances once per page, when the caller has had
the page's items; its total is the server's ``meta.count`` (minus the pages
before the first one) when the server sends it, else unknown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from ._page_view import PageView

__all__ = ["Progress", "ProgressBar", "progress_factory", "track", "track_async"]

P = TypeVar("P", bound="PageView[Any]")


class ProgressBar(Protocol):
    """What a progress callable returns: tqdm's ``update`` and ``close``."""

    def update(self, n: int = 1, /) -> object: ...

    def close(self) -> object: ...


Progress = bool | Callable[..., ProgressBar] | None
"""``False``/``None``: no bar; ``True``: a ``tqdm.auto`` bar (needs tqdm); or a
callable called as ``progress(total=..., desc=..., unit="item")``, such as
``functools.partial(tqdm, file=sys.stdout)``."""

_TQDM_MISSING = (
    "progress=True needs tqdm: pip install 'emqx-platform[progress]' "
    "(or pass a tqdm-like callable as progress=)"
)


def progress_factory(progress: Progress) -> Callable[..., ProgressBar] | None:
    """The callable that opens a bar, checked before anything is fetched.

    Raises:
        TypeError: ``progress`` is neither a bool nor callable.
        ImportError: ``progress=True`` and tqdm is not installed.
    """
    if progress is None or progress is False:
        return None
    if progress is True:
        try:
            from tqdm.auto import tqdm  # type: ignore[import-untyped, unused-ignore]
        except ImportError:
            raise ImportError(_TQDM_MISSING) from None
        return tqdm  # type: ignore[no-any-return, unused-ignore]
    if not callable(progress):
        raise TypeError(
            f"progress must be True, False or a tqdm-like callable, not {type(progress).__name__}"
        )
    return progress


def _open(factory: Callable[..., ProgressBar], first: PageView[Any]) -> ProgressBar:
    return factory(total=first._remaining_items(), desc=first._request.path, unit="item")


def track(pages: Iterator[P], factory: Callable[..., ProgressBar], first: P) -> Iterator[P]:
    """``pages`` (starting with ``first``), advancing a bar by each page's items."""
    bar = _open(factory, first)
    try:
        for page in pages:
            yield page
            bar.update(len(page.data))
    finally:
        bar.close()


async def track_async(
    pages: AsyncIterator[P], factory: Callable[..., ProgressBar], first: P
) -> AsyncIterator[P]:
    """The async twin of ``track()``."""
    bar = _open(factory, first)
    try:
        async for page in pages:
            yield page
            bar.update(len(page.data))
    finally:
        bar.close()
