"""The cookie jars of a run: one pair per site, as a browser keeps them.

A site is a registrable domain (``www.example.co.uk`` and ``login.example.co.uk`` are
``example.co.uk``, by the Public Suffix List that ``publicsuffixlist`` ships, ``xn--`` labels
and Unicode alike; a name under a suffix the list does not know is read as under a public one,
as browsers do; an IP address or a single label is its own site). Keeping the jars per site,
not per origin, is what lets a ``Domain=example.co.uk`` cookie that a ``login.`` host set reach
``www.``, and a cookie set on an ``http://`` hop reach its ``https://`` upgrade (a sign-on or
consent redirect otherwise ends in a loop); keeping them apart per site is what stops a cookie
from reaching another tenant of a public suffix. Inside a site's jar, which cookie goes to
which host is the standard library's cookie rules (domain, path, ``Secure``, expiry), with
RFC 6265's two differences from its defaults: a host-only cookie (no ``Domain``) goes to its
exact host only, and a ``Domain`` that is a public suffix is refused (or, set by that very host,
kept as host-only).

Bounded: at most :data:`MAX_SITES` sites (least recently used dropped) and
:data:`MAX_COOKIES` cookies per jar (the oldest host's dropped first); a request looks only at
the cookies of its host and the host's parent domains, so a site of many hosts (a blog
platform) costs no more per request than one.

Two jars per site (see :class:`scrapekit.fetch.client._Origin`): ``credentialed``, filled and
read only by requests carrying the user's credentials, and ``free``, filled by those that do
not.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from http.cookiejar import Cookie, CookieJar, DefaultCookiePolicy
from http.cookiejar import eff_request_host  # type: ignore[attr-defined]  # not in typeshed
from typing import Any

import httpx

from ..urlkeys import is_ip_address

log = logging.getLogger(__name__)

MAX_SITES = 1024
"""Sites whose cookies a fetcher keeps; the least recently used site's are dropped beyond it."""
MAX_COOKIES = 200
"""Cookies one jar keeps (browsers keep ~180 per domain); the oldest host's go first."""
SWEEP_SECONDS = 60.0
"""Expired cookies are never sent; they are removed from a jar at most this often."""


@cache
def _suffix_list() -> Any:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def _name(host: str) -> str:
    return host.lower().strip().rstrip(".").strip("[]")


def site_key(host: str) -> str:
    """The registrable domain of ``host`` (lower-cased), or ``host`` itself for an IP address,
    a single label or a public suffix."""
    name = _name(host)
    if not name or is_ip_address(name):
        return name
    try:
        return str(_suffix_list().privatesuffix(name) or name)
    except Exception:  # noqa: BLE001 - an odd name is its own site
        return name


def is_public_suffix(domain: str) -> bool:
    """Is ``domain`` a suffix under which others register names (``com``, ``co.uk``,
    ``github.io``, ``xn--55qx5d.cn``), or a name under no suffix the list knows?"""
    name = _name(domain).lstrip(".")
    if not name or is_ip_address(name):
        return False
    try:
        return bool(_suffix_list().is_public(name))
    except Exception:  # noqa: BLE001 - unknown: not a suffix (the cookie rules still apply)
        return False


class _SitePolicy(DefaultCookiePolicy):
    """The standard rules with host-only cookies sent to their exact host only (the default
    would send one that ``example.com`` set to every ``*.example.com``) and a ``Domain`` that
    is a public suffix refused, or kept as host-only when the host itself set it (RFC 6265
    5.3 step 5)."""

    def __init__(self) -> None:
        super().__init__(strict_ns_domain=DefaultCookiePolicy.DomainStrictNonDomain)

    def set_ok(self, cookie: Cookie, request: Any) -> bool:
        if cookie.secure and not _secure(request):  # RFC 6265bis: Secure only from https
            return False
        return bool(super().set_ok(cookie, request))

    def set_ok_domain(self, cookie: Cookie, request: Any) -> bool:
        if cookie.domain_specified and is_public_suffix(cookie.domain):
            req_host, erhn = eff_request_host(request)
            if cookie.domain.lstrip(".") not in (req_host, erhn):
                return False
            cookie.domain, cookie.domain_specified, cookie.domain_initial_dot = erhn, False, False
        return bool(super().set_ok_domain(cookie, request))


