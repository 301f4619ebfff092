"""Extraction workers: a process pool sized to the cores (a thread when workers=1), with a
per-page time budget, and recovery from hung or crashed workers.

Pages cross to workers as bytes; records come back as dicts (cheap to pickle).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from functools import partial
from typing import Any

from .errors import ExtractError
from .record import Article, FetchInfo, error_record

log = logging.getLogger("scrapekit.workers")

TASKS_PER_CHILD = 2000
IN_WORKER_BUDGET = 0.8
"""Share of the time budget enforced inside the worker, before the pool kills it."""


def extract_job(body: bytes, record_url: str, base_url: str | None, content_type: str | None,
                fetch: dict[str, Any] | None, budget: float | None = None,
                rules: Any = None) -> dict[str, Any]:
    """Runs in a worker: bytes -> record dict. Never raises. ``budget`` is enforced inside the
    worker (a clean error record); the pool's own timeout, a little longer, is the backstop
    that kills a worker stuck in C code."""
    # imported here, not at the top: the main process imports this module but only extracts
    # with workers=1; the pool workers have the extractors preloaded (PRELOAD), so it is free
    from .extractors import extract

    info = FetchInfo.from_dict(fetch) if fetch else None
    article = extract(body, url=base_url or record_url, content_type=content_type, fetch=info,
                      timeout=budget, rules=rules)
    if article.url != record_url:
        article = replace(article, url=record_url)
    return article.to_dict()


def _worker_init() -> None:
    """Workers leave Ctrl-C to the main process, which stops the run in order."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _tune_malloc()


MALLOC_MMAP_THRESHOLD = 1 << 20
MALLOC_TRIM_THRESHOLD = 4 << 20
"""glibc malloc settings of the pool workers (see _tune_malloc)."""


def _tune_malloc() -> None:
    """Fixed glibc malloc thresholds in a pool worker (glibc only; a no-op elsewhere).

    By default glibc raises its mmap threshold (up to 32 MiB) and its trim threshold (twice
    that) whenever a large block is freed, so after the first big page a worker keeps every
    large parse buffer in its heap: fragmented, never given back (~32 MB of free heap per
    worker after 500 pages). Fixed thresholds keep blocks of 1 MiB and more in their own
    mappings, returned when freed, and give back heap tops over 4 MiB. Measured on 4,000
    local pages, two workers, three runs: peak RSS (VmHWM) per worker 143 -> 130 MB, for
    ~0.4 ms of page faults (sys) per page, ~1.3% of the extraction CPU. A periodic
    malloc_trim(0) was measured too and not kept: it lowers RSS between pages, not the peak
    (the next big page takes the memory back), for as many page faults.
    """
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, ValueError, OSError, ImportError):  # not glibc, or no ctypes
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # from <malloc.h>
    mallopt(m_trim_threshold, MALLOC_TRIM_THRESHOLD)
    mallopt(m_mmap_threshold, MALLOC_MMAP_THRESHOLD)


