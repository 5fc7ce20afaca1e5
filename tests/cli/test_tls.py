"""``tls update`` from PEM files, checked before anything is sent."""

from __future__ import annotations

from pathlib import Path

import trustme

from emqx_platform.testing import Emulator


def _files(tmp_path: Path, leaf: trustme.LeafCert, name: str) -> tuple[str, str]:
    cert, key = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    leaf.cert_chain_pems[0].write_to_path(cert)
    leaf.private_key_pem.write_to_path(key)
    return str(cert), str(key)


def test_update_uploads_the_files(invoke, emqx_emulator: Emulator, tmp_path: Path) -> None:
    cert, key = _files(tmp_path, trustme.CA().issue_cert("mqtt.example.com"), "server")
    deployment_id = emqx_emulator.deployments[0].id

    result = invoke("-o", "json", "tls", "update", deployment_id, "--cert", cert, "--key", key)

    assert result.exit_code == 0, result.output
    assert '"status": "pending"' in result.stdout
    [put] = [r for r in emqx_emulator.requests if r["method"] == "PUT"]
    assert put["path"].endswith(f"/deployments/{deployment_id}/tls")


def test_a_key_of_another_certificate_is_refused_locally(
    invoke, emqx_emulator: Emulator, tmp_path: Path
) -> None:
    ca = trustme.CA()
    cert, _ = _files(tmp_path, ca.issue_cert("a.example.com"), "a")
    _, other_key = _files(tmp_path, ca.issue_cert("b.example.com"), "b")

    result = invoke(
        "tls", "update", emqx_emulator.deployments[0].id, "--cert", cert, "--key", other_key
    )

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert emqx_emulator.requests == []
