"""``client.rules``, ``client.resources``, ``client.resource_types``, ``client.actions``:
EMQX 4's rule engine.

Resources (a web hook, a database...) are instances of resource types; rules
run SQL on messages and hand the results to actions. Types and actions are
provided by EMQX: they can be read, not added.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from typing import Any

from ...types.v4 import Action, Resource, ResourceType, Rule
from .._checks import check_mapping, check_str
from .._endpoint import Endpoint
from ._base import V4AsyncResource, V4Resource, check_batch, data, nothing

__all__ = [
    "Actions",
    "AsyncActions",
    "AsyncResourceTypes",
    "AsyncResources",
    "AsyncRules",
    "ResourceTypes",
    "Resources",
    "Rules",
]


def _description(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"description must be a str, not {type(value).__name__}")
    return value


def _resource_body(type: str, config: Mapping[str, Any], description: str | None) -> Any:
    body = {"type": check_str("type", type), "config": check_mapping("config", config)}
    if description is not None:
        body["description"] = _description(description)
    return body


def _actions(actions: object) -> list[dict[str, Any]]:
    """``[{name, params}]``, each checked; at least one."""
    return [
        {
            "name": check_str(f"actions[{i}]['name']", item.get("name")),
            "params": check_mapping(f"actions[{i}]['params']", item.get("params", {})),
        }
        for i, item in enumerate(check_batch("actions", actions))
    ]


def _rule_body(rawsql: str, actions: Iterable[Any], description: str | None) -> Any:
    body: dict[str, Any] = {"rawsql": check_str("rawsql", rawsql), "actions": _actions(actions)}
    if description is not None:
        body["description"] = _description(description)
    return body


def _rule_changes(
    rawsql: str | None, actions: Iterable[Any] | None, description: str | None
) -> Any:
    body: dict[str, Any] = {}
    if rawsql is not None:
        body["rawsql"] = check_str("rawsql", rawsql)
    if actions is not None:
        body["actions"] = _actions(actions)
    if description is not None:
        body["description"] = _description(description)
    if not body:
        raise ValueError("give rawsql, actions or description to change")
    return body


CREATE_RESOURCE = Endpoint[Resource]("POST", "/resources", body=_resource_body, parse=data)
GET_RESOURCE = Endpoint[Resource]("GET", "/resources/{id}", parse=data)
LIST_RESOURCES = Endpoint[list[Resource]]("GET", "/resources", parse=data)
DELETE_RESOURCE = Endpoint("DELETE", "/resources/{id}", parse=nothing)
GET_RESOURCE_TYPE = Endpoint[ResourceType]("GET", "/resource_types/{name}", parse=data)
LIST_RESOURCE_TYPES = Endpoint[list[ResourceType]]("GET", "/resource_types", parse=data)
CREATE_RULE = Endpoint[Rule]("POST", "/rules", body=_rule_body, parse=data)
GET_RULE = Endpoint[Rule]("GET", "/rules/{id}", parse=data)
LIST_RULES = Endpoint[list[Rule]]("GET", "/rules", parse=data)
UPDATE_RULE = Endpoint[Rule]("PUT", "/rules/{id}", body=_rule_changes, parse=data)
DELETE_RULE = Endpoint("DELETE", "/rules/{id}", parse=nothing)
GET_ACTION = Endpoint[Action]("GET", "/actions/{name}", parse=data)
LIST_ACTIONS = Endpoint[list[Action]]("GET", "/actions", parse=data)


class Resources(V4Resource):
    """Rule-engine resources: a configured instance of a resource type."""

    def create(
        self, type: str, config: Mapping[str, Any], *, description: str | None = None
    ) -> Resource:
        """Create a resource of ``type`` (e.g. ``"web_hook"``) with its ``config``."""
        return self._run(CREATE_RESOURCE, locals())

    def get(self, id: str) -> Resource:
        """One resource, with its ``status`` per node."""
        return self._run(GET_RESOURCE, locals())

    def list(self) -> builtins.list[Resource]:
        """Every resource."""
        return self._run(LIST_RESOURCES, locals())

    def delete(self, id: str) -> None:
        """Delete a resource."""
        return self._run(DELETE_RESOURCE, locals())


class AsyncResources(V4AsyncResource, twin=Resources):
    """Rule-engine resources, for asyncio (see ``Resources``)."""

    async def create(
        self, type: str, config: Mapping[str, Any], *, description: str | None = None
    ) -> Resource:
        """Create a resource (a coroutine)."""
        return await self._run(CREATE_RESOURCE, locals())

    async def get(self, id: str) -> Resource:
        """One resource (a coroutine)."""
        return await self._run(GET_RESOURCE, locals())

    async def list(self) -> builtins.list[Resource]:
        """Every resource (a coroutine)."""
        return await self._run(LIST_RESOURCES, locals())

    async def delete(self, id: str) -> None:
        """Delete a resource (a coroutine)."""
        return await self._run(DELETE_RESOURCE, locals())


class ResourceTypes(V4Resource):
    """The resource types EMQX provides (read only)."""

    def get(self, name: str) -> ResourceType:
        """One resource type, with the ``params`` its resources take."""
        return self._run(GET_RESOURCE_TYPE, locals())

    def list(self) -> builtins.list[ResourceType]:
        """Every resource type."""
        return self._run(LIST_RESOURCE_TYPES, locals())


class AsyncResourceTypes(V4AsyncResource, twin=ResourceTypes):
    """The resource types, for asyncio (see ``ResourceTypes``)."""

    async def get(self, name: str) -> ResourceType:
        """One resource type (a coroutine)."""
        return await self._run(GET_RESOURCE_TYPE, locals())

    async def list(self) -> builtins.list[ResourceType]:
        """Every resource type (a coroutine)."""
        return await self._run(LIST_RESOURCE_TYPES, locals())


class Rules(V4Resource):
    """Rules: SQL over messages and events, and the actions that get the results."""

    def create(
        self,
        rawsql: str,
        actions: Iterable[Mapping[str, Any]],
        *,
        description: str | None = None,
    ) -> Rule:
        """Create a rule.

        Args:
            rawsql: The SQL, e.g. ``'SELECT * FROM "t/#"'``.
            actions: ``[{"name": "inspect", "params": {...}}]``: action names
                from ``client.actions <Actions>``.
            description: Free text.
        """
        return self._run(CREATE_RULE, locals())

    def get(self, id: str) -> Rule:
        """One rule."""
        return self._run(GET_RULE, locals())

    def list(self) -> builtins.list[Rule]:
        """Every rule."""
        return self._run(LIST_RULES, locals())

    def update(
        self,
        id: str,
        *,
        rawsql: str | None = None,
        actions: Iterable[Mapping[str, Any]] | None = None,
        description: str | None = None,
    ) -> Rule:
        """Change a rule's SQL, actions or description; returns the rule."""
        return self._run(UPDATE_RULE, locals())

    def delete(self, id: str) -> None:
        """Delete a rule."""
        return self._run(DELETE_RULE, locals())


