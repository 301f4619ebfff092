"""WARC archives in and out.

In: :func:`iter_warc` reads the response records of a WARC file (plain, gzipped per record,
or gzipped as one stream), :func:`aextract_warc` turns every HTML response into one record
(``url`` = WARC-Target-URI, ``fetch`` from the stored HTTP headers and WARC-Date). Other
records are skipped and counted in a :class:`WarcStats`; a damaged or truncated file keeps
the records before the damage, and the damage is reported there (and logged), never raised.

Out: :class:`WarcRecorder` writes each fetched response as a request + response record pair
(WARC/1.1, one gzip member per record, flushed per record), so a run can be re-extracted
later, offline, with ``aextract_warc``.

Reading and writing use warcio (pure Python, reads and writes, widely used); FastWARC reads
faster but extraction costs far more than reading (see benchmarks/warc_read.py).
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import os
import stat
import threading
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Iterable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlsplit, urlunsplit

from .errors import HTTPStatusError, NotHTML, ScrapekitError, TooLarge
from .fetch.client import ACCEPT, HTML_TYPES, SNIFF_BYTES, SNIFF_TYPES, FetchResult, looks_like_html
from .record import Article, FetchInfo, error_record
from .settings import Settings
from .sources import WARC_SUFFIXES
from .pipeline import stream_bounded
from .workers import ExtractPool

log = logging.getLogger("scrapekit.warc")

SOFTWARE = "scrapekit"
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
_DROPPED_RESPONSE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
_READ_CHUNK = 64 * 1024


# -- reading ------------------------------------------------------------------------------------

@dataclass
class WarcDamage:
    """Where reading a file stopped early, and why."""

    path: str
    offset: int | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "offset": self.offset, "message": self.message}


@dataclass
class WarcStats:
    """Counts of one or more WARC reads. ``skipped`` maps a reason to a count:

    ``request``, ``warcinfo``, ``metadata``, ``revisit``, ... (non-response record types, by
    WARC-Type), ``not_html``, ``redirect``, ``http_status`` (non-2xx), ``truncated`` (a
    response stored without its body), ``too_large`` (over Settings.max_bytes), ``no_http``
    (a response record without HTTP headers, e.g. dns:). ``damaged`` lists files whose reading
    stopped early; the records before the damage were kept."""

    files: int = 0
    records: int = 0
    responses: int = 0
    html: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    damaged: list[WarcDamage] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "records": self.records, "responses": self.responses,
                "html": self.html, "skipped": dict(sorted(self.skipped.items())),
                "damaged": [d.to_dict() for d in self.damaged]}

    def summary(self) -> str:
        """One line for the CLI: "12 WARC records, 3 HTML responses; skipped: ..."."""
        parts = [f"{self.records} WARC records in {self.files} file(s), "
                 f"{self.html} HTML responses extracted"]
        if self.skipped:
            parts.append("skipped " + ", ".join(f"{k} {v}" for k, v in sorted(self.skipped.items())))
        for d in self.damaged:
            where = f" at offset {d.offset}" if d.offset is not None else ""
            parts.append(f"damaged: {d.path}{where}: {d.message}")
        return "; ".join(parts)


@dataclass
class WarcResponse:
    """One response record. ``skip`` is None for an HTML page to extract, else the reason it
    is not one (a key of :attr:`WarcStats.skipped`). ``body`` is the HTTP payload with any
    transfer and content encoding removed (None when skipped before reading it)."""

    url: str
    status: int | None
    content_type: str | None
    date: str | None
    headers: list[tuple[str, str]]
    body: bytes | None
    offset: int | None
    skip: str | None = None
    truncated: str | None = None

    def fetch_info(self) -> FetchInfo:
        return FetchInfo(final_url=self.url, status=self.status, content_type=self.content_type,
                         fetched_at=self.date, attempts=1, elapsed_ms=None)


def is_warc_path(path: str | os.PathLike[str]) -> bool:
    """True for a file named *.warc or *.warc.gz, or whose first bytes are a WARC record
    (plain or gzipped). Never raises (False for anything unreadable)."""
    name = os.fspath(path)
    if name.lower().endswith(WARC_SUFFIXES):
        return True
    try:
        if not stat.S_ISREG(os.stat(name).st_mode):  # never open a FIFO or a device
            return False
        with open(name, "rb") as fh:
            head = fh.read(64)
            if head[:2] == b"\x1f\x8b":
                fh.seek(0)
                with gzip.open(fh) as gz:
                    head = gz.read(8)
    except (OSError, EOFError, ValueError):
        return False
    return head.startswith(b"WARC/")


def _media(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _target_uri(record: Any) -> str:
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    return uri.strip().strip("<>")  # some WARC/0.x writers wrapped it in <>


def _read_capped(stream: Any, cap: int) -> tuple[bytes, bool]:
    """Up to ``cap`` bytes; True when there was more."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_READ_CHUNK, cap + 1 - size))
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
        if size > cap:
            return b"".join(chunks)[:cap], True


