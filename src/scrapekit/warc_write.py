"""WARC recording, a sink: :class:`WarcRecorder` writes each fetched response as a request +
response record pair (WARC/1.1, one gzip member per record, flushed per record), so a run can
be re-extracted later, offline (:func:`scrapekit.offline.aextract_warc`)."""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import os
import stat
import threading
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit, urlunsplit

from .redact import is_secret_header, mask_set_cookie, redact_url, strip_credentials
from .settings import Settings
from .version import __version__

if TYPE_CHECKING:
    from .fetch.client import FetchResult

log = logging.getLogger("scrapekit.warc")

SOFTWARE = "scrapekit"
_DROPPED_RESPONSE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


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
      (``length`` for too_large, else ``unspecified``). ``Scrapekit-Input-URL`` names the
      input it was fetched for (see :meth:`records_for`).
    * the request: rebuilt from the settings, not captured on the wire: ``GET`` + target,
      Host, User-Agent, Accept, Accept-Encoding and ``settings.headers``; never a secret
      header (:func:`~scrapekit.redact.is_secret_header`: Cookie, Authorization, X-Api-Key,
      ...): credentials stay out of archives.
    * the server's ``Set-Cookie`` values are masked (``sid=***; Path=/``) unless
      ``settings.warc_set_cookie`` keeps them.

    Thread-safe; ``await recorder.awrite(result)`` writes from a thread, off the event loop.
    """

    def __init__(self, path: str | os.PathLike[str], settings: Settings | None = None, *,
                 append: bool = False, gzip: bool | None = None) -> None:
        from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

        self.path = os.fspath(path)
        self.settings = settings or Settings()
        compress = self.path.lower().endswith(".gz") if gzip is None else gzip
        try:
            if stat.S_ISFIFO(os.stat(self.path).st_mode):  # (opening it would wait forever)
                raise OSError(errno.EINVAL, "a named pipe cannot hold an archive", self.path)
        except FileNotFoundError:
            pass
        self._fh: IO[bytes] | None = open(self.path, "ab" if append else "wb")  # noqa: SIM115
        # records are serialised into a buffer, then written to the file in one piece: a
        # record that cannot be serialised never leaves half a pair in the file
        self._buf = BytesIO()
        self._writer = WARCWriter(self._buf, gzip=compress, warc_version="1.1")
        self._lock = threading.Lock()
        self.written = 0
        self.archived: set[str] = set()
        """Inputs whose page the file holds already (set by ``--resume``): not written again."""
        self._write_warcinfo()

    def _write_warcinfo(self) -> None:
        from .fetch.headers import user_agent

        info = {"software": f"{SOFTWARE}/{__version__}",
                "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
                              "warc-format/warc-1.1/",
                "http-header-user-agent": user_agent(self.settings),
                "robots": "obey" if self.settings.robots else "ignore",
                "description": "request records are rebuilt from the crawl settings, without "
                               "secret headers; response bodies are stored with their content "
                               "encoding removed" + ("" if self.settings.warc_set_cookie else
                                                     "; Set-Cookie values are masked")}
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
        """The request as the Fetcher sent it (one case-insensitive header builder), without
        secret headers: an archive is shared more widely than a run's flags."""
        from .fetch.headers import request_headers

        return [("Host", _host_header(url))] + [
            (name, value) for name, value in request_headers(self.settings)
            if not is_secret_header(name) and name.lower() != "host"]

    def records_for(self, result: FetchResult, input_url: str | None = None
                    ) -> tuple[Any, Any] | None:
        """The (request, response) warcio records for a result; None when there is nothing to
        store (no status: the request never got an answer). ``input_url``, the input the
        fetch was for (its record's ``url``), is kept in the response's ``Scrapekit-Input-URL``
        field (a JSON string, without credentials): ``extract`` gives it back as the record's
        ``url``, and a resumed run knows the page is archived already."""
        from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]

        if result.status is None:
            return None
        url = _ascii_url(strip_credentials(result.final_url or result.url))
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
            if name.lower() == "set-cookie" and not self.settings.warc_set_cookie:
                value = mask_set_cookie(value)
            headers.append((name, value))
        headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{result.status} {reason}".strip(), headers,
                                protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": date}
        if input_url is not None:
            warc_headers[INPUT_FIELD] = json.dumps(strip_credentials(input_url)[:MAX_INPUT_URL])
            # (ASCII: json escapes the rest, so no CR/LF can reach the record's header block)
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

    def write(self, result: FetchResult, input_url: str | None = None) -> bool:
        """Store one fetch (request + response records). Returns False when there was nothing
        to store (no status), or when ``input_url`` is one of :attr:`archived` (a resumed run
        fetching again a page the run it resumes archived but had not yet recorded). Raises
        OSError when the file cannot be written."""
        if input_url is not None and input_key(input_url) in self.archived:
            return False
        pair = self.records_for(result, input_url)
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
                log.warning("cannot archive %s: %r", redact_url(result.final_url or result.url), exc)
                return False
            self._commit()
            self.written += 1
        return True

    async def awrite(self, result: FetchResult, input_url: str | None = None) -> bool:
        """:meth:`write` in a thread, so gzip and disk never stall the event loop."""
        if result.status is None:
            return False
        return await asyncio.to_thread(self.write, result, input_url)

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


def input_key(url: str) -> str | None:
    """An input as the archive's field holds it (no credentials, cut): how a resumed run
    matches its inputs to the pages archived; None for one too long to be matched safely."""
    key = strip_credentials(url)
    return key if len(key) < MAX_INPUT_URL else None


INPUT_FIELD = "Scrapekit-Input-URL"
"""The response record's field naming the input it was fetched for (a JSON string)."""
MAX_INPUT_URL = 8192  # characters of it kept (a URL list line is at most that long)

__all__ = ["INPUT_FIELD", "WarcRecorder"]
