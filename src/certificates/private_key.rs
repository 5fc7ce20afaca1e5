//! The `key` field: exactly one unencrypted private key, PKCS#1, SEC 1 or
//! PKCS#8, whose DER is the structure its label names.

use pkcs1::RsaPrivateKey;
use pkcs1::der::Decode;
use pkcs1::der::asn1::UintRef;
use pkcs8::PrivateKeyInfoRef;
use sec1::EcPrivateKey;

use super::{Refusal, armor};

/// The formats a key may come in, by PEM label.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `RSA PRIVATE KEY`: PKCS#1 `RSAPrivateKey`.
    Pkcs1,
    /// `EC PRIVATE KEY`: SEC 1 `ECPrivateKey`.
    Sec1,
    /// `PRIVATE KEY`: PKCS#8 `PrivateKeyInfo`, any algorithm.
    Pkcs8,
}

const FORMATS: [(&str, Format); 3] = [
    ("EC PRIVATE KEY", Format::Sec1),
    ("PRIVATE KEY", Format::Pkcs8),
    ("RSA PRIVATE KEY", Format::Pkcs1),
];

/// `openssl ecparam -genkey` writes the curve before the key; harmless.
const COMPANION_LABELS: [&str; 1] = ["EC PARAMETERS"];

/// A checked private key. No `Debug`: it holds the secret.
pub(crate) struct PrivateKey {
    pub format: Format,
    pub der: Vec<u8>,
}

/// The one private key of `text`.
pub(crate) fn private_key(field: &str, text: &str) -> Result<PrivateKey, Refusal> {
    let mut keys = Vec::new();
    for block in armor::blocks(field, text)? {
        if COMPANION_LABELS.contains(&block.label.as_str()) {
            continue;
        }
        if block.label == "CERTIFICATE" {
            return Err(Refusal::new(format!(
                "{field} is a certificate (-----BEGIN CERTIFICATE-----), not a private key; \
                 were cert and key swapped?"
            )));
        }
        if block.label == "ENCRYPTED PRIVATE KEY" || block.encrypted {
            return Err(Refusal::new(format!(
                "{field} is an encrypted private key; decrypt it first"
            )));
        }
        let Some(&(_, format)) = FORMATS.iter().find(|(label, _)| *label == block.label) else {
            let allowed = FORMATS.map(|(label, _)| label).join(", ");
            return Err(Refusal::new(format!(
                "{field} must be a PEM private key ({allowed}), found -----BEGIN {}-----",
                block.label
            )));
        };
        if !holds(format, &block.der) {
            return Err(Refusal::new(format!(
                "{field}: the {label} block does not hold a DER-encoded {lower}",
                label = block.label,
                lower = block.label.to_lowercase()
            )));
        }
        keys.push(PrivateKey {
            format,
            der: block.der,
        });
    }
    match keys.len() {
        1 => Ok(keys.remove(0)),
        found => Err(Refusal::new(format!(
            "{field} must hold exactly one private key, found {found}"
        ))),
    }
}

/// `der` is one complete structure of `format`.
fn holds(format: Format, der: &[u8]) -> bool {
    match format {
        Format::Pkcs1 => RsaPrivateKey::<UintRef<'_>>::from_der(der).is_ok(),
        Format::Sec1 => EcPrivateKey::from_der(der).is_ok(),
        Format::Pkcs8 => PrivateKeyInfoRef::from_der(der).is_ok(),
    }
}
