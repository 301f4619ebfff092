"""Related blocks that say so in so many words (the twenty-sixth round of related links).

The block model refuses many blocks headed and classed "Related ..." at a probability of 0.3-0.5
(blocks of the same shape that the labels exclude score higher: no feature tells them apart). A
candidate block the model refused is related all the same when it says so three ways at once:

- its heading's *whole* text says it holds the article's related stories ("Related", "Related
  posts", "See also", "Read also", "More on this story", "Mehr zum Thema", "Lire aussi",
  "関連記事" ...: ``patterns.EXPLICIT_RELATED_HEADING``), never a name ("More from X", "Also in X",
  "Around X" name a site, a section or a blog: feeds by rule 4.7) nor a feed's call ("You may
  also like", "Recommended"), nor a topic ("Related: <topic>");
- its class or id says related too (the block model's ``class_related`` feature);
- its items are two or more article pages of the page's own site (no other site, no section or
  topic front, no home page);

and the model's doubt is a doubt (probability at least ``MIN_PROBABILITY``). The hard vetoes
(site-wide and site-named headings, items off the article's subject, stories later than the
article) still apply after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import patterns

MIN_ITEMS = 2  # distinct article pages (a one-story box is judged as an in-body line)
MIN_PROBABILITY = 0.3  # the block model's probability below which its refusal stands


def explicit_heading(heading: str) -> bool:
    """Does the heading's whole text say the block holds the article's related stories?"""
    return bool(heading) and len(heading) <= patterns.RELATED_HEADING_MAX \
        and patterns.EXPLICIT_RELATED_HEADING.match(heading) is not None


def own_articles(items: Iterable[tuple[str, str]], page_site: str,
                 hub: Callable[[str], bool]) -> bool:
    """Are the items (each link's (site, path)) ``MIN_ITEMS`` or more distinct article pages of
    ``page_site``? ``hub``: is a path a section or topic front (not an article)?"""
    seen: set[str] = set()
    for site, path in items:
        if not page_site or site != page_site or not path.strip("/") or hub(path):
            return False
        seen.add(path)
    return len(seen) >= MIN_ITEMS
