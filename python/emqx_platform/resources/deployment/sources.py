"""``client.sources``: data-integration sources, the inbound twin of actions.

A source reads from an external system (an MQTT broker, Kafka, RabbitMQ,
GCP Pub/Sub) through a connector; a rule selects from it with
``FROM "$bridges/<type>:<name>"``. Ids are ``<type>:<name>``.
"""

from __future__ import annotations

import builtins
from typing import Any

from ...types.deployment import Action
from ...types.integration import IntegrationSummary
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource
from .connectors import _ID, _action_body, _action_update_body, _delete_query, _on_node

__all__ = ["AsyncSources", "Sources"]

LIST_SOURCES = Endpoint[list[Action]]("GET", "/sources")
GET_SOURCE = Endpoint[Action]("GET", "/sources/{id}", path_checks=_ID)
CREATE_SOURCE = Endpoint[Action]("POST", "/sources", body=_action_body)
UPDATE_SOURCE = Endpoint[Action]("PUT", "/sources/{id}", body=_action_update_body, path_checks=_ID)
DELETE_SOURCE = Endpoint(
    "DELETE", "/sources/{id}", query=_delete_query, parse=no_content, path_checks=_ID
)
ENABLE_SOURCE = Endpoint("PUT", "/sources/{id}/enable/true", parse=no_content, path_checks=_ID)
DISABLE_SOURCE = Endpoint("PUT", "/sources/{id}/enable/false", parse=no_content, path_checks=_ID)
START_SOURCE = Endpoint("POST", "/sources/{id}/start", parse=no_content, path_checks=_ID)
START_SOURCE_ON_NODE = Endpoint(
    "POST", "/nodes/{node}/sources/{id}/start", parse=no_content, path_checks=_ID
)
SOURCE_METRICS = Endpoint[dict[str, Any]]("GET", "/sources/{id}/metrics", path_checks=_ID)
RESET_SOURCE_METRICS = Endpoint(
    "PUT", "/sources/{id}/metrics/reset", parse=no_content, path_checks=_ID
)
PROBE_SOURCE = Endpoint("POST", "/sources_probe", body=_action_body, parse=no_content)
SOURCE_TYPES = Endpoint[list[str]]("GET", "/source_types")
SOURCES_SUMMARY = Endpoint[list[IntegrationSummary]]("GET", "/sources_summary")


class Sources(SyncResource):
    """Data-integration sources (dedicated deployments); ids are ``<type>:<name>``."""

    def list(self) -> builtins.list[Action]:
        """Every source (not paginated)."""
        return self._run(LIST_SOURCES, locals())

    def get(self, id: str) -> Action:
        """One source, with its ``status``; 404 if unknown."""
        return self._run(GET_SOURCE, locals())

    def create(self, type: str, name: str, *, connector: str, **config: Any) -> Action:
        """Create a source over the connector named ``connector`` (same type), e.g.
        ``create("mqtt", "upstream", connector="broker", parameters={"topic": "in/#", "qos": 1})``.

        A duplicate raises ``BadRequestError`` (``ALREADY_EXISTS``).
        """
        return self._run(CREATE_SOURCE, locals())

    def update(self, id: str, **config: Any) -> Action:
        """Replace a source's settings (the whole configuration: ``connector`` and
        ``parameters`` are required, a ``ValueError`` otherwise)."""
        return self._run(UPDATE_SOURCE, locals())

    def delete(self, id: str, *, also_delete_dep_actions: bool | None = None) -> None:
        """Delete a source; 404 if unknown, 400 while enabled rules read from it
        (the body's ``rules`` key lists them) unless ``also_delete_dep_actions=True``."""
        return self._run(DELETE_SOURCE, locals())

    def enable(self, id: str) -> None:
        """Enable a source."""
        return self._run(ENABLE_SOURCE, locals())

    def disable(self, id: str) -> None:
        """Disable a source (it stops reading)."""
        return self._run(DISABLE_SOURCE, locals())

    def start(self, id: str, *, node: str | None = None) -> None:
        """(Re)start a source on every node, or on ``node`` only."""
        return self._run(_on_node(START_SOURCE, START_SOURCE_ON_NODE, node), locals())

    def metrics(self, id: str) -> dict[str, Any]:
        """The source's counters (``received``, ``matched``, ``failed``, ...)."""
        return self._run(SOURCE_METRICS, locals())

    def reset_metrics(self, id: str) -> None:
        """Set the source's counters back to zero."""
        return self._run(RESET_SOURCE_METRICS, locals())

    def probe(self, type: str, name: str, *, connector: str, **config: Any) -> None:
        """Check a source's configuration without creating it (same arguments as
        ``create()``); raises ``BadRequestError``
        (``TEST_FAILED``) if EMQX refuses it."""
        return self._run(PROBE_SOURCE, locals())

    def types(self) -> builtins.list[str]:
        """The source types the deployment offers (``"mqtt"``, ``"kafka_consumer"``...)."""
        return self._run(SOURCE_TYPES, locals())

    def summary(self) -> builtins.list[IntegrationSummary]:
        """Every source's state and the rules that read from it."""
        return self._run(SOURCES_SUMMARY, locals())


class AsyncSources(AsyncResource, twin=Sources):
    """Data-integration sources, for asyncio (see ``Sources``)."""

    async def list(self) -> builtins.list[Action]:
        """Every source (not paginated)."""
        return await self._run(LIST_SOURCES, locals())

    async def get(self, id: str) -> Action:
        """One source, with its ``status``; 404 if unknown."""
        return await self._run(GET_SOURCE, locals())

    async def create(self, type: str, name: str, *, connector: str, **config: Any) -> Action:
        """Create a source over ``connector`` (see ``Sources.create()``)."""
        return await self._run(CREATE_SOURCE, locals())

    async def update(self, id: str, **config: Any) -> Action:
        """Replace a source's settings."""
        return await self._run(UPDATE_SOURCE, locals())

    async def delete(self, id: str, *, also_delete_dep_actions: bool | None = None) -> None:
        """Delete a source (see ``Sources.delete()``)."""
        return await self._run(DELETE_SOURCE, locals())

    async def enable(self, id: str) -> None:
        """Enable a source."""
        return await self._run(ENABLE_SOURCE, locals())

    async def disable(self, id: str) -> None:
        """Disable a source."""
        return await self._run(DISABLE_SOURCE, locals())

    async def start(self, id: str, *, node: str | None = None) -> None:
        """(Re)start a source on every node, or on ``node`` only."""
        return await self._run(_on_node(START_SOURCE, START_SOURCE_ON_NODE, node), locals())

    async def metrics(self, id: str) -> dict[str, Any]:
        """The source's counters."""
        return await self._run(SOURCE_METRICS, locals())

    async def reset_metrics(self, id: str) -> None:
        """Set the source's counters back to zero."""
        return await self._run(RESET_SOURCE_METRICS, locals())

    async def probe(self, type: str, name: str, *, connector: str, **config: Any) -> None:
        """Check a source's configuration without creating it."""
        return await self._run(PROBE_SOURCE, locals())

    async def types(self) -> builtins.list[str]:
        """The source types the deployment offers."""
        return await self._run(SOURCE_TYPES, locals())

    async def summary(self) -> builtins.list[IntegrationSummary]:
        """Every source's state and the rules that read from it."""
        return await self._run(SOURCES_SUMMARY, locals())
