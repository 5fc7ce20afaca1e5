//! The rule engine and data integration: rules, connectors, actions, sources, schema validations, message transformations, the schema registry.

use crate::api::deployment::connectors;
use crate::api::deployment::connectors::Kind::{Actions, Connectors, Sources};
use crate::api::deployment::integration;
use crate::api::deployment::pipeline;
use crate::api::deployment::pipeline::Kind::{Transformations, Validations};
use crate::api::deployment::route_entry::{Handler, delete, get, post, put};
use crate::api::deployment::rule_engine;
use crate::api::deployment::rules;
use crate::api::deployment::schema_registry as registry;
use crate::rest::routing::Endpoint;

pub(super) const ENDPOINTS: &[Endpoint<Handler>] = &[
    // Rules.
    get("rules", |b, r| rules::list(b, r.query)),
    post("rules", rules::create),
    post("rule_test", |_, r| rules::test_sql(r)),
    get("rules/{id}", |b, r| rules::get(b, r.param("id"))),
    put("rules/{id}", |b, r| rules::update(b, r.param("id"), r)),
    delete("rules/{id}", |b, r| rules::delete(b, r.param("id"))),
    get("rules/{id}/metrics", |b, r| {
        rules::metrics(b, r.param("id"))
    }),
    put("rules/{id}/metrics/reset", |b, r| {
        rules::reset_metrics(b, r.param("id"))
    }),
    post("rules/{id}/test", |b, r| {
        rules::test_rule(b, r.param("id"), r)
    }),
    get("rule_engine", |b, _| rule_engine::settings(b)),
    put("rule_engine", rule_engine::update_settings),
    get("rule_events", |_, _| rule_engine::events()),
    // Connectors and actions.
    get("connectors", |b, _| connectors::list(b, Connectors)),
    post("connectors", |b, r| connectors::create(b, Connectors, r)),
    get("connectors/{id}", |b, r| {
        connectors::get(b, Connectors, r.param("id"))
    }),
    put("connectors/{id}", |b, r| {
        connectors::update(b, Connectors, r.param("id"), r)
    }),
    delete("connectors/{id}", |b, r| {
        connectors::delete(b, Connectors, r.param("id"), r)
    }),
    put("connectors/{id}/enable/{enable}", |b, r| {
        connectors::enable(b, Connectors, r.param("id"), r.param("enable"))
    }),
    post("connectors/{id}/{operation}", |b, r| {
        connectors::operation(b, Connectors, r.param("id"), r.param("operation"))
    }),
    get("actions", |b, _| connectors::list(b, Actions)),
    post("actions", |b, r| connectors::create(b, Actions, r)),
    get("actions/{id}", |b, r| {
        connectors::get(b, Actions, r.param("id"))
    }),
    put("actions/{id}", |b, r| {
        connectors::update(b, Actions, r.param("id"), r)
    }),
    delete("actions/{id}", |b, r| {
        connectors::delete(b, Actions, r.param("id"), r)
    }),
    put("actions/{id}/enable/{enable}", |b, r| {
        connectors::enable(b, Actions, r.param("id"), r.param("enable"))
    }),
    get("actions/{id}/metrics", |b, r| {
        connectors::action_metrics(b, Actions, r.param("id"))
    }),
    put("actions/{id}/metrics/reset", |b, r| {
        connectors::reset_action_metrics(b, Actions, r.param("id"))
    }),
    post("actions/{id}/{operation}", |b, r| {
        connectors::operation(b, Actions, r.param("id"), r.param("operation"))
    }),
    // Data integration: sources, types, summaries, probes, per-node operations.
    get("sources", |b, _| connectors::list(b, Sources)),
    post("sources", |b, r| connectors::create(b, Sources, r)),
    get("sources/{id}", |b, r| {
        connectors::get(b, Sources, r.param("id"))
    }),
    put("sources/{id}", |b, r| {
        connectors::update(b, Sources, r.param("id"), r)
    }),
    delete("sources/{id}", |b, r| {
        connectors::delete(b, Sources, r.param("id"), r)
    }),
    put("sources/{id}/enable/{enable}", |b, r| {
        connectors::enable(b, Sources, r.param("id"), r.param("enable"))
    }),
    get("sources/{id}/metrics", |b, r| {
        connectors::action_metrics(b, Sources, r.param("id"))
    }),
    put("sources/{id}/metrics/reset", |b, r| {
        connectors::reset_action_metrics(b, Sources, r.param("id"))
    }),
    post("sources/{id}/{operation}", |b, r| {
        connectors::operation(b, Sources, r.param("id"), r.param("operation"))
    }),
    get("action_types", |_, _| integration::types(Actions)),
    get("source_types", |_, _| integration::types(Sources)),
    get("actions_summary", |b, _| integration::summary(b, Actions)),
    get("sources_summary", |b, _| integration::summary(b, Sources)),
    post("connectors_probe", |_, r| integration::probe(Connectors, r)),
    post("actions_probe", |_, r| integration::probe(Actions, r)),
    post("sources_probe", |_, r| integration::probe(Sources, r)),
    post("nodes/{node}/connectors/{id}/{operation}", |b, r| {
        let (node, id, op) = (r.param("node"), r.param("id"), r.param("operation"));
        integration::node_operation(b, Connectors, node, id, op)
    }),
    post("nodes/{node}/actions/{id}/{operation}", |b, r| {
        let (node, id, op) = (r.param("node"), r.param("id"), r.param("operation"));
        integration::node_operation(b, Actions, node, id, op)
    }),
    post("nodes/{node}/sources/{id}/{operation}", |b, r| {
        let (node, id, op) = (r.param("node"), r.param("id"), r.param("operation"));
        integration::node_operation(b, Sources, node, id, op)
    }),
    // Schema validations and message transformations (EMQX Enterprise).
    get("schema_validations", |b, _| pipeline::list(b, Validations)),
    post("schema_validations", |b, r| {
        pipeline::create(b, Validations, r)
    }),
    put("schema_validations", |b, r| {
        pipeline::update(b, Validations, r)
    }),
    post("schema_validations/reorder", |b, r| {
        pipeline::reorder(b, Validations, r)
    }),
    get("schema_validations/validation/{name}", |b, r| {
        pipeline::get(b, Validations, r.param("name"))
    }),
    delete("schema_validations/validation/{name}", |b, r| {
        pipeline::delete(b, Validations, r.param("name"))
    }),
    post(
        "schema_validations/validation/{name}/enable/{enable}",
        |b, r| pipeline::enable(b, Validations, r.param("name"), r.param("enable")),
    ),
    get("schema_validations/validation/{name}/metrics", |b, r| {
        pipeline::metrics(b, Validations, r.param("name"))
    }),
    post(
        "schema_validations/validation/{name}/metrics/reset",
        |b, r| pipeline::reset_metrics(b, Validations, r.param("name")),
    ),
    get("message_transformations", |b, _| {
        pipeline::list(b, Transformations)
    }),
    post("message_transformations", |b, r| {
        pipeline::create(b, Transformations, r)
    }),
    put("message_transformations", |b, r| {
        pipeline::update(b, Transformations, r)
    }),
    post("message_transformations/reorder", |b, r| {
        pipeline::reorder(b, Transformations, r)
    }),
    get("message_transformations/transformation/{name}", |b, r| {
        pipeline::get(b, Transformations, r.param("name"))
    }),
    delete("message_transformations/transformation/{name}", |b, r| {
        pipeline::delete(b, Transformations, r.param("name"))
    }),
    post(
        "message_transformations/transformation/{name}/enable/{enable}",
        |b, r| pipeline::enable(b, Transformations, r.param("name"), r.param("enable")),
    ),
    get(
        "message_transformations/transformation/{name}/metrics",
        |b, r| pipeline::metrics(b, Transformations, r.param("name")),
    ),
    post(
        "message_transformations/transformation/{name}/metrics/reset",
        |b, r| pipeline::reset_metrics(b, Transformations, r.param("name")),
    ),
    post("message_transformations/dryrun", |_, r| pipeline::dryrun(r)),
    // Schema registry and external registries (EMQX Enterprise).
    get("schema_registry", |b, _| registry::list(b)),
    post("schema_registry", registry::create),
    get("schema_registry/{name}", |b, r| {
        registry::get(b, r.param("name"))
    }),
    put("schema_registry/{name}", |b, r| {
        registry::update(b, r.param("name"), r)
    }),
    delete("schema_registry/{name}", |b, r| {
        registry::delete(b, r.param("name"))
    }),
    get("schema_registry_external", |b, _| {
        registry::list_external(b)
    }),
    post("schema_registry_external", registry::create_external),
    get("schema_registry_external/registry/{name}", |b, r| {
        registry::get_external(b, r.param("name"))
    }),
    put("schema_registry_external/registry/{name}", |b, r| {
        registry::update_external(b, r.param("name"), r)
    }),
    delete("schema_registry_external/registry/{name}", |b, r| {
        registry::delete_external(b, r.param("name"))
    }),
];
