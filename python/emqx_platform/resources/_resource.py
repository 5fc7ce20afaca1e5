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
from .._lazy import load
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


class _ResourceDoc:
    """``resource.__doc__``: the class's own docstring, or an attribute's resource's."""

    def __init__(self, text: str) -> None:
        self._text = text

    def __get__(self, attribute: resource[Any] | None, owner: type) -> str | None:
        return self._text if attribute is None else attribute.build.__doc__


class resource(Generic[ResourceT]):
    # help(client class) shows each attribute's resource documentation,
    # read when asked (which imports the resource's module).
    __doc__ = _ResourceDoc(
        """A client attribute holding one resource, built on first use and then kept.

        ``clients: resource[Clients] = resource("deployment.clients:Clients")`` in
        a client class is the one line that attaches ``client.clients``: the
        resource's module (under ``emqx_platform.resources``) is imported when
        the attribute is first used, so ``import emqx_platform`` does not load the
        dozens of resource modules and their types a script may never touch. The
        annotation is for type checkers; ``resource(AclRules)`` takes a class at
        hand instead. A copy made by ``with_options`` builds its own resources.
        It is read-only: a data descriptor, which ``help()`` lists with the
        resource's documentation rather than among the methods.
        """
    )

    @overload
    def __init__(self: resource[ResourceT], build: Callable[[Any], ResourceT]) -> None: ...
    @overload
    def __init__(self, build: str) -> None: ...
    def __init__(self, build: Callable[[Any], ResourceT] | str) -> None:
        self._target = build if isinstance(build, str) else ""
        self._loaded: Callable[[Any], ResourceT] | None = None if isinstance(build, str) else build
        self._name = ""
        # The attribute's annotation, e.g. "resource[Clients]" (see __set_name__).
        self.declared: str | None = None

    @property
    def build(self) -> Callable[[Any], ResourceT]:
        """The resource class, imported on first use."""
        if self._loaded is None:
            package, _, rest = self._target.partition(".")
            module, _, name = rest.partition(":")
            self._loaded = getattr(load(f"emqx_platform.resources.{package}", module), name)
        return self._loaded

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name
        # The attribute's annotation is for type checkers: help() would list
        # the class's ``__annotations__``.
        annotations = vars(owner).get("__annotations__")
        if annotations is not None:
            # Kept to check that it names the class the target loads.
            self.declared = annotations.pop(name, None)
            if not annotations:
                del owner.__annotations__

    def __repr__(self) -> str:
        return f"resource({self._target or getattr(self._loaded, '__name__', self._loaded)})"

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
            built = kept[self._name] = self.build(client)
        return built

    def __set__(self, client: object, value: object) -> None:
        raise AttributeError(f"{self._name} is a resource of the client and cannot be replaced")
