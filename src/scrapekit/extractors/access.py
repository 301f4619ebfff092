"""Access and page type: ``isAccessibleForFree`` and ``pageType``, from general signals.

Pure functions of the parsed page and the extracted body. Every signal is a row of a table
below (JSON-LD types and values, <meta> keys, class/id words, URL path segments, teaser
phrases), so adding one is adding a row. "When unsure, return null": ``isAccessibleForFree``
is only set when the page says so (JSON-LD, <meta>) or when paywall markup meets a truncated
body; ``pageType`` always has a value for an extracted page (``other`` when nothing fits).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .document import Page, types_of
from .patterns import ARTICLE_TYPES
from .text import collapse, word_count

# -- isAccessibleForFree -------------------------------------------------------------------------
FREE_TRUE = frozenset({"true", "yes", "1", "free"})
FREE_FALSE = frozenset({"false", "no", "0", "locked", "premium", "subscriber", "subscription"})
CONTENT_TIER_META = ("article:content_tier", "content_tier", "og:article:content_tier")
"""<meta> whose value is "free", "metered" or "locked" (OpenGraph article tier)."""
PAYWALL_META = ("article:paywall", "paywall", "isaccessibleforfree")
FLAG_WORDS = frozenset({"true", "yes", "1", "false", "no", "0"})
"""Values of a paywall <meta> that answer "is there a paywall?" (so mean the opposite of
free); any other word names the access itself (``locked`` is not free, ``free`` is)."""
PAYWALL_WORDS = ("paywall", "pay-wall", "regwall", "subscriber-only", "subscribers-only",
                 "premium-content", "premium-article", "article-locked", "content-locked",
                 "locked-content", "meter-wall", "metered-content", "plus-content")
"""Pieces of the class or id of paywall overlays and locked-content wrappers."""
PAYWALL_SELECTOR = ", ".join(f"[{attr}*={word} i]" for word in PAYWALL_WORDS
                             for attr in ("class", "id"))
TEASER_PHRASES = (
    "subscribe to continue reading", "subscribe to read the full", "to continue reading",
    "this article is for subscribers", "this content is for subscribers", "subscribers only",
    "already a subscriber", "log in to continue reading", "sign in to continue reading",
    "register to continue reading", "to read the full article", "unlock this article",
    "weiterlesen mit", "jetzt abonnieren", "dieser artikel ist nur für abonnenten",
    "réservé aux abonnés", "article réservé", "solo para suscriptores", "riservato agli abbonati",
)
"""Words a truncated teaser ends with (lower case); looked for in the end of the page's text."""
TEASER_TAIL_CHARS = 20_000
TEASER_MAX_WORDS = 250
"""A body longer than this is not a teaser, whatever the page's markup says."""


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        v = value.strip().lower()
        if v in FREE_TRUE:
            return True
        if v in FREE_FALSE:
            return False
    return None


def _from_jsonld(page: Page) -> bool | None:
    obj = page.article_object()
    objects = [obj] if obj is not None else page.jsonld
    for item in objects:
        value = _bool(item.get("isAccessibleForFree"))
        parts = item.get("hasPart")
        for part in parts if isinstance(parts, list) else [parts]:
            if isinstance(part, dict) and _bool(part.get("isAccessibleForFree")) is False:
                return False  # Google's paywalled-content markup: a locked part
        if value is not None:
            return value
    return None


def _from_meta(page: Page) -> bool | None:
    tier = page.meta_first(*CONTENT_TIER_META)
    if tier is not None:
        value: str | bool | None = tier[0].lower()
        if value == "free":
            return True
        if value in ("locked", "premium"):
            return False
        return None  # "metered": free up to a limit, unknown for this reader
    flag = page.meta_first(*PAYWALL_META)
    if flag is not None:
        value = _bool(flag[0])
        if value is not None and flag[1] != "isaccessibleforfree" \
                and flag[0].strip().lower() in FLAG_WORDS:
            return not value  # paywall=yes: not free
        return value
    return None


def has_paywall_markup(page: Page) -> bool:
    return page.tree.css_first(PAYWALL_SELECTOR) is not None


def has_teaser_phrase(page: Page) -> bool:
    body = page.tree.body
    if body is None:
        return False
    text = " ".join(body.text(deep=True, separator=" ")[-TEASER_TAIL_CHARS:].lower().split())
    return any(phrase in text for phrase in TEASER_PHRASES)


def access(page: Page, body: str | None, words: int) -> tuple[bool | None, str | None]:
    """(isAccessibleForFree, source): JSON-LD, then <meta>, then a short body on a page with
    paywall markup or a "subscribe to continue" prompt (``False``, source "dom"); else
    (None, None)."""
    value = _from_jsonld(page)
    if value is not None:
        return value, "jsonld"
    value = _from_meta(page)
    if value is not None:
        return value, "meta"
    if body and words <= TEASER_MAX_WORDS and (has_paywall_markup(page) or has_teaser_phrase(page)):
        return False, "dom"
    return None, None


