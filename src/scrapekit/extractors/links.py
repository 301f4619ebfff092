"""Related links: links in the article text ("inBody") and in related / read-more blocks
("related"), absolute, cleaned of tracking parameters, deduplicated, in page order.

How it works (one pass over the page's text blocks, then only the anchors that can qualify):

1. The body paragraphs the body extractor found are located in the DOM (by a cheap text key);
   the *container* is the deepest element holding most of their text (70% of the characters,
   and half of the paragraphs at least: teaser headlines the body extractor took for text are
   many short blocks, not the text). When most are not in p / li /
   ... (text set in div / td / section with <br>s), the innermost such element whose text is a
   body paragraph counts as one (unless the container they give spans the page; and not one of
   a label's length, TEXT_BOX_MIN: a side box's heading).
2. Related blocks are elements whose class / id / data-* name says "related", "similar",
   "recommend", ... (RELATED_CLASS) or that a short heading introduces ("Related", "Read more",
   "Mehr zum Thema", "Lire aussi", "Leggi anche", ...: RELATED_HEADING), also a bold label that
   ends its line outside a p / li (an old table layout's <td><b>Related Stories</b>). A heading
   set inside the article text introduces its following link-only siblings, not the whole
   text; a heading with no links near it, the lines after the element holding only its text
   (a line of links keeps each item's date; a line of short labels after them is a menu); a
   related heading over story cards whose blurbs outweigh their links gives the cards' box. A block
   under strong chrome (nav, header, footer, comments, ads, sign-up boxes) does not count.
   A box of story cards set inside the text with no such name or heading (the outermost
   element below the container holding no body paragraph and no chrome, mostly links, two
   headline-long stories or more, a picture or headline element) is a candidate too.
3. Candidates: anchors of related blocks -> "related", except a box inside the article text
   that points to a single page, which is an inline "Related: ..." line -> "inBody"; anchors of
   the container, or of a block that is a body paragraph, with no chrome between them and the
   text (share bars, bylines, tag lists, embeds, players, site-wide feeds...: weak chrome
   counts here; a media player / playlist stays chrome unless it holds a quarter of the text)
   -> "inBody", unless their paragraph is boilerplate (follow us, contact, newsletter, app), or
   the anchor is a menu line's item (a separator "|", "•" and another link beside it), or it
   sits loose in a table cell of links (no paragraph on the way, no body paragraph in the cell,
   three distinct links or more: an inset beside the text), or its
   body paragraph, outside the container, is a teaser's blurb under a heading linking to the
   same page. The links agree with the body on what the text is: when the body dropped some
   raw paragraphs from its text (the record's text, ``body_text``) and the paragraphs it kept
   lie in an element strictly inside the container (a box, a column or a list of stories it
   dropped widened the container), an anchor of the container outside that element and
   outside every block the body kept gives no in-body link; nor does a body paragraph outside
   the container that the body dropped. A container far longer than the body text (a page-wide wrapper: the text
   was mostly not found) gives only the anchors of its body paragraphs and of running text. An element holding the container or two body paragraphs is never chrome
   (unless it is mostly links: a list the body extractor took for text); a class token that
   is a generated styling class ("tagStyle_18h2erd-o_O-style_...") says nothing of a role.
   A body paragraph outside the container, after the text, that is mostly link text (a link
   line) is a teaser's headline, its kicker included: no in-body link. The page's other anchors (navigation, footers: most of them) are
   never looked at.
   Whether a related block is about the article (and not a site-wide feed: "Most read",
   "Latest", recommendations, the day's other stories) is decided by the learned block model
   of links_blocks.py, with three hard vetoes on top (a "Most read" / "Recommended for you"
   heading, the site's own name as heading outside the text, items sharing no subject word
   with the article; stories dated by their URLs mostly more than six months after the
   article); a block rejected gives no link of either kind. Inside the text, a box
   under a "Most read" / "Latest" heading gives none either; a list whose items are mostly
   not on the subject (a subject word of the title and lead, and most of the item's words in
   the text), a run of single-link lines sharing no subject word with the title and lead, and
   one-story boxes of one shape set between the paragraphs (three or more, mostly off the
   subject; a box naming two subject words stays) are dropped (the day's other stories
   inserted in the text), and so is a
   "READ MORE: <story>" line whose story shares no subject word with the text.
   An aside set in the text is chrome for in-body links unless it points to one story.
4. URLs: absolute (against <base> and the page URL), http(s) only, no fragment, no tracking
   parameters; files, share / ad / app links, widget links (rating, vote, print, reply,
   "preferred source", a channel's subscribe button, a corrections form, e-mail, enlarge and
   player plug-in buttons, trackback, next / previous story buttons, also a bare "Next >" or
   "< Prev", by their text or a label right before them, and any other link to a button's
   story), licences,
   image pages, links to other sites hidden by an inline style, index pages (tag, topic,
   author, section, quote, player, company...; the site's own ?tag= / ?cat= listings; a
   same-site page whose last segment is the link text, /music/the-doobie-brothers for "The
   Doobie Brothers", or a two- or three-word name and an id), the site's own home page,
   same-site section fronts and its own social-network profile are dropped, and social
   networks in related blocks; deduplicated by normalised URL keeping the first, in page order (a page kept under another
   query, one query's parameters within the other's, is a repeat: "?xid=homepage"); the page itself (any
   of its addresses: input URL, base, canonical, og:url; a query that only adds parameters) is
   never a link. schema.org relatedLink (JSON-LD) comes last.

Rules live in patterns/links.py as data. Pure, no I/O; never raises: a failure on one link (an
href that trips a URL function) logs a warning and costs that link only; a failure elsewhere
logs a warning with the exception type and the page URL, and gives [].
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from selectolax.lexbor import LexborNode

from ..record import Link
from ..urlkeys import is_click_code, match_key
from . import patterns
from .links_blocks import (FEATURES, SOURCE_CLASS, SOURCE_HEADING, SOURCE_TEASER, PageContext,
                          block_features, block_heading, fold_ascii, link_share as _link_share,
                          load_model, names as _names, search_folded, stems as _stems)
from .links_anchors import AnchorMemo, AnchorsOf, anchors_below, item_texts
from .links_inbody import widget_anchor
from .links_prose import headline_line, old_page, title_case
from .links_permalinks import bookmark, marks_everything, permalink_list, permalink_story
from .links_subject import common_subject, subject_words
from .links_kept import kept_text, trailing_box
from .links_feedhead import generic_feed
from .links_labels import PLAIN_LABELS, plain_label
from .links_table import table_layout
from .links_bio import author_bio, author_names, closing_paragraphs
from .links_fronts import site_front
from .links_model import LogisticModel
from .document import Page, css_first_below, stated_url
from .text import LIST_MARK, class_words, collapse, truncate

log = logging.getLogger("scrapekit.extractors.links")

TEXT_BLOCKS = "p, li:not(nav li):not(header li):not(footer li), blockquote, h1, h2, h3, h4, h5, dd"
LABELS = "[class*=heading i], [class*=title i], [class*=header i]"
# what the label pass runs instead: "head" is in "heading" and "header" (two substring tests per
# element, not three); a node it finds is one of LABELS when its class holds one of LABEL_WORDS,
# ASCII letters of either case (as lexbor's "i" compares), asked of a heading's text only
LABELS_WIDE = "[class*=head i], [class*=title i]"
LABEL_WORDS = ("heading", "title", "header")
LABELS_WALK = f"{LABELS_WIDE}, {PLAIN_LABELS}"  # the same walk finds plain labels (links_labels)
# bold labels: an old table layout heads its "Related Stories" with <td><b>, <div><b>
BOLD_LABELS = "b, strong"
BLOCK_TAGS = frozenset({"p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dd",
                        "dt", "figcaption", "td", "th"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
STOP_TAGS = frozenset({"body", "html", "main", "#document"})
CONTAINER_SHARE = 0.7
CONTAINER_MIN_BLOCKS = 0.5
LINK_LIST_SHARE = 0.5
LINK_LINE_SHARE = 0.6
EMBED_TAGS = frozenset({"blockquote", "figure"})  # a quoted tweet is never an article wrapper
MIN_KEY = 16
CLOSING_PREFIX = 40  # characters of a paragraph's key that tell it is one the body kept (trimmed)
KEY_START = 4  # characters of a paragraph's key tested first (links._scan)
CLOSING_TAIL = 3  # the body's last paragraphs looked at for the last one it kept
CLOSING_PROSE_CHARS = 24  # text besides its links that makes a closing paragraph prose
LINE_BREAK = frozenset("|/•·»›>")  # a closing line's separators: the link after one starts a line
_CLASS_TOKEN = re.compile(r"^[A-Za-z][\w-]*$")
_SELECTORS: dict[str, str] = {}
# what a label may open with before its words: dashes, bullets, arrows and opening brackets
# (Nikkei's "【関連記事】", "[Related]", "◇", "・")
_LEAD = " \t\r\n\u00a0-\u2013\u2014\u2022\u00bb\u203a>:|*#[(\u3010\u300c\u300e\uff08\u25c7\u25c6\u25a0\u30fb"
_WORD = re.compile(r"\w+")
_UNREAD = ("", "")  # (a memo's "not read yet": no answer of clean() is this object)
_CHROME_CACHE: dict[tuple[str, str | None, str | None, str | None], int] = {}
CHROME_CACHE_MAX = 50_000
HOST_CACHE_MAX = 4096  # hosts whose _host_in answers are kept (per table of domains)


def _key(text: str | None) -> str:
    """Cheap comparison key for a paragraph: its first characters without white space,
    case-folded (the DOM text and the body extractor's text differ in spacing only)."""
    if not text:
        return ""
    head = text[:120]
    # a printable text holds no white space but " " (every other character str.split() cuts
    # at is unprintable): one replace, not a split and a join (the body's paragraphs, ~70% of
    # the text blocks)
    return (head.replace(" ", "") if head.isprintable() else "".join(head.split())).casefold()[:60]


def _related_selector() -> str:
    """One CSS selector list for elements whose class (or id, aria-label, data-*, rel) names
    a related block. lexbor walks the tree once per call but tests every selector of the list
    at every element: the cost grows with the selectors, not the calls (measured in the 34th
    round on the in-repo pages' median body: ~8-15 us a type selector, ~20-40 us an attribute
    substring, ~3 us a call's selector parse; these six ~0.16 ms), so the list is kept to the
    words that matter (patterns.RELATED_SELECTOR_PAIRS)."""
    selector = _SELECTORS.get("related")
    if selector is None:
        selector = _SELECTORS["related"] = ", ".join(
            f"[{attr}*={word!r} i]" for attr, word in patterns.RELATED_SELECTOR_PAIRS)
    return selector


# -- URLs ---------------------------------------------------------------------------------------

def strip_tracking(query: str) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
             if not patterns.is_tracking(k, v)]
    return urlencode(pairs, doseq=True)


