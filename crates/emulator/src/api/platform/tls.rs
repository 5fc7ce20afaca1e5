//! TLS certificate of a deployment: get, create, update (200, `pending` until the
//! transition time passes, then `running`), delete (204).

use std::time::Instant;

use serde_json::Value;

use super::errors::{deployment_not_found, unprocessable};
use crate::model::platform::{PlatformState, TlsCert};
use crate::rest::errors::{ApiError, Reply, no_content, not_found, ok};
use crate::rest::request::Req;
use crate::util::timefmt;
use crate::vocab::deployment::DeploymentKind;

fn tls_not_found() -> ApiError {
    not_found("TLS certificate not found")
}

pub(crate) fn get(platform: &mut PlatformState, id: &str, now: Instant) -> Reply {
    let d = platform
        .deployments
        .get(id)
        .ok_or_else(deployment_not_found)?;
    let cert = d.tls.as_ref().ok_or_else(tls_not_found)?;
    ok(cert.to_json(now))
}

pub(crate) fn create(platform: &mut PlatformState, id: &str, req: &Req<'_>, now: Instant) -> Reply {
    write(platform, id, req, now, true)
}

pub(crate) fn update(platform: &mut PlatformState, id: &str, req: &Req<'_>, now: Instant) -> Reply {
    write(platform, id, req, now, false)
}

pub(crate) fn delete(platform: &mut PlatformState, id: &str) -> Reply {
    let d = platform
        .deployments
        .get_mut(id)
        .ok_or_else(deployment_not_found)?;
    d.tls.take().ok_or_else(tls_not_found)?;
    no_content()
}

fn write(
    platform: &mut PlatformState,
    id: &str,
    req: &Req<'_>,
    now: Instant,
    create: bool,
) -> Reply {
    let until = now + platform.transition;
    let d = platform
        .deployments
        .get_mut(id)
        .ok_or_else(deployment_not_found)?;
    if d.kind == DeploymentKind::Serverless {
        return Err(unprocessable(
            "Custom TLS certificates are only available for dedicated deployments",
        ));
    }
    let tls_type = validate(req.body)?;
    match (&d.tls, create) {
        (Some(_), true) => return Err(unprocessable("TLS certificate already exists")),
        (None, false) => return Err(tls_not_found()),
        _ => {}
    }
    let cert = TlsCert {
        tls_type,
        // The emulator does not parse the certificate; it shows a year from now.
        expire: timefmt::platform_seconds(timefmt::now() + time::Duration::days(365)),
        pending_until: Some(until),
    };
    let body = cert.to_json(now);
    d.tls = Some(cert);
    ok(body)
}

/// `tlsType` one-way/two-way, PEM `cert` and `key`, and `cacert` for two-way.
fn validate(body: Option<&Value>) -> Result<String, ApiError> {
    let body = body
        .and_then(Value::as_object)
        .ok_or_else(|| unprocessable("Wrong properties: a JSON object is required"))?;
    let field = |k: &str| body.get(k).and_then(Value::as_str);
    let tls_type = match field("tlsType") {
        Some(t @ ("one-way" | "two-way")) => t.to_owned(),
        _ => {
            return Err(unprocessable(
                "Wrong properties: tlsType must be one-way or two-way",
            ));
        }
    };
    let is_pem = |s: Option<&str>, what: &str| {
        s.is_some_and(|s| s.contains("-----BEGIN ") && s.contains(what) && s.contains("-----END "))
    };
    if !is_pem(field("cert"), "CERTIFICATE-----") {
        return Err(unprocessable(
            "Wrong properties: cert must be a PEM certificate",
        ));
    }
    if !is_pem(field("key"), "PRIVATE KEY-----") {
        return Err(unprocessable(
            "Wrong properties: key must be a PEM private key",
        ));
    }
    if tls_type == "two-way" && !is_pem(field("cacert"), "CERTIFICATE-----") {
        return Err(unprocessable(
            "Wrong properties: cacert is required for two-way TLS",
        ));
    }
    Ok(tls_type)
}
