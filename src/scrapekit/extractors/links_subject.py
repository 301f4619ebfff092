"""Related blocks on one subject: a block of stories the block model refused in doubt is
related when most of its stories name one and the same subject word of the article's title and
lead.

Why: the model weighs a block's topicality as the share of items sharing *any* word with the
article (``topical_lead``, ``overlap_lead``), which a feed of the site's news reaches by chance
(the place, the beat) as often as a related box does; so related boxes with a plain heading or
none ("Related", "Read more stories", a story's own headline taken for the heading) score
0.3-0.5, among the feeds. What a feed does not do is name the *same* subject word in most of its
stories: the game's name in four stories of four under an article on that game, the phone
maker's in four of five (whole words: see :func:`subject_words`). On the tuning material,
blocks of three titled items or more where one title-and-lead word is in three quarters of the
items hold 170 related and 12 excluded links (at
60%: 247 and 23; the excluded ones mostly two stories of three naming a country or a section's
subject); among the blocks the model refused at 0.3-0.5 (no veto) the rule gives 8 right related
links and no wrong one. The vetoes (off the subject, site-wide or site-named heading, later
stories, generic feed heading) still apply after it.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from . import patterns
from .links_anchors import AnchorsOf, item_texts
from .links_blocks import MIN_ITEM_TEXT

_WORD = re.compile(r"\w+")


def subject_words(text: str) -> set[str]:
    """The whole words (case-folded, letters or digits, patterns.RELATED_WORD_MIN or longer,
    no stop word) a block's stories must share with the title and lead. Whole words, not the
    stems the model reads: a stem joins "police" and "policy", "county" and "country"; and no
    pairs of kanji: a place name or a verb such as "announce" is a pair as often as a subject."""
    return {w for w in _WORD.findall(text.casefold())
            if len(w) >= patterns.RELATED_WORD_MIN and not w.isdigit()} - patterns.STOP_WORDS


def common_subject(group: list[LexborNode], lead_words: set[str], probability: float,
                   of: AnchorsOf) -> bool:
    """Is a block the model refused in doubt (``probability`` at least
    patterns.SUBJECT_LIST_PROBABILITY) a list of stories on the article's subject: of its
    titled items (patterns.SUBJECT_LIST_MIN_ITEMS or more distinct titles), the share
    patterns.SUBJECT_LIST_SHARE or more name one same word of the title and lead
    (``lead_words``: :func:`subject_words`)?"""
    if probability < patterns.SUBJECT_LIST_PROBABILITY or not lead_words:
        return False
    titles = {text for text in item_texts(group, of).values()  # (collapsed texts)
              if len(text) >= MIN_ITEM_TEXT}
    if len(titles) < patterns.SUBJECT_LIST_MIN_ITEMS:
        return False
    counts: dict[str, int] = {}
    for title in titles:
        for word in subject_words(title) & lead_words:
            counts[word] = counts.get(word, 0) + 1
    return bool(counts) and max(counts.values()) >= patterns.SUBJECT_LIST_SHARE * len(titles)
