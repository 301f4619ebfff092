"""WARC reading, a source: the response records of WARC files, one :class:`WarcResponse` each.

:func:`iter_warc` reads plain, per-record-gzipped and whole-file-gzipped WARC. Other records
are skipped and counted in a :class:`WarcStats`; a record whose body cannot be decoded is a
``decode`` skip (its own error record) and reading goes on; a damaged or truncated file keeps
the records before the damage, and the damage is reported there (and logged), never raised.

warcio reads (pure Python, widely used); FastWARC reads faster but extraction costs far more
than reading (see benchmarks/warc_read.py). Offline extraction over archives is in
:mod:`scrapekit.offline`; recording a run is :mod:`scrapekit.warc_write`.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import IO, Any

from .decode import (
    HTML_TYPES,
    SNIFF_BYTES,
    SNIFF_TYPES,
    media_type,
    not_html_reason,
)
from .errors import DecodeError, HTTPStatusError, NotHTML, ScrapekitError, TooLarge
from .errors import first_line as _first_line
from .record import FetchInfo
from .settings import Settings
from .sinks import escape_controls
from .sources import WARC_SUFFIXES
from .warc_write import INPUT_FIELD, MAX_INPUT_URL

log = logging.getLogger("scrapekit.warc")

_READ_CHUNK = 64 * 1024
MAX_HEADER_BYTES = 1024 * 1024
"""Most bytes of one record's WARC header block, and of its HTTP header block: a response
whose HTTP headers are longer is a ``headers_too_large`` record (the next records are still
read); a WARC header block that long stops the file (``damaged``: past it, where the record
ends is not known). Every line is read with this bound, never whole."""
_CHUNK_SIZE_LINE = 64
"""Longest chunk-size line of a chunked body (hex size, ``;extensions``, CRLF), as warcio."""
HTTP_STATUS_PREFIXES = ["HTTP/1.0", "HTTP/1.1"]


RECORDED_SKIPS = frozenset({"decode", "headers_too_large"})
"""Skipped responses yielded even with ``html_only``, to become error records: an HTML
response whose body cannot be decoded, and one whose headers are too long to read."""
SIZE_SKIPS = frozenset({"too_large", "truncated"})
"""Skipped responses yielded with ``html_only`` when they are pages (served as HTML, or a
body that sniffs as HTML): a page over the size cap or archived without its body gets its
``too_large`` record, as a live fetch of it would; a video over the cap is no page."""


def _recorded(res: WarcResponse) -> bool:
    """Does a skipped response become an error record even when only pages are read?"""
    if res.skip in RECORDED_SKIPS:
        return True
    if res.skip not in SIZE_SKIPS:
        return False
    media = media_type(res.content_type)
    return media in HTML_TYPES or (res.body is not None and bool(res.body)
                                   and not_html_reason(res.body[:SNIFF_BYTES], media) is None)


def _open_regular(name: str) -> IO[bytes]:
    """The file opened for reading, when it is a regular file: a FIFO named ``x.warc`` would
    block the open (no writer) and a device never ends; both raise OSError here, at once
    (opened without blocking, told by fstat, then read blocking)."""
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{name} is not a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class HeadersTooLarge(ValueError):
    """A header block over :data:`MAX_HEADER_BYTES`."""


class _BoundedLines:
    """``readline`` over a stream that reads no line past what is left of a byte budget, and
    raises :class:`HeadersTooLarge` once the budget is spent (warcio's header parser reads
    whole lines with no bound: one line of a hostile file could be gigabytes)."""

    def __init__(self, readline: Callable[[int], bytes], budget: int, what: str) -> None:
        self.read_line = readline
        self.budget = budget
        self.left = budget
        self.what = what

    def readline(self, length: int | None = None) -> bytes:
        bound = self.left + 1 if length is None else min(length, self.left + 1)
        line = self.read_line(bound)
        self.left -= len(line)
        if self.left < 0:
            raise HeadersTooLarge(f"{self.what} over {self.budget} bytes")
        return line

    def reset(self) -> None:
        self.left = self.budget


@dataclass
class WarcDamage:
    """Where reading a file stopped early, and why."""

    path: str
    offset: int | None
    message: str
    torn: bool = False
    """The file ends inside a record (cut short), rather than holding damage before its end."""

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "offset": self.offset, "message": self.message}


@dataclass
class WarcStats:
    """Counts of one or more WARC reads. ``skipped`` maps a reason to a count:

    ``request``, ``warcinfo``, ``metadata``, ``revisit``, ... (non-response record types, by
    WARC-Type), ``not_html``, ``redirect``, ``http_status`` (non-2xx), ``truncated`` (a
    response stored without its body), ``too_large`` (over Settings.max_bytes), ``no_http``
    (a response record without HTTP headers, e.g. dns:), ``decode`` (a body whose content
    encoding cannot be undone: that record only; reading goes on), ``headers_too_large``
    (HTTP headers over :data:`MAX_HEADER_BYTES`: that record only). ``damaged`` lists files whose reading
    stopped early; the records before the damage were kept."""

    files: int = 0
    records: int = 0
    responses: int = 0
    html: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    damaged: list[WarcDamage] = field(default_factory=list)
    ends: dict[str, int] = field(default_factory=dict)
    """Per file read record by record (not one gzip stream around all records): the offset
    just after its last whole record."""
    starts: dict[str, int] = field(default_factory=dict)
    """... and the offset where that record starts."""

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "records": self.records, "responses": self.responses,
                "html": self.html, "skipped": dict(sorted(self.skipped.items())),
                "damaged": [d.to_dict() for d in self.damaged]}

    def summary(self) -> str:
        """One line for the CLI: "12 WARC records, 3 HTML responses; skipped: ..."."""
        parts = [f"{self.records} WARC records in {self.files} file(s), "
                 f"{self.html} HTML response{'' if self.html == 1 else 's'} extracted"]
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
    problem: str | None = None
    """Why the body could not be read (``skip == "decode"``) or is no page (``"not_html"``)."""
    input_url: str | None = None
    """The input the page was fetched for, when the archive says (scrapekit's own
    ``Scrapekit-Input-URL`` field): the record's ``url``; ``url`` is the archived address."""

    @property
    def record_url(self) -> str:
        return self.input_url if self.input_url is not None else self.url

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


