//! Everything the server shares between requests. Locks are `std` mutexes held only
//! for the synchronous body of a handler, never across an `.await`.
//!
//! Where both the Platform lock and a deployment's broker lock are held, the
//! Platform lock is taken first (a stop takes the broker down, a simulated
//! connect checks the deployment is running): one order, so no deadlock.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use indexmap::IndexMap;

use crate::model::deployment::broker::Broker;
use crate::model::platform::PlatformState;
use crate::model::seed::Seed;
use crate::server::faults::FaultTable;
use crate::server::requests_log::RequestLog;
use crate::vocab::config::EmulatorConfig;
use crate::vocab::deployment::DeploymentInfo;
use crate::vocab::error::Error;

/// One deployment: fixed identity plus its broker state (its own lock, so
/// deployments never contend with each other).
pub(crate) struct DeploymentRuntime {
    pub info: DeploymentInfo,
    broker: Mutex<Broker>,
}

impl DeploymentRuntime {
    /// A poisoned lock (a handler panicked) is taken over: the state is still usable
    /// and the emulator must keep answering.
    pub fn lock(&self) -> MutexGuard<'_, Broker> {
        self.broker.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub(crate) struct Shared {
    pub config: EmulatorConfig,
    pub base_url: String,
    pub ca_pem: String,
    pub platform_key: String,
    pub platform_secret: String,
    pub deployments: IndexMap<String, Arc<DeploymentRuntime>>,
    platform: Mutex<PlatformState>,
    pub faults: FaultTable,
    pub log: RequestLog,
    seed: Seed,
}

impl Shared {
    pub fn new(config: EmulatorConfig, addr: SocketAddr, ca_pem: String) -> Self {
        let host = match addr.ip() {
            ip if ip.is_unspecified() && ip.is_ipv6() => "[::1]".to_owned(),
            ip if ip.is_unspecified() => "127.0.0.1".to_owned(),
            std::net::IpAddr::V6(ip) => format!("[{ip}]"),
            std::net::IpAddr::V4(ip) => ip.to_string(),
        };
        let base_url = format!("https://{host}:{}", addr.port());
        let seed = Seed::generate(&base_url);
        let deployments = seed
            .deployments
            .iter()
            .map(|info| {
                let rt = DeploymentRuntime {
                    info: info.clone(),
                    broker: Mutex::new(Broker::new(config.log_limit)),
                };
                (info.id.clone(), Arc::new(rt))
            })
            .collect();
        let platform = Mutex::new(seed.platform_state(&config));
        Self {
            platform_key: config
                .platform_api_key
                .clone()
                .unwrap_or_else(crate::util::ids::key),
            platform_secret: config
                .platform_api_secret
                .clone()
                .unwrap_or_else(crate::util::ids::secret),
            log: RequestLog::new(config.log_limit),
            config,
            base_url,
            ca_pem,
            deployments,
            platform,
            faults: FaultTable::default(),
            seed,
        }
    }

    pub fn deployment(&self, id: &str) -> Result<&Arc<DeploymentRuntime>, Error> {
        self.deployments
            .get(id)
            .ok_or_else(|| Error::UnknownDeployment(id.to_owned()))
    }

    /// Deployment `id` was stopped: its broker goes down (see
    /// `model::deployment::shutdown`). Called with the Platform lock held.
    pub fn shut_down_broker(&self, id: &str) {
        if let Some(dep) = self.deployments.get(id) {
            dep.lock().shut_down();
        }
    }

    pub fn platform(&self) -> MutexGuard<'_, PlatformState> {
        self.platform.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn reset(&self) {
        *self.platform() = self.seed.platform_state(&self.config);
        for dep in self.deployments.values() {
            *dep.lock() = Broker::new(self.config.log_limit);
        }
        self.faults.clear();
        self.log.clear();
    }
}
