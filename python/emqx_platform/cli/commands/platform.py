"""Platform API commands: projects, deployments (and waiting for a status), TLS certificates."""

from __future__ import annotations

from pathlib import Path

import click

from ..._wait import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT
from ..base import Group, current, show

__all__ = ["COMMANDS"]

DEPLOYMENT_COLUMNS = (
    "deploymentID",
    "deploymentName",
    "deploymentType",
    "version",
    "status",
    "region",
)
STATUSES = ("running", "stopped", "starting", "stopping")


@click.group(cls=Group)
def projects() -> None:
    """Projects of the Platform API."""


@projects.command("list")
def list_projects() -> None:
    """List projects.

    Example:

    \b
        emqx-platform projects list -o json
    """
    show(current().platform().projects.list())


@click.group(cls=Group)
def deployments() -> None:
    """Deployments: list, get, start, stop, and wait for a status."""


@deployments.command("list")
def list_deployments() -> None:
    """List deployments.

    Example:

    \b
        emqx-platform deployments list
    """
    show(current().platform().deployments.list(), DEPLOYMENT_COLUMNS)


@deployments.command()
@click.argument("deployment_id")
def get(deployment_id: str) -> None:
    """Show one deployment.

    Example:

    \b
        emqx-platform deployments get a1b2c3d4
    """
    show(current().platform().deployments.get(deployment_id))


@deployments.command()
@click.argument("deployment_id")
def stop(deployment_id: str) -> None:
    """Stop a deployment (the API allows this once per hour).

    Example:

    \b
        emqx-platform deployments stop a1b2c3d4 && emqx-platform deployments wait a1b2c3d4 stopped
    """
    show(current().platform().deployments.stop(deployment_id))


@deployments.command()
@click.argument("deployment_id")
def start(deployment_id: str) -> None:
    """Start a stopped deployment (the API allows this once per hour).

    Example:

    \b
        emqx-platform deployments start a1b2c3d4
    """
    show(current().platform().deployments.start(deployment_id))


@deployments.command()
@click.argument("deployment_id")
@click.argument("status", type=click.Choice(STATUSES))
@click.option(
    "--wait-timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_WAIT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Give up (exit 10) after this long.",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_POLL_INTERVAL,
    show_default=True,
    metavar="SECONDS",
    help="Seconds between polls; each poll counts toward the 60 reads per hour.",
)
def wait(deployment_id: str, status: str, wait_timeout: float, interval: float) -> None:
    """Wait until a deployment has STATUS; print it then.

    Example:

    \b
        emqx-platform deployments wait a1b2c3d4 running --wait-timeout 600
    """
    deployment = (
        current()
        .platform()
        .deployments.wait_for_status(
            deployment_id,
            status,  # type: ignore[arg-type]  # checked by click.Choice
            timeout=wait_timeout,
            poll_interval=interval,
        )
    )
    show(deployment)


@click.group(cls=Group)
def tls() -> None:
    """A deployment's custom TLS certificate."""


@tls.command("get")
@click.argument("deployment_id")
def get_tls(deployment_id: str) -> None:
    """Show a deployment's certificate.

    Example:

    \b
        emqx-platform tls get a1b2c3d4
    """
    show(current().platform().tls.get(deployment_id))


_pem = click.Path(exists=True, dir_okay=False, path_type=Path)


@tls.command("update")
@click.argument("deployment_id")
@click.option(
    "--type",
    "tls_type",
    type=click.Choice(["one-way", "two-way"]),
    default="one-way",
    show_default=True,
    help="two-way also verifies clients against --cacert.",
)
@click.option("--cert", type=_pem, required=True, help="The server certificate (PEM file).")
@click.option("--key", type=_pem, required=True, help="Its private key (PEM file, unencrypted).")
@click.option("--cacert", type=_pem, help="CA certificate(s) for client verification (two-way).")
def update_tls(
    deployment_id: str, tls_type: str, cert: Path, key: Path, cacert: Path | None
) -> None:
    """Replace a deployment's certificate from PEM files.

    The files are checked first (a key that is not the certificate's, an
    expired certificate...), so a bad upload does not use one of the 6 writes
    per hour.

    Example:

    \b
        emqx-platform tls update a1b2c3d4 --cert server.pem --key server.key
    """
    answer = (
        current()
        .platform()
        .tls.update(
            deployment_id,
            tls_type=tls_type,  # type: ignore[arg-type]  # checked by click.Choice
            cert=cert,
            key=key,
            cacert=cacert,
        )
    )
    show(answer)


COMMANDS = (projects, deployments, tls)
