"""Deployment API commands about MQTT traffic: clients, subscriptions, publish."""

from __future__ import annotations

import dataclasses
from typing import BinaryIO

import click

from ..base import Command, Group, current, paged, show, show_page

__all__ = ["COMMANDS"]

CLIENT_COLUMNS = ("clientid", "username", "ip_address", "connected", "node", "subscriptions_cnt")
SUBSCRIPTION_COLUMNS = ("clientid", "topic", "qos", "node")


@click.group(cls=Group)
def clients() -> None:
    """Connected MQTT clients: list, get, kick."""


@clients.command("list")
@click.option("--clientid", multiple=True, help="Exactly this client id (repeatable).")
@click.option("--username", multiple=True, help="Exactly this username (repeatable).")
@click.option("--like-clientid", metavar="TEXT", help="Client ids containing TEXT.")
@click.option("--like-username", metavar="TEXT", help="Usernames containing TEXT.")
@click.option("--ip-address", help="Client IP address.")
@click.option("--conn-state", type=click.Choice(["connected", "idle", "disconnected"]))
@click.option("--node", help="Only clients on this node.")
@paged
def list_clients(
    clientid: tuple[str, ...],
    username: tuple[str, ...],
    like_clientid: str | None,
    like_username: str | None,
    ip_address: str | None,
    conn_state: str | None,
    node: str | None,
    limit: int | None,
    page: int | None,
    all_pages: bool,
) -> None:
    """List clients (one page, or every page with --all).

    Examples:

    \b
        emqx-platform clients list --like-clientid sensor-
        emqx-platform clients list --all -o ndjson | jq -r .clientid
    """
    first = (
        current()
        .deployment()
        .clients.list(
            clientid=list(clientid) or None,
            username=list(username) or None,
            like_clientid=like_clientid,
            like_username=like_username,
            ip_address=ip_address,
            conn_state=conn_state,
            node=node,
            limit=limit,
            page=page,
        )
    )
    show_page(first, all_pages, CLIENT_COLUMNS)


@clients.command("get")
@click.argument("clientid")
def get_client(clientid: str) -> None:
    """Show one client.

    Example:

    \b
        emqx-platform clients get sensor/1
    """
    show(current().deployment().clients.get(clientid))


@clients.command()
@click.argument("clientids", metavar="CLIENTID...", nargs=-1, required=True)
def kick(clientids: tuple[str, ...]) -> None:
    """Disconnect clients (one request for several).

    Example:

    \b
        emqx-platform clients kick sensor-1 sensor-2
    """
    d = current().deployment()
    if len(clientids) == 1:
        d.clients.kick(clientids[0])
    else:
        d.clients.kick_many(clientids)


@click.group(cls=Group)
def subscriptions() -> None:
    """Subscriptions of every client."""


@subscriptions.command("list")
@click.option("--clientid", help="Only this client's subscriptions.")
@click.option("--topic", help="Exactly this topic filter.")
@click.option("--match-topic", metavar="FILTER", help="Filters under FILTER (t/# finds t/1).")
@click.option("--qos", type=click.IntRange(0, 2), help="Only with this QoS.")
@click.option("--share-group", metavar="GROUP", help="Only shared subscriptions of GROUP.")
@click.option("--node", help="Only on this node.")
@paged
def list_subscriptions(
    clientid: str | None,
    topic: str | None,
    match_topic: str | None,
    qos: int | None,
    share_group: str | None,
    node: str | None,
    limit: int | None,
    page: int | None,
    all_pages: bool,
) -> None:
    """List subscriptions (one page, or every page with --all).

    Example:

    \b
        emqx-platform subscriptions list --match-topic 'devices/#'
    """
    first = (
        current()
        .deployment()
        .subscriptions.list(
            clientid=clientid,
            topic=topic,
            match_topic=match_topic,
            qos=qos,
            share_group=share_group,
            node=node,
            limit=limit,
            page=page,
        )
    )
    show_page(first, all_pages, SUBSCRIPTION_COLUMNS)


@click.command(cls=Command)
@click.argument("topic")
@click.argument("payload", required=False)
@click.option(
    "--file",
    type=click.File("rb"),
    help="Read the payload from this file ('-' for stdin); sent as bytes (base64).",
)
@click.option("--qos", type=click.IntRange(0, 2), default=0, show_default=True)
@click.option("--retain", is_flag=True, help="Retain the message.")
def publish(topic: str, payload: str | None, file: BinaryIO | None, qos: int, retain: bool) -> None:
    """Publish one message to TOPIC, with PAYLOAD as text or --file as bytes.

    Prints the result: the message id when a subscriber matched, else the
    reason code (16: no matching subscribers, not an error).

    Examples:

    \b
        emqx-platform publish devices/42/cmd reboot --qos 1
        emqx-platform publish firmware/blob --file image.bin
    """
    if file is not None and payload is None:
        body: str | bytes = file.read()
    elif payload is not None and file is None:
        body = payload
    else:
        raise click.UsageError("give either PAYLOAD or --file")
    result = current().deployment().publish(topic, body, qos=qos, retain=retain)
    show({**dataclasses.asdict(result), "delivered": result.delivered})


COMMANDS = (clients, subscriptions, publish)
