"""A time budget for one extraction, enforced inside the extracting thread where possible.

In the main thread of a process (the CLI's inline mode, every process-pool worker, a user's
script) a POSIX interval timer interrupts the extraction between two Python bytecodes and it
ends as an ``extract`` error record. Elsewhere (other threads, platforms without SIGALRM) the
budget cannot be enforced in place; the pipeline's process pool still kills a worker that
overruns.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import ExtractError


def _enforceable() -> bool:
    return (hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread())


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ExtractError in the block once ``seconds`` have passed (None or 0: no budget)."""
    if not seconds or not _enforceable():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise ExtractError(f"extraction took longer than {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