def _response(record: Any, offset: int | None, max_bytes: int) -> WarcResponse:
    http = record.http_headers
    url = _target_uri(record)
    date = record.rec_headers.get_header("WARC-Date")
    truncated = record.rec_headers.get_header("WARC-Truncated")
    if http is None or not url.lower().startswith(("http:", "https:")):
        return WarcResponse(url, None, None, date, [], None, offset, skip="no_http")
    try:
        status: int | None = int(http.get_statuscode())
    except (TypeError, ValueError):
        status = None
    ctype = http.get_header("Content-Type")
    res = WarcResponse(url, status, ctype, date, list(http.headers), None, offset,
                       truncated=truncated)
    media = _media(ctype)
    if status is None or not 200 <= status < 300:
        res.skip = "redirect" if status is not None and 300 <= status < 400 else "http_status"
        return res
    if media and media not in HTML_TYPES and media not in SNIFF_TYPES:
        res.skip = "not_html"
        return res
    body, more = _read_capped(record.content_stream(), max_bytes)
    res.body = body
    if more:
        res.skip = "too_large"
    elif not body and truncated:
        res.skip = "truncated"
    elif media not in HTML_TYPES and not looks_like_html(body[:SNIFF_BYTES]):
        res.skip = "not_html"
    return res


def _open_records(fh: IO[bytes]) -> Any:
    from warcio.archiveiterator import ArchiveIterator

    return ArchiveIterator(fh, no_record_parse=False)


