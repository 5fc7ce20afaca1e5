"""The base classes of every resource, and the descriptor that attaches them to a client.

A resource keeps its client and hands each method's arguments to the runners
of ``_endpoint`` (``_run``), or for a paginated endpoint to the first page
(``_list``). An async resource names its sync twin
(``class AsyncClients(AsyncResource, twin=Clients)``): its methods carry a
one-line docstring, completed from the twin's when the class is created, so
``help()`` shows the full text on both sides without it being written twice.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, overload

from .._docs import complete_from_twin
from .._pagination import AsyncPaginator, Page
from ._endpoint import Endpoint, send, send_async

if TYPE_CHECKING:
    from typing_extensions import Self

    from .._base_client import _AsyncBaseClient, _BaseClient

__all__ = ["AsyncResource", "SyncResource", "resource"]

R = TypeVar("R")
ResourceT = TypeVar("ResourceT")

_NO_VALUES: Mapping[str, str] = {}


class SyncResource:
    """Base of the resources of blocking clients."""

    # Path fields the resource fills itself (e.g. ``{authenticator}``), encoded.
    _path_values = _NO_VALUES

    def __init__(self, client: _BaseClient) -> None:
        """Made by the client: use the client's attribute (``client.clients``)."""
        self._client = client

    def _run(self, endpoint: Endpoint[R], arguments: Mapping[str, Any]) -> R:
        return send(self._client, endpoint, arguments, self._path_values)

    def _list(self, endpoint: Endpoint[R], arguments: Mapping[str, Any]) -> Page[R]:
        return Page._fetch(self._client, endpoint.page_request(arguments, self._path_values))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class AsyncResource:
    """Base of the resources of asyncio clients; each subclass names its sync ``twin``."""

    # Declared for type checkers only: runtime annotations would show in help().
    if TYPE_CHECKING:
        _twin: ClassVar[type[SyncResource]]
    _path_values = _NO_VALUES

    def __init_subclass__(cls, *, twin: type[SyncResource] | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if twin is not None:
            cls._twin = twin
            complete_from_twin(cls, twin)
        elif not hasattr(cls, "_twin"):
            raise TypeError(
                f"{cls.__name__} must name its sync twin: class {cls.__name__}(..., twin=...)"
            )

    def __init__(self, client: _AsyncBaseClient) -> None:
        """Made by the client: use the client's attribute (``client.clients``)."""
        self._client = client

    def _run(self, endpoint: Endpoint[R], arguments: Mapping[str, Any]) -> Coroutine[Any, Any, R]:
        return send_async(self._client, endpoint, arguments, self._path_values)

    def _list(self, endpoint: Endpoint[R], arguments: Mapping[str, Any]) -> AsyncPaginator[R]:
        return AsyncPaginator(self._client, endpoint.page_request(arguments, self._path_values))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class resource(Generic[ResourceT]):
    """A client attribute holding one resource, built on first use and then kept.

    ``clients = resource(Clients)`` in a client class is the one line that
    attaches ``client.clients``; a copy made by ``with_options`` builds its own.
    It is read-only: a data descriptor, which ``help()`` lists with the
    resource's documentation rather than among the methods.
    """

    def __init__(self, build: Callable[[Any], ResourceT]) -> None:
        self._build = build
        self._name = ""
        # help(client class) shows the resource's own documentation.
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return f"resource({getattr(self._build, '__name__', self._build)!s})"

    @overload
    def __get__(self, client: None, owner: type) -> Self: ...
    @overload
    def __get__(self, client: object, owner: type) -> ResourceT: ...
    def __get__(self, client: object, owner: type) -> Self | ResourceT:
        if client is None:
            return self
        kept = vars(client)
        built: ResourceT | None = kept.get(self._name)
        if built is None:
            built = kept[self._name] = self._build(client)
        return built

    def __set__(self, client: object, value: object) -> None:
        raise AttributeError(f"{self._name} is a resource of the client and cannot be replaced")
