//! The public error type of the emulator's handle.

use std::fmt;

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
                not_running_message(id, status)
            ),
        }
    }
}

impl std::error::Error for Error {}

/// The words of a not-running deployment's 503, also used when a simulated
/// client cannot connect.
pub(crate) fn not_running_message(id: &str, status: &str) -> String {
    format!("deployment {id} is not running (status: {status})")
}
