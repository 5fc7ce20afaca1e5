"""``client.tls``: a deployment's custom TLS certificate (get, create, update, delete).

Certificates and keys are checked client-side (in the Rust core, see
``src/certificates/``) before anything is sent: a TLS write costs one of the 6
the API allows per hour, and a certificate passed as the key should never
leave the machine.
"""

from __future__ import annotations

import os
from typing import TypeAlias

from ..._core import checked_tls_upload
from ...types.platform import TLSCertificate, TLSType
from .._endpoint import Endpoint, no_content
from .._resource import AsyncResource, SyncResource

__all__ = ["AsyncTLSCertificates", "TLSCertificates", "tls_body"]

_TLS_TYPES = ("one-way", "two-way")

PEMSource: TypeAlias = str | os.PathLike[str]
"""PEM text, or the path (e.g. a ``pathlib.Path``) of a PEM file."""


def tls_body(
    tls_type: str, cert: PEMSource, key: PEMSource, cacert: PEMSource | None
) -> dict[str, str]:
    """The JSON body of a TLS create or update, after checking every argument.

    Raises:
        ValueError: A wrong ``tls_type``, ``cacert`` missing for two-way (or
            given for one-way), a PEM that is not what its field needs, a
            certificate that has expired or is not valid yet, or a key that
            is not the certificate's.
        TypeError: An argument of the wrong type.
        OSError: A PEM file cannot be read.
    """
    if not isinstance(tls_type, str):
        raise TypeError(f"tls_type must be a str, not {type(tls_type).__name__}")
    if tls_type not in _TLS_TYPES:
        raise ValueError(f"tls_type must be 'one-way' or 'two-way', got {tls_type!r}")
    if tls_type == "two-way" and cacert is None:
        raise ValueError(
            "cacert is required when tls_type='two-way' "
            "(the CA that signs the clients' certificates)"
        )
    if tls_type == "one-way" and cacert is not None:
        raise ValueError("cacert is only used with tls_type='two-way'; leave it out for one-way")
    cert_pem, key_pem, cacert_pem = checked_tls_upload(cert, key, cacert)
    body = {"tlsType": tls_type, "cert": cert_pem, "key": key_pem}
    if cacert_pem is not None:
        body["cacert"] = cacert_pem
    return body


# Section 2.8 of the API reference: 60 reads per hour, 6 of each TLS write.
GET_TLS = Endpoint[TLSCertificate]("GET", "/deployments/{deployment_id}/tls", calls_per_hour=60)
CREATE_TLS = Endpoint[TLSCertificate](
    "POST", "/deployments/{deployment_id}/tls", body=tls_body, calls_per_hour=6
)
UPDATE_TLS = Endpoint[TLSCertificate](
    "PUT", "/deployments/{deployment_id}/tls", body=tls_body, calls_per_hour=6
)
DELETE_TLS = Endpoint(
    "DELETE", "/deployments/{deployment_id}/tls", parse=no_content, calls_per_hour=6
)


