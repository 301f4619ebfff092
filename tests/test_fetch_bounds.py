"""Per-host state stays bounded over millions of hosts: politeness gates, robots.txt rules and
the fetch processes' host map forget idle hosts, and never one that is still owed a delay."""

from __future__ import annotations

import asyncio
import time

from scrapekit import Settings
from scrapekit.fetch import politeness, robots
from scrapekit.fetch.politeness import Politeness
from scrapekit.fetch.robots import RobotsCache, RobotsResponse


def test_idle_gates_are_dropped_but_not_busy_or_owed_ones(monkeypatch):
    monkeypatch.setattr(politeness, "MAX_IDLE_GATES", 4)

    async def run() -> tuple[set[str], bool]:
        p = Politeness(per_host=1, delay=0.0)
        busy = p.gate("busy")
        owed = p.gate("owed")
        owed.pause(60)  # Retry-After: nothing may start there for a minute
        async with busy.slot():
            for i in range(10):
                p.gate(f"h{i}")
            kept = set(p._gates)
        return kept, p.gate("owed") is owed

    kept, same_owed = asyncio.run(run())
    assert "busy" in kept and "owed" in kept and same_owed
    assert len(kept) < 12  # idle ones went
    assert "h9" in kept  # the most recent are kept


def test_robots_rules_are_lru_bounded_and_expire(monkeypatch):
    loads: list[str] = []

    async def loader(origin: str) -> RobotsResponse:
        loads.append(origin)
        return RobotsResponse(200, b"User-agent: *\nDisallow: /x/\n")

    async def run() -> None:
        cache = RobotsCache(loader)
        for origin in ("a", "b", "a", "c", "a", "b"):
            await cache.rules(origin)

    monkeypatch.setattr(robots, "MAX_CACHED_ORIGINS", 2)
    asyncio.run(run())
    # "a" stays (recently used), "b" was dropped for "c" and loaded again
    assert loads == ["a", "b", "c", "b"]

    loads.clear()
    monkeypatch.setattr(robots, "RULES_TTL", 0.0)  # older than 24 h: asked again
    asyncio.run(run())
    assert loads == ["a", "b", "a", "c", "a", "b"]