def _target_uri(record: Any) -> str:
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    return uri.strip().strip("<>")  # some WARC/0.x writers wrapped it in <>


def _dechunked(stream: Any) -> Iterator[bytes]:
    """The data of a chunked body, read in bounded pieces (never a whole chunk at once: a chunk
    may claim 2 GiB). As warcio does, a body that turns out not to be chunked (archived
    de-chunked under its old ``Transfer-Encoding``) is passed on as it is from there; a body
    cut inside a chunk ends there."""
    while True:
        line = stream.readline(_CHUNK_SIZE_LINE)
        try:
            if not line.endswith(b"\r\n"):
                raise ValueError
            size = int(line[:-2].split(b";", 1)[0], 16)
            if size < 0:
                raise ValueError
        except ValueError:  # not chunked (any more): the rest as it is
            yield line
            yield from iter(lambda: stream.read(_READ_CHUNK), b"")
            return
        if size == 0:
            return
        while size:
            piece = stream.read(min(size, _READ_CHUNK))
            if not piece:
                return
            size -= len(piece)
            yield piece
        end = stream.read(2)
        if end != b"\r\n":
            yield end
            yield from iter(lambda: stream.read(_READ_CHUNK), b"")
            return


def _payload(record: Any, http: Any, cap: int) -> tuple[bytes, bool]:
    """The archived HTTP body, de-chunked, its Content-Encoding undone by the fetcher's bounded
    decoders (warcio's own brotli path raises with brotli >= 1.2, and its decoders have no
    output cap; a body gzipped without a header is inflated too, as the fetcher does): up to
    ``cap`` bytes, and True when there was more."""
    from .fetch.decompress import ChainDecoder, GzipSniffer, decode_bounded

    stream = record.raw_stream
    chunked = (http.get_header("transfer-encoding") or "").lower() == "chunked"
    pieces = _dechunked(stream) if chunked else iter(lambda: stream.read(_READ_CHUNK), b"")
    decoder = GzipSniffer(ChainDecoder(http.get_header("content-encoding")))
    return decode_bounded(pieces, decoder, cap)


