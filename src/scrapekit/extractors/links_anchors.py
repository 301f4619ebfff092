"""A node's anchors with an href (``node.css("a[href]")``), selected once per node for one
page's related-links step: a candidate block's anchors are read by several of its tests (its
distinct links, its features, the vetoes, the kinds given), and each ``css`` call parses its
selector again (~2-3 us) before the walk. The memo lives for one call of the step only (it
holds nodes of one tree, by ``mem_id``), never on the page."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from selectolax.lexbor import LexborNode

from .text import collapse

ANCHORS = "a[href]"
AnchorsOf = Callable[[LexborNode], list[LexborNode]]


def anchors_below(node: LexborNode) -> list[LexborNode]:
    """The node's anchors with an href, in page order (no memo)."""
    return node.css(ANCHORS)


class AnchorMemo:
    """``anchors_below`` memoised by node (call the instance like the function)."""

    def __init__(self) -> None:
        self._found: dict[int, list[LexborNode]] = {}

    def __call__(self, node: LexborNode) -> list[LexborNode]:
        found = self._found.get(node.mem_id)
        if found is None:
            found = self._found[node.mem_id] = node.css(ANCHORS)
        return found


def item_texts(group: list[LexborNode], of: AnchorsOf = anchors_below) -> dict[str, str]:
    """A block's items: each distinct link (its href, fragment dropped) with its longest
    anchor text, white space collapsed (a card's picture link and its headline link are one
    item, named by the headline: an indented picture link's raw text, only white space, is
    often the longer one; round 41)."""
    items: dict[str, str] = {}
    for node in group:
        for a in of(node):
            href = (a.attrs.get("href") or "").split("#")[0]
            text = collapse(a.text(deep=True, separator=" "))
            if href and len(text) > len(items.get(href, "")):
                items[href] = text
    return items


def up_from(node: LexborNode | None) -> Iterator[LexborNode]:
    """The node and its ancestors, nearest first."""
    while node is not None:
        yield node
        node = node.parent
