"""One test body for the sync and the async clients: :class:`Flavored`.

Most behaviour must hold for both twins, so such tests are written once, as
``async`` tests over the ``flavor`` fixture (``"sync"`` or ``"async"``), and
make every call through a :class:`Flavored`::

    page = await api(lambda c: c.clients.list(limit=2))
    every = await api.all(lambda c: c.clients.list())
    answer = await api.request("GET", "/projects")

The fixtures hand them out: ``api``/``make_api`` (the fault server),
``platform``/``make_platform`` (the emulator's Platform API), ``d``,
``dedicated``/``serverless`` (a deployment, ``tests/deployment/conftest.py``);
``flavors.wrap(client)`` takes any other client of the test's flavor.

A sync client's call runs in a worker thread, a thread with no event loop, as
a plain script makes it; an async client's call is awaited on the test's loop.
A sync call made *inside* a running event loop (a notebook cell) is another
case, with tests of its own in ``core/test_sync_in_event_loop.py``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from typing_extensions import Self

from support.clients import aclose

FLAVORS = ("sync", "async")

Call = Callable[..., Any]


@dataclasses.dataclass
class Flavored:
    """A sync or an async client, whose calls are all awaited the same way."""

    client: Any
    is_async: bool

    async def __call__(self, call: Call, *args: Any) -> Any:
        """``call(client, *args)``'s result: run in a worker thread (sync), or awaited (async).

        Extra ``args`` bind a loop's variables: ``await x(lambda c, u: c.users.get(u), user)``.
        The twin must match its flavor: an async call that returns no
        awaitable, or a sync one that returns one, fails the test.
        """
        if self.is_async:
            result = call(self.client, *args)
            assert inspect.isawaitable(result), f"async call returned {type(result).__name__}"
            return await result
        result = await asyncio.to_thread(call, self.client, *args)
        assert not inspect.isawaitable(result), "sync call returned an awaitable"
        return result

    async def all(self, call: Call) -> list[Any]:
        """Every item ``call(client)`` yields: a ``list()`` across its pages, ``iter_pages()``..."""
        if self.is_async:
            return [item async for item in call(self.client)]
        return await asyncio.to_thread(lambda: list(call(self.client)))

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """``client.request(method, path, **kwargs)`` in this flavor."""
        return await self(lambda c: c.request(method, path, **kwargs))

    def with_options(self, **options: Any) -> Self:
        """The same flavor over ``client.with_options(**options)``."""
        return dataclasses.replace(self, client=self.client.with_options(**options))

    async def close(self) -> None:
        """Close the client (awaited for an async one)."""
        if self.is_async:
            await aclose(self.client)
        else:
            self.client.close()


F = TypeVar("F", bound=Flavored)


class Flavors:
    """Clients of one test's flavor, wrapped as :class:`Flavored` and closed at teardown."""

    def __init__(self, flavor: str) -> None:
        assert flavor in FLAVORS, flavor
        self.is_async = flavor == "async"
        self._made: list[Flavored] = []

    def wrap(self, client: Any) -> Flavored:
        """``client`` (built for this flavor) as a :class:`Flavored`, closed at teardown."""
        return self.keep(Flavored(client, self.is_async))

    def keep(self, flavored: F) -> F:
        """Close ``flavored`` at teardown; returns it."""
        assert flavored.is_async == self.is_async
        self._made.append(flavored)
        return flavored

    async def close(self) -> None:
        for flavored in self._made:
            await flavored.close()


FlavoredFactory = Callable[..., Flavored]
