"""Defusing hostile HTML before anything parses it, so extraction stays near-linear.

HTML parsers check scopes along the stack of open elements, so a page nested 100,000 deep costs
minutes in Lexbor (quadratic); half a million elements or multi-megabyte attribute values make
every later stage slow. Real article pages are far from these limits (the largest of 439 gold
pages has ~8,100 tags), so the guard costs nothing on them: the tag scan runs only past
SCAN_ABOVE_TAGS tags, or on a smaller page whose start tags outnumber its end tags by more than
MAX_DEPTH (unclosed inline tags: ~9,900 ``<b>`` cost seconds in Lexbor and in every walk that
reads a node's deep text; 5 of the 2,974 gold pages qualify, a scan costs them ~7 ms), and the
attribute scan only on pages over MAX_ATTRIBUTE characters.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger("scrapekit.extractors.guard")

MAX_CHARS = 20_000_000
"""Characters of HTML considered at all (the fetcher caps bodies at 10 MB by default)."""
MAX_TAGS = 50_000
MAX_DEPTH = 1_000
SCAN_ABOVE_TAGS = 10_000
MAX_ATTRIBUTE = 500_000

_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]{0,40})[^>]*?(/?)>")
_LONG_ATTRIBUTE = re.compile(r"\"[^\"<>]{%d,}\"|'[^'<>]{%d,}'" % (MAX_ATTRIBUTE, MAX_ATTRIBUTE))
# Elements that never nest (void) or are closed implicitly: they do not deepen the tree.
_FLAT = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "param", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td",
    "th", "thead", "tbody", "tfoot", "colgroup", "rt", "rp", "caption", "html", "head", "body",
    "!doctype",
})


def _cut_point(html: str) -> tuple[int | None, str]:
    """Where the page exceeds the tag-count or depth limit, if it does."""
    depth = 0
    tags = 0
    for m in _TAG.finditer(html):
        tags += 1
        if tags > MAX_TAGS:
            return m.start(), f"more than {MAX_TAGS} tags"
        name = m.group(2).lower()
        if name in _FLAT or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > MAX_DEPTH:
                return m.start(), f"nesting deeper than {MAX_DEPTH}"
    return None, ""


def defuse(html: str) -> str:
    """The page, truncated where it turns pathological, with giant attribute values emptied."""
    if len(html) > MAX_CHARS:
        log.info("page truncated at %d characters", MAX_CHARS)
        html = html[:MAX_CHARS]
    if len(html) > MAX_ATTRIBUTE:
        # a giant value holds no "<": only a run between two tags that long can carry one,
        # so the regex scans those runs alone (a page of ordinary tags costs one split)
        pieces = html.split("<")
        if any(len(piece) > MAX_ATTRIBUTE for piece in pieces):
            html = "<".join(_LONG_ATTRIBUTE.sub('""', piece) if len(piece) > MAX_ATTRIBUTE
                            else piece for piece in pieces)
    tags = html.count("<")
    if tags > SCAN_ABOVE_TAGS or tags - 2 * html.count("</") > MAX_DEPTH:
        cut, why = _cut_point(html)
        if cut is not None:
            log.info("page truncated: %s", why)
            html = html[:cut]
    return html
