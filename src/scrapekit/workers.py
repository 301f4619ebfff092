"""Extraction workers: a process pool sized to the cores (a thread when workers=1), with a
per-page time budget, and recovery from hung or crashed workers.

Pages cross to workers as bytes; records come back as dicts (cheap to pickle).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import sys
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import Any

from .errors import ExtractError
from .extract import extract
from .record import Article, FetchInfo, error_record

log = logging.getLogger("scrapekit.workers")

TASKS_PER_CHILD = 500
RESUBMITS = 1


def extract_job(body: bytes, record_url: str, base_url: str | None, content_type: str | None,
                fetch: dict[str, Any] | None) -> dict[str, Any]:
    """Runs in a worker: bytes -> record dict. Never raises."""
    info = FetchInfo.from_dict(fetch) if fetch else None
    article = extract(body, url=base_url or record_url, content_type=content_type, fetch=info)
    if article.url != record_url:
        article = replace(article, url=record_url)
    return article.to_dict()


def _mp_context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class ExtractPool:
    """Runs extract_job off the event loop; ``await pool.run(...)`` always returns a record."""

    def __init__(self, workers: int, timeout: float) -> None:
        self.workers = workers
        self.timeout = timeout
        self._executor: Executor | None = None
        self._generation = 0

    def _make(self) -> Executor:
        if self.workers <= 1:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="scrapekit-extract")
        kwargs: dict[str, Any] = {"max_workers": self.workers, "mp_context": _mp_context()}
        if sys.version_info >= (3, 11):
            kwargs["max_tasks_per_child"] = TASKS_PER_CHILD
        return ProcessPoolExecutor(**kwargs)

    @property
    def executor(self) -> Executor:
        if self._executor is None:
            self._executor = self._make()
        return self._executor

    def _rebuild(self, generation: int) -> None:
        """Replace a broken or hung pool (once per breakage, however many jobs notice it)."""
        if generation != self._generation:
            return
        self._generation += 1
        old, self._executor = self._executor, None
        if isinstance(old, ProcessPoolExecutor):
            for proc in list(getattr(old, "_processes", {}).values()):
                proc.kill()
        if old is not None:
            # queued jobs of the old pool fail with BrokenProcessPool and are resubmitted
            old.shutdown(wait=False, cancel_futures=False)

    async def run(self, body: bytes, record_url: str, base_url: str | None,
                  content_type: str | None, fetch: FetchInfo | None) -> Article:
        fetch_dict = fetch.to_dict() if fetch else None
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        for attempt in range(RESUBMITS + 1):
            generation = self._generation
            try:
                future = loop.run_in_executor(self.executor, extract_job, body, record_url,
                                              base_url, content_type, fetch_dict)
                data = await asyncio.wait_for(future, self.timeout)
                return Article.from_dict(data)
            except asyncio.TimeoutError:
                log.warning("extraction of %s exceeded %.1fs", record_url, self.timeout)
                if isinstance(self._executor, ProcessPoolExecutor):
                    self._rebuild(generation)
                exc: BaseException = ExtractError(
                    f"extraction took longer than {self.timeout:g}s")
                break
            except BrokenProcessPool:
                self._rebuild(generation)
                exc = ExtractError("the extraction worker crashed on this page")
                if attempt < RESUBMITS:
                    continue
        elapsed = round((time.monotonic() - started) * 1000)
        return error_record(record_url, exc, fetch=fetch, elapsed_ms=elapsed)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
