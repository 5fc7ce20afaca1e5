//! What the EMQX 4 Deployment API configures on a broker and EMQX 5 has no
//! place for: the `auth_username`/`auth_clientid` tables, the ACL rules, the
//! Cloud's device shadows and the 4.x rule engine (resources, rules).
//! Clients, sessions, bans, publishing and counters are the broker's own,
//! shared with the v5 API (`client` renders them the EMQX 4 way).

pub(crate) mod acl;
pub(crate) mod auth;
pub(crate) mod catalog;
pub(crate) mod client;
pub(crate) mod rule_engine;
pub(crate) mod shadow;

use acl::AclTable;
use auth::Credentials;
use indexmap::IndexMap;
use rule_engine::RuleEngine;
use shadow::Shadow;

/// The v4-only state of one broker.
#[derive(Default)]
pub(crate) struct V4Store {
    /// `auth_username`: username -> password.
    pub usernames: Credentials,
    /// `auth_clientid`: client id -> password.
    pub clientids: Credentials,
    pub acl: AclTable,
    /// The device-shadow service: shadow id -> shadow.
    pub shadows: IndexMap<String, Shadow>,
    pub rule_engine: RuleEngine,
}
