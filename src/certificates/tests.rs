//! The checks on certificates made here with rcgen, at chosen times.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rcgen::{CertificateParams, KeyPair};

use super::{Refusal, Upload, check_upload};

/// A self-signed certificate valid for 2030 and its PKCS#8 key, PEM.
fn certified() -> (String, String) {
    let mut params = CertificateParams::new(vec!["broker.example.com".to_owned()]).unwrap();
    params.not_before = rcgen::date_time_ymd(2030, 1, 1);
    params.not_after = rcgen::date_time_ymd(2031, 1, 1);
    let key = KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    (cert.pem(), key.serialize_pem())
}

/// 2030-01-01, in days since the Unix epoch.
const JAN_1_2030: u64 = 21_915;

/// `days` after 2030-01-01 (before it when negative).
fn days_into_2030(days: i64) -> SystemTime {
    let day = JAN_1_2030.checked_add_signed(days).unwrap();
    UNIX_EPOCH + Duration::from_secs(day * 86_400)
}

fn check(cert: &str, key: &str, now: SystemTime) -> Result<(), Refusal> {
    let upload = Upload {
        cert,
        key,
        cacert: None,
    };
    check_upload(&upload, now)
}

#[test]
fn a_matching_pair_within_its_dates_is_accepted() {
    let (cert, key) = certified();
    assert_eq!(check(&cert, &key, days_into_2030(180)), Ok(()));
}

#[test]
fn the_leaf_is_checked_against_the_clock() {
    let (cert, key) = certified();
    let early = check(&cert, &key, days_into_2030(-1))
        .unwrap_err()
        .to_string();
    assert!(early.contains("is not valid before 2030-01-01"), "{early}");
    let late = check(&cert, &key, days_into_2030(400))
        .unwrap_err()
        .to_string();
    assert!(late.contains("expired on 2031-01-01"), "{late}");
}

#[test]
fn the_key_of_another_certificate_is_refused_without_its_content() {
    let (cert, _) = certified();
    let (_, other_key) = certified();
    let refusal = check(&cert, &other_key, days_into_2030(180))
        .unwrap_err()
        .to_string();
    assert!(
        refusal.starts_with("key is not the private key of cert"),
        "{refusal}"
    );
    let body: String = other_key
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    assert!(!refusal.contains(&body[..16]), "{refusal}");
}

#[test]
fn a_cacert_is_parsed_not_matched() {
    let (cert, key) = certified();
    let (client_ca, _) = certified();
    let upload = Upload {
        cert: &cert,
        key: &key,
        cacert: Some(&client_ca),
    };
    assert_eq!(check_upload(&upload, days_into_2030(180)), Ok(()));
    let upload = Upload {
        cacert: Some(&key),
        ..upload
    };
    let refusal = check_upload(&upload, days_into_2030(180))
        .unwrap_err()
        .to_string();
    assert!(
        refusal.starts_with("cacert contains a private key"),
        "{refusal}"
    );
}
