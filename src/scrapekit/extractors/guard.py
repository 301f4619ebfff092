"""Defusing hostile HTML before anything parses it, so extraction stays near-linear.

HTML parsers check scopes along the stack of open elements, so a page nested 100,000 deep costs
minutes in Lexbor (quadratic); half a million elements or multi-megabyte attribute values make
every later stage slow. Real article pages are far from these limits (of the 3,778 gold and
fixture pages the largest has ~23,000 "<", 7 have over 10,000), so the guard costs them little: the tag scan runs only past
SCAN_ABOVE_TAGS tags, or on a smaller page whose start tags outnumber its end tags by more than
MAX_DEPTH (unclosed inline tags: ~9,900 ``<b>`` once cost seconds in Lexbor and in every walk
that reads a node's deep text; 5 of the 2,974 body gold pages qualify, a scan costs them ~7 ms),
and the attribute scan only on pages over MAX_ATTRIBUTE characters. The scan follows the
parser's own rules closely enough not to be fooled by ``<b/>`` (it opens a b) or by end tags
that close nothing. What the count can still miss: a page of fewer than SCAN_ABOVE_TAGS tags
that pads its unclosed tags with as many stray "</" (~5,000 of each) is not scanned; Lexbor's
parse then costs ~0.2 s, and the label walk (document.labelled_texts) skips elements with many
nodes below them, so the whole extraction stays ~0.2 s.
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

_TAG = re.compile(r"<!--|<(/?)([a-zA-Z][^\s/>]{0,40})[^>]*?(/?)>")
_LONG_ATTRIBUTE = re.compile(r"\"[^\"<>]{%d,}\"|'[^'<>]{%d,}'" % (MAX_ATTRIBUTE, MAX_ATTRIBUTE))
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "param", "keygen", "!doctype",
})
# Elements that never nest (void) or are closed implicitly: they do not deepen the tree.
_FLAT = _VOID | frozenset({
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "rt", "rp", "caption", "html", "head", "body",
})
# Elements whose content is text, not tags, up to their own end tag.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                       "noframes", "plaintext"})
_RAW_END = {name: re.compile("</" + name, re.IGNORECASE) for name in _RAW_TEXT}
_FOREIGN = frozenset({"svg", "math"})  # inside them "/>" closes any element


def _cut_point(html: str) -> tuple[int | None, str]:
    """Where the page exceeds the tag-count or depth limit, if it does. The depth is counted as
    the parser builds the tree: a stack of open elements, where an end tag closes its own
    element and the ones opened after it, an end tag with no open element of its name closes
    nothing, "/>" closes only a void element or one inside svg/math (``<b/>`` opens a b),
    and comments and the text of script, style and the like hold no tags."""
    stack: list[str] = []
    open_count: dict[str, int] = {}
    foreign = 0
    tags = 0
    pos = 0
    search = _TAG.search
    while True:
        m = search(html, pos)
        if m is None:
            return None, ""
        pos = m.end()
        if m.group(2) is None:  # a comment: skip to its end
            close = html.find("-->", pos)
            if close < 0:
                return None, ""
            pos = close + 3
            continue
        tags += 1
        if tags > MAX_TAGS:
            return m.start(), f"more than {MAX_TAGS} tags"
        name = m.group(2).lower()
        if name in _FLAT:
            continue
        if m.group(1):  # an end tag
            if open_count.get(name):
                while True:
                    top = stack.pop()
                    open_count[top] -= 1
                    if top in _FOREIGN:
                        foreign -= 1
                    if top == name:
                        break
            continue
        if m.group(3) and foreign:
            continue
        if name in _RAW_TEXT:
            found = _RAW_END[name].search(html, pos)
            if found is None:
                return None, ""
            pos = found.start()
            continue
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if name in _FOREIGN:
            foreign += 1
        if len(stack) > MAX_DEPTH:
            return m.start(), f"nesting deeper than {MAX_DEPTH}"


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
