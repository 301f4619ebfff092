"""In-body anchors that are not the text's links (the twenty-fourth round of related links).

An anchor whose whole text names a tool of the page rather than a source (the comments thread, a
section's "More..." / "More updates »", a bookmarking or feed button: "Post to ...", "Add the
RSS feed") gives no in-body link: on the older pages the body keeps such lines with the text,
and their links come along. Asked of in-body candidates only (related blocks are judged apart).
A tool stands apart from running text: an anchor with words of a sentence right before or after
it (up to a separator such as "|", ":", another link or a line break; comments are skipped) is a
word of that sentence ("In <a>comments</a> filed with the agency", "Thomas <a>More</a> wrote
Utopia") and keeps its link.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from . import patterns

MAX_SIBLINGS = 8  # siblings read on each side of the anchor for neighbouring words


def widget_anchor(text: str, a: LexborNode | None = None) -> bool:
    """Is the anchor's text (collapsed) a tool's label (``patterns.INBODY_WIDGET_TEXT``), set
    apart from any sentence (``a``, when given: no words next to it up to a separator)?"""
    if patterns.INBODY_WIDGET_TEXT.match(text) is None:
        return False
    return a is None or not _in_sentence(a)


def _in_sentence(a: LexborNode) -> bool:
    """Are there words right before or after ``a`` in its line (inline wrappers holding only the
    anchor climbed first), up to a separator (``patterns.TOOL_SEPARATOR``) or a non-inline
    element?"""
    node = a
    while (parent := node.parent) is not None and parent.tag in patterns.INLINE_TAGS \
            and _only_child(node, parent):
        node = parent
    return _words_beside(node, forward=False) or _words_beside(node, forward=True)


def _only_child(node: LexborNode, parent: LexborNode) -> bool:
    """Is ``node`` all ``parent`` holds (blank text aside)?"""
    return not any(other.mem_id != node.mem_id
                   and (other.tag != "-text" or (other.text_content or "").strip())
                   for other in parent.iter(include_text=True))


def _words_beside(node: LexborNode, forward: bool) -> bool:
    parts: list[str] = []
    sibling = node.next if forward else node.prev
    for _ in range(MAX_SIBLINGS):
        if sibling is None:
            break
        if sibling.tag == "-text":
            parts.append(sibling.text_content or "")
        elif sibling.tag in patterns.INLINE_TAGS and sibling.css_first("a") is None:
            parts.append(sibling.text(deep=True))
        elif sibling.tag != "-comment":
            break  # another link (a row of tools), a line break, an image, a block: line ends
        sibling = sibling.next if forward else sibling.prev
    line = "".join(parts if forward else reversed(parts))
    pieces = patterns.TOOL_SEPARATOR.split(line)
    near = pieces[0] if forward else pieces[-1]
    return patterns.SENTENCE_WORD.search(near) is not None
