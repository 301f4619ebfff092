"""A box after the text the body kept (the twenty-third round of related links).

An anchor of the article's container gives no in-body link when it sits in a paragraph or a
list item the body did not keep, inside a box (a div, section, aside ...) below the container
that holds none of the blocks the body kept, and that box comes after the last kept block: a
box set after the text (a table of contents of other how-tos, an author's bio with his
profiles, a "follow us" list), not the text's own lines. Read by node identity: the kept
blocks are the located paragraph nodes the record's text came from (``links._kept_blocks``,
or every located one when the body kept them all). Cheap: one walk up from the anchor, which
ends at once in a kept paragraph; the kept blocks' ancestors and the anchors after the last kept
block are read once a page, only when a candidate asks.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from selectolax.lexbor import LexborNode

from . import patterns


class KeptText:
    """The kept blocks of one page, as ids, and what is derived from them once (lazily)."""

    def __init__(self, kept: Collection[int], order: list[LexborNode],
                 parent_of: Mapping[int, int | None]) -> None:
        self.kept = kept                  # mem_ids of the blocks the body kept
        self._order = order               # the located blocks, page order
        self._parent_of = parent_of       # their ancestors, by mem_id (links._Scan.parent_of)
        self._holding: set[int] | None = None
        self._after: set[int] | None = None  # anchors after the last kept block (mem_ids)

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


def trailing_box(a: LexborNode, container: Collection[int], text: KeptText) -> bool:
    """Is the anchor, after the last kept block, in a paragraph / list item the body did not
    keep inside a box below the container (``container``: its mem_ids) that holds no kept
    block?"""
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
            return mid not in text.holding() and a.mem_id in text.after(container)
        current = current.parent
    return False


def kept_text(kept: set[int] | None, matched: list[LexborNode], matched_ids: set[int],
              parent_of: Mapping[int, int | None]) -> KeptText:
    """The page's kept blocks: ``kept`` (the blocks the body kept) or, when None (the body kept
    every located block), every located block."""
    return KeptText(kept if kept is not None else matched_ids, matched, parent_of)
