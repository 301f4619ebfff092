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
import stat
import zlib
import threading
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BlockedAddress, DecodeError, InvalidURL, NotHTML, ScrapekitError, TooLarge
from .fetch import Fetcher, FetchResult, check_url, looks_like_html, origin_of
from .fetch.shards import ShardedFetcher
from .record import Article, error_record
from .settings import Settings
from .sources import HTML_SUFFIXES, file_url_path
from .urlkeys import dedup_key
from .workers import ExtractPool

if TYPE_CHECKING:
    from .warc import WarcRecorder

log = logging.getLogger("scrapekit.pipeline")

MAX_BUFFERED_INPUTS = 4096
"""Inputs read ahead of the fetchers (so hosts further down the list get their turn)."""
RECENT_RECORDS = 2048
"""Finished records kept to answer duplicate inputs without fetching again."""


@dataclass(frozen=True)
class _Item:
    raw: str
    url: str
    key: str


def _read_local(path: Path, max_bytes: int) -> bytes:
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):  # a FIFO, a device (/dev/zero), a directory
        raise InvalidURL(f"{path} is not a regular file")
    if info.st_size > max_bytes:
        raise TooLarge(f"file is {info.st_size} bytes, over the {max_bytes}-byte cap")
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)  # the file may have grown since stat()
    if len(data) > max_bytes:
        raise TooLarge(f"file is over the {max_bytes}-byte cap")
    if path.name.lower().endswith(".gz") and data[:2] == b"\x1f\x8b":  # saved pages, gzipped
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            data = inflater.decompress(data, max_bytes + 1)
        except zlib.error as exc:
            raise DecodeError(f"broken gzip file: {exc}") from None
        if len(data) > max_bytes:
            raise TooLarge(f"file is over the {max_bytes}-byte cap once decompressed")
    if not path.name.lower().endswith(HTML_SUFFIXES) and not looks_like_html(data):
        raise NotHTML(f"{path.name} is not named .html/.htm and does not look like HTML")
    return data


async def _local_record(raw: str, path: Path, settings: Settings, pool: ExtractPool,
                        base_url: str | None = None) -> Article:
    if settings.block_private_addresses and base_url is None:
        return error_record(raw, BlockedAddress("file:// inputs are refused with "
                                                "block_private_addresses"))
    try:
        body = await asyncio.to_thread(_read_local, path, settings.max_bytes)
    except ScrapekitError as exc:
        return error_record(raw, exc)
    except OSError as exc:
        return error_record(raw, InvalidURL(f"cannot read {path}: {exc.strerror or exc}"))
    return await pool.run(body, raw, base_url or path.resolve().as_uri(), None, None)


def _unextracted_record(item: _Item, result: FetchResult) -> Article:
    """The record of a fetch that goes no further: an error, or fetch-only (--no-extract)."""
    if result.error is not None or result.body is None:
        return error_record(item.raw, result.error or ScrapekitError("no body"),
                            fetch=result.info())
    return Article(url=item.raw, fetch=result.info())


async def _fetched_record(item: _Item, result: FetchResult, settings: Settings,
                          pool: ExtractPool, recorder: WarcRecorder | None = None,
                          fetcher: Any = None) -> Article:
    if recorder is not None and result.status is not None:
        await recorder.awrite(result)  # an OSError here stops the run: the archive is asked for
    if not settings.extract or not result.ok:
        return _unextracted_record(item, result)
    record = await pool.run(result.body, item.raw, result.final_url or item.url,  # type: ignore[arg-type]
                            result.content_type, result.info())
    if settings.render != "never":  # rendering, opt-in (scrapekit.render)
        from .render import rerender

        record = await rerender(record, result, settings, fetcher, pool)
    return record


