"""robots.txt: fetched once per origin, parsed with Protego, cached for the run.

What a robots.txt response means (RFC 9309 section 2.3.1):

* 2xx: its rules (an unparsable file allows everything);
* 4xx other than 429: there are no rules, everything is allowed;
* 5xx, 429, a timeout or a connection failure: "unreachable", so nothing may be fetched yet.
  The verdict is kept for a short, growing while (or the server's Retry-After), then robots.txt
  is asked again; URLs of that origin get :class:`RobotsUnavailable`, which the retry policy
  treats as transient and which ends as a ``robots_disallowed`` record if it never clears.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import NoReturn

from protego import Protego

from ..errors import ConnectError, FetchError, RobotsDisallowed, Timeout
from .backend import HostNotFound

log = logging.getLogger("scrapekit.fetch.robots")

MAX_ROBOTS_BYTES = 512 * 1024
MAX_ROBOTS_REDIRECTS = 5
"""RFC 9309: at least five consecutive redirects followed; more: robots.txt is unavailable."""
MAX_CRAWL_DELAY = 60.0
RULES_TTL = 24 * 3600.0
"""RFC 9309: a cached robots.txt should not be used for more than 24 hours."""
MAX_CACHED_ORIGINS = 20_000
"""Rules kept (least recently used dropped first: reloaded if the origin comes back), so a
crawl over millions of hosts does not keep every host's rules."""


@dataclass(frozen=True)
class RobotsResponse:
    """What fetching /robots.txt gave: status None when there was no HTTP answer at all."""

    status: int | None
    body: bytes = b""
    retry_after: float | None = None
    problem: str | None = None
    timed_out: bool = False
    host_not_found: bool = False
    """DNS says the host does not exist: the URL fails as that (``connect``), not retried."""


# origin -> its robots.txt response
RobotsLoader = Callable[[str], Awaitable[RobotsResponse]]


