//! The Deployment API's one route table: every endpoint, its handler, and
//! whether Serverless deployments serve it. Adding an endpoint is one line
//! here plus its handler.
//!
//! On the real dashboard listener, cowboy's router runs first: a path no route
//! matches goes to the not-found handler (404 `NOT_FOUND` "Request Path Not Found",
//! no credentials needed). A matched route goes to minirest, which answers a method
//! the route does not serve with `405`, an empty body and an `allow` header, also
//! before it authenticates (`minirest_handler:handle/2`); only then does it check
//! the API key.
//!
//! The table lists every route the emulator serves, each with all the methods the
//! real route has (from `ee-en.json`), so a real method the emulator does not
//! emulate still gets past this check and answers 404 from [`not_emulated`],
//! never a misleading 405.
//!
//! Serverless deployments answer only what the Serverless docs list (section
//! 4.2 of the reference): built-in-database users and authorization rules,
//! clients and their (un)subscriptions, subscriptions, publish. Those entries
//! are marked [`Handler::serverless`]; anything else is the 404 of an unknown
//! path there.

use super::authz_sources as sources;
use super::client_queues::{self as queues, Which};
use super::connectors::Kind::{Actions, Connectors, Sources};
use super::delayed;
use super::mqtt_settings as mqtt;
use super::opentelemetry as otel;
use super::pipeline::Kind::{Transformations, Validations};
use super::prometheus::{self as prom};
use super::subscriptions as subs;
use super::{
    alarms, authenticators as authn_chain, authn, authz, banned, clients, connectors, integration,
    listeners, metrics, monitor, pipeline, publish, retainer, rule_engine, rules,
    schema_registry as registry, slow_subs, status, topic_metrics, trace,
};
use crate::model::deployment::acl::Who::{Clients, Users};
use crate::model::deployment::broker::Broker;
use crate::model::deployment::prometheus::Scrape;
use crate::rest::errors::{Reply, path_not_found};
use crate::rest::request::Req;
use crate::rest::routing::Endpoint;

