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
    # a signal ignored when we were started (Ctrl-C for a script's background job) stays so;
    # the others are ours while the CLI imports, then as they were (the CLI decides from there)
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig, handler in before.items():
        if handler is not signal.SIG_IGN and handler is not None:
            signal.signal(sig, _stopped)
    from .cli import main as cli_main

    for sig, handler in before.items():
        if handler is not None:
            signal.signal(sig, handler)
    return cli_main()