class RobotsUnavailable(RobotsDisallowed):
    """robots.txt could not be read (5xx, 429, timeout): try later. Retried like a 503."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RobotsConnectError(ConnectError):
    """robots.txt got no answer because the host could not be reached: the page would not
    either, so the record says ``connect``, not ``robots_disallowed``."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RobotsTimeout(Timeout):
    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RobotsRules:
    def __init__(self, parser: Protego | None) -> None:
        self._parser = parser

    def allowed(self, url: str, user_agent: str) -> bool:
        return self._parser is None or bool(self._parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        if self._parser is None:
            return None
        delay = self._parser.crawl_delay(user_agent)
        return min(float(delay), MAX_CRAWL_DELAY) if delay else None


ALLOW_ALL = RobotsRules(None)


def is_unavailable(response: RobotsResponse) -> bool:
    """True when robots.txt gave no usable answer and must be asked again later."""
    status = response.status
    return status is None or status == 429 or status >= 500


def parse_robots(status: int | None, body: bytes) -> RobotsRules:
    """Rules for a robots.txt response that is available (see :func:`is_unavailable`):
    2xx gives its rules, anything else (4xx, a redirect chain that did not end) allows all."""
    if status is None or not 200 <= status < 300:
        return ALLOW_ALL
    try:
        return RobotsRules(Protego.parse(body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")))
    except Exception as exc:  # a broken robots.txt is no robots.txt
        log.debug("unparsable robots.txt: %r", exc)
        return ALLOW_ALL


@dataclass
class _Unavailable:
    until: float
    reason: str
    failures: int
    error: type[FetchError] = RobotsUnavailable


class RobotsCache:
    """Rules per origin, loaded once: the load runs in a task of its own that every caller
    waiting for it shares (``asyncio.shield``), so a caller's cancellation (its page's
    deadline) never cuts it, and every load ends in a verdict that is cached (the loader has
    its own timeout). "Unreachable" verdicts expire after ``retry_min * 2**(failures-1)``
    seconds (capped by ``retry_max``), or the server's Retry-After."""

    def __init__(self, loader: RobotsLoader, retry_min: float = 1.0,
                 retry_max: float = 60.0) -> None:
        self._loader = loader
        self._rules: OrderedDict[str, tuple[RobotsRules, float]] = OrderedDict()  # + expiry
        self._down: OrderedDict[str, _Unavailable] = OrderedDict()
        self._pending: dict[str, asyncio.Task[RobotsRules | _Unavailable]] = {}
        self.retry_min = max(retry_min, 0.01)
        self.retry_max = max(retry_max, self.retry_min)

    def _raise(self, down: _Unavailable) -> NoReturn:
        left = max(0.0, down.until - time.monotonic())
        if down.error is HostNotFound:  # nothing to do with robots.txt, nothing to try later
            raise HostNotFound(down.reason)
        if down.error in (RobotsConnectError, RobotsTimeout):  # the site, not its robots.txt
            raise down.error(f"no connection for robots.txt, asked before the page "
                             f"({down.reason}); not fetched, try later",
                             retry_after=left)  # type: ignore[call-arg]
        raise down.error(f"robots.txt unreachable ({down.reason}); not fetched, try later",
                         retry_after=left)  # type: ignore[call-arg]

    async def rules(self, origin: str) -> RobotsRules:
        """The origin's rules; RobotsUnavailable while its robots.txt is unreachable."""
        while True:
            verdict: RobotsRules | _Unavailable | None = self._known(origin)
            if verdict is None:
                load = self._pending.get(origin) or self._start(origin)
                try:
                    verdict = await asyncio.shield(load)
                except asyncio.CancelledError:
                    task = asyncio.current_task()
                    if load.cancelled() and task is not None and not task.cancelling():
                        continue  # the load itself was cancelled (a loop closing), not us
                    raise
            if isinstance(verdict, _Unavailable):
                self._raise(verdict)
            return verdict

    async def aclose(self) -> None:
        """Cancel the loads still running (their pages were cancelled), and wait for them."""
        loads = list(self._pending.values())
        for load in loads:
            load.cancel()
        await asyncio.gather(*loads, return_exceptions=True)

    def busy(self) -> bool:
        """Are loads still running (tasks of the event loop that started them)?"""
        return bool(self._pending)

    def forget_loads(self) -> None:
        """Drop the running loads unawaited: their event loop is gone (see Fetcher.aclose)."""
        self._pending.clear()

    def _known(self, origin: str) -> RobotsRules | None:
        """The cached rules, or None; raises while a recent verdict says unreachable."""
        cached = self._rules.get(origin)
        if cached is not None:
            rules, expires = cached
            if time.monotonic() < expires:
                self._rules.move_to_end(origin)
                return rules
            del self._rules[origin]
        down = self._down.get(origin)
        if down is not None and time.monotonic() < down.until:
            self._raise(down)
        return None

    def _start(self, origin: str) -> asyncio.Task[RobotsRules | _Unavailable]:
        """The load of the origin's robots.txt, as a task of its own (the pending entry)."""
        down = self._down.get(origin)
        load = asyncio.create_task(self._load(origin, down.failures if down else 0))
        self._pending[origin] = load

        def done(_: asyncio.Task[RobotsRules | _Unavailable]) -> None:
            if self._pending.get(origin) is load:
                del self._pending[origin]
        load.add_done_callback(done)
        return load

    async def _load(self, origin: str, failures: int) -> RobotsRules | _Unavailable:
        try:
            response = await self._loader(origin)
        except Exception as exc:  # noqa: BLE001 - a loader bug must not stop the crawl
            response = RobotsResponse(None, problem=f"{exc.__class__.__name__}: {exc}")
        if not is_unavailable(response):
            self._down.pop(origin, None)
            rules = parse_robots(response.status, response.body)
            self._rules[origin] = (rules, time.monotonic() + RULES_TTL)
            if len(self._rules) > MAX_CACHED_ORIGINS:
                self._rules.popitem(last=False)
            return rules
        wait = min(self.retry_max, self.retry_min * 2 ** failures)
        if response.retry_after is not None:
            wait = min(self.retry_max, max(wait, response.retry_after))
        reason = (f"HTTP {response.status}" if response.status is not None
                  else response.problem or "no answer")
        log.debug("robots.txt of %s unreachable (%s); asking again in %.2fs", origin, reason, wait)
        error: type[FetchError] = RobotsUnavailable
        if response.host_not_found:
            error = HostNotFound
        elif response.status is None:
            error = RobotsTimeout if response.timed_out else RobotsConnectError
        down = _Unavailable(time.monotonic() + wait, reason, failures + 1, error)
        self._down[origin] = down
        self._down.move_to_end(origin)
        if len(self._down) > MAX_CACHED_ORIGINS:  # forgetting only resets the backoff
            self._down.popitem(last=False)
        return down


__all__ = ["ALLOW_ALL", "MAX_ROBOTS_BYTES", "MAX_ROBOTS_REDIRECTS", "RobotsCache",
           "RobotsConnectError", "RobotsResponse", "RobotsRules", "RobotsTimeout",
           "RobotsUnavailable", "is_unavailable", "parse_robots"]
