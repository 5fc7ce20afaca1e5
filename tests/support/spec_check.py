"""Checking one request against the EMQX 5.8.6 OpenAPI spec (``tests/data``).

:func:`check_sent` finds the spec operation of a request (method and path
template), then checks every path and query parameter against its schema and
the JSON body against the request body schema, with no top-level key the
schema does not name. Where the real server reads something else than its
spec says, ``support.spec_deviations`` lists the difference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from referencing import Registry

from support import openapi, request_schema
from support.spec_deviations import request_deviation


@dataclass
class Sent:
    """One request: its path below the API root (percent-encoded), query pairs, JSON body."""

    method: str
    path: str
    query: list[tuple[str, str]]
    body: Any


def _template_regex(template: str) -> re.Pattern[str]:
    parts = [
        "[^/]+" if seg.startswith("{") and seg.endswith("}") else re.escape(seg)
        for seg in template.split("/")
    ]
    return re.compile("^" + "/".join(parts) + "$")


def find_operation(spec: dict[str, Any], sent: Sent) -> tuple[str, dict[str, Any]]:
    """The most specific spec path matching ``sent`` that has its method."""
    candidates = []
    for template, ops in spec["paths"].items():
        if sent.method.lower() in ops and _template_regex(template).match(sent.path):
            literal = sum(1 for seg in template.split("/") if not seg.startswith("{"))
            candidates.append((literal, template))
    assert candidates, f"{sent.method} {sent.path} is not in the spec"
    template = max(candidates)[1]
    return template, spec["paths"][template][sent.method.lower()]


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with its ``$ref``s followed, local (``#/...``) or into the spec's URI."""
    while "$ref" in node:
        pointer = node["$ref"].split("#/", 1)[1]
        found: Any = spec
        for part in pointer.split("/"):
            found = found[part.replace("~1", "/").replace("~0", "~")]
        node = found
    return node


def parameter_problems(refs: Registry, template: str, sent: Sent) -> list[str]:
    """Every path and query parameter sent, and every required one, against its schema."""
    declared = request_schema.parameters(sent.method, template)
    query_names = {p["name"] for p in declared if p["in"] == "query"}
    problems = [
        f"query {name!r} is not in the spec" for name, _ in sent.query if name not in query_names
    ]
    segments = dict(zip(template.split("/"), sent.path.split("/"), strict=True))
    for parameter in declared:
        if parameter["in"] == "query":
            values = [value for name, value in sent.query if name == parameter["name"]]
        elif parameter["in"] == "path":
            values = [unquote(segments["{" + parameter["name"] + "}"])]
        else:
            continue
        problems += request_schema.parameter_errors(parameter, values, refs)
    return problems


def body_problems(spec: dict[str, Any], refs: Registry, template: str, sent: Sent) -> list[str]:
    """The JSON body against the operation's schema (or the server's, where they differ)."""
    if sent.body is None:
        return []
    declared = request_schema.body_schema(sent.method, template)
    if declared is None:
        return [f"{sent.method} {template} takes no JSON body"]
    schema = declared
    if deviation := request_deviation(sent.method, template, "body"):
        assert deviation.schema is not None
        schema = deviation.schema
    elif request_deviation(sent.method, template, "body by type"):
        type_name = unquote(sent.path.rsplit("/", 1)[1]).split(":", 1)[0]
        schema = request_schema.member_for_type(sent.method, template, type_name)
    problems = [
        f"body {openapi.location(error) or '(top)'}: {error.message}"
        for error in openapi.errors(sent.body, schema, refs)
    ]
    return problems + unknown_key_problems(spec, refs, template, sent, schema)


def unknown_key_problems(
    spec: dict[str, Any], refs: Registry, template: str, sent: Sent, schema: dict[str, Any]
) -> list[str]:
    """Top-level keys the schema does not name (JSON Schema allows them unless told not to)."""
    if "$ref" in schema:
        schema = refs.resolver().lookup(schema["$ref"]).contents
    resolved = resolve(spec, schema)
    items = sent.body if isinstance(sent.body, list) else [sent.body]
    if resolved.get("type") == "array":
        resolved = resolve(spec, resolved.get("items", {}))
    properties = resolved.get("properties")
    if not properties:
        return []  # a oneOf of per-type schemas, checked as a whole above
    return [
        f"body key {key!r} is not in the spec"
        for item in items
        if isinstance(item, dict)
        for key in sorted(set(item) - set(properties))
        if request_deviation(sent.method, template, f"body key {key}") is None
    ]


def check_sent(spec: dict[str, Any], refs: Registry, sent: Sent) -> None:
    template, _ = find_operation(spec, sent)
    problems = parameter_problems(refs, template, sent) + body_problems(spec, refs, template, sent)
    assert not problems, f"{sent.method} {sent.path} ({template}): {problems}"


# -- the tests ---------------------------------------------------------------------