def _site(host: str) -> str:
    """Registrable part of a host, roughly: news.bbc.co.uk -> bbc.co.uk, roma.repubblica.it ->
    repubblica.it."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in patterns.SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


@functools.lru_cache(maxsize=HOST_CACHE_MAX)
def _host_in(host: str, domains: frozenset[str]) -> bool:
    """Is host one of domains or a subdomain of one? (memoised: a page's links share a few
    hosts, and the suffixes joined for each cost ~8 us a call)"""
    labels = host.lower().split(".")
    return any(".".join(labels[i:]) in domains for i in range(max(0, len(labels) - 4), len(labels) - 1))


def _is_hub(path: str) -> bool:
    """A same-site path of at most two short slugs without digits: a section or topic front."""
    segments = [s for s in path.split("/") if s]
    if segments and patterns.INDEX_FILE.match(segments[-1]):
        segments.pop()  # /news/florida/index.html is the front of /news/florida
    if not segments or len(segments) > patterns.HUB_MAX_SEGMENTS:
        return False
    for segment in segments:
        if not patterns.HUB_SEGMENT.match(segment):
            return False
    return len(re.split(r"[-_]", segments[-1])) <= patterns.HUB_MAX_SLUG_WORDS


def _service_page(path: str) -> bool:
    """Is a same-site path one of the site's service pages (patterns.SERVICE_PAGE): no digit,
    its last segment (suffix and separators dropped) a terms / privacy / advertising / feeds /
    about / contact / subscription page?"""
    if any(c.isdigit() for c in path):
        return False
    words = [w for w in patterns.SERVICE_SPLIT.split(path.rstrip("/").rpartition("/")[2]) if w]
    return 0 < len(words) <= patterns.SERVICE_MAX_WORDS \
        and bool(patterns.SERVICE_PAGE.match("".join(words).lower()))


def clean_link_url(href: str | None, page: Page, page_site: str | None = None) -> str | None:
    """Absolute, fragment-free, tracking-free URL of a content page; None for anything else."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    scheme = href.split(":", 1)[0].lower() if ":" in href[:16] else ""
    if scheme in patterns.SKIP_SCHEMES:
        return None
    url = href if scheme in ("http", "https") and page.base_url is not None and "\\" not in href \
        and "/./" not in href and "/../" not in href else page.absolute(href)
    if not url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or "." not in host:
        return None
    path = parts.path
    last = path[path.rfind("/"):]
    if patterns.FILE_EXTENSIONS.search(last) or (last[-4:].lower() == ".xml"
                                                 and patterns.FEED_XML.match(last)) \
            or patterns.SHARE_URLS.match(host + path[:patterns.SHARE_PREFIX]):
        return None
    folded = path.lower() if path.isascii() else None  # (the path regexes' twins read it)
    if _host_in(host, patterns.AD_HOSTS) \
            or search_folded(patterns.INDEX_PATHS, patterns.INDEX_PATHS_FOLDED, path, folded) \
            or ("irector" in path and patterns.DIRECTORY_PATH.search(path)):
        return None
    if patterns.PAGINATION.search(path) or _widget_url(host + path) \
            or search_folded(patterns.SIGNUP_PATHS, patterns.SIGNUP_PATHS_FOLDED, path, folded) \
            or ("." in path  # (HOST_SEGMENT's forms all hold a ".")
                and search_folded(patterns.HOST_SEGMENT, patterns.HOST_SEGMENT_FOLDED, path, folded)
                and not patterns.EMBEDDED_URL.search(path)):
        return None
    if parts.query and any(k.lower() in patterns.WIDGET_PARAMS
                           for k, _ in parse_qsl(parts.query, keep_blank_values=True)):
        return None  # rating / vote / print / reply widgets
    query = strip_tracking(parts.query) if parts.query else ""
    if page_site is None:
        page_site = _page_site(page)
    same_site = bool(page_site) and _site(host) == page_site
    if same_site and query and any(k.lower() in patterns.INDEX_PARAMS
                                   for k, _ in parse_qsl(query, keep_blank_values=True)):
        return None  # the site's own tag / category / author listing (not a shop's ?tag=)
    if same_site and path in ("", "/") and query and not any(
            v for _, v in parse_qsl(query, keep_blank_values=True)):
        query = ""  # the home page with empty markers (?hprecirc-bullet=)
    if same_site and not query and (path in ("", "/") or _is_hub(path)):
        return None  # the site's home page or a section front is navigation, not content
    if same_site and _service_page(path):
        return None  # the site's terms, privacy, advertising, feeds, contact... pages
    netloc = parts.netloc.lower() if "@" not in parts.netloc else parts.netloc
    return urlunsplit((parts.scheme.lower(), netloc, path or "/", query, ""))


def _widget_url(host_path: str) -> bool:
    """``patterns.WIDGET_URLS.search(host_path)``, asked of its two parts (a search for the
    segments found anywhere, a match for the sites that start it)."""
    return patterns.WIDGET_URLS_ANYWHERE.search(host_path) is not None \
        or patterns.WIDGET_URLS_START.match(host_path) is not None


def _slug_words(text: str) -> list[str]:
    """Words of a text or a URL slug, case-folded, accents dropped ("Café Crème" and
    "cafe-creme" give the same words)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return [w for w in patterns.SLUG_SPLIT.split("".join(c for c in folded
                                                         if not unicodedata.combining(c))) if w]


def _named_index(url: str, text: str, page_site: str) -> bool:
    """Is the link a same-site entity page named by its anchor text (an index page: a band,
    a person, a topic), see patterns.NAMED_INDEX_MAX_WORDS?"""
    if len(text) > 60 or not page_site or len(text.split()) > patterns.NAMED_INDEX_MAX_WORDS:
        return False
    parts = urlsplit(url)
    head, _, last = parts.path.rstrip("/").rpartition("/")
    if any(c.isdigit() for c in head) or _site(parts.hostname or "") != page_site:
        return False
    words = _slug_words(text)
    if not words or len(words) > patterns.NAMED_INDEX_MAX_WORDS:
        return False
    slug = _slug_words(patterns.NAMED_INDEX_FILE.sub("", last))
    if len(words) >= 2 and slug and slug[-1] != words[-1] \
            and any(c.isdigit() for c in slug[-1]) and not any(c.isdigit() for c in text) \
            and (len(slug[-1]) <= patterns.NAMED_INDEX_ID_MAX or not slug[-1].isdigit()):
        slug.pop()  # a person's id after the name (/Coach/Major-Applewhite-49; one word
        # is no name: "Leptin" for /nutrition/leptin-101 is an article's title)
    return bool(slug) and not any(c.isdigit() for w in slug for c in w) and slug == words


def _person_page(url: str, text: str, page_site: str) -> bool:
    """Is the link a same-site person's page named by the anchor text surname first
    (patterns.PERSON_SLUG_NUMBER: /mtt/harden_james00.html for "James Harden")?"""
    if len(text) > 60:
        return False
    # told first from the address's last segment (most links are no name): each word of an
    # ASCII text's ASCII tokens must be in it, as the slug comparison below needs (exact: an
    # ASCII word of the slug is a substring of an ASCII segment; other segments go on)
    tail = url.rstrip("/").rpartition("/")[2].lower()
    if tail.isascii() and not all(w in tail for token in text.casefold().split()
                                  if token.isascii()
                                  for w in patterns.SLUG_SPLIT.split(token) if w):
        return False
    words = _slug_words(text)
    if not 2 <= len(words) <= patterns.NAMED_INDEX_MAX_WORDS:
        return False
    parts = urlsplit(url)
    head, _, last = parts.path.rstrip("/").rpartition("/")
    if parts.query or any(c.isdigit() for c in head) or _site(parts.hostname or "") != page_site:
        return False
    slug = _slug_words(patterns.NAMED_INDEX_FILE.sub("", last))
    if slug:
        slug[-1] = patterns.PERSON_SLUG_NUMBER.sub("", slug[-1])
    return slug != words and sorted(slug) == sorted(words)


def _query_named(url: str, text: str, page_site: str) -> bool:
    """Is the link a same-site index page addressed by its query, a value of which is the
    anchor text (patterns.QUERY_NAMED_MAX_WORDS words at most; no value an item's long number,
    patterns.QUERY_ITEM_ID_DIGITS): a section's menu item, a search or quote page?"""
    if "?" not in url or len(text) > 40:
        return False  # (no query: most links are told here)
    parts = urlsplit(url)
    if not parts.query or _site(parts.hostname or "") != page_site:
        return False
    words = _slug_words(text)
    if not 0 < len(words) <= patterns.QUERY_NAMED_MAX_WORDS:
        return False
    values = [v for _, v in parse_qsl(parts.query)]
    return any(_slug_words(v) == words for v in values) and not any(
        len(v) >= patterns.QUERY_ITEM_ID_DIGITS and v.isdigit() for v in values)


def _own_profile(url: str, page_site: str) -> bool:
    """Is the link the site's own profile on a social network (twitter.com/nikkan_gendai on
    nikkan-gendai.com): a follow-us link, wherever it sits."""
    parts = urlsplit(url)  # (the network first: most links are told by their host)
    if not _host_in(parts.hostname or "", patterns.SOCIAL_HOSTS):
        return False
    name = re.sub(r"[^a-z0-9]", "", page_site.split(".")[0])
    if len(name) < 4:
        return False
    segments = [s for s in parts.path.split("/") if s]
    return len(segments) == 1 and name in re.sub(r"[^a-z0-9]", "", segments[0].lower())


def _page_site(page: Page) -> str:
    for url in (page.url, page.base_url):
        if url:
            try:
                host = urlsplit(url).hostname
            except ValueError:
                continue
            if host:
                return _site(host)
    return ""


def _self_pages(page: Page) -> dict[str, dict[str, str]]:
    """host+path -> query parameters of the page's own addresses (input URL, base, canonical,
    og:url): a link to one of them with a query that only adds parameters is the article."""
    out: dict[str, dict[str, str]] = {}
    for u in (page.url, page.base_url, stated_url(page)):
        if not u:
            continue
        try:
            parts = urlsplit(u)
        except ValueError:
            continue
        if parts.hostname:
            key = f"{parts.hostname.removeprefix('www.')}{parts.path.rstrip('/')}"
            out.setdefault(key, dict(parse_qsl(parts.query)))
    return out


def _is_self(url: str, own: dict[str, dict[str, str]]) -> bool:
    parts = urlsplit(url)
    query = own.get(f"{(parts.hostname or '').removeprefix('www.')}{parts.path.rstrip('/')}")
    if query is None:
        return False
    return all(query.get(k, v) == v for k, v in parse_qsl(parts.query))


def _is_parent(url: str, own: dict[str, dict[str, str]]) -> bool:
    """A same-host page whose path is a leading part of the article's own path (/news/business/
    for /news/business/story-123.html): the article's section front, never content."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if not path or parts.query:
        return False
    prefix = f"{(parts.hostname or '').removeprefix('www.')}{path}/"
    return any(key.startswith(prefix) for key in own)


def _shares_page(url: str, own: dict[str, dict[str, str]], page_site: str) -> bool:
    """Is the link another site's share / submit button for this page: a short action path
    without digits (patterns.SHARE_ACTION_SEGMENTS) whose query's only address is one of the
    page's own (its query aside: ``?referrer=`` marks the button)?"""
    query = url.partition("?")[2]
    if "http" not in query.lower() and "%" not in query:
        return False  # (no address in the query, even percent-encoded: most links are told here)
    parts = urlsplit(url)
    if _site(parts.hostname or "") == page_site:
        return False
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) > patterns.SHARE_ACTION_SEGMENTS or any(c.isdigit() for c in parts.path):
        return False
    addresses = [v for _, v in parse_qsl(parts.query) if v[:8].lower().startswith(patterns.SHARE_ADDRESS)]
    if not addresses:
        return False
    for value in addresses:
        try:
            target = urlsplit(value.strip())
        except ValueError:
            return False
        if f"{(target.hostname or '').removeprefix('www.')}{target.path.rstrip('/')}" not in own:
            return False  # another address: a redirect to its target, not a button
    return True


def _is_next_page(url: str, own: dict[str, dict[str, str]]) -> bool:
    """The article's own next page: its path followed by a page number (/story/367061/2), or its
    file name with one (news089.html -> news089_2.html)."""
    parts = urlsplit(url)
    head, _, last = parts.path.rstrip("/").rpartition("/")
    host = (parts.hostname or "").removeprefix("www.")
    if patterns.PAGE_NUMBER.match(last):
        return f"{host}{head}" in own
    paged = patterns.PAGE_FILE.match(last) if "_" in last else None
    return paged is not None and f"{host}{head}/{paged[1]}{paged[2] or ''}" in own


def _repeat(key: str, url: str, variants: dict[str, list[frozenset[str]]]) -> bool:
    """Is the URL key a page kept already under another query, one query's parameters all in
    the other's (a repeat without the first one's click-tracking value: "story/?xid=homepage",
    then "story/")? A script's query names its page (article.php?id=5, blog/?p=42: judged on
    the URL's own path, before the key drops its trailing slash), and so does a query added to
    a page kept without one (timetable, then timetable?route=north) or before it
    (timetable?route=north, then timetable), unless that query is a click code (xid=homepage,
    iref=...: :func:`_click_param`): not for those.
    See :func:`_note_variant`."""
    path, _, query = key.partition("?")
    known = variants.get(path)
    raw = urlsplit(url).path
    # (a bare directory after one of its queries: the page without its tracking value)
    if not known or patterns.SCRIPT_PATH.search(raw if query else raw.rstrip("/")):
        return False
    params = _params(query)
    if not params:  # the bare page: a repeat only of a query that says where it was clicked
        return any(other and all(_click_param(p) for p in other) for other in known)
    # a query added to the bare page: a repeat only when it says where it was clicked
    return any(params <= other or (other <= params and (
        other or all(_click_param(p) for p in params))) for other in known)


