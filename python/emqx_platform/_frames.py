"""Pages as DataFrames: ``to_pandas()`` and ``to_polars()``, with optional imports.

pandas and polars are optional extras, imported only when a frame is asked
for. Nested objects become dotted columns (``{"a": {"b": 1}}`` gives column
``a.b``, as ``pandas.json_normalize`` does); lists stay one cell each. Both
libraries get the same flattened rows, so they agree on the columns.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._progress import Progress

if TYPE_CHECKING:
    import pandas  # type: ignore[import-untyped, unused-ignore]
    import polars

__all__ = ["AsyncFrames", "Frames", "flatten", "pandas_frame", "polars_frame", "require"]

T = TypeVar("T")


def require(library: str) -> ModuleType:
    """Import ``pandas`` or ``polars``, or say which extra installs it."""
    try:
        return importlib.import_module(library)
    except ImportError:
        raise ImportError(
            f"to_{library}() needs {library}: pip install 'emqx-platform[{library}]'"
        ) from None


def flatten(rows: Iterable[object]) -> list[dict[str, Any]]:
    """Each row as one flat dict; a row that is not an object becomes ``{"value": row}``."""
    flat: list[dict[str, Any]] = []
    for row in rows:
        out: dict[str, Any] = {}
        if isinstance(row, Mapping):
            _flatten_into(out, "", row)
        else:
            out["value"] = row
        flat.append(out)
    return flat


def _flatten_into(out: dict[str, Any], prefix: str, obj: Mapping[Any, Any]) -> None:
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            _flatten_into(out, name + ".", value)
        else:
            out[name] = value


def pandas_frame(rows: Iterable[object]) -> pandas.DataFrame:
    """A pandas DataFrame of the rows, one column per (flattened) field."""
    pd = require("pandas")
    return pd.DataFrame(flatten(rows))


def polars_frame(rows: Iterable[object]) -> polars.DataFrame:
    """A polars DataFrame of the rows, its schema inferred from every row."""
    pl = require("polars")
    flat = flatten(rows)
    if not flat:
        return pl.DataFrame()  # type: ignore[no-any-return]
    return pl.from_dicts(flat, infer_schema_length=None)  # type: ignore[no-any-return]


class Frames(Generic[T]):
    """``to_pandas()`` and ``to_polars()`` of a sync ``Page``."""

    def _rows(self, all_pages: bool, progress: Progress) -> list[T]:
        raise NotImplementedError

    def to_pandas(self, *, all_pages: bool = True, progress: Progress = False) -> pandas.DataFrame:
        """The items of every page from this one, or of this page only, as a pandas DataFrame.

        Nested objects become dotted columns (``metrics.matched``); lists stay
        one cell. Needs ``pip install 'emqx-platform[pandas]'``::

            df = client.clients.list(limit=1000).to_pandas()                 # every page
            df = client.clients.list(limit=1000).to_pandas(all_pages=False)  # the first

        Args:
            all_pages: Fetch and include every following page (the default).
            progress: As for ``iter_all()``.

        Raises:
            ImportError: pandas is not installed (checked before any request).
        """
        require("pandas")
        return pandas_frame(self._rows(all_pages, progress))

    def to_polars(self, *, all_pages: bool = True, progress: Progress = False) -> polars.DataFrame:
        """As ``to_pandas()``, as a polars DataFrame (``emqx-platform[polars]``)."""
        require("polars")
        return polars_frame(self._rows(all_pages, progress))


class AsyncFrames(Generic[T]):
    """The async twin of ``Frames``, for ``AsyncPage`` and ``AsyncPaginator``."""

    async def _rows(self, all_pages: bool, progress: Progress) -> list[T]:
        raise NotImplementedError

    async def to_pandas(
        self, *, all_pages: bool = True, progress: Progress = False
    ) -> pandas.DataFrame:
        """The items of every page, or of one page only, as a pandas DataFrame (a coroutine).

        ::

            df = await client.clients.list(limit=1000).to_pandas()

        See the sync ``to_pandas()``.
        """
        require("pandas")
        return pandas_frame(await self._rows(all_pages, progress))

    async def to_polars(
        self, *, all_pages: bool = True, progress: Progress = False
    ) -> polars.DataFrame:
        """As ``to_pandas()``, as a polars DataFrame (``emqx-platform[polars]``)."""
        require("polars")
        return polars_frame(await self._rows(all_pages, progress))
