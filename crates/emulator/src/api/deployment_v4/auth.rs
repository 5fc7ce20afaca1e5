//! `auth_username` and `auth_clientid` (EMQX 4's `emqx_auth_mnesia`): list,
//! get, create one (object body) or many (array body), change the password,
//! delete. An unknown login is 105, an existing one on create 113.

use serde_json::{Map, Value, json};

use crate::model::deployment::broker::Broker;
use crate::model::deployment::v4::auth::{Credentials, Login};
use crate::rest::request::{Query, Req};
use crate::rest::v4::{V4Error, V4Page, V4Reply, code, data, done, object, text};

fn table(b: &mut Broker, login: Login) -> &mut Credentials {
    match login {
        Login::Username => &mut b.v4.usernames,
        Login::Clientid => &mut b.v4.clientids,
    }
}

fn unknown(login: Login, id: &str) -> V4Error {
    V4Error::new(
        code::USER_NOT_FOUND,
        format!("{} {id:?} does not exist", login.key()),
    )
}

fn exists(login: Login, id: &str) -> V4Error {
    V4Error::new(
        code::ALREADY_EXISTS,
        format!("{} {id:?} already exists", login.key()),
    )
}

/// `meta.limit` is 10 in the docs' example when no `_limit` is sent.
pub(crate) fn list(b: &mut Broker, login: Login, q: &Query) -> V4Reply {
    let page = V4Page::from_query(q, 10)?;
    let rows = table(b, login).keys();
    Ok(page.envelope("data", rows, false, |id| json!({ login.key(): id })))
}

/// The newer docs' object `data` (one version types it as an array); the
/// password is never shown.
pub(crate) fn get(b: &mut Broker, login: Login, id: &str) -> V4Reply {
    if !table(b, login).contains_key(id) {
        return Err(unknown(login, id));
    }
    data(json!({ login.key(): id }))
}

/// One `{login, password}`: validated, not yet stored.
fn parse_entry(login: Login, obj: &Map<String, Value>) -> Result<(String, String), V4Error> {
    Ok((
        text(obj, login.key())?.to_owned(),
        text(obj, "password")?.to_owned(),
    ))
}

/// A batch entry: as `parse_entry`, except that a client-id entry may name
/// its id `username`, as the older docs' clientid batch example does.
fn parse_batch_entry(login: Login, obj: &Map<String, Value>) -> Result<(String, String), V4Error> {
    let older = matches!(login, Login::Clientid)
        && !obj.contains_key("clientid")
        && obj.contains_key("username");
    let key = if older { "username" } else { login.key() };
    Ok((
        text(obj, key)?.to_owned(),
        text(obj, "password")?.to_owned(),
    ))
}

/// An object creates one login (113 if it exists); an array creates each,
/// answering `data: {login: "ok" | reason}` with `code: 0`. Every entry is
/// checked before any is stored.
pub(crate) fn create(b: &mut Broker, login: Login, req: &Req<'_>) -> V4Reply {
    if let Some(Value::Array(items)) = req.body {
        let entries = items
            .iter()
            .map(|item| parse_batch_entry(login, object(Some(item))?))
            .collect::<Result<Vec<_>, _>>()?;
        let mut results = Map::new();
        for (id, password) in entries {
            let result = if table(b, login).contains_key(&id) {
                exists(login, &id).message
            } else {
                table(b, login).insert(id.clone(), password);
                "ok".to_owned()
            };
            results.insert(id, json!(result));
        }
        return data(Value::Object(results));
    }
    let (id, password) = parse_entry(login, object(req.body)?)?;
    if table(b, login).contains_key(&id) {
        return Err(exists(login, &id));
    }
    table(b, login).insert(id, password);
    done()
}

pub(crate) fn update(b: &mut Broker, login: Login, id: &str, req: &Req<'_>) -> V4Reply {
    let password = text(object(req.body)?, "password")?.to_owned();
    let stored = table(b, login)
        .get_mut(id)
        .ok_or_else(|| unknown(login, id))?;
    *stored = password;
    done()
}

pub(crate) fn delete(b: &mut Broker, login: Login, id: &str) -> V4Reply {
    table(b, login)
        .shift_remove(id)
        .ok_or_else(|| unknown(login, id))?;
    done()
}
