"""The worker process (the child side of :mod:`scrapekit.workers`).

Started as a fresh interpreter (``python -c "from scrapekit.worker import main; main()"``): it
never re-imports the caller's ``__main__``, so the library works from a plain script with no
``if __name__ == "__main__":`` guard. It reads jobs from stdin and writes records to stdout,
as pickled frames (:mod:`scrapekit.channel`):

- ``("u", id, raw, url, may_spill, credentials)``: fetch ``url`` with this process's own
  :class:`Fetcher` (the parent sends every URL of a host to the same worker, so politeness
  holds; ``credentials``: may the user's go with it, see :class:`scrapekit.sources.RemoteItem`)
  and extract it here: the page never crosses a process boundary. Only when this worker has
  pages waiting and the parent said another worker is idle (``may_spill``, e.g. a crawl of one
  site) does a fetched page go back to be extracted elsewhere: ``(id, None, args)``;
- ``("x", id, args)``: extract bytes handed over (WARC records);
- ``("f", id, raw, path, base_url)``: read a local file and extract it;
- ``("d", id, url, credentials)``: fetch a sitemap or feed document of a host this worker
  owns, through the same per-host gates and robots.txt cache as its pages; answered with its
  FetchResult.

Each answer is ``(id, record dict, FetchResult or None, pages waiting here)``. Extraction
runs one page at a time in the event loop's thread, between fetch events. Before each page
(and before a rendered page is extracted again) the job's id and start time go to a shared
16-byte slot, so the parent knows which page a dying or hung worker was on (quarantine and
time budget, see :mod:`scrapekit.workers`).

The worker ignores SIGINT and SIGTERM (the parent stops the run in order) and never outlives
the parent: it exits when its stdin closes, gets SIGKILL when the parent dies (Linux
PR_SET_PDEATHSIG), and a watcher thread checks the parent's pid every second elsewhere.
"""

from __future__ import annotations

import asyncio
import logging
import mmap
import os
import signal
import stat
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .channel import Outbox, open_pipes, read_frame
from .decode import binary_kind, looks_like_html
from .errors import InvalidURL, NotHTML, ScrapekitError, TooLarge, first_line
from .fetch.decompress import ChainDecoder, GzipSniffer, decode_bounded
from .record import Article, FetchInfo, error_record
from .settings import Settings
from .sources import HTML_SUFFIXES

if TYPE_CHECKING:
    from .fetch.client import Fetcher, FetchResult

log = logging.getLogger("scrapekit.worker")

IN_WORKER_BUDGET = 0.8
"""Share of the time budget enforced inside the worker (a clean record); past the whole budget
the parent kills the worker (extraction stuck in C code)."""
SPILL_AT = 2
"""Pages waiting for extraction in a worker before it hands fetched pages to an idle one."""
SLOT = struct.Struct("=qd")
"""The shared slot: id of the job being extracted (-1: none) and its start (time.monotonic)."""


def extract_job(body: bytes, record_url: str, base_url: str | None, content_type: str | None,
                fetch: dict[str, Any] | None, budget: float | None = None,
                rules: Any = None) -> dict[str, Any]:
    """bytes -> record dict. Never raises; ``budget`` (seconds) is enforced in place;
    ``rules``: the run's per-site rules (Settings.rules)."""
    from .extractors import extract

    info = FetchInfo.from_dict(fetch) if fetch else None
    article = extract(body, url=base_url or record_url, content_type=content_type, fetch=info,
                      timeout=budget, rules=rules)
    if article.url != record_url:
        article = replace(article, url=record_url)
    return article.to_dict()


def read_local(path: Path, max_bytes: int) -> bytes:
    """A local page's bytes (``.gz`` pages inflated), within ``max_bytes``."""
    info = path.stat()
    if stat.S_ISDIR(info.st_mode):  # a folder the walk could not list (local_paths)
        try:
            os.listdir(path)
        except OSError as exc:
            raise InvalidURL(f"{path} is a folder that cannot be read: "
                             f"{exc.strerror or exc}") from None
        raise InvalidURL(f"{path} is a folder, not a page")
    if not stat.S_ISREG(info.st_mode):  # a FIFO, a device (/dev/zero)
        raise InvalidURL(f"{path} is not a regular file")
    if info.st_size > max_bytes:
        raise TooLarge(f"file is {info.st_size} bytes, over the {max_bytes}-byte cap")
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)  # the file may have grown since stat()
    if len(data) > max_bytes:
        raise TooLarge(f"file is over the {max_bytes}-byte cap")
    name = path.name.lower()
    # saved pages, gzipped (page.html.gz, or stored as sent): inflated by content, by the
    # fetcher's bounded decoder (every member, trailing bytes ignored)
    data, more = decode_bounded((data,), GzipSniffer(ChainDecoder(None), cut=(
        "truncated gzip file: it ends before its compressed data does")), max_bytes)
    if more:
        raise TooLarge(f"file is over the {max_bytes}-byte cap once decompressed")
    kind = binary_kind(data)
    if kind is not None:  # report.html that is a PDF: whatever its name says
        raise NotHTML(f"{path.name} is {kind}, not HTML")
    if not name.endswith(HTML_SUFFIXES) and not looks_like_html(data):  # doc.pdf: as a fetch would
        raise NotHTML(f"{path.name} is not named .html/.htm and does not look like HTML")
    return data


