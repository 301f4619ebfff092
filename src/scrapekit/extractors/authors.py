"""Byline (as printed) and authors (normalised persons or agencies).

Evidence, strongest first:
1. the JSON-LD article's ``author`` (``name`` or given+family names, ``{"@id"}`` references
   resolved in the graph, nested lists flattened). It is an explicit statement, so an
   organisation is kept, even the site itself when it is the only credit ("ORF.at",
   "Associated Press"); next to real authors the site's own name is dropped;
2. the printed byline replaces it when it is more specific: JSON-LD names only the site (or an
   organisation, with the byline in the headline's block) and the byline names persons, or the
   byline lists the JSON-LD authors plus more persons; a one-word JSON-LD name the byline gives
   in full is completed;
3. without JSON-LD: the printed byline (rel=author, itemprop=author, byline/author elements,
   author-page links; not in comments, reviews, teasers, "more stories" lists, breadcrumbs or
   photo credits; the element naming the <meta> author when there is one), a name after an
   author label ("Autorin/Autor"), microdata, <meta> author keys, then an unmarked "By Jane
   Doe" line between the h1 and the text. Outside JSON-LD a name that is only the site's name
   is filler; label words ("Auteur", "Admin"), user names ("jane_doe") and dates are no names.
   Neither are relative times ("5 days ago"), weekdays, feed links ("RSS"), photo credits
   ("Photograph by ..."), a web agency in <meta> author, a link a byline prints before its
   "By" (the section) or in brackets after the name, a role after the first name ("Times
   Staff Writer") or the same writer printed again ("Jane Doe, Associated Press Jane Doe").
The byline is the element that names the chosen authors, as printed ("By AFP"): its "By" line,
without the date, reading time, e-mail or handle printed after the names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborNode

from ..record import Author
from . import patterns
from .document import (BYLINE_ANY, Page, block_ancestors, in_foreign_item, labelled_texts, ld_text,
                       types_of)
from .headline import heading_text, label_matches, rendered_lines, site_names
from .text import collapse, fold

MAX_BYLINE = 200
_MONTH_WORDS = "|".join(sorted({fold(n) for names in patterns.MONTH_NAMES.values() for n in names
                                if fold(n)}, key=len, reverse=True))
_DATE_WORDS = re.compile(rf"^(?:(?:{_MONTH_WORDS})\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTH_WORDS}))\b")
# the trailing run is tried only where a run starts (from every position of a long run of
# separators inside the name, it was quadratic)
_EDGE_PUNCT = re.compile(r"^[\s,;:|\-\u2013\u2014.·•/]+"
                         r"|(?<![\s,;:|\-\u2013\u2014·•/])[\s,;:|\-\u2013\u2014·•/]+$")
MAX_RAW_NAME = 1000
"""A credit longer than this is no byline (a name is at most 80 characters); unbounded <meta>
and JSON-LD values are refused before the cleaning regexes see them."""


def clean_name(raw: str) -> str:
    """'By Jane Doe, Staff Writer' -> 'Jane Doe' ('' for a credit too long to be one)."""
    if len(raw) > MAX_RAW_NAME:
        return ""
    name = _EDGE_PUNCT.sub("", collapse(raw))  # "| By Jane Doe"
    for _ in range(2):
        name = patterns.BYLINE_PREFIX.sub("", name)
    name = patterns.AUTHOR_TRAILING_DATE.sub("", name)
    name = re.sub(r"\(.*?\)|\[.*?\]", " ", name)
    bare = collapse(patterns.AUTHOR_ROLES.sub(" ", name))
    # "Guardian staff reporter", "BR24 Redaktion": the role with one word is the credit itself
    name = bare if len(bare.split()) != 1 or bare == collapse(name) else name
    name = patterns.AUTHOR_SUFFIXES.sub("", collapse(name))
    name = _EDGE_PUNCT.sub("", collapse(name))
    words = name.split()
    half = len(words) // 2
    if half >= 2 and len(words) == 2 * half and words[:half] == words[half:]:
        name = " ".join(words[:half])  # "Hans Pennink Hans Pennink": printed twice
    return collapse(name)


def is_name(name: str, sites: set[str]) -> bool:
    """A person or agency name (not a site-name filler, an e-mail, a URL, a date, a sentence)."""
    if not name or not any(c.isalpha() for c in name):
        return False
    if len(name.split()) > patterns.AUTHOR_MAX_WORDS or len(name) > 80:
        return False
    if patterns.NOT_A_NAME.search(name) or patterns.AUTHOR_CREDENTIALS.match(name):
        return False
    key = fold(name)
    if key in patterns.NOT_NAME_WORDS or "_" in name or _DATE_WORDS.match(key):
        return False  # a label ("Auteur"), a user name ("jane_doe"), a date ("December 20")
    return key not in sites


def looks_like_person(name: str) -> bool:
    """'Jemima Kelly', 'Dr. Max Kolter', '松岡大地' - not 'Agenturen', 'sid/dpa', 'amw'."""
    if not name or any(c.isdigit() for c in name) or "/" in name:
        return False
    if all("\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7a3" for c in name):
        return 2 <= len(name) <= 4  # CJK / Hangul personal names
    words = name.split()
    if not 2 <= len(words) <= 5:
        return False
    for word in words:
        letters = [c for c in word if c.isalpha()]
        if not letters:
            return False
        if not letters[0].isupper() and word.lower() not in patterns.NAME_PARTICLES:
            return False
    return True


_HOST_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$")  # top-level domain in lower case


def _user_name(name: str) -> bool:
    """A site's user name ("morocco4life", "jdoe"): one word, with a digit or no capital."""
    return len(name.split()) == 1 and (any(c.isdigit() for c in name) or name.islower())