def _http_headers(record: Any) -> Any:
    """The response's HTTP status and headers (warcio's parser over bounded lines), None for a
    record that has none (no body, or a non-HTTP URI). Raises HeadersTooLarge."""
    from warcio.statusandheaders import StatusAndHeadersParser  # type: ignore[import-untyped]

    if record.length == 0:
        return None
    lines = _BoundedLines(record.raw_stream.readline, MAX_HEADER_BYTES, "HTTP headers")
    # verify=False: any protocol on the status line ("HTTP/2 200", as crawlers archive it) is
    # read, as warcio's own record parsing does; an unreadable status is an http_status record
    return StatusAndHeadersParser(HTTP_STATUS_PREFIXES, verify=False).parse(lines)


def _length_given(record: Any) -> bool:
    """Does a WARC record state its length (as warcio reads one: ``int()`` of the value)?
    warcio takes an empty or missing value as 0, which is how a header cut after
    "Content-Length:" reads. (ARC records state theirs on their first line.)"""
    if not str(getattr(record, "format", "warc")).startswith("warc"):
        return True
    value = record.rec_headers.get_header("Content-Length")
    try:
        return value is not None and int(value) >= 0
    except ValueError:
        return False


def _input_url(record: Any) -> str | None:
    """The record's ``Scrapekit-Input-URL`` (a JSON string), when it holds one."""
    raw = record.rec_headers.get_header(INPUT_FIELD)
    if not raw or len(raw) > 8 * MAX_INPUT_URL:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(value, str) or not value or _URL_CONTROLS.search(value):
        return None  # (a crafted field: the record keeps the archived URL)
    return value


def _response(record: Any, offset: int | None, max_bytes: int) -> WarcResponse:
    res = _response_of(record, offset, max_bytes)
    res.input_url = _input_url(record)
    return res


def _response_of(record: Any, offset: int | None, max_bytes: int) -> WarcResponse:
    url = _target_uri(record)
    date = record.rec_headers.get_header("WARC-Date")
    truncated = record.rec_headers.get_header("WARC-Truncated")
    if not url.lower().startswith(("http:", "https:")):
        return WarcResponse(url, None, None, date, [], None, offset, skip="no_http")
    try:
        http = _http_headers(record)
    except HeadersTooLarge as exc:
        return WarcResponse(url, None, None, date, [], None, offset, skip="headers_too_large",
                            truncated=truncated, problem=str(exc))
    if http is None:
        return WarcResponse(url, None, None, date, [], None, offset, skip="no_http")
    try:
        status: int | None = int(http.get_statuscode())
    except (TypeError, ValueError):
        status = None
    ctype = http.get_header("Content-Type")
    res = WarcResponse(url, status, ctype, date, list(http.headers), None, offset,
                       truncated=truncated)
    media = media_type(ctype)
    if status is None or not 200 <= status < 300:
        res.skip = "redirect" if status is not None and 300 <= status < 400 else "http_status"
        return res
    if media and media not in HTML_TYPES and media not in SNIFF_TYPES:
        res.skip = "not_html"
        return res
    try:
        body, more = _payload(record, http, max_bytes)
    except Exception as exc:  # noqa: BLE001 - a content encoding warcio cannot undo
        res.skip = "decode"
        res.problem = _first_line(exc)
        return res
    res.body = body
    if more:
        res.skip = "too_large"
    elif not body and truncated:
        res.skip = "truncated"
    else:
        res.problem = not_html_reason(body[:SNIFF_BYTES], media)
        if res.problem is not None:
            res.skip = "not_html"
    return res


def _open_records(fh: IO[bytes] | gzip.GzipFile) -> tuple[Any, _BoundedLines]:
    """warcio's record iterator, HTTP headers left to :func:`_http_headers`, and every line it
    reads itself (WARC headers, blank lines between records) bounded by the returned budget,
    to be reset at each record."""
    from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]

    records = ArchiveIterator(fh, no_record_parse=True)
    reader = records.reader
    plain = reader.readline
    budget = _BoundedLines(plain, MAX_HEADER_BYTES, "WARC record headers")

    def readline(length: int | None = None) -> bytes:
        return plain(length) if length is not None else budget.readline()

    reader.readline = readline  # the record's own reads pass a length: not counted
    return records, budget


