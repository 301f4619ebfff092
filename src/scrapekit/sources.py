"""Inputs -> work items, read lazily: URL list files, stdin, arguments, local HTML paths and
file:// URLs, sitemaps (indexes, gzipped) and RSS/Atom feeds."""

from __future__ import annotations

import asyncio
import errno
import io
import logging
import os
import re
import stat
import threading
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar
from urllib.parse import unquote, urljoin, urlsplit

from .errors import ScrapekitError
from .errors import SourceError as SourceError  # (raised here; its home is the one hierarchy)
from .redact import redact_url, strip_credentials
from .settings import Settings

if TYPE_CHECKING:  # the network stack is imported when a sitemap or feed is read, not before
    from .fetch.client import Fetcher, FetchResult

log = logging.getLogger("scrapekit.sources")

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")


MAX_LINE = 64 * 1024
"""Longest URL-list line kept whole; a longer one becomes its own ``invalid_url`` record (its
start and a marker, see :func:`overlong_reason`) and reading goes on after its line break."""
SHOWN = 200
"""Characters of an over-long line kept in its record's url and message."""
SNIFF = 8000
"""Bytes at the start of a URL list (decompressed) looked at for binary data: a NUL byte there
means the input is not a URL list (the test git and grep use)."""
_READ = 64 * 1024
_COMMENT = re.compile(r"\s#")
_CUT = re.compile(r" \u2026\[cut: a line of (\d+) bytes\]\Z")


def _clean_line(text: str) -> str | None:
    """One list line as a URL: stripped, None for blanks and comments; ``#`` after whitespace
    starts a comment (a ``#`` inside a URL is its fragment)."""
    text = text.strip().lstrip("\ufeff")
    if not text or text.startswith("#"):
        return None
    cut = _COMMENT.search(text)
    return text[:cut.start()].rstrip() if cut else text


class _Overlong:
    """A list line over MAX_LINE bytes: its first MAX_LINE bytes and its whole size."""

    def __init__(self, head: bytes, size: int) -> None:
        self.head = head
        self.size = size

    def url(self) -> str | None:
        """The input it stands for: None for a long comment, the URL before a comment that
        starts within its first MAX_LINE bytes, else its first SHOWN characters and a
        marker."""
        start = self.head.decode("utf-8", "replace").strip().lstrip("\ufeff")
        if start.startswith("#") or _COMMENT.search(start):
            return _clean_line(start)
        # (a start that is all blank is no blank line: what follows it is not known)
        return f"{start[:SHOWN] or '(blank)'} \u2026[cut: a line of {self.size} bytes]"


def overlong_reason(raw: str) -> str | None:
    """The ``invalid_url`` message of an input made from an over-long list line, else None
    (known by its marker, so it survives --resume and Dask shards as plain text)."""
    found = _CUT.search(raw) if raw.endswith("]") else None
    if found is None:
        return None
    return (f"URL list line of {found.group(1)} bytes, over the {MAX_LINE}-byte limit; it "
            f"starts {raw[:found.start()]!r}")


def _read(stream: IO[bytes]) -> bytes:
    """Up to _READ bytes, as soon as some are there (``read1``: a pipe whose writer pauses,
    ``tail -f`` or a crawler's frontier, gives its lines now, not once 64 KiB have come)."""
    read1 = getattr(stream, "read1", None)
    return read1(_READ) if read1 is not None else stream.read(_READ)