def split_names(text: str) -> list[str]:
    """Split a byline into the pieces naming one author each."""
    text = patterns.BYLINE_PREFIX.sub("", collapse(text))
    return [p for p in patterns.AUTHOR_SPLIT.split(text) if p and p.strip()]


def _only_role(piece: str) -> bool:
    """A role with at most one other word ("Times Staff Writer", "Radio Writer"), or a short
    description ending with a role ("AP White House Correspondent", "Associated Press Writer -
    2 hours ago": the relative time cut first)."""
    piece = collapse(patterns.AUTHOR_TRAILING_DATE.sub("", collapse(piece)))
    roles = list(patterns.AUTHOR_ROLES.finditer(piece))
    if not roles:
        return False
    if len(collapse(patterns.AUTHOR_ROLES.sub(" ", piece)).split()) <= 1:
        return True
    return roles[-1].end() >= len(piece.rstrip(" .")) and len(piece.split()) <= 5


def _authors_from(raws: list[tuple[str, str | None, bool]], sites: set[str],
                  split_sites: set[str] | None = None) -> list[Author]:
    """raws: (text, url, split?) -> authors, deduplicated, non-names dropped. ``split_sites``:
    the site names to reject in the 2nd+ piece of a split entry (default: ``sites``)."""
    out: list[Author] = []
    seen: set[str] = set()
    for raw, url, split in raws:
        if patterns.PHOTO_CREDIT.match(raw):
            continue  # "Photograph by Jane Doe, Agency": the picture's credit
        pieces = (split_names(raw) or [raw]) if split else [raw]
        for i, piece in enumerate(pieces):
            if i > 0 and out and _only_role(piece):
                continue  # "Karen Kaplan, Times Staff Writer": the first name's role
            name = clean_name(piece)
            key = fold(name)
            reject = sites if i == 0 else (sites if split_sites is None else split_sites)
            if not key or key in seen or not is_name(name, reject):
                continue
            if i > 0 and any(f" {k} " in f" {key} " for k in seen):
                continue  # "Jane Doe, Associated Press Jane Doe": the same writer again
            if i > 0 and out and _HOST_NAME.match(name):
                continue  # "Paul Gorst | Goal.com": the site's host name after the writer
            if i > 0 and split_sites is None and key.split()[0] in sites and len(key.split()) > 1:
                continue  # "David Straub, MDR THÜRINGEN": the site's desk after the person
            words = name.split()
            if i > 0 and len(words) >= 2 and not any(w[:1].isupper() for w in words):
                continue  # "Jane Doe, university professor": a description, not a second name
            if (split_sites is None and i == len(pieces) - 1 and i > 0 and len(words) == 1
                    and name.isalpha() and name[:1].isupper() and name[1:].islower()
                    and out and (looks_like_person(out[-1].name) or _user_name(out[-1].name))):
                continue  # "Von Anna Sleegers, Frankfurt", "Posted by jdoe4, Morocco": the
                # dateline's or the poster's place, not an author
            seen.add(key)
            out.append(Author(name=name, name_raw=collapse(piece) or None, url=url))
    return out