def iter_warc(path: str | os.PathLike[str], stats: WarcStats | None = None,
              max_bytes: int = Settings.max_bytes, *, html_only: bool = True
              ) -> Iterator[WarcResponse]:
    """The response records of one WARC file, in file order (HTML pages only unless
    ``html_only=False``, which also yields the skipped responses with ``skip`` set).

    Plain, per-record-gzipped and whole-file-gzipped WARC are read. Counts go to ``stats``.
    A damaged or truncated file ends the iteration after the last good record; the damage is
    appended to ``stats.damaged`` and logged, never raised (an unreadable file included)."""
    from warcio.exceptions import ArchiveLoadFailed

    stats = stats if stats is not None else WarcStats()
    name = os.fspath(path)
    stats.files += 1
    done = 0  # records consumed, to skip them when re-reading a whole-file gzip
    whole_gzip = False
    while True:
        try:
            fh: IO[bytes] = gzip.open(name, "rb") if whole_gzip else open(name, "rb")
        except OSError as exc:
            _damaged(stats, name, None, f"cannot open: {exc.strerror or exc}")
            return
        offset: int | None = None
        end = 0
        try:
            with fh:
                records = _open_records(fh)
                seen = 0
                for record in records:
                    seen += 1
                    if seen <= done:
                        continue
                    offset = None if whole_gzip else getattr(records, "offset", None)
                    errs = records.err_count
                    rtype = record.rec_type or "unknown"
                    if record.length is None:  # no Content-Length: the header block was cut
                        raise EOFError(f"{rtype} record header without Content-Length "
                                       "(file cut short?)")
                    res = _response(record, offset, max_bytes) if rtype == "response" else None
                    records.read_to_end()  # drains the record: now we know if it is whole
                    missing = getattr(record.raw_stream, "limit", 0)
                    if missing:
                        raise EOFError(f"file ends inside a {rtype} record "
                                       f"({missing} bytes missing)")
                    if records.err_count > errs:
                        raise ValueError(f"{rtype} record not followed by the record separator "
                                         "(wrong Content-Length or damaged data)")
                    stats.records += 1
                    done += 1
                    end = getattr(records, "offset", 0)
                    if res is None:
                        stats.skipped[rtype] += 1
                        continue
                    stats.responses += 1
                    if res.skip is None:
                        stats.html += 1
                    else:
                        stats.skipped[res.skip] += 1
                        if html_only:
                            continue
                    yield res
            if not whole_gzip:
                _check_tail(name, end)
            return
        except ArchiveLoadFailed as exc:
            if "non-chunked gzip" in str(exc) and not whole_gzip:
                whole_gzip = True  # one gzip stream around all records: read it as such
                continue
            _damaged(stats, name, offset, _first_line(exc))
            return
        except (EOFError, OSError, ValueError, IndexError, KeyError, UnicodeDecodeError) as exc:
            # zlib.error is not an OSError subclass: caught below
            _damaged(stats, name, offset, _first_line(exc))
            return
        except Exception as exc:  # noqa: BLE001 - zlib.error and any parser surprise
            _damaged(stats, name, offset, _first_line(exc))
            return


def _check_tail(name: str, end: int) -> None:
    """warcio ends quietly when a file stops inside a record header: bytes left after the last
    whole record (other than blank lines) mean the file was cut there."""
    size = os.path.getsize(name)
    if size <= end:
        return
    with open(name, "rb") as fh:
        fh.seek(end)
        tail = fh.read(4096)
    if tail.strip(b"\r\n"):
        raise EOFError(f"{size - end} bytes after the last whole record (at offset {end}) "
                       "cannot be read: file cut short inside a record header?")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    message = text[0].strip() if text else ""
    return f"{exc.__class__.__name__}: {message}".rstrip(": ")[:300]


def _damaged(stats: WarcStats, path: str, offset: int | None, message: str) -> None:
    where = f" after offset {offset}" if offset is not None else ""
    log.warning("WARC %s is damaged%s: %s; records before it were kept", path, where, message)
    stats.damaged.append(WarcDamage(path, offset, message))


def _error_for(res: WarcResponse) -> ScrapekitError:
    if res.skip in ("http_status", "redirect"):
        reason = ""
        if res.status is not None:
            try:
                reason = " " + HTTPStatus(res.status).phrase
            except ValueError:
                pass
        return HTTPStatusError(f"HTTP {res.status}{reason}", status=res.status)
    if res.skip == "too_large":
        return TooLarge("the archived body exceeds the max_bytes cap", status=res.status)
    if res.skip == "truncated":
        if res.truncated == "length":
            return TooLarge("the response was archived without its body (too large)",
                            status=res.status)
        return ScrapekitError(f"the response was archived without its body "
                              f"(WARC-Truncated: {res.truncated})", status=res.status)
    if res.skip == "not_html":
        return NotHTML(f"content type {_media(res.content_type) or 'missing'!r} is not HTML",
                       status=res.status)
    return ScrapekitError(f"not an HTTP response ({res.skip})", status=res.status)


