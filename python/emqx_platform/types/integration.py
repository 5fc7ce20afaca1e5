"""Shapes of the rule engine's settings and events, of data integration's
summaries, of schema validations and message transformations, and of the
schema registry (EMQX 5, dedicated deployments)."""

from typing import Any, TypedDict

__all__ = [
    "ExternalSchemaRegistry",
    "IntegrationSummary",
    "MessageTransformation",
    "RegisteredSchema",
    "RuleEngineSettings",
    "RuleEvent",
    "SchemaValidation",
]


class RuleEngineSettings(TypedDict, total=False):
    """The rule engine's settings, as ``GET /rule_engine`` shows them."""

    ignore_sys_message: bool
    """Rules ignore messages published to ``$SYS`` topics (default true)."""
    jq_function_default_timeout: int
    """The ``jq`` function's timeout in milliseconds (set it as a duration, ``"10s"``)."""
    jq_implementation_module: str


class RuleEvent(TypedDict, total=False):
    """An event a rule can select ``FROM``, e.g. ``"$events/client_connected"``."""

    event: str
    title: dict[str, str]
    """By language: ``{"en": ..., "zh": ...}``."""
    description: dict[str, str]
    columns: list[str]
    """The fields a rule's ``SELECT`` can read from the event."""
    test_columns: dict[str, Any]
    sql_example: str


class IntegrationSummary(TypedDict, total=False):
    """One action or source as the dashboard lists it: its state and the rules using it."""

    type: str
    name: str
    enable: bool
    description: str
    status: str
    """``connected``, ``disconnected``, ``connecting``, ``inconsistent`` or ``stopped``."""
    status_reason: str
    node_status: list[dict[str, Any]]
    rules: list[str]
    """Ids of the rules that send to the action, or read from the source."""
    created_at: int
    last_modified_at: int


class SchemaValidation(TypedDict, total=False):
    """A schema validation: ``checks`` run on messages published to ``topics``."""

    name: str
    description: str
    enable: bool
    tags: list[str]
    topics: str | list[str]
    strategy: str
    """``all_pass`` (every check must pass) or ``any_pass``."""
    checks: list[dict[str, Any]]
    """Each ``{"type": "sql" | "json" | "avro" | "protobuf", ...}``."""
    failure_action: str
    """``drop``, ``disconnect`` or ``ignore``."""
    log_failure: dict[str, Any]


class MessageTransformation(TypedDict, total=False):
    """A message transformation: ``operations`` applied to messages published to ``topics``."""

    name: str
    description: str
    enable: bool
    tags: list[str]
    topics: str | list[str]
    payload_decoder: dict[str, Any]
    payload_encoder: dict[str, Any]
    operations: list[dict[str, Any]]
    """Each ``{"key": "topic" | "payload.x" | ..., "value": "<expression>"}``."""
    failure_action: str
    """``drop``, ``disconnect`` or ``ignore``."""
    log_failure: dict[str, Any]


class RegisteredSchema(TypedDict, total=False):
    """A schema of the registry: ``type`` is ``avro``, ``protobuf`` or ``json``."""

    name: str
    type: str
    source: str
    """The schema's text (JSON for Avro and JSON Schema, ``.proto`` text for Protobuf)."""
    description: str


class ExternalSchemaRegistry(TypedDict, total=False):
    """An external (Confluent) schema registry; ``auth`` is ``"none"`` or
    ``{"username": ..., "password": "******"}`` (the password is never shown)."""

    type: str
    url: str
    auth: str | dict[str, str]
