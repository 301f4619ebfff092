"""The cookie jars of a run: one pair per site, as a browser keeps them.

A site is a registrable domain (``www.example.co.uk`` and ``login.example.co.uk`` are
``example.co.uk``, by the Public Suffix List that ``tld`` ships; an IP address or a name under
no listed suffix is its own site). Keeping the jars per site, not per origin, is what lets a
``Domain=example.co.uk`` cookie that a ``login.`` host set reach ``www.``, and a cookie set on an
``http://`` hop reach its ``https://`` upgrade (a sign-on or consent redirect otherwise ends in a
loop); keeping them apart per site is what stops a cookie with ``Domain=github.io`` (a public
suffix) from reaching another tenant. Inside a site's jar, which cookie goes to which host is
the standard library's cookie rules (domain, path, ``Secure``), with host-only cookies (no
``Domain`` attribute) sent to their exact host only, as RFC 6265 says.

Two jars per site (see :class:`scrapekit.fetch.client._Origin`): ``credentialed``, filled and
read only by requests carrying the user's credentials, and ``free``, filled by those that do
not.
"""

from __future__ import annotations

import ipaddress
from collections import OrderedDict
from dataclasses import dataclass, field
from http.cookiejar import Cookie, CookieJar, DefaultCookiePolicy
from typing import Any

import httpx
from tld import get_fld, get_tld

MAX_SITES = 4096
"""Sites whose cookies a run keeps; the least recently used site's are dropped beyond it."""


def site_key(host: str) -> str:
    """The registrable domain of ``host`` (lower-cased), or ``host`` itself for an IP address,
    a single label or a name under no public suffix the list knows."""
    name = host.lower().rstrip(".").strip("[]")
    try:
        ipaddress.ip_address(name)
        return name
    except ValueError:
        pass
    return get_fld(name, fail_silently=True, fix_protocol=True) or name


def is_public_suffix(domain: str) -> bool:
    """Is ``domain`` a suffix the list knows under which others register names (``com``,
    ``co.uk``, ``github.io``)?"""
    name = domain.lower().strip(".")
    return bool(name) and get_tld(name, fail_silently=True, fix_protocol=True) == name


class _SitePolicy(DefaultCookiePolicy):
    """The standard rules, with host-only cookies sent to their exact host only (the default
    would send one that ``example.com`` set to every ``*.example.com``) and a ``Domain`` that
    is a public suffix refused (RFC 6265 5.3: a cookie for every site under ``github.io``)."""

    def __init__(self) -> None:
        super().__init__(strict_ns_domain=DefaultCookiePolicy.DomainStrictNonDomain)

    def set_ok_domain(self, cookie: Cookie, request: Any) -> bool:
        if cookie.domain_specified and is_public_suffix(cookie.domain):
            return False
        return bool(super().set_ok_domain(cookie, request))


def new_jar() -> httpx.Cookies:
    """An empty jar under :class:`_SitePolicy`."""
    return httpx.Cookies(CookieJar(policy=_SitePolicy()))


@dataclass
class SiteJars:
    """One site's two jars."""

    credentialed: httpx.Cookies = field(default_factory=new_jar)
    free: httpx.Cookies = field(default_factory=new_jar)


class CookieJars:
    """The jars of a run by site, at most ``max_sites`` of them (least recently used out)."""

    def __init__(self, max_sites: int = MAX_SITES) -> None:
        self.max_sites = max_sites
        self._sites: OrderedDict[str, SiteJars] = OrderedDict()

    def for_host(self, host: str) -> SiteJars:
        key = site_key(host)
        jars = self._sites.get(key)
        if jars is None:
            jars = self._sites[key] = SiteJars()
            while len(self._sites) > self.max_sites:
                self._sites.popitem(last=False)
        else:
            self._sites.move_to_end(key)
        return jars

    def __len__(self) -> int:
        return len(self._sites)


__all__ = ["MAX_SITES", "CookieJars", "SiteJars", "is_public_suffix", "new_jar", "site_key"]
