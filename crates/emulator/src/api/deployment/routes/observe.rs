//! Metrics, alarms, the monitor, status, Prometheus and OpenTelemetry, slow subscriptions, topic metrics, traces.

use crate::api::deployment::alarms;
use crate::api::deployment::metrics;
use crate::api::deployment::monitor;
use crate::api::deployment::opentelemetry as otel;
use crate::api::deployment::prometheus::{self as prom};
use crate::api::deployment::route_entry::{
    Handler, delete, get, not_emulated, post, prometheus_scrape, public, put,
};
use crate::api::deployment::slow_subs;
use crate::api::deployment::status;
use crate::api::deployment::topic_metrics;
use crate::api::deployment::trace;
use crate::model::deployment::prometheus::Scrape;
use crate::rest::routing::Endpoint;

pub(super) const ENDPOINTS: &[Endpoint<Handler>] = &[
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
];