class _Run:
    """State of one ascrape_many() call: buffers, per-host slots, tasks, duplicate tracking."""

    def __init__(self, settings: Settings, fetcher: Fetcher | ShardedFetcher, pool: ExtractPool,
                 recorder: WarcRecorder | None = None) -> None:
        self.s = settings
        self.recorder = recorder
        self.fetcher = fetcher
        self.pool = pool
        self.pending: dict[str, deque[_Item]] = {}  # host -> items waiting for a slot
        self.ready: deque[str] = deque()  # hosts with waiting items and a free slot
        self.local: deque[tuple[str, Path]] = deque()  # file:// inputs waiting to be read
        self.in_ready: set[str] = set()
        self.active: dict[str, int] = {}  # host -> fetches in flight
        self.buffered = 0
        self.fetching: dict[asyncio.Future[FetchResult], tuple[_Item, str]] = {}
        self.finishing: dict[asyncio.Future[Article], _Item | None] = {}
        self.followers: dict[str, list[str]] = {}  # key in flight -> duplicate inputs waiting
        self.recent: OrderedDict[str, Article] = OrderedDict()  # key -> finished record
        self.max_finishing = settings.concurrency + 2 * settings.workers
        # Tasks report here as they finish, so waiting costs O(1) per task; asyncio.wait() over
        # every task in flight (hundreds) hooked and unhooked each of them on every wake-up.
        self.completed: deque[asyncio.Future[Any]] = deque()
        self._wakeup: asyncio.Future[None] | None = None

    def _start(self, job: Awaitable[Any]) -> asyncio.Future[Any]:
        task = asyncio.ensure_future(job)
        task.add_done_callback(self._on_done)
        return task

    def _on_done(self, task: asyncio.Future[Any]) -> None:
        self.completed.append(task)
        if self._wakeup is not None and not self._wakeup.done():
            self._wakeup.set_result(None)

    # -- admission ----------------------------------------------------------------------------
    def room(self) -> bool:
        return self.buffered < MAX_BUFFERED_INPUTS

    def admit(self, raw: str) -> list[Article]:
        """Take one input; returns records that are already known (invalid URL, duplicate)."""
        if not isinstance(raw, str):
            return [error_record(repr(raw), InvalidURL(f"input is {type(raw).__name__}, not a URL"))]
        path = file_url_path(raw.strip())
        if path is not None:
            self.local.append((raw, path))
            self.buffered += 1
            return []
        try:
            url = check_url(raw)
        except InvalidURL as exc:
            return [error_record(raw, exc)]
        key = dedup_key(url)
        done = self.recent.get(key)
        if done is not None:
            return [replace(done, url=raw)]
        if key in self.followers:
            self.followers[key].append(raw)
            return []
        self.followers[key] = []
        host = origin_of(url)
        self.pending.setdefault(host, deque()).append(_Item(raw, url, key))
        self.buffered += 1
        self._mark_ready(host)
        return []

    def _mark_ready(self, host: str) -> None:
        if (host not in self.in_ready and self.pending.get(host)
                and self.active.get(host, 0) < self.s.per_host):
            self.ready.append(host)
            self.in_ready.add(host)

    # -- dispatch -------------------------------------------------------------------------------
    def dispatch(self) -> None:
        """Start fetches on hosts with a free slot (and local reads), while extraction keeps up."""
        while self.local and len(self.finishing) < self.max_finishing:
            raw, path = self.local.popleft()
            self.buffered -= 1
            self.finishing[self._start(_local_record(raw, path, self.s, self.pool))] = None
        while (self.ready and len(self.fetching) < self.s.concurrency
               and len(self.finishing) < self.max_finishing):
            host = self.ready.popleft()
            self.in_ready.discard(host)
            queue_ = self.pending[host]
            item = queue_.popleft()
            if not queue_:
                del self.pending[host]
            self.buffered -= 1
            self.active[host] = self.active.get(host, 0) + 1
            self.fetching[self._start(self.fetcher.fetch(item.url))] = (item, host)
            self._mark_ready(host)

    @property
    def busy(self) -> bool:
        return bool(self.fetching or self.finishing)

    async def wait(self, extra: list[asyncio.Future[bool]]) -> list[Article]:
        """Wait for progress (or for one of ``extra``); returns the records finished meanwhile."""
        if not self.completed:
            self._wakeup = asyncio.get_running_loop().create_future()
            await asyncio.wait([self._wakeup, *extra], return_when=asyncio.FIRST_COMPLETED)
            self._wakeup = None
        out: list[Article] = []
        while self.completed:
            task = self.completed.popleft()
            if task in self.fetching:
                item, host = self.fetching.pop(task)
                self.active[host] -= 1
                if not self.active[host]:
                    del self.active[host]
                self._mark_ready(host)
                result: FetchResult = task.result()
                if self.recorder is None and (not self.s.extract or not result.ok):
                    self._finish(item, _unextracted_record(item, result), out)  # no hop
                else:
                    job = _fetched_record(item, result, self.s, self.pool, self.recorder,
                                          self.fetcher)
                    self.finishing[self._start(job)] = item
            elif task in self.finishing:
                self._finish(self.finishing.pop(task), task.result(), out)
        return out

    def _finish(self, item: _Item | None, article: Article, out: list[Article]) -> None:
        out.append(article)
        if item is not None:
            out.extend(replace(article, url=raw) for raw in self.followers.pop(item.key, ()))
            self.recent[item.key] = article
            if len(self.recent) > RECENT_RECORDS:
                self.recent.popitem(last=False)

    def cancel(self) -> None:
        for task in [*self.fetching, *self.finishing]:
            task.cancel()