def unextracted_record(raw: str, result: FetchResult) -> Article:
    """The record of a fetch that goes no further: an error, or fetch-only (--no-extract)."""
    if result.error is not None or result.body is None:
        return error_record(raw, result.error or ScrapekitError("no body"), fetch=result.info())
    return Article(url=raw, fetch=result.info())


FOLLOW_UP_KINDS: frozenset[str] = frozenset()
"""Error kinds of an extracted page that go to :func:`follow_up` (e.g. ``not_article`` for
rendering); empty: no page takes the extra step."""


class _InPlace:
    """Extraction in this worker, for a step that extracts a page again (a rendered page).
    With a ``slot``, the job ``ident`` is on it while it runs, as for a first extraction: a
    page whose rendered DOM kills the worker is the one blamed (and timed)."""

    def __init__(self, job: Callable[..., dict[str, Any]], budget: float | None,
                 rules: Any, slot: _Slot | None = None, ident: int = -1) -> None:
        self.job, self.budget, self.rules = job, budget, rules
        self.slot, self.ident = slot or _Slot(None), ident

    async def run(self, body: bytes, record_url: str, base_url: str, content_type: str | None,
                  fetch: FetchInfo | None) -> Article:
        kw = {"rules": self.rules} if self.rules is not None else {}
        with self.slot.holding(self.ident):
            return Article.from_dict(self.job(body, record_url, base_url, content_type,
                                              fetch.to_dict() if fetch else None, self.budget,
                                              **kw))


async def follow_up(fetcher: Fetcher, result: FetchResult, record: dict[str, Any],
                    settings: Settings, redo: _InPlace) -> dict[str, Any]:
    """The one post-extraction step, run in the process that holds the Fetcher (so the host's
    politeness, robots.txt and guard apply), for a fetched page whose extraction ended with an
    error kind in :data:`FOLLOW_UP_KINDS`, or any page when rendering is on: the page is
    rendered when ``settings.render`` asks (:func:`scrapekit.render.rerender`) and extracted
    again here. Returns the record to send."""
    if settings.render == "never":
        return record
    from .render import rerender

    article = await rerender(Article.from_dict(record), result, settings, fetcher, redo)
    return article.to_dict()


@dataclass
class WorkerConfig:
    settings: Settings
    fetch: bool = False
    """Run a Fetcher for ``u`` jobs."""
    want_result: bool = False
    """Send each URL job's FetchResult (with its body) back too (WARC recording)."""
    job: Callable[..., dict[str, Any]] = extract_job
    slot_fd: int | None = None
    log_level: int = logging.WARNING
    """The level of the ``scrapekit`` loggers in the parent (``-v``): fetching, robots.txt and
    rendering log in the workers."""


class _Slot:
    def __init__(self, fd: int | None) -> None:
        self._map = mmap.mmap(fd, SLOT.size) if fd is not None else None

    def start(self, ident: int) -> None:
        if self._map is not None:
            SLOT.pack_into(self._map, 0, ident, time.monotonic())

    def clear(self) -> None:
        if self._map is not None:
            SLOT.pack_into(self._map, 0, -1, 0.0)

    @contextmanager
    def holding(self, ident: int) -> Iterator[None]:
        """The job ``ident`` is on the slot while the block runs."""
        self.start(ident)
        try:
            yield
        finally:
            self.clear()


