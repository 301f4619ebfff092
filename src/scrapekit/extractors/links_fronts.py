"""The site's own fronts, hubs and place indexes (the thirty-sixth round of related links).

The guide (docs/labelling-links.md, 5.2) excludes index pages even when the text links them:
a section's or the site's front, a topic hub, an archive, a place page. ``clean_link_url``
drops the short fronts (at most two short slugs, ``_is_hub``) and the index folders it names
(``patterns.INDEX_PATHS``); ``_named_index`` and its twins drop an entity page named by its
anchor text. Three shapes pass all of them (tuning material, 2008 and current pages alike):

- a deeper front written with its index file (``/sport1/hi/football/eng_prem/default.stm``,
  ``/editorial/story/v-archive/index.html``, the site's home page as ``/index.html``), its
  folder a short name (``FRONT_FOLDER_MAX_WORDS``: a story's folder is a slug of several words);
- a hub named by its slug's last word after a section word, or by a short slug
  (``/middle-east-crisis-news-hub/``, ``/v-archive/``; not ``/airport-becomes-a-regional-hub``);
- a place page under a places folder, its slug a place's few words
  (``/locations/milan-museums-exhibitions/``; not ``/places/best-beaches-in-sardinia``).

All three are asked only of a same-site address without a query whose path holds no run of
three digits (``patterns.FRONT_ID_DIGITS``): a story carries a date or an id
(``/2008/US/01/15/<slug>/index.html`` is a story; another site's ``/products/<name>/index.html``
is its product page). Word tables in ``patterns`` (FRONT_*). Pure.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from . import patterns


def _slug_words(segment: str) -> list[str]:
    return [w for w in patterns.SERVICE_SPLIT.split(segment.lower()) if w]


def _hub_slug(segment: str) -> bool:
    """A hub's slug: a hub word last, the slug short or a section word before it."""
    words = _slug_words(segment)
    return bool(words) and words[-1] in patterns.FRONT_HUB_WORDS and (
        len(words) <= patterns.FRONT_HUB_SLUG_MAX_WORDS
        or words[-2] in patterns.FRONT_HUB_SECTION_WORDS)


def site_front(url: str, site: str, page_site: str) -> bool:
    """Is ``url`` (a cleaned link address whose host's site is ``site``) one of the page's
    own site's fronts, hubs or place indexes (see the module's docstring)?"""
    if not page_site or site != page_site or "?" in url:
        return False
    path = urlsplit(url).path
    if patterns.FRONT_ID_DIGITS.search(path):
        return False
    segments = [s for s in path.split("/") if s]
    if not segments:
        return False
    if patterns.FRONT_INDEX_FILE.match(segments[-1]):
        # (a story set as its own folder, /features/why-the-tram-was-late/index.html, is named
        # by a slug of several words: a front's folder is a short name)
        return len(segments) < 2 or len(_slug_words(segments[-2])) <= patterns.FRONT_FOLDER_MAX_WORDS
    if _hub_slug(segments[-1]):
        return True
    for i, segment in enumerate(segments[:-1]):
        if segment.lower() in patterns.FRONT_PLACE_FOLDERS:
            return (len(segments) - i - 1 <= patterns.FRONT_PLACE_MAX_SEGMENTS
                    and len(_slug_words(segments[-1])) <= patterns.FRONT_PLACE_SLUG_MAX_WORDS)
    return False