# -- JSON-LD -----------------------------------------------------------------------------------

def _ld_name(item: dict[str, Any]) -> str:
    name = ld_text(item.get("name"))
    if not name:
        given, family = ld_text(item.get("givenName")), ld_text(item.get("familyName"))
        name = collapse(f"{given} {family}")
    return name


def _flat_items(value: Any, depth: int = 0) -> list[Any]:
    if isinstance(value, list) and depth < 3:
        return [x for item in value for x in _flat_items(item, depth + 1)]
    return [value]


def _jsonld_raws(page: Page, base: Any) -> list[tuple[str, str | None, bool]]:
    raws: list[tuple[str, str | None, bool]] = []
    by_id: dict[str, dict[str, Any]] | None = None
    for item in _flat_items(base)[:20]:
        if isinstance(item, dict) and not _ld_name(item) and isinstance(item.get("@id"), str):
            if by_id is None:  # {"@id": ...} points at a Person elsewhere in the graph
                by_id = {o["@id"]: o for o in page.jsonld if isinstance(o.get("@id"), str)}
            item = by_id.get(item["@id"], item)
        if isinstance(item, str):
            text = ld_text(item)
            if text and not text.startswith(("http://", "https://", "/")):
                raws.append((text, None, True))
        elif isinstance(item, dict):
            name = _ld_name(item)
            if not name:
                continue
            url = item.get("url") or item.get("@id") or item.get("sameAs")
            if isinstance(url, list):
                url = url[0] if url else None
            url = page.absolute(url) if isinstance(url, str) and url.startswith(("http", "/")) else None
            # an organisation's name is one name ("Le Figaro et AFP"); a person entry may hold two
            raws.append((name, url, not (types_of(item) & patterns.ORG_TYPES)))
    return raws


def _jsonld_authors(page: Page) -> list[Author]:
    art = page.article_object()
    value = art.get("author") if art else None
    if not value and art is not None:
        value = art.get("creator")
    if not value:
        return []
    sites = site_names(page)
    authors = _authors_from(_jsonld_raws(page, value), set(), sites)
    # the site's own name next to real authors is the publisher tagging along; alone, it is
    # the credit the publisher gives (kept: "ORF.at", "Associated Press")
    named = [a for a in authors if fold(a.name) not in sites]
    return named or authors


# -- printed byline -------------------------------------------------------------------------------

_ALL_BYLINE_SELECTORS = BYLINE_ANY
_SKIP_TAGS = frozenset({"meta", "link", "script", "style", "body", "html", "time", "img",
                        "noscript", "template", "svg", "button", "form", "input"})


def _text(node: LexborNode) -> str:
    return heading_text(node)


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
        if not prefixed and len({fold(_text(n)) for n in node.css(patterns.BYLINE_NAME_SELECTOR)}) >= 2:
            break  # co-authors' name elements: the block holding them all is the byline
        node = (prefixed or inner)[0]
    return node


def _excluded(node: LexborNode) -> bool:
    """A byline in a comment, a review, a teaser or a quote, by class/id or by microdata type."""
    return (any(label_matches(n, patterns.BYLINE_EXCLUDE) for n in block_ancestors(node, 8))
            or in_foreign_item(node))


def _ancestors(node: LexborNode, levels: int) -> set[int]:
    out: set[int] = set()
    current = node.parent
    for _ in range(levels):
        if current is None:
            break
        out.add(current.mem_id)
        current = current.parent
    return out


