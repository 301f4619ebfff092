"""Defusing hostile HTML before anything parses it, so extraction stays near-linear.

HTML parsers check scopes along the stack of open elements, so a page nested 100,000 deep costs
minutes in Lexbor (quadratic); half a million elements, formatting elements rebuilt into every
block, or multi-megabyte attribute values make every later stage slow. Real article pages are
far from these limits (of the 3,778 gold and fixture pages the largest has ~23,000 "<", 7 have
over 10,000; none is cut), so the guard costs them little: the tag scan (``_cut_point``, ~2 ms
on a typical page) runs only past SCAN_ABOVE_TAGS tags, or on a smaller page whose start tags
outnumber its end tags by more than MAX_DEPTH (unclosed inline tags: ~9,900 ``<b>`` once cost
seconds; 5 of the 2,974 body gold pages qualify), and the attribute scan only on pages over
MAX_ATTRIBUTE characters. The scan follows the parser's rules closely enough not to be fooled
by ``<b/>`` (it opens a b), end tags that close nothing, svg's "/>" outside svg, a run of "<a"
with no ">" (one pass, not one per "<"), or a quote or comment marker (tags inside comments,
scripts and attribute values are counted too). What the count can still miss: a page of fewer
than SCAN_ABOVE_TAGS tags that pads its unclosed tags with as many stray "</" (~5,000 of each)
is not scanned; Lexbor's parse then costs ~0.2 s, and the label walk (document.labelled_texts)
skips elements with many nodes below them, so the whole extraction stays ~0.2 s.
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
MAX_REBUILT = 100_000
"""Formatting elements the parser may rebuild: every block start (p, li, div, td, ...) while
n formatting elements (b, i, a, font, ...) are left open copies up to n of them into the new
block, so ~1,000 unclosed ``<b>`` each followed by a ``<p>`` make ~500,000 elements of an 18 KB
page. The scan adds up the open formatting elements at each block start and cuts the page past
this sum (the largest of the 3,778 gold and fixture pages: ~11,800; 99% stay under 250)."""

_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]{0,40})[^>]*?(/?)>")
_LONG_ATTRIBUTE = re.compile(r"\"[^\"<>]{%d,}\"|'[^'<>]{%d,}'" % (MAX_ATTRIBUTE, MAX_ATTRIBUTE))
# Elements that never nest (void) or are closed implicitly: they do not deepen the tree. Not li:
# the next li closes only its own list's (nested lists nest; see _cut_point).
_FLAT = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "param", "keygen", "p", "dt", "dd", "option", "optgroup", "tr", "td",
    "th", "thead", "tbody", "tfoot", "colgroup", "rt", "rp", "caption", "html", "head", "body",
})
_LISTS = frozenset({"ul", "ol", "menu"})
_LI_LOOKBACK = 50  # levels searched for the open li a new li closes (the scan stays linear)
_FORMATTING = frozenset({"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small",
                         "strike", "strong", "tt", "u"})
_BLOCK_STARTS = frozenset({"p", "li", "dd", "dt", "td", "th", "tr", "div", "table"})
_FOREIGN = frozenset({"svg", "math"})  # inside them "/>" closes any element
# HTML start tags that end svg / math content (the parser's "breakout" list): after one, "/>"
# no longer closes anything.
_BREAKOUT = frozenset({
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em",
    "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing",
    "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike",
    "sub", "sup", "table", "tt", "u", "ul", "var", "font",
})


def _cut_point(html: str) -> tuple[int | None, str]:
    """Where the page exceeds the tag-count or depth limit, if it does. The depth is counted as
    the parser builds the tree, leaning towards more: a stack of open elements, where an end tag
    closes its own element and the ones opened after it, an end tag with no open element of its
    name closes nothing, and "/>" closes only a void element or one inside svg/math
    (``<b/>`` opens a b). Tags inside comments, scripts and attribute values are counted as
    tags too (a quote or a comment marker cannot hide the tags after it; the deepest of the
    3,778 gold and fixture pages counts 272). An li closes the open li of its own list, so
    nested lists count two levels each. The search stops at the page's last ">", so a run
    of "<a" with no ">" after it costs one pass, not one per "<"."""
    stack: list[str] = []
    open_count: dict[str, int] = {}
    foreign = formatting = rebuilt = 0
    tags = 0

    def pop_to(index: int) -> None:
        nonlocal foreign, formatting
        for top in stack[index:]:
            open_count[top] -= 1
            if top in _FOREIGN:
                foreign = max(0, foreign - 1)
            if top in _FORMATTING:
                formatting -= 1
        del stack[index:]

    for m in _TAG.finditer(html, 0, html.rfind(">") + 1):
        tags += 1
        if tags > MAX_TAGS:
            return m.start(), f"more than {MAX_TAGS} tags"
        name = m.group(2).lower()
        if m.group(1):  # an end tag
            if name not in _FLAT and open_count.get(name):
                k = len(stack) - 1
                while stack[k] != name:  # as many steps as elements it closes
                    k -= 1
                pop_to(k)
            continue
        if foreign and name in _BREAKOUT:
            foreign = 0
        if name in _BLOCK_STARTS:
            rebuilt += formatting
            if rebuilt > MAX_REBUILT:
                return m.start(), f"more than {MAX_REBUILT} formatting elements to rebuild"
        if name == "li":  # closes the open li of its own list
            for k in range(len(stack) - 1, max(-1, len(stack) - 1 - _LI_LOOKBACK), -1):
                if stack[k] in _LISTS:
                    break
                if stack[k] == "li":
                    pop_to(k)
                    break
        elif name in _FLAT or (m.group(3) and foreign):
            continue
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if name in _FOREIGN:
            foreign += 1
        if name in _FORMATTING:
            formatting += 1
        if len(stack) > MAX_DEPTH:
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
