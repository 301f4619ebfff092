"""Article body: the main text, one paragraph per block, blank line between paragraphs.

trafilatura (fast mode: no readability/justext fallback; favour recall; reached through
scrapekit.adapters.trafilatura) finds the main content; scrapekit walks its block tree
(paragraph, heading, list item, table row) and:

- appends the article's later chunks when the layout cut it into same-class sibling blocks
  that the extractor stopped before (body_dom.continuation; a chunk of 150+ words: a shorter
  one is a notice, a footer or the first comments);
- gives each short block its DOM element's share of link text (body_dom.link_shares, one walk
  over the page's links on the selectolax tree already parsed);
- drops what trafilatura keeps but a reader would not call article text: paragraphs and list
  items that are one link's text (related-story teasers) and a heading introducing them; runs
  of short link-dense lines and menu rows (navigation, story lists); menu lines (short items
  between bars or bullets); a box of links under the article (a line naming it, "Related
  stories", "Lire aussi", and the list items and short lines after it); table debris; a short line
  between two dropped ones (jusText-style context); a heading that opens the body and repeats
  the title, or repeats the description near the top (the standfirst); boilerplate lines (share
  prompts, newsletter sign-ups, "Read more", "Related:", follow-us and contact lines, photo
  credits, copyright notices, paywall notices, pagination, licence/donation boxes, polls, site
  footers, affiliate disclosures, reprint bans, blog software's trackback and tag lines);
  standalone date lines; repeats of the headline, byline or date strings; reader
  comments under the article (from a comment-section heading or the second comment signature);
- the learned block model (body_model.py: 60 shallow trees trained on the tuning split of the
  body gold sets, shipped as package data) scores every block the rules keep, from its length,
  link share, punctuation, stop words, kind, position, neighbours and the rules' verdicts on
  them; a block it is confident is not article text goes too (old table layouts' label rows,
  widget and footer lines the rules do not name; a table row needs a higher score than other
  blocks). It never empties a body;
- the site's footer under the article (site_footer): a copyright notice after the body's last
  long prose paragraph opens it; the kept lines after the notice, and the lines right before
  it that end no sentence (menus, contact and address lines), go;
- an old table layout's cell flattened into one row with the article (trim_rows): an opening
  row that holds the page's head (a form of the title, then a date) before the text is cut
  after it; a long row that ends in the site's copyright footer is cut before it;
- second opinion: when the result holds under 15% of the page's text outside links (a teaser
  or side box was taken for the article), trafilatura's full default cascade is asked, and its
  result (same cleaning) wins with twice the words, unless it holds most of our body (then it is
  the same text with more of the page around it: author box, side column, other posts);
- a lead the fast extractor left out (with_lead, body_dom.lead_paragraphs): prose right before
  the body's first paragraph in the DOM (a bold lead before the first <p>, a first paragraph in
  another container), not the page's description, goes before the body;
- "when unsure, return null": a short body that is all text of the page's footer, navigation
  or side boxes is no article (null).

Fallbacks, in order, when that leaves nothing: the blocks with only the line rules applied, the
JSON-LD ``articleBody``, article HTML shipped in Next.js flight-data scripts, the paragraphs of
the DOM element holding the most paragraph words (readability-style; for HTML lxml cannot read).
Measured by ``python -m benchmarks.body`` (fixed tuning/validation split by site, every body
gold set); every rule is a table in patterns/body.py.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..adapters import trafilatura as traf
from . import patterns
from .body_dom import (continuation, densest_paragraphs, last_paragraph_node, lead_paragraphs,
                       link_shares, page_words, script_html_paragraphs)
from .body_model import block_features, load_model
from .document import Page
from .text import LIST_MARK, collapse, fold

log = logging.getLogger("scrapekit.extractors.body")


@dataclass(frozen=True)
class Body:
    text: str | None
    paragraphs: tuple[str, ...]
    """Paragraphs as the main-content extractor found them, before boilerplate removal
    (the link extractor uses them to locate the article container in the DOM)."""
    source: str | None


@dataclass(frozen=True)
class Block:
    """One paragraph of the extracted content."""

    text: str
    kind: str
    """trafilatura's element: p, head, item (list item), row (table row), quote, code, ..."""
    link_ratio: float
    """Share of the block's text inside links (1.0: the block is one link's text)."""


# -- main content: trafilatura ------------------------------------------------------------------

def _unit_blocks(unit, kind: str, out: list[Block]) -> None:  # type: ignore[no-untyped-def]
    for line in traf.unit_text(unit).split("\n"):
        line = collapse(line)
        if line:
            out.append(Block(line, kind, 0.0))


def blocks_from_tree(body) -> list[Block]:  # type: ignore[no-untyped-def]
    """trafilatura's output tree (``Document.body``) as a list of blocks."""
    out: list[Block] = []
    if body is None:
        return out
    if body.text and body.text.strip():
        out.append(Block(collapse(body.text), "p", 0.0))
    for child in body:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "list":
            items = [c for c in child if c.tag == "item"]
            if items:
                for item in items:
                    _unit_blocks(item, "item", out)
                continue
        if child.tag == "table":
            rows = list(child.iter("row"))
            if rows:
                for row in rows:
                    _unit_blocks(row, "row", out)
                continue
        _unit_blocks(child, child.tag, out)
    return out


