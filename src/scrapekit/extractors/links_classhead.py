"""Classed heading labels before a block (the thirty-fifth round of related links).

A block's heading (``links_blocks.block_heading``) is the first heading or heading-classed
element inside it, else its previous sibling when that is an h1-h6, else a short first line.
A site that sets the label over a list in an element of another tag, named a heading by its
class (``<div class="heading-h3">More Great Stories</div><ul>...</ul>``), gives the list no
heading: the block model then judges it as an unheaded box (heading_none; set in the text,
that counts for it), whatever the label says ("More from <Site>", "Most popular"), and the
heading vetoes (site-wide words, the site's own name, generic "more stories") are never
asked. Such a previous sibling heads the block as an h1-h6 would: an element whose class holds
"heading", "title" or "header" as a word of its own (patterns.HEADING_CLASS_WORDS, the
heading-label scan's words; not a caption's, a credit's or a meta line's: HEADING_CLASS_NOT),
with a short text (patterns.RELATED_HEADING_MAX) and no link of its own (a title line that is
itself a story link heads nothing). Pure.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from . import patterns
from .text import class_words, collapse


def classed_heading(node: LexborNode) -> bool:
    """Is the element (a block's previous sibling, not an h1-h6) a heading label by its class:
    a class holding a heading word, a short non-empty text, no link?"""
    cls = (node.attributes.get("class") or "").lower()
    if not any(word in cls for word in patterns.HEADING_CLASS_WORDS):
        return False  # (the cheap test first: most siblings have no such word at all)
    words = class_words(node.attributes.get("class"))
    # a class that names a heading (heading-h3, section-title, block__header), not a caption's
    # or a card's part (caption-title, entry-header-meta, subtitle; review 27: a photo credit
    # set as "caption-title" headed a related list and its agency's name vetoed it)
    if not any(w in patterns.HEADING_CLASS_WORDS for w in words) \
            or any(w in patterns.HEADING_CLASS_NOT for w in words):
        return False
    if node.css_first("a[href]") is not None:
        return False
    text = collapse(node.text(deep=True, separator=" "))
    return 0 < len(text) <= patterns.RELATED_HEADING_MAX
