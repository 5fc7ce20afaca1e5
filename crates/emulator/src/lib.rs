//! A stateful emulator of the EMQX Platform API, the EMQX 5 Deployment API
//! (`/api/v5`) and the EMQX 4 one (`/api`), served over real HTTPS on loopback,
//! for offline tests of code that talks to EMQX Cloud.
//!
//! # URL layout
//!
//! | API | root |
//! |---|---|
//! | Platform API | `https://127.0.0.1:PORT/platform` (e.g. `GET /platform/deployments`) |
//! | Deployment API of deployment `ID` | `https://127.0.0.1:PORT/deployments/ID/api/v5` |
//! | the same, on the Dedicated v4 deployment | `https://127.0.0.1:PORT/deployments/ID/api` |
//!
//! The seeded deployments are `[0]` Dedicated v5, `[1]` Serverless and `[2]`
//! Dedicated on EMQX 4, whose API answers in EMQX 4's shapes: HTTP 200 with an
//! integer `code` (0, or a documented failure code such as 112 or 113), and
//! the real status only for 401, 404 (unknown path), 405, 413 and 503.
//!
//! Each API checks its own Basic credentials: the Platform key and secret, or the
//! deployment's App ID and App Secret. On both APIs, as on EMQX, routing comes
//! first: an unknown path is `404 NOT_FOUND` and a known path with another
//! method is `405` (empty body, `allow` header) whatever the credentials. After
//! those checks, a deployment that is not `running` on the Platform API answers
//! `503 SERVICE_UNAVAILABLE` and keeps its configuration for when it runs again;
//! stopping it ends its simulated clients and their sessions, and
//! [`EmulatorHandle::connect_client`] refuses ([`Error::DeploymentNotRunning`])
//! until it runs again.
//!
//! The server certificate is signed by a CA generated at start
//! ([`EmulatorHandle::ca_cert_pem`]); its SANs are `localhost`, `127.0.0.1` and
//! `::1`.
//!
//! # Example
//!
//! ```no_run
//! # async fn demo() -> Result<(), emqx_emulator::Error> {
//! use emqx_emulator::{Emulator, EmulatorConfig};
//! let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(emqx_emulator::Error::Io)?;
//! let emu = Emulator::start(EmulatorConfig::default(), listener)?;
//! let dep = &emu.deployments()[0];
//! emu.connect_client(&dep.id, "sensor/1", Some("alice"), serde_json::Map::new())?;
//! println!("{} {}", emu.platform_base_url(), dep.base_url);
//! emu.shutdown();
//! # Ok(()) }
//! ```

//! # Layout
//!
//! Folders name the layers; a file imports only its own layer and the ones
//! below it, never its parent module, and no two files import each other in a
//! ring (`scripts/check_layers.py` checks all three):
//!
//! | layer | what |
//! |---|---|
//! | `vocab` | names every layer uses: [`Error`], [`DeploymentKind`], [`DeploymentInfo`], [`EmulatorConfig`] |
//! | `util` | pure helpers: ids, timestamps, MQTT topics |
//! | `model` | the state and its operations, no HTTP: brokers, the Platform side, the seed |
//! | `rest` | HTTP building blocks: error answers, the parsed request, route tables, auth, pagination |
//! | `api` | per API, one route table that routes and dispatches, and the handlers |
//! | `server` | the HTTPS listener, the request pipeline, faults, the request log, shared state |
//! | `handle` | the public [`Emulator`] and [`EmulatorHandle`] |
//!
//! `vocab` and `util` import nothing of the crate; `model` and `rest` sit side
//! by side and import nothing of each other. Adding an endpoint is one entry
//! in `api/<api>/routes.rs` plus its handler.

// The client object is one large `json!` literal.
#![recursion_limit = "256"]

mod api;
mod handle;
mod model;
mod rest;
mod server;
mod util;
mod vocab;

pub use handle::{Emulator, EmulatorHandle};
pub use model::deployment::published::PublishedMessage;
pub use server::faults::FaultSpec;
pub use server::requests_log::RecordedRequest;
pub use vocab::config::EmulatorConfig;
pub use vocab::deployment::{DeploymentInfo, DeploymentKind};
pub use vocab::error::Error;
