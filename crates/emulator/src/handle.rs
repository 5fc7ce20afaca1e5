//! The public handle: start, inspect, drive and stop one emulator.

use std::fmt;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use crate::model::deployment::published::PublishedMessage;
use crate::server::faults::FaultSpec;
use crate::server::requests_log::RecordedRequest;
use crate::server::state::Shared;
use crate::vocab::config::EmulatorConfig;

/// Why an emulator call failed.
#[derive(Debug)]
pub enum Error {
    /// Binding or configuring the listener failed.
    Io(std::io::Error),
    /// Generating the certificates or the TLS configuration failed.
    Tls(String),
    /// `start` was called outside a Tokio runtime.
    NoRuntime,
    /// No seeded deployment has this id.
    UnknownDeployment(String),
    /// A fault specification was refused (bad regex, method or status).
    InvalidFault(String),
    /// The deployment is not `running` on the Platform API (`stopping`,
    /// `stopped` or `starting`), so no simulated client can connect to it.
    DeploymentNotRunning { id: String, status: &'static str },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(e) => write!(f, "emulator I/O error: {e}"),
            Error::Tls(e) => write!(f, "emulator TLS error: {e}"),
            Error::NoRuntime => {
                f.write_str("Emulator::start must be called inside a Tokio runtime")
            }
            Error::UnknownDeployment(id) => write!(f, "unknown deployment id: {id:?}"),
            Error::InvalidFault(e) => write!(f, "invalid fault: {e}"),
            Error::DeploymentNotRunning { id, status } => write!(
                f,
                "{}; simulated clients can connect only to a running deployment",
                crate::api::deployment::not_running_message(id, status)
            ),
        }
    }
}

impl std::error::Error for Error {}

/// The two deployment flavours the emulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeploymentKind {
    /// Dedicated v5: the whole EMQX 5 REST API.
    Dedicated,
    /// Serverless: only the endpoints the Serverless docs list; others answer 404.
    Serverless,
}

impl DeploymentKind {
    /// `"dedicated"` or `"serverless"`, as in the Platform API's `deploymentType`.
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentKind::Dedicated => "dedicated",
            DeploymentKind::Serverless => "serverless",
        }
    }
}

/// A seeded deployment and how to reach its Deployment API.
#[derive(Clone, PartialEq, Eq)]
pub struct DeploymentInfo {
    pub id: String,
    pub name: String,
    pub kind: DeploymentKind,
    /// `https://127.0.0.1:PORT/deployments/{id}/api/v5`.
    pub base_url: String,
    pub app_id: String,
    pub app_secret: String,
    pub project_id: String,
    pub project_name: String,
}

impl fmt::Debug for DeploymentInfo {
    // The App Secret is never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeploymentInfo")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("base_url", &self.base_url)
            .field("app_id", &self.app_id)
            .field("app_secret", &"***")
            .finish()
    }
}

impl DeploymentInfo {
    /// As JSON (`type` is `"dedicated"` or `"serverless"`). Contains the App Secret.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id, "name": self.name, "type": self.kind.as_str(),
            "base_url": self.base_url, "app_id": self.app_id, "app_secret": self.app_secret,
            "project_id": self.project_id, "project_name": self.project_name,
        })
    }
}

/// Entry point; see [`Emulator::start`].
pub struct Emulator;

impl Emulator {
    /// Starts an emulator on `listener` as a task of the current Tokio runtime and
    /// returns at once (the listener is already bound, so the port is known).
    ///
    /// Must be called from inside a runtime (a multi-thread one is best: the
    /// emulator's handlers never block on I/O, but tests often block a thread).
    pub fn start(config: EmulatorConfig, listener: TcpListener) -> Result<EmulatorHandle, Error> {
        let rt = tokio::runtime::Handle::try_current().map_err(|_| Error::NoRuntime)?;
        Self::start_on(&rt, config, listener)
    }

    /// Like [`Emulator::start`], on the given runtime; callable from any thread
    /// (for example a Python thread holding no runtime context).
    pub fn start_on(
        rt: &tokio::runtime::Handle,
        config: EmulatorConfig,
        listener: TcpListener,
    ) -> Result<EmulatorHandle, Error> {
        let addr = listener.local_addr().map_err(Error::Io)?;
        listener.set_nonblocking(true).map_err(Error::Io)?;
        let pki = crate::server::tls::generate().map_err(Error::Tls)?;
        let shared = Arc::new(Shared::new(config, addr, pki.ca_pem));
        let server = crate::server::spawn(rt, shared.clone(), listener, pki.server_config)
            .map_err(Error::Io)?;
        Ok(EmulatorHandle {
            shared,
            server,
            addr,
        })
    }

