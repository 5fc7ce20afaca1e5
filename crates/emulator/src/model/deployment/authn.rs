//! The authentication chain's members: the built-in authenticators' ids, the
//! id EMQX derives from a configuration, and the chain a deployment starts with.

use serde_json::{Map, Value, json};

use super::chain::Chain;

/// The built-in-database password authenticator every deployment starts with.
pub(crate) const PASSWORD_BUILT_IN: &str = "password_based:built_in_database";
/// The built-in-database SCRAM authenticator (its users are kept apart).
pub(crate) const SCRAM_BUILT_IN: &str = "scram:built_in_database";

/// The id EMQX gives a configuration: `<mechanism>:<backend>`, or the
/// mechanism alone when it has no backend (`jwt`).
pub(crate) fn authenticator_id(config: &Map<String, Value>) -> Option<String> {
    let mechanism = config.get("mechanism")?.as_str()?;
    Some(match config.get("backend").and_then(Value::as_str) {
        Some(backend) => format!("{mechanism}:{backend}"),
        None => mechanism.to_owned(),
    })
}

/// The chain of a new deployment: the built-in password authenticator.
pub(crate) fn initial_chain() -> Chain {
    let built_in = json!({
        "mechanism": "password_based",
        "backend": "built_in_database",
        "user_id_type": "username",
        "password_hash_algorithm": {"name": "sha256", "salt_position": "suffix"},
        "enable": true,
    });
    Chain::new(vec![(PASSWORD_BUILT_IN.to_owned(), built_in)])
}
