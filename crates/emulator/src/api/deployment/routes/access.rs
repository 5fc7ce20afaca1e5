//! Authentication, authorization and banned clients.

use crate::api::deployment::authenticators as authn_chain;
use crate::api::deployment::authn;
use crate::api::deployment::authz;
use crate::api::deployment::authz_sources as sources;
use crate::api::deployment::banned;
use crate::api::deployment::route_entry::{Handler, delete, get, post, put, serverless};
use crate::model::deployment::acl::Who::{Clients, Users};
use crate::rest::routing::Endpoint;

pub(super) const ENDPOINTS: &[Endpoint<Handler>] = &[
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
];
