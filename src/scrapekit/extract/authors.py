"""Byline (as printed) and authors (normalised persons or agencies)."""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborNode

from ..record import Author
from . import patterns
from .document import Page, types_of
from .headline import site_names
from .text import collapse, fold

MAX_BYLINE = 200
_EDGE_PUNCT = re.compile(r"^[\s,;:|\-\u2013\u2014.·•]+|[\s,;:|\-\u2013\u2014·•]+$")


def clean_name(raw: str) -> str:
    """'By Jane Doe, Staff Writer' -> 'Jane Doe'."""
    name = collapse(raw)
    name = patterns.BYLINE_PREFIX.sub("", name)
    name = re.sub(r"\(.*?\)", " ", name)
    name = patterns.AUTHOR_ROLES.sub(" ", name)
    name = _EDGE_PUNCT.sub("", collapse(name))
    return collapse(name)


def is_name(name: str, sites: set[str]) -> bool:
    if not name or not any(c.isalpha() for c in name):
        return False
    if len(name.split()) > patterns.AUTHOR_MAX_WORDS or len(name) > 80:
        return False
    if patterns.NOT_A_NAME.search(name):
        return False
    return fold(name) not in sites


def split_names(text: str) -> list[str]:
    """Split a byline into the pieces naming one author each."""
    text = patterns.BYLINE_PREFIX.sub("", collapse(text))
    return [p for p in patterns.AUTHOR_SPLIT.split(text) if p and p.strip()]


def _authors_from(raws: list[tuple[str, str | None]], sites: set[str]) -> list[Author]:
    out: list[Author] = []
    seen: set[str] = set()
    for raw, url in raws:
        for piece in split_names(raw) or [raw]:
            name = clean_name(piece)
            key = fold(name)
            if key in seen or not is_name(name, sites):
                continue
            seen.add(key)
            out.append(Author(name=name, name_raw=collapse(piece) or None, url=url))
    return out


def _jsonld_raws(page: Page, base: Any) -> list[tuple[str, str | None]]:
    items = base if isinstance(base, list) else [base]
    raws: list[tuple[str, str | None]] = []
    for item in items:
        if isinstance(item, str):
            raws.append((item, None))
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = " ".join(x for x in name if isinstance(x, str))
            if not isinstance(name, str) or not name.strip():
                continue
            if types_of(item) & patterns.ORG_TYPES and fold(name) in site_names(page):
                continue
            url = item.get("url") or item.get("@id")
            if isinstance(url, list):
                url = url[0] if url else None
            url = page.absolute(url) if isinstance(url, str) and url.startswith(("http", "/")) else None
            raws.append((name, url))
    return raws


_ALL_BYLINE_SELECTORS = ", ".join(sel for sel, _w in patterns.BYLINE_SELECTORS)
_SKIP_TAGS = frozenset({"meta", "link", "script", "style", "body", "html", "time"})


def _text(node: LexborNode) -> str:
    return collapse(node.text(deep=True, separator=" "))


def _narrow(node: LexborNode) -> LexborNode:
    """The innermost byline element inside a byline block ("By AFP" inside "By AFP · date")."""
    for _ in range(5):
        inner = [n for n in node.css(_ALL_BYLINE_SELECTORS)
                 if n.mem_id != node.mem_id and n.tag not in _SKIP_TAGS and _text(n)]
        if not inner:
            break
        prefixed = [n for n in inner if patterns.BYLINE_PREFIX.match(_text(n))]
        if not prefixed and patterns.BYLINE_PREFIX.match(_text(node)):
            break  # "By AFP" is the byline; "AFP" alone is only the name in it
        node = (prefixed or inner)[0]
    return node


def _byline_node(page: Page) -> LexborNode | None:
    for selector, _weight in patterns.BYLINE_SELECTORS:
        for node in page.tree.css(selector)[:5]:
            if node.tag in _SKIP_TAGS:
                continue
            text = _text(node)
            if text and len(text) <= MAX_BYLINE:
                return _narrow(node)
    return None


def _dom_raws(page: Page, node: LexborNode) -> list[tuple[str, str | None]]:
    links = [(collapse(a.text(deep=True, separator=" ")), page.absolute(a.attributes.get("href")))
             for a in node.css("a[href]")]
    links = [(t, u) for t, u in links if t]
    if links:
        return links
    return [(collapse(node.text(deep=True, separator=" ")), None)]


def extract_byline_authors(page: Page) -> tuple[str | None, list[Author], str | None, str | None]:
    """(byline, authors, byline source, authors source)."""
    sites = site_names(page)
    node = _byline_node(page)
    byline = collapse(node.text(deep=True, separator=" ")) if node is not None else None
    byline_source = "dom" if byline else None

    candidates: list[tuple[list[tuple[str, str | None]], str]] = []
    art = page.article_object()
    if art and art.get("author"):
        candidates.append((_jsonld_raws(page, art.get("author")), "jsonld"))
    if node is not None:
        candidates.append((_dom_raws(page, node), "dom"))
    micro = page.microdata.get("author")
    if micro:
        candidates.append(([(v, None) for v in micro[:5]], "microdata"))
    for key in patterns.AUTHOR_META_KEYS:
        values = [v for v in page.meta.get(key, ()) if not v.startswith("http")]
        if values:
            candidates.append(([(v, None) for v in values], "meta"))
    for raws, source in candidates:
        authors = _authors_from(raws, sites)
        if authors:
            return byline or None, authors, byline_source, source
    return byline or None, [], byline_source, None
