"""Link blocks: is a block of links (a related box, a teaser strip, a "most read" feed) about
this article? A small learned model decides from the block's features.

The features (``block_features``) describe a candidate block found by the rules of links.py:
what its heading says ("Related", "Most read", "Mehr zum Thema", the site's own name: tables in
patterns/links.py), what its class / id words say, how many items it holds, whether the items
carry dates, how many of them share subject words with the article's title, lead and text (a
related block shares words with the article; a site-wide feed does not), where it sits
(inside the article text, right after it, far below, a sidebar), its link density, and whether
its links also appear elsewhere on the page (navigation, other feeds).

The model (models/links_blocks.json, trained by ``python -m benchmarks.links_train`` on the
labelled pages of tests/fixtures/links) is a logistic regression (links_model.py): a weight per
standardised feature. Inference is pure Python, the file is read once, lazily. A block is kept as related
only when the model is confident (its threshold favours precision: an empty relatedLinks is a
smaller harm than a wrong one).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborNode

from . import patterns
from .document import css_first_below
from .links_anchors import AnchorsOf, anchors_below
from .links_classhead import classed_heading
from .links_model import LogisticModel, load
from .text import collapse

MODEL_FILE = "links_blocks.json"
HEADINGS = "h1, h2, h3, h4, h5, h6, [class*=heading i], [class*=title i], [class*=header i]"
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# the stems themselves: the first RELATED_STEM letters of the words of RELATED_WORD_MIN or more
# (one group, so that no whole word is built only to be cut; needs RELATED_WORD_MIN >= RELATED_STEM)
if patterns.RELATED_WORD_MIN < patterns.RELATED_STEM:
    raise ValueError("patterns.RELATED_WORD_MIN must be at least patterns.RELATED_STEM")
_LONG_WORD = re.compile(rf"(\w{{{patterns.RELATED_STEM}}})\w{{{patterns.RELATED_WORD_MIN - patterns.RELATED_STEM},}}")
_DIGIT = re.compile(r"\d")  # every printed date has one: a cheap test before ITEM_DATE
MIN_ITEM_TEXT = 16
MAX_ITEMS_LOOKED = 8     # items whose box is read for a date / an image
# up to this many characters stems() runs its regex over the whole text (one C pass: ~10-25%
# cheaper than the distinct words' path on texts of a page's size); a longer one (a 20 MB
# one-node page repeats its words) goes over its distinct words only
STEMS_DIRECT_MAX = 50_000
MAX_ITEM_TEXT = 200      # characters of an item's box searched for a date
ITEM_MARKS = "time, img, picture"  # what says an item is dated / has an image (block_features)
# how a candidate block was found: class name, heading, story cards set in the text
SOURCE_CLASS, SOURCE_HEADING, SOURCE_TEASER = 0, 1, 2

FEATURES = (
    "bias_inline",           # 1 when the block sits inside the article container
    "after_text",            # block starts after the container's last link (document order)
    "before_text",           # block ends before the container's first link
    "distance",              # anchors between the container's end and the block, / all anchors
    "position",              # block's first anchor / all anchors
    "in_sidebar",            # an aside / sidebar-ish ancestor (weak chrome)
    "from_heading",          # found by a heading, not by a class name
    "heading_related",       # heading says related / read more / mehr zum thema ...
    "heading_site_wide",     # heading says most read / latest / popular ...
    "heading_site_name",     # heading names the site itself ("More from Pitchfork")
    "heading_none",          # no heading found
    "class_related",         # class / id says related, similar, recommend, read-more ...
    "class_not_related",     # class / id says trending, popular, latest, promo ...
    "class_feed",            # class / id says feed, teaser, widget, list, stream, grid ...
    "log_items",             # log(1 + distinct linked items)
    "few_items",             # 1 or 2 items
    "many_items",            # more than 8 items
    "topical_body",          # share of items sharing a subject word with the article text
    "topical_lead",          # share of items sharing a subject word with the title and lead
    "topical_none",          # no item shares a word with the article text
    "dated_items",           # share of items carrying a date / time
    "same_site",             # share of items on the article's own site
    "link_density",          # linked text / all text of the block
    "elsewhere",             # share of items linked again outside the block
    "item_words",            # log(1 + mean words per item text)
    "images",                # share of items with an image
    "overlap_body",          # mean share of an item's subject words found in the article text
    "overlap_lead",          # mean share of an item's subject words found in the title and lead
)


def stems(text: str) -> set[str]:
    """Content-word stems of a text: the first letters of its longer words, case-folded. A
    script written without spaces (Chinese, Japanese) has no words to cut: its stems are the
    pairs of adjacent kanji / katakana (hiragana are mostly particles and endings)."""
    # over the distinct words only (a match never spans white space, so the same stems): a
    # page's paragraphs repeat most of their words, and one huge text node is read once. A
    # word of letters and digits only (str.isalnum: the characters the regex's \w takes, the
    # underscore aside) is one match, its first letters: sliced, not searched; only the other
    # words (punctuation, underscores inside) go through the regex
    if len(text) <= STEMS_DIRECT_MAX:  # (a page's text: one regex pass is cheaper still)
        return _cjk_pairs(text, set(_LONG_WORD.findall(text.casefold())) - patterns.STOP_WORDS)
    out: set[str] = set()
    odd: list[str] = []
    for word in set(text.casefold().split()):
        if len(word) >= patterns.RELATED_WORD_MIN:  # (a shorter word holds no match)
            if word.isalnum():
                out.add(word[:patterns.RELATED_STEM])
            else:
                odd.append(word)
    if odd:
        out.update(_LONG_WORD.findall(" ".join(odd)))
    return _cjk_pairs(text, out - patterns.STOP_WORDS)


def _cjk_pairs(text: str, out: set[str]) -> set[str]:
    """``out`` with the text's pairs of adjacent kanji / katakana added (:func:`stems`)."""
    if text.isascii() or not patterns.CJK_CHAR.search(text):
        return out
    for run in patterns.CJK_RUN.findall(text):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


