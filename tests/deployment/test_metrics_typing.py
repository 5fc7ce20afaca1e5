"""``metrics.get()`` / ``stats.get()`` are typed by ``aggregate``: the aggregate dict by
default, a list per node with ``aggregate=False`` (checked by running ``mypy --strict``)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mypy import api

SNIPPET = textwrap.dedent(
    """
    from emqx_platform import AsyncDeploymentClient, DeploymentClient

    def counters(d: DeploymentClient, per_node: bool) -> int:
        received: int = d.metrics.get()["messages.received"]
        connections: int = d.stats.get(aggregate=True)["connections.count"]
        first_node: str = d.metrics.get(aggregate=False)[0]["node"]
        reveal_type(d.metrics.get())
        reveal_type(d.stats.get(aggregate=False))
        reveal_type(d.metrics.get(aggregate=per_node))
        return received + connections + len(first_node)

    async def counters_async(d: AsyncDeploymentClient) -> int:
        received: int = (await d.metrics.get())["messages.received"]
        nodes = await d.stats.get(aggregate=False)
        reveal_type(nodes)
        return received + len(nodes)
    """
)


def test_mypy_strict_reads_the_aggregate_types(tmp_path: Path) -> None:
    # Its own (empty) configuration: the project's names the files to check.
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n")
    options = ["--config-file", str(config), "--strict", "--no-error-summary"]
    stdout, stderr, status = api.run(
        [*options, "--cache-dir", str(tmp_path / "cache"), "-c", SNIPPET]
    )
    assert status == 0, stdout + stderr
    revealed = [line.split("Revealed type is ", 1)[1] for line in stdout.splitlines()]
    assert revealed == [
        '"dict[str, Any]"',
        '"list[dict[str, Any]]"',
        '"dict[str, Any] | list[dict[str, Any]]"',
        '"list[dict[str, Any]]"',
    ]