def _secure(request: Any) -> bool:
    return str(request.type).lower() in ("https", "wss")


def _may_touch(domain: str, request: Any) -> bool:
    """May a response to ``request`` set or delete a cookie kept under the jar key ``domain``:
    the request's host is that host (host-only) or under that domain (``.domain``)?"""
    req_host, erhn = eff_request_host(request)
    if domain.startswith("."):
        return any(h == domain[1:] or h.endswith(domain) for h in (req_host, erhn))
    return domain in (req_host, erhn)


def _path_under(path: str, parent: str) -> bool:
    """RFC 6265 path-match: ``path`` is ``parent`` or below it."""
    return path == parent or (path.startswith(parent)
                              and (parent.endswith("/") or path[len(parent)] == "/"))


def _host_only_keys(domain: str) -> list[str]:
    """Where a public-suffix ``Domain`` cookie its own host set is kept (:class:`_SitePolicy`):
    under the host, or its ``.local`` form for a single label (the standard library's key)."""
    name = domain.lstrip(".")
    return [name] if "." in name else [name, name + ".local"]


def _candidates(*hosts: str) -> Iterator[str]:
    """The jar keys a request to ``hosts`` may find cookies under: each host and parent
    domain, bare (host-only cookies) and dotted (``Domain`` cookies)."""
    for host in dict.fromkeys(hosts):
        labels = host.lstrip(".").split(".")
        for i in range(len(labels)):
            parent = ".".join(labels[i:])
            yield parent
            yield "." + parent


