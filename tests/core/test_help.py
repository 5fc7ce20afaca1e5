"""``help()`` on the public classes: real constructor docs (no "Initialize self..."), no
``__annotations__`` listed as an attribute, and resources listed as documented attributes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Rendered in a fresh interpreter: pydoc adds ``__annotations__`` to the classes it
# visits, so what other tests rendered before would leak into the result.
RENDER = textwrap.dedent(
    """
    import json, pydoc, sys
    import emqx_platform, emqx_platform.testing
    from emqx_platform.resources import deployment, platform

    found = {}
    for package in (emqx_platform, deployment, platform, emqx_platform.testing):
        for name in package.__all__:
            value = getattr(package, name)
            if isinstance(value, type):
                found[name] = value
    # Classes with annotations last: rendering them adds ``__annotations__`` to
    # their bases, which then shows in the help of the classes sharing them.
    last = set(sys.argv[1:])
    order = sorted(found, key=lambda name: name in last)
    rendered = {n: pydoc.render_doc(found[n], renderer=pydoc.plaintext) for n in order}
    json.dump(rendered, sys.stdout)
    """
)

# Builtin-inherited constructor (a warning class), dataclasses (fields are
# annotations), and the pages, whose declarations are their module's to move.
ANNOTATIONS_KEPT = {"WaitProgress", "SeededDeployment", "Page", "AsyncPage", "AsyncPaginator"}
INIT_INHERITED = {"InsecureRequestWarning"}


def _rendered() -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", RENDER, *ANNOTATIONS_KEPT],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    rendered: dict[str, str] = json.loads(result.stdout)
    return rendered


def test_help_shows_no_boilerplate() -> None:
    rendered = _rendered()
    assert len(rendered) > 60
    initialize = sorted(n for n, doc in rendered.items() if "Initialize self" in doc)
    assert set(initialize) <= INIT_INHERITED, initialize
    annotations = sorted(n for n, doc in rendered.items() if "__annotations__" in doc)
    assert set(annotations) <= ANNOTATIONS_KEPT, annotations


def test_resources_are_documented_attributes_not_methods() -> None:
    rendered = _rendered()
    client = rendered["DeploymentClient"]
    methods, _, rest = client.partition("Data descriptors defined here:")
    assert "clients = resource(Clients)" not in methods
    assert "clients\n |      Connected MQTT clients" in rest
    acl = rendered["Acl"]
    assert "clients\n |      Rules per client id." in acl
    assert "all\n |      Rules for every client." in acl


def test_constructors_say_what_they_take() -> None:
    rendered = _rendered()
    assert "Made by the client: use the client's attribute" in rendered["Clients"]
    assert "Raised by the SDK with the answer's status" in rendered["NotFoundError"]
    assert "Start the emulator" in rendered["Emulator"]
