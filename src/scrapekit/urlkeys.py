"""URL identity: which query parameters are tracking noise, and the key under which two
inputs are the same page. Light on purpose (the pipeline's process imports it; so do the
extractors, for cleaning related links)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|gclsrc|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|"
    r"ref_src|ref_url|ocid|cmpid|ito|icid|ncid|sr_share|share|smid|smtyp|__twitter_impression|"
    r"at_medium|at_campaign|at_custom\d|ns_mchannel|ns_source|ns_campaign|ns_linkname|"
    r"ns_fee|wt_mc|wt\.\w+|s_cid|cid|mkt_tok|spm|soc_src|soc_trk|cmp|xtor|ftag|"
    r"itm_\w+|int_\w+|__cf_chl_\w+|guccounter|guce_\w+|src|srcref|via|ref|"
    # a site's own click tracking: internal referrer / campaign codes (?iref=pc_rellink_01,
    # ?ico=mosaic_tag, ?intcmp=...), any "click" parameter (?pickup_list_click1=true,
    # ?clickSource=story-heading), Coremetrics' cm_* tags
    r"iref|ico|icmp|intcmp|refsource|ref_source|\w*click\w*|cm_mmc|cm_sp|cm_re)$",
    re.IGNORECASE,
)
# Generic names (a tag listing's ?tag=, a shop's affiliate ?tag=) that are tracking only with a
# value naming the page slot the link was clicked in: lower-case words joined by "_", one of
# them a slot word (?tag=cleaf_relstory_manual: the related-stories slot)
TRACKING_VALUE_PARAMS = frozenset({"tag", "from"})
SLOT_VALUE = re.compile(
    r"^[a-z]+(?:_[a-z0-9]+)*_(?:rel|related|relstory|rellink|recommend|pickup|ranking|sidebar|"
    r"footer|bottom|inline|module|widget)(?:_[a-z0-9]+)*$")


def is_tracking(key: str, value: str = "") -> bool:
    """Is the query parameter ``key=value`` tracking noise (TRACKING_PARAMS by name; a generic
    name with a slot-code value, see SLOT_VALUE)?"""
    if TRACKING_PARAMS.match(key):
        return True
    return key.lower() in TRACKING_VALUE_PARAMS and SLOT_VALUE.match(value) is not None


def dedup_key(url: str) -> str:
    """Two inputs with the same key are the same page: fetched once, recorded per input.
    Scheme and host case, default ports, fragments and tracking parameters do not matter;
    every other part of the path and query does."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url
    if port and (parts.scheme.lower(), port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = "&".join(kv for kv in parts.query.split("&")
                     if kv and not is_tracking(*kv.split("=", 1)))
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))


def match_key(url: str) -> str:
    """Key under which a found link and a labelled one are the same link (scoring: ``scrapekit
    eval``, the link benchmark): host case and ``www.``, default ports, a trailing slash,
    fragments, query order and tracking parameters do not matter. Looser than
    :func:`dedup_key`, which decides what is fetched."""
    try:
        parts = urlsplit(url.strip())
        port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not is_tracking(k, v))
    path = parts.path.rstrip("/") or "/"
    return f"{host}{port}{path}?{urlencode(query)}"
