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

use super::client_queues::{self as queues, Which};
use super::connectors::Kind::{Actions, Connectors};
use super::delayed;
use super::mqtt_settings as mqtt;
use super::subscriptions as subs;
use super::{
    authn, authz, banned, clients, connectors, listeners, metrics, publish, retainer, rules,
};
use crate::model::deployment::acl::Who::{Clients, Users};
use crate::model::deployment::broker::Broker;
use crate::rest::errors::{Reply, path_not_found};
use crate::rest::request::Req;
use crate::rest::routing::Endpoint;

/// What an endpoint runs, with the broker locked.
pub(crate) type Run = fn(&mut Broker, &Req<'_>) -> Reply;

pub(crate) struct Handler {
    /// Serverless deployments serve this endpoint too.
    pub serverless: bool,
    pub run: Run,
}

const fn endpoint(method: &'static str, path: &'static str, run: Run) -> Endpoint<Handler> {
    Endpoint {
        method,
        path,
        handler: Handler {
            serverless: false,
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
    get("authentication", |_, _| authn::authenticators()),
    post("authentication", not_emulated),
    get("authentication/{id}", |_, r| {
        authn::authenticator(r.param("id"))
    }),
    put("authentication/{id}", |_, r| {
        authn::authenticator_not_emulated(r.param("id"))
    }),
    delete("authentication/{id}", |_, r| {
        authn::authenticator_not_emulated(r.param("id"))
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
        connectors::action_metrics(b, r.param("id"))
    }),
    put("actions/{id}/metrics/reset", |b, r| {
        connectors::reset_action_metrics(b, r.param("id"))
    }),
    post("actions/{id}/{operation}", |b, r| {
        connectors::operation(b, Actions, r.param("id"), r.param("operation"))
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
