"""``request``: any call to either API, for what has no command of its own."""

from __future__ import annotations

import click

from ..._request import ParamValue
from ..base import Command, current, json_value, show

__all__ = ["COMMANDS"]

METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD")


def _param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise click.BadParameter(f"{text!r}: expected KEY=VALUE", param_hint="--param")
    return key, value


@click.command(cls=Command)
@click.argument("method", type=click.Choice(METHODS, case_sensitive=False))
@click.argument("path")
@click.option("--json", "body", metavar="BODY|@FILE", help="The JSON body ('@-': stdin).")
@click.option(
    "--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable)."
)
@click.option(
    "--api",
    type=click.Choice(["deployment", "platform"]),
    default="deployment",
    show_default=True,
    help="Which API PATH belongs to.",
)
def request(method: str, path: str, body: str | None, params: tuple[str, ...], api: str) -> None:
    """Send METHOD PATH (relative to the API root) and print the answer.

    Examples:

    \b
        emqx-platform request GET /nodes
        emqx-platform request GET /clients --param limit=5 --param conn_state=connected
        emqx-platform request POST /publish --json '{"topic": "t/1", "payload": "hi"}'
        emqx-platform request --api platform GET /projects
    """
    # A repeated key goes repeated: --param clientid=a --param clientid=b.
    pairs = [_param(text) for text in params]
    query: dict[str, ParamValue] = {key: [v for k, v in pairs if k == key] for key, _ in pairs}
    payload = json_value(body, "--json") if body is not None else None
    s = current()
    client = s.platform() if api == "platform" else s.raw_deployment()
    answer = client.request(method.upper(), path, params=query, json=payload)
    if answer is not None:
        show(answer)


COMMANDS = (request,)
