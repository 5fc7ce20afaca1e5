//! The private key belongs to the certificate: both hold the same public key.
//!
//! The public key is read from the private key's own structure where it
//! carries one (always for RSA, usually for EC and PKCS#8 v2), which needs
//! no cryptography and accepts every key size the server does. Otherwise
//! rustls' key loader (aws-lc-rs) derives it. A key neither can read (an
//! algorithm aws-lc-rs does not know, without its public key) is left to the
//! server.

use pkcs1::der::Decode;
use pkcs1::der::asn1::UintRef;
use pkcs1::{RsaPrivateKey, RsaPublicKey};
use pkcs8::{ObjectIdentifier, PrivateKeyInfoRef};
use rustls::crypto::aws_lc_rs::sign::any_supported_type;
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer, PrivateSec1KeyDer};
use sec1::EcPrivateKey;
use x509_cert::Certificate;
use x509_cert::spki::SubjectPublicKeyInfoRef;

use super::Refusal;
use super::private_key::{Format, PrivateKey};

const RSA: ObjectIdentifier = pkcs1::ALGORITHM_OID;
const EC: ObjectIdentifier = sec1::ALGORITHM_OID;
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");

/// A public key, as comparable values.
#[derive(PartialEq, Eq)]
enum PublicKey {
    /// By its integers, whatever the encoding of the DER around them.
    Rsa { modulus: Vec<u8>, exponent: Vec<u8> },
    /// The subject public key bits of any other algorithm (an EC point, an
    /// Ed25519 key).
    Other {
        algorithm: ObjectIdentifier,
        bits: Vec<u8>,
    },
}

impl PublicKey {
    fn from_spki(algorithm: ObjectIdentifier, bits: &[u8]) -> Option<Self> {
        if algorithm == RSA {
            let key = RsaPublicKey::<UintRef<'_>>::from_der(bits).ok()?;
            return Some(Self::Rsa {
                modulus: key.modulus.as_bytes().to_vec(),
                exponent: key.public_exponent.as_bytes().to_vec(),
            });
        }
        Some(Self::Other {
            algorithm,
            bits: bits.to_vec(),
        })
    }

    fn algorithm(&self) -> ObjectIdentifier {
        match self {
            Self::Rsa { .. } => RSA,
            Self::Other { algorithm, .. } => *algorithm,
        }
    }

    /// Whether both are the same key; `None` when the encodings cannot be
    /// compared (an EC point compressed on one side only).
    fn same_as(&self, other: &Self) -> Option<bool> {
        if let (Self::Other { bits: mine, .. }, Self::Other { bits: theirs, .. }) = (self, other) {
            let compressed = |point: &[u8]| matches!(point.first(), Some(0x02 | 0x03));
            if self.algorithm() == EC && compressed(mine) != compressed(theirs) {
                return None;
            }
        }
        Some(self == other)
    }
}

/// `key` is the private key of `certificate`.
pub(crate) fn check_key_matches(
    key_field: &str,
    key: &PrivateKey,
    cert_field: &str,
    certificate: &Certificate,
) -> Result<(), Refusal> {
    let spki = certificate.tbs_certificate().subject_public_key_info();
    let certified = PublicKey::from_spki(spki.algorithm.oid, spki.subject_public_key.raw_bytes());
    let (Some(certified), Some(held)) = (certified, public_key_of(key)) else {
        return Ok(());
    };
    if held.same_as(&certified) != Some(false) {
        return Ok(());
    }
    let subject = certificate.tbs_certificate().subject();
    if held.algorithm() != certified.algorithm() {
        return Err(Refusal::new(format!(
            "{key_field} is not the private key of {cert_field}: {key_field} is an {} key, \
             the certificate for {subject} holds an {} public key",
            algorithm_name(held.algorithm()),
            algorithm_name(certified.algorithm()),
        )));
    }
    Err(Refusal::new(format!(
        "{key_field} is not the private key of {cert_field}: the certificate for {subject} \
         holds another public key (the key of another certificate?)"
    )))
}

/// The public half of `key`, read from its structure or derived.
fn public_key_of(key: &PrivateKey) -> Option<PublicKey> {
    match key.format {
        Format::Pkcs1 => rsa_public_key(&key.der),
        Format::Sec1 => ec_public_key(&key.der)
            .or_else(|| derived(PrivateSec1KeyDer::from(key.der.as_slice()).into())),
        Format::Pkcs8 => {
            let info = PrivateKeyInfoRef::from_der(&key.der).ok()?;
            let inner = info.private_key.as_bytes();
            let carried = match info.algorithm.oid {
                RSA => rsa_public_key(inner),
                EC => ec_public_key(inner),
                _ => None,
            };
            carried
                .or_else(|| {
                    let bits = info.public_key?;
                    PublicKey::from_spki(info.algorithm.oid, bits.raw_bytes())
                })
                .or_else(|| derived(PrivatePkcs8KeyDer::from(key.der.as_slice()).into()))
        }
    }
}

fn rsa_public_key(der: &[u8]) -> Option<PublicKey> {
    let key = RsaPrivateKey::<UintRef<'_>>::from_der(der).ok()?;
    Some(PublicKey::Rsa {
        modulus: key.modulus.as_bytes().to_vec(),
        exponent: key.public_exponent.as_bytes().to_vec(),
    })
}

fn ec_public_key(der: &[u8]) -> Option<PublicKey> {
    let point = EcPrivateKey::from_der(der).ok()?.public_key?;
    Some(PublicKey::Other {
        algorithm: EC,
        bits: point.to_vec(),
    })
}

/// The public key aws-lc-rs computes from the private key, if it knows the
/// algorithm.
fn derived(der: PrivateKeyDer<'_>) -> Option<PublicKey> {
    let signing_key = any_supported_type(&der).ok()?;
    let spki_der = signing_key.public_key()?;
    let spki = SubjectPublicKeyInfoRef::from_der(spki_der.as_ref()).ok()?;
    PublicKey::from_spki(spki.algorithm.oid, spki.subject_public_key.raw_bytes())
}

fn algorithm_name(algorithm: ObjectIdentifier) -> String {
    match algorithm {
        RSA => "RSA".to_owned(),
        EC => "EC".to_owned(),
        ED25519 => "Ed25519".to_owned(),
        ED448 => "Ed448".to_owned(),
        other => other.to_string(),
    }
}
