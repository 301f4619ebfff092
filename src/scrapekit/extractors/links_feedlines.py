"""Runs of headline links set in or after the text (the forty-fourth round of related links).

The body extractor keeps, on some pages, a run of lines that are each one story's link: the
day's wire headlines, each with its time stamp ("Troubled actor dies at 25 1/15/2008, 7:50
p.m."), a column of kicker-led headlines ("NEWS Macworld2008: Apple store is down!", "REVIEW
Edifier M3200 PC speakers") after the text. The labelling guide excludes such headline lists
when they are not about the article (rules 5.3 / 5.4) and keeps an unheaded list of stories on
its subject inside or closing the text as in-body (3.4). The rules before this one read runs of
sibling paragraphs and lists in the container; these runs are lines cut by ``<br>`` inside one
block, or paragraphs the body kept outside the container, or lines with a stamp besides the link.

A line is a *link line* when it holds one link (one address) and besides the link only a little
text: a bullet or number, a kicker of a few words, or a time stamp. A run is the link lines
following one another in the element holding the anchor's block (the block's parent: its
sibling paragraphs and items, and its own ``<br>`` lines). An anchor in a run of
``patterns.FEED_RUN_MIN_ITEMS`` titled lines or more of which fewer than
``patterns.FEED_RUN_SUBJECT_SHARE`` name a subject word of the title and lead
(:func:`links_subject.subject_words`, whole words) gives no in-body link. On the tuning material
this drops 15 wrong in-body links on two 2008 pages (a wire feed, two kicker-led feeds) and no
right one; the runs the labels keep (a series' parts, recipes on the article's dish, ">> News"
lines on the same product) name the subject in a third of their items or more. On the pooled
validation parts: 11 wrong links fewer, 3 right ones fewer.

Cost: most in-body anchors are words of a one-line paragraph much longer than they are, told
from the block's stripped length alone; a run is read outward from the anchor's block through
its siblings up to the first line that is no link line, never the whole container.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from . import patterns
from .links_blocks import MIN_ITEM_TEXT
from .links_subject import subject_words
from .text import collapse

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})
_MANY = 1 << 30  # the length of a line holding two links: longer than any link line


@dataclass(frozen=True)
class Line:
    """One line of text: its anchors (mem_ids), their addresses, the link text, the rest."""
    anchors: frozenset[int]
    hrefs: frozenset[str]
    link_text: str
    rest: str


def _letters(text: str) -> int:
    return len(patterns.LINE_DECORATION.sub("", text))


def lines(root: LexborNode) -> list[Line]:
    """The lines of ``root``'s text: cut at each block element's start and end
    (``patterns.FEED_LINE_BLOCK_TAGS``) and at ``<br>`` / ``<hr>``; lines without text left
    out, consecutive lines of one same anchor (a card's title and blurb in it) joined."""
    out: list[Line] = []
    parts: list[tuple[str, LexborNode | None]] = []

    def cut() -> None:
        if not parts:
            return
        held = {a.mem_id: a for _, a in parts if a is not None}
        link = collapse(" ".join(t for t, a in parts if a is not None))
        rest = collapse(" ".join(t for t, a in parts if a is None))
        parts.clear()
        ids = frozenset(held)
        if out and ids and out[-1].anchors == ids:
            last = out[-1]
            out[-1] = Line(ids, last.hrefs, collapse(f"{last.link_text} {link}"),
                           collapse(f"{last.rest} {rest}"))
        else:
            out.append(Line(ids, frozenset(a.attrs.get("href") or "" for a in held.values()),
                            link, rest))

    # (node, the anchor above it, closing marker): iterative, a deep nest stays linear
    stack: list[tuple[LexborNode, LexborNode | None, bool]] = [(root, None, False)]
    while stack:
        node, anchor, closing = stack.pop()
        if closing:
            cut()
            continue
        tag = node.tag or ""
        if tag == "-text":
            text = node.text(deep=False) or ""
            if text.strip():
                parts.append((text, anchor))
            continue
        if tag.startswith("-") or tag in _SKIP_TAGS:
            continue
        if tag in ("br", "hr"):
            cut()
            continue
        block = tag in patterns.FEED_LINE_BLOCK_TAGS
        if block:
            cut()
            stack.append((node, None, True))
        if tag == "a" and node.attrs.get("href"):
            anchor = node
        stack.extend((c, anchor, False) for c in reversed(list(node.iter(include_text=True))))
    cut()
    return out


def link_line(line: Line) -> bool:
    """Is the line one link with little besides it: decoration (at most
    ``patterns.FEED_LINE_REST_SHARE`` of its letters), a kicker of at most
    ``patterns.FEED_LINE_LABEL_WORDS`` words, or a time stamp, neither longer than the link?"""
    if len(line.hrefs) != 1:
        return False
    link, rest = _letters(line.link_text), _letters(line.rest)
    if not link:
        return False
    if rest <= patterns.FEED_LINE_REST_SHARE * (link + rest):
        return True
    if rest > link:
        return False
    return len(line.rest.split()) <= patterns.FEED_LINE_LABEL_WORDS or (
        len(line.rest) <= patterns.FEED_LINE_STAMP_MAX
        and patterns.FEED_LINE_STAMP.search(line.rest) is not None)


def _block(node: LexborNode) -> LexborNode | None:
    """The nearest block element above the node."""
    up = node.parent
    while up is not None and (up.tag or "") not in patterns.FEED_LINE_BLOCK_TAGS:
        up = up.parent
    return up


def _breaks(tag: str) -> bool:
    return tag in ("br", "hr") or tag in patterns.FEED_LINE_BLOCK_TAGS


def _single_line(block: LexborNode, memo: FeedMemo) -> tuple[int, bool]:
    """The block's length (its text nodes stripped) and whether it is one line that may be a
    link line: no <br> or block among its children, and not two links among them to two
    addresses (a line of several links)."""
    found = memo.blocks.get(block.mem_id)
    if found is None:
        hrefs = set()
        single = True
        for child in block.iter():
            tag = child.tag or ""
            if _breaks(tag):
                single = False
                break
            if tag == "a" and child.attrs.get("href"):
                hrefs.add(child.attrs.get("href"))
        found = memo.blocks[block.mem_id] = (
            len(block.text(deep=True, strip=True)) if len(hrefs) < 2 else _MANY, single)
    return found


def _passed(node: LexborNode) -> bool:
    """Does the node hold no line of its own between two siblings: white space, a comment, a
    script, a <br> (two blocks' lines are cut anyway)?"""
    tag = node.tag or ""
    if tag == "-text":
        return not (node.text(deep=False) or "").strip()
    return tag.startswith("-") or tag in _SKIP_TAGS or tag in ("br", "hr")


def _blocks_only(root: LexborNode, memo: FeedMemo) -> bool:
    """Are the element's children all blocks (or passed: :func:`_passed`), so that its lines
    are its children's lines one after the other?"""
    found = memo.blocks_only.get(root.mem_id)
    if found is None:
        child = root.child
        while child is not None and (_passed(child)
                                     or (child.tag or "") in patterns.FEED_LINE_BLOCK_TAGS):
            child = child.next
        found = memo.blocks_only[root.mem_id] = child is None
    return found


def _lines(node: LexborNode, memo: FeedMemo) -> list[Line]:
    found = memo.lines.get(node.mem_id)
    if found is None:
        found = memo.lines[node.mem_id] = lines(node)
    return found


_LONG = Line(frozenset(), frozenset(), "", "")  # no link line: a long one-line block, text


def _lines_from(node: LexborNode, forward: bool, memo: FeedMemo) -> Iterator[Line]:
    """The node's lines from its start (``forward``) or from its end, read lazily: a block
    of one line longer than ``patterns.FEED_LINE_MAX_CHARS`` characters is no link line and is
    not walked (a paragraph of the text), an element holding blocks only is read child by
    child."""
    if _passed(node):
        return
    if node.tag == "-text":  # text between the blocks: a line of its own, no link
        yield _LONG
        return
    length, single = _single_line(node, memo)
    if single and length > patterns.FEED_LINE_MAX_CHARS:
        yield _LONG
    elif not single and _blocks_only(node, memo):
        child = node.child if forward else node.last_child
        while child is not None:
            yield from _lines_from(child, forward, memo)
            child = child.next if forward else child.prev
    else:
        found = _lines(node, memo)
        yield from found if forward else reversed(found)


def _around(block: LexborNode, memo: FeedMemo) -> list[Line]:
    """The lines of the element holding ``block`` that a run through ``block``'s lines can
    reach: the block's own, and its siblings' link lines next to them, up to the first line
    that is no link line on each side (text between the blocks is such a line; an inline
    sibling is read as lines of its own: a run is never longer than in the element's lines)."""
    before: list[Line] = []
    after: list[Line] = []
    for forward, out in ((False, before), (True, after)):
        node = block.next if forward else block.prev
        while node is not None:
            for line in _lines_from(node, forward, memo):
                if not link_line(line):
                    break
                out.append(line)
            else:
                node = node.next if forward else node.prev
                continue
            break
    return before[::-1] + _lines(block, memo) + after


@dataclass
class FeedMemo:
    """What :func:`off_subject_feed` read on one page (by mem_id): each block's length and
    whether it is one line, whether an element holds blocks only, each element's lines, each
    anchor's answer once its run was judged."""
    blocks: dict[int, tuple[int, bool]] = field(default_factory=dict)
    blocks_only: dict[int, bool] = field(default_factory=dict)
    lines: dict[int, list[Line]] = field(default_factory=dict)
    answers: dict[int, bool] = field(default_factory=dict)


def off_subject_feed(a: LexborNode, lead_words: Callable[[], set[str]],
                     memo: FeedMemo) -> bool:
    """Is the anchor in a run of link lines (in the element holding its block) with
    ``patterns.FEED_RUN_MIN_ITEMS`` titled lines or more, fewer than
    ``patterns.FEED_RUN_SUBJECT_SHARE`` of them naming a word of ``lead_words()`` (the title's
    and lead's subject words: read only when a run is judged)?"""
    known = memo.answers.get(a.mem_id)
    if known is not None:  # judged with its run already
        return known
    block = _block(a)
    if block is None:
        return False
    length, single = _single_line(block, memo)
    if single and (length > patterns.FEED_LINE_MAX_CHARS
                   or patterns.FEED_LINE_PREFILTER * len(a.text(deep=True, strip=True)) < length):
        return False  # one line, much more than the link's text besides it: most anchors
    own = next((line for line in _lines(block, memo) if a.mem_id in line.anchors), None)
    if own is None or not link_line(own):
        return False
    seq = _around(block, memo)
    at = next((i for i, line in enumerate(seq) if a.mem_id in line.anchors), None)
    if at is None:
        return False
    start = at
    while start > 0 and link_line(seq[start - 1]):
        start -= 1
    end = at + 1
    while end < len(seq) and link_line(seq[end]):
        end += 1
    run = seq[start:end]
    words = lead_words()
    if not words:
        return False
    titles = [line.link_text for line in run if len(line.link_text) >= MIN_ITEM_TEXT]
    on = sum(bool(subject_words(t) & words) for t in titles)
    feed = len(titles) >= patterns.FEED_RUN_MIN_ITEMS \
        and on < patterns.FEED_RUN_SUBJECT_SHARE * len(titles)
    for line in run:
        for mid in line.anchors:
            memo.answers[mid] = feed
    return feed