def _click_param(param: str) -> bool:
    """Is the "name=value" query parameter a click code (a site's own tracking name, or a value
    naming the page slot: xid=homepage)?"""
    name, _, value = param.partition("=")
    return is_click_code(name, value) or patterns.CLICK_SLOT_VALUE.match(value) is not None or (
        name.lower() in patterns.CLICK_PARAM_NAMES and patterns.CLICK_SLOT_WORD.match(value) is not None)


def _note_variant(key: str, variants: dict[str, list[frozenset[str]]]) -> None:
    """Record a kept link's query under its path (for :func:`_repeat`)."""
    path, _, query = key.partition("?")
    variants.setdefault(path, []).append(_params(query))


def _params(query: str) -> frozenset[str]:
    """A query's "name=value" parameters (none for an empty query)."""
    return frozenset(query.split("&")) if query else frozenset()


def _url_key(url: str) -> str:
    """The key two links of a page are one link under: the scorer's (urlkeys.match_key), but
    without only a site's own click code (iref= / ico= / ...: urlkeys.is_click_code), never a
    bare ?cid= / ?ref= / ?src= (two pages: the record holds both); the first as written is
    returned."""
    return match_key(url, is_click_code)


# -- chrome ----------------------------------------------------------------------------------------

def _own_chrome(node: LexborNode) -> int:
    """Is this element itself site chrome? 2 strong, 1 weak, 0 no (see patterns/links.py).
    Decisions are cached by (tag, class, id, role): pages repeat the same few class strings."""
    tag = node.tag or ""
    if tag in patterns.CHROME_TAGS:
        return 2
    attrs = node.attributes
    key = (tag, attrs.get("class"), attrs.get("id"), attrs.get("role")) if attrs else (tag, None, None, None)
    level = _CHROME_CACHE.get(key)
    if level is None:
        level = _chrome_level(*key)
        if len(_CHROME_CACHE) >= CHROME_CACHE_MAX:
            _CHROME_CACHE.clear()
        _CHROME_CACHE[key] = level
    return level


def _media(node: LexborNode) -> bool:
    """Is the element classed as a media player / playlist / gallery?"""
    return not patterns.MEDIA_WORDS.isdisjoint(class_words(node.attributes.get("class")))


def _chrome_level(tag: str, cls: str | None, id_: str | None, role: str | None) -> int:
    level = 1 if tag in patterns.WEAK_CHROME_TAGS else 0
    if role and role.lower() in patterns.CHROME_ROLES:
        return 2
    for name in (cls, id_):
        if not name:
            continue
        for token in name.split():
            if patterns.CHROME_LAYOUT.match(token):
                return 2
            words = [w.lower() for w in patterns.CLASS_WORD_SPLIT.split(token)]
            if patterns.STYLING_WORDS.intersection(words):
                continue  # a generated styling class ("tagStyle_18h2erd-o_O-style_1i5d9um")
            for word in words:
                if word in patterns.CHROME_WORDS:
                    return 2
                if word in patterns.WEAK_CHROME_WORDS and not (
                        tag in patterns.INLINE_TAGS and word in patterns.SOCIAL_CLASS_WORDS):
                    level = 1
    return level


# -- the article container -------------------------------------------------------------------------

class _Scan:
    """What one pass over the page's text blocks finds."""

    def __init__(self) -> None:
        self.matched: list[LexborNode] = []        # text blocks that are body paragraphs
        self.matched_ids: set[int] = set()
        self.weights: dict[int, int] = {}          # matched block mem_id -> its text's length
        self.keys: dict[int, str] = {}             # matched block mem_id -> its paragraph's key
        self.counts: dict[int, int] = {}           # ancestor mem_id -> matched blocks inside
        self.chars: dict[int, int] = {}            # ancestor mem_id -> their text's length
        self.total = 0                             # the matched blocks' text length
        self.headings: list[LexborNode] = []       # short related-block headings
        self.labels: list[LexborNode] = []         # plain related labels (links_labels)
        self.container: LexborNode | None = None
        self.container_ids: set[int] = set()      # the container (a set: one place to widen)
        self.container_line: set[int] = set()     # the container and its ancestors
        self.container_anchors: list[LexborNode] = []  # its anchors with an href, in page order
        self.parent_of: dict[int, int | None] = {}  # matched blocks' ancestors, by mem_id


def _is_heading_text(text: str) -> bool:
    """Short text that introduces a related block ("Related", "Mehr zum Thema", ...)."""
    if len(text) > patterns.RELATED_HEADING_MAX * 2:
        return False
    # the first letters from a prefix first (a prefix of the collapsed, stripped label when
    # three or more are left): most blocks are no heading, and are told so from them; when
    # the text's first three letters after the lead characters hold no space and lie within
    # its first 24 characters, they are those of the collapsed prefix (no split needed)
    stripped = text.lstrip(_LEAD)
    # two ASCII letters after the lead characters open the label whichever way it is read
    # below, and every heading's prefix holds two characters or more: told by the pair
    pair = stripped[:2]
    if pair.isascii() and pair.isalpha() and pair.lower() not in patterns.RELATED_HEADING_PAIRS:
        return False
    start = stripped[:3]
    if len(start) == 3 and len(text) - len(stripped) <= 21 and not (
            start[0].isspace() or start[1].isspace() or start[2].isspace()):
        start = start.lower()
        return (start in patterns.RELATED_HEADING_PREFIXES
                or start[:2] in patterns.RELATED_HEADING_PREFIXES) and _heading_label(text)
    head = " ".join(text[:24].split()).lstrip(_LEAD)
    if len(head) >= 3:
        head = head[:3].lower()
        if head not in patterns.RELATED_HEADING_PREFIXES \
                and head[:2] not in patterns.RELATED_HEADING_PREFIXES:
            return False
    return _heading_label(text)


def _heading_label(text: str) -> bool:
    """The rest of :func:`_is_heading_text`: the collapsed label, stripped of lead characters."""
    label = " ".join(text.split()).lstrip(_LEAD)
    start = label[:3].lower()
    if start not in patterns.RELATED_HEADING_PREFIXES and start[:2] not in patterns.RELATED_HEADING_PREFIXES:
        return False
    return (bool(label) and len(label) <= patterns.RELATED_HEADING_MAX
            and patterns.RELATED_HEADING.match(label) is not None)


def _ends_line(node: LexborNode) -> bool:
    """Does nothing inline follow the element on its line (a line break, a block or the end)?"""
    after = _near(node, True)
    return after is None or (after.tag not in ("-text", "#text", "a")
                             and after.tag not in patterns.INLINE_TAGS)


def _in_paragraph(node: LexborNode, scan: _Scan) -> bool:
    """Is the inline element part of a text block (a p / li, judged as a whole by the scan) or
    of a body paragraph? Deeper than INLINE_DEPTH inline levels it is taken to be (unclosed
    tags: the climb stays bounded)."""
    up = node.parent
    for _ in range(patterns.INLINE_DEPTH):
        if up is None or up.tag not in patterns.INLINE_TAGS:
            return up is not None and (up.tag in ("p", "li") or up.mem_id in scan.matched_ids)
        up = up.parent
    return True


def _label_class(node: LexborNode) -> bool:
    """Does the element's class hold one of LABEL_WORDS, its ASCII letters in either case (a
    match of LABELS: lexbor's "i" folds ASCII letters only)?"""
    cls = node.attributes.get("class") or ""
    folded = cls.lower() if cls.isascii() else "".join(c.lower() if c.isascii() else c for c in cls)
    return any(word in folded for word in LABEL_WORDS)


def _text_boxes(body: LexborNode, lengths: dict[str, int]) -> list[LexborNode]:
    """Elements of a layout that sets its text in div / td / section rather than p (text and
    <br>s): the innermost one whose text is a body paragraph, the same key and about the same
    length (an outer wrapper starting with that paragraph is longer)."""
    found: dict[int, LexborNode] = {}
    for node in body.css(patterns.TEXT_BOX_TAGS):
        if not _has_own_text(node):
            continue  # a wrapper of other blocks (reading its deep text is the cost here)
        text = node.text(deep=True, separator=" ")
        if len(text) < MIN_KEY:
            continue
        n = lengths.get(_key(text))
        if n is not None and n < patterns.TEXT_BOX_MIN:
            continue  # a label (a side box's heading "Beiträge aus dem Forum"), not a paragraph
        if n is None or abs(len(collapse(text)) - n) > patterns.TEXT_BOX_SLACK * n + 8:
            continue
        up = node.parent
        for _ in range(patterns.TEXT_BOX_DEPTH):  # the same text one level deeper: keep the inner
            if up is None:
                break
            found.pop(up.mem_id, None)
            up = up.parent
        found[node.mem_id] = node
    return list(found.values())


def _has_own_text(node: LexborNode) -> bool:
    """Does the element hold text directly (not only inside child elements)?"""
    # its direct text nodes' text, joined in C (one string, no node object per child): blank
    # when every one of them is blank
    return bool(node.text(deep=False).strip())