async def aextract_warc(paths: Iterable[str | os.PathLike[str]], settings: Settings | None = None,
                        stats: WarcStats | None = None, *, errors: bool = False
                        ) -> AsyncIterator[Article]:
    """Extract every HTML response of the WARC files; one Article per HTML response, offline.

    The record's ``url`` is the WARC-Target-URI; ``fetch`` holds the archived status and
    content type, WARC-Date as ``fetchedAt``, ``attempts`` 1 and ``elapsedMs`` null.
    Extraction runs in an :class:`ExtractPool` (``settings.workers`` processes). Skipped
    records and damage are counted in ``stats`` (pass a :class:`WarcStats` to read them after
    the loop). ``errors=True`` also yields an error record for each skipped HTTP response
    (``http_status`` for non-2xx, ``not_html``, ``too_large``), as a live scrape would have;
    records without HTTP headers and non-response records never yield anything.
    ``settings.limit`` caps the number of records yielded."""
    s = settings or Settings()
    stats = stats if stats is not None else WarcStats()
    pool = ExtractPool(s.workers, s.extract_timeout, rules=s.rules)
    reader = _ThreadedReader(paths, stats, s.max_bytes, html_only=not errors)

    async def jobs() -> AsyncIterator[Awaitable[Article]]:
        produced = 0
        while s.limit is None or produced < s.limit:
            res = await reader.next()
            if res is None:
                return
            if res.skip == "no_http":
                continue
            produced += 1
            if res.skip is not None:
                yield _done(error_record(res.url, _error_for(res), fetch=res.fetch_info()))
            else:
                yield pool.run(res.body or b"", res.url, res.url, res.content_type,
                               res.fetch_info())

    try:
        async for article in stream_bounded(jobs(), 2 * s.workers + 2):
            yield article
    finally:
        reader.close()
        pool.close()


def _done(article: Article) -> asyncio.Future[Article]:
    fut: asyncio.Future[Article] = asyncio.get_running_loop().create_future()
    fut.set_result(article)
    return fut


