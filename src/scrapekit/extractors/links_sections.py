"""Blocks of several headed lists (the twenty-seventh round of related links).

A candidate related block can hold several lists, each under its own heading: a "Related
Stories" module made of topic lists (each named for a club, a league, a section, often with its
own feed button), or a sidebar box of "Related news", "You might like these" and "Subscribe to
updates". The block model judges a block as one list (its first heading, its items' share of
the article's words), so it takes or refuses all the lists at once, while rule 4.7 of the
labelling guide judges each list by its own name (a list named for a topic or a section is a
feed). ``headed_sections`` counts the sections: a heading element that is no story card's
linked headline (no link, or a few words) followed, before the next heading, by two story links
or more outside it. A candidate block holding another candidate and patterns.MIN_SECTIONS
sections is not judged as one (``links._split_blocks``): only the blocks under a related
heading inside it are, each alone, and the rest of it gives no link ("when unsure, return
null": a section named for a topic or a feed is not taken with them). One walk over the
block's elements, asked only of a block holding another candidate.
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

