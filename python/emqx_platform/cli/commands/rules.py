"""Deployment API commands for the rule engine and counters: rules, metrics, stats."""

from __future__ import annotations

import click

from ..base import Command, Group, current, paged, show, show_page

__all__ = ["COMMANDS"]

RULE_COLUMNS = ("id", "name", "enable", "from", "actions", "description")


@click.group(cls=Group)
def rules() -> None:
    """Rules of the rule engine (dedicated deployments)."""


@rules.command("list")
@click.option("--like-id", metavar="TEXT", help="Rule ids containing TEXT.")
@click.option("--enabled/--disabled", "enable", default=None, help="Only enabled (disabled) rules.")
@paged
def list_rules(
    like_id: str | None, enable: bool | None, limit: int | None, page: int | None, all_pages: bool
) -> None:
    """List rules (one page, or every page with --all).

    Example:

    \b
        emqx-platform rules list --enabled
    """
    first = (
        current().deployment().rules.list(like_id=like_id, enable=enable, limit=limit, page=page)
    )
    show_page(first, all_pages, RULE_COLUMNS)


@rules.command("get")
@click.argument("rule_id")
def get_rule(rule_id: str) -> None:
    """Show one rule.

    Example:

    \b
        emqx-platform rules get rule_abc
    """
    show(current().deployment().rules.get(rule_id))


@click.command(cls=Command)
@click.option("--node", help="Only this node's counters.")
@click.option("--per-node", is_flag=True, help="One set of counters per node.")
def metrics(node: str | None, per_node: bool) -> None:
    """Show the message and packet counters (messages.received, ...).

    Examples:

    \b
        emqx-platform metrics
        emqx-platform metrics -o json | jq '."messages.received"'
    """
    show(current().deployment().metrics.get(aggregate=not per_node, node=node))


@click.command(cls=Command)
@click.option("--per-node", is_flag=True, help="One set of gauges per node.")
def stats(per_node: bool) -> None:
    """Show the gauges: connections, subscriptions, topics, retained messages.

    Example:

    \b
        emqx-platform stats
    """
    show(current().deployment().stats.get(aggregate=not per_node))


COMMANDS = (rules, metrics, stats)
