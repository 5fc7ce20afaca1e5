"""Validate JSON answers against the response schemas of the real EMQX 5.8.6 spec.

``tests/data/emqx-ee-5.8.6-openapi.json`` is OpenAPI 3.0; its schemas are JSON Schema draft 4
plus keywords a validator ignores (``example``, ``deprecated``). The spec uses
no ``nullable``, so no translation is needed. ``$ref``s point into the spec
itself (``#/components/schemas/...``) and are resolved through a
``referencing`` registry holding the whole document. ``format: date-time`` is
checked (RFC 3339), because some ``oneOf``s (banned ``until``: a date-time or
``"infinity"``) only pick one branch when the format is checked.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

# The OpenAPI spec served by EMQX Enterprise 5.8.6, kept in the repository so
# the contract tests run anywhere (provenance beside it, *.SOURCE.md).
SPEC_PATH = Path(__file__).resolve().parents[1] / "data" / "emqx-ee-5.8.6-openapi.json"
_SPEC_URI = "urn:emqx:ee-en.json"

_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")

_formats = FormatChecker(formats=())


@_formats.checks("date-time")
def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or bool(_RFC3339.match(value))


@cache
def spec() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return data


def registry(document: dict[str, Any]) -> Registry:
    """A registry that resolves the spec's ``$ref``s inside ``document``.

    ``document`` is the spec, or a patched copy of it (see ``spec_deviations``).
    """
    resource = Resource.from_contents(document, default_specification=DRAFT4)
    return Registry().with_resource(_SPEC_URI, resource)


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


class Undeclared(LookupError):
    """The spec declares no such operation or status."""


def response_schema(method: str, template: str, status: int) -> dict[str, Any] | None:
    """A ``$ref`` to the JSON schema the spec declares for this answer.

    ``None`` when the status is declared without a body (204, ``POST
    /rule_test``'s 200). Raises :class:`Undeclared` when the spec does not
    list the operation or the status.
    """
    op = spec()["paths"].get(template, {}).get(method.lower())
    if op is None:
        raise Undeclared(f"{method} {template} is not in the spec")
    response = op["responses"].get(str(status))
    if response is None:
        raise Undeclared(f"{method} {template} declares no {status} answer")
    if "application/json" not in response.get("content", {}):
        return None
    return spec_ref(
        "paths", template, method.lower(), "responses", str(status), "content",
        "application/json", "schema",
    )  # fmt: skip


def component(name: str) -> dict[str, Any]:
    """A ``$ref`` to ``#/components/schemas/<name>`` (to build a deviation's real shape)."""
    if name not in spec()["components"]["schemas"]:
        raise KeyError(f"no component schema {name!r}")
    return spec_ref("components", "schemas", name)


def spec_ref(*parts: str) -> dict[str, Any]:
    """A ``$ref`` to the node of the spec at ``parts`` (keys, unescaped), for :func:`errors`."""
    return {"$ref": f"{_SPEC_URI}#/{_pointer(*parts)}"}


def errors(instance: Any, schema: dict[str, Any], refs: Registry) -> list[ValidationError]:
    """Every way ``instance`` fails ``schema`` (empty when it conforms); ``refs``
    resolves its ``$ref``s (see :func:`registry`)."""
    validator = Draft4Validator(schema, registry=refs, format_checker=_formats)
    return sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))


def location(error: ValidationError) -> str:
    """Where in the instance an error is, as ``a/0/b`` (``""`` for the top)."""
    return "/".join(str(p) for p in error.absolute_path)