def _listed_classes(page: Page) -> set[tuple[str | None, str]]:
    """(tag, class) of byline elements that name 3+ different people in separate blocks: the
    bylines of a list of other articles (teaser cards, "recommended stories"), not this one's.
    Co-authors' names sit together in one byline block and do not count (memoised)."""
    cached = page.cache.get("byline_lists")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    groups: dict[tuple[str | None, str], list[LexborNode]] = {}
    for node in page.select(_ALL_BYLINE_SELECTORS)[:80]:
        groups.setdefault((node.tag, node.attributes.get("class") or ""), []).append(node)
    lists: set[tuple[str | None, str]] = set()
    for key, nodes in groups.items():
        names = {fold(collapse(n.text(deep=True, separator=" "))) for n in nodes}
        names.discard("")
        if len(names) < patterns.BYLINE_LIST_NAMES:
            continue
        shared = set.intersection(*(_ancestors(n, 3) for n in nodes))
        if not shared:
            lists.add(key)
    page.cache["byline_lists"] = lists
    return lists


def _near_headline(page: Page, node: LexborNode) -> bool:
    """Does the node sit in the block of the page's first <h1> (a common ancestor at most
    BYLINE_NEAR_H1 levels up, below <body>)?"""
    key = "h1_ancestors"
    if key not in page.cache:
        h1 = page.select_first("h1")
        page.cache[key] = _ancestors(h1, 60) if h1 is not None else set()
    h1_block: set[int] = page.cache[key]
    current = node.parent
    for _ in range(patterns.BYLINE_NEAR_H1):
        if current is None or current.tag in ("body", "html"):
            return False
        if current.mem_id in h1_block:
            return True
        current = current.parent
    return False


def _byline_candidates(page: Page, keys: list[str] | None = None) -> Iterator[tuple[LexborNode, str]]:
    """(node, folded text) of byline-looking elements, in selector order, at most 16. Elements
    of a list of other articles' bylines are left out, unless they name one of ``keys`` (the
    folded names the page states in its metadata)."""
    seen: set[int] = set()
    lists = _listed_classes(page)
    for selector, _weight in patterns.BYLINE_SELECTORS:
        for node in page.select(selector)[:8]:
            if node.mem_id in seen or node.tag in _SKIP_TAGS:
                continue
            if lists and (node.tag, node.attributes.get("class") or "") in lists \
                    and not _near_headline(page, node) and not (
                        keys and any(k in fold(node.text(deep=True, separator=" ")) for k in keys)):
                seen.add(node.mem_id)
                continue
            seen.add(node.mem_id)
            text = collapse(node.text(deep=True, separator=" "))
            if (not text or len(text) > MAX_BYLINE or not any(c.isalpha() for c in text)
                    or patterns.PHOTO_CREDIT.match(text) or _excluded(node)):
                continue
            yield node, fold(text)
            if len(seen) >= 16:
                return


def _byline_node(page: Page, names: list[str] | None = None) -> LexborNode | None:
    """The printed byline: the first byline element naming one of ``names`` (the JSON-LD
    authors) when given, else the first one that names someone."""
    keys = [k for k in (fold(n) for n in names or ()) if k]
    sites = site_names(page)
    fallback: LexborNode | None = None
    for node, text in _byline_candidates(page, keys):
        if keys and any(k in text for k in keys):
            return _narrow(node)
        if fallback is None:
            narrowed = _narrow(node)
            if _authors_from(_dom_raws(page, narrowed), sites):
                fallback = narrowed
                if not keys:
                    return fallback
    return fallback


def _dom_raws(page: Page, node: LexborNode) -> list[tuple[str, str | None, bool]]:
    """The pieces of a byline naming its authors: its links (those marked as the author's when
    some are), else the rendered line that starts with "By" (not the affiliation and date lines
    after it), else its whole text."""
    anchors = node.css("a[href]")
    if len(anchors) > 1:
        marked = [a for a in anchors if _author_link(a, node)]
        anchors = marked or anchors
    links = [(_text(a), page.absolute(a.attributes.get("href"))) for a in anchors]
    links = [(t, u) for t, u in links if t and not patterns.NOT_A_NAME.search(t)]
    if len(links) > 1:
        texts = [t for t, _ in links]
        links = [(t, u) for t, u in links if _credits_name(_text(node), t, texts)]
    if links:
        return [(t, u, True) for t, u in links]
    text = _byline_line(node) or _text(node)
    marker = patterns.BYLINE_PREFIX.match(text)
    end = patterns.BYLINE_ON_DATE.search(text, marker.end()) if marker else None
    # "Posted by Jane on March 3 in News": the names end at " on " (clean_name cuts a date)
    return [(text[:end.start()] if end is not None else text, None, True)]


