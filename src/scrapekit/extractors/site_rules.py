"""Applying a per-site rule (:mod:`scrapekit.rules` loads and matches them) to a parsed page:
its ``remove`` selectors before extraction, then the fields it pins, which win over the generic
extractor's with the source ``"rule"``. Pure functions of the page, like every extractor."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from selectolax.lexbor import LexborNode

from ..rules import BARE_URL, BODY_BLOCKS, JSONLD_PREFIX, MAX_MATCHES, SiteRule

if TYPE_CHECKING:
    from ..record import Article
    from .document import Page


def remove_nodes(page: Page, rule: SiteRule) -> None:
    """Drop the rule's ``remove`` selectors from the tree, before any field is read."""
    for selector in rule.remove:
        for node in page.tree.css(selector)[:MAX_MATCHES]:
            node.decompose()


def _jsonld_values(page: Page, path: str) -> list[Any]:
    keys = path[len(JSONLD_PREFIX):].split(".")
    obj = page.article_object()
    roots = [obj] if obj is not None and keys[0] in obj else [o for o in page.jsonld if keys[0] in o]
    values: list[Any] = roots[:1]
    for key in keys:
        nxt: list[Any] = []
        for value in values:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and key in item:
                    nxt.append(item[key])
        values = nxt
    flat: list[Any] = []
    for value in values:
        flat.extend(value if isinstance(value, list) else [value])
    return flat[:MAX_MATCHES]


def _texts(page: Page, selector: str) -> list[str]:
    from .document import ld_text
    from .text import collapse

    if selector.startswith(JSONLD_PREFIX):
        out = []
        for value in _jsonld_values(page, selector):
            if isinstance(value, dict):  # a thing: its name, never its URL or @id
                value = value.get("name")
            text = ld_text(value)
            if text and not BARE_URL.match(text):
                out.append(text)
        return out
    return [t for t in (collapse(n.text(deep=True, separator=" "))
                        for n in page.tree.css(selector)[:MAX_MATCHES]) if t]


def _date_raw(page: Page, selector: str) -> str | None:
    if selector.startswith(JSONLD_PREFIX):
        return next(iter(_texts(page, selector)), None)
    from .text import collapse

    for node in page.tree.css(selector)[:MAX_MATCHES]:
        attrs = node.attributes
        raw = collapse(attrs.get("datetime") or attrs.get("content")
                       or node.text(deep=True, separator=" "))
        if raw:
            return raw
    return None


def _paragraphs(node: LexborNode) -> list[str]:
    from .text import collapse

    blocks = node.css(BODY_BLOCKS)
    if not blocks:
        text = collapse(node.text(deep=True, separator=" "))
        return [text] if text else []
    chosen = {b.mem_id for b in blocks}
    out = []
    for block in blocks:
        parent, nested = block.parent, False
        while parent is not None and parent.mem_id != node.mem_id:
            if parent.mem_id in chosen:
                nested = True
                break
            parent = parent.parent
        text = collapse(block.text(deep=True, separator=" ")) if not nested else ""
        if text:
            out.append(text)
    return out


def _body(page: Page, selector: str) -> str | None:
    if selector.startswith(JSONLD_PREFIX):
        paragraphs = _texts(page, selector)
    else:
        paragraphs = [p for node in page.tree.css(selector)[:MAX_MATCHES] for p in _paragraphs(node)]
    return "\n\n".join(paragraphs) or None


def _links(page: Page, selector: str) -> list[tuple[str, str | None]]:
    from .document import ld_text
    from .text import or_none

    pairs: list[tuple[str, str | None]] = []
    if selector.startswith(JSONLD_PREFIX):
        for value in _jsonld_values(page, selector):
            if isinstance(value, dict):  # a thing: its url (or @id), named by its name
                href, name = value.get("url") or value.get("@id"), ld_text(value.get("name"))
            else:
                href, name = value, None
            if isinstance(href, str) and (BARE_URL.match(href.strip()) or href.startswith("/")):
                pairs.append((href.strip(), name or None))  # a URL, not a word made one
    else:
        for node in page.tree.css(selector)[:MAX_MATCHES]:
            anchors = [node] if node.tag == "a" else node.css("a[href]")[:MAX_MATCHES]
            pairs.extend((a.attributes.get("href") or "", or_none(a.text(deep=True)))
                         for a in anchors)
    out: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for href, text in pairs:
        url = page.absolute(href.split("#", 1)[0]) if href else None
        if url and url.lower().startswith(("http://", "https://")) and url not in seen:
            seen.add(url)
            out.append((url, text))
    return out


def _names(texts: list[str], split: bool = False) -> list[str]:
    """Author names: each element's text as it is (the rule chose the element), or with
    ``split``, a byline's names ("By A and B" -> A, B)."""
    from .authors import split_names
    from .text import collapse

    names: list[str] = []
    for text in texts:
        for name in (split_names(text) if split else [text]):
            name = collapse(name)
            if name and name not in names:
                names.append(name)
    return names


def rule_values(page: Page, rule: SiteRule) -> dict[str, Any]:
    """The values the rule finds on the page, by record key (keys it finds nothing for absent)."""
    from .dates import normalize_date

    found: dict[str, Any] = {}
    for key, selector in rule.fields:
        if key in ("headline", "byline", "description"):
            value: Any = next(iter(_texts(page, selector)), None)
        elif key == "authors":
            value = _names(_texts(page, selector)) or None
        elif key in ("datePublished", "dateModified"):
            raw = _date_raw(page, selector)
            iso = normalize_date(raw) if raw else None
            value = (iso, raw) if iso else None
        elif key == "articleBody":
            value = _body(page, selector)
        else:  # relatedLinks
            value = _links(page, selector) or None
        if value is not None:
            found[key] = value
    if "byline" in found and "authors" not in found:
        found["authors"] = _names([found["byline"]], split=True) or None
        if found["authors"] is None:
            del found["authors"]
    return found


def apply_rule(article: Article, page: Page, rule: SiteRule) -> Article:
    """The article with every field the rule found replaced; fieldSources say "rule"."""
    from .text import word_count
    from ..record import Author, Link

    values = rule_values(page, rule)
    if not values:
        return article
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key == "headline":
            changes["headline"] = value
        elif key == "byline":
            changes["byline"] = value
        elif key == "description":
            changes["description"] = value
        elif key == "authors":
            changes["authors"] = tuple(Author(name=n, name_raw=n) for n in value)
        elif key == "datePublished":
            changes["date_published"], changes["date_published_raw"] = value
        elif key == "dateModified":
            changes["date_modified"], changes["date_modified_raw"] = value
        elif key == "articleBody":
            changes["article_body"] = value
            changes["word_count"] = word_count(value)
        elif key == "relatedLinks":
            changes["related_links"] = tuple(Link(url=u, text=t, kind="related") for u, t in value)
    sources = dict(article.extraction.field_sources)
    sources.update({key: "rule" for key in values})
    return replace(article, **changes,
                   extraction=replace(article.extraction, field_sources=sources))