def search_folded(regex: re.Pattern[str], twin: re.Pattern[str], text: str,
                  folded: str | None) -> bool:
    """Does the case-insensitive ``regex`` find a match in ``text``? Asked of its case-sensitive
    ``twin`` (patterns.*_FOLDED) on ``folded``, the text lower-cased, when it is ASCII (None:
    not ASCII, the regex itself; :func:`fold_ascii`)."""
    return (twin.search(folded) if folded is not None else regex.search(text)) is not None


def fold_ascii(text: str) -> str | None:
    """The text lower-cased when it is ASCII (what the patterns' *_FOLDED twins read), else None."""
    return text.lower() if text.isascii() else None


def names(node: LexborNode) -> str:
    """The names a block gives itself: class, id, aria-label, data-* component names, rel."""
    attrs = node.attributes
    return " ".join(v for v in (attrs.get(a) for a in patterns.RELATED_ATTRS) if v)


def link_share(node: LexborNode, anchors: list[LexborNode] | None = None) -> float:
    """Share of the node's text that is link text. ``anchors``: the node's anchors with an href
    when the caller has them (``node.css("a[href]")``'s answer, a selector parse saved)."""
    total = len(collapse(node.text(deep=True, separator=" ")))
    if anchors is None:
        anchors = node.css("a[href]")
    if not total:
        return 1.0 if anchors else 0.0
    linked = sum(len(collapse(a.text(deep=True, separator=" "))) for a in anchors)
    return min(1.0, linked / total)


def block_heading(node: LexborNode) -> str:
    """The text of the first heading / title label inside a block (or its previous sibling: an
    h1-h6 or an element classed as a heading, links_classhead)."""
    head = css_first_below(node, HEADINGS)  # (not the block itself: a "related-titles" list)
    if head is None:
        prev = node.prev
        while prev is not None and (prev.tag or "").startswith(("-", "#", "_")):
            prev = prev.prev
        head = prev if prev is not None and (prev.tag in HEADING_TAGS or classed_heading(prev)) \
            else _first_label(node)
    return collapse(head.text(deep=True, separator=" "))[:80] if head is not None else ""


