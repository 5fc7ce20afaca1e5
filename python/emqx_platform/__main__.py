"""``python -m emqx_platform``: the command line (see ``emqx_platform.cli``)."""

from .cli import main

if __name__ == "__main__":
    main(prog_name="python -m emqx_platform")
