"""Sitemap and feed documents share the per-host delay with the pages they list: in a run they
are fetched by the worker that owns their host, through the same gate (and robots.txt cache)
as its pages."""

from __future__ import annotations

from rawserver import page, response

from scrapekit import Settings, scrape_many
from scrapekit.sources import feed_urls, sitemap_urls

DELAY = 0.6
SHORT = DELAY / 2
"""A gap below this is no delay: the server stamps a request when its thread reads it, which on
a loaded machine lags by tens of ms (without the shared gate, gaps are near 0)."""


def _gaps(srv) -> list[tuple[str, str, float]]:
    log = sorted(srv.requests(), key=lambda r: r.at)
    return [(a.path, b.path, b.at - a.at) for a, b in zip(log, log[1:])]


def _settings() -> Settings:
    return Settings(delay=DELAY, workers=1, retries=0, timeout=10)


def test_sitemap_requests_keep_the_hosts_delay_with_its_pages(raw_server):
    srv = raw_server(["127.0.0.2"])
    base = srv.base(0)
    index = (f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f'<sitemap><loc>{base}/child.xml</loc></sitemap></sitemapindex>').encode()
    child = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             + "".join(f"<url><loc>{base}/p{i}</loc></url>" for i in range(3))
             + "</urlset>").encode()
    srv.route("/index.xml", response(body=index, ctype="application/xml"))
    srv.route("/child.xml", response(body=child, ctype="application/xml"))
    for i in range(3):
        srv.route(f"/p{i}", response(body=page(f"Page {i}")))
    s = _settings()
    records = list(scrape_many(sitemap_urls(f"{base}/index.xml", s), s))
    assert sorted(r.url for r in records) == [f"{base}/p{i}" for i in range(3)]
    paths = [r.path for r in sorted(srv.requests(), key=lambda r: r.at)]
    assert paths.count("/robots.txt") == 1  # one robots.txt cache for documents and pages
    assert paths[:3] == ["/robots.txt", "/index.xml", "/child.xml"]
    short = [gap for gap in _gaps(srv) if gap[2] < SHORT]
    assert not short, short


def test_feed_request_keeps_the_hosts_delay_with_its_pages(raw_server):
    srv = raw_server(["127.0.0.2"])
    base = srv.base(0)
    rss = ('<rss version="2.0"><channel><title>t</title>'
           + "".join(f"<item><link>{base}/a{i}</link></item>" for i in range(2))
           + "</channel></rss>").encode()
    srv.route("/rss.xml", response(body=rss, ctype="application/rss+xml"))
    for i in range(2):
        srv.route(f"/a{i}", response(body=page(f"Item {i}")))
    s = _settings()
    records = list(scrape_many(feed_urls(f"{base}/rss.xml", s), s))
    assert len(records) == 2 and not any(r.error for r in records)
    assert [r.path for r in srv.requests()].count("/robots.txt") == 1
    short = [gap for gap in _gaps(srv) if gap[2] < SHORT]
    assert not short, short


def test_sources_alone_still_fetch_by_themselves(raw_server):
    """Outside a run (a plain iterator) a sitemap is read with its own Fetcher, as before."""
    srv = raw_server(["127.0.0.2"])
    base = srv.base(0)
    srv.route("/s.xml", response(body=(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}/x</loc></url></urlset>").encode(), ctype="application/xml"))
    assert list(sitemap_urls(f"{base}/s.xml", _settings())) == [f"{base}/x"]
