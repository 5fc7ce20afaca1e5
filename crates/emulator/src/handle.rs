//! The public handle: start, inspect, drive and stop one emulator.

use std::fmt;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use crate::model::deployment::published::PublishedMessage;
use crate::server::faults::FaultSpec;
use crate::server::requests_log::RecordedRequest;
use crate::server::state::Shared;
use crate::vocab::config::EmulatorConfig;
use crate::vocab::deployment::DeploymentInfo;
use crate::vocab::error::Error;

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

    /// The seeded deployments: `[0]` is dedicated, `[1]` is serverless, `[2]` is
    /// dedicated on EMQX 4.
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
        if let Some(status) = platform.status_unless_running(deployment_id, Instant::now()) {
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

    /// Messages accepted by `POST /publish` and `/publish/bulk` of a deployment
    /// (`/mqtt/publish` and `/mqtt/publish_batch` on EMQX 4).
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