def iter_warc(path: str | os.PathLike[str], stats: WarcStats | None = None,
              max_bytes: int = Settings.max_bytes, *, html_only: bool = True,
              log_damage: bool = True) -> Iterator[WarcResponse]:
    """The response records of one WARC file, in file order (HTML pages, and the HTML
    responses that become error records with ``skip`` set: a body that cannot be decoded,
    headers too long, a page over the size cap or archived without its body; unless
    ``html_only=False``, which also yields the other skipped responses with ``skip`` set).
    A path that is no regular file (a FIFO, a device) is reported damaged, never opened.

    Plain, per-record-gzipped and whole-file-gzipped WARC are read. Counts go to ``stats``.
    A damaged or truncated file ends the iteration after the last good record; the damage is
    appended to ``stats.damaged`` and logged (unless ``log_damage`` is false), never raised (an
    unreadable file included)."""
    from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]

    stats = stats if stats is not None else WarcStats()
    name = os.fspath(path)
    stats.files += 1
    done = 0  # records consumed, to skip them when re-reading a whole-file gzip
    whole_gzip = False
    while True:
        try:
            raw = _open_regular(name)
        except OSError as exc:
            _damaged(stats, name, None, f"cannot open: {exc.strerror or exc}", log_damage)
            return
        # (a GzipFile leaves the file it reads open: the with below closes both)
        fh: IO[bytes] | gzip.GzipFile = gzip.GzipFile(fileobj=raw, mode="rb") if whole_gzip else raw
        offset: int | None = None
        end = 0
        if whole_gzip:
            stats.ends.pop(name, None)
            stats.starts.pop(name, None)
        else:
            stats.ends[name] = 0
        try:
            with raw, fh:
                records, header_budget = _open_records(fh)
                seen = 0
                for record in records:
                    header_budget.reset()
                    seen += 1
                    if seen <= done:
                        continue
                    offset = None if whole_gzip else getattr(records, "offset", None)
                    errs = records.err_count
                    rtype = record.rec_type or "unknown"
                    if record.length is None or not _length_given(record):
                        # no Content-Length, or one cut before its digits (warcio reads "" as
                        # 0): the header block was cut
                        raise EOFError(f"{rtype} record header without a Content-Length "
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
                    if not whole_gzip:
                        stats.ends[name] = end
                        if offset is not None:
                            stats.starts[name] = offset
                    if res is None:
                        stats.skipped[rtype] += 1
                        continue
                    stats.responses += 1
                    if res.skip is None:
                        stats.html += 1
                    else:
                        stats.skipped[res.skip] += 1
                        if html_only and not _recorded(res):
                            continue
                    yield res
            if not whole_gzip:
                _check_tail(name, end)
            return
        except ArchiveLoadFailed as exc:
            if "non-chunked gzip" in str(exc) and not whole_gzip:
                whole_gzip = True  # one gzip stream around all records: read it as such
                continue
            _damaged(stats, name, offset, _first_line(exc), log_damage)
            return
        except (EOFError, OSError, ValueError, IndexError, KeyError, UnicodeDecodeError) as exc:
            # zlib.error is not an OSError subclass: caught below
            _damaged(stats, name, offset, _first_line(exc), log_damage,
                     torn=isinstance(exc, EOFError))
            return
        except Exception as exc:  # noqa: BLE001 - zlib.error and any parser surprise
            _damaged(stats, name, offset, _first_line(exc), log_damage)
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


def _damaged(stats: WarcStats, path: str, offset: int | None, message: str,
             log_damage: bool = True, *, torn: bool = False) -> None:
    # the message may quote the file's own bytes: no terminal escape reaches stderr
    message = escape_controls(message)
    if log_damage:
        where = f" at offset {offset}" if offset is not None else ""
        log.warning("WARC %s is damaged%s: %s; records before it were kept", path, where,
                    message)
    stats.damaged.append(WarcDamage(path, offset, message, torn))


_URL_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def error_for(res: WarcResponse) -> ScrapekitError:
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
    if res.skip == "headers_too_large":
        return TooLarge(f"the archived response cannot be read: {res.problem}")
    if res.skip == "decode":
        encoding = next((v for k, v in res.headers if k.lower() == "content-encoding"), None)
        return DecodeError(f"the archived body cannot be decoded (Content-Encoding: "
                           f"{encoding or 'none'}): {res.problem}", status=res.status)
    if res.skip == "not_html":
        return NotHTML(res.problem or f"content type {media_type(res.content_type) or 'missing'!r}"
                       " is not HTML", status=res.status)
    return ScrapekitError(f"not an HTTP response ({res.skip})", status=res.status)


__all__ = ["WarcDamage", "WarcResponse", "WarcStats", "error_for", "is_warc_path",
           "iter_warc"]
