"""The ``emqx-platform`` command group: help, exit codes, and its command groups."""

from __future__ import annotations

from typing import Any

import click

from .base import Group, global_params
from .commands import access, clients, platform, request, rules
from .errors import MEANINGS, report
from .session import global_options

__all__ = ["cli"]

_EXIT_CODE_LINES = "\n".join(f"  {code:<3} {meaning}" for code, meaning in MEANINGS.items())

EPILOG = f"""\b
Examples:
  emqx-platform deployments list
  emqx-platform clients list --username fleet --all -o csv > clients.csv
  emqx-platform publish devices/42/cmd reboot --qos 1
  emqx-platform --profile prod request GET /stats

\b
Credentials come from the SDK's environment variables (EMQX_PLATFORM_API_KEY,
EMQX_PLATFORM_API_SECRET, EMQX_PLATFORM_BASE_URL, EMQX_DEPLOYMENT_APP_ID,
EMQX_DEPLOYMENT_APP_SECRET, EMQX_DEPLOYMENT_BASE_URL, EMQX_CA_BUNDLE) or a
profile in ~/.config/emqx-platform/profiles.toml (--profile NAME).

\b
Exit codes:
{_EXIT_CODE_LINES}

\b
Shell completion (bash; zsh and fish likewise):
  eval "$(_EMQX_PLATFORM_COMPLETE=bash_source emqx-platform)"
"""


class App(Group):
    """The root group: turns an exception into its exit code and a one-line message."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            # click reports these itself; a reader that closed the pipe early
            # (`| head`) ends the command quietly.
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted", err=True)
            raise click.exceptions.Exit(130) from None
        except Exception as error:
            code = report(error, debug=global_options(ctx).debug)
            raise click.exceptions.Exit(code) from None


@click.group(
    cls=App,
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="emqx-platform", message="%(prog)s %(version)s")
def cli() -> None:
    """Manage EMQX Cloud from the shell: the Platform API and a deployment's API."""


cli.params.extend(global_params())
for module in (platform, clients, access, rules, request):
    for command in module.COMMANDS:
        cli.add_command(command)
