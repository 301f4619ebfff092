"""The fixed tuning/validation split of the body gold sets (decided before any tuning).

Every page belongs to a *site*: the host of the page's URL when the set gives one (scrapinghub,
l3s-gn1), else the host the page names for itself (``<link rel=canonical>``, ``og:url``,
``<base href>``), else the most frequent host among its absolute links, else the page id.
Hosts are reduced to their last two labels (three under a short second-level label such as
``co.uk``; the whole host on blog platforms such as blogspot.com), with web.archive.org
prefixes removed; hosts of widgets and toolbars (alexa.com, w3.org, ...) are not sites. A site goes to the tuning part when the
first 8 hex digits of ``sha1("scrapekit-body-split-v1:" + site)`` are even, else to
validation, so that every page of one site sits on the same side and no rule can be tuned on a
site that is then used to validate it. ``cleanportaleval`` (5 portal sections, template-heavy)
is validation only: a regression check, never tuned on.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from urllib.parse import urlsplit

SALT = "scrapekit-body-split-v1:"
VALIDATION_ONLY = frozenset({"cleanportaleval"})

_SELF_URL = (
    re.compile(r"<link[^>]+rel=[\"']?canonical[\"']?[^>]*>", re.IGNORECASE),
    re.compile(r"<meta[^>]+property=[\"']?og:url[\"']?[^>]*>", re.IGNORECASE),
    re.compile(r"<base[^>]+href[^>]*>", re.IGNORECASE),
)
_ATTR_URL = re.compile(r"(?:href|content)\s*=\s*[\"']?(https?://[^\"'\s>]+)", re.IGNORECASE)
_HREF = re.compile(r"href\s*=\s*[\"']?(https?://[^\"'\s>/]+)", re.IGNORECASE)
_ARCHIVE = re.compile(r"^https?://web\.archive\.org/web/[^/]+/", re.IGNORECASE)
_IGNORED_HOSTS = ("archive.org", "w3.org", "google.com", "facebook.com", "twitter.com",
                  "doubleclick.net", "addthis.com", "googleapis.com", "alexa.com", "purl.org",
                  "adobe.com", "macromedia.com", "feedburner.com", "digg.com", "delicious.com")
# blog hosts: each subdomain is its own site
_PLATFORMS = ("blogspot.com", "typepad.com", "wordpress.com", "tumblr.com", "livejournal.com",
              "blogs.com", "squarespace.com")


def site_of_host(host: str) -> str:
    labels = [x for x in host.lower().split(":")[0].split(".") if x]
    if labels[:1] == ["www"]:
        labels = labels[1:]
    if len(labels) >= 3 and ".".join(labels[-2:]) in _PLATFORMS:
        return ".".join(labels)
    if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _host(url: str) -> str:
    url = _ARCHIVE.sub("", url.strip())
    if not url.lower().startswith(("http://", "https://")):
        url = "http://" + url
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def site_key(page_id: str, url: str | None, html: str) -> str:
    """The site a page belongs to (see the module doc)."""
    if url:
        host = _host(url)
        if host:
            return site_of_host(host)
    head = html[:200_000]
    for rx in _SELF_URL:
        for tag in rx.findall(head):
            m = _ATTR_URL.search(tag)
            host = _host(m.group(1)) if m else ""
            if host and site_of_host(host) not in _IGNORED_HOSTS:
                return site_of_host(host)
    hosts = Counter(site_of_host(_host(_ARCHIVE.sub("", m))) for m in _HREF.findall(html))
    for site, _ in hosts.most_common():
        if site and site not in _IGNORED_HOSTS:
            return site
    return "id:" + page_id


def part_of(dataset: str, site: str) -> str:
    """'tuning' or 'validation' for a page of this set and site."""
    if dataset in VALIDATION_ONLY:
        return "validation"
    digest = hashlib.sha1((SALT + site).encode("utf-8")).hexdigest()
    return "tuning" if int(digest[:8], 16) % 2 == 0 else "validation"
