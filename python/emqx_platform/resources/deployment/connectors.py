"""``client.connectors`` and ``client.actions``: data integration ("bridge v2").

A connector holds the connection to an external system (HTTP server, Kafka,
a database...); an action uses a connector to send what a rule selects. Both
are named ``<type>:<name>``, e.g. ``"http:my_webhook"``.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from ..._request import Params
from ...types.deployment import Action, Connector
from ...types.integration import IntegrationSummary
from .._checks import check_bool, check_mapping, check_str
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["Actions", "AsyncActions", "AsyncConnectors", "Connectors"]

# Computed fields the server adds to answers; sending them back is refused.
_COMPUTED = frozenset({"status", "status_reason", "node_status", "actions", "type", "name"})


def _type_name(name: str, value: object) -> str:
    """A ``<type>:<name>`` id (the path check of ``{id}``)."""
    text = check_str(name, value)
    kind, sep, rest = text.partition(":")
    if not (kind and sep and rest):
        raise ValueError(
            f"{name} must look like '<type>:<name>' (e.g. 'http:my_webhook'), got {value!r}"
        )
    return text


def _config(config: Mapping[str, Any]) -> dict[str, Any]:
    body = check_mapping("config", config)
    computed = set(body) & _COMPUTED
    if computed:
        raise ValueError(f"{sorted(computed)} cannot be set (they are computed or fixed by the id)")
    if "enable" in body:
        check_bool("enable", body["enable"])
    return body


def _create_body(type: str, name: str, config: Mapping[str, Any]) -> dict[str, Any]:
    return {"type": check_str("type", type), "name": check_str("name", name), **_config(config)}


def _action_body(type: str, name: str, connector: str, config: Mapping[str, Any]) -> dict[str, Any]:
    return _create_body(type, name, {"connector": connector, **config})


def _action_update_body(config: Mapping[str, Any]) -> dict[str, Any]:
    """The body of an action's or a source's PUT, which replaces the whole channel."""
    body = _config(config)
    missing = [key for key in ("connector", "parameters") if key not in body]
    if missing:
        # put_bridge_v2 and put_source: "required": ["connector", "parameters"].
        raise ValueError(f"an update needs {' and '.join(missing)} (the whole configuration)")
    return body


def _delete_query(also_delete_dep_actions: bool | None) -> Params | None:
    if also_delete_dep_actions is None:
        return None
    return {
        "also_delete_dep_actions": check_bool("also_delete_dep_actions", also_delete_dep_actions)
    }


def _probe_body(type: str, name: str, config: Mapping[str, Any]) -> dict[str, Any]:
    return _create_body(type, name, config)


def _on_node(
    on_cluster: Endpoint[None], on_node: Endpoint[None], node: str | None
) -> Endpoint[None]:
    """``start`` on every node, or on ``node`` only."""
    return on_cluster if node is None else on_node


_ID = {"id": _type_name}

LIST_CONNECTORS = Endpoint[list[Connector]]("GET", "/connectors")
GET_CONNECTOR = Endpoint[Connector]("GET", "/connectors/{id}", path_checks=_ID)
CREATE_CONNECTOR = Endpoint[Connector]("POST", "/connectors", body=_create_body)
UPDATE_CONNECTOR = Endpoint[Connector]("PUT", "/connectors/{id}", body=_config, path_checks=_ID)
DELETE_CONNECTOR = Endpoint("DELETE", "/connectors/{id}", parse=no_content, path_checks=_ID)
ENABLE_CONNECTOR = Endpoint(
    "PUT", "/connectors/{id}/enable/true", parse=no_content, path_checks=_ID
)
DISABLE_CONNECTOR = Endpoint(
    "PUT", "/connectors/{id}/enable/false", parse=no_content, path_checks=_ID
)
START_CONNECTOR = Endpoint("POST", "/connectors/{id}/start", parse=no_content, path_checks=_ID)
START_CONNECTOR_ON_NODE = Endpoint(
    "POST", "/nodes/{node}/connectors/{id}/start", parse=no_content, path_checks=_ID
)
PROBE_CONNECTOR = Endpoint("POST", "/connectors_probe", body=_probe_body, parse=no_content)

LIST_ACTIONS = Endpoint[list[Action]]("GET", "/actions")
GET_ACTION = Endpoint[Action]("GET", "/actions/{id}", path_checks=_ID)
CREATE_ACTION = Endpoint[Action]("POST", "/actions", body=_action_body)
UPDATE_ACTION = Endpoint[Action]("PUT", "/actions/{id}", body=_action_update_body, path_checks=_ID)
DELETE_ACTION = Endpoint(
    "DELETE", "/actions/{id}", query=_delete_query, parse=no_content, path_checks=_ID
)
ENABLE_ACTION = Endpoint("PUT", "/actions/{id}/enable/true", parse=no_content, path_checks=_ID)
DISABLE_ACTION = Endpoint("PUT", "/actions/{id}/enable/false", parse=no_content, path_checks=_ID)
START_ACTION = Endpoint("POST", "/actions/{id}/start", parse=no_content, path_checks=_ID)
START_ACTION_ON_NODE = Endpoint(
    "POST", "/nodes/{node}/actions/{id}/start", parse=no_content, path_checks=_ID
)
PROBE_ACTION = Endpoint("POST", "/actions_probe", body=_action_body, parse=no_content)
ACTION_TYPES = Endpoint[list[str]]("GET", "/action_types")
ACTIONS_SUMMARY = Endpoint[list[IntegrationSummary]]("GET", "/actions_summary")
ACTION_METRICS = Endpoint[dict[str, Any]]("GET", "/actions/{id}/metrics", path_checks=_ID)
RESET_ACTION_METRICS = Endpoint(
    "PUT", "/actions/{id}/metrics/reset", parse=no_content, path_checks=_ID
)


class Connectors(SyncResource):
    """Data-integration connectors (dedicated deployments); ids are ``<type>:<name>``."""

    def list(self) -> builtins.list[Connector]:
        """Every connector (not paginated)."""
        return self._run(LIST_CONNECTORS, locals())

    def get(self, id: str) -> Connector:
        """One connector, with its ``status``; 404 if unknown."""
        return self._run(GET_CONNECTOR, locals())

    def create(self, type: str, name: str, **config: Any) -> Connector:
        """Create a connector; ``config`` is its type's settings, e.g.
        ``create("http", "my_webhook", url="https://example.com", pool_size=4)``.

        A duplicate raises ``BadRequestError`` (``ALREADY_EXISTS``).
        """
        return self._run(CREATE_CONNECTOR, locals())

    def update(self, id: str, **config: Any) -> Connector:
        """Replace a connector's settings (the whole configuration, without type and name).

        EMQX checks the body against the type's schema: a required field left
        out (``server`` for ``mqtt``, ``bootstrap_hosts`` for Kafka...) is a
        ``BadRequestError``. Secrets come back as ``"******"`` from ``get()``;
        sending that back keeps the stored value.
        """
        return self._run(UPDATE_CONNECTOR, locals())

    def delete(self, id: str) -> None:
        """Delete a connector; 400 while actions use it, 404 if unknown."""
        return self._run(DELETE_CONNECTOR, locals())

    def enable(self, id: str) -> None:
        """Enable a connector."""
        return self._run(ENABLE_CONNECTOR, locals())

    def disable(self, id: str) -> None:
        """Disable a connector (its actions stop sending)."""
        return self._run(DISABLE_CONNECTOR, locals())

    def start(self, id: str, *, node: str | None = None) -> None:
        """(Re)connect a connector on every node, or on ``node`` only."""
        return self._run(_on_node(START_CONNECTOR, START_CONNECTOR_ON_NODE, node), locals())

    def probe(self, type: str, name: str, **config: Any) -> None:
        """Check a connector's configuration without creating it (same arguments as
        ``create()``); a configuration EMQX refuses raises
        ``BadRequestError`` (``TEST_FAILED``)."""
        return self._run(PROBE_CONNECTOR, locals())


class AsyncConnectors(AsyncResource, twin=Connectors):
    """Data-integration connectors, for asyncio (see ``Connectors``)."""

    async def list(self) -> builtins.list[Connector]:
        """Every connector (not paginated)."""
        return await self._run(LIST_CONNECTORS, locals())

    async def get(self, id: str) -> Connector:
        """One connector, with its ``status``; 404 if unknown."""
        return await self._run(GET_CONNECTOR, locals())

    async def create(self, type: str, name: str, **config: Any) -> Connector:
        """Create a connector (see ``Connectors.create()``)."""
        return await self._run(CREATE_CONNECTOR, locals())

    async def update(self, id: str, **config: Any) -> Connector:
        """Replace a connector's settings (without type and name)."""
        return await self._run(UPDATE_CONNECTOR, locals())

    async def delete(self, id: str) -> None:
        """Delete a connector; 400 while actions use it, 404 if unknown."""
        return await self._run(DELETE_CONNECTOR, locals())

    async def enable(self, id: str) -> None:
        """Enable a connector."""
        return await self._run(ENABLE_CONNECTOR, locals())

    async def disable(self, id: str) -> None:
        """Disable a connector."""
        return await self._run(DISABLE_CONNECTOR, locals())

    async def start(self, id: str, *, node: str | None = None) -> None:
        """(Re)connect a connector on every node, or on ``node`` only."""
        return await self._run(_on_node(START_CONNECTOR, START_CONNECTOR_ON_NODE, node), locals())

    async def probe(self, type: str, name: str, **config: Any) -> None:
        """Check a connector's configuration without creating it."""
        return await self._run(PROBE_CONNECTOR, locals())


