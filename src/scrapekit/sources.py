"""Inputs -> work items, read lazily: URL list files, stdin, arguments, local HTML paths and
file:// URLs, sitemaps (indexes, gzipped) and RSS/Atom feeds."""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

from .settings import Settings

if TYPE_CHECKING:  # imported where used: offline runs (extract) never load the network stack
    import httpx

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")


def url_lines(stream: IO[bytes] | IO[str]) -> Iterator[str]:
    """Input lines of a URL list: stripped, blank lines and '#' comments skipped.

    Bytes are decoded as UTF-8 with replacement, so a stray byte cannot stop the batch; the
    affected line then fails URL validation with its own record.
    """
    for line in stream:
        text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
        text = text.strip().lstrip("\ufeff")
        if not text or text.startswith("#"):
            continue
        yield text


def read_url_file(path: str | os.PathLike[str]) -> Iterator[str]:
    with open(path, "rb") as fh:
        yield from url_lines(fh)


def file_url_path(url: str) -> Path | None:
    """The local path of a file:// URL, else None."""
    if not url[:7].lower() == "file://":
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

MAX_XML_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit (uncompressed)
MAX_SITEMAP_DEPTH = 3
MAX_SITEMAPS = 10_000


class SourceError(Exception):
    """A sitemap or feed could not be read (reported on stderr; the run goes on)."""


def _gunzip(data: bytes) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = inflater.decompress(data, MAX_XML_BYTES + 1)
    if len(out) > MAX_XML_BYTES:
        raise SourceError(f"decompressed XML over {MAX_XML_BYTES} bytes")
    return out


def _get_xml(client: httpx.Client, url: str) -> bytes:
    import httpx

    try:
        with client.stream("GET", url) as resp:
            if resp.status_code >= 400:
                raise SourceError(f"{url}: HTTP {resp.status_code}")
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > MAX_XML_BYTES:
                    raise SourceError(f"{url}: over {MAX_XML_BYTES} bytes")
                chunks.append(chunk)
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        raise SourceError(f"{url}: {exc.__class__.__name__}: {exc}") from None
    data = b"".join(chunks)
    return _gunzip(data) if data[:2] == b"\x1f\x8b" else data


def _parse_xml(data: bytes, url: str) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             recover=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"{url}: not XML ({exc})") from None
    if root is None:
        raise SourceError(f"{url}: empty or not XML")
    return root


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _client(settings: Settings) -> httpx.Client:
    import httpx

    headers = {"User-Agent": settings.user_agent}
    headers.update(dict(settings.headers))
    try:
        return httpx.Client(headers=headers, cookies=dict(settings.cookies), proxy=settings.proxy,
                            follow_redirects=True, timeout=settings.timeout)
    except (ValueError, httpx.InvalidURL) as exc:  # e.g. a proxy URL httpx cannot use
        raise SourceError(f"cannot read sitemaps or feeds with these settings: {exc}") from None


def sitemap_urls(url: str, settings: Settings | None = None,
                 on_error: Callable[[str], None] | None = None) -> Iterator[str]:
    """Page URLs listed by a sitemap, following sitemap indexes (gzipped or not), lazily."""
    s = settings or Settings()
    if on_error is not None:
        try:
            _client(s).close()
        except SourceError as exc:
            on_error(str(exc))
            return
    todo: list[tuple[str, int]] = [(url, 0)]
    seen: set[str] = set()
    with _client(s) as client:
        while todo:
            current, depth = todo.pop(0)
            if current in seen or len(seen) >= MAX_SITEMAPS:
                continue
            seen.add(current)
            try:
                root = _parse_xml(_get_xml(client, current), current)
            except SourceError as exc:
                if on_error is None:
                    raise
                on_error(str(exc))
                continue
            if _local(root.tag) == "sitemapindex":
                if depth < MAX_SITEMAP_DEPTH:
                    todo.extend((loc, depth + 1) for loc in _locs(root, "sitemap"))
                continue
            yield from _locs(root, "url")


def _locs(root: Any, parent: str) -> Iterator[str]:
    for node in root.iter():
        if _local(node.tag) == parent:
            for child in node:
                if _local(child.tag) == "loc" and child.text and child.text.strip():
                    yield child.text.strip()
                    break


def feed_urls(url: str, settings: Settings | None = None) -> Iterator[str]:
    """Article URLs of an RSS or Atom feed."""
    s = settings or Settings()
    with _client(s) as client:
        root = _parse_xml(_get_xml(client, url), url)
    for node in root.iter():
        name = _local(node.tag)
        if name == "item":  # RSS 2.0 / RSS 1.0
            link = next((c for c in node if _local(c.tag) == "link"), None)
            guid = next((c for c in node if _local(c.tag) == "guid"
                         and c.get("isPermaLink", "true") != "false"), None)
            for candidate in (link, guid):
                text = (candidate.text or "").strip() if candidate is not None else ""
                if text:
                    yield urljoin(url, text)
                    break
        elif name == "entry":  # Atom
            links = [c for c in node if _local(c.tag) == "link" and c.get("href")]
            best = next((c for c in links if c.get("rel", "alternate") == "alternate"), None)
            if best is not None:
                yield urljoin(url, best.get("href").strip())