_AUTHOR_LINK_CLASS = re.compile(r"\b(?:author|vcard|fn)\b", re.IGNORECASE)


def _author_link(anchor: LexborNode, block: LexborNode) -> bool:
    """A link marked as the author's: rel=author, or in an author / vcard element inside the
    byline block (not the block's own class)."""
    if "author" in (anchor.attributes.get("rel") or "").lower().split():
        return True
    current: LexborNode | None = anchor
    while current is not None and current.mem_id != block.mem_id:
        if _AUTHOR_LINK_CLASS.search(current.attributes.get("class") or ""):
            return True
        current = current.parent
    return False


_BY_MARKER = re.compile(r"(?:^|[^\w])(?:by|von|par|por)\s*:?\s+(?=\w)", re.IGNORECASE)


def _credits_name(text: str, link: str, links: list[str]) -> bool:
    """Is a link in a byline one of its names? Not when the byline prints it before its "By"
    ("TECHNOLOGY | 8 Hours Ago By Jane Doe": the section), after the names ("Posted by Jane on
    March 3 in News, Sports": the categories), in another credit ("| Photos by Ann Poe") or in
    brackets after the name ("By: jdoe (Diary)": the kind of post)."""
    if f"({link})" in text or f"[{link}]" in text:
        return False
    # the other credits blanked out (same length, so positions hold)
    blanked = patterns.OTHER_CREDIT.sub(lambda m: " " * len(m.group(0)), text)
    if link in text and link not in blanked:
        return False
    marker = _BY_MARKER.search(blanked)
    if marker is None:
        return True
    if link not in blanked:
        return marker.start() == 0  # the link's text printed otherwise in the block
    return link in _names_after(blanked[marker.end():], links)


def _names_after(text: str, links: list[str]) -> str:
    """The names printed after a byline's "By" (``links``: the byline's link texts): up to its
    date, " on " before it, or " in " before a link (the post's date and categories)."""
    ends = [patterns.BYLINE_ON_DATE.search(text), patterns.BYLINE_TAIL.search(text)]
    ends += [m for m in patterns.BYLINE_IN.finditer(text)
             if any(text.startswith(t, m.end()) for t in links)][:1]
    for end in ends:
        if end is not None and end.start() > 0 and not end.group(0).lstrip().startswith("@"):
            text = text[:end.start()]
    return text


def _full_names(stated: list[Author], printed: list[Author]) -> list[Author]:
    """A one-word name ("Jane") that the printed byline gives in full ("Jane Doe"): the full
    name, with the stated author's URL."""
    out = []
    for author in stated:
        key = fold(author.name)
        full = [p for p in printed if len(key.split()) == 1 and len(fold(p.name).split()) >= 2
                and fold(p.name).split()[0] == key and looks_like_person(p.name)]
        out.append(Author(name=full[0].name, name_raw=full[0].name_raw, url=author.url or full[0].url)
                   if len(full) == 1 else author)
    return out


def _byline_line(node: LexborNode) -> str | None:
    """In a byline block of several lines (name, affiliation, date), the one starting "By"."""
    lines = rendered_lines(node)
    prefixed = [line for line in lines if patterns.BYLINE_PREFIX.match(line)]
    return prefixed[0] if prefixed and len(lines) > 1 else None


def _as_printed(node: LexborNode) -> str:
    """The byline as printed: its "By" line, without the date or time printed after the
    names ("By AFP \u00b7 3 May 2023" -> "By AFP")."""
    text = _byline_line(node) or _text(node)
    cut = patterns.BYLINE_TAIL.sub("", text)
    return cut if cut and any(c.isalpha() for c in cut) else text


def _ld_organisations(page: Page) -> set[str]:
    """Folded names of the JSON-LD article's authors typed as organisations."""
    art = page.article_object()
    value = (art.get("author") or art.get("creator")) if art else None
    return {fold(_ld_name(item)) for item in _flat_items(value)[:20]
            if isinstance(item, dict) and types_of(item) & patterns.ORG_TYPES}


