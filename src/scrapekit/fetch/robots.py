"""robots.txt: fetched once per origin, parsed with Protego, cached for the run."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from protego import Protego

log = logging.getLogger("scrapekit.fetch.robots")

MAX_ROBOTS_BYTES = 512 * 1024
MAX_CRAWL_DELAY = 60.0

# (status, body) for an origin's /robots.txt; status None when it could not be fetched.
RobotsLoader = Callable[[str], Awaitable[tuple[int | None, bytes]]]


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


def parse_robots(status: int | None, body: bytes) -> RobotsRules:
    """Rules for a robots.txt response. 4xx (and failures to fetch) allow everything;
    5xx is read as "allowed" too for now (see the politeness issue for "try later")."""
    if status is None or status >= 300:
        return ALLOW_ALL
    try:
        return RobotsRules(Protego.parse(body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")))
    except Exception as exc:  # a broken robots.txt is no robots.txt
        log.debug("unparsable robots.txt: %r", exc)
        return ALLOW_ALL


class RobotsCache:
    def __init__(self, loader: RobotsLoader) -> None:
        self._loader = loader
        self._rules: dict[str, RobotsRules] = {}
        self._pending: dict[str, asyncio.Future[RobotsRules]] = {}

    async def rules(self, origin: str) -> RobotsRules:
        cached = self._rules.get(origin)
        if cached is not None:
            return cached
        pending = self._pending.get(origin)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[RobotsRules] = asyncio.get_running_loop().create_future()
        self._pending[origin] = future
        try:
            status, body = await self._loader(origin)
            rules = parse_robots(status, body)
        except Exception as exc:  # network trouble fetching robots.txt: allowed
            log.debug("robots.txt for %s unavailable: %r", origin, exc)
            rules = ALLOW_ALL
        self._rules[origin] = rules
        del self._pending[origin]
        future.set_result(rules)
        return rules
