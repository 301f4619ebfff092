"""The site's own fronts, hubs and place indexes (the thirty-sixth round of related links).

The guide (docs/labelling-links.md, 5.2) excludes index pages even when the text links them:
a section's or the site's front, a topic hub, an archive, a place page. ``clean_link_url``
drops the short fronts (at most two short slugs, ``_is_hub``) and the index folders it names
(``patterns.INDEX_PATHS``); ``_named_index`` and its twins drop an entity page named by its
anchor text. Three shapes pass all of them (tuning material, 2008 and current pages alike):

- a deeper front written with its index file (``/sport1/hi/football/eng_prem/default.stm``,
  ``/editorial/story/v-archive/index.html``, the site's home page as ``/index.html``), its
  folder a short name (``FRONT_FOLDER_MAX_WORDS``: a story's folder is a slug of several words);
- a hub named by its slug's last word (``/middle-east-crisis-news-hub/``);
- a place page under a places folder (``/locations/milan-museums-exhibitions/``).

All three are asked only of a same-site address without a query whose path holds no run of
three digits (``patterns.FRONT_ID_DIGITS``): a story carries a date or an id
(``/2008/US/01/15/<slug>/index.html`` is a story; another site's ``/products/<name>/index.html``
is its product page). Word tables in ``patterns`` (FRONT_*). Pure.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from . import patterns


def _slug_last_word(segment: str) -> str:
    words = [w for w in patterns.SERVICE_SPLIT.split(segment.lower()) if w]
    return words[-1] if words else ""


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
        return len(segments) < 2 or len([w for w in patterns.SERVICE_SPLIT.split(
            segments[-2].lower()) if w]) <= patterns.FRONT_FOLDER_MAX_WORDS
    if _slug_last_word(segments[-1]) in patterns.FRONT_HUB_WORDS:
        return True
    for i, segment in enumerate(segments[:-1]):
        if segment.lower() in patterns.FRONT_PLACE_FOLDERS:
            return len(segments) - i - 1 <= patterns.FRONT_PLACE_MAX_SEGMENTS
    return False
