"""robots.txt is loaded in a task of its own, under its own deadline, that the pages waiting
for it share and that no page's deadline cuts: every load ends in a verdict that is cached, and
a page's clock stops while it waits for robots.txt (as in a gate). Loopback servers, no
internet."""

from __future__ import annotations

import asyncio
import time

from rawserver import page, response
from test_fetch_deadline import slow

from scrapekit.fetch import Fetcher
from scrapekit.fetch.robots import ALLOW_ALL, RobotsCache, RobotsResponse
from scrapekit.settings import Settings

BASE = Settings(retries=0, delay=0.0, timeout=1.0, robots=True)


def fetch_many(settings: Settings, urls: list[str]):
    async def run():
        async with Fetcher(settings) as fetcher:
            started = time.monotonic()
            results = await asyncio.gather(*(fetcher.fetch(url) for url in urls))
            return results, time.monotonic() - started
    return asyncio.run(run())


def test_a_hanging_robots_txt_is_asked_once_per_verdict_not_per_page(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/robots.txt", slow(response(404, b"", "text/plain"), 2.0))
    for i in range(10):
        srv.route(f"/p{i}", response(200, page(f"P{i}")))
    settings = BASE.replace(retries=2, timeout=0.3, backoff=0.05, backoff_max=0.1)
    results, _took = fetch_many(settings, [srv.base() + f"/p{i}" for i in range(10)])
    assert all(r.error is not None and r.error.kind == "timeout" for r in results)
    assert srv.hit_count(0, "/robots.txt") <= 3  # one load per try (before: 20, one per page)
    assert srv.hit_count(0, "/p0") == 0


def test_robots_time_does_not_count_against_the_page(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/robots.txt", slow(response(404, b"", "text/plain"), 0.7))
    srv.route("/page", slow(response(200, page("Page")), 0.7))
    (result,), took = fetch_many(BASE.replace(retries=1), [srv.base() + "/page"])
    assert result.ok and result.status == 200, result.error  # before: a timeout at 1 s
    assert took >= 1.35
    assert srv.hit_count(0, "/page") == 1 and srv.hit_count(0, "/robots.txt") == 1


def slow_loader(calls: list[str], seconds: float):
    async def loader(origin: str) -> RobotsResponse:
        calls.append(origin)
        await asyncio.sleep(seconds)
        return RobotsResponse(404)
    return loader


def test_a_cancelled_page_does_not_cut_the_load_its_waiters_share():
    calls: list[str] = []

    async def run():
        cache = RobotsCache(slow_loader(calls, 0.1))
        first = asyncio.create_task(cache.rules("http://a.test"))
        await asyncio.sleep(0.01)
        others = [asyncio.create_task(cache.rules("http://a.test")) for _ in range(3)]
        await asyncio.sleep(0.01)
        first.cancel()  # its page's deadline
        got = await asyncio.gather(*others)
        return got, await cache.rules("http://a.test"), first.cancelled()
    got, later, cancelled = asyncio.run(run())
    assert got == [ALLOW_ALL] * 3 and later is ALLOW_ALL and cancelled
    assert len(calls) == 1  # before: the cancelled load, then another one


def test_a_load_cut_by_its_starter_still_gives_a_verdict():
    calls: list[str] = []

    async def run():
        cache = RobotsCache(slow_loader(calls, 0.05))
        started = asyncio.create_task(cache.rules("http://a.test"))
        await asyncio.sleep(0.01)
        started.cancel()  # nobody else waits: the load goes on, its verdict is cached
        await asyncio.sleep(0.1)
        return await cache.rules("http://a.test")
    assert asyncio.run(run()) is ALLOW_ALL
    assert len(calls) == 1


def test_closing_the_fetcher_ends_a_load_nobody_waits_for(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/robots.txt", slow(response(404, b"", "text/plain"), 2.0))

    async def run():
        fetcher = Fetcher(BASE.replace(timeout=5.0))
        page_task = asyncio.create_task(fetcher.fetch(srv.base() + "/p"))
        await asyncio.sleep(0.2)
        page_task.cancel()
        await asyncio.gather(page_task, return_exceptions=True)
        await fetcher.aclose()
        return [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    started = time.monotonic()
    assert asyncio.run(run()) == []
    assert time.monotonic() - started < 1.0
