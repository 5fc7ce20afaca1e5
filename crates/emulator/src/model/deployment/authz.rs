//! Authorization sources (checked in order, by type) and settings: what a
//! deployment starts with. The built-in database's rules are in the `acl` model.

use serde_json::{Value, json};

use super::chain::Chain;

/// The sources of a new deployment: the built-in database.
pub(crate) fn initial_sources() -> Chain {
    let built_in = json!({"type": "built_in_database", "enable": true, "max_rules": 100});
    Chain::new(vec![("built_in_database".to_owned(), built_in)])
}

/// EMQX's default settings: allow on no match, ignore a denied publish, cache on.
pub(crate) fn default_settings() -> Value {
    json!({
        "no_match": "allow",
        "deny_action": "ignore",
        "cache": {"enable": true, "max_size": 32, "ttl": "1m", "excludes": []},
    })
}
