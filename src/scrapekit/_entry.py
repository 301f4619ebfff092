"""The ``scrapekit`` command's entry point: the CLI imported with Ctrl-C (or SIGTERM) while the
command is still starting up ending it as a stop of the run does (exit 130 or 143, one line on
stderr), not with a traceback out of some module's import. The handlers write their line and
leave at once (``os._exit``: nothing is open yet): an exception raised into a compiled module's
initialisation can crash the interpreter."""

from __future__ import annotations

import os
import signal


def _stopped(signum: int, _frame: object) -> None:
    os.write(2, b"scrapekit: interrupted while starting\n")
    os._exit(143 if signum == signal.SIGTERM else 130)


def main() -> int:
    signal.signal(signal.SIGINT, _stopped)
    signal.signal(signal.SIGTERM, _stopped)
    from .cli import main as cli_main

    signal.signal(signal.SIGINT, signal.default_int_handler)  # as before: the CLI decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)             # from here
    return cli_main()
