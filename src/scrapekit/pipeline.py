"""The batch pipeline: inputs -> worker processes (fetch + extract) -> records.

Every input yields exactly one Article (possibly an error record), streamed as it completes,
or in input order with ``ordered=True``. The main process reads the inputs, admits them by host
and routes each URL to the worker process that owns its host (:mod:`scrapekit.workers`); the
page is fetched and extracted there and only the record comes back, so the main process costs
well under a millisecond of CPU per page.

Admission is by host: a host holds at most ``HOST_READ_AHEAD`` inputs in the read-ahead
window; more of its inputs are *parked* (up to ``MAX_PARKED``, outside the window), so a dead
or slow host with thousands of URLs never keeps the others' URLs from being read. After
``Settings.max_host_failures`` consecutive connect errors or timeouts a host's circuit breaker
trips: its remaining URLs get a ``connect`` record at once, without a request.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import threading
import time
from collections import OrderedDict, deque
from collections.abc import (AsyncGenerator, AsyncIterator, Awaitable, Callable, Coroutine,
                             Generator, Iterable, Iterator)
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BlockedAddress, ConnectError, InvalidURL
from .fetch.urls import check_url
from .handover import Handover
from .jsonbytes import sanitize
from .record import Article, error_record
from .settings import Settings
from .sources import (NotAString, OwnOriginItem, RemoteItem, as_input, fetched_by,
                      file_url_path, overlong_reason, with_credentials)
from .uncancelled import run_to_end
from .urlkeys import dedup_key
from .workers import Pool, host_key

if TYPE_CHECKING:
    from .fetch.client import FetchResult
    from .warc_write import WarcRecorder

log = logging.getLogger("scrapekit.pipeline")

MAX_BUFFERED_INPUTS = 4096
"""Inputs read ahead of the fetchers (so hosts further down the list get their turn)."""
HOST_READ_AHEAD = 16
"""Inputs of one host counted in the read-ahead window; more of them are parked."""
MAX_PARKED = 100_000
"""Inputs held outside the read-ahead window at most: parked ones (of hosts over
HOST_READ_AHEAD) and duplicates waiting for the fetch of their first copy. Reading waits
beyond, as it does beyond MAX_PARKED_BYTES of their URLs."""
MAX_PARKED_BYTES = 32 << 20
"""The same inputs' URL text held at most (a list of 32 KB URLs would hold 3 GB at
MAX_PARKED; a hot URL repeated millions of times, unbounded, before the count held them)."""
ORDER_WINDOW = 4096
"""With ordered=True: records held back waiting for an earlier input, at most (a slow URL
holds back at most this many records; reading waits beyond)."""
RECENT_RECORDS = 2048
"""Finished records kept to answer duplicate inputs without fetching again."""
ADMIT_STEP = 1024
"""Inputs admitted in one turn of the run's loop at most. Inputs whose record is known at once
(invalid, duplicates, a tripped host) fill no window, so without a step a fast source would be
read to its end in one turn: its records piling up unbounded, and a stop (the consumer's
``close()``) not seen until then."""
MAX_TRIPPED = 10_000
"""Hosts whose circuit breaker tripped, remembered (oldest forgotten first)."""
BREAKER_KINDS = frozenset({"connect", "timeout"})


@dataclass(frozen=True)
class _Item:
    raw: str
    url: str
    key: str
    host: str
    seq: int
    credentials: bool = True
    """May the user's credentials go with its fetch (:func:`scrapekit.sources.with_credentials`)."""


class _Emitter:
    """Records out, in completion order or (``ordered``) in input order through a bounded
    reorder buffer."""

    def __init__(self, ordered: bool) -> None:
        self.ordered = ordered
        self.next_seq = 0  # the next input's number
        self._next_out = 0
        self._held: dict[int, Article] = {}
        self.out: list[Article] = []

    def seq(self) -> int:
        self.next_seq += 1
        return self.next_seq - 1

    def room(self) -> bool:
        return not self.ordered or self.next_seq - self._next_out < ORDER_WINDOW

    def emit(self, seq: int, article: Article) -> None:
        if not self.ordered:
            self.out.append(article)
            return
        self._held[seq] = article
        while self._next_out in self._held:
            self.out.append(self._held.pop(self._next_out))
            self._next_out += 1

    def take(self) -> list[Article]:
        out, self.out = self.out, []
        return out


