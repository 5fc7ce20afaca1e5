"""``help()`` on the public classes: real constructor docs (no "Initialize self..."), no
``__annotations__`` listed as an attribute, and resources listed as documented attributes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import emqx_platform

# Rendered in a fresh interpreter, every class twice and the second rendering kept:
# pydoc stores an empty ``__annotations__`` on the classes it reads one from, so a
# help() after another one shows what a user's second help() would.
RENDER = textwrap.dedent(
    """
    import json, pydoc, sys
    import emqx_platform, emqx_platform.testing, emqx_platform.v4
    from emqx_platform.resources import deployment, platform, v4

    found = {}
    packages = (emqx_platform, deployment, platform, v4, emqx_platform.v4, emqx_platform.testing)
    for package in packages:
        for name in package.__all__:
            value = getattr(package, name)
            if isinstance(value, type):
                found[f"{package.__name__}.{name}"] = value
    for _ in range(2):
        rendered = {n: pydoc.render_doc(c, renderer=pydoc.plaintext) for n, c in found.items()}
    json.dump(rendered, sys.stdout)
    """
)

# Dataclasses: their fields are their annotations, and pydoc lists (and cuts
# short) the dataclass bookkeeping as attributes.
DATACLASSES = {"emqx_platform.WaitProgress", "emqx_platform.testing.SeededDeployment"}
# A class attribute whose value pydoc cut short: `` |  name = {'a': 1, ...``.
TRUNCATED = re.compile(r"^ \|  \w+ = .*\.\.\.[^\w\n]*$", re.MULTILINE)


def _rendered() -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", RENDER],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    rendered: dict[str, str] = json.loads(result.stdout)
    return rendered


def test_help_shows_no_boilerplate() -> None:
    rendered = _rendered()
    assert len(rendered) > 80
    assert {"emqx_platform.Page", "emqx_platform.v4.DeploymentClient"} <= set(rendered)
    initialize = sorted(n for n, doc in rendered.items() if "Initialize self" in doc)
    assert initialize == []
    annotations = sorted(n for n, doc in rendered.items() if "__annotations__" in doc)
    assert set(annotations) <= DATACLASSES, annotations
    truncated = {n: TRUNCATED.findall(doc) for n, doc in rendered.items() if TRUNCATED.search(doc)}
    assert set(truncated) <= DATACLASSES, truncated


def test_resources_are_documented_attributes_not_methods() -> None:
    rendered = _rendered()
    client = rendered["emqx_platform.DeploymentClient"]
    methods, _, rest = client.partition("Data descriptors defined here:")
    assert "clients = resource(Clients)" not in methods
    assert "clients\n |      Connected MQTT clients" in rest
    acl = rendered["emqx_platform.resources.deployment.Acl"]
    assert "clients\n |      Rules per client id." in acl
    assert "all\n |      Rules for every client." in acl


def test_constructors_say_what_they_take() -> None:
    rendered = _rendered()
    assert (
        "Made by the client: use the client's attribute"
        in rendered["emqx_platform.resources.deployment.Clients"]
    )
    assert "Raised by the SDK with the answer's status" in rendered["emqx_platform.NotFoundError"]
    assert "Start the emulator" in rendered["emqx_platform.testing.Emulator"]


# What help() would show raw: Sphinx roles such as :class:`Page`. The docs
# site links inline code that names a package-level name (``Page``) instead.
ROLE = re.compile(r":(?:class|meth|func|attr|mod|exc|data|obj|const):`")
PACKAGE = Path(emqx_platform.__file__).parent


def test_docstrings_use_no_rest_roles() -> None:
    rendered = _rendered()
    assert sorted(n for n, doc in rendered.items() if ROLE.search(doc)) == []
    sources = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.pyi")]
    with_roles = sorted(str(p.relative_to(PACKAGE)) for p in sources if ROLE.search(p.read_text()))
    assert with_roles == [], "run scripts/plain_docstring_roles"
