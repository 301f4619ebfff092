"""Blocks of several headed lists (the twenty-seventh round of related links).

A candidate related block can hold several lists, each under its own heading: a "Related
Stories" module made of topic lists (each named for a club, a league, a section, often with its
own feed button), or a sidebar box of "Related news", "You might like these" and "Subscribe to
updates". Such a block is a set of feeds: rule 4.7 of the labelling guide excludes lists named
for a topic or a section, and the block model, which judges the block as one list (its first
heading, its items' share of the article's words), takes them when the first heading says
related. ``headed_sections`` counts the sections: a heading element that is no story card's
linked headline (no link, or a few words) followed, before the next heading, by two story links
or more outside it. ``several_lists`` says whether a block holds patterns.MIN_SECTIONS of them
and a feed button (an RSS / feed link: the lists are feeds and say so): links.py then refuses
the block ("when unsure, return null"). One walk over the block's
elements, asked only of a block the model accepted.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from . import patterns
from .text import collapse


def headed_sections(group: list[LexborNode]) -> int:
    """How many headings of the block (its elements in page order) are each followed by
    patterns.SECTION_MIN_STORIES story links or more before the next heading, a heading being
    a section's name: no link, or at most patterns.SECTION_HEADING_WORDS words."""
    sections = 0
    stories = -1  # story links after the current section heading (-1: no section open)
    for node in group:
        in_heading: set[int] = set()
        for element in node.traverse(include_text=False):
            tag = element.tag
            if tag in patterns.SECTION_HEADING_TAGS:
                if stories >= patterns.SECTION_MIN_STORIES:
                    sections += 1
                own = element.css("a[href]")
                in_heading.update(a.mem_id for a in own)
                words = len(collapse(element.text(deep=True, separator=" ")).split())
                stories = 0 if not own or words <= patterns.SECTION_HEADING_WORDS else -1
            elif tag == "a" and stories >= 0 and element.mem_id not in in_heading \
                    and element.attrs.get("href"):
                if len(collapse(element.text(deep=True, separator=" "))) \
                        >= patterns.SECTION_STORY_TEXT:
                    stories += 1
    if stories >= patterns.SECTION_MIN_STORIES:
        sections += 1
    return sections


def feed_link(group: list[LexborNode]) -> bool:
    """Does the block hold a feed button (an anchor whose URL or whole text names a feed)?"""
    for node in group:
        for a in node.css("a[href]"):
            if patterns.FEED_HREF.search(a.attrs.get("href") or "") is not None \
                    or patterns.FEED_TEXT.match(collapse(a.text(deep=True, separator=" "))):
                return True
    return False


def several_lists(group: list[LexborNode]) -> bool:
    """Is the block several headed lists (:func:`headed_sections`) with a feed button
    (:func:`feed_link`), not one list of stories?"""
    return feed_link(group) and headed_sections(group) >= patterns.MIN_SECTIONS