def _ignore_result(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()  # retrieved, so asyncio does not log it as never retrieved


PRELOAD = ["scrapekit.extractors", "trafilatura", "htmldate", "lxml.html", "scrapekit.extractors.warmup"]
"""Imported once in the fork server, so new and recycled workers start warm."""


def _mp_context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


class ExtractPool:
    """Runs extract jobs off the event loop; ``await pool.run(...)`` always returns a record.

    A worker that dies (segfault, OOM kill) breaks the whole process pool, failing every job in
    flight. Those jobs are then re-run one at a time in a one-process quarantine pool: the
    innocent ones succeed there, and only the page that kills its worker again gets an error
    record. A page over the time budget gets an error record and its worker is killed.
    """

    def __init__(self, workers: int, timeout: float,
                 job: Callable[..., dict[str, Any]] = extract_job, rules: Any = None) -> None:
        self.workers = workers
        self.timeout = timeout
        self.job = job if rules is None else partial(job, rules=rules)  # Settings.rules
        self._main = _Executor(workers)
        self._quarantine = _Executor(1, processes=workers > 1)
        self._quarantine_lock: asyncio.Lock | None = None
        self._slots: asyncio.Semaphore | None = None

    async def run(self, body: bytes, record_url: str, base_url: str | None,
                  content_type: str | None, fetch: FetchInfo | None) -> Article:
        args = (body, record_url, base_url, content_type, fetch.to_dict() if fetch else None,
                self.timeout * IN_WORKER_BUDGET)
        started = time.monotonic()
        try:
            if self._slots is None:
                self._slots = asyncio.Semaphore(self.workers)
            try:
                # jobs wait here, not in the executor's queue: the time budget starts when a
                # worker takes the page, so a backlog never turns good pages into timeouts
                async with self._slots:
                    data = await self._main.call(self.job, args, self.timeout)
            except BrokenProcessPool:
                if self._quarantine_lock is None:
                    self._quarantine_lock = asyncio.Lock()
                async with self._quarantine_lock:
                    data = await self._quarantine.call(self.job, args, self.timeout)
            return Article.from_dict(data)
        except asyncio.TimeoutError:
            log.warning("extraction of %s exceeded %.1fs", record_url, self.timeout)
            exc: BaseException = ExtractError(f"extraction took longer than {self.timeout:g}s")
        except BrokenProcessPool:
            log.warning("extraction of %s killed its worker", record_url)
            exc = ExtractError("the extraction worker crashed on this page")
        elapsed = round((time.monotonic() - started) * 1000)
        return error_record(record_url, exc, fetch=fetch, elapsed_ms=elapsed)

    def close(self) -> None:
        self._main.close()
        self._quarantine.close()


class _Executor:
    """A process pool (or one thread) that can be torn down and rebuilt when it breaks."""

    def __init__(self, workers: int, processes: bool | None = None) -> None:
        self.workers = workers
        self.processes = workers > 1 if processes is None else processes
        self._executor: Executor | None = None
        self._generation = 0

    def _make(self) -> Executor:
        if not self.processes:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="scrapekit-extract")
        kwargs: dict[str, Any] = {"max_workers": self.workers, "mp_context": _mp_context(),
                                  "initializer": _worker_init}
        if sys.version_info >= (3, 11):
            kwargs["max_tasks_per_child"] = TASKS_PER_CHILD
        return ProcessPoolExecutor(**kwargs)

    async def call(self, fn: Callable[..., dict[str, Any]], args: tuple[Any, ...],
                   timeout: float) -> dict[str, Any]:
        if self._executor is None:
            self._executor = self._make()
        generation = self._generation
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._executor, fn, *args)
        # asyncio.wait, not wait_for: a timed-out job's future is never cancelled (cancelling
        # a pool future can crash the executor's manager thread on CPython 3.11, gh-107219)
        done, _ = await asyncio.wait({future}, timeout=timeout)
        if not done:
            future.add_done_callback(_ignore_result)
            # a process is killed; a thread cannot be, so it is abandoned to a fresh executor
            # (else the next page would wait behind it and run out of time)
            self._rebuild(generation)
            raise asyncio.TimeoutError
        try:
            return future.result()
        except BrokenProcessPool:
            self._rebuild(generation)
            raise

    def _rebuild(self, generation: int) -> None:
        """Drop a broken or hung pool (once per breakage, however many jobs notice it)."""
        if generation != self._generation:
            return
        self._generation += 1
        old, self._executor = self._executor, None
        if isinstance(old, ProcessPoolExecutor):
            processes = getattr(old, "_processes", None) or {}
            for proc in list(processes.values()):
                proc.kill()
        if old is not None:
            # queued jobs of the old pool fail with BrokenProcessPool (then go to quarantine)
            old.shutdown(wait=False, cancel_futures=False)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
