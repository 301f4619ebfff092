"""robots.txt redirects are followed by hand: each hop waits for its host's delay and passes
the private-address check a proxy would skip, at most five (RFC 9309), more is "unavailable"
(allow all, as a 4xx). Loopback servers, no internet."""

from __future__ import annotations

import asyncio

from rawserver import page, response

from scrapekit.fetch import Fetcher
from scrapekit.settings import Settings


def fetch(settings: Settings, url: str):
    async def run():
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch(url)
    return asyncio.run(run())


def test_robots_redirect_loop_is_gated_and_capped(raw_server):
    srv = raw_server(["127.0.0.2"])
    count = iter(range(1000))

    def hop(conn, req):
        conn.sendall(response(302, b"", headers=[("Location", f"/robots.txt?{next(count)}")]))
        return True
    srv.route("/robots.txt", hop)
    srv.route("/page", response(200, page("Page")))
    result = fetch(Settings(retries=0, delay=0.15, timeout=5.0), srv.base() + "/page")
    assert result.ok  # too many redirects: unavailable, everything allowed
    starts = [r.at for r in srv.requests() if r.path.startswith("/robots.txt")]
    assert len(starts) == 6  # the file and five redirects
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    # the host's delay between hops: the span is five delays; one gap may look shorter when the
    # server's thread saw the hop before it late (a loaded machine), never near zero
    assert starts[-1] - starts[0] >= 5 * 0.15 - 0.04, gaps
    assert min(gaps) >= 0.06, gaps


def test_robots_redirect_through_a_proxy_is_checked_against_private_addresses(raw_server):
    proxy = raw_server(["127.0.0.2"])
    proxy.route("http://93.184.216.34/robots.txt",
                response(302, b"", headers=[("Location", "http://169.254.169.254/meta/")]))
    proxy.route("http://93.184.216.34/page", response(200, page("Page")))
    settings = Settings(retries=0, delay=0.0, timeout=5.0, proxy=proxy.base(),
                        block_private_addresses=True)
    result = fetch(settings, "http://93.184.216.34/page")
    asked = [r.path for r in proxy.requests()]
    assert not [p for p in asked if "169.254" in p], asked  # the proxy never got the hop
    assert "http://93.184.216.34/robots.txt" in asked
    assert result.ok  # robots.txt leading to a blocked address: as a 4xx (the page decides)