def _first_label(node: LexborNode) -> LexborNode | None:
    """The block's first element, a few levels down, when it is a short label with no link
    (<div class="relatedstoriestop">Related Stories</div> as the box's first line)."""
    current = node
    for _ in range(3):
        child = current.child
        while child is not None and (child.tag or "").startswith(("-", "#", "_")):
            child = child.next
        if child is None:
            return None
        if child.css_first("a[href]") is None:
            text = collapse(child.text(deep=True, separator=" "))
            return child if 0 < len(text) <= patterns.RELATED_HEADING_MAX else None
        current = child
    return None


@dataclass
class PageContext:
    """What the block features compare against: the article's words, the site's names, the
    page's anchors in document order, and where the article's own links sit in that order."""
    body_stems: set[str]
    lead_stems: set[str]
    site_names: tuple[str, ...]
    page_site: str
    order: dict[int, int]                   # anchor mem_id -> index in document order
    href_count: dict[str, int]              # href -> anchors on the page
    text_first: int = -1                    # first / last anchor index inside the container
    text_last: int = -1


def _items(group: list[LexborNode], of: AnchorsOf = anchors_below) -> tuple[dict[str, str], dict[str, LexborNode], list[int],
                                               dict[str, int]]:
    """The block's linked items: href -> longest anchor text, href -> that anchor, the
    anchors' document positions, href -> anchors in the block."""
    texts: dict[str, str] = {}
    nodes: dict[str, LexborNode] = {}
    in_block: dict[str, int] = {}
    positions: list[int] = []
    for node in group:
        for a in of(node):
            raw = a.attrs.get("href") or ""
            href = raw.split("#")[0]
            if not href:
                continue
            in_block[raw] = in_block.get(raw, 0) + 1
            text = a.text(deep=True, separator=" ")
            if len(text) >= len(texts.get(href, "")):
                texts[href] = text
                nodes[href] = a
            positions.append(a.mem_id)
    return texts, nodes, positions, in_block


def _item_box(a: LexborNode, stop: LexborNode) -> LexborNode:
    """The item around an anchor: its list item / card, up to three levels, below ``stop``."""
    box = a
    for _ in range(3):
        parent = box.parent
        if parent is None or parent.mem_id == stop.mem_id:
            break
        box = parent
        if box.tag in ("li", "article"):
            break
    return box


def _ancestor_level(node: LexborNode, levels: int, test: Any) -> bool:
    current: LexborNode | None = node
    for _ in range(levels):
        if current is None or current.tag in ("body", "html"):
            return False
        if test(current):
            return True
        current = current.parent
    return False


def _feed_name(node: LexborNode) -> bool:
    own = names(node)
    return search_folded(patterns.FEED_CLASS, patterns.FEED_CLASS_FOLDED, own, fold_ascii(own))


def _sidebar(node: LexborNode) -> bool:
    if node.tag == "aside":
        return True
    attrs = node.attributes
    cls, id_ = attrs.get("class") or "", attrs.get("id") or ""
    return search_folded(patterns.SIDEBAR_CLASS, patterns.SIDEBAR_CLASS_FOLDED, cls, fold_ascii(cls)) \
        or search_folded(patterns.SIDEBAR_CLASS, patterns.SIDEBAR_CLASS_FOLDED, id_, fold_ascii(id_))