class Actions(SyncResource):
    """Data-integration actions (dedicated deployments); ids are ``<type>:<name>``.

    Rules refer to an action by its id in their ``actions`` list.
    """

    def list(self) -> builtins.list[Action]:
        """Every action (not paginated)."""
        return self._run(LIST_ACTIONS, locals())

    def get(self, id: str) -> Action:
        """One action, with its ``status``; 404 if unknown."""
        return self._run(GET_ACTION, locals())

    def create(self, type: str, name: str, *, connector: str, **config: Any) -> Action:
        """Create an action over the connector named ``connector`` (same type), e.g.
        ``create("http", "post_rooms", connector="my_webhook", parameters={...})``."""
        return self._run(CREATE_ACTION, locals())

    def update(self, id: str, **config: Any) -> Action:
        """Replace an action's settings (the whole configuration, ``connector`` included)."""
        return self._run(UPDATE_ACTION, locals())

    def delete(self, id: str, *, also_delete_dep_actions: bool | None = None) -> None:
        """Delete an action; 404 if unknown.

        While enabled rules use it EMQX answers 400 (the body's ``rules`` key
        lists them) unless ``also_delete_dep_actions=True``, which removes the
        action from those rules too.
        """
        return self._run(DELETE_ACTION, locals())

    def enable(self, id: str) -> None:
        """Enable an action."""
        return self._run(ENABLE_ACTION, locals())

    def disable(self, id: str) -> None:
        """Disable an action."""
        return self._run(DISABLE_ACTION, locals())

    def start(self, id: str, *, node: str | None = None) -> None:
        """(Re)start an action on every node, or on ``node`` only."""
        return self._run(_on_node(START_ACTION, START_ACTION_ON_NODE, node), locals())

    def probe(self, type: str, name: str, *, connector: str, **config: Any) -> None:
        """Check an action's configuration without creating it (same arguments as
        ``create()``); raises ``BadRequestError``
        (``TEST_FAILED``) if EMQX refuses it."""
        return self._run(PROBE_ACTION, locals())

    def types(self) -> builtins.list[str]:
        """The action types the deployment offers (``"http"``, ``"kafka_producer"``...)."""
        return self._run(ACTION_TYPES, locals())

    def summary(self) -> builtins.list[IntegrationSummary]:
        """Every action's state and the rules that use it."""
        return self._run(ACTIONS_SUMMARY, locals())

    def metrics(self, id: str) -> dict[str, Any]:
        """The action's counters (``matched``, ``success``, ``failed``, ...)."""
        return self._run(ACTION_METRICS, locals())

    def reset_metrics(self, id: str) -> None:
        """Set the action's counters back to zero."""
        return self._run(RESET_ACTION_METRICS, locals())


