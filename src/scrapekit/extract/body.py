"""Article body: the main text, one paragraph per block, blank line between paragraphs."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from . import patterns
from .document import Page
from .text import collapse, fold

log = logging.getLogger("scrapekit.extract.body")


@dataclass(frozen=True)
class Body:
    text: str | None
    paragraphs: tuple[str, ...]
    """Paragraphs as the main-content extractor found them, before boilerplate removal
    (the link extractor uses them to locate the article container in the DOM)."""
    source: str | None


def _trafilatura_paragraphs(page: Page) -> list[str]:
    import trafilatura

    text = trafilatura.extract(
        page.html, url=page.url, output_format="txt", include_comments=False,
        include_tables=True, include_images=False, include_links=False, with_metadata=False,
        deduplicate=False,
    )
    if not text:
        return []
    return [p for p in (collapse(line) for line in text.split("\n")) if p]


def clean_paragraphs(paragraphs: Iterable[str], skip: Iterable[str | None]) -> list[str]:
    """Drop boilerplate lines and repeats of the headline, byline or date lines."""
    skip_keys = {fold(s) for s in skip if s}
    skip_keys.discard("")
    out: list[str] = []
    for para in paragraphs:
        if fold(para) in skip_keys:
            continue
        if any(rx.search(para) for rx in patterns.BODY_DROP_LINES):
            continue
        out.append(para)
    return out


def extract_body(page: Page, skip: Iterable[str | None] = ()) -> Body:
    try:
        raw = _trafilatura_paragraphs(page)
    except Exception as exc:  # trafilatura bugs on odd pages must not lose the other fields
        log.debug("trafilatura failed on %s: %r", page.url, exc)
        raw = []
    source = "body" if raw else None
    paragraphs = clean_paragraphs(raw, skip)
    if not paragraphs:
        art = page.article_object()
        value = art.get("articleBody") if art else None
        if isinstance(value, str) and collapse(value):
            paragraphs = [p for p in (collapse(x) for x in value.split("\n")) if p]
            raw, source = paragraphs, "jsonld"
    text = "\n\n".join(paragraphs) or None
    return Body(text=text, paragraphs=tuple(raw), source=source if text else None)
