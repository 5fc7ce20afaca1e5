"""Where the emulator's answers knowingly differ from the EMQX spec: one place.

The emulator copies the real EMQX 5.8.6 server, not its spec
(``shared/api/emqx-v5-notes.md`` §6 lists where the two disagree). Each entry
says what the server really does and why; ``tests/test_emulator_schema.py``
validates answers against the spec with these applied, and checks that every
entry still names something in the spec.

Three kinds:

- :data:`SCHEMA_PATCHES`: a component schema's property, replaced by what the
  server really sends (applied wherever that component is used).
- :data:`RESPONSE_SHAPES`: an answer whose whole shape differs from the
  declared one; the real shape, built from the spec's own components.
- :data:`UNDECLARED_ANSWERS`: statuses the server (and the emulator) answer
  that the operation does not declare; their body must still be an EMQX error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .openapi import component

EMQX_ERROR: dict[str, Any] = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
}
"""The generic EMQX error body ``{code, message}`` (notes §3)."""


@dataclass(frozen=True)
class SchemaPatch:
    """``components/schemas/<component>`` at ``pointer`` becomes ``replacement``."""

    component: str
    pointer: tuple[str, ...]
    replacement: dict[str, Any]
    reason: str


@dataclass(frozen=True)
class ResponseShape:
    """The answer of ``method template`` with ``status`` really has ``schema``."""

    method: str
    template: str
    status: int
    schema: dict[str, Any]
    reason: str


@dataclass(frozen=True)
class UndeclaredAnswer:
    """``status`` with error ``code`` may answer ``method template`` (``"*"``: any)."""

    method: str
    template: str
    status: int
    code: str
    reason: str


SCHEMA_PATCHES: tuple[SchemaPatch, ...] = (
    SchemaPatch(
        "emqx_mgmt_api_clients.client",
        ("properties", "subscriptions_max"),
        {"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["infinity"]}]},
        'notes §6.5 and §5 Clients: the server sends the string "infinity" for an '
        "unlimited subscriptions_max (the spec's own example shows it); the spec says "
        "integer",
    ),
    SchemaPatch(
        "emqx_mgmt_api_clients.client",
        ("properties", "username"),
        {"type": ["string", "null"]},
        "notes §6.5: username is null when the MQTT client connected without one",
    ),
    SchemaPatch(
        "rule_engine.rule_info",
        ("properties", "actions", "items"),
        {
            "anyOf": [
                component("rule_engine.user_provided_function"),
                component("rule_engine.builtin_action_console"),
                component("rule_engine.builtin_action_republish"),
                {"type": "string"},
            ]
        },
        "notes §6.10: the oneOf has no discriminator, so every built-in action "
        "({function: console}, {function: republish, args}) also matches "
        "user_provided_function and no answer can satisfy 'exactly one'; the "
        "intent is anyOf",
    ),
)

RESPONSE_SHAPES: tuple[ResponseShape, ...] = (
    ResponseShape(
        "GET",
        "/subscriptions",
        200,
        {
            "type": "object",
            "required": ["data", "meta"],
            "properties": {
                "data": {
                    "type": "array",
                    "items": component("emqx_mgmt_api_subscriptions.subscription"),
                },
                "meta": component("public.meta"),
            },
        },
        "notes §6.1: the spec says a plain array; the server pages it as {data, meta}",
    ),
    ResponseShape(
        "POST",
        "/banned",
        200,
        component("emqx_mgmt_api_banned.ban"),
        "notes §6.2: the spec says {data: [ban]}; the server answers the one ban object",
    ),
    ResponseShape(
        "POST",
        "/rule_test",
        200,
        {"type": "object"},
        "notes §6.7: the spec declares a 200 without content ('Rule Test Pass'); the "
        "server answers the SQL's output as a JSON object",
    ),
)

UNDECLARED_ANSWERS: tuple[UndeclaredAnswer, ...] = (
    UndeclaredAnswer(
        "*",
        "*",
        401,
        "BAD_API_KEY_OR_SECRET",
        "notes §6.6 and §2a: 401 auth codes answer any operation; the spec declares "
        "them almost nowhere",
    ),
    UndeclaredAnswer(
        "*", "*", 401, "AUTHORIZATION_HEADER_ERROR", "notes §6.6 and §2a (no or bad header)"
    ),
    UndeclaredAnswer(
        "*",
        "*",
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "notes §1 and §6.6: a body without Content-Type: application/json gets 415",
    ),
    UndeclaredAnswer(
        "*",
        "*",
        413,
        "EXCEED_LIMIT",
        "emulator: a body above max_body_bytes (8 MiB) gets 413 EXCEED_LIMIT, the "
        "code EMQX uses for limits (notes §3a); the real listener's limit and answer "
        "are not documented",
    ),
    UndeclaredAnswer(
        "POST",
        "/authentication/{id}/users",
        409,
        "ALREADY_EXISTS",
        "notes §6.4: a duplicate user_id is 409 ALREADY_EXISTS; the spec lists only 400/404",
    ),
    UndeclaredAnswer(
        "POST",
        "/clients/{clientid}/subscribe",
        400,
        "INVALID_PARAMETER",
        "notes §6.6 and §3a: a bad topic filter on subscribe is 400 INVALID_PARAMETER, undeclared",
    ),
    UndeclaredAnswer(
        "POST",
        "/clients/{clientid}/subscribe/bulk",
        400,
        "INVALID_PARAMETER",
        "as for POST /clients/{clientid}/subscribe",
    ),
)


# Where the emulator itself knowingly differs from the real server (not from the
# spec): (what, why). Documentation for users and maintainers; the answers above
# already account for them.
EMULATOR_SIMPLIFICATIONS: tuple[tuple[str, str], ...] = (
    (
        "a real route or method the emulator does not emulate (e.g. GET /alarms, "
        "DELETE /authentication/{id}) answers 404 'Request Path Not Found'",
        "the emulator covers the groups of issue 3; a 404 is the honest 'not here'",
    ),
    (
        "unknown paths answer JSON whatever the Accept header",
        "the real server sends HTML or text unless Accept: application/json (notes §1); "
        "the SDK always sends that header",
    ),
    (
        "a body above 8 MiB answers 413 EXCEED_LIMIT",
        "the real listener's body limit and answer are not documented",
    ),
    (
        "a serverless deployment answers 404 for what its docs do not list, before "
        "checking credentials",
        "EMQX Cloud's serverless gateway is not documented; the docs list the endpoints "
        "(platform-and-deployment.md §4.2)",
    ),
)


def patched(spec: dict[str, Any]) -> None:
    """Apply :data:`SCHEMA_PATCHES` to ``spec`` (a copy) in place."""
    for patch in SCHEMA_PATCHES:
        node = spec["components"]["schemas"][patch.component]
        *parents, last = patch.pointer
        for key in parents:
            node = node[key]
        if last not in node:
            raise KeyError(f"{patch.component}/{'/'.join(patch.pointer)} is not in the spec")
        node[last] = patch.replacement


def response_shape(method: str, template: str, status: int) -> dict[str, Any] | None:
    for shape in RESPONSE_SHAPES:
        if (shape.method, shape.template, shape.status) == (method, template, status):
            return shape.schema
    return None


def undeclared_answer(method: str, template: str, status: int, code: object) -> bool:
    """Whether an undeclared ``status``/``code`` answer is a known server behaviour."""
    return any(
        entry.method in ("*", method)
        and entry.template in ("*", template)
        and entry.status == status
        and entry.code == code
        for entry in UNDECLARED_ANSWERS
    )
