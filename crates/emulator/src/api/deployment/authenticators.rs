//! The authentication chain under `/authentication`: list, create (200; a
//! taken id 409 `ALREADY_EXISTS`), get, replace (204), delete (204), status,
//! order and position. Nothing connects to an external backend: every enabled
//! authenticator reports `connected`, with counters at zero.

use http::StatusCode;

use super::authn_config::{answer, check, stored};
use super::chain_api::{body_object, move_member, order_of, status_json};
use crate::model::deployment::authn::{PASSWORD_BUILT_IN, SCRAM_BUILT_IN};
use crate::model::deployment::broker::Broker;
use crate::rest::errors::{
    ApiError, Reply, already_exists, bad_request, no_content, not_found, ok,
};
use crate::rest::request::Req;

pub(crate) fn authenticator_not_found(id: &str) -> ApiError {
    not_found(format!("Authenticator '{id}' does not exist"))
}

/// `GET /authentication`: the chain, in order.
pub(crate) fn list(b: &Broker) -> Reply {
    ok(b.authn.iter().map(|(id, c)| answer(id, c)).collect())
}

/// `POST /authentication`: adds at the end of the chain, 200 with the config.
pub(crate) fn create(b: &mut Broker, req: &Req<'_>) -> Reply {
    let config = body_object(req)?;
    let id = check(config)?;
    let config = stored(config.clone(), None);
    let body = answer(&id, &config);
    if !b.authn.add(id.clone(), config) {
        return Err(already_exists(
            StatusCode::CONFLICT,
            format!("Authenticator '{id}' already exists"),
        ));
    }
    ok(body)
}

pub(crate) fn get(b: &Broker, id: &str) -> Reply {
    let config = b.authn.get(id).ok_or_else(|| authenticator_not_found(id))?;
    ok(answer(id, config))
}

/// `PUT /authentication/{id}`: the body replaces the configuration and must
/// keep its mechanism and backend.
pub(crate) fn update(b: &mut Broker, id: &str, req: &Req<'_>) -> Reply {
    let config = body_object(req)?;
    let new_id = check(config)?;
    let previous = b.authn.get(id).ok_or_else(|| authenticator_not_found(id))?;
    if new_id != id {
        return Err(bad_request(format!(
            "change_of_authentication_type_is_not_allowed: {id} cannot become {new_id}"
        )));
    }
    let config = stored(config.clone(), Some(previous));
    b.authn.replace(id, config);
    no_content()
}

/// `DELETE /authentication/{id}`: a built-in database's users go with it.
pub(crate) fn delete(b: &mut Broker, id: &str) -> Reply {
    if !b.authn.remove(id) {
        return Err(authenticator_not_found(id));
    }
    match id {
        PASSWORD_BUILT_IN => b.users.clear(),
        SCRAM_BUILT_IN => b.scram_users.clear(),
        _ => {}
    }
    no_content()
}

/// `GET /authentication/{id}/status`: connected, counters at zero.
pub(crate) fn status(b: &Broker, id: &str) -> Reply {
    let config = b.authn.get(id).ok_or_else(|| authenticator_not_found(id))?;
    ok(status_json(
        config,
        &["total", "success", "failed", "nomatch"],
    ))
}

/// `PUT /authentication/order` with `[{"id": ...}, ...]`, naming every
/// authenticator once.
pub(crate) fn order(b: &mut Broker, req: &Req<'_>) -> Reply {
    b.authn
        .reorder(&order_of(req, "id")?)
        .map_err(bad_request)?;
    no_content()
}

/// `PUT /authentication/{id}/position/{position}`: `front`, `rear`,
/// `before:<id>` or `after:<id>`.
pub(crate) fn position(b: &mut Broker, id: &str, position: &str) -> Reply {
    move_member(&mut b.authn, id, position, authenticator_not_found)?;
    no_content()
}
