//! One route table per API, used both to route and to dispatch.
//!
//! EMQX's HTTP stack routes a request before it checks credentials (see
//! `api/deployment/routes/` for the details): a path no route matches is
//! `404 NOT_FOUND`, a known path with a method its route does not serve is
//! `405` with an empty body and an `allow` header, and only then does a bad or
//! missing `Authorization` header get its `401`. Each API lists its endpoints
//! in a table of [`Endpoint`]s; [`route`] finds the one a request is for, with
//! its path parameters, or the router's own refusal.

use crate::rest::errors::{Reply, method_not_allowed, path_not_found};

/// One method on one path template below an API's root. A `{name}` segment
/// stands for one path parameter (already percent-decoded). `handler` is what
/// the API runs for it, with whatever the API needs besides (rate limit,
/// Serverless availability).
#[derive(Clone)]
pub(crate) struct Endpoint<H> {
    pub method: &'static str,
    pub path: &'static str,
    pub handler: H,
}

/// The path parameters of a matched request, by template name, in order.
pub(crate) type Params<'s> = Vec<(&'static str, &'s str)>;

/// The endpoint a request is for.
pub(crate) struct Found<'t, 's, H> {
    pub endpoint: &'t Endpoint<H>,
    pub params: Params<'s>,
}

/// The router's answer when no endpoint serves the request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No such route.
    NotFound,
    /// A known route, another method: `405` with these in `allow`.
    MethodNotAllowed(Vec<&'static str>),
}

impl Refusal {
    /// The answer, which goes out before any credentials are looked at.
    pub fn into_reply(self) -> Reply {
        match self {
            Refusal::NotFound => Err(path_not_found()),
            Refusal::MethodNotAllowed(allow) => Ok(method_not_allowed(&allow)),
        }
    }
}

/// The order methods are listed in `allow`.
const ORDER: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

fn is_param(template_seg: &str) -> bool {
    template_seg.starts_with('{') && template_seg.ends_with('}')
}

/// One pass over the template, stopping at the first segment that differs.
fn matches(template: &str, segs: &[&str]) -> bool {
    let mut rest = segs.iter();
    template
        .split('/')
        .all(|t| rest.next().is_some_and(|s| is_param(t) || t == *s))
        && rest.next().is_none()
}

fn params<'s>(template: &'static str, segs: &[&'s str]) -> Params<'s> {
    template
        .split('/')
        .zip(segs)
        .filter(|(t, _)| is_param(t))
        .map(|(t, s)| (&t[1..t.len() - 1], *s))
        .collect()
}

/// The methods the table serves on this path; empty when no route matches.
/// Where two templates match (`/actions/{id}/metrics` and
/// `/actions/{id}/{operation}`), their methods are merged.
pub(crate) fn methods<H>(table: &[Endpoint<H>], segs: &[&str]) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    for e in table.iter().filter(|e| matches(e.path, segs)) {
        if !found.contains(&e.method) {
            found.push(e.method);
        }
    }
    found.sort_by_key(|m| ORDER.iter().position(|o| o == m));
    found
}

/// How many literal segments a template has: where two templates match one
/// path (`authentication/order` and `authentication/{id}`), the more literal wins.
pub(crate) fn literals(template: &str) -> usize {
    template.split('/').filter(|s| !is_param(s)).count()
}

/// Routes `method` on `segs` against `table`: the endpoint with this method
/// whose template matches with the most literal segments.
pub(crate) fn route<'t, 's, H>(
    table: &'t [Endpoint<H>],
    method: &str,
    segs: &[&'s str],
) -> Result<Found<'t, 's, H>, Refusal> {
    if let Some(endpoint) = table
        .iter()
        .filter(|e| e.method == method && matches(e.path, segs))
        .max_by_key(|e| literals(e.path))
    {
        let params = params(endpoint.path, segs);
        return Ok(Found { endpoint, params });
    }
    let methods = methods(table, segs);
    if methods.is_empty() {
        Err(Refusal::NotFound)
    } else {
        Err(Refusal::MethodNotAllowed(methods))
    }
}

/// Whether one request could match both templates (same length, and at each
/// segment a parameter or the same literal). Tables use it, with [`literals`],
/// to check that two endpoints with one method that overlap differ in how
/// literal they are, so the order of entries never decides which handler runs.
#[cfg(test)]
pub(crate) fn overlap(a: &str, b: &str) -> bool {
    a.split('/').count() == b.split('/').count()
        && a.split('/')
            .zip(b.split('/'))
            .all(|(x, y)| is_param(x) || is_param(y) || x == y)
}

/// Checks that two endpoints of `table` with the same method that one request
/// could match differ in how literal they are, so [`route`] picks one by its
/// literals and the order of the entries never decides which handler runs.
#[cfg(test)]
pub(crate) fn assert_no_overlap<H>(table: &[Endpoint<H>]) {
    for (i, a) in table.iter().enumerate() {
        for b in &table[i + 1..] {
            assert!(
                a.method != b.method
                    || !overlap(a.path, b.path)
                    || literals(a.path) != literals(b.path),
                "{} {} and {}",
                a.method,
                a.path,
                b.path
            );
        }
    }
}

/// A request path for `template`, each parameter filled with `x`, so a
/// test can run every handler on its own template.
#[cfg(test)]
pub(crate) fn sample_segs(template: &'static str) -> Vec<&'static str> {
    template
        .split('/')
        .map(|s| if is_param(s) { "x" } else { s })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn e(method: &'static str, path: &'static str) -> Endpoint<()> {
        Endpoint {
            method,
            path,
            handler: (),
        }
    }

    const TABLE: &[Endpoint<()>] = &[
        e("POST", "things"),
        e("GET", "things"),
        e("DELETE", "things/{id}"),
        e("GET", "things/{id}"),
        e("POST", "things/{id}/{op}"),
        e("GET", "things/{id}/stats"),
    ];

    fn refusal(method: &str, segs: &[&str]) -> Option<Refusal> {
        route(TABLE, method, segs).err()
    }

    #[test]
    fn matches_templates_and_orders_allow() {
        assert_eq!(refusal("GET", &["things"]), None);
        let found = route(TABLE, "GET", &["things", "a/b"]).ok().unwrap();
        assert_eq!(found.endpoint.path, "things/{id}");
        assert_eq!(found.params, [("id", "a/b")]);
        assert_eq!(
            refusal("PUT", &["things", "x"]),
            Some(Refusal::MethodNotAllowed(vec!["GET", "DELETE"]))
        );
        assert_eq!(
            methods(TABLE, &["things", "x", "stats"]),
            ["GET", "POST"],
            "merged from two templates"
        );
        let found = route(TABLE, "POST", &["things", "x", "go"]).ok().unwrap();
        assert_eq!(found.params, [("id", "x"), ("op", "go")]);
        assert_eq!(refusal("GET", &["nope"]), Some(Refusal::NotFound));
        assert_eq!(
            refusal("GET", &["things", "x", "y", "z"]),
            Some(Refusal::NotFound)
        );
        assert_eq!(refusal("GET", &[]), Some(Refusal::NotFound));
    }

    #[test]
    fn overlapping_templates() {
        assert!(overlap("things/{id}/stats", "things/{id}/{op}"));
        assert!(overlap("things/kick/bulk", "things/{id}/bulk"));
        assert!(!overlap("things/{id}", "things/{id}/stats"));
        assert!(!overlap("things/{id}/stats", "things/{id}/metrics"));
    }
}