class _Worker:
    def __init__(self, cfg: WorkerConfig, outbox: Outbox) -> None:
        self.cfg = cfg
        s = cfg.settings
        self.outbox = outbox
        self.slot = _Slot(cfg.slot_fd)
        self.budget = s.extract_timeout * IN_WORKER_BUDGET if s.extract_timeout else None
        # (id, job, the page's FetchResult when fetched here, fetched with credentials)
        self.todo: deque[tuple[int, tuple[Any, ...], FetchResult | None, bool]] = deque()
        self.wake = asyncio.Event()
        self.tasks: set[asyncio.Future[None]] = set()
        self.fetcher: Fetcher | None = None
        self.documents: Fetcher | None = None  # sitemaps and feeds, made on first need
        self.public: Fetcher | None = None  # renders a page fetched without credentials
        self.rules = s.rules
        self.render = s.render != "never"
        if cfg.fetch:
            from .fetch.client import Fetcher
            from .fetch.politeness import Politeness

            self.fetcher = Fetcher(s)
            # the parent's pipeline owns admission (global and per-host counts, by hostname);
            # the gates here keep time only: delays, Crawl-delay, Retry-After pauses
            self.fetcher.politeness = Politeness(None, s.delay)

    def take(self, msg: tuple[Any, ...]) -> None:
        kind, ident = msg[0], msg[1]
        if kind == "u":
            self._spawn(self._scrape(ident, msg[2], msg[3], msg[4], msg[5]))
            return
        if kind == "d":
            self._spawn(self._document(ident, msg[2], msg[3]))
            return
        self.todo.append((ident, msg, None, True))
        self.wake.set()

    def _spawn(self, job: Any) -> None:
        task = asyncio.ensure_future(job)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _answer(self, ident: int, record: dict[str, Any] | None, extra: Any) -> None:
        self.outbox.send((ident, record, extra, len(self.todo)))

    async def _scrape(self, ident: int, raw: str, url: str, may_spill: bool,
                      credentials: bool) -> None:
        assert self.fetcher is not None
        result = await self.fetcher.fetch(url, credentials=credentials)
        s = self.cfg.settings
        if not s.extract or not result.ok:
            if not self.cfg.want_result and result.body is not None:
                result.body = b""
            self._answer(ident, unextracted_record(raw, result).to_dict(),
                         result if self.cfg.want_result else None)
            return
        args = (result.body, raw, result.final_url or url, result.content_type,
                result.info().to_dict())
        if (may_spill and len(self.todo) >= SPILL_AT and not self.cfg.want_result
                and not self.render):  # (a page that may be rendered stays with its host's Fetcher)
            self._answer(ident, None, args)  # another worker is idle: extract it there
            return
        self.todo.append((ident, ("x", ident, args), result, credentials))
        self.wake.set()

    async def _document(self, ident: int, url: str, credentials: bool) -> None:
        assert self.fetcher is not None
        if self.documents is None:
            from .sources import document_settings

            self.documents = self.fetcher.sharing_hosts(
                document_settings(self.cfg.settings), any_type=True)
        result = await self.documents.fetch(url, credentials=credentials)
        self._answer(ident, {"document": url}, result)

    def _page_fetcher(self, credentials: bool) -> Fetcher:
        """The Fetcher a fetched page's follow-up step (rendering) uses: the run's, or for a
        page fetched without the user's credentials one that has none (the same host gates
        and robots.txt cache), so its scripts' requests carry none either."""
        assert self.fetcher is not None
        from .fetch.headers import credential_headers, public_settings

        if credentials or not credential_headers(self.cfg.settings):
            return self.fetcher
        if self.public is None:
            self.public = self.fetcher.sharing_hosts(public_settings(self.cfg.settings))
        return self.public

    def _run(self, ident: int, msg: tuple[Any, ...]) -> dict[str, Any]:
        record_url = msg[2][1] if msg[0] == "x" else msg[2]
        with self.slot.holding(ident):
            try:
                kw = {"rules": self.rules} if self.rules is not None else {}
                if msg[0] == "x":
                    return self.cfg.job(*msg[2], self.budget, **kw)
                _, _, raw, path, base_url = msg
                try:
                    body = read_local(Path(path), self.cfg.settings.max_bytes)
                except ScrapekitError as exc:
                    return error_record(raw, exc).to_dict()
                except OSError as exc:
                    return error_record(raw, InvalidURL(f"cannot read {path}: "
                                                        f"{exc.strerror or exc}")).to_dict()
                return self.cfg.job(body, raw, base_url or Path(path).resolve().as_uri(), None,
                                    None, self.budget, **kw)
            except Exception as exc:  # noqa: BLE001 - a record per job, whatever happens
                return error_record(record_url, exc).to_dict()

    async def extract_loop(self) -> None:
        while True:
            if not self.todo:
                self.wake.clear()
                await self.wake.wait()
                continue
            ident, msg, result, credentials = self.todo.popleft()
            record = self._run(ident, msg)
            error = record.get("error")
            if (result is not None and self.fetcher is not None
                    and (self.render or (error and error.get("kind") in FOLLOW_UP_KINDS))):
                self._spawn(self._follow_up(ident, result, record, credentials))
            else:
                self._answer(ident, record, result if self.cfg.want_result else None)
            await asyncio.sleep(0)  # let fetch events in between two pages

    async def _follow_up(self, ident: int, result: FetchResult, record: dict[str, Any],
                         credentials: bool) -> None:
        fetcher = self._page_fetcher(credentials)
        try:
            record = await follow_up(fetcher, result, record, fetcher.settings,
                                     _InPlace(self.cfg.job, self.budget, self.rules,
                                              self.slot, ident))
        except Exception as exc:  # noqa: BLE001 - the page keeps its first record
            log.warning("post-extraction step failed: %s", first_line(exc))  # (not its repr:
            # a browser's error holds pages of its logs)
        self._answer(ident, record, result if self.cfg.want_result else None)

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        for fetcher in (self.public, self.fetcher):
            if fetcher is None:
                continue
            if self.render:  # this worker's browser, if it started one
                from .render import close_browsers

                await close_browsers(fetcher)
            await fetcher.aclose()
        if self.documents is not None:
            await self.documents.aclose()


