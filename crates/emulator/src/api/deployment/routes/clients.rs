//! Clients, subscriptions, publish and retained messages.

use crate::api::deployment::client_queues::{self as queues, Which};
use crate::api::deployment::clients;
use crate::api::deployment::mqtt_settings as mqtt;
use crate::api::deployment::publish;
use crate::api::deployment::retainer;
use crate::api::deployment::route_entry::{Handler, delete, get, post, serverless};
use crate::api::deployment::subscriptions as subs;
use crate::rest::routing::Endpoint;

pub(super) const ENDPOINTS: &[Endpoint<Handler>] = &[
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
];
