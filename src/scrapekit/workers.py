"""The worker pool: the one place that starts, feeds, watches and restarts worker processes.

Each worker is a fresh interpreter (:mod:`scrapekit.worker`; not a fork of the caller, so the
caller's ``__main__`` is never imported again) that fetches and extracts. A scrape sends a
URL to the worker that owns its host (hosts are assigned on first sight to the worker with the
fewest, and stay there: per-host concurrency, delays, Retry-After pauses and robots.txt hold
exactly as in one process); the page is fetched and extracted there and only the record comes
back. Local files and WARC records go to the least busy worker. The main process only routes
URLs and merges records: its CPU per page stays well under a millisecond.

A worker that dies (segfault, OOM kill) or overruns the time budget: the page it was extracting
is known (a shared slot holds its id and start time), gets an ``extract`` error record, and the
worker is started again; every other job it held (pages, sitemap and feed documents) is sent
again to the new worker, up to ``MAX_RESENDS`` times for deaths blamed on other pages (a
death with no page to blame counts apart: ``MAX_ATTEMPTS`` such deaths fail the jobs that met
them), so one poisonous page costs only its own record.
"""

from __future__ import annotations

import asyncio
import logging
import mmap
import os
import sys
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .channel import READ_ERRORS, Outbox, read_frame
from .errors import ExtractError, FetchError, ScrapekitError, TooManyWorkers
from .fetch.politeness import drop_idle, host_key
from .record import error_record
from .redact import redact_url
from .settings import Settings
from .uncancelled import run_to_end
from .worker import SLOT, WorkerConfig, extract_job

if TYPE_CHECKING:
    from .fetch.client import FetchResult

log = logging.getLogger("scrapekit.workers")

MAX_ATTEMPTS = 3
"""Deaths of its worker a job meets before the last fails it; a death blamed on another job
(the page being extracted, on the slot) does not count: that job's own record says why."""
MAX_RESENDS = 10
"""Times a job is sent again after deaths blamed on other jobs before the next such death
fails it: N pages of a host that each crash its worker would otherwise fetch a document (or
a slow page) in flight there N times, N(N+1)/2 fetches for N such pages fetched together."""
MAX_HOSTS = 10_000
"""Hosts remembered beyond those in use: an older host quiet for longer than any delay it may
owe is forgotten (it may then land on another worker, where nothing is owed either)."""


Answer = tuple[dict[str, Any], "FetchResult | None"]


@dataclass
class _Job:
    msg: tuple[Any, ...]
    future: asyncio.Future[Answer]
    record_url: str
    fetch: dict[str, Any] | None = None
    deaths: int = 0  # deaths of its worker that no other job was blamed for
    resends: int = 0  # times sent again after a death blamed on another job
    generation: int = -1  # the worker process it was last sent to


@dataclass
class _HostEntry:
    worker: _Proc
    in_flight: int = 0
    last_done: float = 0.0


