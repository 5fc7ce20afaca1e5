//! The EMQX 4 Deployment API's one route table (paths below `/api`, section
//! 4.3 of the reference): every endpoint and its handler. Adding an endpoint
//! is one line here plus its handler.
//!
//! As on the v5 side, routing comes first: an unknown path is 404, a known
//! path with another method 405 (empty body, `allow`), both before the
//! credentials are looked at.

use super::rule_engine as re;
use super::{acl, auth, banned, clients, metrics, mqtt, shadows};
use crate::model::deployment::broker::Broker;
use crate::model::deployment::v4::acl::Target;
use crate::model::deployment::v4::auth::Login::{Clientid, Username};
use crate::rest::request::Req;
use crate::rest::routing::Endpoint;
use crate::rest::v4::V4Reply;

/// What an endpoint runs, with the broker locked.
pub(crate) type Run = fn(&mut Broker, &Req<'_>) -> V4Reply;

pub(crate) struct Handler {
    pub run: Run,
    /// Success answers carry `code: 0` (all but the shadow service's).
    pub with_code: bool,
}

const fn endpoint(method: &'static str, path: &'static str, run: Run) -> Endpoint<Handler> {
    Endpoint {
        method,
        path,
        handler: Handler {
            run,
            with_code: true,
        },
    }
}

/// The shadow service documents its answers without `code`.
const fn without_code(mut e: Endpoint<Handler>) -> Endpoint<Handler> {
    e.handler.with_code = false;
    e
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

const fn patch(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("PATCH", path, run)
}

const fn delete(path: &'static str, run: Run) -> Endpoint<Handler> {
    endpoint("DELETE", path, run)
}

/// Paths below `/api`, by group.
pub(crate) const ENDPOINTS: &[Endpoint<Handler>] = &[
    // Authentication: usernames.
    get("auth_username", |b, r| auth::list(b, Username, r.query)),
    post("auth_username", |b, r| auth::create(b, Username, r)),
    get("auth_username/{username}", |b, r| {
        auth::get(b, Username, r.param("username"))
    }),
    put("auth_username/{username}", |b, r| {
        auth::update(b, Username, r.param("username"), r)
    }),
    delete("auth_username/{username}", |b, r| {
        auth::delete(b, Username, r.param("username"))
    }),
    // Authentication: client ids.
    get("auth_clientid", |b, r| auth::list(b, Clientid, r.query)),
    post("auth_clientid", |b, r| auth::create(b, Clientid, r)),
    get("auth_clientid/{clientid}", |b, r| {
        auth::get(b, Clientid, r.param("clientid"))
    }),
    put("auth_clientid/{clientid}", |b, r| {
        auth::update(b, Clientid, r.param("clientid"), r)
    }),
    delete("auth_clientid/{clientid}", |b, r| {
        auth::delete(b, Clientid, r.param("clientid"))
    }),
    // Access control; `POST /acl` picks the target from the body.
    post("acl", acl::create),
    get("acl/clientid", |b, r| {
        acl::list(b, Target::Clientid(String::new()), r.query)
    }),
    get("acl/username", |b, r| {
        acl::list(b, Target::Username(String::new()), r.query)
    }),
    get("acl/$all", |b, r| acl::list(b, Target::All, r.query)),
    get("acl/clientid/{clientid}", |b, r| {
        acl::get(b, Target::Clientid(r.param("clientid").to_owned()))
    }),
    get("acl/username/{username}", |b, r| {
        acl::get(b, Target::Username(r.param("username").to_owned()))
    }),
    delete("acl/clientid/{clientid}/topic/{topic}", |b, r| {
        let target = Target::Clientid(r.param("clientid").to_owned());
        acl::delete(b, target, r.param("topic"))
    }),
    delete("acl/username/{username}/topic/{topic}", |b, r| {
        let target = Target::Username(r.param("username").to_owned());
        acl::delete(b, target, r.param("topic"))
    }),
    // The docs give both forms of the `$all` delete path.
    delete("acl/$all/topic/{topic}", |b, r| {
        acl::delete(b, Target::All, r.param("topic"))
    }),
    delete("acl/all/$all/topic/{topic}", |b, r| {
        acl::delete(b, Target::All, r.param("topic"))
    }),
    // Banned clients, usernames and addresses.
    get("banned", |b, r| banned::list(b, r.query)),
    post("banned", banned::create),
    delete("banned/{as}/{who}", |b, r| {
        banned::delete(b, r.param("as"), r.param("who"))
    }),
    // Clients and subscriptions.
    get("clients", |b, r| clients::list(b, r.query)),
    get("clients/{clientid}", |b, r| {
        clients::get(b, r.param("clientid"))
    }),
    delete("clients/{clientid}", |b, r| {
        clients::kick(b, r.param("clientid"))
    }),
    get("subscriptions", |b, r| {
        clients::subscriptions(b, r.query, None)
    }),
    get("subscriptions/{clientid}", |b, r| {
        clients::subscriptions(b, r.query, Some(r.param("clientid")))
    }),
    // Subscribing on a client's behalf, and publishing.
    post("mqtt/subscribe", mqtt::subscribe),
    post("mqtt/unsubscribe", mqtt::unsubscribe),
    post("mqtt/subscribe_batch", mqtt::subscribe_batch),
    post("mqtt/unsubscribe_batch", mqtt::unsubscribe_batch),
    post("mqtt/publish", mqtt::publish),
    post("mqtt/publish_batch", mqtt::publish_batch),
    // Metrics: the docs disagree on the method, so both are served.
    get("metrics", |b, _| metrics::metrics(b)),
    post("metrics", |b, _| metrics::metrics(b)),
    // The Cloud's device-shadow service.
    without_code(get("shadows", |b, r| shadows::list(b, r.query))),
    without_code(post("shadows", shadows::create)),
    without_code(get("shadows/{id}", |b, r| shadows::get(b, r.param("id")))),
    without_code(put("shadows/{id}", |b, r| {
        shadows::update(b, r.param("id"), r)
    })),
    delete("shadows/{id}", |b, r| shadows::delete(b, r.param("id"))),
    without_code(get("shadows/{id}/json", |b, r| {
        shadows::get_json(b, r.param("id"))
    })),
    without_code(put("shadows/{id}/json", |b, r| {
        shadows::replace_json(b, r.param("id"), r)
    })),
    without_code(patch("shadows/{id}/json", |b, r| {
        shadows::patch_json(b, r.param("id"), r)
    })),
    // The rule engine. The docs give one path with an optional id for
    // each; its list and get forms are two routes here.
    post("resources", re::create_resource),
    get("resources", |b, _| re::list_resources(b)),
    get("resources/{id}", |b, r| re::get_resource(b, r.param("id"))),
    delete("resources/{id}", |b, r| {
        re::delete_resource(b, r.param("id"))
    }),
    get("resource_types", |_, _| re::resource_types(None)),
    get("resource_types/{name}", |_, r| {
        re::resource_types(Some(r.param("name")))
    }),
    post("rules", re::create_rule),
    get("rules", |b, _| re::list_rules(b)),
    get("rules/{id}", |b, r| re::get_rule(b, r.param("id"))),
    put("rules/{id}", |b, r| re::update_rule(b, r.param("id"), r)),
    delete("rules/{id}", |b, r| re::delete_rule(b, r.param("id"))),
    get("actions", |_, _| re::actions(None)),
    get("actions/{name}", |_, r| re::actions(Some(r.param("name")))),
];
