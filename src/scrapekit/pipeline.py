"""The batch pipeline: inputs -> fetch (asyncio) -> extract (process pool) -> records.

Every input yields exactly one Article (possibly an error record), streamed as it completes.
Inputs are read lazily into a bounded buffer; fetches are dispatched per host so one slow or
heavily represented host cannot take every slot; extraction backlog is bounded, so memory
stays flat however long the list.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InvalidURL, ScrapekitError, TooLarge
from .fetch import Fetcher, FetchResult, check_url, origin_of
from .record import Article, error_record
from .settings import Settings
from .sources import file_url_path
from .workers import ExtractPool

log = logging.getLogger("scrapekit.pipeline")

MAX_BUFFERED_INPUTS = 4096


@dataclass(frozen=True)
class _Item:
    raw: str
    url: str


def _read_local(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise TooLarge(f"file is {size} bytes, over the {max_bytes}-byte cap")
    return path.read_bytes()


async def _local_record(raw: str, path: Path, settings: Settings, pool: ExtractPool,
                        base_url: str | None = None) -> Article:
    try:
        body = await asyncio.to_thread(_read_local, path, settings.max_bytes)
    except ScrapekitError as exc:
        return error_record(raw, exc)
    except OSError as exc:
        return error_record(raw, InvalidURL(f"cannot read {path}: {exc.strerror or exc}"))
    return await pool.run(body, raw, base_url or path.resolve().as_uri(), None, None)


async def _fetched_record(item: _Item, result: FetchResult, settings: Settings,
                          pool: ExtractPool) -> Article:
    if result.error is not None or result.body is None:
        exc = result.error or ScrapekitError("no body")
        return error_record(item.raw, exc, fetch=result.info())
    if not settings.extract:
        return Article(url=item.raw, fetch=result.info())
    return await pool.run(result.body, item.raw, result.final_url or item.url,
                          result.content_type, result.info())


async def ascrape_many(inputs: Iterable[str], settings: Settings | None = None
                       ) -> AsyncIterator[Article]:
    """Fetch and extract every input; yield one Article per input as each completes."""
    s = settings or Settings()
    pool = ExtractPool(s.workers, s.extract_timeout)
    source = iter(inputs)
    exhausted = False
    taken = 0
    pending: dict[str, deque[_Item]] = {}
    ready: deque[str] = deque()
    in_ready: set[str] = set()
    active: dict[str, int] = {}
    buffered = 0
    fetching: dict[asyncio.Task[FetchResult], tuple[_Item, str]] = {}
    finishing: set[asyncio.Task[Article]] = set()
    max_finishing = s.concurrency + 2 * s.workers

    def mark_ready(host: str) -> None:
        if host not in in_ready and pending.get(host) and active.get(host, 0) < s.per_host:
            ready.append(host)
            in_ready.add(host)

    async with Fetcher(s) as fetcher:
        try:
            while True:
                # 1. read inputs into the buffer; invalid ones become records at once
                while not exhausted and buffered < MAX_BUFFERED_INPUTS:
                    if s.limit is not None and taken >= s.limit:
                        exhausted = True
                        break
                    try:
                        raw = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    taken += 1
                    path = file_url_path(raw.strip())
                    if path is not None:
                        finishing.add(asyncio.ensure_future(_local_record(raw, path, s, pool)))
                        continue
                    try:
                        url = check_url(raw)
                    except InvalidURL as exc:
                        yield error_record(raw, exc)
                        continue
                    host = origin_of(url)
                    pending.setdefault(host, deque()).append(_Item(raw, url))
                    buffered += 1
                    mark_ready(host)
                # 2. start fetches on hosts with a free slot, while extraction keeps up
                while ready and len(fetching) < s.concurrency and len(finishing) < max_finishing:
                    host = ready.popleft()
                    in_ready.discard(host)
                    item = pending[host].popleft()
                    if not pending[host]:
                        del pending[host]
                    buffered -= 1
                    active[host] = active.get(host, 0) + 1
                    task = asyncio.ensure_future(fetcher.fetch(item.url))
                    fetching[task] = (item, host)
                    mark_ready(host)
                if not fetching and not finishing:
                    if exhausted and not buffered:
                        break
                    continue
                done, _ = await asyncio.wait([*fetching, *finishing],
                                             return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    if task in fetching:
                        item, host = fetching.pop(task)  # type: ignore[arg-type]
                        active[host] -= 1
                        if not active[host]:
                            del active[host]
                        mark_ready(host)
                        finishing.add(asyncio.ensure_future(
                            _fetched_record(item, task.result(), s, pool)))  # type: ignore[arg-type]
                    else:
                        finishing.discard(task)  # type: ignore[arg-type]
                        yield task.result()  # type: ignore[misc]
        finally:
            for task in [*fetching, *finishing]:
                task.cancel()
            pool.close()


async def aextract_files(paths: Iterable[str], settings: Settings | None = None,
                         url: str | None = None) -> AsyncIterator[Article]:
    """Extract local HTML files (paths or file:// URLs), offline; one record per path.

    The record's ``url`` is ``url`` when given (also the base for relative links), else the
    path as given."""
    s = settings or Settings()
    pool = ExtractPool(s.workers, s.extract_timeout)
    tasks: set[asyncio.Task[Article]] = set()
    limit = 2 * s.workers + 2
    try:
        for count, raw in enumerate(paths):
            if s.limit is not None and count >= s.limit:
                break
            path = file_url_path(raw) or Path(raw)
            tasks.add(asyncio.ensure_future(_local_record(url or raw, path, s, pool, url)))
            while len(tasks) >= limit:
                done, tasks = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    yield task.result()
        while tasks:
            done, tasks = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                yield task.result()
    finally:
        for task in tasks:
            task.cancel()
        pool.close()


_DONE = object()


def scrape_many(inputs: Iterable[str], settings: Settings | None = None) -> Iterator[Article]:
    """Synchronous, streaming twin of :func:`ascrape_many` (runs the event loop in a thread)."""
    return run_sync(lambda: ascrape_many(inputs, settings))


def extract_files(paths: Iterable[str], settings: Settings | None = None,
                  url: str | None = None) -> Iterator[Article]:
    """Synchronous twin of :func:`aextract_files`."""
    return run_sync(lambda: aextract_files(paths, settings, url))


def run_sync(make: Callable[[], AsyncIterator[Article]]) -> Iterator[Article]:
    """Drive an async record stream from synchronous code, streaming, in a helper thread."""
    out: queue.Queue[object] = queue.Queue(maxsize=256)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                out.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    async def produce() -> None:
        agen = make()
        try:
            async for article in agen:
                if not await asyncio.to_thread(put, article):
                    return
        finally:
            await agen.aclose()

    def runner() -> None:
        try:
            asyncio.run(produce())
        except BaseException as exc:  # handed to the consumer, re-raised there
            put(exc)
        else:
            put(_DONE)

    thread = threading.Thread(target=runner, name="scrapekit-pipeline", daemon=True)
    thread.start()
    try:
        while True:
            item = out.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join(timeout=30)


def scrape(url: str, settings: Settings | None = None) -> Article:
    """Fetch and extract one URL (blocking). Always returns an Article; check ``.error``."""
    for article in scrape_many([url], settings):
        return article
    raise AssertionError("the pipeline yielded no record")  # unreachable: one record per input
