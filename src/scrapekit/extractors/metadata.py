"""The remaining metadata: canonical URL, description, lead image, language, publisher, keywords.

Each function returns (value, source) with source one of the schema's fieldSources names.
"""

from __future__ import annotations

import re
from typing import Any

from ..record import Image
from . import patterns
from .document import CANONICAL_LINK, Page
from .text import collapse, fold

_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?\b")
MAX_KEYWORDS = 50


def _http_url(page: Page, value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id") or value.get("contentUrl")
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str):
        return None
    url = page.absolute(value)
    return url if url and url.startswith(("http://", "https://")) else None


def canonical_url(page: Page) -> tuple[str | None, str | None]:
    node = page.select_first(CANONICAL_LINK)
    if node is not None:
        url = _http_url(page, node.attributes.get("href"))
        if url:
            return url, "dom"
    found = page.meta_first(*patterns.CANONICAL_META_KEYS)
    if found:
        url = _http_url(page, found[0])
        if url:
            return url, "meta"
    art = page.article_object()
    if art:
        url = _http_url(page, art.get("url") or art.get("mainEntityOfPage"))
        if url:
            return url, "jsonld"
    return None, None


def description(page: Page) -> tuple[str | None, str | None]:
    found = page.meta_first(*patterns.DESCRIPTION_META_KEYS)
    if found:
        return found[0], "meta"
    art = page.article_object()
    value = art.get("description") if art else None
    if isinstance(value, str) and collapse(value):
        return collapse(value), "jsonld"
    return None, None


def _caption_for(page: Page, url: str) -> str | None:
    """Caption of the <figure> holding the lead image, if the page shows it."""
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    if not name:
        return None
    for fig in page.tree.css("figure"):
        img = fig.css_first("img")
        cap = fig.css_first("figcaption")
        if img is None or cap is None:
            continue
        srcs = " ".join(filter(None, (img.attributes.get(k) for k in ("src", "data-src", "srcset"))))
        if name in srcs:
            return collapse(cap.text(deep=True, separator=" ")) or None
    return None


def main_image(page: Page) -> tuple[Image | None, str | None]:
    url: str | None = None
    source: str | None = None
    found = page.meta_first(*patterns.IMAGE_META_KEYS)
    if found:
        url, source = _http_url(page, found[0]), "meta"
    if not url:
        art = page.article_object()
        if art:
            url, source = _http_url(page, art.get("image") or art.get("thumbnailUrl")), "jsonld"
    if not url:
        node = page.tree.css_first("article figure img[src], main figure img[src], figure img[src]")
        if node is not None:
            url, source = _http_url(page, node.attributes.get("src")), "dom"
    if not url:
        return None, None
    return Image(url=url, caption=_caption_for(page, url)), source


def normalize_language(value: str | None) -> str | None:
    m = _LANG.match(collapse(value))
    if not m:
        return None
    parts = [m.group(1).lower()]
    if m.group(2):
        parts.append(m.group(2).title())
    if m.group(3):
        parts.append(m.group(3).upper())
    return "-".join(parts)


def language(page: Page) -> tuple[str | None, str | None]:
    lang = normalize_language(page.lang)
    if lang:
        return lang, "dom"
    art = page.article_object()
    if art and isinstance(art.get("inLanguage"), str):
        lang = normalize_language(art["inLanguage"])
        if lang:
            return lang, "jsonld"
    found = page.meta_first(*patterns.LANGUAGE_META_KEYS)
    if found:
        lang = normalize_language(found[0])
        if lang:
            return lang, "meta"
    return None, None


def publisher(page: Page) -> tuple[str | None, str | None]:
    art = page.article_object()
    pub = art.get("publisher") if art else None
    if isinstance(pub, list):
        pub = pub[0] if pub else None
    if isinstance(pub, dict) and isinstance(pub.get("name"), str) and collapse(pub["name"]):
        return collapse(pub["name"]), "jsonld"
    for key in patterns.PUBLISHER_META_KEYS:
        found = page.meta_first(key)
        # a handle or a profile URL (twitter:site) is not the publisher's name
        if found and not found[0].startswith(("@", "http://", "https://", "www.", "/")):
            return found[0], "meta"
    return None, None


def keywords(page: Page) -> tuple[list[str], str | None]:
    out: list[str] = []
    seen: set[str] = set()
    source: str | None = None

    def add(values: Any, src: str) -> None:
        nonlocal source
        if isinstance(values, str):
            values = values.split(",")
        if not isinstance(values, list):
            return
        for v in values:
            if not isinstance(v, str):
                continue
            word = collapse(v)
            key = fold(word)
            if word and key and key not in seen and len(word) <= 100 and len(out) < MAX_KEYWORDS:
                seen.add(key)
                out.append(word)
                source = source or src

    art = page.article_object()
    if art:
        add(art.get("keywords"), "jsonld")
    for key in patterns.KEYWORD_META_KEYS:
        for value in page.meta.get(key, ()):
            add(value, "meta")
    return out, source