    /// Binds `host:port` (port 0 picks a free one) and starts there.
    pub fn bind(config: EmulatorConfig, host: &str, port: u16) -> Result<EmulatorHandle, Error> {
        let listener = TcpListener::bind((host, port)).map_err(Error::Io)?;
        Self::start(config, listener)
    }
}

/// A running emulator. Dropping it shuts the server down.
///
/// All methods are cheap and synchronous (no `.await`), so they can be called from
/// any thread, inside or outside the runtime.
pub struct EmulatorHandle {
    shared: Arc<Shared>,
    server: axum_server::Handle<SocketAddr>,
    addr: SocketAddr,
}

impl EmulatorHandle {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// PEM of the CA that signed the server certificate.
    pub fn ca_cert_pem(&self) -> &str {
        &self.shared.ca_pem
    }

    /// `https://HOST:PORT` (a wildcard bind address is shown as loopback).
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The Platform API root: `https://HOST:PORT/platform`.
    pub fn platform_base_url(&self) -> String {
        format!("{}/platform", self.shared.base_url)
    }

    /// The Platform API key and secret `(key, secret)`.
    pub fn platform_credentials(&self) -> (String, String) {
        (
            self.shared.platform_key.clone(),
            self.shared.platform_secret.clone(),
        )
    }

    /// The seeded deployments: `[0]` is dedicated, `[1]` is serverless.
    pub fn deployments(&self) -> Vec<DeploymentInfo> {
        self.shared
            .deployments
            .values()
            .map(|d| d.info.clone())
            .collect()
    }

    /// Simulates an MQTT client connecting to a deployment and returns the client
    /// object the API will show. `attrs` may set any client field (`ip_address`,
    /// `port`, `proto_ver`, `proto_name`, `clean_start`, `keepalive`,
    /// `expiry_interval`, `created_at`/`connected_at` as epoch ms or RFC 3339, or
    /// extra fields such as `client_attrs`). Connecting an existing client id takes
    /// the session over (its subscriptions survive when `clean_start` is false).
    ///
    /// Fails with [`Error::DeploymentNotRunning`] while the deployment is not
    /// `running`: stopping it ended every client and session, and nothing
    /// connects until it has started again.
    pub fn connect_client(
        &self,
        deployment_id: &str,
        clientid: &str,
        username: Option<&str>,
        attrs: Map<String, Value>,
    ) -> Result<Value, Error> {
        let dep = self.shared.deployment(deployment_id)?;
        // Held across the connect, so a stop cannot take the broker down
        // between the check and the connect and leave a client behind.
        let mut platform = self.shared.platform();
        if let Some(status) = crate::api::deployment::status_unless_running(
            &mut platform,
            deployment_id,
            Instant::now(),
        ) {
            return Err(Error::DeploymentNotRunning {
                id: deployment_id.to_owned(),
                status,
            });
        }
        let mut broker = dep.lock();
        Ok(broker.connect(clientid, username, attrs))
    }

    /// Simulates an MQTT client disconnecting. Its session stays (shown with
    /// `connected: false` and `disconnected_at`) when it connected with
    /// `clean_start: false` and a non-zero `expiry_interval`; otherwise it goes.
    /// Returns whether the client existed.
    pub fn disconnect_client(&self, deployment_id: &str, clientid: &str) -> Result<bool, Error> {
        let dep = self.shared.deployment(deployment_id)?;
        let mut broker = dep.lock();
        Ok(broker.disconnect(clientid))
    }

    /// Adds a fault; see [`FaultSpec`].
    pub fn inject_fault(&self, fault: FaultSpec) -> Result<(), Error> {
        self.shared.faults.add(fault).map_err(Error::InvalidFault)
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// The requests received so far, oldest first (bounded by `log_limit`).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.log.snapshot()
    }

    /// Messages accepted by `POST /publish` and `/publish/bulk` of a deployment.
    pub fn published(&self, deployment_id: &str) -> Result<Vec<PublishedMessage>, Error> {
        let dep = self.shared.deployment(deployment_id)?;
        let broker = dep.lock();
        Ok(broker.published.iter().cloned().collect())
    }

    /// Back to the seeded state: deployments running, seeded TLS certificates,
    /// simulated clients, users, rules, connectors, faults, rate-limit counters, the
    /// request log and published messages all cleared. Ids and credentials are kept.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Stops accepting connections and closes open ones within about a second.
    /// Idempotent; also done on drop.
    pub fn shutdown(&self) {
        self.server.graceful_shutdown(Some(Duration::from_secs(1)));
    }

    /// Number of open connections (useful to check that a client pools them).
    pub fn connection_count(&self) -> usize {
        self.server.connection_count()
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

impl fmt::Debug for EmulatorHandle {
    // No credentials in Debug output.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorHandle")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}
