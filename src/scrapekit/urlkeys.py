"""URL identity: which query parameters are tracking noise, and the key under which two
inputs are the same page. Light on purpose (the pipeline's process imports it; so do the
extractors, for cleaning related links)."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Parameters that never tell two pages apart, on any site: analytics, ad-click and share
# markers. Dropped everywhere: the fetch's duplicate check (two inputs that differ only here are
# one page) and the extractor's cleaning of the links it returns.
TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|gclsrc|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|"
    r"ref_src|ref_url|ocid|cmpid|ito|icid|ncid|sr_share|share|smid|smtyp|__twitter_impression|"
    r"at_medium|at_campaign|at_custom\d|ns_mchannel|ns_source|ns_campaign|ns_linkname|"
    r"ns_fee|wt_mc|wt\.\w+|s_cid|mkt_tok|spm|soc_src|soc_trk|xtor|ftag|"
    r"itm_\w+|int_\w+|__cf_chl_\w+|guccounter|guce_\w+|srcref|via)$",
    re.IGNORECASE,
)
# Parameters that are *usually* tracking but name content on some sites: short generic names
# (?cid=12 a category, ?src=..., ?ref=main a branch, ?cmp=...), a site's own click tracking
# (internal referrer / campaign codes: ?iref=pc_rellink_01, ?ico=mosaic_tag, ?intcmp=...; any
# "click" parameter, which may also be a redirect's target; Coremetrics' cm_* tags) and generic
# names whose value names the page slot the link was clicked in (SLOT_VALUE). Dropped only where
# a wrong merge costs little: matching a found link with a labelled one (match_key), never in
# the duplicate check (a wrong merge there gives one input another page's record) nor in the
# URLs a record holds.
LIKELY_TRACKING_PARAMS = re.compile(
    r"^(?:cid|src|ref|cmp|iref|ico|icmp|intcmp|refsource|ref_source|\w*click\w*|"
    r"cm_mmc|cm_sp|cm_re)$",
    re.IGNORECASE,
)
# Generic names (a tag listing's ?tag=, a shop's affiliate ?tag=) that are tracking only with a
# value naming the page slot: lower-case words joined by "_", one of them a slot word
# (?tag=cleaf_relstory_manual: the related-stories slot)
TRACKING_VALUE_PARAMS = frozenset({"tag", "from"})
SLOT_VALUE = re.compile(
    r"^[a-z]+(?:_[a-z0-9]+)*_(?:rel|related|relstory|rellink|recommend|pickup|ranking|sidebar|"
    r"footer|bottom|inline|module|widget)(?:_[a-z0-9]+)*$")
SLOT_VALUE_MAX = 64  # a longer value is no slot code (and the pattern stays linear)
# The short generic names of LIKELY_TRACKING_PARAMS, as often content as tracking (?cid=12 a
# category, ?ref=v1 a branch, ?src=board-vote a video): a click code only with a slot value
GENERIC_PARAMS = frozenset({"cid", "src", "ref", "cmp"})


def is_tracking(key: str, value: str = "") -> bool:
    """Is the query parameter ``key`` tracking noise on every site (TRACKING_PARAMS)? Safe to drop
    when deciding that two inputs are one page, and from a URL a record returns."""
    return TRACKING_PARAMS.match(key) is not None


def is_likely_tracking(key: str, value: str = "") -> bool:
    """Is ``key=value`` probably tracking: :func:`is_tracking`, or LIKELY_TRACKING_PARAMS by
    name, or a generic name with a slot-code value (SLOT_VALUE)? For matching links only."""
    if TRACKING_PARAMS.match(key) or LIKELY_TRACKING_PARAMS.match(key):
        return True
    return key.lower() in TRACKING_VALUE_PARAMS and _slot_value(value)


def _slot_value(value: str) -> bool:
    """Does the value name the page slot a link was clicked in (SLOT_VALUE)?"""
    return len(value) <= SLOT_VALUE_MAX and SLOT_VALUE.match(value) is not None


def is_click_code(key: str, value: str = "") -> bool:
    """Is ``key=value`` a site's own click code (:func:`is_tracking`, a click-tracking name of
    LIKELY_TRACKING_PARAMS, or a generic name with a slot-code value: ?iref=pc_rellink_01,
    ?from=nav_top_rel)? Two links of one page that differ only here are one link; a bare
    ?cid=101 / ?ref=v1 / ?src=... (GENERIC_PARAMS) names content as often, and is no click code."""
    if TRACKING_PARAMS.match(key):
        return True
    name = key.lower()
    if name in GENERIC_PARAMS or name in TRACKING_VALUE_PARAMS:
        return _slot_value(value)
    return LIKELY_TRACKING_PARAMS.match(key) is not None


def dedup_key(url: str) -> str:
    """Two inputs with the same key are the same page: fetched once, recorded per input.
    Scheme and host case, default ports, fragments and tracking parameters do not matter;
    every other part of the path and query does, and so do the credentials (``user:pw@``:
    another user's page is another page; the key holds a digest of them, never them)."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url
    if ":" in host:  # an IPv6 address keeps its brackets ([::1]:8080 is not [::1:8080])
        host = f"[{host}]"
    if port and (parts.scheme.lower(), port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    userinfo, at, _ = parts.netloc.rpartition("@")
    if at:
        host = f"{hashlib.sha256(userinfo.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}@{host}"
    query = "&".join(kv for kv in parts.query.split("&")
                     if kv and not is_tracking(*kv.split("=", 1)))
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", query, ""))


def match_key(url: str, drop: Callable[[str, str], bool] | None = None) -> str:
    """Key under which a found link and a labelled one are the same link (scoring: ``scrapekit
    eval``, the link benchmark): host case and ``www.``, default ports, a trailing slash,
    fragments, query order and tracking parameters do not matter. Looser than
    :func:`dedup_key`, which decides what is fetched. ``drop`` (default
    :func:`is_likely_tracking`) says which parameters do not matter."""
    try:
        parts = urlsplit(url.strip())
        port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    if not parts.query:  # most links: no query to read (the same key, cheaper)
        return f"{host}{port}{path}?"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not (drop or is_likely_tracking)(k, v))
    return f"{host}{port}{path}?{urlencode(query)}"


def is_ip_address(host: str) -> bool:
    """Is ``host`` an IP address (``127.0.0.1``, ``::1``) rather than a name?"""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
