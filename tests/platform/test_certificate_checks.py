"""What the TLS upload checks catch beyond the PEM structure: a leaf certificate
outside its validity period and a key that is not the certificate's, each a
ValueError before one of the 6 TLS writes per hour is spent; and what they leave
alone (key sizes and algorithms the server accepts, a client CA that did not
issue the server certificate). No refusal repeats the private key.

Certificates are made in the test with ``trustme`` and ``cryptography``.
"""

from __future__ import annotations

import datetime
import re

import pytest
import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from cryptography.x509.oid import NameOID

from emqx_platform import PlatformClient
from emqx_platform._core import checked_tls_upload
from emqx_platform.testing import Emulator

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def pem_of(leaf: trustme.LeafCert) -> tuple[str, str]:
    """``(certificate, private key)`` of ``leaf``, PEM."""
    return leaf.cert_chain_pems[0].bytes().decode(), leaf.private_key_pem.bytes().decode()


def private_pem(key: rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def self_signed(key: rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey) -> str:
    """A self-signed certificate for ``key``, valid now."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "broker.example.com")])
    algorithm = None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - DAY)
        .not_valid_after(NOW + 90 * DAY)
        .sign(key, algorithm)
    )
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def rsa_leaf(ca: trustme.CA) -> trustme.LeafCert:
    return ca.issue_cert("broker.example.com", key_type=trustme.KeyType.RSA)


# -- validity dates -------------------------------------------------------------


def test_expired_certificate_is_refused(ca: trustme.CA) -> None:
    cert, key = pem_of(
        ca.issue_cert("old.example.com", not_before=NOW - 400 * DAY, not_after=NOW - DAY)
    )
    with pytest.raises(ValueError, match=r"^cert: the certificate for .* expired on \d{4}-"):
        checked_tls_upload(cert, key)


def test_certificate_not_valid_yet_is_refused(ca: trustme.CA) -> None:
    leaf = ca.issue_cert("new.example.com", not_before=NOW + 30 * DAY, not_after=NOW + 400 * DAY)
    cert, key = pem_of(leaf)
    with pytest.raises(ValueError, match=r"^cert: the certificate for .* is not valid before"):
        checked_tls_upload(cert, key)


def test_only_the_leaf_dates_count(ca: trustme.CA) -> None:
    # Chains in the wild carry expired cross-signs that clients skip; the leaf is
    # what the deployment presents, so an old certificate after it is no reason
    # to refuse (nor an old client CA).
    old_ca = ca.issue_cert("old.example.com", not_before=NOW - 400 * DAY, not_after=NOW - DAY)
    cert, key = pem_of(ca.issue_cert("broker.example.com"))
    old = old_ca.cert_chain_pems[0].bytes().decode()
    assert checked_tls_upload(cert + old, key, old) == (cert + old, key, old)


# -- the key is the certificate's -----------------------------------------------


def test_key_of_another_certificate_is_refused(ca: trustme.CA, rsa_leaf: trustme.LeafCert) -> None:
    cert, _ = pem_of(rsa_leaf)
    _, other_key = pem_of(ca.issue_cert("other.example.com", key_type=trustme.KeyType.RSA))
    with pytest.raises(
        ValueError, match=r"^key is not the private key of cert: .*another public key"
    ):
        checked_tls_upload(cert, other_key)
    # The same key in PKCS#8 form, where the RSA key sits inside PrivateKeyInfo.
    pkcs8 = private_pem(serialization.load_pem_private_key(other_key.encode(), None))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="another public key"):
        checked_tls_upload(cert, pkcs8)


def test_ec_key_of_another_certificate_is_refused(ca: trustme.CA) -> None:
    cert, _ = pem_of(ca.issue_cert("broker.example.com"))
    _, other_key = pem_of(ca.issue_cert("other.example.com"))
    assert "EC PRIVATE KEY" in other_key
    with pytest.raises(ValueError, match="another public key"):
        checked_tls_upload(cert, other_key)


def test_key_of_another_algorithm_is_refused(ca: trustme.CA, rsa_leaf: trustme.LeafCert) -> None:
    cert, _ = pem_of(rsa_leaf)
    _, ec_key = pem_of(ca.issue_cert("ec.example.com"))
    with pytest.raises(ValueError, match=r"key is an EC key, .* holds an RSA public key"):
        checked_tls_upload(cert, ec_key)


def test_key_without_its_public_half_is_derived() -> None:
    # An Ed25519 PKCS#8 key carries no public key: it is derived (aws-lc-rs).
    key = ed25519.Ed25519PrivateKey.generate()
    cert = self_signed(key)
    assert checked_tls_upload(cert, private_pem(key))[0] == cert
    with pytest.raises(ValueError, match="another public key"):
        checked_tls_upload(cert, private_pem(ed25519.Ed25519PrivateKey.generate()))


def test_rsa_1024_is_accepted() -> None:
    # The platform documents RSA_1024 certificates; no client-side size floor.
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    cert = self_signed(key)
    assert checked_tls_upload(cert, private_pem(key))[0] == cert
    other = private_pem(rsa.generate_private_key(public_exponent=65537, key_size=1024))
    with pytest.raises(ValueError, match="another public key"):
        checked_tls_upload(cert, other)


def test_client_ca_need_not_issue_the_server_certificate(rsa_leaf: trustme.LeafCert) -> None:
    # Two-way TLS: cacert verifies the clients' certificates. A public server
    # certificate with a private device CA is the usual set-up.
    cert, key = pem_of(rsa_leaf)
    device_ca = trustme.CA().cert_pem.bytes().decode()
    assert checked_tls_upload(cert, key, device_ca) == (cert, key, device_ca)


# -- secrets --------------------------------------------------------------------


def test_no_refusal_repeats_the_key(ca: trustme.CA, rsa_leaf: trustme.LeafCert) -> None:
    cert, key = pem_of(rsa_leaf)
    lines = key.splitlines()
    body = lines[1:-1]
    bad_keys = [
        key.replace("RSA PRIVATE KEY", "CERTIFICATE"),  # the key as the certificate
        key.replace("END RSA PRIVATE KEY", "END PRIVATE KEY"),  # closed by another label
        "\n".join([lines[0], "Proc-Type: 4,ENCRYPTED", *body, lines[-1]]),  # header w/o blank
        "\n".join([lines[0], "not a header", "", *body, lines[-1]]),  # junk before a blank
        "\n".join([lines[0], *body[:-1], body[-1] + "!", lines[-1]]),  # bad base64
        "\n".join([lines[0], *body[:5], lines[-1]]),  # truncated DER
        key + key,  # two keys
        pem_of(ca.issue_cert("other.example.com", key_type=trustme.KeyType.RSA))[1],
    ]
    for bad in bad_keys:
        chunks = re.findall(r"[A-Za-z0-9+/]{12}", "".join(bad.splitlines()[1:-1]))
        for fields in ((cert, bad), (bad, key)):
            with pytest.raises(ValueError, match=r"^(cert|key)\b") as refusal:
                checked_tls_upload(*fields)
            message = str(refusal.value)
            assert [chunk for chunk in chunks if chunk in message] == [], message


# -- nothing is sent ------------------------------------------------------------


def test_refused_upload_sends_nothing(
    emqx_emulator: Emulator, platform_client: PlatformClient, ca: trustme.CA
) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    cert, key = pem_of(
        ca.issue_cert("old.example.com", not_before=NOW - 9 * DAY, not_after=NOW - DAY)
    )
    with pytest.raises(ValueError, match="expired"):
        platform_client.tls.create(deployment_id, tls_type="one-way", cert=cert, key=key)
    _, other_key = pem_of(ca.issue_cert("other.example.com"))
    fresh, _ = pem_of(ca.issue_cert("broker.example.com"))
    with pytest.raises(ValueError, match="not the private key of cert"):
        platform_client.tls.update(deployment_id, tls_type="one-way", cert=fresh, key=other_key)
    assert emqx_emulator.requests == []