PAGE_LOGGERS = ("trafilatura", "htmldate", "justext", "courlan", "readability", "charset_normalizer")
"""Libraries that log about the page they are given ("empty HTML tree", "discarding data"):
the record says what went wrong, so their lines show only with ``-vv`` (debug); their
complaints about a page are in its record already."""


async def _serve(fd_in: int, fd_out: int) -> None:
    reader, outbox = await open_pipes(fd_in, fd_out)
    try:
        path = await read_frame(reader)
        sys.path.extend(p for p in path if p not in sys.path)  # the parent's job functions
        cfg: WorkerConfig = await read_frame(reader)
    except asyncio.IncompleteReadError:
        return
    logging.getLogger().setLevel(min(cfg.log_level, logging.WARNING))
    if cfg.settings.extract:
        _warm_up()
    for name in PAGE_LOGGERS:  # (after the imports: trafilatura's sets htmldate's level)
        logging.getLogger(name).setLevel(logging.NOTSET if cfg.log_level <= logging.DEBUG
                                         else logging.CRITICAL)
    worker = _Worker(cfg, outbox)
    extracting = asyncio.ensure_future(worker.extract_loop())
    try:
        while True:
            try:
                msg = await read_frame(reader)
            except asyncio.IncompleteReadError:  # stdin closed: the parent is done
                break
            worker.take(msg)
    finally:
        extracting.cancel()
        await asyncio.gather(extracting, return_exceptions=True)
        await worker.close()
    outbox.flush()  # the last answers
    await asyncio.sleep(0)
    outbox.writer.close()


def _warm_up() -> None:
    """Load the extraction stack and its lazy tables before the first page; freeze what was
    built so the collector never walks it again."""
    import gc

    import scrapekit.extractors  # noqa: F401
    import scrapekit.extractors.warmup  # noqa: F401

    gc.collect()
    gc.freeze()


MALLOC_MMAP_THRESHOLD = 1 << 20
MALLOC_TRIM_THRESHOLD = 4 << 20


def _tune_malloc() -> None:
    """Fixed glibc malloc thresholds (glibc only): blocks of 1 MiB and more in their own
    mappings, heap tops over 4 MiB given back. By default glibc raises both thresholds after
    the first big page, keeping every large parse buffer in a fragmented heap (measured: peak
    RSS per worker 143 -> 130 MB over 4,000 pages, ~1% more extraction CPU)."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, ValueError, OSError, ImportError):
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # from <malloc.h>
    mallopt(m_trim_threshold, MALLOC_TRIM_THRESHOLD)
    mallopt(m_mmap_threshold, MALLOC_MMAP_THRESHOLD)


PR_SET_PDEATHSIG = 1


def watch_parent(parent: int) -> None:
    """Never outlive ``parent``: SIGKILL on its death (Linux), else a thread polling the pid."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before we could ask
        os._exit(1)

    def poll() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=poll, name="scrapekit-parent-watch", daemon=True).start()


def main() -> None:
    if len(sys.argv) > 1:
        watch_parent(int(sys.argv[1]))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and SIGTERM
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _tune_malloc()
    from .redact import install_log_filter

    # a worker is our own process: its log lines and warnings go to stderr, redacted (with no
    # handler, Python drops captured warnings into a NullHandler)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="scrapekit: %(levelname)s %(name)s: %(message)s")
    install_log_filter(capture_warnings=True)
    channel_out = os.dup(1)
    os.dup2(2, 1)  # a stray print in a dependency goes to stderr, not into the channel
    try:
        asyncio.run(_serve(0, channel_out))
    except (BrokenPipeError, ConnectionError):  # the parent went away
        pass


__all__ = ["WorkerConfig", "extract_job", "follow_up", "main", "read_local",
           "unextracted_record"]
