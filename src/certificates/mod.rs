//! Client-side checks of a TLS upload (`PlatformClient.tls.create/update`).
//!
//! The Platform API answers a bad certificate with a bare 422 and counts the
//! call against its 6 TLS writes per hour, so the usual mistakes are refused
//! here first, with a message that names the field: PEM armor that does not
//! decode, the wrong kind of block for the field, DER that is not an X.509
//! certificate or private key, an encrypted key, a leaf certificate that has
//! expired or is not valid yet, and a key that is not the certificate's.
//!
//! Pure Rust: `py/certificates.rs` is its Python entry.

mod armor;
mod certificate;
mod key_match;
mod private_key;
mod refusal;

#[cfg(test)]
mod tests;

use std::time::SystemTime;

pub use refusal::Refusal;

/// The three PEM fields of a TLS upload, as text.
pub struct Upload<'a> {
    /// The server certificate, optionally followed by its intermediates.
    pub cert: &'a str,
    /// Its private key.
    pub key: &'a str,
    /// The CA certificate(s) clients are verified against (two-way TLS only).
    pub cacert: Option<&'a str>,
}

/// Check every field of `upload` on its own, then the certificate against
/// the clock and the key against the certificate.
///
/// `cacert` is only parsed: it verifies the *clients'* certificates, so it
/// need not be the issuer of `cert` (a public server certificate with a
/// private client CA is the usual set-up).
pub fn check_upload(upload: &Upload<'_>, now: SystemTime) -> Result<(), Refusal> {
    let chain = certificate::certificates("cert", upload.cert)?;
    let key = private_key::private_key("key", upload.key)?;
    if let Some(cacert) = upload.cacert {
        certificate::certificates("cacert", cacert)?;
    }
    // `certificates` refuses text without a block, so the chain has a leaf.
    let leaf = &chain[0];
    certificate::check_validity("cert", leaf, now)?;
    key_match::check_key_matches("key", &key, "cert", leaf)
}
