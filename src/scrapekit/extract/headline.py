"""Headline: the visible title of the article, without site-name prefixes or suffixes."""

from __future__ import annotations

from urllib.parse import urlsplit

from . import patterns
from .document import Page
from .text import collapse, fold

MAX_HEADLINE = 400


def site_names(page: Page) -> set[str]:
    """Folded names the site goes by: og:site_name, JSON-LD publisher, host labels."""
    names: set[str] = set()
    for key in patterns.PUBLISHER_META_KEYS:
        for value in page.meta.get(key, ()):
            names.add(fold(value.lstrip("@")))
    art = page.article_object()
    pub = art.get("publisher") if art else None
    if isinstance(pub, dict) and isinstance(pub.get("name"), str):
        names.add(fold(pub["name"]))
    if page.url:
        host = (urlsplit(page.url).hostname or "").removeprefix("www.")
        if host:
            names.add(fold(host))
            names.add(fold(host.split(".")[0]))
    names.discard("")
    return names


def _is_site_name(part: str, sites: set[str]) -> bool:
    key = fold(part)
    if not key:
        return True
    key_nospace = key.replace(" ", "")
    for site in sites:
        site_nospace = site.replace(" ", "")
        if key == site or key_nospace == site_nospace:
            return True
        if len(key_nospace) >= 3 and (key_nospace in site_nospace or site_nospace in key_nospace):
            if len(key.split()) <= 4:
                return True
    return False


def strip_site_name(title: str, sites: set[str]) -> str:
    """Drop leading/trailing separator-delimited parts that name the site."""
    parts = patterns.TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    seps = patterns.TITLE_SEPARATORS.findall(title)
    start, end = 0, len(parts)
    while end - start > 1 and _is_site_name(parts[end - 1], sites):
        end -= 1
    while end - start > 1 and _is_site_name(parts[start], sites):
        start += 1
    if (start, end) == (0, len(parts)):
        return title
    out = parts[start]
    for i in range(start + 1, end):
        out += seps[i - 1] + parts[i]
    return out.strip()


def _dom_candidates(page: Page) -> list[str]:
    seen: list[str] = []
    for selector, _weight in patterns.HEADLINE_DOM_SELECTORS:
        for node in page.tree.css(selector)[:3]:
            text = collapse(node.text(deep=True, separator=" "))
            if text and len(text) <= MAX_HEADLINE and text not in seen:
                seen.append(text)
    return seen


def extract_headline(page: Page) -> tuple[str | None, str | None]:
    """(headline, source). Prefers the visible h1 when another source agrees with it."""
    sites = site_names(page)
    structured: list[tuple[str, str]] = []  # (clean title, source)
    art = page.article_object()
    if art:
        for key in ("headline", "name", "alternativeHeadline"):
            value = art.get(key)
            if isinstance(value, str) and collapse(value):
                structured.append((strip_site_name(collapse(value), sites), "jsonld"))
                break
    for key in patterns.HEADLINE_META_KEYS:
        for value in page.meta.get(key, ())[:1]:
            if collapse(value):
                structured.append((strip_site_name(collapse(value), sites), "meta"))
    for value in page.microdata.get("headline", ())[:1]:
        structured.append((strip_site_name(value, sites), "microdata"))
    title_node = page.tree.css_first("title")
    title = strip_site_name(collapse(title_node.text()), sites) if title_node else ""

    dom = _dom_candidates(page)
    keys = {fold(t) for t, _ in structured}
    if title:
        keys.add(fold(title))
    # 1. a visible headline that agrees with (equals, or is contained in) a metadata title
    for text in dom:
        k = fold(text)
        if k and any(k == other or (len(k) > 15 and k in other) or (len(other) > 15 and other in k)
                     for other in keys):
            return text, "dom"
    # 2. structured titles (site names stripped)
    for text, source in structured:
        if text and len(text) <= MAX_HEADLINE:
            return text, source
    # 3. the only h1, then <title>
    if dom:
        return dom[0], "dom"
    if title and len(title) <= MAX_HEADLINE:
        return title, "meta"
    return None, None
