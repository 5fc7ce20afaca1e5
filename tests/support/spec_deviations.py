"""Where the emulator's answers knowingly differ from the EMQX spec: one place.

The emulator copies the real EMQX 5.8.6 server, not its spec. Each entry says
what the server really does (``reason``) and where that can be checked
(``source``): a file of the EMQX server at its ``v5.8.6`` tag in the public
``emqx/emqx`` repository, a page of the EMQX docs, or the spec itself.
``tests/emulator/test_schema.py`` validates answers against the spec with these
applied, and checks that every entry still names something in the spec and
cites a public source.

Three kinds:

- :data:`SCHEMA_PATCHES`: a component schema's property, replaced by what the
  server really sends (applied wherever that component is used).
- :data:`RESPONSE_SHAPES`: an answer whose whole shape differs from the
  declared one; the real shape, built from the spec's own components.
- :data:`UNDECLARED_ANSWERS`: statuses the server (and the emulator) answer
  that the operation does not declare; their body must still be an EMQX error.
- :data:`REQUEST_DEVIATIONS`: requests the SDK sends as the server reads them
  where the spec describes them otherwise (``tests/contract/test_spec_contract.py``).
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
"""The generic EMQX error body ``{code, message}``, built by the ``?ERROR_MSG`` macro of
``apps/emqx/include/http_api.hrl`` in ``emqx/emqx``."""


def error_with_codes(*codes: str) -> dict[str, Any]:
    """The EMQX error body with ``code`` one of ``codes``."""
    return {
        "type": "object",
        "required": ["code", "message"],
        "properties": {"code": {"enum": list(codes)}, "message": {"type": "string"}},
    }


EMQX_SOURCE = "emqx/emqx v5.8.6:"
"""How a ``source`` names a file of the EMQX server: repository, tag, then its path."""
EMQX_DOCS = "https://docs.emqx.com/"
"""How a ``source`` names a page of the EMQX docs."""
SPEC_SOURCE = "tests/data/emqx-ee-5.8.6-openapi.json"
"""How a ``source`` names the spec itself (its own example, or its own schemas)."""


@dataclass(frozen=True)
class SchemaPatch:
    """``components/schemas/<component>`` at ``pointer`` becomes ``replacement``."""

    component: str
    pointer: tuple[str, ...]
    replacement: dict[str, Any]
    reason: str
    source: str


@dataclass(frozen=True)
class ResponseShape:
    """The answer of ``method template`` with ``status`` really has ``schema``."""

    method: str
    template: str
    status: int
    schema: dict[str, Any]
    reason: str
    source: str


@dataclass(frozen=True)
class UndeclaredAnswer:
    """``status`` with error ``code`` may answer ``method template`` (``"*"``: any)."""

    method: str
    template: str
    status: int
    code: str
    reason: str
    source: str


@dataclass(frozen=True)
class RequestDeviation:
    """What the SDK sends to ``method template`` where the spec says otherwise.

    ``what`` is ``"body"`` (the server reads a body of ``schema``), ``"body key
    <key>"`` (the server reads a key the body schema lacks), or ``"body by
    type"`` (the server checks the body against the member of the schema's
    ``oneOf`` for the type named by the ``{id}`` path parameter, ``<type>:<name>``).
    """

    method: str
    template: str
    what: str
    reason: str
    source: str
    schema: dict[str, Any] | None = None


SCHEMA_PATCHES: tuple[SchemaPatch, ...] = (
    SchemaPatch(
        "emqx_mgmt_api_clients.client",
        ("properties", "subscriptions_max"),
        {"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["infinity"]}]},
        'the server sends the string "infinity" for an unlimited subscriptions_max (the '
        "example it serves for GET /clients/{clientid} shows it); the schema says integer",
        f"{EMQX_SOURCE}apps/emqx_management/src/emqx_mgmt_api_clients.erl (client_example/0)",
    ),
    SchemaPatch(
        "emqx_mgmt_api_clients.client",
        ("properties", "username"),
        {"type": ["string", "null"]},
        "username is null when the MQTT client connected without one (the example the "
        "server serves for GET /clients/{clientid} shows it); the schema says string",
        f"{EMQX_SOURCE}apps/emqx_management/src/emqx_mgmt_api_clients.erl (client_example/0)",
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
        "the server picks the member by the action's 'function' (console, republish, "
        "else a user function), a discriminator the spec's oneOf does not carry: every "
        "built-in action ({function: console}, {function: republish, args}) also matches "
        "user_provided_function, so no answer satisfies 'exactly one'; the intent is anyOf",
        f"{EMQX_SOURCE}apps/emqx_rule_engine/src/emqx_rule_engine_schema.erl (actions/0)",
    ),
    SchemaPatch(
        "rule_engine.rule_creation",
        ("properties", "actions", "items"),
        {
            "anyOf": [
                component("rule_engine.user_provided_function"),
                component("rule_engine.builtin_action_console"),
                component("rule_engine.builtin_action_republish"),
                {"type": "string"},
            ]
        },
        "the same actions of a rule to create: the server picks the member by 'function', "
        "so {function: console} is valid although it matches two members of the oneOf",
        f"{EMQX_SOURCE}apps/emqx_rule_engine/src/emqx_rule_engine_schema.erl (actions/0)",
    ),
    SchemaPatch(
        "authn.metrics_status_fields",
        ("properties", "node_metrics"),
        {"type": "array", "items": component("authn.node_metrics")},
        "the server answers a list with one entry per node (the example the spec itself "
        "serves for this operation shows it); the schema says one object",
        f"{EMQX_SOURCE}apps/emqx_auth/src/emqx_authn/emqx_authn_api.erl (make_result_map/1)",
    ),
    SchemaPatch(
        "authn.metrics_status_fields",
        ("properties", "node_resource_metrics"),
        {"type": "array", "items": component("authn.node_resource_metrics")},
        "the server answers a list with one entry per node (the example the spec itself "
        "serves for this operation shows it); the schema says one object",
        f"{EMQX_SOURCE}apps/emqx_auth/src/emqx_authn/emqx_authn_api.erl (make_result_map/1)",
    ),
    SchemaPatch(
        "authn.metrics_status_fields",
        ("properties", "node_status"),
        {"type": "array", "items": component("authn.node_status")},
        "the server answers a list with one entry per node (the example the spec itself "
        "serves for this operation shows it); the schema says one object",
        f"{EMQX_SOURCE}apps/emqx_auth/src/emqx_authn/emqx_authn_api.erl (make_result_map/1)",
    ),
    SchemaPatch(
        "authn.metrics_status_fields",
        ("properties", "node_error"),
        {"type": "array", "items": component("authn.node_error")},
        "the server answers a list with one entry per node (the example the spec itself "
        "serves for this operation shows it); the schema says one object",
        f"{EMQX_SOURCE}apps/emqx_auth/src/emqx_authn/emqx_authn_api.erl (make_result_map/1)",
    ),
    SchemaPatch(
        "emqx_delayed_api.message",
        ("properties", "msgid"),
        {"type": "string"},
        "a delayed message's msgid is emqx_guid:to_hexstr/1 of its id, 32 hexadecimal "
        "digits, and the routes take it back in that form; the schema says integer",
        f"{EMQX_SOURCE}apps/emqx_modules/src/emqx_delayed.erl (format_delayed/2)",
    ),
    SchemaPatch(
        "emqx_delayed_api.message_without_payload",
        ("properties", "msgid"),
        {"type": "string"},
        "the same msgid, in the answer of GET /mqtt/delayed/messages/{node}/{msgid}",
        f"{EMQX_SOURCE}apps/emqx_modules/src/emqx_delayed.erl (format_delayed/2)",
    ),
    SchemaPatch(
        "retainer.mnesia_config",
        ("properties", "index_specs"),
        {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
        "index_specs is a list of index specifications, each a list of integers, as the "
        "spec's own default [[1, 2, 3], [1, 3], [2, 3], [3]] shows; its items say integer",
        SPEC_SOURCE,
    ),
    SchemaPatch(
        "public.continuation_meta",
        ("properties", "position"),
        {"type": "string"},
        "a oneOf of any string and a string enum: the enum's own values match both "
        "members, so no answer holding them satisfies 'exactly one'; the intent is a string",
        SPEC_SOURCE,
    ),
    SchemaPatch(
        "public.continuation_meta",
        ("properties", "start"),
        {"type": "string"},
        "a oneOf of any string and a string enum: the enum's own values match both "
        "members, so no answer holding them satisfies 'exactly one'; the intent is a string",
        SPEC_SOURCE,
    ),
    SchemaPatch(
        "retainer.retainer",
        ("properties", "msg_expiry_interval_override"),
        {"type": "string"},
        "a oneOf of any string and a string enum: the enum's own values match both "
        "members, so no answer holding them satisfies 'exactly one'; the intent is a string",
        SPEC_SOURCE,
    ),
    SchemaPatch(
        "trace.trace",
        ("properties", "log_size"),
        {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
        "the server answers a map of node name to the log's size in bytes "
        "(collect_file_size/3 when listing, every running node => 0 when creating); "
        "the schema says an array of {node, size}",
        f"{EMQX_SOURCE}apps/emqx_management/src/emqx_mgmt_api_trace.erl (trace/2, format_trace/1)",
    ),
)

RESPONSE_SHAPES: tuple[ResponseShape, ...] = (
    ResponseShape(
        "PUT",
        "/mqtt/retainer",
        400,
        error_with_codes("UPDATE_FAILED", "BAD_REQUEST"),
        "the spec declares only the handler's 400 UPDATE_FAILED; a body that fails the "
        "schema (check_schema => true: an unknown key, a value of the wrong form) is "
        "refused before the handler with the request check's 400 BAD_REQUEST",
        f"{EMQX_SOURCE}apps/emqx_retainer/src/emqx_retainer_api.erl (api_spec/0)",
    ),
    ResponseShape(
        "PUT",
        "/trace/{name}/stop",
        200,
        {
            "type": "object",
            "required": ["enable", "name"],
            "additionalProperties": False,
            "properties": {"enable": {"const": False}, "name": {"type": "string"}},
        },
        "the spec says the whole trace; the handler answers {200, #{enable => false, "
        "name => Name}}",
        f"{EMQX_SOURCE}apps/emqx_management/src/emqx_mgmt_api_trace.erl (update_trace/2)",
    ),
    ResponseShape(
        "POST",
        "/trace",
        400,
        error_with_codes("INVALID_PARAMS", "BAD_REQUEST"),
        "the spec declares only the handler's 400 INVALID_PARAMS; a body that fails the "
        "schema (a name outside ^[A-Za-z]+[A-Za-z0-9-_]*$ or over 256 bytes: the name "
        "field's validate_name/1) is refused before the handler with 400 BAD_REQUEST",
        f"{EMQX_SOURCE}apps/emqx_management/src/emqx_mgmt_api_trace.erl (validate_name/1)",
    ),
    ResponseShape(
        "GET",
        "/monitor",
        400,
        EMQX_ERROR,
        "a `latest` below the schema's minimum of 1 fails minirest's parameter check, "
        "which answers 400 BAD_REQUEST; the operation declares only 400 BAD_RPC",
        f"{EMQX_SOURCE}apps/emqx_dashboard/src/emqx_dashboard_swagger.erl (filter_check_request/2)",
    ),
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
        "the spec says a plain array; the server pages it as {data, meta}, like every "
        "list that emqx_mgmt_api:cluster_query/5 and node_query/6 answer",
        f"{EMQX_SOURCE}apps/emqx_management/src/emqx_mgmt_api_subscriptions.erl "
        "(do_subscriptions_query_mem/1)",
    ),
    ResponseShape(
        "POST",
        "/banned",
        200,
        component("emqx_mgmt_api_banned.ban"),
        "the spec says {data: [ban]}; the handler answers {200, format(Banned)}, the one "
        "ban object",
        f"{EMQX_SOURCE}apps/emqx_management/src/emqx_mgmt_api_banned.erl (banned/2, post)",
    ),
    ResponseShape(
        "POST",
        "/rule_test",
        200,
        {"type": "object"},
        "the spec declares a 200 without content ('Rule Test Pass'); the handler answers "
        "{200, Result}, the SQL's output as a JSON object",
        f"{EMQX_SOURCE}apps/emqx_rule_engine/src/emqx_rule_engine_api.erl ('/rule_test'/2)",
    ),
    *(
        ResponseShape(
            method,
            "/rule_engine",
            200,
            {
                "type": "object",
                "properties": {
                    "ignore_sys_message": {"type": "boolean"},
                    "jq_function_default_timeout": {"type": "integer", "minimum": 0},
                },
            },
            "the spec says the jq timeout is a duration string; the handler answers the "
            "parsed config (format_rule_engine_resp/1), where durations are milliseconds",
            f"{EMQX_SOURCE}apps/emqx_rule_engine/src/emqx_rule_engine_api.erl ('/rule_engine'/2)",
        )
        for method in ("GET", "PUT")
    ),
    ResponseShape(
        "GET",
        "/rule_events",
        200,
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["event", "title", "description", "columns", "sql_example"],
                "properties": {
                    "event": {"type": "string", "pattern": "^\\$events/"},
                    "title": {"type": "object", "additionalProperties": {"type": "string"}},
                    "description": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                    },
                    "columns": {"type": "array", "items": {"type": "string"}},
                    "test_columns": {"type": "object"},
                    "sql_example": {"type": "string"},
                },
            },
        },
        "the spec says one event object with string title and description; the handler "
        "answers the list of emqx_rule_events:event_info/0, titles and descriptions by "
        "language ({en, zh}) and columns as a list",
        f"{EMQX_SOURCE}apps/emqx_rule_engine/src/emqx_rule_events.erl (event_info/0)",
    ),
    *(
        ResponseShape(
            "GET",
            f"/{collection}/{item}/{{name}}/metrics",
            200,
            {
                "type": "object",
                "properties": {
                    "metrics": component(f"{schemas}.metrics"),
                    "node_metrics": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["node", "metrics"],
                            "properties": {
                                "node": {"type": "string"},
                                "metrics": component(f"{schemas}.metrics"),
                            },
                        },
                    },
                },
            },
            "the spec says node_metrics is one object with node and the counters; the "
            "handler answers a list of {node, metrics}, as the spec's own example shows",
            f"{EMQX_SOURCE}apps/emqx_{schemas[:-9]}/src/emqx_{schemas}.erl (handle_get_metrics/1)",
        )
        for collection, item, schemas in (
            ("schema_validations", "validation", "schema_validation_http_api"),
            ("message_transformations", "transformation", "message_transformation_http_api"),
        )
    ),
    *(
        ResponseShape(
            "POST",
            collection,
            400,
            {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"enum": ["ALREADY_EXISTS", "BAD_REQUEST"]},
                    "message": {"type": "string"},
                },
            },
            "the spec declares only the duplicate's 400 ALREADY_EXISTS; a body that fails "
            "the schema (a required field missing) is refused before the handler with the "
            "request check's 400 BAD_REQUEST",
            f"{EMQX_SOURCE}apps/emqx_dashboard/src/emqx_dashboard_swagger.erl "
            "(filter_check_request/2)",
        )
        for collection in ("/schema_validations", "/message_transformations")
    ),
    *(
        shape
        for collection, one, item, app in (
            (
                "schema_validations",
                "validation",
                "schema_validation.validation",
                "schema_validation",
            ),
            (
                "message_transformations",
                "transformation",
                "message_transformation.transformation",
                "message_transformation",
            ),
        )
        for shape in (
            ResponseShape(
                "GET",
                f"/{collection}",
                200,
                {"type": "array", "items": component(item)},
                "the spec nests the list in a second array; the handler answers the flat "
                "list of configurations, as the spec's own example shows",
                f"{EMQX_SOURCE}apps/emqx_{app}/src/emqx_{app}_http_api.erl ('/{collection}'/2)",
            ),
            ResponseShape(
                "GET",
                f"/{collection}/{one}/{{name}}",
                200,
                component(item),
                "the spec says a list; the handler answers the one configuration, as the "
                "spec's own example shows",
                f"{EMQX_SOURCE}apps/emqx_{app}/src/emqx_{app}_http_api.erl "
                f"('/{collection}/{one}/:name'/2)",
            ),
        )
    ),
    ResponseShape(
        "POST",
        "/message_transformations/dryrun",
        200,
        {"type": "object"},
        "the spec declares a 200 without content ('TODO'); the handler answers the "
        "transformed message as a JSON object",
        f"{EMQX_SOURCE}apps/emqx_message_transformation/src/"
        "emqx_message_transformation_http_api.erl (handle_dryrun/1)",
    ),
    ResponseShape(
        "GET",
        "/clients/{clientid}/authorization/cache",
        200,
        {"type": "array", "items": component("emqx_mgmt_api_clients.authz_cache")},
        "the spec says one cache entry; the handler answers every entry the client's "
        "cache holds, a list (empty when nothing is cached)",
        f"{EMQX_SOURCE}apps/emqx_management/src/emqx_mgmt_api_clients.erl (get_authz_cache/1)",
    ),
    ResponseShape(
        "GET",
        "/sessions_count",
        200,
        {"type": "integer"},
        "the handler answers {200, integer_to_binary(Count)}, a body such as 42 that JSON "
        "reads as a number; the spec says a string",
        f"{EMQX_SOURCE}apps/emqx_management/src/emqx_mgmt_api_clients.erl (sessions_count/2)",
    ),
)

UNDECLARED_ANSWERS: tuple[UndeclaredAnswer, ...] = (
    UndeclaredAnswer(
        "PUT",
        "/slow_subscriptions/settings",
        400,
        "BAD_REQUEST",
        "a body that fails the request schema (top_k_num below 1, an unknown stats_type) "
        "gets minirest's 400 BAD_REQUEST before the handler runs",
        f"{EMQX_SOURCE}apps/emqx_dashboard/src/emqx_dashboard_swagger.erl (filter_check_request/2)",
    ),
    *(
        UndeclaredAnswer(
            method,
            template,
            400,
            "BAD_REQUEST",
            "a trace name in the path outside ^[A-Za-z]+[A-Za-z0-9-_]*$ or over 256 bytes "
            "fails the path parameter's validate_name/1, which answers 400 BAD_REQUEST",
            f"{EMQX_SOURCE}apps/emqx_management/src/emqx_mgmt_api_trace.erl (fields(name))",
        )
        for method, template in (
            ("DELETE", "/trace/{name}"),
            ("PUT", "/trace/{name}/stop"),
            ("GET", "/trace/{name}/log_detail"),
            ("GET", "/trace/{name}/download"),
        )
    ),
    *(
        UndeclaredAnswer(
            "POST",
            f"/listeners/{{id}}/{action}",
            404,
            "BAD_LISTENER_ID",
            "the spec declares 400 for an unknown listener; the handler answers "
            "{404, #{code => 'BAD_LISTENER_ID'}} when get_raw/2 finds no such listener",
            f"{EMQX_SOURCE}apps/emqx_management/src/emqx_mgmt_api_listeners.erl "
            "(action_listeners_by_id/2)",
        )
        for action in ("start", "stop", "restart")
    ),
    UndeclaredAnswer(
        "GET",
        "/error_codes/{code}",
        400,
        "BAD_REQUEST",
        "a code outside the path parameter's enum fails minirest's parameter check, "
        "which answers 400 BAD_REQUEST before the handler runs",
        f"{EMQX_SOURCE}apps/emqx_dashboard/src/emqx_dashboard_swagger.erl (filter_check_request/2)",
    ),
    UndeclaredAnswer(
        "*",
        "*",
        401,
        "BAD_API_KEY_OR_SECRET",
        "the dashboard's authorization, in front of every route, answers a wrong API key "
        "or secret with 401 BAD_API_KEY_OR_SECRET 'Check api_key/api_secret'; the spec "
        "declares it almost nowhere",
        f"{EMQX_SOURCE}apps/emqx_dashboard/src/emqx_dashboard.erl (api_key_authorize/3)",
    ),
    UndeclaredAnswer(
        "*",
        "*",
        401,
        "AUTHORIZATION_HEADER_ERROR",
        "the same authorization answers a missing Authorization header, or a scheme other "
        "than basic or bearer, with 401 AUTHORIZATION_HEADER_ERROR",
        f"{EMQX_SOURCE}apps/emqx_dashboard/src/emqx_dashboard.erl (authorize/1)",
    ),
    UndeclaredAnswer(
        "*",
        "*",
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "a body without Content-Type: application/json gets 415 UNSUPPORTED_MEDIA_TYPE "
        "'content-type:application/json Required' before its operation runs",
        f"{EMQX_SOURCE}apps/emqx_dashboard/src/emqx_dashboard_swagger.erl",
    ),
    UndeclaredAnswer(
        "*",
        "*",
        413,
        "EXCEED_LIMIT",
        "emulator only: a body above max_body_bytes (8 MiB) gets 413 EXCEED_LIMIT, the "
        "code EMQX lists for exceeded limits; the real listener's limit and answer are "
        "not documented",
        f"{EMQX_SOURCE}apps/emqx/include/http_api.hrl (EXCEED_LIMIT)",
    ),
    UndeclaredAnswer(
        "POST",
        "/authentication/{id}/users",
        409,
        "ALREADY_EXISTS",
        "a duplicate user_id ({user_error, already_exist}) is 409 ALREADY_EXISTS 'User "
        "already exists'; the spec lists only 400 and 404",
        f"{EMQX_SOURCE}apps/emqx_auth/src/emqx_authn/emqx_authn_api.erl (serialize_error/1)",
    ),
    UndeclaredAnswer(
        "POST",
        "/clients/{clientid}/subscribe",
        400,
        "INVALID_PARAMETER",
        "the handler answers subscribe options it refuses (no_local on a shared "
        "subscription) with 400 INVALID_PARAMETER, which the spec does not declare; the "
        "emulator answers a bad topic filter the same way, where 5.8.6 hands the filter "
        "to the client's process unchecked (emqx_mgmt:do_subscribe/2) and answers 200, "
        "or 500 UNKNOWN_ERROR when emqx_topic:parse/2 raises",
        f"{EMQX_SOURCE}apps/emqx_management/src/emqx_mgmt_api_clients.erl (subscribe/1)",
    ),
    UndeclaredAnswer(
        "POST",
        "/clients/{clientid}/subscribe/bulk",
        400,
        "INVALID_PARAMETER",
        "emulator, as for POST /clients/{clientid}/subscribe; the 5.8.6 handler runs each "
        "topic through emqx_mgmt_util:batch_operation/3 and answers 200 with the failures "
        "listed instead",
        f"{EMQX_SOURCE}apps/emqx_management/src/emqx_mgmt_api_clients.erl (subscribe_batch/1)",
    ),
    UndeclaredAnswer(
        "DELETE",
        "/authentication/{id}",
        404,
        "NOT_FOUND",
        "deleting an authenticator the chain does not have answers 404 NOT_FOUND, as "
        "GET and PUT do; the spec declares only the 204",
        f"{EMQX_SOURCE}apps/emqx_auth/src/emqx_authn/emqx_authn_api.erl (delete_authenticator/3)",
    ),
    UndeclaredAnswer(
        "PUT",
        "/authorization/sources/{type}",
        404,
        "NOT_FOUND",
        "a source type the chain does not have answers 404 NOT_FOUND 'Not found: <type>' "
        "(the handler looks the source up first, as for GET); the spec declares only 204/400",
        f"{EMQX_SOURCE}apps/emqx_auth/src/emqx_authz/emqx_authz_api_sources.erl (source/2)",
    ),
    UndeclaredAnswer(
        "DELETE",
        "/authorization/sources/{type}",
        404,
        "NOT_FOUND",
        "a source type the chain does not have answers 404 NOT_FOUND 'Not found: <type>' "
        "(the handler looks the source up first, as for GET); the spec declares only 204/400",
        f"{EMQX_SOURCE}apps/emqx_auth/src/emqx_authz/emqx_authz_api_sources.erl (source/2)",
    ),
    # Telemetry: Prometheus and OpenTelemetry.
    UndeclaredAnswer(
        "PUT",
        "/prometheus",
        400,
        "BAD_REQUEST",
        "a body that fails the request schema (a value of the wrong type, a method other "
        "than put/post, an unknown field) gets minirest's 400 BAD_REQUEST before the "
        "handler runs",
        f"{EMQX_SOURCE}apps/emqx_dashboard/src/emqx_dashboard_swagger.erl (filter_check_request/2)",
    ),
    *(
        UndeclaredAnswer(
            "GET",
            scrape,
            400,
            "BAD_REQUEST",
            "a mode outside the query parameter's enum fails minirest's parameter check, "
            "which answers 400 BAD_REQUEST before the handler runs",
            f"{EMQX_SOURCE}apps/emqx_dashboard/src/emqx_dashboard_swagger.erl "
            "(filter_check_request/2)",
        )
        for scrape in (
            "/prometheus/stats",
            "/prometheus/auth",
            "/prometheus/data_integration",
            "/prometheus/schema_validation",
            "/prometheus/message_transformation",
        )
    ),
    *(
        UndeclaredAnswer(
            method,
            "/opentelemetry/whitelist/{type}",
            400,
            "BAD_REQUEST",
            "a type other than clientid/topic fails the path parameter's enum (400 "
            "BAD_REQUEST before the handler runs); POST also answers 400 to a body that "
            "is not a list of strings, and to more entries than e2e_tracing_options allows "
            "('The number of ... exceeds the white list maximum limit.')",
            f"{EMQX_SOURCE}apps/emqx_opentelemetry/src/sampler/emqx_otel_sampler_api.erl "
            "(whitelist/2)",
        )
        for method in ("GET", "POST", "DELETE")
    ),
)


REQUEST_DEVIATIONS: tuple[RequestDeviation, ...] = (
    RequestDeviation(
        "POST",
        "/authentication/{id}/import_users",
        "body",
        "the spec types the JSON body as an object, but its own example, and the handler "
        "(which passes a JSON body on as the prepared user list), take an array of users",
        f"{EMQX_SOURCE}apps/emqx_auth/src/emqx_authn/emqx_authn_user_import_api.erl "
        "(request_body_schema/0, authenticator_import_users/2)",
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["user_id"],
                "properties": {
                    "user_id": {"type": "string"},
                    "password": {"type": "string"},
                    "password_hash": {"type": "string"},
                    "salt": {"type": "string"},
                    "is_superuser": {"type": "boolean"},
                },
            },
        },
    ),
    RequestDeviation(
        "POST",
        "/rules",
        "body key id",
        "rule_creation has no 'id', but the handler reads one (a random 8-character id "
        "when absent); rules.create(id=...) sends it",
        f"{EMQX_SOURCE}apps/emqx_rule_engine/src/emqx_rule_engine_api.erl ('/rules'/2, post)",
    ),
    RequestDeviation(
        "PUT",
        "/connectors/{id}",
        "body by type",
        "the update body carries no 'type', so many members of the oneOf match it; the "
        "handler takes the type from the id and checks the body against that type's schema",
        f"{EMQX_SOURCE}apps/emqx_connector/src/emqx_connector_api.erl ('/connectors/:id'/2, put)",
    ),
    RequestDeviation(
        "PUT",
        "/actions/{id}",
        "body by type",
        "as for PUT /connectors/{id}: the handler checks the body against the schema of the "
        "type named in the id",
        f"{EMQX_SOURCE}apps/emqx_bridge/src/emqx_bridge_v2_api.erl ('/actions/:id'/2, put)",
    ),
    RequestDeviation(
        "PUT",
        "/sources/{id}",
        "body by type",
        "as for PUT /actions/{id}: sources share the bridge v2 handler, which checks the "
        "body against the schema of the type named in the id",
        f"{EMQX_SOURCE}apps/emqx_bridge/src/emqx_bridge_v2_api.erl ('/sources/:id'/2, put)",
    ),
)


def request_deviation(method: str, template: str, what: str) -> RequestDeviation | None:
    for deviation in REQUEST_DEVIATIONS:
        if (deviation.method, deviation.template, deviation.what) == (method, template, what):
            return deviation
    return None


# Where the emulator itself knowingly differs from the real server (not from the
# spec): (what, why). Documentation for users and maintainers; the answers above
# already account for them.
EMULATOR_SIMPLIFICATIONS: tuple[tuple[str, str], ...] = (
    (
        "a real route or method the emulator does not emulate (e.g. GET /gateways, "
        "GET /plugins) answers 404 'Request Path Not Found'",
        "the emulator covers the groups of issue 3; a 404 is the honest 'not here'",
    ),
    (
        "unknown paths answer JSON whatever the Accept header",
        "the real server sends HTML or text unless Accept: application/json "
        "(emqx/emqx v5.8.6:apps/emqx_dashboard/src/emqx_dashboard_not_found.erl); the SDK "
        "always sends that header",
    ),
    (
        "a body above 8 MiB answers 413 EXCEED_LIMIT",
        "the real listener's body limit and answer are not documented",
    ),
    (
        "a serverless deployment answers 404 for what its docs do not list, before "
        "checking credentials",
        "EMQX Cloud's serverless gateway is not documented; the docs list the endpoints "
        "(https://docs.emqx.com/en/cloud/latest/api/serverless.html)",
    ),
    (
        "the only alarm raised is license_quota (live connections at 80% of the license's "
        "100 sessions, ended below 75%); the monitor samples the broker when it is read, so "
        "its series has a point per 10-second interval in which it was read",
        "memory, CPU and cluster alarms have no cause in an emulator; sampling on read keeps "
        "the emulator free of timers while each sample agrees with the broker's state",
    ),
    (
        "/status always reports a started node and a running application; slow "
        "subscriptions are never recorded, topic metrics' rates read 0, and a trace logs "
        "only publishes and deliveries (a ruleid trace logs nothing)",
        "a stopped deployment answers 503 SERVICE_UNAVAILABLE before any handler; the "
        "emulator delivers at once and keeps no rate window",
    ),
    (
        "a topic-rewrite rule's `re` is compiled with Rust's regex crate: lookaround and "
        "backreferences, which EMQX's PCRE (re:compile/1) accepts, answer 400",
        "the emulator has no PCRE engine; the common rewrites (groups, classes, anchors) "
        "compile the same way",
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
