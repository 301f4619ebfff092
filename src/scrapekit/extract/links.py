"""Related links: links in the article text ("inBody") and in related / read-more blocks
("related"), absolute, cleaned of tracking parameters, deduplicated, in page order.

The article container is located in the DOM as the deepest element holding most of the body
paragraphs the body extractor found; links inside it are in-body links unless site chrome
(share bars, tag lists, author boxes) surrounds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from selectolax.lexbor import LexborNode

from ..record import Link
from . import patterns
from .document import Page
from .text import collapse, fold, truncate

TEXT_BLOCKS = "p, li, blockquote, h2, h3, h4, h5, h6, pre, dd, figcaption"
CONTAINER_SHARE = 0.7
MAX_RELATED_BLOCK_LINKS = 30
MAX_CHROME_DEPTH = 40


def strip_tracking(query: str) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
             if not patterns.TRACKING_PARAMS.match(k)]
    return urlencode(pairs, doseq=True)


def clean_link_url(href: str | None, page: Page) -> str | None:
    """Absolute, fragment-free, tracking-free URL of a content page; None for anything else."""
    url = page.absolute(href)
    if not url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    if patterns.FILE_EXTENSIONS.search(parts.path) or patterns.SHARE_URLS.search(url):
        return None
    if patterns.INDEX_PATHS.search(parts.path):
        return None
    query = strip_tracking(parts.query)
    if parts.path in ("", "/") and not query:
        return None  # a home page is navigation, not content
    netloc = parts.netloc.lower() if "@" not in parts.netloc else parts.netloc
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


def _url_key(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}"


def _chrome(node: LexborNode, stop: LexborNode | None = None) -> bool:
    """True when node or an ancestor (below stop) is site chrome."""
    stop_id = stop.mem_id if stop is not None else None
    current: LexborNode | None = node
    for _ in range(MAX_CHROME_DEPTH):
        if current is None or current.mem_id == stop_id or current.tag in ("body", "html"):
            return False
        if current.tag in patterns.CHROME_TAGS:
            return True
        attrs = current.attributes
        if (attrs.get("role") or "").lower() in patterns.CHROME_ROLES:
            return True
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if names.strip() and patterns.CHROME_CLASS.search(names):
            return True
        current = current.parent
    return False


def find_container(page: Page, paragraphs: Iterable[str]) -> LexborNode | None:
    """Deepest element that holds most of the body paragraphs."""
    wanted = {fold(p) for p in paragraphs}
    wanted.discard("")
    if not wanted or page.tree.body is None:
        return None
    counts: dict[int, int] = {}
    depth: dict[int, int] = {}
    nodes: dict[int, LexborNode] = {}
    matched = 0
    for node in page.tree.body.css(TEXT_BLOCKS):
        if fold(node.text(deep=True, separator=" ")) not in wanted:
            continue
        matched += 1
        chain: list[LexborNode] = []
        current = node.parent
        while current is not None and current.tag not in ("html", "#document"):
            chain.append(current)
            current = current.parent
        for i, anc in enumerate(chain):
            key = anc.mem_id
            counts[key] = counts.get(key, 0) + 1
            depth[key] = len(chain) - i
            nodes[key] = anc
    if not matched:
        return None
    needed = max(1, int(matched * CONTAINER_SHARE + 0.999))
    best = max((k for k, c in counts.items() if c >= needed), key=lambda k: depth[k], default=None)
    return nodes[best] if best is not None else None


def _is_related_block(node: LexborNode) -> bool:
    attrs = node.attributes
    names = " ".join(filter(None, (attrs.get("class"), attrs.get("id"), attrs.get("aria-label"),
                                   attrs.get("data-component"), attrs.get("data-module"))))
    return bool(names) and bool(patterns.RELATED_CLASS.search(names))


def _related_blocks(page: Page) -> list[LexborNode]:
    blocks: list[LexborNode] = []
    seen: set[int] = set()
    body = page.tree.body
    if body is None:
        return blocks
    for node in body.css("section, aside, div, ul, ol, nav, figure, p"):
        if node.tag not in ("main", "article") and _is_related_block(node):
            blocks.append(node)
    for heading in body.css("h2, h3, h4, h5, h6, strong, [class*=title i], [class*=heading i]"):
        text = collapse(heading.text(deep=True, separator=" "))
        if text and len(text) <= 60 and patterns.RELATED_HEADING.search(text):
            parent = heading.parent
            if parent is not None and parent.tag not in ("body", "main", "article", "html"):
                blocks.append(parent)
    out = []
    for block in blocks:
        if block.mem_id in seen:
            continue
        seen.add(block.mem_id)
        n_links = len(block.css("a[href]"))
        if 0 < n_links <= MAX_RELATED_BLOCK_LINKS and not _chrome(block):
            out.append(block)
    return out


def _inside(node: LexborNode, ids: set[int]) -> bool:
    current: LexborNode | None = node
    while current is not None:
        if current.mem_id in ids:
            return True
        current = current.parent
    return False


def _anchor_text(a: LexborNode) -> str:
    text = collapse(a.text(deep=True, separator=" "))
    return truncate(text, patterns.MAX_LINK_TEXT)


def _jsonld_related(page: Page) -> Iterator[str]:
    art = page.article_object()
    for obj in (art,) if art else ():
        value = obj.get("relatedLink")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                yield item
            elif isinstance(item, dict) and isinstance(item.get("url"), str):
                yield item["url"]


def extract_related_links(page: Page, paragraphs: Iterable[str]) -> list[Link]:
    page_keys = {_url_key(u) for u in (page.url, page.base_url) if u}
    seen: set[str] = set(page_keys)
    container = find_container(page, paragraphs)
    blocks = _related_blocks(page)
    # a related block inside the container that holds a single link is an inline
    # "Related article: ..." line: an in-body link.
    block_ids = {b.mem_id for b in blocks
                 if container is None or not _inside(b, {container.mem_id})
                 or len(b.css("a[href]")) > 1}
    links: list[Link] = []

    def add(href: str | None, text: str, kind: str) -> None:
        url = clean_link_url(href, page)
        if url is None:
            return
        key = _url_key(url)
        if key in seen:
            return
        seen.add(key)
        links.append(Link(url=url, text=text or None, kind=kind))

    body = page.tree.body
    if body is None:
        return links
    container_id = {container.mem_id} if container is not None else set()
    for a in body.css("a[href]"):
        text = _anchor_text(a)
        if not text:
            continue
        if block_ids and _inside(a, block_ids):
            add(a.attributes.get("href"), text, "related")
        elif container is not None and _inside(a, container_id) and not _chrome(a, stop=container):
            add(a.attributes.get("href"), text, "inBody")
    for href in _jsonld_related(page):
        add(href, "", "related")
    return links