class TLSCertificates(SyncResource):
    """Deployments' custom TLS certificates, as ``PlatformClient.tls``.

    ::

        from pathlib import Path

        client.tls.create(
            "w41b11c0", tls_type="one-way", cert=Path("server.pem"), key=Path("server.key")
        )

    ``cert``, ``key`` and ``cacert`` take PEM text or a ``pathlib.Path``.
    The API allows 6 creates, 6 updates and 6 deletes per hour.
    """

    def get(self, deployment_id: str) -> TLSCertificate:
        """The deployment's certificate: ``tlsType``, ``expire``, ``status`` (GET ``.../tls``).

        ``status`` is ``"pending"`` while a new certificate is being deployed,
        then ``"running"``.

        Raises:
            NotFoundError: 404, no such deployment (or no certificate).
            AuthenticationError, PermissionDeniedError: 401, 403.
            RateLimitError: 429, over the documented 60 calls per hour.
        """
        return self._run(GET_TLS, locals())

    def create(
        self,
        deployment_id: str,
        *,
        tls_type: TLSType,
        cert: PEMSource,
        key: PEMSource,
        cacert: PEMSource | None = None,
    ) -> TLSCertificate:
        """Upload a custom certificate for the deployment (POST ``.../tls``).

        Args:
            deployment_id: The deployment id.
            tls_type: ``"one-way"``, or ``"two-way"`` to also verify clients.
            cert: The server certificate, PEM (intermediates may follow it).
            key: Its private key, PEM: PKCS#1 (``RSA PRIVATE KEY``), PKCS#8
                (``PRIVATE KEY``) or ``EC PRIVATE KEY``, unencrypted.
            cacert: The CA certificate(s) clients are verified against;
                required for ``"two-way"``, refused for ``"one-way"``.

        Returns:
            The certificate, usually with ``status`` ``"pending"``.

        Raises:
            ValueError, TypeError: Bad arguments or PEM, an expired (or not
                yet valid) certificate, or a key that is not the
                certificate's; nothing was sent.
            UnprocessableEntityError: 422, the server refused the properties
                (or a certificate already exists: use ``update()``).
            NotFoundError: 404, no such deployment.
            RateLimitError: 429, over the documented 6 creates per hour.
        """
        return self._run(CREATE_TLS, locals())

    def update(
        self,
        deployment_id: str,
        *,
        tls_type: TLSType,
        cert: PEMSource,
        key: PEMSource,
        cacert: PEMSource | None = None,
    ) -> TLSCertificate:
        """Replace the deployment's certificate (PUT ``.../tls``).

        Takes the same arguments as ``create()``.

        Returns:
            The certificate, usually with ``status`` ``"pending"``.

        Raises:
            ValueError, TypeError: Bad arguments or PEM, an expired (or not
                yet valid) certificate, or a key that is not the
                certificate's; nothing was sent.
            UnprocessableEntityError: 422, the server refused the properties.
            NotFoundError: 404, no such deployment (or no certificate yet).
            RateLimitError: 429, over the documented 6 updates per hour.
        """
        return self._run(UPDATE_TLS, locals())

    def delete(self, deployment_id: str) -> None:
        """Remove the deployment's custom certificate (DELETE ``.../tls``, answered 204).

        Raises:
            NotFoundError: 404, no such deployment (or no certificate).
            UnprocessableEntityError: 422, the server refused.
            RateLimitError: 429, over the documented 6 deletes per hour.
        """
        return self._run(DELETE_TLS, locals())


class AsyncTLSCertificates(AsyncResource, twin=TLSCertificates):
    """Deployments' custom TLS certificates, as ``AsyncPlatformClient.tls`` (coroutines).

    ::

        from pathlib import Path

        await client.tls.create(
            "w41b11c0", tls_type="one-way", cert=Path("server.pem"), key=Path("server.key")
        )

    ``cert``, ``key`` and ``cacert`` take PEM text or a ``pathlib.Path``.
    The API allows 6 creates, 6 updates and 6 deletes per hour.
    """

    async def get(self, deployment_id: str) -> TLSCertificate:
        """The deployment's certificate (a coroutine)."""
        return await self._run(GET_TLS, locals())

    async def create(
        self,
        deployment_id: str,
        *,
        tls_type: TLSType,
        cert: PEMSource,
        key: PEMSource,
        cacert: PEMSource | None = None,
    ) -> TLSCertificate:
        """Upload a custom certificate for the deployment (a coroutine)."""
        return await self._run(CREATE_TLS, locals())

    async def update(
        self,
        deployment_id: str,
        *,
        tls_type: TLSType,
        cert: PEMSource,
        key: PEMSource,
        cacert: PEMSource | None = None,
    ) -> TLSCertificate:
        """Replace the deployment's certificate (a coroutine)."""
        return await self._run(UPDATE_TLS, locals())

    async def delete(self, deployment_id: str) -> None:
        """Remove the deployment's custom certificate (a coroutine)."""
        return await self._run(DELETE_TLS, locals())
