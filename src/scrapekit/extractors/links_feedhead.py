"""Blocks under a generic "more stories" heading (the thirty-third round of related links).

A block whose heading says only "more (of the site's) stories" ("More Stories", "More Popular
Stories", "Read More Articles", "More Auto News...", "Weitere Beiträge", "Other stories":
``patterns.GENERIC_FEED_HEADING``, the whole heading) names neither a subject nor a relation to
the article: on the tuning pages such blocks are the site's latest stories, a section's or a
blog's newest posts (guide rules 4.7 and 5.3), which the block model accepts because their
headings match the related-heading table's "more ... stories" and "read more" forms. Such a
block is related only when most of its items are on the article's own subject (a word of the
title and lead, and most of the item's words in the text: the caller's ``on_subject``);
otherwise none of its links is returned. Headings that name a subject or a relation ("More on
X", "Mehr zum Thema", "More Dishonored", "Read more", "More related stories") are not asked.
"""

from __future__ import annotations

from collections.abc import Callable

from selectolax.lexbor import LexborNode

from . import patterns
from .links_anchors import AnchorsOf, anchors_below, item_texts

MIN_ITEM_TEXT = 12  # characters: shorter anchor texts ("More »", a count) are no story titles


def generic_heading(heading: str) -> bool:
    """Is the heading a generic "more stories" label (no subject, no relation)?"""
    return bool(heading) and len(heading) <= patterns.RELATED_HEADING_MAX \
        and patterns.GENERIC_FEED_HEADING.match(heading) is not None


def generic_feed(group: list[LexborNode], heading: str, on_subject: Callable[[str], bool],
                 of: AnchorsOf = anchors_below) -> bool:
    """Is the block a feed under a generic heading: the heading is generic and fewer than
    ``patterns.GENERIC_FEED_ON_SUBJECT`` of its story items (distinct links with a title-long
    text) are on the article's own subject?"""
    if not generic_heading(heading):
        return False
    titles = [t for t in item_texts(group, of).values() if len(t.strip()) >= MIN_ITEM_TEXT]
    if not titles:
        return True
    return sum(map(on_subject, titles)) < patterns.GENERIC_FEED_ON_SUBJECT * len(titles)