def _labelled_raws(page: Page) -> list[tuple[str, str | None, bool]]:
    """The name printed after an author label ("<strong>Autorin/Autor</strong> Jane Doe"),
    outside comments, teasers and quotes."""
    for node, text in labelled_texts(page, patterns.AUTHOR_LABELS):
        text = collapse(text)
        if text and len(text) <= MAX_BYLINE and not _excluded(node):
            return [(text, None, True)]
    return []


def _by_after_headline(page: Page) -> list[tuple[str, str | None, bool]]:
    """A "By Jane Doe" line printed in an unmarked element between the <h1> and the first
    paragraph of text: persons' names only (each piece two to five capitalised words)."""
    start = page.html.find("</h1>")
    if start < 0:
        return []
    window = page.html[start:start + patterns.BY_LINE_WINDOW]
    body = patterns.TEXT_PARAGRAPH_HTML.search(window)
    window = window[:body.start()] if body else window
    for m in patterns.BY_LINE_HTML.finditer(window):
        pieces = [clean_name(p) for p in split_names(m.group(1))]
        if pieces and all(looks_like_person(p) and is_name(p, site_names(page)) for p in pieces):
            return [(m.group(1), None, True)]
    return []


def _meta_authors(page: Page, sites: set[str]) -> list[Author]:
    """Persons named by the first <meta> author key that names any (no URLs, no handles)."""
    for key in patterns.AUTHOR_META_KEYS:
        values = [v for v in page.meta.get(key, ()) if not v.strip().startswith(("http", "@", "/"))
                  and not patterns.META_AUTHOR_COMPANY.search(v)]
        authors = _authors_from([(v, None, True) for v in values], sites)
        if authors:
            return authors
    return []


def extract_byline_authors(page: Page) -> tuple[str | None, list[Author], str | None, str | None]:
    """(byline, authors, byline source, authors source); memoised on the page (the related
    links' step asks for the authors again: links_bio)."""
    found = page.cache.get("byline_authors")
    if found is None:
        found = page.cache["byline_authors"] = _byline_authors(page)
    byline, authors, byline_source, authors_source = found
    return byline, list(authors), byline_source, authors_source


def _byline_authors(page: Page) -> tuple[str | None, list[Author], str | None, str | None]:
    sites = site_names(page)
    ld_authors = _jsonld_authors(page)
    stated = ld_authors or _meta_authors(page, sites)
    node = _byline_node(page, [a.name for a in stated])
    byline = _as_printed(node) if node is not None else None
    byline_source = "dom" if byline else None

    printed = _authors_from(_dom_raws(page, node), sites) if ld_authors and node is not None else []
    orgs = _ld_organisations(page)
    if printed and all(
            fold(a.name) in sites or (fold(a.name) in orgs and node is not None
                                      and _near_headline(page, node))  # (printed implies a node)
            for a in ld_authors):
        # JSON-LD names only the site, or an organisation (a publisher, a group) where the
        # headline's block prints a byline: a printed personal byline is more specific
        if all(looks_like_person(a.name) for a in printed):
            return byline or None, printed, byline_source, "dom"
    if printed:
        # the printed byline lists the JSON-LD authors and more persons: it is the fuller list
        known = {fold(a.name) for a in ld_authors}
        extra = [a for a in printed if fold(a.name) not in known]
        if extra and known <= {fold(a.name) for a in printed} and all(
                looks_like_person(a.name) for a in extra):
            return byline or None, printed, byline_source, "dom"
        ld_authors = _full_names(ld_authors, printed)
    if ld_authors:
        return byline or None, ld_authors, byline_source, "jsonld"
    candidates: list[tuple[list[tuple[str, str | None, bool]], str]] = []
    if node is not None:
        candidates.append((_dom_raws(page, node), "dom"))
    if node is None:
        labelled = _labelled_raws(page)
        if labelled:
            candidates.append((labelled, "dom"))
    micro = page.microdata.get("author")
    if micro:
        candidates.append(([(v, None, True) for v in micro[:5]], "microdata"))
    meta = _meta_authors(page, sites)
    if meta:
        candidates.append(([(a.name, None, False) for a in meta], "meta"))
    if node is None:
        candidates.append((_by_after_headline(page), "dom"))
    for raws, source in candidates:
        authors = _authors_from(raws, sites)
        if authors:
            return byline or None, authors, byline_source, source
    return byline or None, [], byline_source, None
