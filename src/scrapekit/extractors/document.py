"""Page: the parsed document and its structured data, built once per extraction.

Everything a field extractor needs is here: the selectolax tree, the URL to resolve against,
JSON-LD objects (flattened), <meta>/OpenGraph values, microdata properties and the language.
Field extractors read from a Page and never parse anything themselves.
"""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass, field
from collections.abc import Iterator
from itertools import islice
from typing import Any
from urllib.parse import urljoin

import orjson
from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import patterns
from .text import collapse

_JSONLD_COMMENTS = re.compile(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$")
_TRAILING_COMMAS = re.compile(r",\s*([}\]])")
_TAGS = re.compile(r"<[^>]{0,200}>")
MAX_JSONLD_BYTES = 2_000_000
MAX_JSONLD_OBJECTS = 500
CANONICAL_LINK = 'link[rel~="canonical" i][href]'
OG_URL = 'meta[property="og:url" i][content]'
BYLINE_ANY = ", ".join(sel for sel, _w in patterns.BYLINE_SELECTORS)
"""Every byline selector at once (a page without any of them needs no walk per selector)."""
SELECTOR_WITHIN: dict[str, str] = {
    # selector: a wider one, matching every element it matches (if that one matches nothing,
    # neither does the selector: Page.select skips its walk of the tree)
    **dict.fromkeys(("time[pubdate]", "article time[datetime]", "[class*=byline i] time[datetime]",
                     "time[datetime]", "time[class*=updated i]", "time[class*=modified i]"), "time"),
    "[class*=publish i][class*=date i]": "[class*=date i]",
    **{f"[itemprop={prop}]": "[itemprop]" for prop in ("datePublished", "dateModified", "headline")},
    ("article h2[class*=title i], article h2[class*=headline i], hgroup h2, header h2, "
     "h2[class*=title i], h2[class*=headline i]"): "h2",
    **{selector: BYLINE_ANY for selector, _w in patterns.BYLINE_SELECTORS},
}
_CONTAINS = re.compile(  # a[href*='/author/' i], [class*=author i]:not([class*=authorit i])
    r"(a?)\[(class|href)\*=('?)([-\w/]+)\3 i\](?::not\(\[\2\*=('?)([-\w/]+)\5 i\]\))?")
NEEDLE_PREFIX = 4
"""Characters of a needle lexbor looks for in the cheaper selector (see NarrowedSelector)."""


class NarrowedSelector:
    """A selector list holding ``a[href*='...' i]`` / ``[class*=... i]`` parts (an optional
    ``:not([class*=... i])`` after one), run as a cheaper one: the needles of each (tag,
    attribute) cut to their first NEEDLE_PREFIX characters, one part per distinct prefix
    (lexbor searches the attribute of every element once per part: the six author-link needles
    cost ~0.1 ms a page, their two prefixes ~0.03), the matches then told apart here.

    Same elements, same order, same repeats as ``tree.css(selector)``: lexbor lists an element
    once per selector of the list it matches, next to each other; the narrowed parts' count is
    redone on the element's attribute with lexbor's ASCII-only case folding (bytes.lower)."""

    def __init__(self, selector: str) -> None:
        others: list[str] = []
        groups: dict[tuple[str, str], list[tuple[bytes, bytes | None]]] = {}
        for part in (part.strip() for part in selector.split(",")):
            m = _CONTAINS.fullmatch(part)
            if m is None or not part.isascii():
                others.append(part)
                continue
            tag, attr, needle, not_needle = m.group(1), m.group(2), m.group(4), m.group(6)
            groups.setdefault((tag, attr), []).append(
                (needle.lower().encode(), not_needle.lower().encode() if not_needle else None))
        self.groups: list[tuple[str, str, tuple[bytes, ...], tuple[tuple[bytes, bytes | None], ...]]] = []
        cheap = list(others)
        narrowed = 0
        for (tag, attr), needles in groups.items():
            prefixes = tuple(dict.fromkeys(needle[:NEEDLE_PREFIX] for needle, _ in needles))
            cheap += [f"{tag}[{attr}*={p.decode()!r} i]" for p in prefixes]
            self.groups.append((tag, attr, prefixes, tuple(needles)))
            narrowed += len(needles) - len(prefixes)
        self.selector = ", ".join(cheap)
        self.useful = narrowed > 0

    def select(self, tree: LexborHTMLParser) -> list[LexborNode]:
        out: list[LexborNode] = []
        found = tree.css(self.selector)
        i, n = 0, len(found)
        while i < n:
            node = found[i]
            mem_id = node.mem_id
            j = i + 1
            while j < n and found[j].mem_id == mem_id:
                j += 1
            count = j - i
            attrs = None
            for tag, attr, prefixes, needles in self.groups:
                if tag and node.tag != tag:
                    continue
                if attrs is None:
                    attrs = node.attributes
                value = (attrs.get(attr) or "").encode("utf-8", "surrogatepass").lower()
                count += sum(needle in value and not (unless and unless in value)
                             for needle, unless in needles) - sum(p in value for p in prefixes)
            out.extend([node] * count)
            i = j
        return out


NARROWED: dict[str, NarrowedSelector] = {
    # selectors Page.select runs as a cheaper one (NarrowedSelector), when that is cheaper
    selector: narrowed for selector in (BYLINE_ANY, *(sel for sel, _w in patterns.BYLINE_SELECTORS))
    if (narrowed := NarrowedSelector(selector)).useful
}


def css_first_below(node: LexborNode, selector: str) -> LexborNode | None:
    """The first element below ``node`` matching ``selector``: lexbor's ``css_first`` matches
    the node itself too (``div.css_first("div")`` is the div), which a test for what a block
    holds must pass over."""
    first = node.css_first(selector)
    if first is None or first.mem_id != node.mem_id:
        return first
    return next((n for n in node.css(selector) if n.mem_id != node.mem_id), None)


def block_ancestors(node: LexborNode, levels: int) -> Iterator[LexborNode]:
    """The node and its ancestors, at most ``levels`` of them, stopping at the article, main
    or body element that holds them (whose labels describe the page, not this block)."""
    current: LexborNode | None = node
    for _ in range(levels):
        if current is None or current.tag in patterns.CONTENT_ROOT_TAGS:
            return
        yield current
        current = current.parent


def _few_nodes(node: LexborNode, limit: int) -> bool:
    """Has the node fewer than ``limit`` nodes below it (text nodes included)? Stops counting
    at the limit, so a node over a huge subtree costs no more than a small one."""
    return sum(1 for _ in islice(node.traverse(include_text=True), limit)) < limit


def labelled_texts(page: Page, labels: frozenset[str],
                   limit: int = 3000) -> Iterator[tuple[LexborNode, str]]:
    """(label node, text printed after it) for each label element ("<strong>Datum</strong>
    28.04.2023", "<dt>Autor</dt><dd>Jane Doe</dd>") whose text, without a trailing colon, is
    one of ``labels`` (lower-case)."""
    for node in page.select(patterns.LABEL_SELECTOR)[:limit]:
        if not _few_nodes(node, patterns.LABEL_MAX_NODES):
            continue
        label = collapse(node.text(deep=True)).rstrip(":").strip().casefold()
        if label not in labels:
            continue
        nxt = node.next
        texts: list[str | None] = []
        while nxt is not None and len(texts) < 3:
            texts.append(nxt.text_content if nxt.tag == "-text" else nxt.text(deep=True, separator=" "))
            nxt = nxt.next
        if node.tag == "dt" and not collapse(" ".join(t or "" for t in texts)) and node.parent is not None:
            texts = [node.parent.text(deep=True, separator=" ")]
        yield node, " ".join(t or "" for t in texts)


@dataclass
class Page:
    html: str
    tree: LexborHTMLParser
    url: str | None
    base_url: str | None
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    microdata: dict[str, list[str]] = field(default_factory=dict)
    lang: str | None = None
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Per-page memo for values several field extractors need (article object, site names)."""
    selections: dict[str, list[LexborNode]] = field(default_factory=dict, repr=False,
                                                    compare=False)
    """:meth:`select`'s memo (cleared when the tree changes: :meth:`tree_changed`)."""

    # -- the tree ----------------------------------------------------------------------------
    def select(self, selector: str) -> list[LexborNode]:
        """``tree.css(selector)``, memoised for the page (several extractors ask for the same
        elements), and without walking the tree when a wider selector (SELECTOR_WITHIN)
        matches nothing. Each walk of the whole tree costs ~30-70 us; a page asked ~40."""
        found = self.selections.get(selector)
        if found is None:
            wider = SELECTOR_WITHIN.get(selector)
            if wider is not None and not self.select(wider):
                found = []
            else:
                narrowed = NARROWED.get(selector)
                found = self.tree.css(selector) if narrowed is None else narrowed.select(self.tree)
            self.selections[selector] = found
        return found

    def select_first(self, selector: str) -> LexborNode | None:
        found = self.select(selector)
        return found[0] if found else None

    def tree_changed(self) -> None:
        """Forget the memoised selections (after nodes were removed from the tree)."""
        self.selections.clear()

    # -- lookups ---------------------------------------------------------------------------
    def meta_first(self, *keys: str) -> tuple[str, str] | None:
        """First non-empty <meta> value among keys, as (value, key)."""
        for key in keys:
            for value in self.meta.get(key, ()):
                value = collapse(value)
                if value:
                    return value, key
        return None

    def absolute(self, href: str | None) -> str | None:
        """href resolved against <base> / the page URL; None for empty or unresolvable."""
        if not href:
            return None
        href = href.strip()
        if not href:
            return None
        try:
            return urljoin(self.base_url, href) if self.base_url else href
        except ValueError:
            return None

    def article_object(self) -> dict[str, Any] | None:
        """The JSON-LD object describing this page's article, if any (memoised)."""
        if "article" not in self.cache:
            self.cache["article"] = _pick_article(self.jsonld, self.url)
        return self.cache["article"]

    def jsonld_objects(self, types: frozenset[str] | set[str]) -> list[dict[str, Any]]:
        """Every flattened JSON-LD object having one of these @types, in page order."""
        return [obj for obj in self.jsonld if types_of(obj) & types]

    @property
    def root(self) -> LexborNode | None:
        return self.tree.root


def stated_url(source: Page | LexborHTMLParser) -> str | None:
    """The absolute http(s) address a page (or a tree) states for itself: <link
    rel=canonical>, then og:url. Without an http(s) input URL (none, or a local file's file://
    URL) it is the base for relative links; the record's url stays as given."""
    select = source.select if isinstance(source, Page) else source.css
    candidates = [node.attributes.get("href") for node in select(CANONICAL_LINK)]
    candidates += [node.attributes.get("content") for node in select(OG_URL)]
    for value in candidates:
        value = (value or "").strip()
        if value[:8].lower().startswith(("http://", "https://")) and len(value) > 10:
            return value
    return None


def _head_selections(page: Page, nodes: list[LexborNode]) -> None:
    """The selections of CANONICAL_LINK, OG_URL and <title> out of the head walk's nodes (each
    selector's own test, made on the node: same elements, same order)."""
    page.selections[CANONICAL_LINK] = [
        n for n in nodes if n.tag == "link" and "href" in n.attributes
        and "canonical" in _HTML_SPACE.split((n.attributes.get("rel") or "").lower())]
    page.selections[OG_URL] = [
        n for n in nodes if n.tag == "meta" and "content" in n.attributes
        and (n.attributes.get("property") or "").lower() == "og:url"]
    page.selections["title"] = [n for n in nodes if n.tag == "title"]


def parse(html: str, url: str | None = None) -> Page:
    tree = LexborHTMLParser(html)
    page = Page(html=html, tree=tree, url=url, base_url=None)
    # <meta>, <base>, <script>, <link> and <title> in one walk of the tree (a walk costs
    # ~30-70 us whatever it looks for)
    head_nodes = tree.css(_HEAD_NODES)
    _head_selections(page, head_nodes)
    base = url if url and url[:8].lower().startswith(("http://", "https://")) else (stated_url(page) or url)
    base_node = next((n for n in head_nodes if n.tag == "base" and "href" in n.attributes), None)
    if base_node is not None:
        try:
            base = urljoin(base or "", base_node.attributes.get("href") or "") or base
        except ValueError:  # <base href="http://[::1">: the page's own address stays the base
            pass
    page.base_url = base
    page.jsonld = read_jsonld(tree, [n for n in head_nodes if n.tag == "script" and _is_jsonld(n)])
    page.meta = read_meta(tree, [n for n in head_nodes if n.tag == "meta"])
    page.microdata = read_microdata(tree, page.select("[itemprop]"))
    html_node = tree.root  # the <html> element (the parser makes one for every document)
    if html_node is not None:
        page.lang = collapse(html_node.attributes.get("lang") or html_node.attributes.get("xml:lang")) or None
    return page


# -- JSON-LD -----------------------------------------------------------------------------------

def ld_text(value: Any) -> str:
    """A JSON-LD string value as text: HTML entities decoded (many CMSs double-escape them),
    tags dropped, whitespace collapsed; '' for anything that is not a string."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return ""
    if "&" in value:
        value = _html.unescape(_html.unescape(value))
    if "<" in value:
        value = _TAGS.sub(" ", value)
    return collapse(value)


def _loads(text: str) -> Any:
    text = _JSONLD_COMMENTS.sub("", text.strip())
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    try:  # the common sloppiness: trailing commas, raw newlines inside strings
        return orjson.loads(_TRAILING_COMMAS.sub(r"\1", text).replace("\n", " "))
    except orjson.JSONDecodeError:
        return None


def _flatten(value: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if depth > 6 or len(out) >= MAX_JSONLD_OBJECTS:
        return
    if isinstance(value, list):
        for item in value:
            _flatten(item, out, depth + 1)
    elif isinstance(value, dict):
        graph = value.get("@graph")
        if "@type" in value:
            out.append(value)
        if graph is not None:
            _flatten(graph, out, depth + 1)
        main = value.get("mainEntity")
        if isinstance(main, dict) and "@type" in main:
            _flatten(main, out, depth + 1)


_HEAD_NODES = "meta, base, script, link, title"
_HTML_SPACE = re.compile("[ \t\n\f\r]+")
"""The whitespace separating the words of an attribute ([rel~=word])."""
JSONLD_SCRIPT = 'script[type="application/ld+json" i]'


def _is_jsonld(node: LexborNode) -> bool:
    """Does a <script> match JSONLD_SCRIPT (its type, ASCII case aside)?"""
    kind = node.attributes.get("type")
    return kind is not None and kind.lower() == "application/ld+json"


def read_jsonld(tree: LexborHTMLParser,
                nodes: list[LexborNode] | None = None) -> list[dict[str, Any]]:
    """Objects of the JSON-LD scripts (``nodes``: those scripts, when already selected)."""
    objects: list[dict[str, Any]] = []
    for node in tree.css(JSONLD_SCRIPT) if nodes is None else nodes:
        text = node.text(deep=True)
        if not text or len(text) > MAX_JSONLD_BYTES:
            continue
        _flatten(_loads(text), objects)
    return objects


def types_of(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


def _pick_article(objects: list[dict[str, Any]], url: str | None) -> dict[str, Any] | None:
    best: dict[str, Any] | None = None
    best_score = -1
    for obj in objects:
        types = types_of(obj)
        if types & patterns.ARTICLE_TYPES:
            score = 3
        elif types & patterns.PAGE_TYPES:
            score = 1
        else:
            continue
        if obj.get("headline"):
            score += 1
        if obj.get("articleBody"):
            score += 1
        if url and (obj.get("url") == url or obj.get("mainEntityOfPage") in (url, {"@id": url})):
            score += 1
        if score > best_score:
            best, best_score = obj, score
    return best


# -- <meta> -----------------------------------------------------------------------------------

def read_meta(tree: LexborHTMLParser, nodes: list[LexborNode] | None = None) -> dict[str, list[str]]:
    """<meta> key (lower case) -> values (``nodes``: the <meta> elements, when selected)."""
    meta: dict[str, list[str]] = {}
    for node in tree.css("meta") if nodes is None else nodes:
        attrs = node.attributes
        content = attrs.get("content")
        if content is None:  # <meta name=... value=...>: some CMSs and page savers write this
            content = attrs.get("value")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = attrs.get(attr)
            if key:
                meta.setdefault(key.strip().lower(), []).append(content)
    return meta


# -- microdata ----------------------------------------------------------------------------------

def read_microdata(tree: LexborHTMLParser,
                   nodes: list[LexborNode] | None = None) -> dict[str, list[str]]:
    """itemprop -> values, for properties under an Article-like itemscope (or anywhere).
    ``nodes``: the tree's [itemprop] elements, when already selected."""
    props: dict[str, list[str]] = {}
    for node in tree.css("[itemprop]") if nodes is None else nodes:
        if node.tag == "meta":  # already in Page.meta
            continue
        attrs = node.attributes
        value = (attrs.get("content") or attrs.get("datetime") or
                 (attrs.get("href") if node.tag in ("a", "link") else None) or
                 (attrs.get("src") if node.tag in ("img", "source") else None))
        if value is None:
            if node.tag in ("article", "body", "main", "div", "section") and attrs.get("itemscope") is not None:
                continue  # containers: their text is the whole page
            value = node.text(deep=True, separator=" ")
        value = collapse(value)
        if not value or len(value) > 2000:
            continue
        if in_foreign_item(node):
            continue
        for prop in (attrs.get("itemprop") or "").split():
            props.setdefault(prop, []).append(value)
    return props


def in_foreign_item(node: LexborNode) -> bool:
    """Is the property's item a comment, a review, a product (not the article)?"""
    current = node.parent
    for _ in range(30):
        if current is None:
            return False
        attrs = current.attributes  # one read: each builds a dict of them all
        if attrs.get("itemscope") is not None or "itemtype" in attrs:
            return bool(patterns.MICRODATA_FOREIGN_TYPES.search(attrs.get("itemtype") or ""))
        current = current.parent
    return False