_END = object()
_NOTHING = object()


class _InputReader:
    """Reads the inputs in a daemon thread, so a slow source (stdin fed by another program, a
    sitemap being downloaded) never stalls fetches in flight. Bounded: the thread waits when
    the pipeline is MAX_BUFFERED_INPUTS ahead."""

    def __init__(self, inputs: Iterable[str], limit: int | None) -> None:
        self._inputs = inputs
        self._limit = limit
        self._queue: queue.Queue[object] = queue.Queue(maxsize=MAX_BUFFERED_INPUTS)
        self._loop = asyncio.get_running_loop()
        self._event = asyncio.Event()
        self._stop = threading.Event()
        self._waiter: asyncio.Future[bool] | None = None
        threading.Thread(target=self._read, name="scrapekit-inputs", daemon=True).start()

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.2)
            except queue.Full:
                continue
            if not self._event.is_set():
                try:
                    self._loop.call_soon_threadsafe(self._event.set)
                except RuntimeError:  # the loop is gone: the run was stopped
                    return False
            return True
        return False

    def _read(self) -> None:
        final: object = _END
        try:
            for count, raw in enumerate(self._inputs):
                if self._limit is not None and count >= self._limit:
                    break
                if not self._put(raw):
                    return
        except BaseException as exc:  # reading the inputs failed: the run reports it
            final = exc
        self._put(final)

    def get(self) -> object:
        """The next input, _END, an exception from the source, or _NOTHING when none is ready."""
        try:
            return self._queue.get_nowait()
        except queue.Empty:
            self._event.clear()
        try:  # an item may have landed between the first look and the clear()
            return self._queue.get_nowait()
        except queue.Empty:
            return _NOTHING

    def waiter(self) -> asyncio.Future[bool]:
        if self._waiter is None or self._waiter.done():
            self._waiter = asyncio.ensure_future(self._event.wait())
        return self._waiter

    def close(self) -> None:
        self._stop.set()
        if self._waiter is not None:
            self._waiter.cancel()