class _Run:
    """State of one ascrape_many() call: admission by host, tasks, duplicates, breaker."""

    def __init__(self, settings: Settings, pool: Pool, recorder: WarcRecorder | None,
                 ordered: bool) -> None:
        self.s = settings
        self.pool = pool
        self.recorder = recorder
        self.emitter = _Emitter(ordered)
        self.pending: dict[str, deque[_Item]] = {}  # host -> items waiting for a slot
        self.ready: deque[str] = deque()  # hosts with waiting items and a free slot
        self.in_ready: set[str] = set()
        self.active: dict[str, int] = {}  # host -> URLs in flight
        self.local: deque[tuple[_Item, Path]] = deque()  # file:// inputs waiting
        self.window = 0  # inputs read ahead and counted (not parked)
        self.parked = 0  # inputs held outside the window: parked, or following a duplicate
        self.parked_bytes = 0  # their URLs' characters
        self.in_flight: dict[asyncio.Future[Article], _Item] = {}
        self.local_in_flight = 0
        self.max_local = 2 * pool.size + 2
        from .fetch.headers import credential_headers

        self.credentials = bool(credential_headers(settings))  # the user gave some
        self.followers: dict[str, list[tuple[str, int]]] = {}  # key in flight -> duplicates
        self.recent: OrderedDict[str, Article] = OrderedDict()  # key -> finished record
        self.failures: dict[str, int] = {}  # host -> consecutive connect errors/timeouts
        self.tripped: OrderedDict[str, str] = OrderedDict()  # host -> breaker message
        # tasks report here as they finish, so waiting costs O(1) per task
        self.completed: deque[asyncio.Future[Article]] = deque()
        self._wakeup: asyncio.Future[None] | None = None

    def _start(self, job: Awaitable[Article], item: _Item) -> None:
        task = asyncio.ensure_future(job)
        self.in_flight[task] = item
        task.add_done_callback(self._on_done)

    def _on_done(self, task: asyncio.Future[Article]) -> None:
        self.completed.append(task)
        if self._wakeup is not None and not self._wakeup.done():
            self._wakeup.set_result(None)

    # -- admission ------------------------------------------------------------------------------
    def room(self) -> bool:
        return (self.window < MAX_BUFFERED_INPUTS and self.parked < MAX_PARKED
                and self.parked_bytes < MAX_PARKED_BYTES and self.emitter.room())

    def admit(self, raw: object) -> None:
        """Take one input (its record, when already known, goes out at once)."""
        seq = self.emitter.seq()
        raw = as_input(raw)  # (bytes: a list read in binary)
        if isinstance(raw, NotAString):
            self.emitter.emit(seq, error_record(
                raw.text, InvalidURL(f"input is {raw.type_name}, not a URL")))
            return
        if type(raw) not in (str, RemoteItem, OwnOriginItem):  # a caller's str subclass (in
            # __main__, say) may not unpickle in a worker: the plain string it holds, or ours
            # when it derives from one (a sitemap's item keeps what it says of credentials)
            kind = (OwnOriginItem if raw.credentials else RemoteItem) \
                if isinstance(raw, RemoteItem) else str
            raw = kind(str.__str__(raw))
        overlong = overlong_reason(raw)
        if overlong is not None:  # a URL list line too long to be one
            self.emitter.emit(seq, error_record(raw, InvalidURL(overlong)))
            return
        path = file_url_path(raw.strip())
        if path is not None:
            self.local.append((_Item(raw, raw, "", "", seq), path))
            self.window += 1
            return
        try:
            url = check_url(raw)
        except InvalidURL as exc:
            self.emitter.emit(seq, error_record(raw, exc))
            return
        credentials = with_credentials(raw)
        key = dedup_key(url)
        if self.credentials and not credentials:  # fetched without them: another page
            key = "\0no-credentials " + key
        done = self.recent.get(key)
        if done is not None:
            self.emitter.emit(seq, replace(done, url=raw))
            return
        if key in self.followers:
            self.followers[key].append((raw, seq))
            self.parked += 1
            self.parked_bytes += len(raw)
            return
        host = host_key(url)
        if host in self.tripped:
            self.emitter.emit(seq, error_record(raw, ConnectError(self.tripped[host])))
            return
        self.followers[key] = []
        waiting = self.pending.setdefault(host, deque())
        if len(waiting) >= HOST_READ_AHEAD:
            self.parked += 1
            self.parked_bytes += len(raw)
        else:
            self.window += 1
        waiting.append(_Item(raw, url, key, host, seq, credentials))
        self._mark_ready(host)

    def _take(self, host: str) -> _Item:
        waiting = self.pending[host]
        if len(waiting) > HOST_READ_AHEAD:
            self.parked -= 1  # a parked item moves into the window in its place
            self.parked_bytes -= len(waiting[HOST_READ_AHEAD].raw)
        else:
            self.window -= 1
        item = waiting.popleft()
        if not waiting:
            del self.pending[host]
        return item

    def _mark_ready(self, host: str) -> None:
        if (host not in self.in_ready and self.pending.get(host)
                and self.active.get(host, 0) < self.s.per_host):
            self.ready.append(host)
            self.in_ready.add(host)

    # -- dispatch -------------------------------------------------------------------------------
    def dispatch(self) -> None:
        """Start fetches on hosts with a free slot (and local reads)."""
        while self.local and self.local_in_flight < self.max_local:
            item, path = self.local.popleft()
            self.window -= 1
            self.local_in_flight += 1
            self._start(self._local(item, path), item)
        while self.ready and len(self.in_flight) - self.local_in_flight < self.s.concurrency:
            host = self.ready.popleft()
            self.in_ready.discard(host)
            if host not in self.pending:  # its breaker tripped meanwhile
                continue
            item = self._take(host)
            self.active[host] = self.active.get(host, 0) + 1
            self._start(self._scrape(item), item)
            self._mark_ready(host)

    async def _scrape(self, item: _Item) -> Article:
        record, result = await self.pool.scrape(item.raw, item.url, item.credentials)
        if self.recorder is not None and result is not None and result.status is not None:
            # an OSError stops the run: the archive is asked for
            await self.recorder.awrite(result, sanitize(str(record.get("url", item.raw))))
        return Article.from_dict(record)

    async def _local(self, item: _Item, path: Path) -> Article:
        if self.s.block_private_addresses:
            return error_record(item.raw, BlockedAddress("file:// inputs are refused with "
                                                         "block_private_addresses"))
        record, _ = await self.pool.extract_file(item.raw, str(path), None)
        return Article.from_dict(record)

    @property
    def busy(self) -> bool:
        return bool(self.in_flight)

    async def wait(self, extra: list[asyncio.Future[bool]], block: bool = True) -> list[Article]:
        """Wait for progress (or for one of ``extra``; ``block`` False: for one turn of the
        loop only); returns the records to yield."""
        if not block:
            await asyncio.sleep(0)
        elif not self.completed:
            self._wakeup = asyncio.get_running_loop().create_future()
            waits: list[asyncio.Future[Any]] = [self._wakeup, *extra]
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            self._wakeup = None
        while self.completed:
            task = self.completed.popleft()
            item = self.in_flight.pop(task)
            article = task.result()
            if not item.host:
                self.local_in_flight -= 1
            else:
                self.active[item.host] -= 1
                if not self.active[item.host]:
                    del self.active[item.host]
                self._breaker(item.host, article)
                self._mark_ready(item.host)
            self._finish(item, article)
        return self.emitter.take()

    def take(self) -> list[Article]:
        return self.emitter.take()

    def _finish(self, item: _Item, article: Article) -> None:
        self.emitter.emit(item.seq, article)
        if item.key:
            for raw, seq in self.followers.pop(item.key, ()):
                self.emitter.emit(seq, replace(article, url=raw))
                self.parked -= 1
                self.parked_bytes -= len(raw)
            self.recent[item.key] = article
            if len(self.recent) > RECENT_RECORDS:
                self.recent.popitem(last=False)

    # -- circuit breaker ------------------------------------------------------------------------
    def _breaker(self, host: str, article: Article) -> None:
        limit = self.s.max_host_failures
        error = article.error
        if error is None or error.kind not in BREAKER_KINDS or error.status is not None:
            self.failures.pop(host, None)  # the host answered
            return
        count = self.failures[host] = self.failures.get(host, 0) + 1
        if limit and count >= limit and host not in self.tripped:
            self._trip(host, count)

    def _trip(self, host: str, count: int) -> None:
        message = (f"not tried: {host} failed {count} times in a row (connect errors or "
                   f"timeouts); circuit breaker (max_host_failures={self.s.max_host_failures})")
        log.warning("%s: circuit breaker tripped after %d connect errors/timeouts; its "
                    "remaining URLs fail at once", host, count)
        self.tripped[host] = message
        if len(self.tripped) > MAX_TRIPPED:
            self.tripped.popitem(last=False)
        self.failures.pop(host, None)
        while host in self.pending:
            item = self._take(host)
            self._finish(item, error_record(item.raw, ConnectError(message)))

    def cancel(self) -> None:
        for task in self.in_flight:
            task.cancel()