_EDGE_CHARS = "".join(chr(c) for c in range(0x2030) if not chr(c).isalnum())
_EDGE_SET = frozenset(_EDGE_CHARS)


def link_key(text: str) -> str:
    """Comparison key of a block or link text: lower case, collapsed, no edge punctuation."""
    key = " ".join(text.split()).lower()
    # key.strip(_EDGE_CHARS), by set lookups: str.strip scans its 2,490 characters for each
    # edge character it tests (~0.9 us a key)
    start, end = 0, len(key)
    while start < end and key[start] in _EDGE_SET:
        start += 1
    while end > start and key[end - 1] in _EDGE_SET:
        end -= 1
    return key[start:end] if start or end < len(key) else key


def _may_be_link_block(b: Block) -> bool:
    return (b.kind in ("p", "item") and len(b.text) <= patterns.BODY_LINK_BLOCK_MAX_CHARS
            and len(b.text.split()) >= patterns.BODY_LINK_BLOCK_MIN_WORDS)


def dom_key(text: str) -> str:
    """link_key of a block's text without table-cell bars and a list-item dash (the key of the
    DOM element it came from)."""
    text = text.replace("|", " ").lstrip()
    return link_key(text[len(LIST_MARK):] if text.startswith(LIST_MARK) else text)


def mark_links(blocks: list[Block], page: Page) -> list[Block]:
    """Blocks whose whole text is the text of one of the page's links get link_ratio 1; short
    blocks get their DOM element's share of link text."""
    keys = [dom_key(b.text) for b in blocks]
    short = [len(k.split()) <= patterns.BODY_LINK_SHARE_MAX_WORDS for k in keys]
    wanted = {link_key(b.text) for b in blocks if _may_be_link_block(b)}
    wanted.discard("")
    shares, found = link_shares(page, {k for k, s in zip(keys, short) if s and k}, dom_key,
                                wanted, link_key)
    if shares:
        blocks = [Block(b.text, b.kind, max(b.link_ratio, shares.get(k, 0.0))) if s else b
                  for b, k, s in zip(blocks, keys, short)]
    if not found:
        return blocks
    return [Block(b.text, b.kind, 1.0) if _may_be_link_block(b) and link_key(b.text) in found
            else b for b in blocks]



def _trafilatura_blocks(page: Page) -> list[Block]:
    return blocks_from_tree(traf.main_content(page))


# -- cleaning -----------------------------------------------------------------------------------

