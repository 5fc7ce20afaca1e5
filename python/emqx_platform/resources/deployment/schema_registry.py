"""``client.schema_registry`` and ``client.external_schema_registries``: the
schemas (Avro, Protobuf, JSON Schema) that rules, schema validations and
message transformations refer to by name, and the external (Confluent)
registries EMQX can fetch schemas from (EMQX Enterprise)."""

from __future__ import annotations

import builtins
from typing import Any

from ...types.integration import ExternalSchemaRegistry, RegisteredSchema
from .._checks import check_choice, check_str
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = [
    "AsyncExternalSchemaRegistries",
    "AsyncSchemaRegistry",
    "ExternalSchemaRegistries",
    "SchemaRegistry",
]

SCHEMA_TYPES = ("avro", "protobuf", "json")


def _schema(type: str, source: str, description: str | None) -> dict[str, Any]:
    body = {"type": check_choice("type", type, SCHEMA_TYPES), "source": check_str("source", source)}
    if description is not None:
        if not isinstance(description, str):
            raise TypeError(f"description must be a str, not {description.__class__.__name__}")
        body["description"] = description
    return body


def _create_schema(name: str, type: str, source: str, description: str | None) -> dict[str, Any]:
    return {"name": check_str("name", name), **_schema(type, source, description)}


def _registry(url: str, username: str | None, password: str | None) -> dict[str, Any]:
    if (username is None) != (password is None):
        raise TypeError("give both username and password, or neither")
    auth: Any = "none"
    if username is not None:
        auth = {
            "username": check_str("username", username),
            "password": check_str("password", password),
        }
    return {"type": "confluent", "url": check_str("url", url), "auth": auth}


def _create_registry(
    name: str, url: str, username: str | None, password: str | None
) -> dict[str, Any]:
    return {"name": check_str("name", name), **_registry(url, username, password)}


LIST_SCHEMAS = Endpoint[list[RegisteredSchema]]("GET", "/schema_registry")
GET_SCHEMA = Endpoint[RegisteredSchema]("GET", "/schema_registry/{name}")
CREATE_SCHEMA = Endpoint[RegisteredSchema]("POST", "/schema_registry", body=_create_schema)
UPDATE_SCHEMA = Endpoint[RegisteredSchema]("PUT", "/schema_registry/{name}", body=_schema)
DELETE_SCHEMA = Endpoint("DELETE", "/schema_registry/{name}", parse=no_content)

_ONE_REGISTRY = "/schema_registry_external/registry/{name}"
LIST_REGISTRIES = Endpoint[dict[str, ExternalSchemaRegistry]]("GET", "/schema_registry_external")
GET_REGISTRY = Endpoint[ExternalSchemaRegistry]("GET", _ONE_REGISTRY)
CREATE_REGISTRY = Endpoint[ExternalSchemaRegistry](
    "POST", "/schema_registry_external", body=_create_registry
)
UPDATE_REGISTRY = Endpoint[ExternalSchemaRegistry]("PUT", _ONE_REGISTRY, body=_registry)
DELETE_REGISTRY = Endpoint("DELETE", _ONE_REGISTRY, parse=no_content)


class SchemaRegistry(SyncResource):
    """Schemas by name (EMQX Enterprise, dedicated deployments)."""

    def list(self) -> builtins.list[RegisteredSchema]:
        """Every schema, with its ``type``, ``source`` and ``description``."""
        return self._run(LIST_SCHEMAS, locals())

    def get(self, name: str) -> RegisteredSchema:
        """One schema; 404 ``NOT_FOUND`` if unknown."""
        return self._run(GET_SCHEMA, locals())

    def create(
        self, name: str, *, type: str, source: str, description: str | None = None
    ) -> RegisteredSchema:
        """Register a schema: ``type`` is ``"avro"``, ``"protobuf"`` or ``"json"``,
        ``source`` its text, e.g. ``create("reading", type="json", source=json.dumps(schema))``.

        A name in use raises ``BadRequestError`` (``ALREADY_EXISTS``).
        """
        return self._run(CREATE_SCHEMA, locals())

    def update(
        self, name: str, *, type: str, source: str, description: str | None = None
    ) -> RegisteredSchema:
        """Replace a schema (its whole definition); 404 if unknown."""
        return self._run(UPDATE_SCHEMA, locals())

    def delete(self, name: str) -> None:
        """Delete a schema; 404 if unknown."""
        return self._run(DELETE_SCHEMA, locals())


