"""Related links, one decision per page: does this page link any story at all?

The rules of links.py judge each anchor and each block on its own. On an old news page (a 2008
table layout) the text holds no link a reader would follow, and what the rules let through is
the page's service furniture: a sponsors' box taken for a related block, "More..." buttons to
the section, "Upload your videos", "Community calendar". Each of these passes its own test; what
gives them away is the page as a whole: not one of the page's own-site links looks like a story.

A story's address carries an id or a date (a digit in its path or query) or a slug of words
(``/2024/05/council-budget``, ``/news/city-votes-on-budget``); a service or section page has
neither (``/community/calendar.html``, ``/healthylife/sponsor/dentistry/index.htm``). When the
page itself is a story by that test and none of its returned links on its own site (three or
more) is, the page has no article links: it returns none ("when unsure, return null": a page
that links a single story keeps every link). Links to other sites are not judged by their shape
(a government agency's home page can be the text's link); they go with the page's.

Pure, no I/O; the table lives in patterns/links.py (PAGE_*).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from ..record import Link
from . import patterns


def story_shaped(url: str) -> bool:
    """Does the address look like a story's: a digit in its path or query (an id, a date), or a
    last path segment (its file extension and an index file name aside) of two words or more?"""
    parts = urlsplit(url)
    if patterns.PAGE_DIGIT.search(parts.path) or patterns.PAGE_DIGIT.search(parts.query):
        return True
    segments = [s for s in parts.path.split("/") if s]
    if segments and patterns.INDEX_FILE.match(segments[-1]):
        segments.pop()  # /health/dentistry/index.htm is the page /health/dentistry
    if not segments:
        return False
    last = patterns.PAGE_EXTENSION.sub("", segments[-1])
    return len([w for w in patterns.SLUG_SPLIT.split(last) if w]) >= patterns.PAGE_STORY_SLUG_WORDS


def no_article_links(links: Sequence[Link], page_url: str | None, page_site: str,
                     site_of: Callable[[str], str]) -> bool:
    """Is every one of the page's own-site links (PAGE_MIN_OWN_LINKS or more) shaped unlike a
    story while the page's own address is a story's? Then none of its links is the article's.
    ``site_of`` gives a host's registrable site (links._site)."""
    if not page_site or not page_url or not story_shaped(page_url):
        return False
    own = 0
    for link in links:
        if site_of(urlsplit(link.url).hostname or "") != page_site:
            continue
        if story_shaped(link.url):
            return False
        own += 1
    return own >= patterns.PAGE_MIN_OWN_LINKS
