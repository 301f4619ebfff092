"""Run progress and the end-of-run summary, on stderr (the CLI's; the library never prints)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import IO, Any

LINE_EVERY = 5.0


def format_errors(errors: Counter[str] | dict[str, int]) -> str:
    """``"http_status 12, timeout 4"``: error counts in words, most frequent first."""
    return ", ".join(f"{k} {v}" for k, v in Counter(errors).most_common() if v)


def format_duration(seconds: float) -> str:
    """``"42s"``, ``"3m05s"``, ``"2h07m"``."""
    s = max(0, int(round(seconds)))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


class Tally:
    """Counts of records by outcome, plus the inputs a ``--resume`` found already done."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.ok = 0
        self.errors: Counter[str] = Counter()
        self.already = 0

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

    def skipped(self, raw: str = "") -> None:
        """One input found already done (``--resume``)."""
        self.already += 1

    def eta(self, total: int | None) -> float | None:
        """Seconds left at the current rate, when the total is known and a rate measured."""
        rate = self.rate()
        if total is None or not self.done or rate <= 0:
            return None
        return max(0, total - self.done) / rate

    def status(self, total: int | None = None, eta: bool = False) -> str:
        errs = format_errors(self.errors)
        done = f"{self.done}/{total}" if total is not None else f"{self.done}"
        line = (f"{done} done, {self.ok} ok, {sum(self.errors.values())} failed"
                + (f" ({errs})" if errs else "") + f", {self.rate():.1f} pages/s")
        left = self.eta(total) if eta else None
        if left is not None:
            line += f", ETA {format_duration(left)}"
        if self.already:
            line = f"{self.already} already done, " + line
        return line

    def summary(self) -> str:
        if self.already and not self.done:
            return f"scrapekit: {self.already} already done, nothing left to do"
        return f"scrapekit: {self.status()}, {self.elapsed:.1f}s elapsed"


class Progress:
    """A live bar on a terminal (rich), a line every few seconds otherwise, or nothing."""

    def __init__(self, tally: Tally, total: int | None = None, quiet: bool = False,
                 stream: IO[str] | None = None) -> None:
        self.tally = tally
        self.total = total
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self._last = time.monotonic()
        self._bar: Any = None
        self._task: Any = None
        if not quiet and self.stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress
            from rich.progress import TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self._bar = RichProgress(
                TextColumn("[bold]scrapekit"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), TimeRemainingColumn(), TextColumn("{task.fields[status]}"),
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
            print(f"scrapekit: {self.tally.status(self.total, eta=True)}", file=self.stream,
                  flush=True)

    def close(self, nothing: str | None = None, hint: str | None = None) -> None:
        """Stop the bar and print the summary; ``nothing`` replaces it when the run found no
        input at all (``"nothing to do: ..."``); ``hint`` follows it (e.g. how to resume)."""
        if self._bar is not None:
            self._bar.update(self._task, completed=self.tally.done, status=self.tally.status())
            self._bar.stop()
        if self.quiet:
            return
        empty = nothing and not self.tally.done and not self.tally.already
        print(f"scrapekit: {nothing}" if empty else self.tally.summary(), file=self.stream,
              flush=True)
        if hint:
            print(f"scrapekit: {hint}", file=self.stream, flush=True)