def _scan(body: LexborNode, paragraphs: Iterable[str], boxes: bool = True,
          lists: bool = False) -> _Scan:
    scan = _Scan()
    keyed = [(k, p) for p in paragraphs if len(k := _key(p)) >= MIN_KEY]
    wanted = {k for k, _ in keyed}
    # a list item's paragraph opens with the body's "- " marker, which its DOM text lacks: when
    # nothing else is found, a text that is all list items is looked for without it
    unmarked = {k2: k for k, p in keyed if p.startswith(LIST_MARK)
                and len(k2 := _key(p[len(LIST_MARK):])) >= MIN_KEY and k2 not in wanted} \
        if lists else {}
    # the keys' first characters: most blocks (menu items, captions) are told apart from them,
    # read off the block's first characters only (casefold maps each character alone)
    starts = {k[:KEY_START] for k in wanted} | {k[:KEY_START] for k in unmarked}
    weight_of = {k: len(p) for k, p in keyed}
    seen_heading: set[int] = set()
    hit: set[str] = set()
    heading_max = patterns.RELATED_HEADING_MAX * 2  # (read once: the loop runs per text block)
    head_span = KEY_START * 4
    for node in body.css(TEXT_BLOCKS):
        text = node.text(deep=True, separator=" ")
        # a body paragraph may be a heading too ("You may also like..."; a longer text is none:
        # told here, without the call)
        if len(text) <= heading_max and _is_heading_text(text):
            scan.headings.append(node)
            seen_heading.add(node.mem_id)
        if wanted and len(text) >= MIN_KEY and (
                len(head := ((lead.casefold() if (lead := text[:KEY_START]).isalnum() else
                              "".join(text[:head_span].split()).casefold())[:KEY_START]))
                < KEY_START or head in starts) and ((key := _key(text)) in wanted
                                                    or (key := unmarked.get(key, "")) in wanted):
            scan.matched.append(node)
            scan.matched_ids.add(node.mem_id)
            scan.weights[node.mem_id] = weight_of[key]
            scan.keys[node.mem_id] = key
            hit.add(key)
    boxed = False
    if boxes and wanted and len(hit) < patterns.TEXT_BOX_WHEN * len(wanted):
        # most of the text is not in p / li / ...: look for it in div / td / section
        lengths = {k: len(collapse(p)) for k, p in keyed if k not in hit}
        for node in _text_boxes(body, lengths):
            if node.mem_id not in scan.matched_ids:
                scan.matched.append(node)
                scan.matched_ids.add(node.mem_id)
                scan.weights[node.mem_id] = weight_of.get(_key(node.text(deep=True, separator=" ")), MIN_KEY)
                boxed = True
    last = -1  # (a node comes once per selector of the list it matches: judged once)
    for node in body.css(LABELS_WALK):
        mid = node.mem_id
        # a text block of these tags was judged by the loop above, on the same text
        if mid in seen_heading or mid == last or node.tag in {
                "a", "body", "html", "main", "article",
                "p", "blockquote", "h1", "h2", "h3", "h4", "h5", "dd"}:
            continue
        last = mid
        if _is_heading_text(node.text(deep=True, separator=" ")):
            if _label_class(node):
                scan.headings.append(node)
                seen_heading.add(mid)
            elif plain_label(node):
                scan.labels.append(node)
    if not scan.matched:
        if not lists and any(p.startswith(LIST_MARK) for _, p in keyed):
            return _scan(body, (p for _, p in keyed), boxes, lists=True)
        return scan
    # ancestors of the matched blocks, as a mem_id -> parent mem_id map (each element visited once)
    parent_of = scan.parent_of
    nodes: dict[int, LexborNode] = {}
    for node in scan.matched:
        current = node
        while True:
            mid = current.mem_id
            if mid in parent_of:
                break
            nodes[mid] = current
            parent = current.parent
            if parent is None or parent.tag in ("html", "#document"):
                parent_of[mid] = None
                break
            parent_of[mid] = parent.mem_id
            current = parent
    counts = scan.counts
    chars = scan.chars
    for node in scan.matched:
        up: int | None = parent_of.get(node.mem_id)
        w = scan.weights.get(node.mem_id, MIN_KEY)
        while up is not None:
            counts[up] = counts.get(up, 0) + 1
            chars[up] = chars.get(up, 0) + w
            up = parent_of.get(up)
    depth: dict[int, int] = {}

    def depth_of(start: int) -> int:
        chain = []
        mid: int | None = start
        while mid is not None and mid not in depth:
            chain.append(mid)
            mid = parent_of.get(mid)
        d = depth[mid] if mid is not None else 0
        for m in reversed(chain):
            d += 1
            depth[m] = d
        return d

    scan.total = sum(scan.weights.get(n.mem_id, MIN_KEY) for n in scan.matched)
    needed = CONTAINER_SHARE * scan.total
    needed_n = CONTAINER_MIN_BLOCKS * len(scan.matched)
    best = max((k for k, c in chars.items() if c >= needed and counts[k] >= needed_n),
               key=depth_of, default=None)
    scan.container = nodes[best] if best is not None else None
    if boxed and scan.container is not None and len(collapse(scan.container.text(deep=True))) \
            > patterns.TEXT_BOX_SPREAD * sum(len(collapse(p)) for _, p in keyed):
        # the boxes found span the page (a title and a footer line), not one text: not them
        return _scan(body, (p for _, p in keyed), boxes=False, lists=lists)
    line: LexborNode | None = scan.container
    if line is not None:
        scan.container_ids.add(line.mem_id)
        scan.container_anchors = line.css("a[href]")  # (read once: four steps walk them)
    while line is not None:
        scan.container_line.add(line.mem_id)
        line = line.parent
    return scan


def _kept_blocks(scan: _Scan, paragraphs: list[str], body_text: str | None) -> set[int] | None:
    """The matched blocks (mem_ids) whose paragraph the body kept in its text (``body_text``,
    the record's text): a block's key begins with the first CLOSING_PREFIX characters of the
    key of one of the text's paragraphs (a paragraph the body trimmed counts). None when
    nothing is told apart: the body kept no text, or every matched block (most pages: every
    raw paragraph as it is, told by one comparison). Only the raw paragraphs missing from
    the text as they are, and the text's paragraphs missing from the raw ones, get keyed (the
    text keeps its paragraphs in page order: one walk over both finds them)."""
    if not body_text or not scan.matched or body_text == "\n\n".join(paragraphs):
        return None
    texts = body_text.split("\n\n")
    missing: list[str] = []  # raw paragraphs the walk did not find in the text
    j, n = 0, len(texts)
    for p in paragraphs:
        if j < n and texts[j] == p:
            j += 1
        else:
            missing.append(p)
    if j < n:  # the text holds paragraphs of its own (a lead, a trimmed one): by sets
        told = set(texts)
        missing = [p for p in paragraphs if p not in told]
        raw = set(paragraphs)
        heads = {_key(t)[:CLOSING_PREFIX] for t in texts if t not in raw}
    else:
        heads = set()
    dropped = {_key(p) for p in missing}
    if not dropped:
        return None
    # a repeated line (one copy kept): the heads of the text's paragraphs that are raw ones as
    # they are, by their first letter, keyed only for the letters asked (lazily)
    starts: dict[str, list[str]] | None = None
    same: dict[str, set[str]] = {}
    out: set[int] = set()
    keys = scan.keys
    for node in scan.matched:
        key = keys.get(node.mem_id)
        if key is None:  # a text box (div / td with <br>s): keyed from its own text
            key = _key(node.text(deep=True, separator=" "))
        if key in dropped and key[:CLOSING_PREFIX] not in heads:
            if starts is None:
                raw_set = set(paragraphs)
                starts = {}
                for t in texts:
                    if t in raw_set:
                        starts.setdefault(t.lstrip()[:1].casefold()[:1], []).append(t)
            first = key[:1]
            if first not in same:
                same[first] = {_key(t)[:CLOSING_PREFIX] for t in starts.get(first, ())}
            if key[:CLOSING_PREFIX] not in same[first]:
                continue
        out.add(node.mem_id)
    return out if len(out) < len(scan.matched) else None


def _kept_container(scan: _Scan, kept: set[int] | None) -> int | None:
    """The container of the text the body kept (mem_id), when it lies strictly inside the
    container of the raw paragraphs: the deepest element holding most of the kept paragraphs'
    text, as :func:`_scan` finds the container (CONTAINER_SHARE of the characters,
    CONTAINER_MIN_BLOCKS of the blocks). The raw paragraphs may hold boxes, columns and lists
    of stories the body dropped; they widen the raw container, not this one."""
    if not kept or scan.container is None:
        return None
    parent_of = scan.parent_of
    container = scan.container.mem_id
    above = scan.container_line  # the container and its ancestors: no candidate there
    counts: dict[int, int] = {}
    chars: dict[int, int] = {}
    total = 0
    for mid in kept:
        w = scan.weights.get(mid, MIN_KEY)
        total += w
        current = parent_of.get(mid)
        while current is not None and current not in above:
            counts[current] = counts.get(current, 0) + 1
            chars[current] = chars.get(current, 0) + w
            current = parent_of.get(current)
    needed = CONTAINER_SHARE * total
    needed_n = CONTAINER_MIN_BLOCKS * len(kept)
    # the candidates below the container: their chain up reaches it (depth counted on the way)
    best, best_depth = None, 0
    for mid, c in chars.items():
        if c < needed or counts[mid] < needed_n:
            continue
        depth, current = 0, mid
        while current is not None and current not in above:
            depth += 1
            current = parent_of.get(current)
        if current == container and depth > best_depth:
            best, best_depth = mid, depth
    return best


def _under(mid: int, scan: _Scan, ids: set[int] | frozenset[int]) -> bool:
    """Is the matched block, or one of its ancestors, in ``ids``? (id walk, no DOM access)"""
    current: int | None = mid
    while current is not None:
        if current in ids:
            return True
        current = scan.parent_of.get(current)
    return False


def _outside_kept(a: LexborNode, scan: _Scan, kept: set[int], inner: int) -> bool:
    """Is the anchor, inside the container, outside the kept text's container ``inner`` and
    every block the body kept (a box, a column or a list of stories the body dropped)?"""
    current: LexborNode | None = a
    while current is not None and current.mem_id not in scan.container_ids:
        if current.mem_id == inner or current.mem_id in kept:
            return False
        current = current.parent
    return True


# -- related blocks --------------------------------------------------------------------------------

def _n_links(node: LexborNode) -> int:
    return len(node.css("a[href]"))


def _link_list(node: LexborNode) -> bool:
    """A ul / ol whose every item holds a link (Wired's "More Great WIRED Stories")."""
    if node.tag not in ("ul", "ol"):
        return False
    # its own items only: the items of lists nested in it are judged with their list (a page of
    # lists nested 500 deep made every list walk every deeper item: cubic)
    items = [child for child in node.iter() if child.tag == "li"]
    # most items hold a link (a teaser grid may hold an empty ad slot)
    linked = sum(item.css_first("a[href]") is not None for item in items)
    return bool(items) and linked >= max(1, LINK_LIST_SHARE * len(items))


def _following_blocks(heading: LexborNode, shapes: list[str] | None = None) -> list[LexborNode]:
    """The link-only siblings after a heading set in the article text (Cleveland's
    "You may also like..." paragraph, Wired's "More Great WIRED Stories" list). A sibling
    holding a block heading of the same shape as this one starts another block: the end."""
    out: list[LexborNode] = []
    sibling = heading.next
    while sibling is not None and len(out) < patterns.MAX_HEADING_SIBLINGS:
        if sibling.tag in ("-text", "#text", "_text", "-comment", "#comment") or sibling.tag is None:
            sibling = sibling.next
            continue
        if sibling.tag in HEADING_TAGS or sibling.tag == "hr":
            break
        if _n_links(sibling) == 0:
            text = collapse(sibling.text(deep=True))
            if text and not (out and out[-1].tag == "a" and sibling.tag in patterns.INLINE_TAGS
                             and len(text) <= patterns.RELATED_HEADING_MAX):
                break  # (a line of links: an item's date after its link is part of it)
            sibling = sibling.next
            continue
        if not (_link_list(sibling) or _link_share(sibling) >= patterns.LINK_DOMINANT_SHARE):
            break
        if shapes and _block_labels(sibling, shapes):
            break
        if out and sibling.tag != "a" and not any(
                len(collapse(a.text(deep=True))) >= MIN_KEY for a in sibling.css("a[href]")):
            break  # after the stories, a line of short labels ("Home | World"): a menu
        out.append(sibling)
        sibling = sibling.next
    return out


def _heading_shapes(heading: LexborNode) -> list[str]:
    """CSS selectors for the heading's own element shape (tag + first class), for itself and
    its classed ancestors up to two levels: how the site marks up a block heading."""
    out = []
    node: LexborNode | None = heading
    for _ in range(3):
        if node is None:
            break
        cls = (node.attributes.get("class") or "").split()
        if cls and _CLASS_TOKEN.match(cls[0]) and node.tag and node.tag.isalnum():
            out.append(f"{node.tag}.{cls[0]}")
        node = node.parent
    return out


def _block_labels(node: LexborNode, shapes: list[str]) -> int:
    """How many block headings of the given shapes ``node`` holds: short labels that are not
    links (teaser titles share shapes with block headings too, but they are links)."""
    count = 0
    for shape in shapes:
        for label in node.css(shape):
            if label.css_first("a[href]") is not None or _in_link(label, node):
                continue
            if 0 < len(collapse(label.text(deep=True))) <= patterns.RELATED_HEADING_MAX:
                count += 1
        if count:
            return count
    return count


def _in_link(node: LexborNode, stop: LexborNode) -> bool:
    up = node.parent
    while up is not None and up.mem_id != stop.mem_id:
        if up.tag == "a":
            return True
        up = up.parent
    return False


def _label_box(heading: LexborNode, scan: _Scan) -> LexborNode:
    """The outermost element around a heading that holds only its text (an old table layout's
    <table><tr><td><b>Related Stories</b></td></tr></table>): what the block's lines follow."""
    label = collapse(heading.text(deep=True))
    node = heading
    for _ in range(patterns.LABEL_BOX_DEPTH):
        parent = node.parent
        if parent is None or parent.tag in STOP_TAGS or parent.tag == "article" \
                or parent.mem_id in scan.container_line or parent.css_first("a[href]") is not None \
                or collapse(parent.text(deep=True)) != label:
            break
        node = parent
    return node


