"""``Settings.timeout`` is the total of one attempt: the whole redirect chain and the
robots.txt loads on the way (not each hop's), while waiting in our own gates (the host's
delay) does not count; a robots.txt load cut by one page's deadline is loaded again by a
page that was waiting for it. Loopback servers, no internet."""

from __future__ import annotations

import asyncio
import time

import pytest
from rawserver import page, response

from scrapekit.fetch import Fetcher
from scrapekit.fetch.robots import ALLOW_ALL, RobotsCache, RobotsResponse
from scrapekit.settings import Settings

BASE = Settings(retries=0, delay=0.0, timeout=1.0, robots=False, max_redirects=10)


def slow(data: bytes, seconds: float):
    def handler(conn, req):
        time.sleep(seconds)
        conn.sendall(data)
        return True
    return handler


def fetch(settings: Settings, url: str):
    async def run():
        async with Fetcher(settings) as fetcher:
            started = time.monotonic()
            result = await fetcher.fetch(url)
            return result, time.monotonic() - started
    return asyncio.run(run())


def test_one_deadline_over_the_redirect_chain(raw_server):
    srv = raw_server(["127.0.0.2"])
    for i in range(10):
        srv.route(f"/hop{i}", slow(response(302, b"", headers=[("Location", f"/hop{i + 1}")]), 0.3))
    srv.route("/hop10", response(200, page("End")))
    result, took = fetch(BASE, srv.base() + "/hop0")
    assert result.error is not None and result.error.kind == "timeout", result.error
    assert took < 1.8  # before: each hop had its own 1 s (11 hops of 0.3 s: 3.3 s)
    assert "within 1s" in result.error.message


def test_robots_load_counts_in_the_deadline(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/robots.txt", slow(response(404, b"", "text/plain"), 0.6))
    srv.route("/page", slow(response(200, page("Page")), 0.6))
    result, took = fetch(BASE.replace(robots=True), srv.base() + "/page")
    assert result.error is not None and result.error.kind == "timeout", result.error
    assert took < 1.6


def test_waiting_for_the_hosts_delay_does_not_count(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(302, b"", headers=[("Location", "/b")]))
    srv.route("/b", response(302, b"", headers=[("Location", "/c")]))
    srv.route("/c", response(200, page("C")))
    result, took = fetch(BASE.replace(delay=0.4, timeout=0.5), srv.base() + "/a")
    assert result.ok, result.error
    assert took >= 0.75  # two waits of the delay, outside the 0.5 s deadline


@pytest.mark.parametrize("waiters", [1, 3])
def test_a_cancelled_robots_load_is_loaded_again_by_a_waiter(waiters):
    calls = []

    async def loader(origin: str) -> RobotsResponse:
        calls.append(origin)
        if len(calls) == 1:
            await asyncio.sleep(10)  # cancelled by its page's deadline
        return RobotsResponse(404)

    async def run():
        cache = RobotsCache(loader)
        first = asyncio.create_task(cache.rules("http://a.test"))
        await asyncio.sleep(0.01)
        others = [asyncio.create_task(cache.rules("http://a.test")) for _ in range(waiters)]
        await asyncio.sleep(0.01)
        first.cancel()
        return await asyncio.gather(*others)
    assert asyncio.run(run()) == [ALLOW_ALL] * waiters
    assert len(calls) == 2  # the interrupted load, then one more shared by the waiters
