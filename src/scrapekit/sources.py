"""Inputs -> work items, read lazily: URL list files, stdin, arguments, local HTML paths and
file:// URLs, sitemaps (indexes, gzipped) and RSS/Atom feeds."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

from .errors import ScrapekitError
from .redact import redact_url
from .settings import Settings

if TYPE_CHECKING:  # the network stack is imported when a sitemap or feed is read, not before
    from .fetch.client import Fetcher, FetchResult

log = logging.getLogger("scrapekit.sources")

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")


MAX_LINE = 64 * 1024
"""Longest URL-list line kept whole (longer ones still get their own ``invalid_url`` record)."""
MAX_SKIP = 16 * 1024 * 1024
"""Bytes without a line break after which a URL list is declared not a URL list."""
_READ = 64 * 1024
_COMMENT = re.compile(r"\s#")


def _clean_line(text: str) -> str | None:
    """One list line as a URL: stripped, None for blanks and comments; ``#`` after whitespace
    starts a comment (a ``#`` inside a URL is its fragment)."""
    text = text.strip().lstrip("\ufeff")
    if not text or text.startswith("#"):
        return None
    cut = _COMMENT.search(text)
    return text[:cut.start()].rstrip() if cut else text


def _byte_chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """The stream's bytes in bounded chunks; a gzip stream (by its magic bytes) is inflated
    in steps of at most _READ bytes, members after members."""
    first = stream.read(_READ)
    if first[:2] != b"\x1f\x8b":
        while first:
            yield first
            first = stream.read(_READ)
        return
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    data = first
    while data:
        try:
            while True:  # at most _READ bytes out per step, until this input is used up
                out = inflater.decompress(data, _READ)
                if out:
                    yield out
                if inflater.eof:  # another gzip member may follow
                    data = inflater.unused_data
                    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    if not data.strip(b"\x00"):
                        break
                    continue
                data = inflater.unconsumed_tail
                if not data and len(out) < _READ:
                    break
        except zlib.error as exc:
            raise SourceError(f"broken gzip URL list: {exc}") from None
        data = stream.read(_READ)
    tail = inflater.flush()
    if tail:
        yield tail


def _bounded_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Lines of at most MAX_LINE (+1) bytes: a longer line is cut there (its record says it is
    too long) and the rest of it skipped, so one endless line cannot fill memory."""
    buf = b""
    skipping = 0
    for chunk in chunks:
        if skipping:
            nl = chunk.find(b"\n")
            if nl < 0:
                skipping += len(chunk)
                if skipping > MAX_SKIP:
                    raise SourceError(f"not a URL list: no line break in {MAX_SKIP} bytes")
                continue
            chunk, skipping = chunk[nl + 1:], 0
        buf += chunk
        lines = buf.split(b"\n")
        buf = lines.pop()
        yield from lines
        if len(buf) > MAX_LINE:
            yield buf[:MAX_LINE + 1]
            buf, skipping = b"", 1
    if buf and not skipping:
        yield buf


def url_lines(stream: IO[bytes] | IO[str]) -> Iterator[str]:
    """Input lines of a URL list: stripped, blank lines and '#' comments skipped (also after a
    URL, following whitespace); a gzip stream is decompressed (bounded steps); lines are
    bounded (see MAX_LINE).

    Bytes are decoded as UTF-8 with replacement, so a stray byte cannot stop the batch; the
    affected line then fails URL validation with its own record.
    """
    lines: Iterable[bytes | str]
    if isinstance(stream, io.TextIOBase) or not hasattr(stream, "read"):
        lines = stream
    else:
        lines = _bounded_lines(_byte_chunks(stream))  # type: ignore[arg-type]
    for line in lines:
        text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
        url = _clean_line(text)
        if url:
            yield url


def read_url_file(path: str | os.PathLike[str]) -> Iterator[str]:
    """URLs of a list file, plain or gzip-compressed (``urls.txt.gz``)."""
    with open(path, "rb") as fh:
        yield from url_lines(fh)


class RemoteItem(str):
    """A URL listed by a remote document (sitemap, feed): never read as a local file, whatever
    its scheme (``file:///etc/passwd`` in a feed becomes an ``invalid_url`` record)."""

    __slots__ = ()

    def strip(self, chars: str | None = None) -> RemoteItem:
        return RemoteItem(str.strip(self, chars))


def file_url_path(url: str) -> Path | None:
    """The local path of a file:// URL given by the user, else None (also for every URL that
    came out of a remote document: see :class:`RemoteItem`)."""
    if isinstance(url, RemoteItem) or not url[:7].lower() == "file://":
        return None
    parts = urlsplit(url)
    return Path(unquote(parts.path))


def local_paths(inputs: Iterable[str]) -> Iterator[str]:
    """Files to extract: files as given, directories walked for HTML and WARC files (sorted), file://
    URLs turned into paths. Missing paths are yielded too, so they get an error record."""
    for item in inputs:
        path = file_url_path(item) or Path(item)
        if path.is_dir():
            seen: set[str] = set()
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    if name.lower().endswith(HTML_SUFFIXES + WARC_SUFFIXES):
                        full = os.path.join(root, name)
                        real = os.path.realpath(full)
                        if real not in seen:
                            seen.add(real)
                            yield full
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


class SourceError(Exception):
    """A sitemap or feed could not be read (reported on stderr; the run goes on)."""


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


class _Documents:
    """Fetches sitemap and feed documents with a Fetcher on a private event loop (the sources
    are plain iterators, read in the pipeline's input thread)."""

    def __init__(self, settings: Settings) -> None:
        # the protocol's size cap; no HTTP cache (its SQLite file has one writer: the pages')
        self._settings = settings.replace(max_bytes=MAX_XML_BYTES, cache=None)
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

    async def _fetch(self, url: str) -> FetchResult:
        if self._fetcher is None:
            from .fetch.client import Fetcher

            try:
                self._fetcher = Fetcher(self._settings, any_type=True)
            except (ImportError, ValueError) as exc:  # e.g. a socks proxy without socksio
                raise SourceError(f"cannot read sitemaps or feeds with these settings: {exc}"
                                  ) from None
        return await self._fetcher.fetch(url)

    def get(self, url: str) -> bytes:
        result: FetchResult = self._run(self._fetch(url))
        if result.error is not None or result.body is None:
            error = result.error
            why = f"{error.kind}: {error.message}" if error is not None else "no body"
            raise SourceError(f"{redact_url(url)}: {why}")
        return result.body

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
    except ScrapekitError as exc:  # a broken or truncated gzip stream
        raise SourceError(f"{redact_url(url)}: {exc.message}") from None


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(node: Any, name: str) -> str:
    for child in node:
        if _local(child.tag) == name and child.text and child.text.strip():
            return str(child.text.strip())
    return ""


def _entries(data: bytes, url: str) -> Iterator[tuple[str, str]]:
    """("sitemap", loc) for a sitemap index's children, ("page", url text) for a urlset's
    pages and a feed's items, in document order, parsed as a stream: each entry's element is
    dropped once read, so memory is the document's bytes, not its tree."""
    from lxml import etree

    parser = etree.XMLPullParser(events=("start", "end"), resolve_entities=False,
                                 no_network=True, huge_tree=False, recover=True, load_dtd=False)
    root: Any = None
    entries = {"sitemap", "url", "item", "entry"}

    def drain() -> Iterator[tuple[str, str]]:
        nonlocal root
        for event, node in parser.read_events():
            if event == "start":
                if root is None:
                    root = node
                continue
            name = _local(node.tag)
            if name not in entries:
                continue
            found = _entry(name, node)
            if found is not None:
                yield found
            node.clear()  # the entry is read: drop it and the ones before it
            parent = node.getparent()
            if parent is not None:
                while node.getprevious() is not None:
                    del parent[0]

    try:
        for piece in _xml_pieces(data, url):
            parser.feed(piece)
            yield from drain()
        parser.close()
        yield from drain()
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"{redact_url(url)}: not XML ({exc})") from None
    if root is None:
        raise SourceError(f"{redact_url(url)}: empty or not XML")


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


def _item(base: str, text: str) -> RemoteItem:
    """A listed URL, resolved against the document's; whatever it is (``http://[oops/``,
    ``file:///etc/passwd``) it stays a remote item, so the pipeline gives it its own record."""
    if text[:8].lower().startswith(("http://", "https://")):  # absolute already (most are)
        return RemoteItem(text)
    try:
        return RemoteItem(urljoin(base, text))
    except ValueError:  # unparsable: an invalid_url record says why
        return RemoteItem(text)


class _Seen:
    """Page URLs already yielded, as 64-bit hashes (O(1), ~70 bytes each)."""

    def __init__(self) -> None:
        self._hashes: set[int] = set()

    def add(self, url: str) -> bool:
        """True when ``url`` is new."""
        key = hash(url)
        if key in self._hashes:
            return False
        self._hashes.add(key)
        return True

    def __len__(self) -> int:
        return len(self._hashes)


def sitemap_urls(url: str, settings: Settings | None = None,
                 on_error: Callable[[str], None] | None = None, *,
                 max_urls: int = MAX_SOURCE_URLS,
                 max_sitemaps: int = MAX_SITEMAPS) -> Iterator[str]:
    """Page URLs listed by a sitemap, following sitemap indexes (gzipped or not), lazily, each
    once. A document that cannot be read goes to ``on_error`` (raised as SourceError without
    one); reaching a cap is said there too (logged without one) and ends that part."""
    s = settings or Settings()
    todo: deque[tuple[str, int]] = deque([(url, 0)])
    queued: set[str] = {url}  # sitemaps queued or read: at most max_sitemaps
    seen = _Seen()
    docs = _Documents(s)
    try:
        while todo:
            current, depth = todo.popleft()
            children = 0
            try:
                for kind, loc in _entries(docs.get(current), current):
                    if kind == "page":
                        item = _item(current, loc)
                        if not seen.add(item):
                            continue
                        if len(seen) > max_urls:
                            _notice(on_error, f"{redact_url(url)}: stopped after {max_urls} URLs "
                                    f"(the cap), in {redact_url(current)}; the rest are not read")
                            return
                        yield item
                        continue
                    if depth >= MAX_SITEMAP_DEPTH:
                        _notice(on_error, f"{redact_url(current)}: sitemap indexes nested deeper "
                                f"than {MAX_SITEMAP_DEPTH} levels; its children are skipped")
                        break
                    child = _item(current, loc)
                    if child in queued:
                        continue
                    children += 1
                    if children > MAX_INDEX_CHILDREN or len(queued) >= max_sitemaps:
                        cap = (f"{MAX_INDEX_CHILDREN} sitemaps in one index"
                               if children > MAX_INDEX_CHILDREN
                               else f"{max_sitemaps} sitemaps in all")
                        _notice(on_error, f"{redact_url(current)}: stopped at {cap} (the cap); "
                                f"the sitemaps it lists after {redact_url(child)} are skipped")
                        break
                    queued.add(child)
                    todo.append((child, depth + 1))
            except SourceError as exc:
                _failed(on_error, exc)
    finally:
        docs.close()


def feed_urls(url: str, settings: Settings | None = None,
              on_error: Callable[[str], None] | None = None, *,
              max_urls: int = MAX_SOURCE_URLS) -> Iterator[str]:
    """Article URLs of an RSS or Atom feed, each once. A feed that cannot be read goes to
    ``on_error`` (raised as SourceError without one)."""
    docs = _Documents(settings or Settings())
    seen = _Seen()
    try:
        for kind, loc in _entries(docs.get(url), url):
            if kind != "page":
                continue
            item = _item(url, loc)
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
