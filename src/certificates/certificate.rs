//! The certificate fields (`cert`, `cacert`): X.509 certificates only, and
//! the leaf's validity period.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use x509_cert::Certificate;
use x509_cert::der::Decode;

use super::{Refusal, armor};

const CERTIFICATE: &str = "CERTIFICATE";

/// The certificates of `text` in order (a chain is the leaf, then its
/// intermediates); at least one.
pub(crate) fn certificates(field: &str, text: &str) -> Result<Vec<Certificate>, Refusal> {
    armor::blocks(field, text)?
        .into_iter()
        .map(|block| {
            if block.label.contains("PRIVATE KEY") {
                return Err(Refusal::new(format!(
                    "{field} contains a private key ({}), not a certificate; pass the key as key=",
                    block.label
                )));
            }
            if block.label != CERTIFICATE {
                return Err(Refusal::new(format!(
                    "{field} must hold PEM certificates (-----BEGIN CERTIFICATE-----), \
                     found -----BEGIN {}-----",
                    block.label
                )));
            }
            Certificate::from_der(&block.der).map_err(|_| {
                Refusal::new(format!(
                    "{field}: the CERTIFICATE block does not hold a DER-encoded certificate"
                ))
            })
        })
        .collect()
}

/// `certificate` is valid at `now`: not expired, not valid only later.
pub(crate) fn check_validity(
    field: &str,
    certificate: &Certificate,
    now: SystemTime,
) -> Result<(), Refusal> {
    let tbs = certificate.tbs_certificate();
    let validity = tbs.validity();
    let now = now.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    if now > validity.not_after.to_unix_duration() {
        return Err(Refusal::new(format!(
            "{field}: the certificate for {} expired on {}; renew it first",
            tbs.subject(),
            validity.not_after
        )));
    }
    if now < validity.not_before.to_unix_duration() {
        return Err(Refusal::new(format!(
            "{field}: the certificate for {} is not valid before {} (check this machine's clock)",
            tbs.subject(),
            validity.not_before
        )));
    }
    Ok(())
}
