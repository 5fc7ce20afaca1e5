"""``emqx-emulator`` / ``python -m emqx_platform.testing``: run a standalone emulator until
Ctrl-C (or SIGTERM), printing how to reach it, for people or (``--env``) for a shell."""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sys
import threading
from types import FrameType

from ._deployments import SeededDeployment
from ._emulator import Emulator

ENV_EPILOG = """\
with --env, stdout is shell code to source once the last line ("# ready") is there:
  emqx-emulator --env > emulator.env &
  until grep -q '^# ready' emulator.env 2>/dev/null; do sleep 0.1; done
  . ./emulator.env
"""


def main(argv: list[str] | None = None) -> int:
    """Start an emulator, print how to reach it, and serve until interrupted."""
    parser = argparse.ArgumentParser(
        prog=_program_name(),
        description="Run the EMQX Platform + Deployment API emulator over HTTPS.",
        epilog=ENV_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=0, help="port (0: a free one)")
    parser.add_argument(
        "--transition-seconds",
        type=float,
        default=2.0,
        help="how long start/stop and TLS changes take to settle",
    )
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="do not answer 429 on the Platform API"
    )
    parser.add_argument(
        "--env",
        action="store_true",
        help="print 'export NAME=value' lines for a shell (messages go to stderr)",
    )
    args = parser.parse_args(argv)
    _stop_on_signals()
    with Emulator(
        host=args.host,
        port=args.port,
        transition_seconds=args.transition_seconds,
        rate_limits=not args.no_rate_limits,
    ) as emu:
        text = _exports(emu) if args.env else _summary(emu)
        messages = sys.stderr if args.env else sys.stdout
        try:
            # Inside the try: a signal may land while print is still returning,
            # just after a caller has read the last line.
            print(text, flush=True)
            # Event.wait in short slices so that Ctrl-C is seen promptly.
            stop = threading.Event()
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            print("\nstopped", file=messages, flush=True)
    return 0


def _program_name() -> str:
    """``emqx-emulator`` when run as the script, else how ``python -m`` was called."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    if name in ("", "-c", "__main__.py"):
        return "python -m emqx_platform.testing"
    return name


def _summary(emu: Emulator) -> str:
    """For people: what to set, grouped by API and deployment."""
    lines = [
        "EMQX Platform emulator running (Ctrl-C or SIGTERM to stop)",
        f"  CA certificate:   {emu.ca_cert_path}",
        "",
        "Platform API:",
        f"  EMQX_PLATFORM_BASE_URL={emu.platform_base_url}",
        f"  EMQX_PLATFORM_API_KEY={emu.platform_api_key}",
        f"  EMQX_PLATFORM_API_SECRET={emu.platform_api_secret}",
    ]
    for deployment in emu.deployments:
        lines += [
            "",
            f"Deployment {deployment.id} ({_kind(deployment)}, {deployment.name}):",
            f"  EMQX_DEPLOYMENT_BASE_URL={deployment.base_url}",
            f"  EMQX_DEPLOYMENT_APP_ID={deployment.app_id}",
            f"  EMQX_DEPLOYMENT_APP_SECRET={deployment.app_secret}",
        ]
    lines += ["", f"  EMQX_CA_BUNDLE={emu.ca_cert_path}"]
    return "\n".join(lines)


def _exports(emu: Emulator) -> str:
    """For a shell: the variables the clients read, set for the first deployment,
    and every deployment under ``EMQX_EMULATOR_<TYPE>_*``."""
    first = emu.deployments[0]
    lines = [
        "# EMQX Platform emulator (Ctrl-C or SIGTERM to stop)",
        _export("EMQX_PLATFORM_BASE_URL", emu.platform_base_url),
        _export("EMQX_PLATFORM_API_KEY", emu.platform_api_key),
        _export("EMQX_PLATFORM_API_SECRET", emu.platform_api_secret),
        f"# deployment {first.id} ({_kind(first)}), the clients' default",
        _export("EMQX_DEPLOYMENT_BASE_URL", first.base_url),
        _export("EMQX_DEPLOYMENT_APP_ID", first.app_id),
        _export("EMQX_DEPLOYMENT_APP_SECRET", first.app_secret),
    ]
    for deployment in emu.deployments:
        prefix = f"EMQX_EMULATOR_{_name_part(deployment, emu.deployments)}"
        lines += [
            f"# deployment {deployment.id} ({_kind(deployment)})",
            _export(f"{prefix}_DEPLOYMENT_ID", deployment.id),
            _export(f"{prefix}_BASE_URL", deployment.base_url),
            _export(f"{prefix}_APP_ID", deployment.app_id),
            _export(f"{prefix}_APP_SECRET", deployment.app_secret),
        ]
    lines += [_export("EMQX_CA_BUNDLE", emu.ca_cert_path), "# ready"]
    return "\n".join(lines)


def _kind(deployment: SeededDeployment) -> str:
    """``dedicated``, ``serverless``, or ``dedicated EMQX 4.4.21`` for one not on EMQX 5."""
    if deployment.version == "v5":
        return deployment.type
    return f"{deployment.type} EMQX {deployment.version}"


def _name_part(deployment: SeededDeployment, every: tuple[SeededDeployment, ...]) -> str:
    """``DEDICATED`` / ``SERVERLESS`` / ``DEDICATED_V4``, with the id added if two share it."""

    def key(d: SeededDeployment) -> str:
        return d.type.upper() + ("" if d.version == "v5" else "_V" + d.version.split(".")[0])

    part = key(deployment)
    if sum(key(d) == part for d in every) > 1:
        part += "_" + "".join(c if c.isalnum() else "_" for c in deployment.id.upper())
    return part


def _export(name: str, value: str) -> str:
    return f"export {name}={shlex.quote(value)}"


def _stop_on_signals() -> None:
    """Stop cleanly (closing the server, removing the CA file) on SIGINT and SIGTERM.

    Python leaves SIGINT ignored when it starts ignored, as in a shell's
    background job or CI runner; ``kill -INT`` should stop the emulator
    there too, and SIGTERM (``kill``, a container stop) would otherwise end
    the process without the cleanup.
    """

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupt)


if __name__ == "__main__":
    raise SystemExit(main())
