"""Offline extraction: local HTML files and WARC archives, through the same pool-and-stream
helper (:func:`scrapekit.pipeline.stream_records`)."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Generator, Iterable, Iterator
from contextlib import contextmanager
from typing import IO

from .pipeline import check_inputs, aextract_files, run_sync, stream_records
from .record import Article, error_record
from .settings import Settings
from .warc_read import WarcResponse, WarcStats, error_for, is_warc_path, iter_warc
from .workers import Pool


async def aextract_warc(paths: Iterable[str | os.PathLike[str]], settings: Settings | None = None,
                        stats: WarcStats | None = None, *, errors: bool = False,
                        ordered: bool = False) -> AsyncGenerator[Article, None]:
    """Extract every HTML response of the WARC files; one Article per HTML response, offline.

    The record's ``url`` is the WARC-Target-URI, or, in scrapekit's own archives, the input
    the page was fetched for (its ``Scrapekit-Input-URL`` field); ``fetch`` holds the archived
    URL as ``finalUrl``, the archived status and content type, WARC-Date as ``fetchedAt``,
    ``attempts`` 1 and ``elapsedMs`` null.
    Extraction runs in the worker pool (``settings.workers`` processes). Skipped
    records and damage are counted in ``stats`` (pass a :class:`WarcStats` to read them after
    the loop). ``errors=True`` also yields an error record for each skipped HTTP response
    (``http_status`` for non-2xx, ``not_html``, ``too_large``), as a live scrape would have;
    records without HTTP headers and non-response records never yield anything.
    ``settings.limit`` caps the number of records yielded."""
    check_inputs(paths, "paths")
    s = settings or Settings()
    stats = stats if stats is not None else WarcStats()
    reader = _ThreadedReader(paths, stats, s.max_bytes, html_only=not errors)

    async def jobs(pool: Pool) -> AsyncIterator[Awaitable[Article] | Article]:
        produced = 0
        while s.limit is None or produced < s.limit:
            res = await reader.next()
            if res is None:
                return
            if res.skip == "no_http":
                continue
            produced += 1
            if res.skip is not None:
                yield error_record(res.record_url, error_for(res), fetch=res.fetch_info())
            else:
                yield _extract(pool, res)

    try:
        async for article in stream_records(s, jobs, ordered):
            yield article
    finally:
        reader.close()


async def _extract(pool: Pool, res: WarcResponse) -> Article:
    record, _ = await pool.extract(res.body or b"", res.record_url, res.url, res.content_type,
                                   res.fetch_info().to_dict())
    return Article.from_dict(record)


class _ThreadedReader:
    """Reads records off the event loop (file I/O and gunzip), one record per hop, each in a
    daemon thread of its own: a run stopped by a signal exits at once, not when the read of a
    large record ends (the default executor's threads are joined at exit)."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]], stats: WarcStats, max_bytes: int,
                 html_only: bool) -> None:
        self._it = self._records(paths, stats, max_bytes, html_only)
        self._closed = False

    @staticmethod
    def _records(paths: Iterable[str | os.PathLike[str]], stats: WarcStats, max_bytes: int,
                 html_only: bool) -> Generator[WarcResponse, None, None]:
        for path in paths:
            yield from iter_warc(path, stats, max_bytes, html_only=html_only)

    async def next(self) -> WarcResponse | None:
        if self._closed:
            return None
        loop = asyncio.get_running_loop()
        done: asyncio.Future[WarcResponse | None] = loop.create_future()

        def hand(item: WarcResponse | None, exc: BaseException | None) -> None:
            if done.done():  # cancelled meanwhile
                return
            if exc is not None:
                done.set_exception(exc)
            else:
                done.set_result(item)

        def read() -> None:
            item, error = None, None
            try:
                item = next(self._it, None)
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
                error = exc
            try:
                loop.call_soon_threadsafe(hand, item, error)
            except RuntimeError:  # the loop is closed: nobody waits
                pass

        threading.Thread(target=read, name="scrapekit-warc-read", daemon=True).start()
        return await done

    def close(self) -> None:
        self._closed = True
        try:
            self._it.close()
        except ValueError:  # still running in the thread (cancelled mid-read): it ends there
            pass


def extract_warc(paths: Iterable[str | os.PathLike[str]], settings: Settings | None = None,
                 stats: WarcStats | None = None, *, errors: bool = False,
                 ordered: bool = False) -> Generator[Article, None, None]:
    """Synchronous, streaming twin of :func:`aextract_warc`."""
    check_inputs(paths, "paths")
    return run_sync(lambda: aextract_warc(paths, settings, stats, errors=errors,
                                          ordered=ordered))


@contextmanager
def spooled_stdin(stream: IO[bytes], max_bytes: int) -> Iterator[str]:
    """Standard input saved to a temporary file, at most ``max_bytes`` + 1 bytes (one more
    than a page may have, so an over-long input is known as such): the page ``extract -``
    reads (see :func:`aextract_paths`). The file is removed afterwards."""
    folder = tempfile.mkdtemp(prefix="scrapekit-stdin-")
    path = os.path.join(folder, "stdin.html")
    try:
        with open(path, "wb") as fh:
            left = max_bytes + 1
            while left > 0:
                chunk = stream.read(min(left, 1 << 16))
                if not chunk:
                    break
                fh.write(chunk)
                left -= len(chunk)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _is_warc(path: str, stdin: str | None) -> bool:
    return not (path == "-" and stdin is not None) and is_warc_path(path)


async def aextract_paths(paths: Iterable[str], settings: Settings | None = None,
                         url: str | None = None, stats: WarcStats | None = None, *,
                         errors: bool = False, ordered: bool = False,
                         stdin: str | None = None) -> AsyncGenerator[Article, None]:
    """``scrapekit extract`` over a mix of HTML files and WARC files, in the order given:
    WARC paths (:func:`is_warc_path`) go to :func:`aextract_warc` (many records each), the
    others to :func:`scrapekit.pipeline.aextract_files` (one record each; ``url`` applies to
    them only). ``settings.limit`` caps the records of each run of same-kind paths.
    ``stdin``: the page standard input held (:func:`spooled_stdin`), read for the path ``-``
    (record url ``-`` unless ``url`` is given)."""
    check_inputs(paths, "paths")
    rest = iter(paths)
    head = next(rest, None)
    while head is not None:
        warc = _is_warc(head, stdin)
        following: list[str] = []  # the first path of the other kind, once reached

        def run(first: str = head, warc: bool = warc,
                following: list[str] = following) -> Iterator[str]:
            yield first
            for path in rest:
                if _is_warc(path, stdin) != warc:
                    following.append(path)
                    return
                yield path

        agen = (aextract_warc(run(), settings, stats, errors=errors, ordered=ordered) if warc
                else aextract_files(run(), settings, url, ordered=ordered, stdin=stdin))
        async for article in agen:
            yield article
        head = following[0] if following else None


def extract_paths(paths: Iterable[str], settings: Settings | None = None, url: str | None = None,
                  stats: WarcStats | None = None, *, errors: bool = False,
                  ordered: bool = False, stdin: str | None = None
                  ) -> Generator[Article, None, None]:
    """Synchronous, streaming twin of :func:`aextract_paths` (for the CLI's ``extract``)."""
    check_inputs(paths, "paths")
    return run_sync(lambda: aextract_paths(paths, settings, url, stats, errors=errors,
                                           ordered=ordered, stdin=stdin))


__all__ = ["aextract_paths", "aextract_warc", "extract_paths", "extract_warc", "spooled_stdin"]