def _inflate(data: bytes, stream: IO[bytes], name: str) -> Iterator[bytes]:
    """A gzip stream inflated in steps of at most _READ bytes, members after members. A broken
    stream, or one that ends inside a member (truncated), is a SourceError raised after the
    bytes before the damage (so complete lines are used, a torn last line is not)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    fed = False  # the current member has had bytes
    while data:
        if not fed and not data.strip(b"\x00"):  # padding after the last member
            data = _read(stream)
            continue
        fed = True
        try:
            while True:  # at most _READ bytes out per step, until this input is used up
                out = inflater.decompress(data, _READ)
                if out:
                    yield out
                if inflater.eof:  # another gzip member may follow
                    data = inflater.unused_data
                    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    fed = bool(data.strip(b"\x00"))
                    if not fed:
                        break
                    continue
                data = inflater.unconsumed_tail
                if not data and len(out) < _READ:
                    break
        except zlib.error as exc:
            raise SourceError(f"{name}: broken gzip URL list ({exc})") from None
        data = _read(stream)
    tail = inflater.flush()
    if tail:
        yield tail
    if fed and not inflater.eof:
        raise SourceError(f"{name}: truncated gzip URL list (it ends before its compressed "
                          "data does); the lines before the cut are read, the torn last one "
                          "is not")


def _byte_chunks(stream: IO[bytes], name: str) -> Iterator[bytes]:
    """The stream's bytes in bounded chunks; a gzip stream (by its magic bytes) is inflated.
    A read error is a SourceError."""
    try:
        first = _read(stream)
        while 0 < len(first) < 2:  # (the gzip magic is two bytes; a pipe may give one)
            more = _read(stream)
            if not more:
                break
            first += more
        if first[:2] == b"\x1f\x8b":
            yield from _inflate(first, stream, name)
            return
        while first:
            yield first
            first = _read(stream)
    except SourceError:  # the inflater's own (broken, truncated): already says what it is
        raise
    except OSError as exc:
        raise SourceError(f"cannot read {name}: {exc.strerror or exc}") from None


def binary_data(sample: bytes) -> str | None:
    """Why the start of an input is binary data rather than a URL list, else None: a NUL byte
    in ``sample`` (the first SNIFF bytes); UTF-16 text is named as such."""
    if b"\x00" not in sample:
        return None
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16 text; save it as UTF-8"
    return "a NUL byte in its first bytes"


def _refuse_binary(sample: bytes, name: str) -> None:
    """SourceError if ``sample`` (a list's first bytes) is binary data (:func:`binary_data`)."""
    why = binary_data(sample)
    if why is not None:
        raise SourceError(f"{name}: not a URL list (binary data: {why})")


def _text_chunks(chunks: Iterable[bytes], name: str) -> Iterator[bytes]:
    """``chunks``, refused (SourceError, before any line) when the first SNIFF bytes are
    binary data (see :func:`binary_data`)."""
    seen = 0
    for chunk in chunks:
        if seen < SNIFF:
            _refuse_binary(chunk[:SNIFF - seen], name)
            seen += len(chunk)
        yield chunk


def _bounded_lines(chunks: Iterable[bytes]) -> Iterator[bytes | _Overlong]:
    """Lines of at most MAX_LINE bytes; a longer line is skipped to its line break (memory
    stays bounded, however long) and yielded as an _Overlong."""
    buf = b""
    long: _Overlong | None = None
    for chunk in chunks:
        if long is not None:
            nl = chunk.find(b"\n")
            if nl < 0:
                long.size += len(chunk)
                continue
            long.size += nl
            yield long
            chunk, long = chunk[nl + 1:], None
        buf += chunk
        lines = buf.split(b"\n")
        buf = lines.pop()
        for line in lines:  # (a line the buffer and a chunk made whole may be over too)
            yield line if len(line) <= MAX_LINE else _Overlong(line[:MAX_LINE], len(line))
        if len(buf) > MAX_LINE:
            long, buf = _Overlong(buf[:MAX_LINE], len(buf)), b""
    if long is not None:
        yield long
    elif buf:
        yield buf


def url_lines(stream: IO[bytes] | IO[str], name: str = "URL list") -> Iterator[str]:
    """Input lines of a URL list (ended by LF, CRLF or a lone CR): stripped, blank lines and
    '#' comments skipped (also after a URL, following whitespace); a gzip stream is
    decompressed (bounded steps); lines are bounded (see MAX_LINE). ``name`` (the file's) is
    the start of the SourceError raised when the stream cannot be read: binary data (see
    :func:`binary_data`), a broken or truncated gzip stream, a read error.

    Bytes are decoded as UTF-8, a byte that is not kept as a lone surrogate (as Python reads
    the command line), so a stray byte cannot stop the batch: the affected line then fails URL
    validation with its own record ("not UTF-8 text"), instead of being fetched at another
    address (U+FFFD in its place)."""
    lines: Iterable[bytes | str | _Overlong]
    if isinstance(stream, io.TextIOBase) or not hasattr(stream, "read"):
        lines = stream
    else:  # (not a TextIOBase: read as bytes, which mypy cannot tell from IO[str])
        chunks = _text_chunks(_byte_chunks(stream, name), name)  # type: ignore[arg-type]
        lines = _bounded_lines(c.replace(b"\r", b"\n") for c in chunks)  # (a lone CR ends a line)
    for line in lines:
        if isinstance(line, _Overlong):
            url = line.url()
        else:
            url = _clean_line(line.decode("utf-8", "surrogateescape") if isinstance(line, bytes)
                              else line)  # (a byte that is not UTF-8: as on the command line)
        if url:
            yield url


def read_url_file(path: str | os.PathLike[str]) -> Iterator[str]:
    """URLs of a list file, plain or gzip-compressed (``urls.txt.gz``); SourceError when it
    cannot be read (see :func:`url_lines`)."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise SourceError(f"cannot read {os.fspath(path)}: {exc.strerror or exc}") from None
    with fh:
        yield from url_lines(fh, os.fspath(path))


def check_url_file(path: str | os.PathLike[str]) -> None:
    """Looked at before a run, so it stops before any fetch: OSError when a URL list file
    cannot be opened, SourceError when it starts with binary data (see :func:`binary_data`).
    Damage further in (a broken gzip stream) is left to the reading, which uses the lines
    before it first. A pipe (``-i <(zcat list.gz)``) is not opened: it can be read only once
    (and a writer whose reader closes gets SIGPIPE); it is sniffed as it is read."""
    name = os.fspath(path)
    info = os.stat(path)
    if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        if not os.access(path, os.R_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), name)
        return
    sample = b""
    with open(path, "rb") as fh:
        try:
            for chunk in _byte_chunks(fh, name):
                sample += chunk[:SNIFF - len(sample)]
                if len(sample) >= SNIFF:
                    break
        except SourceError:
            pass
    _refuse_binary(sample, name)


class RemoteItem(str):
    """A URL listed by a remote document (sitemap, feed): never read as a local file, whatever
    its scheme (``file:///etc/passwd`` in a feed becomes an ``invalid_url`` record), and
    fetched without the user's credentials (``Settings.headers`` secrets, ``cookies``): the
    document, not the user, named it. See :class:`OwnOriginItem` for the exception."""

    __slots__ = ()
    credentials: ClassVar[bool] = False
    """May the user's credentials go with its fetch (on the hops of its own origin)?"""

    def strip(self, chars: str | None = None) -> RemoteItem:
        return type(self)(str.strip(self, chars))


class OwnOriginItem(RemoteItem):
    """A URL on the origin of the sitemap or feed the user asked for (as given, or its
    http-to-https upgrade: :func:`scrapekit.fetch.headers.same_site`), listed by a document
    read with the user's credentials that ended, after its redirects, on that origin: fetched
    with the user's credentials, as a URL the user gave would be."""

    __slots__ = ()
    credentials: ClassVar[bool] = True


@dataclass(frozen=True)
class NotAString:
    """An input that was no string (``None``, a number, a path object), as it crosses a
    process boundary where only text goes (a Dask shard file): its type's name and its
    ``repr``, so that its record says what it was, as a run in one process does."""

    type_name: str
    text: str

    @classmethod
    def of(cls, value: object) -> NotAString:
        """``value``'s type name and ``repr``, cut to :data:`NOT_A_STRING_REPR` characters; a
        ``repr`` that raises (an int past Python's digit limit, a caller's broken ``__repr__``)
        is said as such instead of stopping the run."""
        name = type(value).__name__
        try:
            text = repr(value)
        except Exception as exc:  # noqa: BLE001 - any input gets its record
            text = f"<{name} object (repr failed: {exc.__class__.__name__})>"
        if len(text) > NOT_A_STRING_REPR:
            text = text[:NOT_A_STRING_REPR] + "..."
        return cls(name, text)


NOT_A_STRING_REPR = 1000
"""How much of a non-string input's ``repr`` its record keeps (as its ``url``)."""


def as_input(raw: object) -> str | NotAString:
    """An input as a run takes it: bytes as their text (a byte that is not UTF-8 kept as a
    lone surrogate, then refused with its own record), any other non-string as
    :class:`NotAString` (its record says what it was; a caller's own class need not unpickle
    in a worker)."""
    if isinstance(raw, (bytes, bytearray)):
        return bytes(raw).decode("utf-8", "surrogateescape")
    return raw if isinstance(raw, (str, NotAString)) else NotAString.of(raw)


def remote_item(text: str, scope: str | None) -> RemoteItem:
    """``text`` as a listed URL: an :class:`OwnOriginItem` when ``scope`` (the address of the
    document the user asked for) is given and its origin is the URL's, else a
    :class:`RemoteItem`."""
    if scope is not None:
        from .fetch.headers import same_site

        if same_site(scope, text):
            return OwnOriginItem(text)
    return RemoteItem(text)


def with_credentials(raw: str) -> bool:
    """May the user's credentials go with the fetch of input ``raw``? A URL the user gave: yes
    (on the hops of its own origin); a URL a sitemap or feed listed: see :class:`RemoteItem`."""
    return not isinstance(raw, RemoteItem) or raw.credentials


def file_url_path(url: str) -> Path | None:
    """The local path of a file:// URL given by the user, else None (also for every URL that
    came out of a remote document: see :class:`RemoteItem`)."""
    if isinstance(url, RemoteItem) or not url[:7].lower() == "file://":
        return None
    parts = urlsplit(url)
    return Path(unquote(parts.path))


def local_paths(inputs: Iterable[str]) -> Iterator[str]:
    """Files to extract: files as given, directories walked for HTML and WARC files (sorted), file://
    URLs turned into paths. Missing paths are yielded too, so they get an error record, and so
    are the folders the walk cannot list (their record says why)."""
    for item in inputs:
        path = file_url_path(item) or Path(item)
        if path.is_dir():
            seen: set[str] = set()
            unlisted: list[str] = []
            for root, dirs, files in os.walk(path, onerror=lambda exc: unlisted.append(
                    exc.filename if isinstance(exc.filename, str) else str(path)),
                    followlinks=False):
                yield from unlisted
                unlisted.clear()
                dirs.sort()
                for name in sorted(files):
                    if name.lower().endswith(HTML_SUFFIXES + WARC_SUFFIXES):
                        full = os.path.join(root, name)
                        real = os.path.realpath(full)
                        if real not in seen:
                            seen.add(real)
                            yield full
            yield from unlisted  # (the top folder itself, when it cannot be listed)
        else:
            yield item


# -- sitemaps and feeds ------------------------------------------------------------------------
# Fetched through the Fetcher (guard, robots.txt, delays, retries, total timeout, bounded
# decompression, size cap), parsed as a stream (memory: the document, not its tree).

MAX_XML_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit (uncompressed)
MAX_SITEMAP_DEPTH = 3
MAX_SITEMAPS = 10_000
"""Sitemap documents one ``sitemap_urls`` call fetches at most (indexes included)."""
MAX_INDEX_CHILDREN = 50_000
"""Sitemaps one index may list (the protocol's limit); the rest are skipped, with a message."""
MAX_SOURCE_URLS = 1_000_000
"""Page URLs one sitemap or feed call yields at most (duplicates dropped first)."""
_FEED_BYTES = 64 * 1024  # what the XML parser is fed at a time


def _failed(on_error: Callable[[str], None] | None, exc: SourceError) -> None:
    """A document could not be read: said through ``on_error``, raised without one."""
    if on_error is None:
        raise exc
    on_error(str(exc))


def _notice(on_error: Callable[[str], None] | None, message: str) -> None:
    """A cap was reached: said through ``on_error`` when given, else logged (not an error)."""
    if on_error is not None:
        on_error(message)
    else:
        log.warning("%s", message)


def document_settings(settings: Settings) -> Settings:
    """The settings sitemap and feed documents are fetched with: the protocol's size cap, no
    HTTP cache (its SQLite file has one writer: the pages')."""
    return settings.replace(max_bytes=MAX_XML_BYTES, cache=None)


DocumentFetch = Callable[[str, bool], "FetchResult"]
"""Fetches one sitemap or feed document (blocking), with the user's credentials or without
(see :class:`RemoteItem`): a run's way to send it to the worker that owns its host, through
the same per-host gate as the pages (see :func:`fetched_by`)."""
_route = threading.local()


@contextmanager
def fetched_by(fetch: DocumentFetch | None) -> Iterator[None]:
    """While in this block, sitemaps and feeds read *in this thread* fetch their documents with
    ``fetch`` (the pipeline's input thread: a run's documents then wait for their host's
    delay as its pages do, and its pages for them); outside, each source uses a Fetcher of
    its own."""
    before = getattr(_route, "fetch", None)
    _route.fetch = fetch
    try:
        yield
    finally:
        _route.fetch = before


class _Documents:
    """Fetches sitemap and feed documents: through the run's route when the source is read in
    a run (:func:`fetched_by`), else with a Fetcher of its own on a private event loop (the
    sources are plain iterators)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = document_settings(settings)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._fetcher: Fetcher | None = None

    def _run(self, coro: Any) -> Any:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return self._loop.run_until_complete(coro)
        # iterated inside a running loop (an async caller): run ours in a helper thread
        with ThreadPoolExecutor(1, thread_name_prefix="scrapekit-sources") as pool:
            return pool.submit(self._loop.run_until_complete, coro).result()

    async def _fetch(self, url: str, credentials: bool) -> FetchResult:
        if self._fetcher is None:
            from .fetch.client import Fetcher

            try:
                self._fetcher = Fetcher(self._settings, any_type=True)
            except (ImportError, ValueError) as exc:  # e.g. a socks proxy without socksio
                raise SourceError(f"cannot read sitemaps or feeds with these settings: {exc}"
                                  ) from None
        return await self._fetcher.fetch(url, credentials=credentials)

    def get(self, url: str, credentials: bool = True, refused: str = ""
            ) -> tuple[bytes, str, bool]:
        """The document's body (SourceError when there is none), its own address (the URL
        its redirects ended at, without user:password: what its relative entries resolve
        against) and whether its redirect chain left its origin (FetchResult.left_origin);
        ``credentials``: see :meth:`scrapekit.fetch.Fetcher.fetch` (False for a sitemap an
        index listed on another origin than the one the user asked for); ``refused``: added
        to the SourceError's message when the answer was 401 or 403."""
        route: DocumentFetch | None = getattr(_route, "fetch", None)
        result: FetchResult = (route(url, credentials) if route is not None
                               else self._run(self._fetch(url, credentials)))
        if result.error is not None or result.body is None:
            error = result.error
            why = f"{error.kind}: {error.message}" if error is not None else "no body"
            if refused and error is not None and error.status in (401, 403):
                why += refused
            raise SourceError(f"{redact_url(url)}: {why}")
        return result.body, strip_credentials(result.final_url or url), result.left_origin

    def close(self) -> None:
        if self._loop is None:
            return
        try:
            if self._fetcher is not None:
                self._run(self._fetcher.aclose())
        finally:
            self._loop.close()
            self._loop = None


def _xml_pieces(data: bytes, url: str) -> Iterator[bytes]:
    """The document in pieces; a gzip file (``sitemap.xml.gz`` served as is) is inflated in
    bounded steps and stopped at MAX_XML_BYTES."""
    if data[:2] != b"\x1f\x8b":
        for start in range(0, len(data), _FEED_BYTES):
            yield data[start:start + _FEED_BYTES]
        return
    from .fetch.decompress import ChainDecoder

    decoder = ChainDecoder("gzip")
    size = 0
    try:
        for start in range(0, len(data), _FEED_BYTES):
            for piece in decoder.feed(data[start:start + _FEED_BYTES]):
                size += len(piece)
                if size > MAX_XML_BYTES:
                    raise SourceError(f"{redact_url(url)}: over {MAX_XML_BYTES} bytes "
                                      "once decompressed")
                yield piece
        yield from decoder.finish()
    except SourceError:
        raise
    except ScrapekitError as exc:  # a broken or truncated gzip stream
        raise SourceError(f"{redact_url(url)}: {exc.message}") from None


_HTML_ROOTS = frozenset({"html", "head", "body", "meta", "title", "link", "script", "style"})
"""First elements of an HTML page read as XML (an HTML5 page may leave out <html> and <head>)."""

_XML_TOKEN = re.compile(rb"<!\[CDATA\[|\]\]>|<!--|-->|"
                        rb"&(?:#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z_][\w.-]*;)?")
_MARKERS = (b"<![CDATA[", b"]]>", b"<!--", b"-->")
_PARTIAL_REF = re.compile(rb"&(?:#[0-9]*|#[xX][0-9a-fA-F]*|[A-Za-z_][\w.-]{0,40})?\Z")


def _partial_tail(data: bytes) -> int:
    """Where a token the data ends inside starts (a marker's first bytes, a reference without
    its ";"), else len(data)."""
    window = max(0, len(data) - 48)
    done = window  # (no partial token overlaps a whole one: it starts after the last)
    for token in _XML_TOKEN.finditer(data, window):
        if token.group() != b"&":
            done = token.end()
    cut = len(data)
    for k in range(1, 9):
        if len(data) - k < done:
            break
        tail = data[-k:]
        if any(m.startswith(tail) and m != tail for m in _MARKERS):
            cut = len(data) - k
    ref = _PARTIAL_REF.search(data, done)
    if ref is not None:
        cut = min(cut, ref.start())
    return cut


def _bare_amps_escaped(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces with every bare ``&`` (one that starts no character or entity reference)
    written ``&amp;``, outside CDATA sections and comments: the recovering parser drops a bare
    ``&`` and the name after it (a feed's ``?x=1&y=2`` became ``?x=1=2``, another address
    fetched; review 27). A piece's tail that may hold the start of a token waits for the next
    piece. A document in UTF-16 (a NUL among its first bytes) passes as it is."""
    pieces = iter(pieces)
    carry = b""
    state = b""  # b"" in text, b"]]>" in a CDATA section, b"-->" in a comment
    first = True
    for piece in pieces:
        if first:
            first = False
            if b"\x00" in piece[:4] or piece[:2] in (b"\xff\xfe", b"\xfe\xff"):
                yield piece
                yield from pieces
                return
        data = carry + piece
        cut = _partial_tail(data)
        carry, data = data[cut:], data[:cut]
        out, state = _escape_amps(data, state)
        yield out
    if carry:
        yield _escape_amps(carry, state)[0]


def _escape_amps(data: bytes, state: bytes) -> tuple[bytes, bytes]:
    if b"&" not in data and not state and b"<!" not in data:
        return data, state  # (most pieces: nothing to do)
    parts: list[bytes] = []
    at = 0
    for token in _XML_TOKEN.finditer(data):
        text = token.group()
        if state:
            if text == state:
                state = b""
            continue
        if text == b"<![CDATA[":
            state = b"]]>"
        elif text == b"<!--":
            state = b"-->"
        elif text == b"&":
            parts.append(data[at:token.start()])
            parts.append(b"&amp;")
            at = token.end()
    parts.append(data[at:])
    return b"".join(parts), state


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(node: Any, name: str) -> str:
    for child in node:
        if _local(child.tag) == name and child.text and child.text.strip():
            return str(child.text.strip())
    return ""


_BLANK = b" \t\r\n\x00"  # blanks, and the NULs of UTF-16's ASCII characters
_END_TAG = re.compile(rb"</([^<>\s]+)\s*>\s*(?:<!--.*?-->\s*)*$", re.S)
"""How a whole XML document ends: an end tag, the root's (comments may follow)."""


def _entries(data: bytes, url: str, on_error: Callable[[str], None] | None = None
             ) -> Iterator[tuple[str, str]]:
    """("sitemap", loc) for a sitemap index's children, ("page", url text) for a urlset's
    pages and a feed's items, in document order, parsed as a stream: each entry's element is
    dropped once read, so memory is the document's bytes, not its tree. A malformed piece is
    read past; a document cut before its root's end tag is read as far as it goes (an entry
    its end closed inside is dropped: its URL may be cut), and said through ``on_error``."""
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLPullParser(events=("start", "end", "comment", "pi"),
                                 resolve_entities=False, no_network=True, huge_tree=False,
                                 recover=True, load_dtd=False)
    root: Any = None
    entries = {"sitemap", "url", "item", "entry"}
    open_entries = 0  # entries started and not yet ended (what is inside one is kept till then)
    ended = False  # the root's end tag was read (before close(), which ends a cut one too)

    def drop(node: Any) -> None:
        """Forget a finished node outside every entry, with the finished ones before it."""
        node.clear()
        parent = node.getparent()
        if parent is not None:
            while node.getprevious() is not None:
                del parent[0]

    def drain(last: list[tuple[str, str]] | None = None) -> Iterator[tuple[str, str]]:
        """The entries closed so far; with ``last``, the newest one is held back in it (the
        final read of a cut document: the entry its end closed may hold a cut URL)."""
        nonlocal root, open_entries, ended
        for event, node in parser.read_events():
            if event == "start":
                if root is None:
                    root = node
                    if _local(node.tag).casefold() in _HTML_ROOTS:  # (a front page given as
                        raise SourceError(f"{redact_url(url)}: an HTML page, "  # its feed)
                                          "not a sitemap or feed")
                elif _local(node.tag) in entries:
                    open_entries += 1
                continue
            if event in ("comment", "pi"):
                if not open_entries and node.getparent() is not None:
                    drop(node)  # (comments between entries would pile up in the tree)
                continue
            name = _local(node.tag)
            if name not in entries:
                if node is root:
                    ended = True  # (seen while feeding: the document has its last end tag)
                elif not open_entries:
                    drop(node)  # an element that is no entry (<a/> ten million times)
                continue
            open_entries = max(0, open_entries - 1)
            if open_entries:  # an entry-named child of an entry (an item's <url>): its part,
                continue       # read with it (dropping it took its parent's earlier children)
            found = _entry(name, node)
            if found is not None:
                if last is None:
                    yield found
                else:
                    if last:
                        yield last.pop()
                    last.append(found)
            drop(node)  # the entry is read: drop it and the ones before it

    tail = b""
    try:
        for piece in _bare_amps_escaped(_xml_pieces(data, url)):
            parser.feed(piece)
            if piece.strip(_BLANK):
                tail = (tail + piece).rstrip(_BLANK)[-256:]
            yield from drain()
        # A whole document ends with its root's end tag: the parser says so as it reads it
        # (whatever follows: blanks, comments; in any encoding), or, when a malformed piece
        # (a bare "&", a blank line before the declaration) made it hold its events back, its
        # last bytes do (blanks after them aside). One that does neither was cut: if it was cut
        # inside an entry (its bytes do not end with a tag's ">"), the entry its end closed may
        # hold a cut URL and is dropped. A malformed piece is no cut: the forgiving parser reads
        # past it, every entry is kept.
        end = None if ended else _END_TAG.search(tail)
        cut_doc = root is not None and not ended and (
            end is None or end.group(1).decode("utf-8", "replace").rsplit(":", 1)[-1]
            != _local(root.tag))
        parser.close()
        cut = cut_doc and not tail.rstrip(_BLANK).endswith(b">")
        held: list[tuple[str, str]] = []
        yield from drain(held if cut else None)
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"{redact_url(url)}: not XML ({exc})") from None
    if root is None:
        raise SourceError(f"{redact_url(url)}: empty or not XML")
    if cut_doc:
        _notice(on_error, f"{redact_url(url)}: truncated XML (it ends before its last end tag); "
                "the URLs read from it are used" +
                (", but not an entry cut off by its end" if cut else ""))


def _entry(name: str, node: Any) -> tuple[str, str] | None:
    if name in ("sitemap", "url"):  # <sitemap><loc> of an index, <url><loc> of a urlset
        loc = _child_text(node, "loc")
        return ("sitemap" if name == "sitemap" else "page", loc) if loc else None
    if name == "item":  # RSS 2.0 / RSS 1.0
        link = _child_text(node, "link")
        if not link:
            guid = next((c for c in node if _local(c.tag) == "guid"
                         and c.get("isPermaLink", "true") != "false"), None)
            link = (guid.text or "").strip() if guid is not None else ""
        return ("page", link) if link else None
    links = [c for c in node if _local(c.tag) == "link" and c.get("href")]  # Atom
    best = next((c for c in links if c.get("rel", "alternate") == "alternate"), None)
    return ("page", best.get("href").strip()) if best is not None else None


def _scope(asked: str, address: str, credentials: bool, left: bool) -> str | None:
    """The scope of a document's entries (:func:`remote_item`): ``asked`` (the sitemap or feed
    the user asked for) when the document was read with the user's credentials, its redirect
    chain never ``left`` its origin and its ``address`` (where the chain ended) is on the asked
    origin; else None, and none of its entries gets them: a child sitemap on another origin,
    or a document redirected there (also when the other origin sends the chain back), does
    not choose which pages of the user's own site get the user's token."""
    from .fetch.headers import same_site

    return asked if credentials and not left and same_site(asked, address) else None


def _refused_hint(asked: str) -> str:
    """What a 401 or 403 of a child sitemap adds to its message when the asked URL holds a
    ``user:password@`` (used for that document only, see :func:`_item`), else ""."""
    parts = urlsplit(asked)
    if parts.username is None and parts.password is None:
        return ""
    return ("; the user:password of the sitemap URL goes with that document only: for the "
            "sitemaps and pages it lists, give --header \"Authorization: ...\"")


def _item(base: str, text: str, scope: str | None) -> RemoteItem:
    """A listed URL, resolved against the document's own address ``base`` (where its
    redirects ended), without any user:password (the one of the URL the user asked for is the
    fetcher's business: copied into every listed URL it would reach each record's ``url``);
    whatever it is (``http://[oops/``, ``file:///etc/passwd``) it stays a remote item, so the
    pipeline gives it its own record. ``scope``: the address of the sitemap or feed the user
    asked for, None for a document read without the user's credentials
    (:func:`remote_item`)."""
    try:
        if not text[:8].lower().startswith(("http://", "https://")):  # most are absolute
            text = urljoin(base, text)
        return remote_item(strip_credentials(text), scope)
    except ValueError:  # unparsable: an invalid_url record says why
        return RemoteItem(strip_credentials(text))


class _Seen:
    """Page URLs already taken, as 64-bit hashes (O(1), ~70 bytes each). With ``upgrade``
    (the run has credentials), a URL taken as a :class:`RemoteItem` is taken once more when it
    comes again as an :class:`OwnOriginItem` (a document read without the credentials listed
    it first: it does not take them from the user's own sitemap's entry); a RemoteItem held
    back meanwhile is then dropped (:meth:`upgraded`)."""

    def __init__(self, upgrade: bool = False) -> None:
        self._hashes: set[int] = set()
        self._upgrade = upgrade
        self._remote: set[int] = set()  # yielded as a RemoteItem only (with ``upgrade``)

    def add(self, url: str) -> bool:
        """True when ``url`` is to be yielded: new, or an upgrade (see the class)."""
        key = hash(url)
        own = isinstance(url, OwnOriginItem)
        if key in self._hashes:
            if own and key in self._remote:
                self._remote.discard(key)
                return True
            return False
        self._hashes.add(key)
        if self._upgrade and not own:
            self._remote.add(key)
        return True

    @property
    def upgrading(self) -> bool:
        return self._upgrade

    def upgraded(self, url: str) -> bool:
        """Was ``url``, taken as a RemoteItem, taken again since as an OwnOriginItem?"""
        return self._upgrade and hash(url) not in self._remote

    def __len__(self) -> int:
        return len(self._hashes)


def sitemap_urls(url: str, settings: Settings | None = None,
                 on_error: Callable[[str], None] | None = None, *,
                 max_urls: int = MAX_SOURCE_URLS,
                 max_sitemaps: int = MAX_SITEMAPS) -> Iterator[str]:
    """Page URLs listed by a sitemap, following sitemap indexes (gzipped or not), lazily, each
    once. A document that cannot be read goes to ``on_error`` (raised as SourceError without
    one); reaching a cap is said there too (logged without one) and ends that part.

    The user's credentials go with ``url`` and with the sitemaps and pages on its origin that
    a document read with them and found on that origin lists (:class:`OwnOriginItem`), never
    with those on another origin, nor with any a child sitemap read without them (or a
    document redirected to another origin) lists (:class:`RemoteItem`). Listed URLs carry no
    ``user:password@``, ``url``'s included.

    The documents read with the credentials go first (``url`` and its :class:`OwnOriginItem`
    children, breadth first), then the others: a URL of the user's origin that a foreign
    child also lists comes out once, as an OwnOriginItem. A child queued as a RemoteItem that
    comes again as an OwnOriginItem is read with the credentials instead. With credentials
    configured, a page of the user's origin that one of those documents lists as a
    RemoteItem (its redirects left the origin) is held back until they are all read, and
    comes out as an OwnOriginItem if another of them lists it, else as it was: each listed
    URL comes out once (the held URLs are kept in memory, within ``max_urls``)."""
    from .fetch.headers import credential_headers, same_site

    s = settings or Settings()
    own: deque[tuple[str, int]] = deque([(url, 0)])  # read with the credentials: first
    foreign: deque[tuple[str, int]] = deque()
    # sitemaps queued or read (at most max_sitemaps) -> queued with the credentials
    queued: dict[str, bool] = {strip_credentials(url): True}
    seen = _Seen(upgrade=bool(credential_headers(s)))
    held: list[RemoteItem] = []  # pages of the user's origin waiting for an own listing

    def release() -> Iterator[RemoteItem]:
        for item in held:
            if not seen.upgraded(item):
                yield item
        held.clear()
    refused = _refused_hint(url)
    docs = _Documents(s)
    try:
        while own or foreign:
            if not own:  # no OwnOriginItem can come any more
                yield from release()
            reading_own = bool(own)
            current, depth = own.popleft() if own else foreign.popleft()
            credentials = with_credentials(current)
            if not credentials and queued.get(current):
                continue  # came again as an OwnOriginItem: read with the credentials
            children = 0
            try:
                body, base, left = docs.get(current, credentials,
                                            refused if depth and credentials else "")
                scope = _scope(url, base, credentials, left)
                for kind, loc in _entries(body, current, on_error):
                    if kind == "page":
                        item = _item(base, loc, scope)
                        if not seen.add(item):
                            continue
                        if len(seen) > max_urls:
                            _notice(on_error, f"{redact_url(url)}: stopped after {max_urls} URLs "
                                    f"(the cap), in {redact_url(current)}; the rest are not read")
                            yield from release()
                            return
                        if (reading_own and seen.upgrading and not item.credentials
                                and same_site(url, item)):
                            held.append(item)
                        else:
                            yield item
                        continue
                    if depth >= MAX_SITEMAP_DEPTH:
                        _notice(on_error, f"{redact_url(current)}: sitemap indexes nested deeper "
                                f"than {MAX_SITEMAP_DEPTH} levels; its children are skipped")
                        break
                    child = _item(base, loc, scope)
                    before = queued.get(child)
                    if before is not None and (before or not child.credentials):
                        continue
                    children += 1
                    if before is None and (children > MAX_INDEX_CHILDREN
                                           or len(queued) >= max_sitemaps):
                        cap = (f"{MAX_INDEX_CHILDREN} sitemaps in one index"
                               if children > MAX_INDEX_CHILDREN
                               else f"{max_sitemaps} sitemaps in all")
                        _notice(on_error, f"{redact_url(current)}: stopped at {cap} (the cap); "
                                f"the sitemaps it lists after {redact_url(child)} are skipped")
                        break
                    queued[child] = child.credentials
                    (own if child.credentials else foreign).append((child, depth + 1))
            except SourceError as exc:
                if on_error is None:  # raised: the run of this sitemap ends here
                    yield from release()
                _failed(on_error, exc)
        yield from release()
    finally:
        docs.close()


def feed_urls(url: str, settings: Settings | None = None,
              on_error: Callable[[str], None] | None = None, *,
              max_urls: int = MAX_SOURCE_URLS) -> Iterator[str]:
    """Article URLs of an RSS or Atom feed, each once. A feed that cannot be read goes to
    ``on_error`` (raised as SourceError without one). The user's credentials go with the
    feed and with the URLs it lists on its origin only (:class:`OwnOriginItem`), and with none
    when the feed was redirected to another origin; listed URLs carry no ``user:password@``."""
    docs = _Documents(settings or Settings())
    seen = _Seen()
    try:
        body, base, left = docs.get(url)
        scope = _scope(url, base, True, left)
        for kind, loc in _entries(body, url, on_error):
            if kind != "page":
                continue
            item = _item(base, loc, scope)
            if not seen.add(item):
                continue
            if len(seen) > max_urls:
                _notice(on_error, f"{redact_url(url)}: stopped after {max_urls} URLs (the cap)")
                return
            yield item
    except SourceError as exc:
        _failed(on_error, exc)
    finally:
        docs.close()
