"""Headline lines on pages of the table era (the thirtieth round of related links).

On pages written before HTML5's sectioning elements (no ``<article>``, ``<section>``, ``<nav>``,
... anywhere: the 2008 news pages), the body extractor keeps the site's lists with the text: the
day's headlines, a section's latest stories, "Submit your video", a store's product lines. Their
anchors stand alone in their line; the text's own links on such pages are words of sentences
("A Forbes report said ..."). So, on such a page only, an in-body anchor that is the whole text
of its block (decoration aside: a bullet, an arrow, brackets) and is set as a headline (title
case, no sentence end: "How to Be Creative", "MP4 Players") gives no in-body link; a line that
is a sentence ("Find more costume ideas here.", "What can you expect?"), a bare address, a
lower-case line ("The logistics of ...") keeps its link. Modern pages
set single-story "Read more" lines between paragraphs that the labels keep: they are not asked.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from . import patterns


def old_page(body: LexborNode) -> bool:
    """Has the page none of HTML5's sectioning elements (``patterns.MODERN_SECTIONING``), and
    ``patterns.TABLE_ERA_MIN_TABLES`` tables or more?"""
    return body.css_first(patterns.MODERN_SECTIONING) is None \
        and len(body.css("table")) >= patterns.TABLE_ERA_MIN_TABLES


def headline_line(a: LexborNode, block: LexborNode | None) -> bool:
    """Is the anchor's text all its block holds, decoration aside?"""
    if block is None:
        return False
    line = patterns.LINE_DECORATION.sub("", block.text(deep=True, separator=" "))
    return bool(line) and line == patterns.LINE_DECORATION.sub("", a.text(deep=True, separator=" "))


def title_case(text: str) -> bool:
    """Is ``text`` set as a headline: a capital in each word longer than
    ``patterns.TITLE_SMALL_WORD_MAX`` letters ("eBook" counts; one word at least opens with
    one; a caseless script's word never counts as one), no sentence end?"""
    if patterns.SENTENCE_END.search(text):
        return False
    long_words = [w for w in patterns.TITLE_WORD.findall(text)
                  if len(w) > patterns.TITLE_SMALL_WORD_MAX]
    # a word with no capital, or in a script without case (a Japanese line), is no headline's
    return any(w[0].isupper() for w in patterns.TITLE_WORD.findall(text)) and all(
        not w.islower() and w.lower() != w.upper() for w in long_words)
