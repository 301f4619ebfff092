"""In-body anchors that are not the text's links (the twenty-fourth round of related links).

An anchor whose whole text names a tool of the page rather than a source (the comments thread, a
section's "More..." / "More updates »", a bookmarking or feed button: "Post to ...", "Add the
RSS feed") gives no in-body link: on the older pages the body keeps such lines with the text,
and their links come along. Asked of in-body candidates only (related blocks are judged apart).
"""

from __future__ import annotations

from . import patterns


def widget_anchor(text: str) -> bool:
    """Is the anchor's text (collapsed) a tool's label (``patterns.INBODY_WIDGET_TEXT``)?"""
    return patterns.INBODY_WIDGET_TEXT.match(text) is not None
