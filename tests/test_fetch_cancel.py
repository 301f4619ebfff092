"""A cancelled fetch ends at once, whatever step it was at (CI, session 14: a stopped Dask run
waited for a page's read timeout, because ``asyncio.wait_for`` around the connect lost the
cancellation on Python 3.11 when the connection opened in the same loop turn, CPython
gh-86296)."""

from __future__ import annotations

import asyncio
import threading

from loopsite import LoopSite, QuietHandler
from scrapekit import Settings
from scrapekit.fetch.client import Fetcher


class _Stalls(QuietHandler):
    release = threading.Event()

    def do_GET(self) -> None:  # noqa: N802
        self.release.wait(30)  # never answers while the test runs


def test_a_fetch_cancelled_at_any_early_step_ends_at_once() -> None:
    site = LoopSite(_Stalls).start()
    settings = Settings(robots=False, delay=0, timeout=30, read_timeout=30)

    async def cancelled_after(steps: int) -> tuple[bool, bool]:
        async with Fetcher(settings) as fetcher:
            task = asyncio.ensure_future(fetcher.fetch(f"{site.base}/slow"))
            for _ in range(steps):  # each step is one turn of the loop: connect, send, read
                await asyncio.sleep(0)
            task.cancel()
            done, _ = await asyncio.wait({task}, timeout=5)
            if not done:  # the bug: the fetch ran on to its read timeout
                task.cancel()
                await asyncio.wait({task})
            return bool(done), task.cancelled()

    try:
        outcomes = {steps: asyncio.run(cancelled_after(steps)) for steps in range(16)}
    finally:
        _Stalls.release.set()
        site.stop()
    assert outcomes == {steps: (True, True) for steps in range(16)}


def test_no_module_times_out_with_wait_for() -> None:
    # the same loss anywhere a run is stopped (a worker's close, a render, a lookup)
    from pathlib import Path

    import scrapekit

    root = Path(scrapekit.__file__).parent
    users = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                   if "asyncio.wait_for(" in p.read_text(encoding="utf-8"))
    assert users == []
