"""``Settings.timeout`` is the total of one attempt: the whole redirect chain (not each hop's),
while waiting in our own gates (the host's delay) or for robots.txt does not count (robots.txt
loads have their own: tests/test_fetch_robots_task.py). Loopback servers, no internet."""

from __future__ import annotations

import asyncio
import time

from rawserver import page, response

from scrapekit.fetch import Fetcher
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


def test_waiting_for_the_hosts_delay_does_not_count(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(302, b"", headers=[("Location", "/b")]))
    srv.route("/b", response(302, b"", headers=[("Location", "/c")]))
    srv.route("/c", response(200, page("C")))
    result, took = fetch(BASE.replace(delay=0.4, timeout=0.5), srv.base() + "/a")
    assert result.ok, result.error
    assert took >= 0.75  # two waits of the delay, outside the 0.5 s deadline
