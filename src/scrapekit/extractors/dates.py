"""Publication and modification dates, kept apart, each with the raw string it came from."""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone

from selectolax.lexbor import LexborNode

from . import patterns
from .document import Page, block_ancestors
from .headline import label_matches
from .text import collapse

MIN_YEAR = 1990
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DOTTED = re.compile(r"^\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b")
_MAX_RAW = 80


def _plausible(d: date) -> bool:
    return MIN_YEAR <= d.year <= datetime.now(timezone.utc).year + 1


def normalize_date(raw: str) -> str | None:
    """ISO 8601 for a date string: date only, or date-time with offset when given; else None."""
    text = collapse(raw)
    if not text or len(text) > _MAX_RAW:
        return None
    if _ISO_DAY.match(text):
        try:
            d = date.fromisoformat(text)
        except ValueError:
            return None
        return d.isoformat() if _plausible(d) else None
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        pass
    if parsed is None:
        try:
            from dateutil import parser as du_parser
            with warnings.catch_warnings():  # unknown zone names ("CEST") parse as naive
                warnings.simplefilter("ignore")
                # dotted numeric dates (28.04.2023) are day-first wherever they are written
                parsed = du_parser.parse(text, fuzzy=False, dayfirst=bool(_DOTTED.match(text)))
        except (ValueError, OverflowError, TypeError, ImportError):
            return None
    if not _plausible(parsed):
        return None
    if not _HAS_TIME.search(text) and parsed.time() == datetime.min.time():
        return parsed.date().isoformat()
    return parsed.isoformat()


def _jsonld_values(page: Page, key: str) -> Iterator[tuple[str, str]]:
    art = page.article_object()
    if art:
        value = art.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str):
            yield value, "jsonld"


def _elsewhere(node: LexborNode) -> bool:
    """A date inside a link or a teaser/related/comment block belongs to another text."""
    return any(n.tag == "a" or label_matches(n, patterns.DATE_EXCLUDE)
               for n in block_ancestors(node, 8))


def _dom_values(page: Page, selectors: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    for selector in selectors:
        for node in [n for n in page.tree.css(selector)[:8] if not _elsewhere(n)][:3]:
            attrs = node.attributes
            value = attrs.get("datetime") or attrs.get("content")
            if not value:
                value = node.text(deep=True, separator=" ")
            if value and len(value) <= _MAX_RAW:
                yield collapse(value), "dom"


def _candidates(page: Page, jsonld_key: str, meta_keys: tuple[str, ...], micro_key: str,
                dom: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    yield from _jsonld_values(page, jsonld_key)
    for key in meta_keys:
        for value in page.meta.get(key, ())[:1]:
            yield value, "meta"
    for value in page.microdata.get(micro_key, ())[:1]:
        yield value, "microdata"
    yield from _dom_values(page, dom)


def _first(candidates: Iterator[tuple[str, str]]) -> tuple[str | None, str | None, str | None]:
    for raw, source in candidates:
        iso = normalize_date(raw)
        if iso:
            return iso, collapse(raw), source
    return None, None, None


def _from_label(page: Page) -> tuple[str | None, str | None]:
    """A printed date after a label: "<strong>Datum</strong> 28.04.2023", "<dt>Published</dt>
    <dd>May 3, 2024</dd>" (only tried when no structured date exists: it walks many nodes)."""
    for node in page.tree.css(patterns.DATE_LABEL_SELECTOR)[:3000]:
        label = collapse(node.text(deep=True)).rstrip(":").strip().casefold()
        if label not in patterns.PUBLISHED_LABELS or _elsewhere(node):
            continue
        nxt = node.next
        texts = []
        while nxt is not None and len(texts) < 3:
            texts.append(nxt.text_content if nxt.tag == "-text" else nxt.text(deep=True, separator=" "))
            nxt = nxt.next
        if node.tag == "dt" and not collapse(" ".join(texts)) and node.parent is not None:
            texts = [node.parent.text(deep=True, separator=" ")]
        m = patterns.DATE_IN_TEXT.search(" ".join(t or "" for t in texts))
        if m:
            iso = normalize_date(m.group(0))
            if iso:
                return iso, collapse(m.group(0))
    return None, None


def _from_url(page: Page) -> tuple[str | None, str | None]:
    if not page.url:
        return None, None
    m = patterns.DATE_IN_URL.search(page.url)
    if not m:
        return None, None
    try:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None, None
    return (d.isoformat(), m.group(0).strip("/")) if _plausible(d) else (None, None)


_HTMLDATE_LOCK = threading.Lock()


@contextmanager
def _without_dateparser() -> Iterator[None]:
    """htmldate's text search without its last resort, dateparser: the first call compiles
    the rules of all ~200 locales (~8 s and ~40 MB per process), and what it returns for the
    strings htmldate's own patterns could not read is mostly a wrong January 1st ("3.
    maaliskuuta 2023" -> 2023-01-01). Swapped for the call only, under a lock, so threads
    calling htmldate through scrapekit never see each other's swap."""
    try:
        from htmldate import extractors
    except ImportError:
        yield
        return
    original = getattr(extractors, "_external_date", None)
    with _HTMLDATE_LOCK:
        if original is None:  # another htmldate version: nothing to swap
            yield
            return
        extractors._external_date = lambda string: None
        try:
            yield
        finally:
            extractors._external_date = original


def _from_htmldate(page: Page) -> tuple[str | None, str | None]:
    """htmldate's guess. It gets the page as UTF-8 bytes, which it decodes back to the same
    string: given a string that looks like a URL ("https://..." without spaces), find_date
    would download that URL instead, and extraction does no I/O."""
    try:
        from htmldate import find_date
        with _without_dateparser():
            found = find_date(page.html.encode("utf-8", "replace"), url=page.url,
                              original_date=True, extensive_search=True,
                              outputformat="%Y-%m-%d")
    except Exception:  # htmldate is a best-effort fallback; its failure is "no date"
        return None, None
    return (found, found) if found else (None, None)


def extract_dates(page: Page) -> dict[str, str | None]:
    """datePublished(+Raw,+source) and dateModified(+Raw,+source)."""
    pub, pub_raw, pub_src = _first(_candidates(
        page, "datePublished", patterns.PUBLISHED_META_KEYS, "datePublished",
        patterns.PUBLISHED_DOM_SELECTORS))
    if pub is None:
        pub, pub_raw = _from_label(page)
        pub_src = "dom" if pub else None
    if pub is None:
        pub, pub_raw = _from_url(page)
        pub_src = "url" if pub else None
    if pub is None:
        pub, pub_raw = _from_htmldate(page)
        pub_src = "dom" if pub else None
    mod, mod_raw, mod_src = _first(_candidates(
        page, "dateModified", patterns.MODIFIED_META_KEYS, "dateModified",
        patterns.MODIFIED_DOM_SELECTORS))
    return {
        "published": pub, "published_raw": pub_raw, "published_source": pub_src,
        "modified": mod, "modified_raw": mod_raw, "modified_source": mod_src,
    }
