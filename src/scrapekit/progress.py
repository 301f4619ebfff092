"""Run progress and the end-of-run summary, on stderr (the CLI's; the library never prints)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import IO, Any

LINE_EVERY = 5.0


class Tally:
    """Counts of records by outcome."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.ok = 0
        self.errors: Counter[str] = Counter()

    def add(self, record: dict[str, Any]) -> None:
        error = record.get("error")
        if error:
            self.errors[error.get("kind") or "unknown"] += 1
        else:
            self.ok += 1

    @property
    def done(self) -> int:
        return self.ok + sum(self.errors.values())

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    def status(self) -> str:
        errs = ", ".join(f"{k} {v}" for k, v in self.errors.most_common())
        return (f"{self.done} done, {self.ok} ok, {sum(self.errors.values())} failed"
                + (f" ({errs})" if errs else "") + f", {self.rate():.1f} pages/s")

    def summary(self) -> str:
        return f"scrapekit: {self.status()}, {self.elapsed:.1f}s elapsed"


class Progress:
    """A live bar on a terminal (rich), a line every few seconds otherwise, or nothing."""

    def __init__(self, tally: Tally, total: int | None = None, quiet: bool = False,
                 stream: IO[str] | None = None) -> None:
        self.tally = tally
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self._last = time.monotonic()
        self._bar: Any = None
        self._task: Any = None
        if not quiet and self.stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress
            from rich.progress import TextColumn, TimeElapsedColumn

            self._bar = RichProgress(
                TextColumn("[bold]scrapekit"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), TextColumn("{task.fields[status]}"),
                console=Console(file=self.stream), transient=False,
            )
            self._task = self._bar.add_task("scrape", total=total, status="")
            self._bar.start()

    def update(self) -> None:
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(self._task, completed=self.tally.done, status=self.tally.status())
            return
        now = time.monotonic()
        if now - self._last >= LINE_EVERY:
            self._last = now
            print(f"scrapekit: {self.tally.status()}", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=self.tally.done, status=self.tally.status())
            self._bar.stop()
        if not self.quiet:
            print(self.tally.summary(), file=self.stream, flush=True)
