"""A sitemap or feed document fetched in the worker owning its host survives that worker's
deaths caused by pages of the same host: each crashing page gets its own ``extract`` record,
the document is sent again to the fresh worker and its URLs are all read. Before: the third
death failed it ("the worker process exited 3 times"), its URLs lost. Real worker processes,
a loopback server (tests/rawserver.py), no internet."""

from __future__ import annotations

import asyncio
import time

from rawserver import response
from test_lib11_credentials_sources import urlset, xml
from workerjobs import misbehaving_job

from scrapekit import Settings
from scrapekit.record import Article
from scrapekit.sources import fetched_by, sitemap_urls
from scrapekit.workers import Pool

S = Settings(retries=0, timeout=30.0, delay=0.0, robots=False)


def crashing_host(srv, listed: list[str], seconds: float) -> None:
    """The first host of ``srv``: /sitemap.xml (listing ``listed``) answers after ``seconds``,
    in flight while its /crash pages kill the worker (tests/workerjobs.misbehaving_job)."""
    def slow_sitemap(conn, req) -> bool:
        time.sleep(seconds)
        conn.sendall(xml(urlset(listed)))
        return False
    srv.route("/sitemap.xml", slow_sitemap)
    srv.route("/crash", response(body=b"crash"))


def test_a_sitemap_outlives_three_page_crashes_of_its_host(raw_server):
    srv = raw_server(["127.0.0.2"])
    a = srv.base(0)
    listed = [f"{a}/p{i}" for i in range(5)]
    crashing_host(srv, listed, 2.5)

    async def go():
        pool = Pool(S, 1, fetch=True, job=misbehaving_job)
        try:
            document = asyncio.ensure_future(pool.document(f"{a}/sitemap.xml"))
            crashed = []
            for i in range(3):
                await asyncio.sleep(0.3)
                record, _ = await pool.scrape(f"{a}/crash?{i}", f"{a}/crash?{i}")
                crashed.append(Article.from_dict(record))
            return crashed, await document
        finally:
            await pool.aclose()
    crashed, result = asyncio.run(go())
    assert all(r.error and r.error.kind == "extract" and "crashed" in r.error.message
               for r in crashed), crashed
    assert result.ok, result.error  # before: FetchError "... exited (code 3) 3 times ..."
    assert len(srv.requests("/sitemap.xml")) == 4  # sent again after each crash
    route = lambda url, credentials: result  # noqa: E731 - the document as the run got it
    with fetched_by(route):
        assert list(sitemap_urls(f"{a}/sitemap.xml", S)) == listed