def _combine(rules: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One case-sensitive regex for a table of rules, matched against the lower-cased line
    (Python's re skips its literal-prefix search under IGNORECASE: ~3x slower)."""
    return re.compile("|".join(f"(?:{rx.pattern})" for rx in rules))


_DROP_LINE = _combine(patterns.BODY_DROP_LINES)
_DROP_SHORT_LINE = _combine(patterns.BODY_DROP_SHORT_LINES)


def _is_boilerplate(text: str) -> bool:
    low = text.lower()
    if _DROP_LINE.match(low):  # every rule there is anchored at the start
        return True
    if _is_copyright_line(low):
        return True
    if _is_notice(low):
        return True
    return (len(low) <= patterns.BODY_SHORT_LINE
            and any(k in low for k in patterns.BODY_SHORT_LINE_KEYWORDS)
            and _DROP_SHORT_LINE.search(low) is not None)


def _is_copyright_line(low: str) -> bool:
    """Is this lower-cased line a copyright footer (at most BODY_COPYRIGHT_MAX_WORDS words, the
    notice where a footer puts it: :func:`_is_copyright_notice`)?"""
    return (("©" in low or "(c)" in low or "copyright" in low)
            and at_most_words(low, patterns.BODY_COPYRIGHT_MAX_WORDS)
            and _is_copyright_notice(low))


def _is_copyright_notice(low: str) -> bool:
    """A copyright notice in this lower-cased line (BODY_COPYRIGHT_LINE) where a footer puts
    it: near the start of the line or of a segment of it (after a bar or bullet: at most
    BODY_COPYRIGHT_HEAD_WORDS words before it, "All content is © 2008"), closing it (at most
    BODY_COPYRIGHT_TAIL_WORDS words follow: the holder's name), or with "rights reserved".
    A sentence about a copyright ("the photo, marked (c) 2019 Reuters, was used without a
    licence") has it in its middle."""
    m = patterns.BODY_COPYRIGHT_LINE.search(low)
    if m is None:
        return False
    if "rights reserved" in low:
        return True
    head = low[:m.start()]
    for mark in patterns.BODY_COPYRIGHT_SEGMENT_MARKS:
        head = head.rpartition(mark)[2]
    return (len(head.split()) <= patterns.BODY_COPYRIGHT_HEAD_WORDS
            or len(low[m.end():].split()) <= patterns.BODY_COPYRIGHT_TAIL_WORDS)


def _is_notice(low: str) -> bool:
    """A site notice (BODY_NOTICE_LINE) in this lower-cased line of at most
    BODY_NOTICE_MAX_WORDS words."""
    if len(low) > LONG_LINE and not at_most_words(low, patterns.BODY_NOTICE_MAX_WORDS):
        return False  # a long text: one bounded count instead of a scan per keyword
    for k in patterns.BODY_NOTICE_KEYWORDS:  # a loop: cheaper than any() over a generator
        if k in low:
            return (at_most_words(low, patterns.BODY_NOTICE_MAX_WORDS)
                    and patterns.BODY_NOTICE_LINE.search(low) is not None)
    return False


def _is_date_line(text: str) -> bool:
    if len(text) > patterns.BODY_DATE_LINE_MAX or not patterns.BODY_DATE_LINE.search(text):
        return False
    rest = re.findall(r"[^\W\d_]{2,}", patterns.BODY_DATE_WORDS.sub(" ", text))
    return len(rest) <= patterns.BODY_DATE_LINE_LEFTOVER


def _is_link_block(b: Block) -> bool:
    """A paragraph or list item that is all link: a teaser for another page (not a heading,
    which may be a linked product or section name, nor a bare URL the article cites)."""
    return (b.link_ratio >= patterns.BODY_LINK_BLOCK_RATIO and _may_be_link_block(b)
            and not patterns.BODY_URL_LINE.match(b.text))


def _is_link_dense(b: Block) -> bool:
    """A short block mostly made of link text: navigation, a list of other stories."""
    if b.link_ratio < patterns.BODY_LINK_DENSE_RATIO or patterns.BODY_URL_LINE.match(b.text):
        return False
    words = len(dom_key(b.text).split())
    return (words <= patterns.BODY_LINK_DENSE_MAX_WORDS
            or (b.link_ratio >= patterns.BODY_LINK_MENU_RATIO
                and words <= patterns.BODY_LINK_SHARE_MAX_WORDS))


def _is_menu_line(b: Block) -> bool:
    """Short items between separators: "Home | News | Archives | Contact" (see BODY_MENU_*);
    a table row's cells are not items (a data table), a bar inside a cell ("\\|") is."""
    text = b.text
    for c in patterns.BODY_MENU_SEPARATOR_CHARS:
        if c in text:
            break
    else:
        return False
    if b.kind == "row":
        text = " ".join(c for c in text.replace("\\|", "\x00").split("|") if c.strip())
        text = text.replace("\x00", "|")
    items = [x for x in patterns.BODY_MENU_SEPARATOR.split(text) if x.strip()]
    if len(items) < patterns.BODY_MENU_MIN_ITEMS:
        return False
    return sum(len(x.split()) for x in items) <= patterns.BODY_MENU_MAX_AVG_WORDS * len(items)


def _link_box_tail(blocks: list[Block], why: list[int]) -> None:
    """Drop (as LINK) a box of links under the article: a line naming it (BODY_BOX_LABEL) and
    the run of short link lines that follows it (list items or short lines mostly made of link
    text), up to the first line that is not one."""
    labels = [i for i, b in enumerate(blocks)
              if len(b.text) <= patterns.BODY_BOX_LABEL_MAX_CHARS
              and len(b.text.split()) <= patterns.BODY_BOX_LABEL_MAX_WORDS
              and patterns.BODY_BOX_LABEL.match(b.text.strip().lower())]
    if not labels:
        return
    before = [0]  # before[i]: the kept words of blocks[:i] (prefix sums)
    for b, w in zip(blocks, why):
        before.append(before[-1] + (0 if w else len(b.text.split())))
    total = before[-1]
    n = len(blocks)
    done = boxed = 0  # blocks before index done belong to a box already (boxed: their words)
    for i in labels:
        if i < done or before[i] - boxed < patterns.BODY_BOX_AFTER_SHARE * total:
            continue
        j = i + 1
        while j < n and _is_box_item(blocks[j]):
            why[j] = why[j] or LINK
            j += 1
        if j > i + 1:
            why[i] = why[i] or INTRO
            boxed += before[j] - before[i]
            done = j


def _is_box_item(b: Block) -> bool:
    """A line of a box of links: a list item or short line that is mostly link text (a short
    paragraph of the article after a line that merely reads like a label is not)."""
    return (b.kind in ("item", "p") and b.link_ratio >= patterns.BODY_BOX_ITEM_LINK_RATIO
            and len(b.text.split()) <= patterns.BODY_BOX_ITEM_MAX_WORDS)


def _dense_run(dense: list[bool], i: int) -> bool:
    """Is block i next to another link-dense block (navigation comes in runs; one linked line
    between paragraphs is a product or a source the article names)?"""
    return (i > 0 and dense[i - 1]) or (i + 1 < len(dense) and dense[i + 1])


def _core(b: Block) -> str:
    """A block's text for the line rules: a table row's cells joined (no bars)."""
    if b.kind != "row":
        return b.text
    return " ".join(c.strip() for c in b.text.split("|") if c.strip())


def _cells(text: str) -> int:
    """Non-empty table cells in a row's text ("| a | | b |": 2)."""
    return sum(1 for c in text.split("|") if c.strip())


_ALNUM = re.compile(r"[^\W_]")


def _is_debris(text: str) -> bool:
    """Layout left-overs: a table row or line with no letter or digit ("| | |")."""
    return _ALNUM.search(text) is None


def _words(text: str) -> set[str]:
    return set(fold(text).split())


def _similar(a: set[str], b: set[str]) -> bool:
    """Word overlap (share of the smaller set) at least BODY_TITLE_OVERLAP."""
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= patterns.BODY_TITLE_OVERLAP


def _is_prefix_of_any(key: str, texts: list[str]) -> bool:
    """key equals one of texts, or one of them is key cut short ("...")."""
    for t in texts:
        if key == t or (len(t) >= 40 and key.startswith(t)):
            return True
    return False


def _near_length(n: int, lengths: list[int]) -> bool:
    """Could a text of n characters fold to the same key as one of these lengths?"""
    return any(abs(n - m) <= m // 3 + 10 for m in lengths)


# Why a block was dropped by the rules (block_reasons); KEPT: not dropped. The learned block
# model (body_model.py) reads these codes as features: keep their values stable.
KEPT, TITLE, STANDFIRST, LINK, DENSE, DEBRIS, BOILERPLATE, DATE, REPEAT, INTRO, CONTEXT, \
    COMMENTS = range(12)


def block_reasons(blocks: list[Block], skip: Iterable[str | None],
                  titles: Iterable[str | None] = (),
                  descriptions: Iterable[str | None] = ()) -> list[int]:
    """For each block, KEPT or the code of the first rule that drops it (see the module doc;
    arguments as for :func:`select_blocks`)."""
    skips: list[str] = [s for s in skip if s]
    skip_keys = {fold(s) for s in skips}
    skip_keys.discard("")
    skip_lens = [len(s) for s in skips]
    n = len(blocks)
    why = [KEPT] * n
    top = [i for i, b in enumerate(blocks[: patterns.BODY_TOP_BLOCKS]) if b.kind == "head"]
    if top:  # folding titles and descriptions costs: only when a heading opens the body
        title_words = [w for w in (_words(t) for t in (*skips[:1], *titles) if t) if w]
        desc_keys = [k for k in (fold(d) for d in descriptions if d) if k]
        for i in top:
            text = blocks[i].text
            if i == 0 and any(_similar(_words(text), w) for w in title_words):
                why[i] = TITLE
            elif desc_keys and _is_prefix_of_any(fold(text), desc_keys):
                why[i] = STANDFIRST
    dense = [_is_link_dense(b) for b in blocks]
    for i, b in enumerate(blocks):
        if why[i]:
            continue
        if _is_link_block(b):
            why[i] = LINK
        elif dense[i] and (_dense_run(dense, i) or _cells(b.text) >= 3):
            why[i] = DENSE
        elif _is_debris(b.text):
            why[i] = DEBRIS
        elif _is_menu_line(b):
            why[i] = DENSE
        elif _is_boilerplate(_core(b)):
            why[i] = BOILERPLATE
        elif _is_date_line(_core(b)):
            why[i] = DATE
        elif _near_length(len(b.text), skip_lens) and fold(b.text) in skip_keys:
            why[i] = REPEAT
    # a heading (or short line) that only introduces dropped link blocks goes with them
    for i, b in enumerate(blocks):
        if why[i] or not at_most_words(b.text, patterns.BODY_INTRO_MAX_WORDS):
            continue
        j = i + 1
        if j < n and why[j] and _is_link_block(blocks[j]):
            if b.kind == "head" or b.text.isupper():
                why[i] = INTRO
    # a short line between two dropped lines is part of the same menu, list or box
    dropped = [bool(w) for w in why]
    for i in range(1, n - 1):
        if (not why[i] and dropped[i - 1] and dropped[i + 1]
                and len(dom_key(blocks[i].text).split()) <= patterns.BODY_CONTEXT_MAX_WORDS):
            why[i] = CONTEXT
    cut = comment_tail([b.text for b in blocks], [not w for w in why])
    for i in range(cut, n):
        why[i] = why[i] or COMMENTS
    _link_box_tail(blocks, why)
    return why


def select_blocks(blocks: list[Block], skip: Iterable[str | None],
                  titles: Iterable[str | None] = (),
                  descriptions: Iterable[str | None] = ()) -> list[str]:
    """Article paragraphs out of the extracted blocks (see the module doc for the rules).

    ``skip``: headline, byline, date strings (blocks equal to one are dropped); ``titles``:
    other forms of the title (og:title, <title>): a heading that opens the body and shares most
    of its words with one of them (or the headline) is the headline again; ``descriptions``:
    the page summary: a heading near the top that repeats it is the standfirst."""
    why = block_reasons(blocks, skip, titles, descriptions)
    return [b.text for b, w in zip(blocks, why) if not w]


def comment_tail(texts: list[str], keep: list[bool]) -> int:
    """Index where reader comments begin in these lines, or len(texts) (see
    BODY_COMMENTS_START in patterns/body.py); only the kept lines' words count."""
    counts = [word_total(t) if k else 0 for t, k in zip(texts, keep)]
    total = sum(counts)
    before = 0
    signatures = 0
    for i, t in enumerate(texts):
        if before >= patterns.BODY_COMMENTS_MIN_SHARE * total:
            if (counts[i] <= patterns.BODY_COMMENTS_MAX_WORDS
                    and patterns.BODY_COMMENTS_START.match(t.lower())):
                return i
        if keep[i] and patterns.BODY_COMMENT_SIGNATURE.match(t):
            signatures += 1
            if signatures == 2 and before >= patterns.BODY_COMMENTS_MIN_SHARE * total:
                return _after_first_signature(texts, i)
        before += counts[i]
    return len(texts)


def _after_first_signature(texts: list[str], i: int) -> int:
    """The second signature at i closes the first comment: it starts after the first one."""
    for j in range(i - 1, -1, -1):
        if patterns.BODY_COMMENT_SIGNATURE.match(texts[j]):
            return j + 1
    return i


def clean_paragraphs(paragraphs: Iterable[str], skip: Iterable[str | None]) -> list[str]:
    """Drop boilerplate lines and repeats of the headline, byline or date lines."""
    return select_blocks([Block(p, "p", 0.0) for p in paragraphs], skip)


# -- entry point --------------------------------------------------------------------------------

def _jsonld_paragraphs(page: Page) -> list[str]:
    art = page.article_object()
    value = art.get("articleBody") if art else None
    if isinstance(value, str) and collapse(value):
        return [p for p in (collapse(x) for x in value.split("\n")) if p]
    return []


def _page_titles(page: Page) -> list[str]:
    titles = [v for key in ("og:title", "twitter:title") for v in page.meta.get(key, ())]
    node = page.select_first("title")  # the page's first <title>, from the parse's head walk
    if node is not None:
        titles.append(node.text(deep=True))
    return titles


def _page_descriptions(page: Page) -> list[str]:
    return [v for key in ("og:description", "description", "twitter:description")
            for v in page.meta.get(key, ())]


def prepare_blocks(page: Page, blocks: list[Block]) -> tuple[list[Block], int]:
    """The blocks with their link shares, and the article's later chunks appended
    (body_dom.continuation); and how many blocks were appended."""
    if blocks:
        try:
            blocks = mark_links(blocks, page)
            more = continuation(page, [b.text for b in blocks])
            return blocks + [Block(p, "p", 0.0) for p in more], len(more)
        except Exception as exc:  # noqa: BLE001 - the DOM helpers must not lose the body
            log.debug("DOM body rules failed on %s: %r", page.url, exc)
    return blocks, 0


def vote(blocks: list[Block], why: list[int], continued: int, titles: list[str],
         descriptions: list[str]) -> list[bool]:
    """Which blocks to keep: the hand rules' verdict (``why``), overruled by the learned block
    model (body_model.py) where it is confident: a kept block it scores under the model's
    threshold for its kind goes."""
    keep = [not w for w in why]
    model = load_model()
    if model is None or not any(keep):
        return keep
    try:
        rows = block_features([b.text for b in blocks], [b.kind for b in blocks],
                              [b.link_ratio for b in blocks], why, continued, titles,
                              descriptions, wanted=keep)
        probs = model.probabilities(row for row, k in zip(rows, keep) if k)
    except Exception as exc:  # noqa: BLE001 - the hand rules stand
        log.debug("block model failed: %r", exc)
        return keep
    votes = iter(probs)
    voted = [k and next(votes) >= model.threshold(b.kind) for k, b in zip(keep, blocks)]
    return voted if any(voted) else keep  # the model never empties a body


def site_footer(texts: list[str], keep: list[bool]) -> list[bool]:
    """``keep`` without the site's footer under the article: a copyright notice after the last
    kept long prose paragraph (BODY_FOOTER_PROSE_*; not a picture's credit, BODY_FOOTER_CREDIT)
    opens it; the kept lines after the notice go, and so do the kept lines right before it that end no sentence (menus, contact and address
    lines). The article's paragraphs up to that last one are never touched (so the body is
    never emptied)."""
    last = -1
    for i, (text, k) in enumerate(zip(texts, keep)):
        if (k and _ends_sentence(text)
                and not at_most_words(text, patterns.BODY_FOOTER_PROSE_WORDS - 1)):
            last = i
    if last < 0:
        return keep
    for notice in range(last + 1, len(texts)):
        low = texts[notice].lower()
        if _is_copyright_line(low) and not patterns.BODY_FOOTER_CREDIT.search(low):
            break
    else:
        return keep
    out = keep[:notice] + [False] * (len(keep) - notice)
    for i in range(notice - 1, last, -1):
        if _ends_sentence(texts[i]):
            break
        out[i] = False
    return out


def _ends_sentence(text: str) -> bool:
    """Does this text end a sentence (BODY_FOOTER_PROSE_END, searched in its last characters
    only: an end-anchored search from the start would try every position of a huge text)?"""
    return patterns.BODY_FOOTER_PROSE_END.search(text, max(0, len(text) - 16)) is not None


def title_forms(headline: str | None, titles: Iterable[str | None]) -> list[str]:
    """The headline and the page's titles, each whole and cut at its separators ("Story - Site |
    Section"), of at least BODY_ROW_HEAD_MIN_WORDS words, longest first."""
    forms: list[str] = []
    for title in (headline, *titles):
        title = collapse(title)
        for form in (title, *patterns.TITLE_SEPARATORS.split(title)):
            if len(form.split()) >= patterns.BODY_ROW_HEAD_MIN_WORDS and form not in forms:
                forms.append(form)
    return sorted(forms, key=len, reverse=True)


def _after_title(text: str, forms: list[str]) -> str | None:
    """The text of a table row after the page's head it opens with: a title form found within
    its first BODY_ROW_HEAD_WITHIN words, and a date right after it (see BODY_ROW_HEAD_*);
    None when no title opens the row or too little text follows it."""
    head = " ".join(text.split()[:2 * patterns.BODY_ROW_HEAD_WITHIN]).lower()
    for form in forms:
        words = _WORD.findall(form)
        if not all(w.lower() in head for w in words):  # a cheap test before the regex
            continue
        rx = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
        m = rx.search(text)
        if (m is None or len(text[:m.start()].split()) > patterns.BODY_ROW_HEAD_WITHIN
                or _mid_sentence(text[:m.start()], m.group(), form)):
            continue
        rest = text[m.end():]
        date = patterns.BODY_DATE_LINE.search(rest, 0, 200)
        if date is not None and _is_dateline_head(rest[:date.start()]):
            end = date.end()
            tail = patterns.BODY_ROW_HEAD_DATE_TAIL.match(rest, end)
            assert tail is not None  # every part of the pattern is optional: it always matches
            end += tail.end() - end
            rest = rest[end:]
        rest = rest.lstrip(patterns.BODY_ROW_HEAD_TRIM)
        if len(rest.split()) >= patterns.BODY_ROW_HEAD_MIN_REST:
            return rest
    return None


def _mid_sentence(before: str, found: str, form: str) -> bool:
    """Is the title form found mid-sentence (text that mentions it, not the page's head): in
    lower case where the form is capitalised, or after a lower-case prose word (none of
    BODY_ROW_HEAD_BYLINE_WORDS) of the same sentence (a site name, sections or a notice ending
    in a full stop may come before the title)?"""
    if form[:1].isupper() and found[:1].islower():
        return True
    sentence = patterns.BODY_ROW_HEAD_SENTENCE_END.split(before)[-1]
    return any(w[0].islower() and w.lower() not in patterns.BODY_ROW_HEAD_BYLINE_WORDS
               for w in _LETTER_WORD.findall(sentence))


def _is_dateline_head(text: str) -> bool:
    """Is this text between a row's title and a date a byline or a source ("By Jane Roe -",
    "Associated Press -"): at most BODY_ROW_HEAD_DATE_WORDS words, none of them a lower-case
    word but BODY_ROW_HEAD_BYLINE_WORDS? A sentence ("The storm hit on March 3, ...") is not."""
    if len(text.split()) > patterns.BODY_ROW_HEAD_DATE_WORDS:
        return False
    return all(not w[0].islower() or w in patterns.BODY_ROW_HEAD_BYLINE_WORDS
               for w in _LETTER_WORD.findall(text))


_LETTER_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def trim_rows(texts: list[str], kinds: list[str], keep: list[bool],
              forms: list[str]) -> list[str]:
    """The kept blocks' texts, table rows trimmed where an old layout's cell holds more than
    the article: the first of the opening rows that holds the page's head (title, then a date)
    before the text is cut after it (:func:`_after_title`); a long row that ends in the site's
    copyright footer is cut before it (BODY_ROW_TAIL_*)."""
    out = [t for t, k in zip(texts, keep) if k]
    kept_kinds = [kind for kind, k in zip(kinds, keep) if k]
    if "row" not in kept_kinds:
        return out
    for i in range(min(len(out), patterns.BODY_ROW_HEAD_BLOCKS) if forms else 0):
        if kept_kinds[i] == "row":
            rest = _after_title(out[i], forms)
            if rest is not None:
                out[i] = rest
                break
    for i, (text, kind) in enumerate(zip(out, kept_kinds)):
        if kind == "row":
            out[i] = _before_footer(text)
    return out


def _before_footer(text: str) -> str:
    """A long row's text before the copyright notice (BODY_ROW_TAIL) that follows its first
    BODY_ROW_TAIL_AFTER share of words and opens its last BODY_ROW_TAIL_MAX_WORDS words (a
    footer is short: more text after a notice is text that mentions a copyright), or the text
    unchanged."""
    words = len(text.split())
    if words < patterns.BODY_ROW_TAIL_MIN_WORDS:
        return text
    m = patterns.BODY_ROW_TAIL.search(text)
    if (m is None or len(text[:m.start()].split()) < patterns.BODY_ROW_TAIL_AFTER * words
            or len(text[m.start():].split()) > patterns.BODY_ROW_TAIL_MAX_WORDS):
        return text
    return text[:m.start()].rstrip(patterns.BODY_ROW_HEAD_TRIM)


def body_from_blocks(page: Page, blocks: list[Block], skip: Iterable[str | None]) -> Body:
    """The body out of the main-content blocks (rules above), JSON-LD as the fallback."""
    skip = tuple(skip)
    blocks, continued = prepare_blocks(page, blocks)
    raw = [b.text for b in blocks]
    source = "body" if raw else None
    titles, descriptions = _page_titles(page), _page_descriptions(page)
    why = block_reasons(blocks, skip, titles, descriptions)
    keep = site_footer(raw, vote(blocks, why, continued, titles, descriptions))
    paragraphs = trim_rows(raw, [b.kind for b in blocks], keep,
                               title_forms(skip[0] if skip else None, titles)
                               if any(b.kind == "row" for b in blocks) else [])
    if not paragraphs and blocks:  # every block looked like boilerplate: keep the text anyway
        paragraphs = clean_paragraphs(raw, skip) or raw
    if not paragraphs:
        try:
            paragraphs = clean_paragraphs(_jsonld_paragraphs(page), skip)
        except Exception as exc:  # noqa: BLE001 - odd JSON-LD shapes
            log.debug("JSON-LD body failed on %s: %r", page.url, exc)
            paragraphs = []
        if paragraphs:
            raw, source = paragraphs, "jsonld"
    # last resorts: article HTML in scripts, then the DOM's densest paragraph container
    for fallback in (script_html_paragraphs, densest_paragraphs):
        if paragraphs:
            break
        try:
            raw = fallback(page)
        except Exception as exc:  # noqa: BLE001
            log.debug("%s failed on %s: %r", fallback.__name__, page.url, exc)
            raw = []
        paragraphs = clean_paragraphs(raw, skip)
        source = "body"
    text = "\n\n".join(paragraphs) or None
    return Body(text=text, paragraphs=tuple(raw), source=source if text else None)


def extract_body(page: Page, skip: Iterable[str | None] = ()) -> Body:
    try:
        blocks = _trafilatura_blocks(page)
    except Exception as exc:  # trafilatura bugs on odd pages must not lose the other fields
        log.debug("trafilatura failed on %s: %r", page.url, exc)
        blocks = []
    body = body_from_blocks(page, blocks, skip)
    try:
        body = _second_opinion(page, body, skip)
    except Exception as exc:  # noqa: BLE001 - the first body stands
        log.debug("second opinion failed on %s: %r", page.url, exc)
    try:
        body = with_lead(page, body)
    except Exception as exc:  # noqa: BLE001 - the body stands
        log.debug("lead failed on %s: %r", page.url, exc)
    try:
        if _page_furniture_only(page, body.text):
            return Body(text=None, paragraphs=body.paragraphs, source=None)
    except Exception as exc:  # noqa: BLE001 - the body stands
        log.debug("furniture check failed on %s: %r", page.url, exc)
    return body


def with_lead(page: Page, body: Body) -> Body:
    """The body with the lead the fast extractor left out before its first paragraph, if any
    (body_dom.lead_paragraphs): prose the body does not hold, not the page's description."""
    if not body.text:
        return body
    paragraphs = body.text.split("\n\n")
    held = [body.text, *body.paragraphs]
    descriptions = _page_descriptions(page)
    lead = lead_paragraphs(
        page, paragraphs, lambda t: covered(t, held) >= patterns.BODY_LEAD_SEEN,
        lambda t: any(covered(t, [d]) >= patterns.BODY_LEAD_DECK for d in descriptions))
    if not lead:
        return body
    return Body(text="\n\n".join(lead + paragraphs), paragraphs=body.paragraphs,
                source=body.source)


def _page_furniture_only(page: Page, text: str | None) -> bool:
    """Is this short body (under BODY_FURNITURE_MAX_WORDS words) all text of the page's footer,
    navigation or side boxes (BODY_FURNITURE_SELECTOR)? Then the page has no article text, and
    the body is null rather than a footer line ("when unsure, return null")."""
    if not text or word_total(text, patterns.BODY_FURNITURE_MAX_WORDS) \
            >= patterns.BODY_FURNITURE_MAX_WORDS:
        return False
    furniture = " ".join(collapse(node.text(deep=True, separator=" "))
                         for node in page.tree.css(patterns.BODY_FURNITURE_SELECTOR)
                         if node.tag not in ("html", "body")  # a theme's "has-sticky-footer"
                         and node.css_first(patterns.BODY_FURNITURE_NOT_AROUND) is None)
    return bool(furniture) and all(collapse(p) in furniture for p in text.split("\n\n"))


def _second_opinion(page: Page, body: Body, skip: Iterable[str | None]) -> Body:
    """When the body holds under BODY_RESCUE_PAGE_SHARE of the page's text outside links (a
    teaser or a side box was taken for the article), trafilatura's full cascade (readability and
    jusText comparison, recall escalation) is asked; its result, cleaned by the same rules,
    replaces the body if it has BODY_RESCUE_RATIO times as many words and is not the body with
    more of the page around it (BODY_RESCUE_SUPERSET of the body's word 4-grams in it), unless
    that "more" is the rest of a short body's own text (:func:`_continues_in_place`)."""
    words = word_total(body.text, patterns.BODY_RESCUE_MAX_WORDS)  # exact below the cap
    share = patterns.BODY_RESCUE_PAGE_SHARE
    if (words >= patterns.BODY_RESCUE_MAX_WORDS
            or words >= share * page_words(page, enough=int(words / share))):
        return body
    lines = [x for x in (collapse(x) for x in traf.default_extraction(page).split("\n")) if x]
    skip = tuple(skip)
    paragraphs = select_blocks(mark_links([Block(x, "p", 0.0) for x in lines], page), skip,
                               _page_titles(page), _page_descriptions(page))
    most = patterns.BODY_RESCUE_RATIO * words
    if word_total("\n".join(paragraphs), int(most) + 1) <= most:
        return body
    if (body.text and covered(body.text, paragraphs) >= patterns.BODY_RESCUE_SUPERSET
            and not _continues_in_place(page, body, paragraphs)):
        return body  # the same text with more of the page around it
    return Body(text="\n\n".join(paragraphs), paragraphs=tuple(lines), source="body")


def _continues_in_place(page: Page, body: Body, paragraphs: list[str]) -> bool:
    """Is a short body (under BODY_IN_PLACE_MAX_WORDS) the start of an article whose rest the
    fast extractor missed: what the cascade adds lies in the elements that follow the body's
    last paragraph as its siblings (the text goes on after an ad or a widget)? Then the cascade
    is the article, not our body with the page around it."""
    most = patterns.BODY_IN_PLACE_MAX_WORDS
    if word_total(body.text, most) >= most:
        return False
    node = last_paragraph_node(page, list(body.paragraphs))
    if node is None:
        return False
    mine = set(body.text.split("\n\n")) if body.text else set()
    extra = [p for p in paragraphs if p not in mine]
    after: list[str] = []
    sib = node.next
    while sib is not None:
        tag = sib.tag or "-"  # (a processing instruction, <?php ... ?>, has no name: passed)
        if tag not in patterns.BODY_IN_PLACE_SKIP and not tag.startswith(("-", "#")):
            after.append(sib.text(deep=True, separator=" "))
        sib = sib.next
    return bool(extra and after) and \
        covered("\n".join(extra), after) >= patterns.BODY_RESCUE_SUPERSET


_WORD = re.compile(r"\w+")


def _grams(text: str) -> set[tuple[str, ...]]:
    """A text's word 4-grams (lower case; a text of 1-3 words: its words as one gram)."""
    words = _WORD.findall(text.lower())
    if len(words) < 4:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + 4]) for i in range(len(words) - 3)}