def _heading_blocks(heading: LexborNode, scan: _Scan) -> list[LexborNode]:
    node = heading
    shapes = _heading_shapes(heading)
    for _ in range(3):
        parent = node.parent
        if parent is None or parent.tag in STOP_TAGS or parent.tag == "article":
            break
        if parent.mem_id in scan.container_line:
            # the heading sits in the article text: it introduces what follows it
            return _following_blocks(node, shapes)
        n = _n_links(parent)
        if n:
            if _block_labels(parent, shapes) > 1:
                # the parent spans several headed blocks: its links belong to another heading
                return []
            if n > patterns.MAX_RELATED_BLOCK_LINKS:
                return []
            if _link_share(parent) < patterns.LINK_DOMINANT_SHARE:
                # (story cards whose blurbs outweigh their links: the box is the block)
                return _following_blocks(node, shapes) or (
                    [parent] if _story_cards(parent, scan) else [])
            return [parent]
        node = parent
    # no links near the heading: the lines after it, or after the element holding only its text
    return _following_blocks(node, shapes) or _following_blocks(_label_box(heading, scan), shapes)


def _has_teaser(node: LexborNode) -> bool:
    """Does the box hold a picture or headline element (patterns.TEASER_CARD) below itself? (a
    headline holding two links is no set of cards)"""
    return css_first_below(node, patterns.TEASER_CARD) is not None


def _story_cards(node: LexborNode, scan: _Scan) -> bool:
    """Is the box a set of story cards: outside the article text (its blurbs may have been
    taken for body paragraphs), a picture or headline element, and every link's target headed
    by a headline-long text (two stories or more)?"""
    if node.mem_id in scan.container_line or any(_inside(node, c) for c in scan.container_ids) \
            or not _has_teaser(node):
        return False
    texts: dict[str, str] = {}
    for a in node.css("a[href]"):
        href = (a.attrs.get("href") or "").split("#")[0]
        text = collapse(a.text(deep=True, separator=" "))
        if href and len(text) >= len(texts.get(href, "")):
            texts[href] = text
    return len(texts) >= 2 and all(len(t) >= MIN_KEY for t in texts.values())


def _bold_headings(body: LexborNode, scan: _Scan) -> list[LexborNode]:
    """Bold labels that end their line and say related ("<td><b>Related Stories</b></td>"),
    not inside a text block: a bold lead-in to a link on its line ("<b>READ MORE:</b> <a>")
    or a label in a paragraph of the text (its sources line) heads no block."""
    return [node for node in body.css(BOLD_LABELS)
            if not _in_paragraph(node, scan) and _ends_line(node)
            and _is_heading_text(node.text(deep=True, separator=" "))]


def _related_groups(page: Page, body: LexborNode, scan: _Scan,
                    of: AnchorsOf = anchors_below) -> list[tuple[list[LexborNode], int]]:
    """Candidate related blocks, each a list of elements (a heading's following siblings form
    one) and how it was found (links_blocks.SOURCE_*); ``of``: a node's anchors (a memo the
    caller reads again)."""
    groups: list[tuple[list[LexborNode], int]] = []
    seen: set[int] = set()
    for node in body.css(_related_selector()):
        if node.mem_id in seen or node.tag in ("a", "main", "article", "body", "html", "link",
                                               "meta", "script"):
            continue
        seen.add(node.mem_id)
        names = _names(node)
        folded = fold_ascii(names)
        if search_folded(patterns.RELATED_CLASS, patterns.RELATED_CLASS_FOLDED, names, folded) \
                and not search_folded(patterns.NOT_RELATED_CLASS, patterns.NOT_RELATED_CLASS_FOLDED,
                                      names, folded):
            if node.mem_id not in scan.container_line \
                    and 0 < len(of(node)) <= patterns.MAX_RELATED_BLOCK_LINKS:
                groups.append(([node], SOURCE_CLASS))
    for heading in [*scan.headings, *_bold_headings(body, scan),
                    *[n for n in scan.labels if not any(_inside(n, c) for c in scan.container_ids)]]:
        group = _heading_blocks(heading, scan)
        if group:
            groups.append((group, SOURCE_HEADING))
    groups = _outermost(groups)
    groups.extend(([box], SOURCE_TEASER) for box in _teaser_boxes(scan, groups))
    return groups


def _teaser_boxes(scan: _Scan, groups: list[tuple[list[LexborNode], int]]) -> list[LexborNode]:
    """Boxes of story cards set inside the article text with no name or heading that says
    related: the outermost element below the container that holds no body paragraph, is mostly
    links and links to two stories or more (headline-long link texts). Each goes to the block
    model like a named related block (a single-story box stays an in-body read-this line)."""
    container = scan.container
    if container is None:
        return []
    taken = {node.mem_id for group, _ in groups for node in group}
    boxes: dict[int, LexborNode] = {}
    tops: dict[int, LexborNode | None] = {}  # element -> its walk's box (shared by the anchors)
    for a in scan.container_anchors:
        path: list[LexborNode] = []
        current: LexborNode | None = a
        box: LexborNode | None = None
        while True:  # up to the container: the outermost element, unless one on the way is
            if current is None or current.mem_id in scan.container_ids:  # text or chrome
                box = path[-1] if path else None
                break
            mid = current.mem_id
            if mid in tops:
                box = tops[mid]
                break
            if mid in scan.matched_ids or scan.counts.get(mid, 0) or mid in taken \
                    or _own_chrome(current):
                box = tops[mid] = None  # body text, a named block, or chrome (a player)
                break
            path.append(current)
            current = current.parent
        for node in path:
            tops[node.mem_id] = box
        if box is None or box.tag == "a" or box.mem_id in boxes:
            continue
        boxes[box.mem_id] = box
    out = []
    for box in boxes.values():
        texts: dict[str, str] = {}
        for a in box.css("a[href]"):
            href = (a.attrs.get("href") or "").split("#")[0]
            text = collapse(a.text(deep=True, separator=" "))
            if href and len(text) > len(texts.get(href, "")):
                texts[href] = text
        stories = sum(len(t) >= MIN_KEY for t in texts.values())
        if stories >= 2 and len(texts) <= patterns.MAX_RELATED_BLOCK_LINKS \
                and _has_teaser(box) \
                and _link_share(box) >= patterns.LINK_DOMINANT_SHARE \
                and not any(_inside(box, m) for m in taken):
            out.append(box)
    return out


def _outermost(groups: list[tuple[list[LexborNode], int]]) -> list[tuple[list[LexborNode], int]]:
    """The candidate blocks that are not inside another one (a related box, not also its list
    and each of its items); the first of two with the same elements."""
    members = {node.mem_id for group, _ in groups for node in group}
    out = []
    firsts: set[int] = set()
    for group, source in groups:
        first = group[0]
        if first.mem_id in firsts:
            continue
        up = first.parent
        nested = False
        while up is not None and up.tag not in ("body", "html"):
            if up.mem_id in members:
                nested = True
                break
            up = up.parent
        if not nested:
            firsts.add(first.mem_id)
            out.append((group, source))
    return out


def _distinct_links(group: list[LexborNode], of: AnchorsOf = anchors_below) -> int:
    hrefs = set()
    for node in group:
        for a in of(node):
            if collapse(a.text(deep=True)):
                hrefs.add((a.attrs.get("href") or "").strip().split("#")[0])
    return len(hrefs)


def _site_names(page: Page) -> tuple[str, ...]:
    """The site's own names, case-folded: og:site_name and the host's main label."""
    names = []
    found = page.meta_first("og:site_name", "application-name")
    if found:
        names.append(found[0].casefold())
    site = _page_site(page)
    if site:
        names.append(site.split(".")[0])
    return tuple(n for n in names if len(n) >= 3)


def _anchors_held(root: LexborNode, anchors: list[LexborNode]) -> dict[int, list[LexborNode]]:
    """The anchors each p element at or below ``root`` holds, and each child element of
    ``root``, by mem_id (elements holding none are left out), in page order: what a css call
    on each would find, given ``anchors``, ``root.css("a[href]")``. One walk up from each
    anchor, every element visited once (a css call costs a selector parse, ~9 us, and a
    container holds many paragraphs; a deep nest of unclosed tags stays linear)."""
    root_id = root.mem_id
    # element mem_id -> the mem_ids of the p elements and the root's child at or above it
    above: dict[int, tuple[int, ...]] = {root_id: (root_id,) if root.tag == "p" else ()}
    held: dict[int, list[LexborNode]] = {}
    for a in anchors:
        chain: list[LexborNode] = []
        node: LexborNode | None = a
        while node is not None and node.mem_id not in above:
            chain.append(node)
            node = node.parent
        found = above[node.mem_id] if node is not None else ()
        parent_id = node.mem_id if node is not None else None
        for element in reversed(chain):
            mid = element.mem_id
            if parent_id == root_id or element.tag == "p":
                found = (*found, mid)
            above[mid] = found
            parent_id = mid
        for mid in found:
            held.setdefault(mid, []).append(a)
    return held


def _link_line_runs(root: LexborNode, held: dict[int, list[LexborNode]]) -> list[list[LexborNode]]:
    """Runs of two or more sibling paragraphs that are each a single link (Metro's "MORE: ..."
    lines inserted between the paragraphs). ``held``: :func:`_anchors_held` of ``root``."""
    runs: list[list[LexborNode]] = []
    for p in root.css("p"):
        if not _link_line(p, held):
            continue  # (most paragraphs: told before their previous sibling is looked for)
        prev = p.prev
        while prev is not None and (prev.tag or "").startswith(("-", "#", "_")):
            prev = prev.prev
        if prev is not None and runs and runs[-1][-1].mem_id == prev.mem_id:
            runs[-1].append(p)
        else:
            runs.append([p])
    return [run for run in runs if len(run) >= 2]


def _story_box_sets(root: LexborNode, scan: _Scan,
                    held: dict[int, list[LexborNode]]) -> list[list[LexborNode]]:
    """Single-story boxes set between the paragraphs of the text (not text blocks themselves:
    a classed div / aside / section / list holding one link), grouped by shape (tag and
    class): three or more of one shape are judged together, like a list (NBC DFW's
    "embedded article" headlines, one between every two paragraphs)."""
    shapes: dict[tuple[str, str], list[LexborNode]] = {}
    for child in root.iter():
        tag = child.tag or ""
        if tag not in patterns.STORY_BOX_TAGS:
            continue  # text blocks, inline elements (a classed link in a sentence), text
        # and comment nodes
        cls = child.attributes.get("class") or ""
        mid = child.mem_id
        if cls.strip() and mid not in scan.matched_ids and not scan.counts.get(mid, 0):
            shapes.setdefault((tag, cls), []).append(child)
    out = []
    for boxes in shapes.values():
        if len(boxes) >= 3:
            boxes = [box for box in boxes if _link_line(box, held)]
            if len(boxes) >= 3:
                out.append(boxes)
    return out


def _on_topic_item(text: str, lead: set[str], body: Callable[[], set[str]]) -> bool:
    """Is a story's title about the article: a subject word of the title and lead, and most
    of its subject words in the text (``body()``: one shared word is mostly the place or the
    beat)?"""
    words = _stems(text)
    return bool(words & lead) \
        and len(words & body()) >= patterns.TEXT_LIST_BODY_SHARE * len(words)


def _link_line(node: LexborNode, held: dict[int, list[LexborNode]]) -> bool:
    """Is the element (a p or a child of the container: ``held``, :func:`_anchors_held`) a
    line that is a single link?"""
    anchors = held.get(node.mem_id, [])
    return len(anchors) == 1 and _link_share(node, anchors) >= LINK_LINE_SHARE


def _off_topic(group: list[LexborNode], stems: set[str],
               body: Callable[[], set[str]] | None = None, of: AnchorsOf = anchors_below) -> bool:
    """Do most of a block's (three or more) items share no content word with the article?
    With ``body`` (the text's words), an item is about the article only when most of its
    words are in the text too (patterns.TEXT_LIST_BODY_SHARE)."""
    if not stems:
        return False
    items = {h: t for h, t in item_texts(group, of).items() if len(t) >= MIN_KEY}
    if len(items) < 3:
        return False
    topical = sum(_on_topic_item(t, stems, body) if body is not None else bool(_stems(t) & stems)
                  for t in items.values())
    return topical < patterns.RELATED_TOPICAL_SHARE * len(items)


# -- anchors ---------------------------------------------------------------------------------------

