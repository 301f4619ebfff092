"""A box after the text the body kept (the twenty-third round of related links).

An anchor of the article's container gives no in-body link when it sits in a paragraph or a
list item the body did not keep, inside a box (a div, section, aside ...) below the container
that holds none of the blocks the body kept, and that box comes after the last kept block: a
box set after the text (a table of contents of other how-tos, an author's bio with his
profiles, a "follow us" list), not the text's own lines. Three kinds stay the text's (a review
of the round): a box of the same shape (tag and class) as one holding a kept block (a page
wrapping each paragraph in its own box: the same line as a bare paragraph keeps its link), an
anchor of a closing paragraph the body dropped (the closing rule decides: a link in a sentence
of it stays), and a single short source line of one link right after the text ("Source: the
ministry's <a>annual report</a>"). Read by node identity: the kept
blocks are the located paragraph nodes the record's text came from (``links._kept_blocks``,
or every located one when the body kept them all). Cheap: one walk up from the anchor, which
ends at once in a kept paragraph; the kept blocks' ancestors and the anchors after the last kept
block are read once a page, only when a candidate asks.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from selectolax.lexbor import LexborNode

from . import patterns
from .text import collapse


class KeptText:
    """The kept blocks of one page, as ids, and what is derived from them once (lazily)."""

    def __init__(self, kept: Collection[int], order: list[LexborNode],
                 parent_of: Mapping[int, int | None]) -> None:
        self.kept = kept                  # mem_ids of the blocks the body kept
        self._order = order               # the located blocks, page order
        self._parent_of = parent_of       # their ancestors, by mem_id (links._Scan.parent_of)
        self._holding: set[int] | None = None
        self._after: set[int] | None = None  # anchors after the last kept block (mem_ids)
        self._shapes: set[tuple[str, str]] | None = None  # the boxes holding kept blocks
        self._next: list[LexborNode | None] | None = None  # the element after the kept text

    def holding(self) -> set[int]:
        """The kept blocks and their ancestors (mem_ids): the elements holding kept text."""
        if self._holding is None:
            held: set[int] = set()
            parent_of = self._parent_of
            for mid in self.kept:
                current: int | None = mid
                while current is not None and current not in held:
                    held.add(current)
                    current = parent_of.get(current)
            self._holding = held
        return self._holding

    def last(self) -> LexborNode | None:
        """The last kept block in page order."""
        for node in reversed(self._order):
            if node.mem_id in self.kept:
                return node
        return None

    def after(self, container: Collection[int]) -> set[int]:
        """The anchors (mem_ids) of the container after the last kept block in page order: in
        the elements following it and each of its ancestors up to the container (read once;
        none when the last kept block is outside the container)."""
        if self._after is None:
            found: set[int] = set()
            node = self.last()
            while node is not None and node.mem_id not in container:
                sibling = node.next
                while sibling is not None:
                    tag = sibling.tag
                    if tag == "a":
                        found.add(sibling.mem_id)
                    elif tag and tag[0].isalpha():  # an element (not text, not a comment)
                        found.update(x.mem_id for x in sibling.css("a[href]"))
                    sibling = sibling.next
                node = node.parent
            self._after = found if node is not None else set()
        return self._after


    def shapes(self, container: Collection[int]) -> set[tuple[str, str]]:
        """The shapes (:func:`shape`) of the boxes between a kept block and the container (a
        page's per-paragraph wrappers; read once)."""
        if self._shapes is None:
            found: set[tuple[str, str]] = set()
            for node in self._order:
                if node.mem_id not in self.kept:
                    continue
                boxes: list[tuple[str, str]] = []
                current = node.parent
                while current is not None and current.mem_id not in container:
                    if current.tag in patterns.TRAILING_BOX_TAGS:
                        boxes.append(shape(current))
                    current = current.parent
                if current is not None:  # (a kept block outside the container: none of its)
                    found.update(boxes)
            self._shapes = found
        return self._shapes

    def following(self, container: Collection[int]) -> LexborNode | None:
        """The first element with text after the last kept block in page order, below the
        container: the next one of its or its nearest ancestor's siblings (read once)."""
        if self._next is None:
            found = None
            node = self.last()
            while found is None and node is not None and node.mem_id not in container:
                sibling = node.next
                while sibling is not None:
                    tag = sibling.tag
                    if tag and tag[0].isalpha() and collapse(sibling.text(deep=True)):
                        found = sibling
                        break
                    sibling = sibling.next
                node = node.parent
            self._next = [found if node is not None else None]
        return self._next[0]


def shape(node: LexborNode) -> tuple[str, str]:
    """A box's tag and classes (in order): the boxes a page wraps each paragraph in share it."""
    return node.tag or "", " ".join(sorted((node.attrs.get("class") or "").split()))


def source_line(block: LexborNode, box: LexborNode, container: Collection[int],
                text: KeptText) -> bool:
    """Is the box, or the element holding it, right after the kept text, a single short line of
    one link (``block``: the anchor's paragraph) opening with a source's label?"""
    after = text.following(container)
    if after is None:
        return False
    current: LexborNode | None = box
    while current is not None and current.mem_id != after.mem_id:
        if current.mem_id in container:
            return False
        current = current.parent
    if current is None:
        return False
    line = collapse(after.text(deep=True, separator=" "))
    return len(line) <= patterns.SOURCE_LINE_MAX and len(after.css("a[href]")) == 1 \
        and collapse(block.text(deep=True, separator=" ")) == line \
        and patterns.SOURCE_LABEL.match(line) is not None


def trailing_box(a: LexborNode, container: Collection[int], text: KeptText,
                 closing: Collection[int] = ()) -> bool:
    """Is the anchor, after the last kept block, in a paragraph / list item the body did not
    keep inside a box below the container (``container``: its mem_ids) that holds no kept
    block? Not when the box has the shape of one holding a kept block, when the anchor is in
    ``closing`` (a closing paragraph the body dropped: the closing rule decides), or when the
    box is a source line right after the text (:func:`source_line`)."""
    if a.mem_id in closing:
        return False
    kept = text.kept
    block = None
    current = a.parent
    while current is not None and current.mem_id not in container:
        mid = current.mem_id
        if mid in kept:
            return False  # in a block the body kept
        tag = current.tag
        if block is None:
            if tag in patterns.TRAILING_TEXT_TAGS:
                block = current
            elif tag in patterns.TRAILING_OTHER_TEXT_TAGS:
                return False
        elif tag in patterns.TRAILING_BOX_TAGS:
            # a box holding kept text: among the text's lines
            if mid in text.holding() or a.mem_id not in text.after(container):
                return False
            return shape(current) not in text.shapes(container) \
                and not source_line(block, current, container, text)
        current = current.parent
    return False


def kept_text(kept: set[int] | None, matched: list[LexborNode], matched_ids: set[int],
              parent_of: Mapping[int, int | None]) -> KeptText:
    """The page's kept blocks: ``kept`` (the blocks the body kept) or, when None (the body kept
    every located block), every located block."""
    return KeptText(kept if kept is not None else matched_ids, matched, parent_of)