class AsyncRules(V4AsyncResource, twin=Rules):
    """Rules, for asyncio (see ``Rules``)."""

    async def create(
        self,
        rawsql: str,
        actions: Iterable[Mapping[str, Any]],
        *,
        description: str | None = None,
    ) -> Rule:
        """Create a rule (a coroutine)."""
        return await self._run(CREATE_RULE, locals())

    async def get(self, id: str) -> Rule:
        """One rule (a coroutine)."""
        return await self._run(GET_RULE, locals())

    async def list(self) -> builtins.list[Rule]:
        """Every rule (a coroutine)."""
        return await self._run(LIST_RULES, locals())

    async def update(
        self,
        id: str,
        *,
        rawsql: str | None = None,
        actions: Iterable[Mapping[str, Any]] | None = None,
        description: str | None = None,
    ) -> Rule:
        """Change a rule (a coroutine)."""
        return await self._run(UPDATE_RULE, locals())

    async def delete(self, id: str) -> None:
        """Delete a rule (a coroutine)."""
        return await self._run(DELETE_RULE, locals())


class Actions(V4Resource):
    """The action types EMQX provides for rules (read only)."""

    def get(self, name: str) -> Action:
        """One action type, with the ``params`` it takes."""
        return self._run(GET_ACTION, locals())

    def list(self) -> builtins.list[Action]:
        """Every action type."""
        return self._run(LIST_ACTIONS, locals())


class AsyncActions(V4AsyncResource, twin=Actions):
    """The action types, for asyncio (see ``Actions``)."""

    async def get(self, name: str) -> Action:
        """One action type (a coroutine)."""
        return await self._run(GET_ACTION, locals())

    async def list(self) -> builtins.list[Action]:
        """Every action type (a coroutine)."""
        return await self._run(LIST_ACTIONS, locals())