class AsyncSchemaRegistry(AsyncResource, twin=SchemaRegistry):
    """Schemas by name, for asyncio (see ``SchemaRegistry``)."""

    async def list(self) -> builtins.list[RegisteredSchema]:
        """Every schema, with its ``type``, ``source`` and ``description``."""
        return await self._run(LIST_SCHEMAS, locals())

    async def get(self, name: str) -> RegisteredSchema:
        """One schema; 404 ``NOT_FOUND`` if unknown."""
        return await self._run(GET_SCHEMA, locals())

    async def create(
        self, name: str, *, type: str, source: str, description: str | None = None
    ) -> RegisteredSchema:
        """Register a schema (see ``SchemaRegistry.create()``)."""
        return await self._run(CREATE_SCHEMA, locals())

    async def update(
        self, name: str, *, type: str, source: str, description: str | None = None
    ) -> RegisteredSchema:
        """Replace a schema; 404 if unknown."""
        return await self._run(UPDATE_SCHEMA, locals())

    async def delete(self, name: str) -> None:
        """Delete a schema; 404 if unknown."""
        return await self._run(DELETE_SCHEMA, locals())


class ExternalSchemaRegistries(SyncResource):
    """External (Confluent) schema registries by name (EMQX Enterprise)."""

    def list(self) -> dict[str, ExternalSchemaRegistry]:
        """Every registry, by name; passwords come back masked (``"******"``)."""
        return self._run(LIST_REGISTRIES, locals())

    def get(self, name: str) -> ExternalSchemaRegistry:
        """One registry; 404 if unknown."""
        return self._run(GET_REGISTRY, locals())

    def create(
        self, name: str, *, url: str, username: str | None = None, password: str | None = None
    ) -> ExternalSchemaRegistry:
        """Add a Confluent registry at ``url``, with basic authentication when
        ``username`` and ``password`` are given. A name in use raises
        ``BadRequestError`` (``ALREADY_EXISTS``)."""
        return self._run(CREATE_REGISTRY, locals())

    def update(
        self, name: str, *, url: str, username: str | None = None, password: str | None = None
    ) -> ExternalSchemaRegistry:
        """Replace a registry's settings; ``password="******"`` keeps the stored one."""
        return self._run(UPDATE_REGISTRY, locals())

    def delete(self, name: str) -> None:
        """Delete a registry (an unknown name is not an error)."""
        return self._run(DELETE_REGISTRY, locals())


class AsyncExternalSchemaRegistries(AsyncResource, twin=ExternalSchemaRegistries):
    """External schema registries, for asyncio (see ``ExternalSchemaRegistries``)."""

    async def list(self) -> dict[str, ExternalSchemaRegistry]:
        """Every registry, by name; passwords come back masked (``"******"``)."""
        return await self._run(LIST_REGISTRIES, locals())

    async def get(self, name: str) -> ExternalSchemaRegistry:
        """One registry; 404 if unknown."""
        return await self._run(GET_REGISTRY, locals())

    async def create(
        self, name: str, *, url: str, username: str | None = None, password: str | None = None
    ) -> ExternalSchemaRegistry:
        """Add a Confluent registry (see ``ExternalSchemaRegistries.create()``)."""
        return await self._run(CREATE_REGISTRY, locals())

    async def update(
        self, name: str, *, url: str, username: str | None = None, password: str | None = None
    ) -> ExternalSchemaRegistry:
        """Replace a registry's settings; ``password="******"`` keeps the stored one."""
        return await self._run(UPDATE_REGISTRY, locals())

    async def delete(self, name: str) -> None:
        """Delete a registry."""
        return await self._run(DELETE_REGISTRY, locals())