class _Chrome:
    """Memoised "is there chrome between this node and there?" walks."""

    def __init__(self, scan: _Scan):
        self.container_ids = scan.container_ids
        self.container_line = scan.container_line
        self.counts = scan.counts
        self.chars = scan.chars
        self.text_min = patterns.CHROME_TEXT_SHARE * scan.total
        self.matched_ids = scan.matched_ids
        self.in_text: dict[int, bool] = {}    # any chrome up to a container (or body)
        self.strong: dict[int, bool] = {}     # strong chrome up to body

    def _level(self, node: LexborNode) -> int:
        # an element holding the article container or two body paragraphs is not chrome,
        # whatever its class says (Billboard's <article class="... url-breadcrumb">), unless
        # it is mostly links (a "trending" list whose titles the body extractor took for
        # text); nor is a body paragraph itself (a text paragraph classed "paywall" that the
        # page does show)
        mid = node.mem_id
        if mid in self.container_line or (mid in self.matched_ids and node.tag not in EMBED_TAGS):
            return 0
        level = _own_chrome(node)
        if level and self.counts.get(mid, 0) >= 2 and node.tag not in EMBED_TAGS \
                and (self.chars.get(mid, 0) >= self.text_min or not _media(node)) \
                and _link_share(node) < patterns.LINK_DOMINANT_SHARE:
            return 0  # holds text the body took (not a list of story links it took wrongly)
        return level

    def below_container(self, node: LexborNode) -> bool:
        """Chrome (weak or strong) on the way from node up to the nearest container / body."""
        return self._chrome_on_way_up(node, self.in_text, 1, self.container_ids)

    def strong_above(self, node: LexborNode) -> bool:
        """Strong chrome on the way from node up to body."""
        return self._chrome_on_way_up(node, self.strong, 2, frozenset())

    def _chrome_on_way_up(self, node: LexborNode, memo: dict[int, bool], level: int,
                          stop_ids: Collection[int]) -> bool:
        """True when an element from node up to a stop (body, or an id in stop_ids) has chrome
        of at least ``level``; every element walked is memoised with the answer."""
        chain: list[int] = []
        current: LexborNode | None = node
        result = False
        while current is not None:
            mid = current.mem_id
            known = memo.get(mid)
            if known is not None:
                result = known
                break
            if mid in stop_ids or current.tag in ("body", "html", "#document"):
                break
            chain.append(mid)
            if self._level(current) >= level:
                result = True
                break
            current = current.parent
        for mid in chain:
            memo[mid] = result
        return result


def _inside(node: LexborNode, target: int) -> bool:
    current: LexborNode | None = node
    while current is not None:
        if current.mem_id == target:
            return True
        current = current.parent
    return False


def _closing_dropped(scan: _Scan, paragraphs: list[str], body_text: str | None) -> set[int]:
    """The matched blocks (mem_ids) of the paragraphs the body dropped from the end of its text:
    after the last paragraph it kept (``body_text``, the record's text), the closing promos,
    notes and teasers the body judged boilerplate. One it dropped between two kept paragraphs
    stays (a "Read more:" line, a story's own list of links)."""
    if not body_text or not scan.keys:
        return set()
    # the body keeps its paragraphs in page order: the last raw paragraph it kept is one of its
    # last few (only those are keyed: most texts are long)
    kept = {_key(p) for p in body_text.rsplit("\n\n", CLOSING_TAIL)[-CLOSING_TAIL:]}
    # a paragraph the body trimmed is still kept: its key's first CLOSING_PREFIX characters
    # (all of them when the kept text is shorter) begin the raw paragraph's
    heads = {k[:CLOSING_PREFIX] for k in kept if k}
    dropped: set[str] = set()
    for p in reversed(paragraphs):
        key = _key(p)
        if key in kept or any(key.startswith(h) for h in heads):
            break
        dropped.add(key)
    else:
        return set()  # no paragraph kept: no end of the text to be after
    return {mid for mid, key in scan.keys.items() if key in dropped} if dropped else set()


def _closing_sentence(a: LexborNode, block: LexborNode, memo: dict[int, list]) -> bool:
    """Is the anchor inside a sentence of prose in a closing paragraph ("The pier reopens in
    June, <a>the board says</a>. Copyright ..."): the paragraph holds CLOSING_PROSE_CHARS of
    text besides its links, is mostly not links, and the text before the anchor goes on a
    line (it is not at the paragraph's start or after a separator: LINE_BREAK; after a colon,
    the sentence goes on after it)? Link-dominated or short lines (promos, credits, teasers), a
    link starting a line ("<a>Subscribe</a> to ...") and a call closing a line after a colon
    ("...: <a>find out how to help</a>") are not; a link after a dash or a full stop (a new
    sentence) is. ``memo``: the block's text, whether it is prose, and where its last anchor
    (in page order) was found (each block read once)."""
    seen = memo.get(block.mem_id)
    if seen is None:
        text = collapse(block.text(deep=True, separator=" "))
        links = sum(len(collapse(x.text(deep=True, separator=" "))) for x in block.css("a[href]"))
        seen = memo[block.mem_id] = [text, len(text) - links >= CLOSING_PROSE_CHARS
                                     and links < len(text) * patterns.LINK_DOMINANT_SHARE, 0]
    text, prose, cursor = seen
    label = collapse(a.text(deep=True, separator=" "))
    if not prose or not label:
        return False
    at = text.find(label, cursor)
    if at < 0:
        return False
    seen[2] = at + len(label)
    before = text[max(0, at - 200):at].rstrip()  # (bounded: a closing block may be huge)
    if not before or before[-1] in LINE_BREAK:
        return False
    if before[-1] == ":":  # "three options: <a>a new pier</a>, repairs or ..." goes on; a
        rest = text[at + len(label):at + len(label) + 3].lstrip()  # call ("...: <a>help</a>") ends
        return bool(rest) and rest[0] not in ".!?"
    return True


def _closing_anchors(scan: _Scan, blocks: set[int]) -> dict[int, LexborNode]:
    """The anchors (mem_ids) inside the matched blocks ``blocks`` below the container, each
    with its innermost such block: one pass over those blocks (walking each anchor's ancestors
    instead costs a deep nest of unclosed inline tags quadratic time)."""
    out: dict[int, LexborNode] = {}
    if blocks:
        for block in scan.matched:  # page order: an inner block comes after its outer one
            if block.mem_id in blocks and block.mem_id not in scan.container_ids:
                out.update((a.mem_id, block) for a in block.css("a[href]"))
    return out


def _in_matched(node: LexborNode, scan: _Scan) -> bool:
    """Is the node inside a body paragraph (below the container)?"""
    current: LexborNode | None = node
    while current is not None and current.mem_id not in scan.container_ids:
        if current.mem_id in scan.matched_ids:
            return True
        current = current.parent
    return False


def _in_prose(a: LexborNode, memo: dict[int, bool]) -> bool:
    """Is the anchor set in running text: its nearest element above the inline ones holds text
    of its own and is mostly not links (a line of text, not a teaser's title)?"""
    up = a.parent
    while up is not None and up.tag in patterns.INLINE_TAGS:
        up = up.parent
    if up is None:
        return False
    found = memo.get(up.mem_id)
    if found is None:
        found = memo[up.mem_id] = _has_own_text(up) \
            and _link_share(up) < patterns.LINK_DOMINANT_SHARE
    return found


def _hidden(a: LexborNode, text_ids: set[int]) -> bool:
    """Is the anchor hidden by an inline style on it or on one of its few nearest ancestors
    (display:none, visibility:hidden, moved far off-screen: India Post's "Premium WordPress
    Themes" links planted after the text)? Not when it sits in a paragraph of the article's
    text (``text_ids``): a "read more" expander hides the rest of the story the same way."""
    node: LexborNode | None = a
    hidden = False
    for _ in range(patterns.HIDDEN_DEPTH):
        if node is None or node.tag in STOP_TAGS:
            break
        if node.mem_id in text_ids:
            return hidden  # hidden inside the paragraph (spam planted in a sentence) counts
        style = node.attrs.get("style")
        if style and patterns.HIDDEN_STYLE.search(style):
            hidden = True
        node = node.parent
    return hidden


def _after_text(a: LexborNode, inside: list[LexborNode], anchors: list[LexborNode],
                order: dict[int, int]) -> bool:
    """Does the anchor come after the container's last anchor (``inside``: the container's
    anchors) in page order? (``order`` is filled from ``anchors`` on the first call; -1 stands
    for the container's last anchor.)"""
    if not order:
        order.update((x.mem_id, i) for i, x in enumerate(anchors))
        order[-1] = order.get(inside[-1].mem_id, len(anchors)) if inside else len(anchors)
    return order.get(a.mem_id, -1) > order[-1]


def _teaser_blurb(block: LexborNode, anchors: list[LexborNode]) -> bool:
    """Is the block a teaser's blurb: right after a heading that links to the same page as
    one of its links ("<h2><a href=X>Headline</a></h2><p>Blurb... <a href=X>Read</a></p>")?"""
    prev = _near(block, False)
    if prev is None or prev.tag not in HEADING_TAGS:
        return False
    heads = {(a.attrs.get("href") or "").split("#")[0] for a in prev.css("a[href]")}
    return any((a.attrs.get("href") or "").split("#")[0] in heads for a in anchors)


def _block_of(node: LexborNode) -> LexborNode | None:
    current = node.parent
    for _ in range(8):
        if current is None or current.tag in STOP_TAGS:
            return None
        if current.tag in BLOCK_TAGS:
            return current
        current = current.parent
    return node.parent


def _near(node: LexborNode, forward: bool) -> LexborNode | None:
    """The nearest sibling that is not blank text or a comment."""
    sib = node.next if forward else node.prev
    while sib is not None and (sib.tag in ("-comment", "#comment") or (
            sib.tag in ("-text", "#text") and not (sib.text_content or "").strip())):
        sib = sib.next if forward else sib.prev
    return sib


def _prose_block(block: LexborNode | None, memo: dict[int, bool]) -> bool:
    """Is the block a p / li holding more than MENU_PROSE_WORDS words besides its links' text
    (a sentence, not a menu line)?"""
    if block is None or block.tag not in ("p", "li"):
        return False
    flag = memo.get(block.mem_id)
    if flag is None:
        words = len(block.text(deep=True, separator=" ").split()) - sum(
            len(a.text(deep=True, separator=" ").split()) for a in block.css("a"))
        flag = memo[block.mem_id] = words > patterns.MENU_PROSE_WORDS
    return flag


def _menu_item(a: LexborNode) -> bool:
    """Is the anchor an item of a menu line: a separator ("|", "•", ...) and another link right
    beside it ("Football | <a>Cricket</a> | Tennis"; BBC's low-graphics section index after
    the text, inside a <font> the old markup never closed)? An inline wrapper holding only the
    anchor (<b><a>Football</a></b>) stands for it. (Not asked in a sentence: see
    :func:`_prose_block`.)"""
    node = a
    for _ in range(3):
        for forward in (False, True):
            sep = _near(node, forward)
            if sep is None or sep.tag not in ("-text", "#text") \
                    or (sep.text_content or "").strip() not in patterns.MENU_SEPARATORS:
                continue
            other = _near(sep, forward)
            if other is not None and (other.tag == "a" or (
                    other.tag in patterns.INLINE_TAGS and other.css_first("a[href]") is not None)):
                return True
        parent = node.parent
        if parent is None or parent.tag not in patterns.INLINE_TAGS \
                or _near(node, False) is not None or _near(node, True) is not None:
            return False
        node = parent
    return False


def _link_cell(a: LexborNode, scan: _Scan, memo: dict[int, bool]) -> bool:
    """Is the anchor in a table cell of links: the nearest <td> / <th> above it (within
    LINK_CELL_DEPTH levels, set loose in it: no paragraph, list item or quote on the way, a
    body paragraph least of all) holds no body paragraph and
    LINK_CELL_MIN_LINKS distinct links or more (a 2008 inset beside the text, a sponsors'
    table); a cell holding the text (an old layout's column) never is."""
    node = a.parent
    for _ in range(patterns.LINK_CELL_DEPTH):
        if node is None or node.tag in STOP_TAGS or node.tag in patterns.LINK_CELL_TEXT_TAGS \
                or node.mem_id in scan.matched_ids:
            return False
        if node.tag in ("td", "th"):
            flag = memo.get(node.mem_id)
            if flag is None:
                flag = memo[node.mem_id] = not scan.counts.get(node.mem_id, 0) \
                    and _distinct_links([node]) >= patterns.LINK_CELL_MIN_LINKS
            return flag
        node = node.parent
    return False


