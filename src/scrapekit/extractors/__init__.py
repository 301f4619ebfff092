"""Extraction: pure functions from HTML to an Article. No I/O, picklable in and out."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..decode import binary_kind, decode_html, undecoded
from ..errors import NotArticle, NotHTML
from ..record import Article, ExtractionInfo, FetchInfo, error_record, status_of
from .access import access, page_type
from .authors import extract_byline_authors
from .body import extract_body
from .dates import extract_dates
from .document import Page, parse
from .budget import time_budget
from .guard import defuse
from .headline import extract_headline
from .links import extract_related_links
from .metadata import canonical_url, description, keywords, language, main_image, publisher
from .text import scrub, word_count

if TYPE_CHECKING:
    from ..rules import Rules

__all__ = ["extract", "extract_article"]

# (record key, reader): the metadata fields that need nothing but the page
METADATA_READERS: tuple[tuple[str, Callable[[Page], tuple[Any, str | None]]], ...] = (
    ("canonicalUrl", canonical_url), ("description", description), ("mainImage", main_image),
    ("inLanguage", language), ("publisher", publisher), ("keywords", keywords),
)
MIN_ARTICLE_WORDS = 8
"""Below this many words, a page without a headline is not an article (a nav stub, a login)."""


def extract_article(html: str, url: str | None = None, rules: Rules | None = None) -> Article:
    """Extract every field from decoded HTML. May raise; see :func:`extract` for the safe API."""
    started = time.perf_counter()
    page = parse(defuse(scrub(html)), url)
    rule = rules.for_url(url) if rules is not None else None
    if rule is not None:  # per-site rules: their removals come before any extraction
        from .site_rules import remove_nodes

        remove_nodes(page, rule)
        page.tree_changed()
    sources: dict[str, str] = {}

    def note(field: str, source: str | None) -> None:
        if source:
            sources[field] = source

    headline, src = extract_headline(page)
    note("headline", src)
    byline, authors, byline_src, authors_src = extract_byline_authors(page)
    note("byline", byline_src)
    note("authors", authors_src)
    dates = extract_dates(page)
    note("datePublished", dates["published_source"])
    note("dateModified", dates["modified_source"])
    body = extract_body(page, skip=(headline, byline, dates["published_raw"], dates["modified_raw"]))
    note("articleBody", body.source)
    links = extract_related_links(page, body.paragraphs, body.text)
    if links:
        note("relatedLinks", "dom")
    meta: dict[str, Any] = {}
    for field, reader in METADATA_READERS:
        meta[field], src = reader(page)
        note(field, src)
    elapsed = round((time.perf_counter() - started) * 1000)
    article = Article(
        url=url or "",
        canonical_url=meta["canonicalUrl"],
        headline=headline,
        byline=byline,
        authors=tuple(authors),
        date_published=dates["published"],
        date_published_raw=dates["published_raw"],
        date_modified=dates["modified"],
        date_modified_raw=dates["modified_raw"],
        article_body=body.text,
        related_links=tuple(links),
        description=meta["description"],
        main_image=meta["mainImage"],
        in_language=meta["inLanguage"],
        publisher=meta["publisher"],
        keywords=tuple(meta["keywords"]),
        word_count=word_count(body.text),
        extraction=ExtractionInfo(field_sources=sources, elapsed_ms=elapsed),
    )
    if rule is not None:
        from .site_rules import apply_rule

        article = apply_rule(article, page, rule)
    article = _access_and_type(article, page)
    pinned = article.extraction.field_sources.get("articleBody") == "rule"  # the user's word
    if article.article_body is None or (article.headline is None and not pinned
                                        and article.word_count < MIN_ARTICLE_WORDS):
        exc = NotArticle("no article text found on the page")
        return replace(article, error=error_record(article.url, exc).error)
    return article


def _access_and_type(article: Article, page: Page) -> Article:
    """isAccessibleForFree and pageType (extractors/access.py), with their sources."""
    free, free_src = access(page, article.article_body, article.word_count)
    kind, kind_src = page_type(page, article.article_body, article.word_count)
    sources = dict(article.extraction.field_sources, pageType=kind_src)
    if free_src:
        sources["isAccessibleForFree"] = free_src
    return replace(article, is_accessible_for_free=free, page_type=kind,
                   extraction=replace(article.extraction, field_sources=sources))


def usable_url(url: str) -> bool:
    """Can ``url`` be taken apart (a base for the page's links)? "http://[oops/" cannot: the
    page is then read as if no URL were given (its canonical link is the base), and the record
    keeps the URL as given."""
    try:
        urlsplit(url).port  # noqa: B018 - raises ValueError on a bad host or port
    except ValueError:
        return False
    return True


def extract(html: str | bytes, url: str | None = None, *, content_type: str | None = None,
            fetch: FetchInfo | None = None, timeout: float | None = None,
            rules: Rules | None = None) -> Article:
    """HTML (str, or bytes decoded by BOM / ``content_type`` charset / <meta> / detection)
    to an Article. Never raises for bad input: failures come back as an error record; bytes
    of a known binary format (a PDF, an image, an archive) give a ``not_html`` one, as
    ``scrapekit extract`` and a fetch of the same bytes do.

    ``timeout``: seconds the extraction may take (enforced when called from a process's main
    thread, see :mod:`scrapekit.extractors.budget`); past it, an ``extract`` error record.
    None (the default) arms no signal timer: a program's own SIGALRM timer is left alone.
    ``rules``: per-site rules (:mod:`scrapekit.rules`) that pin fields for their hosts.
    A page that is neither text nor bytes (None, a number), or a ``url`` that is no string, is a
    TypeError: a mistake in the calling code, not a page to record."""
    if not isinstance(html, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"extract() takes the page as str or bytes, got {type(html).__name__}")
    if url is not None and not isinstance(url, str):
        raise TypeError(f"extract()'s url must be a string or None, got {type(url).__name__}")
    started = time.perf_counter()
    record_url = url or ""
    try:
        with time_budget(timeout):
            return _extract(html, url, content_type, fetch, rules)
    except Exception as exc:  # noqa: BLE001 - any failure becomes an error record
        elapsed = round((time.perf_counter() - started) * 1000)
        return error_record(record_url, exc, fetch=fetch, elapsed_ms=elapsed)


def _refuse_binary(head: bytes) -> None:
    """NotHTML for bytes whose first bytes are a known binary format (a PDF, an image, an
    archive), whatever ``content_type`` says: the record a fetch, a WARC or ``scrapekit
    extract`` of the same bytes gives (``not_html``), not ``not_article``."""
    kind = binary_kind(head)
    if kind is not None:
        raise NotHTML(f"the input is {kind}, not HTML")


def _extract(html: str | bytes, url: str | None, content_type: str | None,
             fetch: FetchInfo | None, rules: Rules | None = None) -> Article:
    started = time.perf_counter()
    record_url = url or ""
    damage: int | None = None  # bytes that did not decode; None: the input was text
    try:
        if isinstance(html, (bytes, bytearray, memoryview)):
            data = bytes(html)
            _refuse_binary(data[:16])
            text, encoding = decode_html(data, content_type)
            damage = undecoded(data, text)
            if fetch is not None:
                fetch = replace(fetch, encoding=encoding)
        else:
            text = html
        base = url if url is None or usable_url(url) else None  # unusable: as if none given
        article = extract_article(text, base) if rules is None else extract_article(text, base, rules)
        if base != url:
            article = replace(article, url=record_url)
    except Exception as exc:  # noqa: BLE001 - any failure becomes an error record
        elapsed = round((time.perf_counter() - started) * 1000)
        article = error_record(record_url, exc, fetch=fetch, elapsed_ms=elapsed)
        fetch = None  # already in the record
    if fetch is not None:
        article = replace(article, fetch=fetch, error=status_of(article.error, fetch))
    if damage is not None:
        article = replace(article, extraction=replace(article.extraction, decode_errors=damage))
    return article