class _ThreadedReader:
    """Reads records off the event loop (file I/O and gunzip), one record per hop."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]], stats: WarcStats, max_bytes: int,
                 html_only: bool) -> None:
        self._it = self._records(paths, stats, max_bytes, html_only)
        self._closed = False

    @staticmethod
    def _records(paths: Iterable[str | os.PathLike[str]], stats: WarcStats, max_bytes: int,
                 html_only: bool) -> Iterator[WarcResponse]:
        for path in paths:
            yield from iter_warc(path, stats, max_bytes, html_only=html_only)

    async def next(self) -> WarcResponse | None:
        if self._closed:
            return None
        return await asyncio.to_thread(next, self._it, None)

    def close(self) -> None:
        self._closed = True
        try:
            self._it.close()
        except ValueError:  # still running in the thread (cancelled mid-read): it ends there
            pass


def extract_warc(paths: Iterable[str | os.PathLike[str]], settings: Settings | None = None,
                 stats: WarcStats | None = None, *, errors: bool = False) -> Iterator[Article]:
    """Synchronous, streaming twin of :func:`aextract_warc`."""
    from .pipeline import run_sync

    return run_sync(lambda: aextract_warc(paths, settings, stats, errors=errors))


async def aextract_paths(paths: Iterable[str], settings: Settings | None = None,
                         url: str | None = None, stats: WarcStats | None = None, *,
                         errors: bool = False) -> AsyncIterator[Article]:
    """``scrapekit extract`` over a mix of HTML files and WARC files, in the order given:
    WARC paths (:func:`is_warc_path`) go to :func:`aextract_warc` (many records each), the
    others to :func:`scrapekit.pipeline.aextract_files` (one record each; ``url`` applies to
    them only). ``settings.limit`` caps the records of each run of same-kind paths."""
    from .pipeline import aextract_files

    rest = iter(paths)
    head = next(rest, None)
    while head is not None:
        warc = is_warc_path(head)
        following: list[str] = []  # the first path of the other kind, once reached

        def run(first: str = head, warc: bool = warc,
                following: list[str] = following) -> Iterator[str]:
            yield first
            for path in rest:
                if is_warc_path(path) != warc:
                    following.append(path)
                    return
                yield path

        agen = (aextract_warc(run(), settings, stats, errors=errors) if warc
                else aextract_files(run(), settings, url))
        async for article in agen:
            yield article
        head = following[0] if following else None


def extract_paths(paths: Iterable[str], settings: Settings | None = None, url: str | None = None,
                  stats: WarcStats | None = None, *, errors: bool = False) -> Iterator[Article]:
    """Synchronous, streaming twin of :func:`aextract_paths` (for the CLI's ``extract``)."""
    from .pipeline import run_sync

    return run_sync(lambda: aextract_paths(paths, settings, url, stats, errors=errors))


# -- writing ------------------------------------------------------------------------------------

_URL_SAFE = "!#$%&'()*+,-./:;=?@[]~_"


def _ascii_url(url: str) -> str:
    """An IRI as a URI (WARC-Target-URI and the request line must be ASCII): IDNA host,
    UTF-8 percent-encoding elsewhere. ASCII URLs (all that httpx reports) are kept as is."""
    if url.isascii():
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = quote(host, safe="")
    netloc = host if ":" not in host else f"[{host}]"
    if parts.port:
        netloc += f":{parts.port}"
    if parts.username is not None:
        auth = quote(parts.username, safe="")
        if parts.password is not None:
            auth += ":" + quote(parts.password, safe="")
        netloc = f"{auth}@{netloc}"
    rest = urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    return f"{parts.scheme}://{netloc}{quote(rest, safe=_URL_SAFE)}"


def _host_header(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}.get(parts.scheme)
    if parts.port and parts.port != default:
        host += f":{parts.port}"
    return host


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class WarcRecorder:
    """Writes fetched responses to a WARC/1.1 file: ``write(result)`` per fetch, ``close()``.

    Each result with a status becomes a request record and a response record (linked by
    WARC-Concurrent-To), each its own gzip member when ``path`` ends in ``.gz``, flushed to
    the OS as soon as written, so a killed run loses nothing already written. The file starts
    with a warcinfo record. ``append=True`` adds to an existing file (``--resume``).

    What is stored, given what the fetcher keeps:

    * the response: the status line (HTTP/1.1, the standard reason phrase), the response
      headers as received, and the body *decoded* (httpx already undid any Content-Encoding):
      ``Content-Encoding``/``Transfer-Encoding`` are renamed ``X-Scrapekit-Orig-...`` and
      ``Content-Length`` is set to the stored body's length, so every WARC reader gets a
      consistent message. WARC-Target-URI is the final URL (after redirects; the redirect
      hops themselves are not kept by the fetcher, so they are not recorded); WARC-Date is the
      fetch's start time. A result with a status but no body (HTTP errors, non-HTML, too
      large) is stored with its headers, an empty body and ``WARC-Truncated``
      (``length`` for too_large, else ``unspecified``).
    * the request: rebuilt from the settings, not captured on the wire: ``GET`` + target,
      Host, User-Agent, Accept, Accept-Encoding and ``settings.headers``; never Cookie,
      Authorization or Proxy-Authorization (credentials stay out of archives).

    Thread-safe; ``await recorder.awrite(result)`` writes from a thread, off the event loop.
    """

    def __init__(self, path: str | os.PathLike[str], settings: Settings | None = None, *,
                 append: bool = False, gzip: bool | None = None) -> None:
        from warcio.warcwriter import WARCWriter

        self.path = os.fspath(path)
        self.settings = settings or Settings()
        compress = self.path.lower().endswith(".gz") if gzip is None else gzip
        self._fh: IO[bytes] | None = open(self.path, "ab" if append else "wb")  # noqa: SIM115
        # records are serialised into a buffer, then written to the file in one piece: a
        # record that cannot be serialised never leaves half a pair in the file
        self._buf = BytesIO()
        self._writer = WARCWriter(self._buf, gzip=compress, warc_version="1.1")
        self._lock = threading.Lock()
        self.written = 0
        self._write_warcinfo()

    def _write_warcinfo(self) -> None:
        from . import __version__

        info = {"software": f"{SOFTWARE}/{__version__}",
                "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
                              "warc-format/warc-1.1/",
                "http-header-user-agent": self.settings.user_agent,
                "robots": "obey" if self.settings.robots else "ignore",
                "description": "request records are rebuilt from the crawl settings; response "
                               "bodies are stored with their content encoding removed"}
        record = self._writer.create_warcinfo_record(Path(self.path).name, info)
        with self._lock:
            self._write(record)

    def _write(self, record: Any) -> None:
        self._writer.write_record(record)
        self._commit()

    def _commit(self) -> None:
        assert self._fh is not None, "WarcRecorder is closed"
        data = self._buf.getvalue()
        self._buf.seek(0)
        self._buf.truncate()
        self._fh.write(data)
        self._fh.flush()

    def _request_headers(self, url: str) -> list[tuple[str, str]]:
        from .fetch.decompress import accept_encoding

        s = self.settings
        headers = {"Host": _host_header(url), "User-Agent": s.user_agent, "Accept": ACCEPT,
                   "Accept-Encoding": accept_encoding()}
        for name, value in s.headers:
            if name.lower() in _SECRET_HEADERS:
                continue
            for key in list(headers):
                if key.lower() == name.lower():
                    del headers[key]
            headers[name] = value
        return list(headers.items())

    def records_for(self, result: FetchResult) -> tuple[Any, Any] | None:
        """The (request, response) warcio records for a result; None when there is nothing to
        store (no status: the request never got an answer)."""
        from warcio.statusandheaders import StatusAndHeaders

        if result.status is None:
            return None
        url = _ascii_url(result.final_url or result.url)
        date = result.fetched_at or self._writer.curr_warc_date()
        body = result.body if result.error is None and result.body is not None else b""
        try:
            reason = HTTPStatus(result.status).phrase
        except ValueError:
            reason = ""
        headers: list[tuple[str, str]] = []
        for name, value in result.headers:
            if name.lower() in _DROPPED_RESPONSE_HEADERS:
                if name.lower() != "content-length":
                    headers.append((f"X-Scrapekit-Orig-{name.title()}", value))
                continue
            headers.append((name, value))
        headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{result.status} {reason}".strip(), headers,
                                protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": date}
        if result.body is None or result.error is not None:
            kind = getattr(result.error, "kind", None)
            warc_headers["WARC-Truncated"] = "length" if kind == "too_large" else "unspecified"
        response = self._writer.create_warc_record(
            url, "response", payload=BytesIO(body), length=len(body),
            http_headers=http, warc_headers_dict=warc_headers)
        req_http = StatusAndHeaders(f"GET {_request_target(url)} HTTP/1.1",
                                    self._request_headers(url), is_http_request=True)
        request = self._writer.create_warc_record(
            url, "request", http_headers=req_http, warc_headers_dict={"WARC-Date": date})
        return request, response

    def write(self, result: FetchResult) -> bool:
        """Store one fetch (request + response records). Returns False when there was nothing
        to store (no status). Raises OSError when the file cannot be written."""
        pair = self.records_for(result)
        if pair is None:
            return False
        request, response = pair
        with self._lock:
            assert self._fh is not None, "WarcRecorder is closed"
            try:
                # links them (WARC-Concurrent-To) and writes the response first, as crawlers
                # do; each record is one gzip member
                self._writer.write_request_response_pair(request, response)
            except (ValueError, TypeError) as exc:  # UnicodeError included: data, not disk
                self._buf.seek(0)
                self._buf.truncate()
                log.warning("cannot archive %s: %r", result.final_url or result.url, exc)
                return False
            self._commit()
            self.written += 1
        return True

    async def awrite(self, result: FetchResult) -> bool:
        """:meth:`write` in a thread, so gzip and disk never stall the event loop."""
        if result.status is None:
            return False
        return await asyncio.to_thread(self.write, result)

    def close(self) -> None:
        with self._lock:
            if self._fh is not None:
                self._fh.flush()
                self._fh.close()
                self._fh = None

    def __enter__(self) -> WarcRecorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["WarcDamage", "WarcRecorder", "WarcResponse", "WarcStats", "aextract_paths",
           "aextract_warc", "extract_paths", "extract_warc", "is_warc_path", "iter_warc"]
