"""Deployment API commands about who may connect and do what: auth users, ACL, banned."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ...resources.deployment.banned import BAN_TYPES
from ..base import Group, current, json_value, paged, show, show_page

__all__ = ["COMMANDS"]

ACL_TARGETS = ("clientid", "username", "all")
ACTIONS = ("publish", "subscribe", "all")
BAN_COLUMNS = ("as", "who", "reason", "by", "at", "until")


@click.group(cls=Group)
def auth() -> None:
    """Authentication: the users of the built-in database."""


@auth.group(cls=Group)
def users() -> None:
    """Users of password_based:built_in_database: list, get, create, delete, import."""


@users.command("list")
@click.option("--like", "like_user_id", metavar="TEXT", help="User ids containing TEXT.")
@paged
def list_users(
    like_user_id: str | None, limit: int | None, page: int | None, all_pages: bool
) -> None:
    """List users (one page, or every page with --all).

    Example:

    \b
        emqx-platform auth users list --all -o csv
    """
    first = (
        current().deployment().auth_users.list(like_user_id=like_user_id, limit=limit, page=page)
    )
    show_page(first, all_pages)


@users.command("get")
@click.argument("user_id")
def get_user(user_id: str) -> None:
    """Show one user.

    Example:

    \b
        emqx-platform auth users get device-42
    """
    show(current().deployment().auth_users.get(user_id))


@users.command("create")
@click.argument("user_id")
@click.option("--superuser", is_flag=True, help="Make the user a superuser.")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin's first line.")
def create_user(user_id: str, superuser: bool, password_stdin: bool) -> None:
    """Add a user; the password is asked for (never an argument: ps and history show those).

    Examples:

    \b
        emqx-platform auth users create device-42
        printf '%s\\n' "$PASSWORD" | emqx-platform auth users create device-42 --password-stdin
    """
    password = _password(password_stdin)
    show(current().deployment().auth_users.create(user_id, password, is_superuser=superuser))


def _password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        raise click.UsageError("stdin is not a terminal: pass the password with --password-stdin")
    if not password:
        raise click.UsageError("the password is empty")
    return password


@users.command("delete")
@click.argument("user_id")
def delete_user(user_id: str) -> None:
    """Remove a user.

    Example:

    \b
        emqx-platform auth users delete device-42
    """
    current().deployment().auth_users.delete(user_id)


@users.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--hashed", is_flag=True, help="The file holds password_hash and salt columns.")
def import_users(file: Path, hashed: bool) -> None:
    """Add (or replace) the users of a CSV or JSON file in EMQX's import format.

    A CSV file has a header line: user_id,password,is_superuser (or
    user_id,password_hash,salt,is_superuser with --hashed). Prints the counts:
    total, success, override, skipped, failed.

    Example:

    \b
        emqx-platform auth users import users.csv
    """
    show(current().deployment().auth_users.import_users(file, hashed=hashed))


@click.group(cls=Group)
def acl() -> None:
    """Authorization rules of the built-in database, per client id, per username or for all.

    A rule is "PERMISSION [ACTION] TOPIC": allow or deny; publish, subscribe
    or all (the default); a topic filter ("eq t/#" matches literally).
    """


_target = click.argument("target", type=click.Choice(ACL_TARGETS))
_id = click.argument("id", required=False)


@acl.command("list")
@_target
@click.option("--like", metavar="TEXT", help="Ids containing TEXT.")
@paged
def list_acl(
    target: str, like: str | None, limit: int | None, page: int | None, all_pages: bool
) -> None:
    """List the rules of every client id or username, or the rules for all.

    Examples:

    \b
        emqx-platform acl list clientid
        emqx-platform acl list all
    """
    d = current().deployment()
    if target == "all":
        show(d.acl.all.get()["rules"])
        return
    rules = d.acl.clients if target == "clientid" else d.acl.users
    show_page(rules.list(like=like, limit=limit, page=page), all_pages)


@acl.command("create")
@_target
@_id
@click.option("--rule", "rule_texts", multiple=True, help='A rule, e.g. "allow publish t/#".')
@click.option("--rules", "rules_json", metavar="JSON|@FILE", help="The rules as a JSON array.")
def create_acl(
    target: str, id: str | None, rule_texts: tuple[str, ...], rules_json: str | None
) -> None:
    """Give a client id or username its rules, or set the rules for all.

    Examples:

    \b
        emqx-platform acl create clientid dev-42 --rule "allow devices/42/#" --rule "deny #"
        emqx-platform acl create all --rules @rules.json
    """
    rules = [_rule(text) for text in rule_texts]
    if rules_json is not None:
        rules += _rules(json_value(rules_json, "--rules"))
    if not rules:
        raise click.UsageError("give the rules: --rule TEXT (repeatable) or --rules JSON")
    d = current().deployment()
    if target == "all":
        _no_id(id)
        d.acl.all.set(rules)
    else:
        (d.acl.clients if target == "clientid" else d.acl.users).create(_need_id(id), rules)


@acl.command("delete")
@_target
@_id
def delete_acl(target: str, id: str | None) -> None:
    """Remove every rule of a client id or username, or the rules for all.

    Example:

    \b
        emqx-platform acl delete username fleet
    """
    d = current().deployment()
    if target == "all":
        _no_id(id)
        d.acl.all.delete()
    else:
        (d.acl.clients if target == "clientid" else d.acl.users).delete(_need_id(id))


def _rule(text: str) -> dict[str, Any]:
    """``"allow publish t/#"`` (or ``"deny t/#"``, action all) as a rule dict."""
    words = text.split(maxsplit=1)
    if len(words) < 2 or words[0] not in ("allow", "deny"):
        raise click.BadParameter(
            f"{text!r}: expected 'allow|deny [ACTION] TOPIC'", param_hint="--rule"
        )
    permission, rest = words
    action, _, topic = rest.partition(" ")
    if action not in ACTIONS or not topic:
        action, topic = "all", rest
    return {"permission": permission, "action": action, "topic": topic}


def _rules(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(rule, dict) for rule in value):
        raise click.BadParameter("expected a JSON array of rule objects", param_hint="--rules")
    return value


def _need_id(id: str | None) -> str:
    if id is None:
        raise click.UsageError("give the client id or username after the target")
    return id


def _no_id(id: str | None) -> None:
    if id is not None:
        raise click.UsageError("the rules for all take no id")


@click.group(cls=Group)
def banned() -> None:
    """Bans: who may not connect (client id, username, IP, their regexes, a CIDR)."""


@banned.command("list")
@paged
def list_banned(limit: int | None, page: int | None, all_pages: bool) -> None:
    """List bans (one page, or every page with --all).

    Example:

    \b
        emqx-platform banned list
    """
    show_page(current().deployment().banned.list(limit=limit, page=page), all_pages, BAN_COLUMNS)


_as = click.argument("as_", metavar="AS", type=click.Choice(BAN_TYPES))


@banned.command("create")
@_as
@click.argument("who")
@click.option("--reason", help="Why (free text).")
@click.option(
    "--until", help="When it ends: epoch seconds, RFC 3339 or 'infinity' (default: a year)."
)
def create_ban(as_: str, who: str, reason: str | None, until: str | None) -> None:
    """Ban a client id, username, IP (peerhost), regex or CIDR (peerhost_net).

    Example:

    \b
        emqx-platform banned create peerhost_net 10.9.0.0/16 --reason abuse --until infinity
    """
    when: int | str | None = int(until) if until is not None and until.isdigit() else until
    show(current().deployment().banned.create(as_, who, reason=reason, until=when))


@banned.command("delete")
@_as
@click.argument("who")
def delete_ban(as_: str, who: str) -> None:
    """Lift a ban.

    Example:

    \b
        emqx-platform banned delete clientid device-13
    """
    current().deployment().banned.delete(as_, who)


COMMANDS = (auth, acl, banned)