_END = object()
_NOTHING = object()


class _Stopped(Exception):
    """The run stopped while the input thread waited for a sitemap or feed document."""


INPUTS_CLOSE_WAIT = 1.0
"""Seconds, at most, the end of a run waits for the input thread to close the inputs' iterator
while that thread is not inside the iterator's own ``next()`` (handing over an input it takes
at most 0.2 s). A generator blocked inside its own ``next()`` is waited for INPUTS_NEXT_GRACE
only: it is closed when it yields again, after the run."""
INPUTS_NEXT_GRACE = 0.1
"""Seconds a ``next()`` on the inputs that is running when the run ends may take to return
before the end stops waiting (a generator that yields at once is then closed before the run's
end returns; one blocked inside costs this, not INPUTS_CLOSE_WAIT)."""


def _close_iterator(items: Iterator[object]) -> None:
    """Close the iterator the run made of its inputs when it is a generator (its ``finally``
    and ``with`` blocks run now), in the thread that iterates it. Other iterators are left
    as they are (a file object given as the inputs stays open: it is the caller's)."""
    if isinstance(items, Generator):
        items.close()


class _InputReader:
    """Reads the inputs in a daemon thread, so a slow source (stdin fed by another program, a
    sitemap being downloaded) never stalls fetches in flight. Bounded: the thread waits when
    the pipeline is MAX_BUFFERED_INPUTS ahead. When the reading ends for any reason but the
    inputs' end (the run stopped, ``limit`` reached) the thread closes the iterator it made
    of the inputs (a generator: ``close()``, its ``finally``/``with`` blocks run)."""

    def __init__(self, inputs: Iterable[str], limit: int | None,
                 documents: Callable[[str, bool], Coroutine[Any, Any, FetchResult]] | None = None
                 ) -> None:
        self._inputs = inputs
        self._limit = limit
        self._documents = documents
        self._queue: queue.Queue[object] = queue.Queue(maxsize=MAX_BUFFERED_INPUTS)
        self._loop = asyncio.get_running_loop()
        self._event = asyncio.Event()
        self._stop = threading.Event()
        self._waiter: asyncio.Future[bool] | None = None
        self._next_since: float | None = None  # when the next() on the inputs running began
        self._thread = threading.Thread(target=self._read, name="scrapekit-inputs", daemon=True)
        self._thread.start()

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
        route = self._fetch_document if self._documents is not None else None
        try:
            with fetched_by(route):
                items = iter(self._inputs)
                try:
                    for count, raw in enumerate(self._next_inputs(items)):
                        if self._limit is not None and count >= self._limit:
                            break
                        if not self._put(raw):
                            return
                finally:  # here, the one thread that iterates it (a generator is not shared)
                    _close_iterator(items)
        except BaseException as exc:  # reading the inputs failed: the run reports it
            final = exc
        self._put(final)

    def _next_inputs(self, items: Iterator[object]) -> Iterator[object]:
        """``items``, one ``next()`` at a time, flagged while it runs (the caller's code, which
        may block: the end of the run does not wait for it); none once the run stopped."""
        while not self._stop.is_set():
            self._next_since = time.monotonic()
            try:
                raw = next(items)
            except StopIteration:
                return
            finally:
                self._next_since = None
            yield raw

    def _fetch_document(self, url: str, credentials: bool) -> FetchResult:
        """A sitemap or feed document, fetched by the run's loop (in the worker owning its
        host), with the user's credentials or without; waits in this thread, and gives up
        when the run stops (within 0.2 s: the end of the run waits for it, as for a hand-over)."""
        assert self._documents is not None
        if self._stop.is_set():  # the run ended while the source was busy: no fetch scheduled
            raise _Stopped
        job = self._documents(url, credentials)
        try:
            future = asyncio.run_coroutine_threadsafe(job, self._loop)
        except RuntimeError:  # the loop closed between the look and the hand-over
            job.close()  # never scheduled: closed here, so no "never awaited" warning
            raise _Stopped from None
        since, self._next_since = self._next_since, None  # our wait, not the caller's code
        try:
            while True:
                try:
                    return future.result(timeout=0.2)
                except concurrent.futures.TimeoutError:
                    if self._stop.is_set():  # not a SourceError: no warning about the document
                        future.cancel()
                        raise _Stopped from None
        finally:
            self._next_since = None if since is None else time.monotonic()  # the grace anew

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
        waiter = self._waiter
        if waiter is None or waiter.done():
            waiter = self._waiter = asyncio.ensure_future(self._wait())
        return waiter

    async def _wait(self) -> bool:
        return await self._event.wait()

    def close(self) -> None:
        self._stop.set()
        if self._waiter is not None:
            self._waiter.cancel()

    async def closed(self, timeout: float) -> None:
        """After :meth:`close`: wait up to ``timeout`` seconds for the thread to end (it
        closes the inputs' iterator first), without blocking the loop; a ``next()`` on the
        inputs in progress is waited for INPUTS_NEXT_GRACE only (blocked there, the thread
        closes them when they yield again)."""
        if not self._thread.is_alive():
            return
        # a cancellation (the consumer stopping) waits for it too
        await run_to_end(asyncio.to_thread(self._join, timeout))

    def _join(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self._thread.is_alive():
            now, since = time.monotonic(), self._next_since
            if now >= deadline or (since is not None and now - since >= INPUTS_NEXT_GRACE):
                return
            self._thread.join(min(deadline - now, 0.02))


async def ascrape_many(inputs: Iterable[str], settings: Settings | None = None, *,
                       recorder: WarcRecorder | None = None,
                       ordered: bool = False) -> AsyncGenerator[Article, None]:
    """Fetch and extract every input; yield one Article per input as each completes (in
    input order with ``ordered=True``, through a bounded reorder buffer).

    Duplicate inputs (same URL after normalisation) are fetched once and still get one record
    each. Invalid inputs get an ``invalid_url`` record at once. An exception raised while
    reading ``inputs`` (a broken URL list: :class:`scrapekit.sources.SourceError`) ends the
    reading: the inputs read before it still get their records, then it is raised. With a ``recorder``
    (:class:`scrapekit.warc.WarcRecorder`) every HTTP response is archived as it arrives.
    Breaking out of ``async for`` stops the run: the generator's cleanup ends the workers.
    A single string (or bytes) is no list of inputs: TypeError.
    """
    check_inputs(inputs)
    batches = _scrape_batches(inputs, settings, recorder, ordered)
    try:
        async for batch in batches:
            for article in batch:
                yield article
    finally:
        await batches.aclose()


async def _scrape_batches(inputs: Iterable[str], settings: Settings | None,
                          recorder: WarcRecorder | None, ordered: bool
                          ) -> AsyncGenerator[list[Article], None]:
    """:func:`ascrape_many`'s records, in the batches they come in (one hand-over to another
    thread per batch, not per record, for :func:`scrape_many`)."""
    s = settings or Settings()
    from .fetch.client import check_options  # (the network stack: only for runs that fetch)

    check_options(s)  # here, not in the workers (where it failed every start of them)
    if s.render != "never":
        from .render import check_renderer  # (imports no Playwright itself)

        check_renderer(s)
    pool = Pool(s, fetch=True, want_result=recorder is not None)
    run = _Run(s, pool, recorder, ordered)
    reader = _InputReader(inputs, s.limit, pool.document)
    exhausted = False
    failed: BaseException | None = None  # raised once the inputs read before it are done
    try:
        while True:
            starved = False
            admitted = 0
            while not exhausted and run.room() and admitted < ADMIT_STEP:
                raw = reader.get()
                if raw is _NOTHING:
                    starved = True
                    break
                if raw is _END or isinstance(raw, BaseException):
                    exhausted = True
                    failed = raw if isinstance(raw, BaseException) else None
                    break
                run.admit(raw)
                admitted += 1
            run.dispatch()
            ready = run.take()
            if ready:
                yield ready
            if exhausted and not run.busy:
                if failed is not None:
                    raise failed
                break
            more = admitted >= ADMIT_STEP  # inputs may be waiting: one turn of the loop, read on
            extra = [reader.waiter()] if starved else []
            ready = await run.wait(extra, block=not more)
            if ready:
                yield ready
    finally:
        reader.close()
        run.cancel()
        try:
            await pool.aclose()
        finally:  # the caller's generator is closed on return, even when the stop cancels us
            await reader.closed(INPUTS_CLOSE_WAIT)


async def stream_records(settings: Settings,
                         jobs: Callable[[Pool], AsyncIterator[Awaitable[Article] | Article]],
                         ordered: bool = False) -> AsyncGenerator[Article, None]:
    """The pool-and-stream helper of offline extraction (files, archives): builds the pool,
    runs the jobs ``jobs(pool)`` yields with at most 2 per worker (+2) in flight, and yields
    their records as they complete (in the order given with ``ordered``)."""
    pool = Pool(settings, fetch=False)
    window = 2 * pool.size + 2
    tasks: deque[asyncio.Future[Article]] = deque()
    running: set[asyncio.Future[Article]] = set()

    def done_first() -> list[asyncio.Future[Article]]:
        if ordered:
            out = []
            while tasks and tasks[0].done():
                out.append(tasks.popleft())
            return out
        return [t for t in tasks if t.done()]

    async def drain(limit: int) -> AsyncIterator[Article]:
        nonlocal tasks
        while len(tasks) > limit:
            ready = done_first()
            if not ready:
                pending = [tasks[0]] if ordered else list(tasks)
                await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                continue
            if not ordered:
                finished = set(ready)
                tasks = deque(t for t in tasks if t not in finished)
            for task in ready:
                yield task.result()

    stream = jobs(pool)
    try:
        async for job in stream:
            if isinstance(job, Article):
                fut: asyncio.Future[Article] = asyncio.get_running_loop().create_future()
                fut.set_result(job)
                tasks.append(fut)
            else:
                tasks.append(asyncio.ensure_future(job))
            async for article in drain(window - 1):
                yield article
        async for article in drain(0):
            yield article
    finally:
        for task in tasks:
            task.cancel()
        close = getattr(stream, "aclose", None)  # now (its inputs closed), not when collected
        try:
            if close is not None:
                await close()
        finally:
            await pool.aclose()


async def _extract_file(pool: Pool, raw: str, path: Path, base_url: str | None) -> Article:
    record, _ = await pool.extract_file(raw, str(path), base_url)
    return Article.from_dict(record)


async def _extract_stdin(pool: Pool, spooled: str, url: str | None, max_bytes: int) -> Article:
    """The page read from standard input (saved to ``spooled``, at most ``max_bytes`` + 1
    bytes): checked as a file is, extracted with no base but ``url``."""
    from .errors import ScrapekitError, TooLarge
    from .worker import read_local

    record_url = url or "-"
    try:
        body = await asyncio.to_thread(read_local, Path(spooled), max_bytes)
    except ScrapekitError as exc:
        if isinstance(exc, TooLarge) and Path(spooled).stat().st_size > max_bytes:
            exc = TooLarge(f"standard input is over the {max_bytes}-byte cap")
        return error_record(record_url, exc)
    record, _ = await pool.extract(body, record_url, url, None, None)
    return Article.from_dict(record)


async def aextract_files(paths: Iterable[str], settings: Settings | None = None,
                         url: str | None = None, *, ordered: bool = False,
                         stdin: str | None = None) -> AsyncGenerator[Article, None]:
    """Extract local HTML files (paths or file:// URLs), offline; one record per path.

    The record's ``url`` is ``url`` when given (also the base for relative links), else the
    path as given. ``stdin``: the file standard input was saved to (see
    :func:`scrapekit.offline.spooled_stdin`); the path ``-`` then stands for it."""
    check_inputs(paths, "paths")
    s = settings or Settings()

    async def jobs(pool: Pool) -> AsyncIterator[Awaitable[Article] | Article]:
        items = iter(paths)
        try:
            for count, raw in enumerate(items):
                if s.limit is not None and count >= s.limit:
                    return
                if s.block_private_addresses and url is None:
                    yield error_record(raw, BlockedAddress("file:// inputs are refused with "
                                                           "block_private_addresses"))
                    continue
                if raw == "-" and stdin is not None:
                    yield _extract_stdin(pool, stdin, url, s.max_bytes)
                    continue
                yield _extract_file(pool, url or raw, file_url_path(raw) or Path(raw), url)
        finally:  # a run stopped early, or limit: the caller's generator of paths is closed
            _close_iterator(items)

    async for article in stream_records(s, jobs, ordered):
        yield article


_DONE = object()


def check_inputs(inputs: object, name: str = "inputs") -> None:
    """TypeError for one string (or bytes) given where a list of them is expected: iterated, it
    would give one input per character."""
    if isinstance(inputs, (str, bytes, bytearray)):
        raise TypeError(f"{name} must be an iterable of strings, not a single "
                        f"{type(inputs).__name__} (wrap one URL or path in a list)")


def scrape_many(inputs: Iterable[str], settings: Settings | None = None, *,
                recorder: WarcRecorder | None = None, ordered: bool = False
                ) -> Generator[Article, None, None]:
    """Synchronous, streaming twin of :func:`ascrape_many` (runs the event loop in a thread;
    at most :data:`~scrapekit.handover.READ_AHEAD` records wait for a consumer that pauses)."""
    check_inputs(inputs)
    return run_sync(lambda: _scrape_batches(inputs, settings, recorder, ordered), batched=True)


def extract_files(paths: Iterable[str], settings: Settings | None = None,
                  url: str | None = None, *, ordered: bool = False
                  ) -> Generator[Article, None, None]:
    """Synchronous twin of :func:`aextract_files`."""
    check_inputs(paths, "paths")
    return run_sync(lambda: aextract_files(paths, settings, url, ordered=ordered))


def run_sync(make: Callable[[], AsyncIterator[Any]], batched: bool = False
             ) -> Generator[Article, None, None]:
    """Drive an async record stream from synchronous code, streaming, in a helper thread
    (``batched``: the stream yields lists of records, each handed over in one piece). At most
    :data:`~scrapekit.handover.READ_AHEAD` records wait for the consumer: one that pauses
    holds the run back."""
    handover = Handover()
    running: dict[str, Any] = {}

    async def produce() -> None:
        running["loop"] = asyncio.get_running_loop()
        running["task"] = asyncio.current_task()
        if handover.stopped:
            return
        agen = make()
        try:
            async for item in agen:
                rest = handover.offer(item if batched else [item])  # no thread hop, usually
                if rest and not await asyncio.to_thread(handover.put, rest):  # consumer behind
                    return
        finally:
            close = getattr(agen, "aclose", None)  # an async generator's cleanup, now
            if close is not None:
                await close()

    def runner() -> None:
        try:
            asyncio.run(produce())
        except asyncio.CancelledError:  # stopped by the consumer
            pass
        except BaseException as exc:  # handed to the consumer, re-raised there
            handover.finish(exc)
        else:
            handover.finish(_DONE)

    thread = threading.Thread(target=runner, name="scrapekit-pipeline", daemon=True)
    thread.start()
    try:
        while True:
            item = handover.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            for article in item:
                handover.taken()
                yield article
    finally:
        handover.stop()
        loop, task = running.get("loop"), running.get("task")
        if loop is not None and task is not None:  # stop in-flight work now, not at the next record
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # the loop has already finished
                pass
        thread.join(timeout=30)


def scrape(url: str, settings: Settings | None = None) -> Article:
    """Fetch and extract one URL (blocking). Always returns an Article; check ``.error``.
    A URL that is no string (a list, bytes) is a TypeError, not a record of its repr."""
    if not isinstance(url, str):
        raise TypeError(f"scrape() takes one URL as a string, got {type(url).__name__}"
                        + (": for several, use scrape_many()" if not isinstance(url, bytes) else ""))
    for article in scrape_many([url], settings):
        return article
    raise AssertionError("the pipeline yielded no record")  # unreachable: one record per input
