"""The ``scrapekit`` command's entry point: the CLI imported with Ctrl-C (or SIGTERM) while the
command is still starting up ending it as a stop of the run does (exit 130 or 143, one line on
stderr), not with a traceback out of some module's import."""

from __future__ import annotations

import signal
import sys


def _terminated(_signum: int, _frame: object) -> None:
    raise SystemExit(143)


def main() -> int:
    signal.signal(signal.SIGTERM, _terminated)
    try:
        from .cli import main as cli_main
    except KeyboardInterrupt:
        print("scrapekit: interrupted while starting", file=sys.stderr)
        return 130
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # as before: the CLI decides from here
    return cli_main()
