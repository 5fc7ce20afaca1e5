"""What schema validations and message transformations share: named
configurations that EMQX runs, in order, on the messages of their topics,
with the same endpoints under two prefixes, and the methods over them
(each kind adds its own ``create`` and ``update``)."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from .._checks import check_choice, check_ids, check_mapping, check_str
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

T = TypeVar("T")

FAILURE_ACTIONS = ("drop", "disconnect", "ignore")


def config_body(
    name: str, topics: str | Sequence[str], failure_action: str, config: Mapping[str, Any]
) -> dict[str, Any]:
    """A whole configuration: ``name``, ``topics`` (one filter or a list),
    ``failure_action`` and the kind's other fields."""
    return {
        "name": check_str("name", name),
        "topics": check_str("topics", topics)
        if isinstance(topics, str)
        else check_ids("topics", topics),
        "failure_action": check_choice("failure_action", failure_action, FAILURE_ACTIONS),
        **check_mapping("config", config),
    }


def mappings(name: str, values: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A list of objects (checks, operations)."""
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a list of objects, not {type(values).__name__}")
    return [check_mapping(f"{name}[{i}]", v) for i, v in enumerate(values)]


def order_body(names: Iterable[str]) -> dict[str, Any]:
    """``{"order": [...]}``: every name once, in the new order."""
    order = check_ids("names", names)
    if len(set(order)) != len(order):
        raise ValueError(f"names must not repeat, got {order!r}")
    return {"order": order}


@dataclass(frozen=True)
class PipelineEndpoints(Generic[T]):
    """One kind's endpoints: ``/<collection>`` and ``/<collection>/<item>/{name}``."""

    list: Endpoint[list[T]]
    get: Endpoint[T]
    create: Endpoint[T]
    update: Endpoint[T]
    delete: Endpoint[None]
    reorder: Endpoint[None]
    enable: Endpoint[None]
    disable: Endpoint[None]
    metrics: Endpoint[dict[str, Any]]
    reset_metrics: Endpoint[None]

    @classmethod
    def under(
        cls, collection: str, item: str, body: Callable[..., dict[str, Any]]
    ) -> PipelineEndpoints[T]:
        """The endpoints of ``/<collection>``; ``body`` builds a create or update body."""
        one = f"/{collection}/{item}/{{name}}"
        return cls(
            list=Endpoint("GET", f"/{collection}"),
            get=Endpoint("GET", one),
            create=Endpoint("POST", f"/{collection}", body=body),
            update=Endpoint("PUT", f"/{collection}", body=body),
            delete=Endpoint("DELETE", one, parse=no_content),
            reorder=Endpoint("POST", f"/{collection}/reorder", body=order_body, parse=no_content),
            enable=Endpoint("POST", one + "/enable/true", parse=no_content),
            disable=Endpoint("POST", one + "/enable/false", parse=no_content),
            metrics=Endpoint("GET", one + "/metrics"),
            reset_metrics=Endpoint("POST", one + "/metrics/reset", parse=no_content),
        )


class Pipeline(SyncResource, Generic[T]):
    """Named configurations that EMQX runs in order (see the subclasses)."""

    # The kind's endpoints, set by each subclass; declared for type checkers
    # only, since a runtime annotation would show in help().
    if TYPE_CHECKING:
        _api: ClassVar[PipelineEndpoints[Any]]

    @property
    def _endpoints(self) -> PipelineEndpoints[T]:
        return self._api

    def list(self) -> builtins.list[T]:
        """Every one, in the order EMQX runs them."""
        return self._run(self._endpoints.list, locals())

    def get(self, name: str) -> T:
        """One by name; 404 if unknown."""
        return self._run(self._endpoints.get, locals())

    def delete(self, name: str) -> None:
        """Delete one; 404 if unknown."""
        return self._run(self._endpoints.delete, locals())

    def reorder(self, names: Iterable[str]) -> None:
        """Set the order EMQX runs them in; ``names`` must list each one once
        (otherwise a ``BadRequestError`` whose ``body`` has
        ``not_found``, ``duplicated`` and ``not_reordered``)."""
        return self._run(self._endpoints.reorder, locals())

    def enable(self, name: str) -> None:
        """Enable one."""
        return self._run(self._endpoints.enable, locals())

    def disable(self, name: str) -> None:
        """Disable one (messages pass it untouched)."""
        return self._run(self._endpoints.disable, locals())

    def metrics(self, name: str) -> dict[str, Any]:
        """Its counters (``matched``, ``succeeded``, ``failed``, rates), with ``node_metrics``."""
        return self._run(self._endpoints.metrics, locals())

    def reset_metrics(self, name: str) -> None:
        """Set its counters back to zero."""
        return self._run(self._endpoints.reset_metrics, locals())


class AsyncPipeline(AsyncResource, Generic[T], twin=Pipeline):
    """Named configurations that EMQX runs in order, for asyncio (see ``Pipeline``)."""

    if TYPE_CHECKING:
        _api: ClassVar[PipelineEndpoints[Any]]

    @property
    def _endpoints(self) -> PipelineEndpoints[T]:
        return self._api

    async def list(self) -> builtins.list[T]:
        """Every one, in the order EMQX runs them."""
        return await self._run(self._endpoints.list, locals())

    async def get(self, name: str) -> T:
        """One by name; 404 if unknown."""
        return await self._run(self._endpoints.get, locals())

    async def delete(self, name: str) -> None:
        """Delete one; 404 if unknown."""
        return await self._run(self._endpoints.delete, locals())

    async def reorder(self, names: Iterable[str]) -> None:
        """Set the order EMQX runs them in (see ``Pipeline.reorder()``)."""
        return await self._run(self._endpoints.reorder, locals())

    async def enable(self, name: str) -> None:
        """Enable one."""
        return await self._run(self._endpoints.enable, locals())

    async def disable(self, name: str) -> None:
        """Disable one."""
        return await self._run(self._endpoints.disable, locals())

    async def metrics(self, name: str) -> dict[str, Any]:
        """Its counters."""
        return await self._run(self._endpoints.metrics, locals())

    async def reset_metrics(self, name: str) -> None:
        """Set its counters back to zero."""
        return await self._run(self._endpoints.reset_metrics, locals())