class _SiteJar(CookieJar):
    """A CookieJar that looks up a request's cookies by its host's domains instead of walking
    every domain it holds, sweeps expired cookies at most every SWEEP_SECONDS, and keeps at most
    MAX_COOKIES (``_cookies``, ``_cookies_for_domain``: the standard library's own layout,
    checked in tests/test_fetch_site_cookies.py)."""

    _cookies: dict[str, dict[str, dict[str, Cookie]]]  # the standard library's, undeclared
    _cookies_lock: Any
    _cookies_for_domain: Any
    _policy: Any

    def __init__(self, max_cookies: int = MAX_COOKIES) -> None:
        super().__init__(policy=_SitePolicy())
        self.max_cookies = max_cookies
        self._request: Any = None  # the request whose response is being read (extract_cookies)
        self.partner: _SiteJar | None = None
        """The site's other jar whose Secure cookies an http answer must not shadow either
        (the credentialed jar's partner is the free one: a credentialed request sends both,
        the credentialed jar's cookie winning a name)."""
        self.deletions_only = False  # extract_cookies applies a response's deletions only
        self.additions_only = False  # ... its new cookies only (a replayed answer: the cache)
        self._count = 0
        self._swept = time.monotonic()

    def _cookies_for_request(self, request: Any) -> list[Cookie]:
        req_host, erhn = eff_request_host(request)
        found: list[Cookie] = []
        jar = self._cookies
        for domain in _candidates(req_host, erhn):
            if domain in jar:
                sent = self._cookies_for_domain(domain, request)
                if sent:
                    self._touch(domain, sent)  # used: the last to be dropped at the cap
                    found.extend(sent)
        return found

    def _touch(self, domain: str, cookies: list[Cookie]) -> None:
        """Move the domain, and each cookie's path and name in it, to the end of the drop
        order (least recently set or sent first)."""
        jar = self._cookies
        paths = jar[domain] = jar.pop(domain)
        for cookie in cookies:
            names = paths.get(cookie.path)
            if names is not None and cookie.name in names:
                paths[cookie.path] = paths.pop(cookie.path)
                names[cookie.name] = names.pop(cookie.name)

    def extract_cookies(self, response: Any, request: Any) -> None:
        """The standard extraction, with what browsers add (RFC 6265bis): a response over http
        neither replaces nor deletes a ``Secure`` cookie, and a deletion (``Max-Age=0``, a past
        ``Expires``, which the standard library applies before any policy check) only touches
        cookies the response's host may set."""
        with self._cookies_lock:
            self._request = request
            try:
                cookies = self.make_cookies(response, request)  # deletions happen here
                if self.deletions_only:
                    return
                sent: set[str] | None = None
                for cookie in cookies:
                    if self._policy.set_ok(cookie, request) \
                            and not self._shadows_secure(cookie, request) \
                            and not (self.partner is not None
                                     and self.partner._shadows_secure(cookie, request)):
                        if self.additions_only:  # replayed: a name the request sends stays
                            if sent is None:
                                sent = {c.name for c in self._cookies_for_request(request)}
                            if cookie.name in sent:
                                continue
                        self.set_cookie(cookie)
            finally:
                self._request = None

    def _shadows_secure(self, cookie: Cookie, request: Any) -> bool:
        """Would this cookie from a non-https answer shadow a ``Secure`` one (RFC 6265bis 5.7
        step 16: same name, domains matching either way, its path under the old one's)?"""
        if _secure(request):
            return False
        new = cookie.domain.lstrip(".")
        for domain, paths in self._cookies.items():
            old = domain.lstrip(".")
            if not (new == old or new.endswith("." + old) or old.endswith("." + new)):
                continue
            for path, names in paths.items():
                kept = names.get(cookie.name)
                if kept is not None and kept.secure and _path_under(cookie.path, path):
                    return True
        return False

    def clear_expired_cookies(self) -> None:
        now = time.monotonic()
        if now - self._swept >= SWEEP_SECONDS:
            self._swept = now
            super().clear_expired_cookies()

    def clear(self, domain: str | None = None, path: str | None = None,
              name: str | None = None) -> None:
        """The standard ``clear``, then empty entries pruned and the count redone. A deletion a
        response asks for (``self._request`` set) is checked first (:meth:`_deletion_key`)."""
        with self._cookies_lock:
            try:
                if self._request is not None and domain is not None:
                    domain = self._deletion_key(domain, path or "", name or "", self._request)
                super().clear(domain, path, name)
            finally:
                self._prune()

    def _deletion_key(self, domain: str, path: str, name: str, request: Any) -> str:
        """Where a response's deletion applies: ``domain``, or for a public-suffix ``Domain``
        the host-only key the policy kept its own host's cookie under; KeyError (nothing to
        delete) when the host may not touch it or an http answer would delete a Secure one."""
        if self.additions_only or not _may_touch(domain, request):
            raise KeyError(domain)
        key = domain
        if self._kept(domain, path, name) is None and domain.startswith(".") \
                and is_public_suffix(domain):
            key = next((k for k in _host_only_keys(domain)
                        if self._kept(k, path, name) is not None), domain)
        kept = self._kept(key, path, name)
        if kept is not None and kept.secure and not _secure(request):
            raise KeyError(name)
        return key

    def _kept(self, domain: str, path: str, name: str) -> Cookie | None:
        return self._cookies.get(domain, {}).get(path, {}).get(name)

    def _prune(self) -> None:
        jar = self._cookies
        for domain in list(jar):
            paths = jar[domain]
            for path in [p for p, names in paths.items() if not names]:
                del paths[path]
            if not paths:
                del jar[domain]
        self._count = sum(len(names) for paths in jar.values() for names in paths.values())

    def set_cookie(self, cookie: Cookie) -> None:
        with self._cookies_lock:
            known = self._kept(cookie.domain, cookie.path, cookie.name) is not None
            super().set_cookie(cookie)
            self._touch(cookie.domain, [cookie])  # set now: the last to be dropped
            if not known:
                self._count += 1
            while self._count > self.max_cookies:
                self._drop_oldest()

    def _drop_oldest(self) -> None:
        """The least recently set or sent cookie that is not ``Secure`` (RFC 6265bis: an http
        answer must not flush a Secure cookie out to replace it), else the least recent."""
        jar = self._cookies
        victim = next(((d, p, n) for d, paths in jar.items() for p, names in paths.items()
                       for n, c in names.items() if not c.secure), None)
        if victim is None:
            d = next(iter(jar))
            p = next(iter(jar[d]))
            victim = (d, p, next(iter(jar[d][p])))
        domain, path, name = victim
        paths = jar[domain]
        names = paths[path]
        del names[name]
        self._count -= 1
        if not names:
            del paths[path]
        if not paths:
            del jar[domain]


