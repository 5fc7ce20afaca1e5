//! An EMQX 4 `emqx_auth_mnesia` table: logins (usernames or client ids) and
//! their passwords, in insertion order.

use indexmap::IndexMap;

/// Login -> password.
pub(crate) type Credentials = IndexMap<String, String>;

/// Which table a request is about, and the key its JSON uses for the login.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Login {
    Username,
    Clientid,
}

impl Login {
    pub fn key(self) -> &'static str {
        match self {
            Login::Username => "username",
            Login::Clientid => "clientid",
        }
    }
}
