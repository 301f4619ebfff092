"""What a rendered page's scripts may reach, and with whose credentials (:mod:`scrapekit.render`).

A page's scripts choose their own URLs, so the page is treated as untrusted, whatever
``Settings.block_private_addresses`` says:

* **Private addresses.** A page on a public address gets no subresource from a loopback,
  private, link-local or otherwise non-public address (the guard of
  :mod:`scrapekit.fetch.guard`, checked where the socket opens, so a redirect or a DNS answer
  cannot slip past). Only a page that is itself on such an address (an intranet crawled with
  the guard off) may reach them. There is no setting to let a public page in: a script that
  needs an internal service is exactly what this stops.
* **Credentials.** The user's credentials (``user:password@``, ``Settings.headers`` other than
  the harmless ones in :data:`PUBLIC_HEADERS`, ``Settings.cookies``, and the cookies the run's
  jar collected) go only to the page's own origin (scheme, host and port). A request to any
  other origin is sent by a fetcher without them.

The fetchers this needs are derived from the run's :class:`~scrapekit.fetch.Fetcher` (same
settings otherwise, the same per-host politeness gates), made on first use and closed with
the renderer.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .fetch.urls import origin_key as origin

if TYPE_CHECKING:
    from .fetch import Fetcher
    from .settings import Settings

PUBLIC_HEADERS = frozenset({"user-agent", "accept", "accept-language"})
"""User headers that are no credential: sent to every origin a page asks for."""
RESOLVE_SECONDS = 5.0
"""Longest wait for the page host's addresses (then it counts as public)."""


async def on_private_address(url: str, address: str | None = None) -> bool:
    """Is the page on a loopback, private or otherwise non-public address? ``address``: the
    one its fetch connected to (:attr:`scrapekit.fetch.FetchResult.address`), which decides
    when known; else the page's host is looked up (a name that does not resolve counts as
    public: its page gets the stricter rules)."""
    from .fetch.guard import is_blocked_ip, resolve

    if address is not None:
        try:
            return is_blocked_ip(address)
        except ValueError:  # not an IP address: looked up below
            pass
    scheme, host, port = origin(url)
    if not host:
        return False
    try:
        async with asyncio.timeout(RESOLVE_SECONDS):
            addrs = await resolve(host, port or 80)
    except Exception:  # noqa: BLE001 - no answer (in time): treated as public
        return False
    return any(is_blocked_ip(a) for a in addrs)


def without_credentials(settings: Settings) -> Settings:
    """The settings for another origin's requests: no cookies, no user headers but
    :data:`PUBLIC_HEADERS`."""
    headers = tuple((k, v) for k, v in settings.headers if k.strip().lower() in PUBLIC_HEADERS)
    return settings.replace(headers=headers, cookies=())


@dataclass(frozen=True)
class PageAccess:
    """The rules for one rendered page: its origin, and whether it may reach private
    addresses (it is on one itself)."""

    origin: tuple[str, str, int | None] | None
    """The origin the user's credentials may go to: the page's own, unless the page was
    reached by a redirect from another origin, or by a chain that went through one (then
    none: the user named another site, or the other site chose this page)."""
    private_ok: bool

    @classmethod
    async def of(cls, url: str, requested: str | None = None, *, left_origin: bool = False,
                 address: str | None = None) -> PageAccess:
        """``url``: the page's (final) address; ``requested``: the address asked for, when
        a redirect led from it to ``url``; ``left_origin``: the chain had a hop on another
        origin (:attr:`scrapekit.fetch.FetchResult.left_origin`); ``address``: the IP address
        the page was fetched from (see :func:`on_private_address`)."""
        own = origin(url)
        home = requested is None or origin(requested) == own
        trusted = own if home and not left_origin else None
        return cls(trusted, await on_private_address(url, address))

    def key(self, url: str, guarded_run: bool) -> tuple[bool, bool]:
        """(send credentials, guard private addresses) for a request of this page."""
        return (self.origin is not None and origin(url) == self.origin,
                guarded_run or not self.private_ok)


class Fetchers:
    """The run's Fetcher and those derived from it, one per (credentials, guard) pair."""

    def __init__(self, run: Fetcher) -> None:
        self.run = run
        self._derived: dict[tuple[bool, bool], Fetcher] = {}

    def for_request(self, page: PageAccess, url: str) -> Fetcher:
        s = self.run.settings
        credentials, guard = page.key(url, s.block_private_addresses)
        if (credentials, guard) == (True, s.block_private_addresses):
            return self.run  # the page's own origin, the run's own rules: its cookie jar too
        fetcher = self._derived.get(key := (credentials, guard))
        if fetcher is None:
            derived = s.replace(block_private_addresses=guard, cache=None)  # one cache writer
            # one gate per host for the whole run (Fetcher.derived); jars of its own: the
            # run's cookies count as credentials, sent only to the page's own origin
            fetcher = self.run.derived(derived if credentials else without_credentials(derived))
            self._derived[key] = fetcher
        return fetcher

    async def aclose(self) -> None:
        derived, self._derived = list(self._derived.values()), {}
        for fetcher in derived:
            await fetcher.aclose()


__all__ = ["PUBLIC_HEADERS", "Fetchers", "PageAccess", "on_private_address", "origin",
           "without_credentials"]