FDS_PER_WORKER = 4
"""File descriptors one worker holds in the main process: its slot (the memfd and the map's
own copy) and the two ends of its pipes."""
_WORKER_MAIN = ("import signal; signal.signal(signal.SIGINT, signal.SIG_IGN); "
                "signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                "from scrapekit.worker import main; main()")
"""A worker's program: Ctrl-C and SIGTERM ignored before any import (a terminal's Ctrl-C goes to
the whole process group: while a worker still imported, it printed a KeyboardInterrupt
traceback); the parent handles both and ends its workers itself."""

FD_RESERVE = 64
"""Descriptors left for the rest of the run (output, inputs, the event loop, starting a worker)."""




def ensure_fd_room(processes: int, name: str = "Settings.workers") -> None:
    """Make room for ``processes`` workers' file descriptors: the soft ``RLIMIT_NOFILE`` is
    raised (up to the hard one) when it is too low, else :class:`TooManyWorkers` naming
    ``name``. Checked before any worker exists, so no run stops half-way on ``EMFILE``."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    needed = processes * FDS_PER_WORKER + FD_RESERVE
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or needed <= soft:
        return
    if hard == resource.RLIM_INFINITY or needed <= hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
            return
        except (ValueError, OSError):  # refused (a sandbox): said below
            pass
    raise TooManyWorkers(name, processes, needed, soft)


def _slot_fd() -> int:
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("scrapekit-slot", 0)  # no file anywhere, freed with the processes
    else:  # pragma: no cover - macOS
        fd, path = tempfile.mkstemp(prefix="scrapekit-slot-")
        os.unlink(path)
    os.ftruncate(fd, SLOT.size)
    return fd


class _Proc:
    """One worker process, the jobs it holds, and its slot."""

    def __init__(self, pool: Pool, index: int) -> None:
        self.pool = pool
        self.index = index
        self.hosts = 0
        self.proc: asyncio.subprocess.Process | None = None
        self.jobs: dict[int, _Job] = {}
        self.outbox: Outbox | None = None
        self.killed_for: int | None = None  # the job a watchdog kill was for
        self.backlog = 0  # pages waiting for extraction there, as last reported
        self.generation = 0  # processes started so far
        self._fd = _slot_fd()
        self.slot = mmap.mmap(self._fd, SLOT.size)
        SLOT.pack_into(self.slot, 0, -1, 0.0)
        self._starting = asyncio.Lock()
        self._reader: asyncio.Task[None] | None = None

    def current(self) -> tuple[int, float]:
        ident, started = SLOT.unpack_from(self.slot, 0)
        return ident, started

    async def _ensure_started(self) -> None:
        async with self._starting:
            if self.proc is not None and self.proc.returncode is None:
                return
            SLOT.pack_into(self.slot, 0, -1, 0.0)
            self.killed_for = None
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-c", _WORKER_MAIN,
                str(os.getpid()), stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE, pass_fds=(self._fd,))
            assert proc.stdin is not None
            self.proc = proc
            self.generation += 1
            self.outbox = Outbox(proc.stdin)
            self.outbox.send(list(sys.path))
            self.outbox.send(self.pool.config(self._fd))
            for job in list(self.jobs.values()):  # jobs held by a worker that died: again
                self._send(job)
            self._reader = asyncio.ensure_future(self._read(proc))

    def _send(self, job: _Job) -> None:
        if job.generation != self.generation and self.outbox is not None:
            job.generation = self.generation
            self.outbox.send(job.msg)

    async def submit(self, ident: int, job: _Job) -> None:
        if self.pool.closing:  # never start a worker for a run that is ending
            if not job.future.done():
                job.future.set_result((self.pool.error(job, ExtractError(
                    "the run was closed with this page in flight")), None))
            return
        self.jobs[ident] = job
        if self.proc is None or self.proc.returncode is not None:
            try:
                await self._ensure_started()
            except OSError as exc:  # no interpreter to start: every job held gets a record
                self._fail_all(f"cannot start a worker process ({sys.executable}): {exc}")
                return
        self._send(job)  # no drain: what waits to be written is bounded by the jobs in flight

    async def _read(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stdout is not None
        try:
            while True:
                ident, record, extra, self.backlog = await read_frame(proc.stdout)
                job = self.jobs.pop(ident, None)
                if job is None or job.future.done():
                    continue
                if record is None:  # a fetched page to extract in an idle worker
                    self.pool.spill(job, extra)
                else:
                    job.future.set_result((record, extra))
        except READ_ERRORS:
            pass
        code = await proc.wait()
        if self.pool.closing:
            self._fail_all("the run was closed with this page in flight")
            return
        self._after_death(code)

    def _after_death(self, code: int) -> None:
        ident, _ = self.current()
        timed_out = self.killed_for is not None and self.killed_for == ident
        # killed for a page that finished just before the kill: the page on the slot now is
        # innocent (it is sent again with the others)
        innocent = self.killed_for is not None and not timed_out
        culprit = self.jobs.pop(ident, None) if ident >= 0 and not innocent else None
        if culprit is not None and not culprit.future.done():
            if timed_out:
                exc: ScrapekitError = ExtractError(
                    f"extraction took longer than {self.pool.timeout:g}s")
                log.warning("extraction of %s exceeded %.1fs", redact_url(culprit.record_url),
                            self.pool.timeout)
            else:
                exc = ExtractError("the extraction worker crashed on this page")
                log.warning("extraction of %s killed its worker (exit code %s)",
                            redact_url(culprit.record_url), code)
            culprit.future.set_result((self.pool.error(culprit, exc), None))
        for ident, job in list(self.jobs.items()):
            if culprit is not None:  # another page's death: the others are sent again
                job.resends += 1
                if job.resends <= MAX_RESENDS:
                    continue
                message = (f"the worker process died on other pages {job.resends} times "
                           f"with this one in flight (last exit code {code})")
            else:
                job.deaths += 1
                if job.deaths < MAX_ATTEMPTS:
                    continue
                message = (f"the worker process exited (code {code}) {job.deaths} times with "
                           "this page in flight")
            del self.jobs[ident]
            if not job.future.done():
                exc = (FetchError if job.msg[0] in ("u", "d") else ExtractError)(message)
                job.future.set_result((self.pool.error(job, exc), None))
        if self.jobs:
            asyncio.ensure_future(self._restart())

    async def _restart(self) -> None:
        try:
            await self._ensure_started()
        except OSError as exc:
            self._fail_all(f"the worker process could not be started again: {exc}")

    def _fail_all(self, message: str) -> None:
        jobs, self.jobs = self.jobs, {}
        for job in jobs.values():
            if not job.future.done():
                exc = (FetchError if job.msg[0] in ("u", "d") else ExtractError)(message)
                job.future.set_result((self.pool.error(job, exc), None))

    def kill_for(self, ident: int) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.killed_for = ident
            self.proc.kill()

    async def aclose(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            if proc.stdin is not None and not proc.stdin.is_closing():
                proc.stdin.close()  # the worker cancels what it holds and exits
            try:
                async with asyncio.timeout(10):  # not wait_for: it can lose a cancel
                    await proc.wait()
            except asyncio.TimeoutError:
                proc.kill()
                await proc.wait()
            if self._reader is not None:
                await asyncio.gather(self._reader, return_exceptions=True)
        self._fail_all("the run was closed with this page in flight")
        self.slot.close()
        os.close(self._fd)


class Pool:
    """``processes`` worker processes. ``await pool.scrape(raw, url)`` fetches (and, with
    ``settings.extract``, extracts) one URL in the worker owning its host; ``await
    pool.extract(...)`` and ``await pool.extract_file(...)`` extract bytes or a local file in
    the least busy worker. Each returns ``(record dict, FetchResult or None)`` and never
    raises for a bad page. Workers start on first use; ``await pool.aclose()`` ends them."""

    def __init__(self, settings: Settings, processes: int | None = None, *,
                 fetch: bool = False, want_result: bool = False,
                 job: Callable[..., dict[str, Any]] = extract_job) -> None:
        self.settings = settings
        self.fetch = fetch
        self.want_result = want_result
        self.job = job
        self.timeout = settings.extract_timeout
        self.closing = False
        n = processes if processes is not None else pool_size(settings)
        ensure_fd_room(n)
        self._procs = [_Proc(self, i) for i in range(n)]
        self._hosts: OrderedDict[str, _HostEntry] = OrderedDict()
        self._quiet = 0.0
        if fetch:
            from .fetch.robots import MAX_CRAWL_DELAY

            # the longest a host may be owed: its delay or Crawl-delay, after a Retry-After
            self._quiet = max(settings.delay, MAX_CRAWL_DELAY) + settings.retry_after_max
        self._next_id = 0
        self._watchdog: asyncio.Task[None] | None = None

    @property
    def size(self) -> int:
        return len(self._procs)

    def config(self, slot_fd: int) -> WorkerConfig:
        return WorkerConfig(self.settings, fetch=self.fetch, want_result=self.want_result,
                            job=self.job, slot_fd=slot_fd,
                            log_level=logging.getLogger("scrapekit").getEffectiveLevel())

    def error(self, job: _Job, exc: ScrapekitError) -> dict[str, Any]:
        from .record import FetchInfo

        fetch = FetchInfo.from_dict(job.fetch) if job.fetch else None
        return error_record(job.record_url, exc, fetch=fetch).to_dict()

    # -- routing ------------------------------------------------------------------------------
    def _host(self, url: str) -> _HostEntry:
        host = host_key(url)
        entry = self._hosts.get(host)
        if entry is not None:
            self._hosts.move_to_end(host)
            return entry
        entry = self._hosts[host] = _HostEntry(min(self._procs, key=lambda p: p.hosts))
        entry.worker.hosts += 1
        if len(self._hosts) > MAX_HOSTS:
            now = time.monotonic()
            for gone in drop_idle(self._hosts, lambda e: e.in_flight == 0
                                  and now - e.last_done > self._quiet):
                gone.worker.hosts -= 1
        return entry

    def _least_busy(self) -> _Proc:
        return min(self._procs, key=lambda p: len(p.jobs))

    def _may_spill(self, worker: _Proc) -> bool:
        """Whether ``worker`` may hand fetched pages to another: one of them is idle."""
        return any(p.backlog == 0 and p is not worker for p in self._procs)

    def spill(self, job: _Job, args: tuple[Any, ...]) -> None:
        """A page fetched by a busy worker, extracted by the least busy one."""
        target = min(self._procs, key=lambda p: p.backlog)
        target.backlog += 1  # until it reports
        job.msg = ("x", job.msg[1], args)
        job.fetch = args[4]
        job.generation = -1
        asyncio.ensure_future(target.submit(job.msg[1], job))

    async def _run(self, worker: _Proc, msg: tuple[Any, ...], record_url: str,
                   fetch: dict[str, Any] | None = None) -> Answer:
        if self.closing:
            raise RuntimeError("the pool is closed")
        if self._watchdog is None and self.timeout:
            self._watchdog = asyncio.ensure_future(self._watch())
        ident = self._next_id
        self._next_id += 1
        job = _Job((msg[0], ident, *msg[1:]), asyncio.get_running_loop().create_future(),
                   record_url, fetch)
        await worker.submit(ident, job)
        return await job.future

    async def scrape(self, raw: str, url: str, credentials: bool = True) -> Answer:
        """``credentials``: may the user's credentials go with it (see
        :meth:`scrapekit.fetch.Fetcher.fetch`)."""
        entry = self._host(url)
        entry.in_flight += 1
        try:
            return await self._run(entry.worker, ("u", raw, url, self._may_spill(entry.worker),
                                                  credentials), raw)
        finally:
            entry.in_flight -= 1
            entry.last_done = time.monotonic()

    async def document(self, url: str, credentials: bool = True) -> FetchResult:
        """Fetch a sitemap or feed document in the worker owning its host (with ``fetch``):
        its requests wait for the host's delay as the pages' do, and the pages' for them.
        ``credentials``: as :meth:`scrape`'s."""
        from .fetch.client import FetchResult

        entry = self._host(url)
        entry.in_flight += 1
        try:
            record, result = await self._run(entry.worker, ("d", url, credentials), url)
        finally:
            entry.in_flight -= 1
            entry.last_done = time.monotonic()
        if result is None:  # the worker died with it: the error its record says
            error = record.get("error") or {}
            result = FetchResult(url=url, error=FetchError(error.get("message") or "no answer"))
        return result

    async def extract(self, body: bytes, record_url: str, base_url: str | None,
                      content_type: str | None, fetch: dict[str, Any] | None) -> Answer:
        args = (body, record_url, base_url, content_type, fetch)
        return await self._run(self._least_busy(), ("x", args), record_url, fetch)

    async def extract_file(self, raw: str, path: str, base_url: str | None) -> Answer:
        return await self._run(self._least_busy(), ("f", raw, path, base_url), raw)

    # -- time budget ------------------------------------------------------------------------------
    async def _watch(self) -> None:
        """Kill a worker whose page has run past the whole budget (stuck where the in-worker
        budget cannot interrupt it, e.g. in C code)."""
        period = min(0.5, self.timeout / 4)
        while True:
            await asyncio.sleep(period)
            now = time.monotonic()
            for worker in self._procs:
                ident, started = worker.current()
                if ident >= 0 and now - started > self.timeout and worker.killed_for != ident:
                    worker.kill_for(ident)

    async def aclose(self) -> None:
        """End the workers (each finishes at once: its stdin closes). Runs to the end even if
        the caller is cancelled meanwhile (the cancel is raised again after), so no process
        or pipe outlives the run."""
        await run_to_end(self._close())

    async def _close(self) -> None:
        self.closing = True
        if self._watchdog is not None:
            self._watchdog.cancel()
            await asyncio.gather(self._watchdog, return_exceptions=True)
        await asyncio.gather(*(w.aclose() for w in self._procs))

    async def __aenter__(self) -> Pool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def pool_size(settings: Settings) -> int:
    """Worker processes of a run: ``workers`` (each fetches and extracts its hosts); with
    ``extract=False``, ``fetch_processes`` when set; one with an HTTP cache (its SQLite file
    takes one writer)."""
    if settings.cache:
        return 1
    if not settings.extract:
        return settings.fetchers
    return settings.workers


__all__ = ["MAX_ATTEMPTS", "MAX_RESENDS", "Pool", "TooManyWorkers", "ensure_fd_room",
           "extract_job", "host_key", "pool_size"]
