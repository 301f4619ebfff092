"""A time budget for one extraction, enforced inside the extracting thread where possible.

Only when asked: ``extract(..., timeout=S)`` or the pipeline's workers (their process is the
pool's). A plain ``extract(html)`` arms no signal timer, so a program's own SIGALRM handler
and ``setitimer`` timer are never touched.

When asked, in the main thread of a process, a POSIX interval timer interrupts the extraction
between two Python bytecodes and it ends as an ``extract`` error record. A timer the program
had armed is put back afterwards with the time it had left (firing at once if it ran out
meanwhile); if the program's timer would fire before the budget ends, the budget is not
enforced in place (the program's timer wins). Elsewhere (other threads, platforms without
SIGALRM) the budget cannot be enforced in place; the pipeline's process pool still kills a
worker that overruns.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import ExtractError

_SOON = 1e-6  # re-arm a program's timer that ran out while ours was set: it fires at once


def _enforceable() -> bool:
    return (hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread())


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ExtractError in the block once ``seconds`` have passed (None or 0: no budget,
    and no timer or signal handler touched)."""
    if not seconds or not _enforceable():
        yield
        return
    old_delay, old_interval = signal.getitimer(signal.ITIMER_REAL)
    if old_delay and old_delay <= seconds:  # the program's timer comes first: leave it be
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise ExtractError(f"extraction took longer than {seconds:g}s")

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_delay:
            left = old_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, _SOON), old_interval)