class AsyncActions(AsyncResource, twin=Actions):
    """Data-integration actions, for asyncio (see ``Actions``)."""

    async def list(self) -> builtins.list[Action]:
        """Every action (not paginated)."""
        return await self._run(LIST_ACTIONS, locals())

    async def get(self, id: str) -> Action:
        """One action, with its ``status``; 404 if unknown."""
        return await self._run(GET_ACTION, locals())

    async def create(self, type: str, name: str, *, connector: str, **config: Any) -> Action:
        """Create an action over ``connector`` (see ``Actions.create()``)."""
        return await self._run(CREATE_ACTION, locals())

    async def update(self, id: str, **config: Any) -> Action:
        """Replace an action's settings."""
        return await self._run(UPDATE_ACTION, locals())

    async def delete(self, id: str, *, also_delete_dep_actions: bool | None = None) -> None:
        """Delete an action (see ``Actions.delete()``)."""
        return await self._run(DELETE_ACTION, locals())

    async def enable(self, id: str) -> None:
        """Enable an action."""
        return await self._run(ENABLE_ACTION, locals())

    async def disable(self, id: str) -> None:
        """Disable an action."""
        return await self._run(DISABLE_ACTION, locals())

    async def start(self, id: str, *, node: str | None = None) -> None:
        """(Re)start an action on every node, or on ``node`` only."""
        return await self._run(_on_node(START_ACTION, START_ACTION_ON_NODE, node), locals())

    async def probe(self, type: str, name: str, *, connector: str, **config: Any) -> None:
        """Check an action's configuration without creating it."""
        return await self._run(PROBE_ACTION, locals())

    async def types(self) -> builtins.list[str]:
        """The action types the deployment offers."""
        return await self._run(ACTION_TYPES, locals())

    async def summary(self) -> builtins.list[IntegrationSummary]:
        """Every action's state and the rules that use it."""
        return await self._run(ACTIONS_SUMMARY, locals())

    async def metrics(self, id: str) -> dict[str, Any]:
        """The action's counters."""
        return await self._run(ACTION_METRICS, locals())

    async def reset_metrics(self, id: str) -> None:
        """Set the action's counters back to zero."""
        return await self._run(RESET_ACTION_METRICS, locals())