# -- pageType ----------------------------------------------------------------------------------
JSONLD_PAGE_TYPES: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"LiveBlogPosting"}), "liveblog"),
    (frozenset({"VideoObject", "VideoGallery", "Clip", "Episode"}), "video"),
    (frozenset({"ImageGallery", "MediaGallery"}), "gallery"),
    (frozenset({"ItemList", "CollectionPage", "SearchResultsPage"}), "list"),
)
"""JSON-LD @type -> pageType, for the page's main object (or any object when there is no
article object); checked in this order."""
OG_TYPES: tuple[tuple[str, str], ...] = (
    ("video", "video"), ("article", "article"),
)
"""og:type prefix -> pageType."""
URL_SEGMENTS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"live", "liveblog", "live-blog", "live-updates", "as-it-happened", "ticker",
                "liveticker", "en-direct", "direct"}), "liveblog"),
    (frozenset({"video", "videos", "watch", "tv"}), "video"),
    (frozenset({"gallery", "galleries", "photos", "photo-gallery", "pictures", "bildergalerie",
                "fotostrecke", "slideshow", "in-pictures"}), "gallery"),
)
"""URL path segments (lower case) -> pageType, used only when structured data says nothing."""
LIVE_ENTRIES = ("[class*=live-post], [class*=liveblog-entry], [class*=live-entry], "
                "[class*=live-update], [class*=timeline-entry], [itemprop=liveBlogUpdate]")
LIVE_MIN_ENTRIES = 3
LIST_HEADING_LINKS = "h2 a[href], h3 a[href], h4 a[href]"
LIST_MIN_HEADLINES = 5
LIST_LINK_SHARE = 0.5
"""A list page: at least 5 headline links whose texts make at least half the body."""
SHORT_PAGE_WORDS = 300
"""Video and gallery pages carry little text: above this many body words, an article."""
VIDEO_PLAYERS = "video, iframe[src*=player], iframe[src*=embed]"
VIDEO_MAX_WORDS = 120
GALLERY_CONTAINERS = "[class*=gallery], [class*=slideshow], [class*=carousel], [class*=lightbox]"
GALLERY_MIN_IMAGES = 6
"""Images inside one gallery container that make a short page a gallery."""


def _main_type(page: Page, words: int) -> tuple[str | None, str | None]:
    """The page type its JSON-LD gives: the article object's own @type; without an article
    object, a media or list object counts only on a page with little text (an article page
    often carries an embedded video's or a related-items list's object too)."""
    obj = page.article_object()
    if obj is not None and types_of(obj) & ARTICLE_TYPES:
        for types, kind in JSONLD_PAGE_TYPES:
            if types_of(obj) & types:
                return kind, "jsonld"
        return "article", "jsonld"
    if words > SHORT_PAGE_WORDS:
        return None, None
    for types, kind in JSONLD_PAGE_TYPES:
        if any(types_of(item) & types for item in page.jsonld):
            return kind, "jsonld"
    return None, None


def _from_url(url: str | None) -> str | None:
    if not url:
        return None
    segments = {s for s in urlsplit(url).path.lower().split("/") if s}
    for names, kind in URL_SEGMENTS:
        if segments & names:
            return kind
    return None


def _is_list(page: Page, body: str | None, words: int) -> bool:
    """Many headline links, and the "body" found is mostly their texts (or there is none)."""
    headings = page.tree.css(LIST_HEADING_LINKS)[:2000]
    if len(headings) < LIST_MIN_HEADLINES:
        return False
    texts = [collapse(a.text(deep=True)) for a in headings]
    if not body:
        return True
    inside = sum(word_count(t) for t in texts if t and t in body)
    return inside >= LIST_LINK_SHARE * max(words, 1)


def _from_dom(page: Page, body: str | None, words: int, typed_article: bool) -> str | None:
    tree = page.tree
    if len(tree.css(LIVE_ENTRIES)) >= LIVE_MIN_ENTRIES:
        return "liveblog"
    if not typed_article and _is_list(page, body, words):  # JSON-LD said article: not a list
        return "list"
    if words > SHORT_PAGE_WORDS:
        return None
    if tree.css_first(VIDEO_PLAYERS) is not None and words <= VIDEO_MAX_WORDS:
        return "video"
    for container in tree.css(GALLERY_CONTAINERS)[:50]:
        if len(container.css("img")) >= GALLERY_MIN_IMAGES:
            return "gallery"
    return None


def page_type(page: Page, body: str | None, words: int) -> tuple[str, str]:
    """(pageType, source): JSON-LD main type, og:type video, live/gallery/video markup, URL
    segments; then "article" when an article body was found (source "body"), else "other"."""
    kind, source = _main_type(page, words)
    if kind is not None and kind != "article":
        return kind, source or "jsonld"
    og = page.meta_first("og:type")
    if og is not None and kind is None:
        for prefix, og_kind in OG_TYPES:
            if og[0].lower().startswith(prefix) and og_kind != "article":
                return og_kind, "meta"
    dom = _from_dom(page, body, words, kind == "article")
    if dom is not None:
        return dom, "dom"
    if kind == "article":
        return "article", "jsonld"
    by_url = _from_url(page.url)
    if by_url is not None:
        return by_url, "url"
    if og is not None and og[0].lower().startswith("article"):
        return "article", "meta"
    if body:
        return "article", "body"
    return "other", "dom"
