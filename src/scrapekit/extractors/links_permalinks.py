"""A related list's posts with short slugs (the twenty-ninth round). A blog that gives its posts
root-level permalinks (/french-bread/, /hoppin-john/, /lancia-stratus/) lists them in its
"Related posts" beside longer ones; by its shape alone such a path is a section front (two short
slugs at most, no digit: links._is_hub), and a post titled by its slug reads as an entity page
named by its text (links._named_index), so the block's right links were dropped. The anchor
says what it is: ``rel="bookmark"`` marks a post's permalink (HTML's link type; sections and
tags are ``rel="category tag"``). Inside a block judged related, such an anchor's link is a
post whatever its shape: not a section front, nor an entity page named by its text (a post
titled "What Is Pinterest?" at /what-is-pinterest/); every other test of a URL (files, index
paths, pagination, share and sign-up links, the site's service pages and home page) still
applies. And a block the model refused in doubt that says it is related by its heading and its
class, most of whose items are such permalinks, is a related-posts plugin's list: related
(:func:`permalink_list`)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from . import patterns
from .links_anchors import AnchorsOf, up_from
from .links_blocks import FEATURES

HEADING_RELATED = FEATURES.index("heading_related")
CLASS_RELATED = FEATURES.index("class_related")
ELSEWHERE = FEATURES.index("elsewhere")


def bookmark(a: LexborNode) -> bool:
    """Does the anchor call its link a permalink (rel="bookmark")?"""
    rel = a.attrs.get("rel") or ""
    return patterns.PERMALINK_REL in rel.lower().split()


def marks_everything(root: LexborNode) -> bool:
    """Does the page's theme put ``rel="bookmark"`` on links that are no post's: one in its
    navigation (patterns.CHROME_TAGS, wherever it is), in a header or footer that is not an
    article's own (themes put the post's "Posted on" permalink there), or one to a home page
    ("/", "./" or a URL whose path is "/")? Then the mark says nothing about a link (the rules
    here stay off). Asked once a page, and only of a page with a related block holding such a
    link."""
    for a in root.css("a[rel]"):
        if not bookmark(a):
            continue
        parts = urlsplit((a.attrs.get("href") or "").strip())
        if not parts.query and (parts.path in ("/", "./") or (parts.netloc and not parts.path)):
            return True
        if _in_chrome(a):
            return True
    return False


def _in_chrome(a: LexborNode) -> bool:
    """Is the anchor in the page's chrome: a nav (or another chrome tag) anywhere above it, or a
    header / footer whose nearest sectioning element is no ``<article>``?"""
    box: LexborNode | None = None  # the nearest header or footer above the anchor
    for node in up_from(a.parent):
        if node.tag in patterns.CHROME_TAGS and node.tag not in SECTION_EDGES:
            return True
        if box is None and node.tag in SECTION_EDGES:
            box = node
        elif box is not None and node.tag in SECTIONING:
            return node.tag != "article"
    return box is not None  # the page's own header or footer


SECTION_EDGES = frozenset({"header", "footer"})
SECTIONING = frozenset({"article", "section", "aside", "nav"})


Found = Callable[[str | None], tuple[str, str] | None]  # an href's (url, key), or None


def permalink_story(a: LexborNode, clean: Found, front: Found) -> tuple[str, str] | None:
    """(url, key) of a related block's ``rel="bookmark"`` anchor's link, a post's (the caller
    skips the tests that read a link as an index page by its text): ``clean``'s answer, or,
    when ``clean`` refused it, ``front``'s (links: a same-site link refused only for its
    shape, a section front's). None for any other anchor."""
    if not bookmark(a):
        return None
    href = a.attrs.get("href")
    found = clean(href)
    return found if found is not None else front(href)


def permalink_list(group: list[LexborNode], features: list[float], probability: float,
                   of: AnchorsOf) -> bool:
    """Is a block the model refused in doubt a list of posts by their permalinks: it says it
    is related by its heading and by its class (links_blocks features), the model's probability
    is at least patterns.PERMALINK_LIST_PROBABILITY, and most of its items (two or more) are
    ``rel="bookmark"`` links (a related-posts plugin's list, not a feed of the site: none of
    its items is linked again elsewhere on the page, as a "Recent posts" list would)?"""
    if probability < patterns.PERMALINK_LIST_PROBABILITY \
            or not features[HEADING_RELATED] or not features[CLASS_RELATED] \
            or features[ELSEWHERE]:  # its items linked again on the page: a feed of the site's
        return False
    items: dict[str, bool] = {}
    for node in group:
        for a in of(node):
            href = (a.attrs.get("href") or "").split("#")[0]
            if href:
                items[href] = items.get(href, False) or bookmark(a)
    return len(items) >= patterns.PERMALINK_LIST_MIN_ITEMS \
        and sum(items.values()) * 2 > len(items)
