//! Why an upload is refused: one message for the user.

use std::fmt;

/// A refused upload, raised as `ValueError` in Python. The message names the
/// field and never holds key material: no base64, no DER, no parser detail
/// taken from a private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(String);

impl Refusal {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}
