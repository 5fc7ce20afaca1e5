"""Client-side checks of TLS certificates and keys: what is accepted, what is refused
with a clear ValueError, and that a refused upload sends nothing.

The checks run in the Rust core (``checked_tls_upload``), which takes the three
fields together; ``certificate_pem`` and ``private_key_pem`` below check one field
with valid companions, so that a refusal is about that field. Certificates and keys
are made with ``trustme`` and ``cryptography`` (test-only). The checks of validity
dates and of the key against the certificate are in ``test_certificate_checks.py``.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import trustme
from cryptography.hazmat.primitives import serialization

from emqx_platform import AsyncPlatformClient, PlatformClient
from emqx_platform._core import checked_tls_upload
from emqx_platform.resources.platform.tls import PEMSource, tls_body
from emqx_platform.testing import Emulator

CA = trustme.CA()
RSA_LEAF = CA.issue_cert("broker.example.com", key_type=trustme.KeyType.RSA)
EC_LEAF = CA.issue_cert("ec.example.com")


def certificate_pem(name: str, source: PEMSource) -> str:
    """Check ``source`` as the field ``name`` (``cert`` or ``cacert``) of a valid upload."""
    cert = RSA_LEAF.cert_chain_pems[0].bytes().decode()
    key = RSA_LEAF.private_key_pem.bytes().decode()
    if name == "cacert":
        cacert = checked_tls_upload(cert, key, source)[2]
        assert cacert is not None
        return cacert
    assert name == "cert"
    return checked_tls_upload(source, key)[0]


def private_key_pem(name: str, source: PEMSource) -> str:
    """Check ``source`` as the ``key`` of a valid upload: of the RSA leaf, or of the EC
    leaf when ``source`` is its key."""
    assert name == "key"
    text = source.read_text() if isinstance(source, Path) else source
    ec_key = EC_LEAF.private_key_pem.bytes().decode()
    leaf = EC_LEAF if isinstance(text, str) and ec_key in text else RSA_LEAF
    return checked_tls_upload(leaf.cert_chain_pems[0].bytes().decode(), source)[1]


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return CA


@pytest.fixture(scope="module")
def leaf() -> trustme.LeafCert:
    return RSA_LEAF


@pytest.fixture(scope="module")
def cert_pem(leaf: trustme.LeafCert) -> str:
    return leaf.cert_chain_pems[0].bytes().decode()


@pytest.fixture(scope="module")
def ca_pem(ca: trustme.CA) -> str:
    return ca.cert_pem.bytes().decode()


@pytest.fixture(scope="module")
def pkcs1_key(leaf: trustme.LeafCert) -> str:
    return leaf.private_key_pem.bytes().decode()


def reencode(key_pem: str, fmt: serialization.PrivateFormat, password: bytes | None = None) -> str:
    key = serialization.load_pem_private_key(key_pem.encode(), password=None)
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(serialization.Encoding.PEM, fmt, encryption).decode()


@pytest.fixture(scope="module")
def pkcs8_key(pkcs1_key: str) -> str:
    return reencode(pkcs1_key, serialization.PrivateFormat.PKCS8)


@pytest.fixture(scope="module")
def ec_key() -> str:
    return EC_LEAF.private_key_pem.bytes().decode()


# -- accepted -------------------------------------------------------------------


def test_pkcs1_pkcs8_and_ec_keys_are_accepted(pkcs1_key: str, pkcs8_key: str, ec_key: str) -> None:
    assert pkcs1_key.startswith("-----BEGIN RSA PRIVATE KEY-----")
    assert pkcs8_key.startswith("-----BEGIN PRIVATE KEY-----")
    assert ec_key.startswith("-----BEGIN EC PRIVATE KEY-----")
    for key in (pkcs1_key, pkcs8_key, ec_key):
        assert private_key_pem("key", key) == key


def test_certificate_and_chain_are_accepted(cert_pem: str, ca_pem: str) -> None:
    assert certificate_pem("cert", cert_pem) == cert_pem
    chain = cert_pem + ca_pem
    assert certificate_pem("cert", chain) == chain


def test_crlf_and_text_around_the_blocks_are_accepted(cert_pem: str, pkcs8_key: str) -> None:
    # Windows line endings, and the "Bag Attributes" preamble openssl pkcs12 writes.
    crlf = cert_pem.replace("\n", "\r\n")
    assert certificate_pem("cert", crlf) == crlf
    with_preamble = "Bag Attributes\n    localKeyID: 01 02\nsubject=/CN=x\n" + pkcs8_key
    assert private_key_pem("key", with_preamble) == with_preamble


def test_ec_parameters_before_the_key_are_accepted(ec_key: str) -> None:
    # `openssl ecparam -genkey` writes the curve first.
    params = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
    assert private_key_pem("key", params + ec_key) == params + ec_key


def test_paths_are_read(tmp_path: Path, cert_pem: str, pkcs1_key: str) -> None:
    (tmp_path / "server.pem").write_text(cert_pem)
    (tmp_path / "server.key").write_text(pkcs1_key)
    assert certificate_pem("cert", tmp_path / "server.pem") == cert_pem
    assert private_key_pem("key", tmp_path / "server.key") == pkcs1_key


def test_body_has_the_documented_field_names(
    tmp_path: Path, cert_pem: str, pkcs1_key: str, ca_pem: str
) -> None:
    (tmp_path / "ca.pem").write_text(ca_pem)
    body = tls_body("two-way", cert_pem, pkcs1_key, tmp_path / "ca.pem")
    assert body == {"tlsType": "two-way", "cert": cert_pem, "key": pkcs1_key, "cacert": ca_pem}
    assert tls_body("one-way", cert_pem, pkcs1_key, None) == {
        "tlsType": "one-way",
        "cert": cert_pem,
        "key": pkcs1_key,
    }


# -- refused --------------------------------------------------------------------


def test_certificate_as_key_is_refused(cert_pem: str) -> None:
    with pytest.raises(ValueError, match=r"key is a certificate.*swapped"):
        private_key_pem("key", cert_pem)


def test_key_as_certificate_is_refused(pkcs1_key: str, pkcs8_key: str) -> None:
    for key in (pkcs1_key, pkcs8_key):
        with pytest.raises(ValueError, match=r"cert contains a private key"):
            certificate_pem("cert", key)


def test_encrypted_keys_are_refused(pkcs1_key: str) -> None:
    pkcs8 = reencode(pkcs1_key, serialization.PrivateFormat.PKCS8, b"pass")
    traditional = reencode(pkcs1_key, serialization.PrivateFormat.TraditionalOpenSSL, b"pass")
    assert "ENCRYPTED PRIVATE KEY" in pkcs8
    assert "Proc-Type: 4,ENCRYPTED" in traditional
    for key in (pkcs8, traditional):
        with pytest.raises(ValueError, match="encrypted private key"):
            private_key_pem("key", key)


def test_public_key_is_refused(pkcs1_key: str) -> None:
    key = serialization.load_pem_private_key(pkcs1_key.encode(), password=None)
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    with pytest.raises(ValueError, match=r"must be a PEM private key.*PUBLIC KEY"):
        private_key_pem("key", public)


def test_two_keys_are_refused(pkcs1_key: str, ec_key: str) -> None:
    with pytest.raises(ValueError, match="exactly one private key, found 2"):
        private_key_pem("key", pkcs1_key + ec_key)


def swap_label(pem: str, old: str, new: str) -> str:
    return pem.replace(f"BEGIN {old}", f"BEGIN {new}").replace(f"END {old}", f"END {new}")


def test_wrong_label_for_the_der_is_refused(cert_pem: str, pkcs1_key: str) -> None:
    # The armor says key but the DER is a certificate, and the other way round.
    with pytest.raises(ValueError, match="does not hold a DER-encoded rsa private key"):
        private_key_pem("key", swap_label(cert_pem, "CERTIFICATE", "RSA PRIVATE KEY"))
    with pytest.raises(ValueError, match="does not hold a DER-encoded certificate"):
        certificate_pem("cert", swap_label(pkcs1_key, "RSA PRIVATE KEY", "CERTIFICATE"))


def der_block(label: str, der: bytes) -> str:
    return f"-----BEGIN {label}-----\n{base64.b64encode(der).decode()}\n-----END {label}-----\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not PEM"),
        ("hello", "not PEM"),
        ("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", "not PEM"),
        ("-----BEGIN CERTIFICATE-----\nMII...tH6j7afSg==\n-----END CERTIFICATE-----", "base64"),
        ("-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----", "empty"),
        ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "DER"),
        ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END RSA PRIVATE KEY-----", "closed by"),
        (der_block("CERTIFICATE", b"\x30\x03\x02\x01\x00"), "DER"),  # SEQUENCE { INTEGER }
        (der_block("CERTIFICATE", b"\x30\x05\x30\x00"), "DER"),  # length past the end
        (der_block("CERTIFICATE", b"\x30\x02\x30\x00\x00"), "DER"),  # trailing byte
        (der_block("CERTIFICATE", b"\x30\x80\x30\x00\x00\x00"), "DER"),  # BER indefinite
        (der_block("X509 CRL", b"\x30\x02\x30\x00"), "found -----BEGIN X509 CRL"),
    ],
)
def test_malformed_certificates_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        certificate_pem("cert", text)


def test_truncated_chain_is_refused(cert_pem: str, ca_pem: str) -> None:
    # A chain cut short after the leaf: the last block never ends.
    truncated = cert_pem + ca_pem[: len(ca_pem) // 2]
    with pytest.raises(ValueError, match="has no matching -----END CERTIFICATE----- line"):
        certificate_pem("cert", truncated)


def test_stray_blank_lines_in_the_base64_are_accepted(cert_pem: str, pkcs1_key: str) -> None:
    lines = pkcs1_key.splitlines(keepends=True)
    spaced = "".join([*lines[:3], "\n", *lines[3:-1], "\n", lines[-1]])
    assert private_key_pem("key", spaced) == spaced
    lines = cert_pem.splitlines(keepends=True)
    spaced = "".join([*lines[:-1], "\n", lines[-1]])
    assert certificate_pem("cert", spaced) == spaced


def test_documented_example_is_refused() -> None:
    # The API reference's example body: elided ("MII...") base64 is not a certificate.
    key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA5bdg8Rt5A7...AjQzYRdov4inpzw==\n"
    with pytest.raises(ValueError, match="not valid base64"):
        private_key_pem("key", key + "-----END RSA PRIVATE KEY-----")


def test_str_path_gets_a_hint_and_other_types_a_type_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"pathlib\.Path"):
        certificate_pem("cert", str(tmp_path / "server.pem"))
    with pytest.raises(ValueError, match=r"pathlib\.Path"):
        private_key_pem("key", "server.key")
    with pytest.raises(TypeError, match="cert must be PEM text"):
        certificate_pem("cert", b"-----BEGIN CERTIFICATE-----")  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        certificate_pem("cert", tmp_path / "missing.pem")


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "server.der"
    path.write_bytes(b"\x30\x82\xff\xfe")
    with pytest.raises(ValueError, match="not a PEM file"):
        certificate_pem("cert", path)


@pytest.mark.parametrize(
    ("tls_type", "with_cacert", "error", "message"),
    [
        ("two-way", False, ValueError, "cacert is required"),
        ("one-way", True, ValueError, "cacert is only used with tls_type='two-way'"),
        ("oneway", False, ValueError, "tls_type must be 'one-way' or 'two-way'"),
        ("", False, ValueError, "tls_type must be"),
        (None, False, TypeError, "tls_type must be a str"),
    ],
)
def test_wrong_tls_arguments_are_refused(
    tls_type: str,
    with_cacert: bool,
    error: type[Exception],
    message: str,
    cert_pem: str,
    pkcs1_key: str,
    ca_pem: str,
) -> None:
    with pytest.raises(error, match=message):
        tls_body(tls_type, cert_pem, pkcs1_key, ca_pem if with_cacert else None)


# -- nothing is sent ------------------------------------------------------------


def test_refused_upload_sends_nothing(
    emqx_emulator: Emulator, platform_client: PlatformClient, cert_pem: str
) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    with pytest.raises(ValueError, match="key is a certificate"):
        platform_client.tls.update(deployment_id, tls_type="one-way", cert=cert_pem, key=cert_pem)
    with pytest.raises(ValueError, match="cacert is required"):
        platform_client.tls.create(deployment_id, tls_type="two-way", cert=cert_pem, key=cert_pem)
    assert emqx_emulator.requests == []


@pytest.mark.asyncio
async def test_refused_upload_sends_nothing_async(
    emqx_emulator: Emulator, async_platform_client: AsyncPlatformClient, pkcs1_key: str
) -> None:
    deployment_id = emqx_emulator.deployments[0].id
    with pytest.raises(ValueError, match="cert contains a private key"):
        await async_platform_client.tls.create(
            deployment_id, tls_type="one-way", cert=pkcs1_key, key=pkcs1_key
        )
    assert emqx_emulator.requests == []