def covered(text: str, paragraphs: Iterable[str]) -> float:
    """Share of ``text``'s word 4-grams found in ``paragraphs`` read as one text (0 for a text of
    no words)."""
    mine = _grams(text)
    if not mine:
        return 0.0
    other = "\n".join(paragraphs)
    short = next(iter(mine))
    if len(short) < 4:  # a text of 1-3 words: found if its words run inside the paragraphs
        joined = " " + " ".join(_WORD.findall(other.lower())) + " "
        return 1.0 if " " + " ".join(short) + " " in joined else 0.0
    return len(mine & _grams(other)) / len(mine)


def word_total(text: str | None, cap: int | None = None) -> int:
    """Whitespace-separated words of ``text``; with ``cap``, at most ``cap`` (the count stops
    there: the same answer to any test against ``cap`` or less, for a fraction of a huge text)."""
    if not text:
        return 0
    if cap is not None:
        return min(len(text.split(None, cap)), cap)
    if (len(text) > LONG_LINE and text[0] != " " and text[-1] != " " and "  " not in text
            and text.isprintable()):  # every other white space character is unprintable
        return text.count(" ") + 1  # words one space apart: no list of them built
    return len(text.split())


def at_most_words(text: str, most: int) -> bool:
    """``len(text.split()) <= most``, splitting no further than word ``most + 1``."""
    return len(text.split(None, most)) <= most


LONG_LINE = 10_000
"""Characters from which a line's word bound is tested before its keyword scans (an exact
reordering: both must hold; on a short line the scans are the cheaper first test)."""
