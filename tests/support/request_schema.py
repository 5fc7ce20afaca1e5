"""Validate a request (path parameters, query, JSON body) against its operation in the spec.

The spec is OpenAPI 3.0, whose schemas are JSON Schema draft 4 with a few
keywords of their own. Only ``nullable`` changes what is valid, so
:func:`as_draft4` rewrites it (``{"type": "string", "nullable": true}`` accepts
``null`` too); the others (``example``, ``deprecated``, ``readOnly``, ...) are
annotations a validator ignores.

Path and query values travel as text. OpenAPI's default for query parameters
(``style: form, explode: true``) sends an array as the key repeated, and a
number or boolean as its literal (``5``, ``true``). :func:`parameter_errors`
reads the text back the ways the schema could mean it and accepts the value
when one of them is valid, so ``is_superuser=True`` or ``page=two`` fail
while ``limit=5`` passes for an integer and ``topic=5`` for a string.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from referencing import Registry

from . import openapi, spec_deviations

_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def as_draft4(node: Any) -> Any:
    """A copy of an OpenAPI 3.0 document or schema with ``nullable`` as draft 4 says it."""
    if isinstance(node, list):
        return [as_draft4(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: as_draft4(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable") is True:
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@cache
def _draft4_spec() -> dict[str, Any]:
    converted: dict[str, Any] = as_draft4(copy.deepcopy(openapi.spec()))
    spec_deviations.patched(converted)
    return converted


def registry() -> Registry:
    """``$ref`` resolution inside the spec, its schemas as draft 4 and the known
    deviations (``spec_deviations.SCHEMA_PATCHES``) applied."""
    return openapi.registry(_draft4_spec())


def operation(method: str, template: str) -> dict[str, Any]:
    """The operation object of ``method template``."""
    op: dict[str, Any] = openapi.spec()["paths"][template][method.lower()]
    return op


def parameters(method: str, template: str) -> list[dict[str, Any]]:
    """The operation's parameter objects, ``$ref``s to ``components/parameters`` resolved."""
    resolved = []
    for parameter in operation(method, template).get("parameters", []):
        if "$ref" in parameter:
            name = parameter["$ref"].rsplit("/", 1)[-1]
            parameter = openapi.spec()["components"]["parameters"][name]
        resolved.append(parameter)
    return resolved


def body_schema(method: str, template: str) -> dict[str, Any] | None:
    """A ``$ref`` to the operation's JSON request body schema; ``None`` if it takes none."""
    content = operation(method, template).get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return openapi.spec_ref(
        "paths", template, method.lower(), "requestBody", "content", "application/json", "schema"
    )


def parameter_errors(parameter: dict[str, Any], raw_values: list[str], refs: Registry) -> list[str]:
    """Why the text values sent for ``parameter`` do not fit its schema (empty if they do)."""
    name = parameter["name"]
    if not raw_values:
        if parameter.get("required"):
            return [f"required {parameter['in']} parameter {name!r} is missing"]
        return []
    schema = as_draft4(parameter.get("schema", {}))
    readings = list(_readings(raw_values))
    if any(not openapi.errors(reading, schema, refs) for reading in readings):
        return []
    shown = raw_values[0] if len(raw_values) == 1 else raw_values
    messages = {e.message for e in openapi.errors(readings[0], schema, refs)}
    return [f"{parameter['in']} {name}={shown!r}: {'; '.join(sorted(messages))}"]


def _readings(raw_values: list[str]) -> Iterable[Any]:
    """The JSON values the text could stand for: scalars for one value, arrays for any."""
    if len(raw_values) == 1:
        yield from _scalars(raw_values[0])
    for kind in (str, int, float, bool):
        items = [_as(kind, raw) for raw in raw_values]
        if all(item is not None for item in items):
            yield items


def _scalars(raw: str) -> Iterable[Any]:
    yield raw
    for kind in (int, float, bool):
        value = _as(kind, raw)
        if value is not None:
            yield value


def _as(kind: type, raw: str) -> Any:
    """``raw`` read as a JSON value of ``kind``, or ``None`` if it cannot be one."""
    if kind is str:
        return raw
    if kind is int:
        return int(raw) if _INTEGER.fullmatch(raw) else None
    if kind is float:
        return float(raw) if _NUMBER.fullmatch(raw) else None
    return {"true": True, "false": False}.get(raw)


def member_for_type(method: str, template: str, type_name: str) -> dict[str, Any]:
    """A ``$ref`` to the member of the body's ``oneOf`` for one connector or action type.

    The members for an update (``PUT /connectors/{id}``) carry no ``type``; the
    members for a create (``POST /connectors``) do, and come in the same order,
    so the type's place among the create members picks the update member.
    """
    for index, member in enumerate(_create_members(template)):
        if type_name in _type_names(member):
            return openapi.spec_ref(
                "paths", template, method.lower(), "requestBody", "content",
                "application/json", "schema", "oneOf", str(index),
            )  # fmt: skip
    raise LookupError(f"no member of POST {_collection(template)} has type {type_name!r}")


def paired_members(method: str, template: str) -> list[tuple[list[str], list[str]]]:
    """The component names of each create member beside those of its update member."""
    updates = operation(method, template)["requestBody"]["content"]["application/json"]
    pairs = zip(_create_members(template), updates["schema"]["oneOf"], strict=True)
    return [(_component_names(create), _component_names(update)) for create, update in pairs]


def _collection(template: str) -> str:
    return template.rsplit("/", 1)[0]


def _create_members(template: str) -> list[dict[str, Any]]:
    creates = operation("POST", _collection(template))["requestBody"]["content"]
    members: list[dict[str, Any]] = creates["application/json"]["schema"]["oneOf"]
    return members


def _component_names(member: dict[str, Any]) -> list[str]:
    """The component schemas a member refers to, through nested ``oneOf``s."""
    if "$ref" in member:
        return [member["$ref"].rsplit("/", 1)[-1]]
    return [name for nested in member.get("oneOf", []) for name in _component_names(nested)]


def _type_names(member: dict[str, Any]) -> set[str]:
    schemas = openapi.spec()["components"]["schemas"]
    names: set[str] = set()
    for component in _component_names(member):
        names |= set(schemas[component].get("properties", {}).get("type", {}).get("enum", []))
    return names
