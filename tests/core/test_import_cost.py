"""What ``import emqx_platform`` pulls in: a sync script never pays for asyncio
(nor for typing_extensions, on Pythons whose typing has what the SDK needs).

Each check runs in a fresh interpreter, whose ``sys.modules`` holds only what
the import itself loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from emqx_platform.testing import Emulator


def _modules_after(code: str) -> set[str]:
    script = textwrap.dedent(code) + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_import_does_not_import_asyncio() -> None:
    loaded = _modules_after("import emqx_platform")
    assert "emqx_platform._core" in loaded
    assert "asyncio" not in loaded


@pytest.mark.skipif(sys.version_info < (3, 11), reason="typing lacks Required before 3.11")
def test_import_does_not_import_typing_extensions() -> None:
    assert "typing_extensions" not in _modules_after("import emqx_platform")


def test_a_sync_request_does_not_import_asyncio(emqx_emulator: Emulator) -> None:
    deployment = emqx_emulator.deployments[0]
    loaded = _modules_after(
        f"""
        import emqx_platform
        with emqx_platform.DeploymentClient(
            {deployment.app_id!r}, {deployment.app_secret!r},
            base_url={deployment.base_url!r}, verify={emqx_emulator.ca_cert_path!r},
        ) as d:
            d.request("GET", "/clients")
            list(d.clients.list(limit=1))
            d.map(d.clients.get, [])
        """
    )
    assert "asyncio" not in loaded


def test_resources_load_on_first_use() -> None:
    loaded = _modules_after(
        """
        import emqx_platform
        d = emqx_platform.DeploymentClient("id", "secret", base_url="https://h:8443/api/v5")
        d.clients
        """
    )
    resources = {m for m in loaded if m.startswith("emqx_platform.resources.deployment.")}
    # publish() is a method of the client itself, so its module is loaded with
    # it; clients' module brings its session queues' module.
    assert resources == {
        "emqx_platform.resources.deployment.clients",
        "emqx_platform.resources.deployment.client_queues",
        "emqx_platform.resources.deployment.publish",
    }
    types = {m for m in loaded if m.startswith("emqx_platform.types.")}
    assert "emqx_platform.types.authn" not in types
    assert not any(m.startswith("emqx_platform.resources.platform.") for m in loaded)


def test_lazily_loaded_names_are_the_packages() -> None:
    loaded = _modules_after(
        """
        from emqx_platform.types import Client, TLSCertificate
        from emqx_platform.resources.deployment import Acl
        from emqx_platform import DeploymentClient
        d = DeploymentClient("id", "secret", base_url="https://h:8443/api/v5")
        assert type(d.acl) is Acl, type(d.acl)
        assert Acl.__module__ == "emqx_platform.resources.deployment", Acl.__module__
        assert type(d.clients).__module__ == "emqx_platform.resources.deployment"
        import emqx_platform.types as types
        assert "Client" in types.__all__ and "TLSCertificate" in types.__all__
        """
    )
    assert "emqx_platform.types.authn" in loaded