def _link_boilerplate(line: str) -> bool:
    """Does patterns.LINK_BOILERPLATE match in the line? A line holding none of its cues
    (patterns.LINK_BOILERPLATE_CUES) lower-cased cannot: told by substring tests, the regex not
    run. (Its case-insensitive letters match the ASCII letters of either case, which lower()
    maps to the cue's, and patterns.CASE_TWINS: a line holding one of those runs the regex.)"""
    if line.isascii() or not any(c in line for c in patterns.CASE_TWINS):
        folded = line.lower()
        if not any(cue in folded for cue in patterns.LINK_BOILERPLATE_CUES):
            return False
    return patterns.LINK_BOILERPLATE.search(line) is not None


def _republished(line: str) -> bool:
    """Is this short text block a republication or guest credit line (patterns.REPUBLISHED_LINE)?"""
    folded = line.lower()
    return any(word in folded for word in patterns.REPUBLISHED_WORDS) \
        and patterns.REPUBLISHED_LINE.search(line) is not None


def _anchor_text(a: LexborNode) -> str:
    text = " ".join(a.text(deep=True, separator=" ").split())
    return truncate(text, patterns.MAX_LINK_TEXT)


def _widget_text(text: str) -> bool:
    """``patterns.WIDGET_TEXT.search(text)``, asked of its two parts (a search for the phrases
    found anywhere, a match for the forms that start the text: half the time)."""
    return patterns.WIDGET_TEXT_ANYWHERE.search(text) is not None \
        or patterns.WIDGET_TEXT_START.match(text) is not None


def _label_text(node: LexborNode) -> str:
    if node.tag in ("-text", "#text"):
        return (node.text_content or "").strip()
    if node.tag in ("-comment", "#comment", "script", "style"):
        return ""
    return node.text(deep=True).strip()


def _next_prev_label(a: LexborNode) -> bool:
    """Is the anchor introduced by a next / previous story label right before it, in the same
    line ("前の記事 ≪：<a>...</a>", "Next story: <a>...</a>")?"""
    prev = a.prev
    while prev is not None and prev.tag in ("-text", "#text") and not (prev.text_content or "").strip():
        prev = prev.prev
    if prev is None or (prev.tag not in ("-text", "#text") and prev.tag not in patterns.INLINE_TAGS):
        return False
    label = _label_text(prev)
    return 0 < len(label) <= patterns.RELATED_HEADING_MAX and bool(patterns.NEXT_PREV_TEXT.match(label))


def _off_topic_read_more(a: LexborNode, text: str, paragraphs: list[str],
                         body_stems: dict[str, set[str]]) -> bool:
    """Is the anchor a "READ MORE: <story>" line set in the text whose story shares no subject
    word with the article (the day's other news inserted between the paragraphs)?"""
    node = a
    prev = None
    for _ in range(3):  # the label: what comes right before the link (or its wrapper)
        prev = node.prev
        while prev is not None and not _label_text(prev):
            prev = prev.prev
        if prev is not None or node.parent is None or node.parent.tag in STOP_TAGS:
            break
        node = node.parent
    if prev is None:
        return False
    label = _label_text(prev).lstrip(_LEAD)
    if not label or len(label) > patterns.RELATED_HEADING_MAX \
            or patterns.RELATED_HEADING.match(label) is None:
        return False
    if "" not in body_stems:
        body_stems[""] = _stems(" ".join(paragraphs))
    return not _stems(text) & body_stems[""]


def _month(text: str | None) -> int | None:
    """year * 12 + month of a date at the start of a stated date (2019-03-05T...), or None."""
    found = patterns.STATED_MONTH.match(text) if text else None
    return int(found[1]) * 12 + int(found[2]) - 1 if found else None


def _url_month(url: str) -> int | None:
    """year * 12 + month of a date written in a URL's path (/2022/07/10/, /2019-03-05-...,
    /20220809-2413074/)."""
    found = patterns.URL_MONTH.search(url)
    return int(found[1]) * 12 + int(found[2] or found[3]) - 1 if found else None


def _article_month(page: Page) -> int | None:
    """The month the article was published in: its stated date, else the one in its URL."""
    stated = page.meta_first("article:published_time", "og:published_time", "datePublished",
                             "date", "pubdate")
    month = _month(stated[0]) if stated else None
    if month is None:
        art = page.article_object()
        value = art.get("datePublished") if art else None
        month = _month(value) if isinstance(value, str) else None
    if month is None:
        for url in (page.url, stated_url(page)):
            if url and (month := _url_month(url)) is not None:
                break
    return month


def _later_stories(group: list[LexborNode], month: int | None,
                   of: AnchorsOf = anchors_below) -> bool:
    """Are most of a block's dated stories (two or more, dated by their URLs) published long
    after the article? Then it is the site's latest stories, filled in when the page was
    saved, not the article's own links (pagesix's 2022 "More on" box under a 2016 story)."""
    if month is None:
        return False
    dated = later = 0
    for node in group:
        for a in of(node):
            item = _url_month(a.attrs.get("href") or "")
            if item is not None:
                dated += 1
                later += item - month > patterns.LATER_STORY_MONTHS
    return dated >= 2 and later * 2 > dated


def _jsonld_related(page: Page) -> Iterator[str]:
    art = page.article_object()
    if not art:
        return
    value = art.get("relatedLink")
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict) and isinstance(item.get("url"), str):
            yield item["url"]


OTHER_SITE = "\x00"  # a page site no host has: clean_link_url's same-site tests are skipped


def _front_page(href: str | None, page: Page, page_site: str) -> tuple[str, str] | None:
    """(url, key) of a same-site link that clean_link_url refuses only for its shape, a section
    front's (no query, two short slugs at most: _is_hub), not for being a file, an index path,
    a service page or the home page; None otherwise (links_permalinks: a post's permalink)."""
    if not page_site:
        return None
    url = clean_link_url(href, page, OTHER_SITE)  # every test but the same-site ones
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.query or _site(parts.hostname or "") != page_site or not _is_hub(parts.path) \
            or _service_page(parts.path):
        return None
    return url, _url_key(url)


# hard rules on top of the model: a block headed "Most read", "Latest", ... and, outside the
# text, one headed with the site's own name are site-wide feeds
SITE_WIDE = FEATURES.index("heading_site_wide")
SITE_NAMED = FEATURES.index("heading_site_name")


def _context(page: Page, paragraphs: list[str], lead_stems: set[str], page_site: str,
             anchors: list[LexborNode], scan: _Scan) -> PageContext:
    """What the block model compares a block against (see links_blocks.PageContext)."""
    order: dict[int, int] = {}
    href_count: dict[str, int] = {}
    for i, a in enumerate(anchors):
        order[a.mem_id] = i
        href = a.attrs.get("href") or ""
        href_count[href] = href_count.get(href, 0) + 1
    ctx = PageContext(body_stems=_stems(" ".join(paragraphs)), lead_stems=lead_stems,
                      site_names=_site_names(page), page_site=page_site, order=order,
                      href_count=href_count)
    if scan.container is not None:
        inside = [order[a.mem_id] for a in scan.container_anchors if a.mem_id in order]
        if inside:
            ctx.text_first, ctx.text_last = inside[0], inside[-1]
    return ctx


def per_link(step: Callable[..., None], item: object, page: Page, *args: str) -> None:
    """One link's step (an anchor read, an href cleaned and added), its failure its own: a bug
    on one odd href costs that link, never the page's other links (logged like the page's)."""
    try:
        step(item, *args)
    except Exception as exc:  # noqa: BLE001 - one link never takes the page's links down
        log.warning("related links: one link failed on %s: %s (skipped)", page.url,
                    type(exc).__name__)
        log.debug("related link traceback for %s", page.url, exc_info=True)


