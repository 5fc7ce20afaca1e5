//! The built-in-database authorization tables: rules per client id, per
//! username, and for all clients.

use indexmap::IndexMap;
use serde_json::Value;

use super::broker::Broker;

/// Which table: `clients` keyed by `clientid`, `users` keyed by `username`.
#[derive(Clone, Copy)]
pub(crate) enum Who {
    Clients,
    Users,
}

impl Who {
    pub fn key(self) -> &'static str {
        match self {
            Who::Clients => "clientid",
            Who::Users => "username",
        }
    }

    pub fn table(self, b: &mut Broker) -> &mut IndexMap<String, Vec<Value>> {
        match self {
            Who::Clients => &mut b.acl_clients,
            Who::Users => &mut b.acl_users,
        }
    }

    pub fn table_ref(self, b: &Broker) -> &IndexMap<String, Vec<Value>> {
        match self {
            Who::Clients => &b.acl_clients,
            Who::Users => &b.acl_users,
        }
    }
}
