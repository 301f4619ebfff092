"""robots.txt is read up to MAX_ROBOTS_BYTES however it is compressed: the cap is checked on
each bounded piece the decoder hands out, so a tiny reply with nested codings stops at the
cap, and the rules read before it still apply (RFC 9309: at least 500 KiB are parsed)."""

from __future__ import annotations

import asyncio
import zlib

from rawserver import response

from scrapekit.fetch import Fetcher
from scrapekit.fetch.robots import MAX_ROBOTS_BYTES
from scrapekit.settings import Settings

FAST = Settings(retries=0, delay=0.0, timeout=5.0, robots=True)


def _gzip(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


def test_nested_gzip_robots_stops_at_the_cap(raw_server):
    rules = b"User-agent: *\nDisallow: /secret/\n"
    payload = _gzip(_gzip(_gzip(rules + b"#" * (16 << 20))))  # 16 MiB in a few hundred bytes
    srv = raw_server(["127.0.0.2"])
    srv.route("/robots.txt", response(200, payload, "text/plain",
                                      headers=[("Content-Encoding", "gzip, gzip, gzip")]))

    async def run():
        async with Fetcher(FAST) as fetcher:
            loaded = await fetcher._load_robots(srv.base())
            page = await fetcher.fetch(srv.base() + "/secret/x")
            return loaded, page
    loaded, page = asyncio.run(run())
    assert len(payload) < 2000
    assert loaded.status == 200 and len(loaded.body) == MAX_ROBOTS_BYTES
    assert loaded.body.startswith(rules)
    assert page.error is not None and page.error.kind == "robots_disallowed"
