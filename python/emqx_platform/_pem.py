"""Client-side checks of the PEM certificates and keys sent to the TLS endpoints.

The Platform API answers a bad certificate with a bare 422 and counts the call
against its limit of 6 TLS writes per hour, so mistakes are caught here first:
the armor, a base64 body that decodes, a DER ``SEQUENCE`` that fills it
exactly, and the right label for the field (a certificate where the key
belongs is the classic swap). This is a structural check with the standard
library, not X.509 validation: expiry, key/certificate match and the chain
are left to the server.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass
from typing import TypeAlias

__all__ = ["PEMSource", "certificate_pem", "private_key_pem"]

PEMSource: TypeAlias = str | os.PathLike[str]
"""PEM text, or the path (e.g. a :class:`pathlib.Path`) of a PEM file."""

CERTIFICATE = "CERTIFICATE"
# PKCS#1 (RSA), SEC 1 (EC) and PKCS#8 (any algorithm), all unencrypted.
PRIVATE_KEY_LABELS = frozenset({"RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY"})
# ``openssl ecparam -genkey`` writes the curve before the key; harmless.
_COMPANION_LABELS = frozenset({"EC PARAMETERS"})

_BLOCK = re.compile(
    r"-----BEGIN (?P<label>[^-\r\n]*)-----(?P<body>.*?)-----END (?P<end>[^-\r\n]*)-----",
    re.DOTALL,
)
# RFC 1421 headers of a "traditional" OpenSSL key: ``Proc-Type: 4,ENCRYPTED``.
_ENCRYPTED_HEADER = re.compile(r"^Proc-Type:.*ENCRYPTED", re.MULTILINE)

_TAG_SEQUENCE = 0x30
_TAG_INTEGER = 0x02


@dataclass(frozen=True)
class _Block:
    label: str
    der: bytes
    encrypted: bool


def certificate_pem(name: str, source: PEMSource) -> str:
    """The PEM text of ``source`` after checking it holds certificates only.

    A chain (the certificate followed by its intermediates) is fine.

    Raises:
        ValueError: Not PEM, a block that does not decode, or a block that is
            not a ``CERTIFICATE`` (e.g. a private key).
        TypeError: ``source`` is neither ``str`` nor a path.
        OSError: The file cannot be read.
    """
    text = _read(name, source)
    blocks = _blocks(name, text)
    for block in blocks:
        if block.label in PRIVATE_KEY_LABELS or "PRIVATE KEY" in block.label:
            raise ValueError(
                f"{name} contains a private key ({block.label}), not a certificate; "
                "pass the key as key="
            )
        if block.label != CERTIFICATE:
            raise ValueError(
                f"{name} must hold PEM certificates (-----BEGIN CERTIFICATE-----), "
                f"found -----BEGIN {block.label}-----"
            )
        # Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, ... }
        _check_der(name, block, first_inner_tag=_TAG_SEQUENCE)
    return text


def private_key_pem(name: str, source: PEMSource) -> str:
    """The PEM text of ``source`` after checking it holds one unencrypted private key.

    PKCS#1 (``RSA PRIVATE KEY``), PKCS#8 (``PRIVATE KEY``) and SEC 1
    (``EC PRIVATE KEY``) keys are accepted.

    Raises:
        ValueError: Not PEM, a block that does not decode, a certificate or
            public key instead of a private key, an encrypted key, or more
            than one key.
        TypeError: ``source`` is neither ``str`` nor a path.
        OSError: The file cannot be read.
    """
    text = _read(name, source)
    keys = []
    for block in _blocks(name, text):
        if block.label in _COMPANION_LABELS:
            continue
        if block.label == CERTIFICATE:
            raise ValueError(
                f"{name} is a certificate (-----BEGIN CERTIFICATE-----), not a private key; "
                "were cert and key swapped?"
            )
        if block.label == "ENCRYPTED PRIVATE KEY" or block.encrypted:
            raise ValueError(f"{name} is an encrypted private key; decrypt it first")
        if block.label not in PRIVATE_KEY_LABELS:
            allowed = ", ".join(sorted(PRIVATE_KEY_LABELS))
            raise ValueError(
                f"{name} must be a PEM private key ({allowed}), found -----BEGIN {block.label}-----"
            )
        # RSAPrivateKey, ECPrivateKey and PrivateKeyInfo all open with a version INTEGER.
        _check_der(name, block, first_inner_tag=_TAG_INTEGER)
        keys.append(block)
    if len(keys) != 1:
        raise ValueError(f"{name} must hold exactly one private key, found {len(keys)}")
    return text


def _read(name: str, source: PEMSource) -> str:
    """PEM text from a ``str`` or from the file a path names."""
    if isinstance(source, str):
        if "-----BEGIN" not in source and _looks_like_path(source):
            raise ValueError(
                f"{name} must be PEM text or a pathlib.Path; got a str that looks like "
                f"a file name ({source!r}): pass pathlib.Path({source!r})"
            )
        return source
    if isinstance(source, os.PathLike):
        path = os.fspath(source)
        if not isinstance(path, str):
            raise TypeError(f"{name} must be PEM text or a str path, not a bytes path")
        with open(path, encoding="ascii", errors="strict") as file:
            try:
                return file.read()
            except UnicodeDecodeError:
                raise ValueError(f"{name}: {path} is not a PEM file (not ASCII text)") from None
    raise TypeError(f"{name} must be PEM text (str) or a pathlib.Path, not {type(source).__name__}")


def _looks_like_path(text: str) -> bool:
    stripped = text.strip()
    return (
        bool(stripped)
        and "\n" not in stripped
        and (os.sep in stripped or stripped.lower().endswith((".pem", ".crt", ".key", ".cer")))
    )


def _blocks(name: str, text: str) -> list[_Block]:
    """Every PEM block of ``text``, base64 decoded (text between blocks is ignored)."""
    blocks = []
    for match in _BLOCK.finditer(text):
        label = match["label"].strip()
        if match["end"].strip() != label:
            raise ValueError(
                f"{name}: -----BEGIN {label}----- is closed by -----END {match['end'].strip()}-----"
            )
        body = match["body"]
        encrypted = _ENCRYPTED_HEADER.search(body) is not None
        blocks.append(_Block(label, _decode(name, label, body), encrypted))
    if not blocks:
        raise ValueError(f"{name} is not PEM: no -----BEGIN ...----- / -----END ...----- block")
    return blocks


def _decode(name: str, label: str, body: str) -> bytes:
    """The DER bytes of a block body (RFC 7468), after its RFC 1421 headers if any."""
    lines = body.strip().splitlines()
    if any(":" in line for line in lines):
        # "Proc-Type: ..." / "DEK-Info: ..." headers end at the first blank line.
        try:
            lines = lines[lines.index("") + 1 :]
        except ValueError:
            raise ValueError(f"{name}: the {label} block has a malformed header") from None
    data = "".join(line.strip() for line in lines)
    try:
        der = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{name}: the {label} block is not valid base64") from None
    if not der:
        raise ValueError(f"{name}: the {label} block is empty")
    return der


def _check_der(name: str, block: _Block, *, first_inner_tag: int) -> None:
    """The block is one DER ``SEQUENCE`` filling it exactly, whose first element has a given tag."""
    problem = f"{name}: the {block.label} block does not hold a DER-encoded {block.label.lower()}"
    der = block.der
    if der[0] != _TAG_SEQUENCE:
        raise ValueError(problem)
    content_start, content_end = _length(der, 1, problem)
    if content_end != len(der) or content_start >= content_end:
        raise ValueError(problem)
    if der[content_start] != first_inner_tag:
        raise ValueError(problem)
    _, inner_end = _length(der, content_start + 1, problem)
    if inner_end > content_end:
        raise ValueError(problem)


def _length(der: bytes, offset: int, problem: str) -> tuple[int, int]:
    """Where a DER element's content starts and ends, from its length octets at ``offset``."""
    if offset >= len(der):
        raise ValueError(problem)
    first = der[offset]
    if first < 0x80:
        return offset + 1, offset + 1 + first
    count = first & 0x7F
    # 0x80 is the indefinite form (BER, not DER); 4 octets cover any real certificate.
    if count == 0 or count > 4 or offset + 1 + count > len(der):
        raise ValueError(problem)
    length = int.from_bytes(der[offset + 1 : offset + 1 + count], "big")
    start = offset + 1 + count
    return start, start + length