def block_features(group: list[LexborNode], ctx: PageContext, source: int,
                   inline: bool, of: AnchorsOf = anchors_below) -> list[float]:
    """The feature vector of a candidate block (see FEATURES); ``of``: a node's anchors with
    an href (a memo when the caller has one)."""
    first = group[0]
    texts, anchors, positions, in_block = _items(group, of)
    items = {h: t for h, t in texts.items() if collapse(t)}
    n = len(items)
    n_anchors = max(1, len(ctx.order))
    idx = sorted(ctx.order[m] for m in positions if m in ctx.order)
    start = idx[0] if idx else 0
    end = idx[-1] if idx else 0
    after = ctx.text_last >= 0 and start > ctx.text_last
    before = ctx.text_first >= 0 and end < ctx.text_first
    if after:
        distance = (start - ctx.text_last) / n_anchors
    elif before:
        distance = (ctx.text_first - end) / n_anchors
    else:
        distance = 0.0
    heading = block_heading(first)
    folded = heading.casefold().replace(" ", "")
    site_named = bool(heading) and any(name.replace(" ", "") in folded for name in ctx.site_names)
    own = " ".join(names(node) for node in group)
    up = first.parent
    for _ in range(2):
        if up is None or up.tag in ("body", "html"):
            break
        own += " " + names(up)
        up = up.parent
    own_folded = fold_ascii(own)
    long_items = [t for t in items.values() if len(t) >= MIN_ITEM_TEXT]
    topical_body = topical_lead = overlap_body = overlap_lead = 0.0
    if long_items:
        item_stems = [stems(t) for t in long_items]
        topical_body = sum(bool(s & ctx.body_stems) for s in item_stems) / len(long_items)
        topical_lead = sum(bool(s & ctx.lead_stems) for s in item_stems) / len(long_items)
        overlap_body = sum(len(s & ctx.body_stems) / len(s) for s in item_stems if s) / len(long_items)
        overlap_lead = sum(len(s & ctx.lead_stems) / len(s) for s in item_stems if s) / len(long_items)
    dated = images = looked = 0
    for href, a in anchors.items():
        if href not in items:
            continue
        looked += 1
        if looked > MAX_ITEMS_LOOKED:
            break
        box = _item_box(a, first.parent or first)
        box_text = box.text(deep=True, separator=" ")[:MAX_ITEM_TEXT]
        # the item's time and picture elements in one selection (each css call parses its
        # selector again: two calls an item cost more than the walk of a small box)
        marks = {node.tag for node in box.css(ITEM_MARKS)}
        if "time" in marks or (_DIGIT.search(box_text) is not None
                               and patterns.ITEM_DATE.search(box_text)):
            dated += 1
        if "img" in marks or "picture" in marks:
            images += 1
    same = 0
    for href in items:
        host = href.split("//", 1)[1].split("/", 1)[0].lower() if "//" in href[:8] else ""
        if not host or (ctx.page_site and (host == ctx.page_site
                                            or host.endswith("." + ctx.page_site))):
            same += 1
    elsewhere = sum(ctx.href_count.get(h, 0) > c for h, c in in_block.items())
    words = sum(len(t.split()) for t in items.values()) / n if n else 0.0
    density = sum(link_share(node, of(node)) for node in group) / len(group)
    sidebar = any(_ancestor_level(node, 6, _sidebar) for node in group[:1])
    return [
        float(inline), float(after), float(before), min(1.0, distance), start / n_anchors,
        float(sidebar), float(source == SOURCE_HEADING),
        float(bool(patterns.RELATED_HEADING.match(heading))),
        float(bool(patterns.SITE_WIDE_HEADING.match(heading))),
        float(site_named), float(not heading),
        float(search_folded(patterns.RELATED_CLASS, patterns.RELATED_CLASS_FOLDED, own, own_folded)),
        float(search_folded(patterns.NOT_RELATED_CLASS, patterns.NOT_RELATED_CLASS_FOLDED, own,
                            own_folded)),
        float(any(_ancestor_level(node, 3, _feed_name) for node in group[:1])),
        math.log1p(n), float(n <= 2), float(n > 8),
        topical_body, topical_lead, float(bool(long_items) and topical_body == 0.0),
        dated / min(n, MAX_ITEMS_LOOKED) if n else 0.0, same / n if n else 0.0, density,
        elsewhere / max(1, len(in_block)), math.log1p(words),
        images / min(n, MAX_ITEMS_LOOKED) if n else 0.0,
        overlap_body, overlap_lead,
    ]


def load_model() -> LogisticModel | None:
    """The packaged block model, read once (None when unusable: the rules decide alone)."""
    return load(MODEL_FILE, FEATURES)
