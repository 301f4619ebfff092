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
import logging
import os
import stat
from collections import Counter
from collections.abc import Iterator
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
from .record import FetchInfo
from .settings import Settings
from .sources import WARC_SUFFIXES

log = logging.getLogger("scrapekit.warc")

_READ_CHUNK = 64 * 1024


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
    (a response record without HTTP headers, e.g. dns:), ``decode`` (a body whose content
    encoding cannot be undone: that record only; reading goes on). ``damaged`` lists files whose reading
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
    problem: str | None = None
    """Why the body could not be read (``skip == "decode"``) or is no page (``"not_html"``)."""

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


def _payload(record: Any, cap: int) -> tuple[bytes, bool]:
    """The archived HTTP body, de-chunked, its Content-Encoding undone by the fetcher's bounded
    decoders (warcio's own brotli path raises with brotli >= 1.2, and its decoders have no
    output cap; a body gzipped without a header is inflated too, as the fetcher does): up to
    ``cap`` bytes, and True when there was more."""
    from warcio.bufferedreaders import ChunkedDataReader

    from .fetch.decompress import ChainDecoder, GzipSniffer, decode_bounded

    http = record.http_headers
    chunked = (http.get_header("transfer-encoding") or "").lower() == "chunked"
    stream = ChunkedDataReader(record.raw_stream) if chunked else record.raw_stream
    decoder = GzipSniffer(ChainDecoder(http.get_header("content-encoding")))
    return decode_bounded(iter(lambda: stream.read(_READ_CHUNK), b""), decoder, cap)


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
    media = media_type(ctype)
    if status is None or not 200 <= status < 300:
        res.skip = "redirect" if status is not None and 300 <= status < 400 else "http_status"
        return res
    if media and media not in HTML_TYPES and media not in SNIFF_TYPES:
        res.skip = "not_html"
        return res
    try:
        body, more = _payload(record, max_bytes)
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


def _open_records(fh: IO[bytes]) -> Any:
    from warcio.archiveiterator import ArchiveIterator

    return ArchiveIterator(fh, no_record_parse=False)


def iter_warc(path: str | os.PathLike[str], stats: WarcStats | None = None,
              max_bytes: int = Settings.max_bytes, *, html_only: bool = True
              ) -> Iterator[WarcResponse]:
    """The response records of one WARC file, in file order (HTML pages, and HTML responses
    whose body cannot be decoded, with ``skip="decode"``, unless ``html_only=False``, which
    also yields the other skipped responses with ``skip`` set).

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
                        if html_only and res.skip != "decode":  # an HTML response that cannot
                            continue                            # be decoded is a `decode` record
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