async def ascrape_many(inputs: Iterable[str], settings: Settings | None = None, *,
                       recorder: WarcRecorder | None = None) -> AsyncIterator[Article]:
    """Fetch and extract every input; yield one Article per input as each completes.

    Duplicate inputs (same URL after normalisation) are fetched once and still get one record
    each. Invalid inputs get an ``invalid_url`` record at once. With a ``recorder``
    (:class:`scrapekit.warc.WarcRecorder`) every HTTP response is archived as it arrives.
    """
    s = settings or Settings()
    pool = ExtractPool(s.workers, s.extract_timeout, rules=s.rules)
    reader = _InputReader(inputs, s.limit)
    exhausted = False
    fetcher = (ShardedFetcher(s, s.fetchers, want_body=s.extract or recorder is not None)
               if s.fetchers > 1 else Fetcher(s))
    async with fetcher:
        run = _Run(s, fetcher, pool, recorder)
        try:
            while True:
                starved = False
                while not exhausted and run.room():
                    raw = reader.get()
                    if raw is _NOTHING:
                        starved = True
                        break
                    if raw is _END:
                        exhausted = True
                        break
                    if isinstance(raw, BaseException):
                        raise raw
                    for article in run.admit(raw):  # type: ignore[arg-type]
                        yield article
                run.dispatch()
                if exhausted and not run.busy:
                    break
                extra = [reader.waiter()] if starved else []
                for article in await run.wait(extra):
                    yield article
        finally:
            reader.close()
            run.cancel()
            pool.close()
            if s.render != "never":  # the run's browser, if one was started
                from .render import close_browsers

                await close_browsers(fetcher)


async def stream_bounded(jobs: AsyncIterator[Awaitable[Article]], window: int
                         ) -> AsyncIterator[Article]:
    """Run record jobs with at most ``window`` in flight; yield records as they complete."""
    tasks: set[asyncio.Future[Article]] = set()
    try:
        async for job in jobs:
            tasks.add(asyncio.ensure_future(job))
            while len(tasks) >= window:
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


async def aextract_files(paths: Iterable[str], settings: Settings | None = None,
                         url: str | None = None) -> AsyncIterator[Article]:
    """Extract local HTML files (paths or file:// URLs), offline; one record per path.

    The record's ``url`` is ``url`` when given (also the base for relative links), else the
    path as given."""
    s = settings or Settings()
    pool = ExtractPool(s.workers, s.extract_timeout, rules=s.rules)

    async def jobs() -> AsyncIterator[Awaitable[Article]]:
        for count, raw in enumerate(paths):
            if s.limit is not None and count >= s.limit:
                return
            path = file_url_path(raw) or Path(raw)
            yield _local_record(url or raw, path, s, pool, url)

    try:
        async for article in stream_bounded(jobs(), 2 * s.workers + 2):
            yield article
    finally:
        pool.close()


_DONE = object()


def scrape_many(inputs: Iterable[str], settings: Settings | None = None, *,
                recorder: WarcRecorder | None = None) -> Iterator[Article]:
    """Synchronous, streaming twin of :func:`ascrape_many` (runs the event loop in a thread)."""
    return run_sync(lambda: ascrape_many(inputs, settings, recorder=recorder))


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

    running: dict[str, Any] = {}

    async def produce() -> None:
        running["loop"] = asyncio.get_running_loop()
        running["task"] = asyncio.current_task()
        if stop.is_set():
            return
        agen = make()
        try:
            async for article in agen:
                try:
                    out.put_nowait(article)  # the common case: no thread hop per record
                except queue.Full:  # the consumer is behind: wait for it off the loop
                    if not await asyncio.to_thread(put, article):
                        return
        finally:
            await agen.aclose()

    def runner() -> None:
        try:
            asyncio.run(produce())
        except asyncio.CancelledError:  # stopped by the consumer
            pass
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
        loop, task = running.get("loop"), running.get("task")
        if loop is not None and task is not None:  # stop in-flight work now, not at the next record
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # the loop has already finished
                pass
        thread.join(timeout=30)


def scrape(url: str, settings: Settings | None = None) -> Article:
    """Fetch and extract one URL (blocking). Always returns an Article; check ``.error``."""
    for article in scrape_many([url], settings):
        return article
    raise AssertionError("the pipeline yielded no record")  # unreachable: one record per input