def _extract(page: Page, paragraphs: Iterable[str], model: LogisticModel | None = None,
             collect: list[tuple[list[float], list[str], str]] | None = None,
             body_text: str | None = None) -> list[Link]:
    """The links; ``model`` overrides the packaged block model, ``collect`` (training) receives
    each candidate block's features and the URLs it would give."""
    links: list[Link] = []
    body = page.tree.body
    if body is None:
        return links
    page_site = _page_site(page)
    seen: set[str] = set()
    for u in (page.url, page.base_url):
        if u:
            try:
                seen.add(_url_key(u))
            except ValueError:
                pass

    own = _self_pages(page)
    variants: dict[str, list[frozenset[str]]] = {}  # a kept page's path -> its queries

    cleaned: dict[str | None, tuple[str, str] | None] = {}  # href -> clean's answer (a page
    # links a story from its picture and its headline: each href is read once)

    def clean(href: str | None) -> tuple[str, str] | None:
        if href in cleaned:
            return cleaned[href]
        found = cleaned[href] = _clean(href)
        return found

    def mine(url: str) -> bool:  # the article itself, its parent, its next page, its share
        return _is_self(url, own) or _is_parent(url, own) or _is_next_page(url, own) \
            or _shares_page(url, own, page_site)

    def _clean(href: str | None) -> tuple[str, str] | None:
        url = clean_link_url(href, page, page_site)
        if url is None or mine(url):
            return None
        return url, _url_key(url)

    # does rel="bookmark" mean a post's permalink on this page? (read once, only if asked)
    permalinks_say = functools.cache(lambda: page.tree.root is not None
                                     and not marks_everything(page.tree.root))

    def front(href: str | None) -> tuple[str, str] | None:
        found = _front_page(href, page, page_site)
        return None if found is None or mine(found[0]) else found

    def add(href: str | None, text: str, kind: str, a: LexborNode | None = None,
            story: tuple[str, str] | None = None) -> None:
        found = story or clean(href)
        if found is None or found[1] in seen:
            return
        url, key = found
        if _repeat(key, url, variants):
            return
        host = urlsplit(url).hostname or ""
        if kind == "related" and _host_in(host, patterns.SOCIAL_HOSTS):
            return
        if story is None and (_named_index(url, text, page_site) or _own_profile(url, page_site)
                              or _query_named(url, text, page_site)
                              or _person_page(url, text, page_site)
                              or site_front(url, _site(host), page_site)):
            return
        if a is not None and _site(host) != page_site and _hidden(a, scan.matched_ids):
            return  # a link to another site hidden by its style: planted, not the page's
        seen.add(key)
        _note_variant(key, variants)
        links.append(Link(url=url, text=text or None, kind=kind))

    paragraphs = list(paragraphs)
    scan = _scan(body, paragraphs)
    closing = _closing_anchors(scan, _closing_dropped(scan, paragraphs, body_text))
    sentences: dict[int, list] = {}  # closing blocks read (_closing_sentence)
    chrome = _Chrome(scan)
    anchors = body.css("a[href]")
    # what the article is about, narrowly: its title and lead
    title = page.meta_first("og:title", "twitter:title")
    h1 = page.select_first("h1")  # the headline's and bylines' memoised walk
    lead_text = " ".join([title[0] if title else "", h1.text() if h1 is not None else "",
                          *paragraphs[:2]])
    lead_stems = _stems(lead_text)
    lead_words = functools.cache(lambda: subject_words(lead_text))  # (round 37: few blocks ask)
    of = AnchorMemo()  # each block's anchors, selected once (the steps below read them again)
    groups = _related_groups(page, body, scan, of)
    # the block model's view of the page, built when a block first needs it (its text's words
    # cost ~0.1 ms a page; a page whose blocks are all under chrome never reads them)
    context = functools.cache(
        lambda: _context(page, paragraphs, lead_stems, page_site, anchors, scan))

    block_model = model or load_model() if groups else None
    month = _article_month(page) if groups else None
    # candidates: anchor mem_id -> kind; only the anchors of related blocks, of the article
    # container(s) and of body paragraphs are looked at (not the page's navigation)
    kinds: dict[int, str] = {}
    sizes: dict[int, int] = {}
    for group, source in groups:
        if chrome.strong_above(group[0]):
            continue
        n = _distinct_links(group, of)
        inside = any(_inside(group[0], c) for c in scan.container_ids)
        inline = n == 1 and inside
        box_words = [_stems(a.text(deep=True, separator=" "))
                     for node in group for a in of(node)] if inline else []
        if inline and lead_stems \
                and len(set().union(*box_words)) >= patterns.STORY_BOX_SUBJECT_WORDS \
                and not any(words & lead_stems or len(words & context().body_stems) >= 2
                            for words in box_words):
            # a one-story box set in the text on another subject (the day's other news); a
            # link text naming no subject ("Click here") says nothing of it: not judged
            for node in group:
                for a in of(node):
                    kinds.setdefault(a.mem_id, "skip")
            continue
        if not inline and block_model is not None:
            ctx = context()
            features = block_features(group, ctx, source, inside, of)
            if collect is not None and source != SOURCE_TEASER:
                urls = [found[0] for node in group for a in of(node)
                        if collapse(a.text(deep=True)) and (found := clean(a.attrs.get("href")))]
                vetoes = "".join(flag for flag, on in (
                    ("T", _off_topic(group, ctx.body_stems, of=of)), ("W", features[SITE_WIDE]),
                    ("N", not inside and features[SITE_NAMED])) if on)
                collect.append((features, urls, f"{group[0].tag}.{_names(group[0])[:40]} "
                                f"[{block_heading(group[0])[:40]}] {vetoes}"))
            prob = block_model.probability(features)  # (once: the doubt tests below read it too)
            if not (prob >= block_model.threshold
                    or (permalink_list(group, features, prob, of) and permalinks_say())
                    or common_subject(group, lead_words(), prob, of)) \
                    or _off_topic(group, ctx.body_stems, of=of) \
                    or features[SITE_WIDE] or (not inside and features[SITE_NAMED]) \
                    or (source == SOURCE_TEASER and _off_topic(group, lead_stems, of=of)) \
                    or _later_stories(group, month, of) \
                    or generic_feed(group, block_heading(group[0]), lambda t: _on_topic_item(
                        t, lead_stems, lambda: ctx.body_stems), of):
                for node in group:  # not about the article: none of its links is the article's
                    for a in of(node):
                        kinds.setdefault(a.mem_id, "skip")
                continue
        kind = "inBody" if inline else "related"
        for node in group:
            for a in of(node):
                # an anchor in nested blocks belongs to the biggest (outer) one
                if sizes.get(a.mem_id, 0) < n:
                    kinds[a.mem_id] = kind
                    sizes[a.mem_id] = n
    # (the text's words: the block model's context has them when it was built)
    body_stems: dict[str, set[str]] = (
        {"": context().body_stems} if context.cache_info().currsize else {})

    def text_stems() -> set[str]:  # the text's words, read once if needed
        if "" not in body_stems:
            body_stems[""] = _stems(" ".join(paragraphs))
        return body_stems[""]

    kept = _kept_blocks(scan, paragraphs, body_text)  # the paragraphs the record's text holds
    kept_lines = kept_text(kept, scan.matched, scan.matched_ids, scan.parent_of)  # (links_kept)
    for root in [scan.container] if scan.container is not None else []:
        root_anchors = scan.container_anchors
        held = _anchors_held(root, root_anchors)  # each paragraph's anchors, for the link lines
        # an aside set in the text is chrome for in-body links (job ads, a feed of other
        # stories), except a box pointing to a single story: an inline read-this line
        for aside in root.css("aside"):
            if _distinct_links([aside]) == 1 and not chrome.strong_above(aside):
                for a in aside.css("a[href]"):
                    kinds.setdefault(a.mem_id, "text")
        # a box set in the text under a "Most popular" / "Latest" heading is a site-wide feed
        for head in root.css("h2, h3, h4, h5, h6"):
            label = collapse(head.text(deep=True, separator=" "))
            if not label or len(label) > patterns.RELATED_HEADING_MAX \
                    or patterns.SITE_WIDE_HEADING.match(label) is None:
                continue
            box = head.parent
            feed = [box] if box is not None and box.mem_id not in scan.container_line \
                and not scan.counts.get(box.mem_id, 0) else _following_blocks(head)
            for node in feed:
                for a in node.css("a[href]"):
                    kinds.setdefault(a.mem_id, "skip")
        # a list of stories set in the text that are not about the article (the day's other
        # news) is a site-wide feed: no in-body links from it
        for lst in root.css("ul, ol"):
            if _link_list(lst) and _link_share(lst) >= patterns.LINK_DOMINANT_SHARE \
                    and _off_topic([lst], lead_stems, text_stems):
                for a in lst.css("a[href]"):
                    kinds.setdefault(a.mem_id, "skip")
        for run in _link_line_runs(root, held):
            if _off_topic(run, lead_stems, text_stems):
                for node in run:
                    for a in node.css("a[href]"):
                        kinds.setdefault(a.mem_id, "skip")
        # single-story boxes of one shape dropped between the paragraphs: a feed of other
        # stories when most are off the subject; then only a box naming two subject words of
        # the title and lead stays (the 9News call: in-body when on the story's subject)
        for boxes in _story_box_sets(root, scan, held):
            if _off_topic(boxes, lead_stems, text_stems):
                for node in boxes:
                    for a in node.css("a[href]"):
                        if len(_stems(a.text(deep=True, separator=" ")) & lead_stems) \
                                < patterns.STORY_BOX_SUBJECT_WORDS:
                            kinds.setdefault(a.mem_id, "skip")
        # a container much longer than the text the body extractor found (a page-wide wrapper:
        # the text was mostly missed), or a table layout's cell (links_table), holds teasers
        # and feeds too: only anchors in its body paragraphs are the article's
        # (collapsing never lengthens a text: the raw length rules most containers out unread)
        wide = patterns.SPRAWLING_CONTAINER * max(1, sum(len(p) for p in paragraphs))
        sprawling = table_layout(root) \
            or (len(raw := root.text(deep=True, separator=" ")) > wide and len(collapse(raw)) > wide)
        prose: dict[int, bool] = {}
        # the body kept its text in a part of the container: anchors outside that part and
        # outside every kept block are in what the body dropped (a box, a column, a list)
        inner = _kept_container(scan, kept)
        for a in root_anchors:
            if a.mem_id not in kinds and not chrome.below_container(a) \
                    and not (sprawling and not _in_matched(a, scan) and not _in_prose(a, prose)):
                if inner is not None and kept is not None and _outside_kept(a, scan, kept, inner):
                    kinds[a.mem_id] = "skip"
                    continue
                kinds[a.mem_id] = "text"
    order: dict[int, int] = {}  # anchor mem_id -> page order, built when first needed
    for block in scan.matched:
        if _under(block.mem_id, scan, scan.container_ids):
            continue
        if kept is not None and not _under(block.mem_id, scan, kept):
            continue  # a paragraph outside the container that the body dropped from its text
        block_anchors = block.css("a[href]")
        if not block_anchors:
            continue
        if scan.container is not None and _link_share(block) >= LINK_LINE_SHARE \
                and _after_text(block_anchors[0], scan.container_anchors, anchors, order):
            continue  # a teaser's headline (with its kicker) after the text, taken for text
        if _teaser_blurb(block, block_anchors):
            continue  # a teaser's blurb under its linked headline, taken for text
        for a in block_anchors:
            if a.mem_id not in kinds and not chrome.below_container(a) \
                    and not chrome.strong_above(block):
                kinds[a.mem_id] = "text"
    if not kinds:
        for href in _jsonld_related(page):
            per_link(add, href, page, "", "related")
        return links

    boilerplate: dict[int, bool] = {}
    prose = {}  # (the same dict[int, bool] as above: a paragraph's anchors in running text)
    buttons: set[str] = set()  # next / previous story buttons' targets (URL keys)
    prose_blocks: dict[int, bool] = {}
    cells: dict[int, bool] = {}  # table cells read (_link_cell)
    table_era = functools.cache(lambda: old_page(body))  # read once a page, only if asked
    authors = functools.cache(lambda: author_names(page))  # (links_bio) once a page, if asked
    bios: dict[int, bool] = {}
    bio_closing = functools.cache(lambda: closing_paragraphs(scan.matched))  # (links_bio)
    def take(a: LexborNode) -> None:  # one anchor: its link, if it is one
        kind = kinds.get(a.mem_id)
        if kind is None or kind == "skip":
            return
        href = a.attrs.get("href")
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            return
        known = cleaned.get(href, _UNREAD)  # the href's URL when an earlier anchor read it
        if known is None and (kind != "related" or not bookmark(a) or not permalinks_say()):
            return  # no link's URL: every way below ends in add(), which drops it (but a
            # related post's permalink: links_permalinks)
        text = _anchor_text(a)
        if not text or patterns.SPONSORED_TEXT.match(text) or _widget_text(text):
            return
        if (patterns.NEXT_PREV_TEXT.match(text) or _next_prev_label(a)) and not _in_prose(a, prose):
            found = clean(href)
            if found is not None:
                buttons.add(found[1])
            return
        if known is not _UNREAD and known is not None and known[1] in seen:
            return  # a link kept already (its picture, then its headline): add() drops it
        if kind == "related":
            # (a permalink's link only when the anchor says bookmark: the page-wide rel walk of
            # permalinks_say is not run for the many related links that do not)
            add(href, text, "related", a,
                permalink_story(a, clean, front) if bookmark(a) and permalinks_say() else None)
            return
        if table_era() and title_case(text) and headline_line(a, _block_of(a)):
            return  # a headline line kept with an old page's text (links_prose)
        if kind == "text":
            if patterns.PROMO_ANCHOR.search(text):
                return  # a subscription / membership / donation call, not the text's link
            if widget_anchor(text, a):
                return  # a page's tool ("Comments", "More...", "Post to ..."; links_inbody)
            if trailing_box(a, scan.container_ids, kept_lines, closing):
                return  # a box after the text the body kept (a bio, a list of how-tos)
            block = _block_of(a)
            if block is not None and author_bio(block, authors(), bios, bio_closing()):
                return  # the author's bio kept with the text (links_bio)
            if _menu_item(a) and not _prose_block(block, prose_blocks):
                return
            if _link_cell(a, scan, cells):
                return  # a table cell of links beside the text (an inset, a sponsors' table)
            if block is not None:
                flag = boilerplate.get(block.mem_id)
                if flag is None:
                    block_text = block.text(deep=True, separator=" ")
                    flag = len(block_text) <= patterns.BOILERPLATE_TEXT_MAX and bool(
                        patterns.CREDIT_LINE.match(block_text)
                        or _link_boilerplate(line := collapse(block_text))
                        or _republished(line))
                    boilerplate[block.mem_id] = flag
                if flag:
                    return
            if len(text) >= MIN_KEY and _off_topic_read_more(a, text, paragraphs, body_stems):
                return
            if a.mem_id in closing and not _closing_sentence(a, closing[a.mem_id], sentences):
                return  # a closing line the body dropped as boilerplate (a promo, a teaser)
        add(href, text, "inBody", a)

    for a in anchors:
        if kinds.get(a.mem_id, "skip") != "skip":  # (a skipped one gives none: take not called)
            per_link(take, a, page)
    for href in _jsonld_related(page):
        per_link(add, href, page, "", "related")
    if buttons:  # a next / previous story is not the article's link wherever else it sits
        links[:] = [link for link in links if _url_key(link.url) not in buttons]
    return links


def extract_related_links(page: Page, paragraphs: Iterable[str],
                          body_text: str | None = None) -> list[Link]:
    """Links in the article text ("inBody") and in its related blocks ("related")."""
    try:
        return _extract(page, paragraphs, body_text=body_text)
    except Exception as exc:  # noqa: BLE001 - a field extractor never takes the record down
        # loud enough to be seen (a bug here silently empties a page's links); the type and the
        # page's address only, never its text (the traceback at DEBUG)
        log.warning("related links failed on %s: %s (no links kept)", page.url, type(exc).__name__)
        log.debug("related links traceback for %s", page.url, exc_info=True)
        return []
