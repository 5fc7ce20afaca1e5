//! MQTT extensions and listeners.

use crate::api::deployment::delayed;
use crate::api::deployment::listeners;
use crate::api::deployment::mqtt_settings as mqtt;
use crate::api::deployment::route_entry::{Handler, delete, get, post, put};
use crate::rest::routing::Endpoint;

pub(super) const ENDPOINTS: &[Endpoint<Handler>] = &[
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