def new_jar() -> httpx.Cookies:
    """An empty, bounded jar under the site policy."""
    return httpx.Cookies(_SiteJar())


@dataclass
class SiteJars:
    """One site's two jars."""

    credentialed: httpx.Cookies = field(default_factory=new_jar)
    free: httpx.Cookies = field(default_factory=new_jar)

    def __post_init__(self) -> None:
        credentialed, free = self.credentialed.jar, self.free.jar
        if isinstance(credentialed, _SiteJar) and isinstance(free, _SiteJar):
            credentialed.partner = free

    def extract(self, response: httpx.Response, credentialed: bool,
                replayed: bool = False) -> None:
        """A response's cookies into the jar of its request; a credentialed answer's deletions
        go to the free jar too (a deletion carries no secret, and a credentialed request sends
        the free jar's cookies: a cookie the server deleted would still go). ``replayed``: an
        answer served from the HTTP cache (stored on an earlier run) only adds the cookies the
        jar lacks: what the site set in this run is newer than it, and stays."""
        if replayed:
            cookies = self.credentialed if credentialed else self.free
            jar = cookies.jar if isinstance(cookies.jar, _SiteJar) else None
            if jar is not None:
                jar.additions_only = True
            try:
                cookies.extract_cookies(response)
            finally:
                if jar is not None:
                    jar.additions_only = False
            return
        if credentialed:
            self.credentialed.extract_cookies(response)
            free = self.free.jar
            if isinstance(free, _SiteJar):
                free.deletions_only = True
                try:
                    self.free.extract_cookies(response)
                finally:
                    free.deletions_only = False
        else:
            self.free.extract_cookies(response)


class CookieJars:
    """The jars of a fetcher by site, at most ``max_sites`` of them (least recently used out:
    every request counts as a use of its site)."""

    def __init__(self, max_sites: int = MAX_SITES) -> None:
        self.max_sites = max_sites
        self._sites: OrderedDict[str, SiteJars] = OrderedDict()
        self._live: dict[str, int] = {}  # site -> origins with a live client (never dropped)

    def get(self, key: str) -> SiteJars:
        """The jars of the site ``key`` (:func:`site_key`), made on first use."""
        jars = self._sites.get(key)
        if jars is None:
            jars = self._sites[key] = SiteJars()
            if len(self._sites) > self.max_sites:
                for old in [k for k in self._sites if k not in self._live]:
                    if len(self._sites) <= self.max_sites:
                        break
                    del self._sites[old]
        else:
            self._sites.move_to_end(key)
        return jars

    def attach(self, key: str) -> None:
        """An origin of the site has a client now: its jars stay until :meth:`detach`."""
        self._live[key] = self._live.get(key, 0) + 1

    def detach(self, key: str) -> None:
        count = self._live.get(key, 1) - 1
        if count <= 0:
            self._live.pop(key, None)
        else:
            self._live[key] = count

    def for_host(self, host: str) -> SiteJars:
        return self.get(site_key(host))

    def __len__(self) -> int:
        return len(self._sites)


__all__ = ["MAX_COOKIES", "MAX_SITES", "CookieJars", "SiteJars", "is_public_suffix", "new_jar",
           "site_key"]
