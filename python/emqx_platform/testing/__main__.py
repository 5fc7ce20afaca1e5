"""``python -m emqx_platform.testing``: run a standalone emulator until Ctrl-C (or SIGTERM)."""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType

from ._emulator import Emulator


def main(argv: list[str] | None = None) -> int:
    """Start an emulator, print how to reach it, and serve until interrupted."""
    parser = argparse.ArgumentParser(
        prog="python -m emqx_platform.testing",
        description="Run the EMQX Platform + Deployment API emulator over HTTPS.",
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
    args = parser.parse_args(argv)
    _stop_on_signals()
    with Emulator(
        host=args.host,
        port=args.port,
        transition_seconds=args.transition_seconds,
        rate_limits=not args.no_rate_limits,
    ) as emu:
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
            kind: str = deployment.type
            if deployment.version != "v5":
                kind += f" EMQX {deployment.version}"
            lines += [
                "",
                f"Deployment {deployment.id} ({kind}, {deployment.name}):",
                f"  EMQX_DEPLOYMENT_BASE_URL={deployment.base_url}",
                f"  EMQX_DEPLOYMENT_APP_ID={deployment.app_id}",
                f"  EMQX_DEPLOYMENT_APP_SECRET={deployment.app_secret}",
            ]
        lines += ["", f"  EMQX_CA_BUNDLE={emu.ca_cert_path}"]
        try:
            # Inside the try: a signal may land while print is still returning,
            # just after a caller has read the last line.
            print("\n".join(lines), flush=True)
            # Event.wait in short slices so that Ctrl-C is seen promptly.
            stop = threading.Event()
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            print("\nstopped", flush=True)
    return 0


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