/// What an endpoint runs, with the broker locked.
pub(crate) type Run = fn(&mut Broker, &Req<'_>) -> Reply;

pub(crate) struct Handler {
    /// Serverless deployments serve this endpoint too.
    pub serverless: bool,
    /// Answered without credentials (`/status`, `/error_codes`).
    pub public: bool,
    /// A Prometheus scrape: public until `enable_basic_auth` is turned on.
    pub scrape: bool,
    pub run: Run,
}

const fn endpoint(method: &'static str, path: &'static str, run: Run) -> Endpoint<Handler> {
    Endpoint {
        method,
        path,
        handler: Handler {
            serverless: false,
            public: false,
            scrape: false,
            run,
        },
    }
}

const fn get(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("GET", path, run)
}

const fn post(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("POST", path, run)
}

const fn put(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("PUT", path, run)
}

const fn delete(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("DELETE", path, run)
}

/// Marks an endpoint as one Serverless deployments serve too.
const fn serverless(mut e: Endpoint<Handler>) -> Endpoint<Handler> {
    e.handler.serverless = true;
    e
}

/// Marks an endpoint the real server answers without authentication.
const fn public(mut e: Endpoint<Handler>) -> Endpoint<Handler> {
    e.handler.public = true;
    e
}

/// Marks a Prometheus scrape: public unless the settings ask for credentials.
const fn prometheus_scrape(mut e: Endpoint<Handler>) -> Endpoint<Handler> {
    e.handler.public = true;
    e.handler.scrape = true;
    e
}

/// A method the real route has and the emulator does not emulate.
fn not_emulated(_: &mut Broker, _: &Req<'_>) -> Reply {
    Err(path_not_found())
}

/// Paths below `/api/v5`, by group.
pub(crate) const ENDPOINTS: &[Endpoint<Handler>] = &[
    // Clients and subscriptions.
    serverless(get("clients", |b, r| clients::list(b, r.query))),
    post("clients/kickout/bulk", clients::kick_many),
    serverless(get("clients/{clientid}", |b, r| {
        clients::get(b, r.param("clientid"))
    })),
    serverless(delete("clients/{clientid}", |b, r| {
        clients::kick(b, r.param("clientid"))
    })),
    serverless(get("clients/{clientid}/subscriptions", |b, r| {
        clients::subscriptions(b, r.param("clientid"))
    })),
    serverless(post("clients/{clientid}/subscribe", |b, r| {
        clients::subscribe(b, r.param("clientid"), r)
    })),
    serverless(post("clients/{clientid}/subscribe/bulk", |b, r| {
        clients::subscribe_many(b, r.param("clientid"), r)
    })),
    serverless(post("clients/{clientid}/unsubscribe", |b, r| {
        clients::unsubscribe(b, r.param("clientid"), r)
    })),
    serverless(post("clients/{clientid}/unsubscribe/bulk", |b, r| {
        clients::unsubscribe_many(b, r.param("clientid"), r)
    })),
    get("clients/{clientid}/inflight_messages", |b, r| {
        queues::messages(b, r.param("clientid"), Which::Inflight, r.query)
    }),
    get("clients/{clientid}/mqueue_messages", |b, r| {
        queues::messages(b, r.param("clientid"), Which::Mqueue, r.query)
    }),
    get("sessions_count", |b, r| queues::sessions_count(b, r.query)),
    serverless(get("subscriptions", |b, r| subs::list(b, r.query))),
    get("topics", |b, r| subs::topics(b, r.query)),
    get("topics/{topic}", |b, r| subs::topic(b, r.param("topic"))),
    // Publish and retained messages.
    serverless(post("publish", publish::publish)),
    serverless(post("publish/bulk", publish::publish_bulk)),
    get("mqtt/retainer/messages", |b, r| retainer::list(b, r.query)),
    delete("mqtt/retainer/messages", |b, _| {
        mqtt::delete_all_retained(b)
    }),
    get("mqtt/retainer/message/{topic}", |b, r| {
        retainer::get(b, r.param("topic"))
    }),
    delete("mqtt/retainer/message/{topic}", |b, r| {
        retainer::delete(b, r.param("topic"))
    }),
    // Authentication.
    get("authentication", |b, _| authn_chain::list(b)),
    post("authentication", authn_chain::create),
    get("authentication/{id}", |b, r| {
        authn_chain::get(b, r.param("id"))
    }),
    // More literal than `authentication/{id}`, so it wins (see `routing::route`).
    put("authentication/order", authn_chain::order),
    put("authentication/{id}", |b, r| {
        authn_chain::update(b, r.param("id"), r)
    }),
    delete("authentication/{id}", |b, r| {
        authn_chain::delete(b, r.param("id"))
    }),
    get("authentication/{id}/status", |b, r| {
        authn_chain::status(b, r.param("id"))
    }),
    put("authentication/{id}/position/{position}", |b, r| {
        authn_chain::position(b, r.param("id"), r.param("position"))
    }),
    serverless(get("authentication/{id}/users", |b, r| {
        authn::list(b, r.param("id"), r.query)
    })),
    serverless(post("authentication/{id}/users", |b, r| {
        authn::create(b, r.param("id"), r)
    })),
    serverless(get("authentication/{id}/users/{user_id}", |b, r| {
        authn::get(b, r.param("id"), r.param("user_id"))
    })),
    serverless(put("authentication/{id}/users/{user_id}", |b, r| {
        authn::update(b, r.param("id"), r.param("user_id"), r)
    })),
    serverless(delete("authentication/{id}/users/{user_id}", |b, r| {
        authn::delete(b, r.param("id"), r.param("user_id"))
    })),
    serverless(post("authentication/{id}/import_users", |b, r| {
        authn::import(b, r.param("id"), r)
    })),
    // Authorization sources, settings, cache.
    get("authorization/sources", |b, _| sources::list(b)),
    post("authorization/sources", sources::create),
    // More literal than `authorization/sources/{type}`, so it wins.
    put("authorization/sources/order", sources::order),
    get("authorization/sources/{type}", |b, r| {
        sources::get(b, r.param("type"))
    }),
    put("authorization/sources/{type}", |b, r| {
        sources::update(b, r.param("type"), r)
    }),
    delete("authorization/sources/{type}", |b, r| {
        sources::delete(b, r.param("type"))
    }),
    get("authorization/sources/{type}/status", |b, r| {
        sources::status(b, r.param("type"))
    }),
    post("authorization/sources/{type}/move", |b, r| {
        sources::move_source(b, r.param("type"), r)
    }),
    get("authorization/settings", |b, _| sources::settings(b)),
    put("authorization/settings", sources::update_settings),
    delete("authorization/cache", |_, _| sources::clean_cache()),
    get("clients/{clientid}/authorization/cache", |b, r| {
        sources::client_cache(b, r.param("clientid"))
    }),
    delete("clients/{clientid}/authorization/cache", |b, r| {
        sources::clean_client_cache(b, r.param("clientid"))
    }),
    // Authorization, built-in database.
    delete("authorization/sources/built_in_database/rules", |b, _| {
        authz::wipe(b)
    }),
    serverless(get(
        "authorization/sources/built_in_database/rules/all",
        |b, _| authz::get_all(b),
    )),
    serverless(post(
        "authorization/sources/built_in_database/rules/all",
        authz::set_all,
    )),
    serverless(delete(
        "authorization/sources/built_in_database/rules/all",
        |b, _| authz::delete_all(b),
    )),
    serverless(get(
        "authorization/sources/built_in_database/rules/clients",
        |b, r| authz::list(b, Clients, r.query),
    )),
    serverless(post(
        "authorization/sources/built_in_database/rules/clients",
        |b, r| authz::create(b, Clients, r),
    )),
    serverless(get(
        "authorization/sources/built_in_database/rules/clients/{clientid}",
        |b, r| authz::get(b, Clients, r.param("clientid")),
    )),
    serverless(put(
        "authorization/sources/built_in_database/rules/clients/{clientid}",
        |b, r| authz::update(b, Clients, r.param("clientid"), r),
    )),
    serverless(delete(
        "authorization/sources/built_in_database/rules/clients/{clientid}",
        |b, r| authz::delete(b, Clients, r.param("clientid")),
    )),
    serverless(get(
        "authorization/sources/built_in_database/rules/users",
        |b, r| authz::list(b, Users, r.query),
    )),
    serverless(post(
        "authorization/sources/built_in_database/rules/users",
        |b, r| authz::create(b, Users, r),
    )),
    serverless(get(
        "authorization/sources/built_in_database/rules/users/{username}",
        |b, r| authz::get(b, Users, r.param("username")),
    )),
    serverless(put(
        "authorization/sources/built_in_database/rules/users/{username}",
        |b, r| authz::update(b, Users, r.param("username"), r),
    )),
    serverless(delete(
        "authorization/sources/built_in_database/rules/users/{username}",
        |b, r| authz::delete(b, Users, r.param("username")),
    )),
    // Banned.
    get("banned", |b, r| banned::list(b, r.query)),
    post("banned", banned::create),
    delete("banned", |b, _| banned::clear(b)),
    delete("banned/{as}/{who}", |b, r| {
        banned::delete(b, r.param("as"), r.param("who"))
    }),
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
    // Metrics, stats, nodes.
    get("metrics", |b, r| metrics::metrics(b, r.query)),
    get("stats", |b, r| metrics::stats(b, r.query)),
    get("nodes", |b, _| metrics::nodes(b)),
    get("nodes/{node}", |b, r| metrics::node(b, r.param("node"))),
    get("nodes/{node}/metrics", |b, r| {
        metrics::node_metrics(b, r.param("node"))
    }),
    get("nodes/{node}/stats", |b, r| {
        metrics::node_stats(b, r.param("node"))
    }),
    // Alarms, the monitor, status, error codes, license.
    get("alarms", |b, r| alarms::list(b, r.query)),
    delete("alarms", |b, _| alarms::clear(b)),
    get("monitor", |b, r| monitor::series(b, None, r.query)),
    delete("monitor", |b, _| monitor::clear(b)),
    get("monitor/nodes/{node}", |b, r| {
        monitor::series(b, Some(r.param("node")), r.query)
    }),
    get("monitor_current", |b, _| monitor::current(b, None)),
    get("monitor_current/nodes/{node}", |b, r| {
        monitor::current(b, Some(r.param("node")))
    }),
    public(get("status", |_, r| status::status(r.query))),
    public(get("error_codes", |_, _| status::error_codes())),
    public(get("error_codes/{code}", |_, r| {
        status::get_error_code(r.param("code"))
    })),
    get("license", |_, _| status::license()),
    post("license", not_emulated),
    get("license/setting", |_, _| status::license_setting()),
    put("license/setting", not_emulated),
    // Prometheus (scrapes need no credentials by default) and OpenTelemetry.
    get("prometheus", |b, _| prom::settings(b)),
    put("prometheus", prom::update_settings),
    prometheus_scrape(get("prometheus/stats", |b, r| {
        prom::scrape(b, r, Scrape::Stats)
    })),
    prometheus_scrape(get("prometheus/auth", |b, r| {
        prom::scrape(b, r, Scrape::Auth)
    })),
    prometheus_scrape(get("prometheus/data_integration", |b, r| {
        prom::scrape(b, r, Scrape::DataIntegration)
    })),
    prometheus_scrape(get("prometheus/schema_validation", |b, r| {
        prom::scrape(b, r, Scrape::SchemaValidation)
    })),
    prometheus_scrape(get("prometheus/message_transformation", |b, r| {
        prom::scrape(b, r, Scrape::MessageTransformation)
    })),
    get("opentelemetry", |b, _| otel::settings(b)),
    put("opentelemetry", otel::update_settings),
    get("opentelemetry/whitelist/{type}", |b, r| {
        otel::whitelist(b, r.param("type"))
    }),
    post("opentelemetry/whitelist/{type}", |b, r| {
        otel::set_whitelist(b, r.param("type"), r)
    }),
    delete("opentelemetry/whitelist/{type}", |b, r| {
        otel::clear_whitelist(b, r.param("type"))
    }),
    // Slow subscriptions and topic metrics.
    get("slow_subscriptions", |b, r| slow_subs::list(b, r.query)),
    delete("slow_subscriptions", |b, _| slow_subs::clear(b)),
    get("slow_subscriptions/settings", |b, _| slow_subs::settings(b)),
    put("slow_subscriptions/settings", slow_subs::update_settings),
    get("mqtt/topic_metrics", |b, _| topic_metrics::list(b)),
    post("mqtt/topic_metrics", topic_metrics::add),
    put("mqtt/topic_metrics", topic_metrics::reset),
    get("mqtt/topic_metrics/{topic}", |b, r| {
        topic_metrics::get(b, r.param("topic"))
    }),
    delete("mqtt/topic_metrics/{topic}", |b, r| {
        topic_metrics::delete(b, r.param("topic"))
    }),
    // Traces.
    get("trace", |b, _| trace::list(b)),
    post("trace", trace::create),
    delete("trace", |b, _| trace::clear(b)),
    delete("trace/{name}", |b, r| trace::delete(b, r.param("name"))),
    put("trace/{name}/stop", |b, r| trace::stop(b, r.param("name"))),
    get("trace/{name}/download", |b, r| {
        trace::download(b, r.param("name"), r.query)
    }),
    get("trace/{name}/log", |b, r| {
        trace::log(b, r.param("name"), r.query)
    }),
    get("trace/{name}/log_detail", |b, r| {
        trace::log_detail(b, r.param("name"))
    }),
    // MQTT extensions.
    get("mqtt/retainer", |b, _| mqtt::retainer(b)),
    put("mqtt/retainer", mqtt::set_retainer),
    get("mqtt/auto_subscribe", |b, _| mqtt::auto_subscribe(b)),
    put("mqtt/auto_subscribe", mqtt::set_auto_subscribe),
    get("mqtt/topic_rewrite", |b, _| mqtt::topic_rewrite(b)),
    put("mqtt/topic_rewrite", mqtt::set_topic_rewrite),
    get("mqtt/delayed", |b, _| delayed::settings(b)),
    put("mqtt/delayed", delayed::update_settings),
    get("mqtt/delayed/messages", |b, r| delayed::list(b, r.query)),
    delete("mqtt/delayed/messages/{topic}", |b, r| {
        delayed::delete_topic(b, r.param("topic"))
    }),
    get("mqtt/delayed/messages/{node}/{msgid}", |b, r| {
        delayed::get(b, r.param("node"), r.param("msgid"))
    }),
    delete("mqtt/delayed/messages/{node}/{msgid}", |b, r| {
        delayed::delete(b, r.param("node"), r.param("msgid"))
    }),
    // Listeners.
    get("listeners", |b, r| listeners::list(b, r.query)),
    post("listeners", listeners::create),
    get("listeners_status", |b, _| listeners::status(b)),
    get("listeners/{id}", |b, r| listeners::get(b, r.param("id"))),
    put("listeners/{id}", |b, r| {
        listeners::update(b, r.param("id"), r)
    }),
    delete("listeners/{id}", |b, r| listeners::delete(b, r.param("id"))),
    post("listeners/{id}/start", |b, r| {
        listeners::action(b, r.param("id"), true)
    }),
    post("listeners/{id}/stop", |b, r| {
        listeners::action(b, r.param("id"), false)
    }),
    post("listeners/{id}/restart", |b, r| {
        listeners::action(b, r.param("id"), true)
    }),
];
