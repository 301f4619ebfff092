"""Sitemaps and feeds read as an attacker would serve them (issue 17, rows 1-5, 7, 8): they go
through the Fetcher (guard, robots.txt, delays, retries, total timeout, bounded decompression,
caps), and whatever a remote document lists stays a remote URL with its own record."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path


import scrapekit
from scrapekit import Settings
from scrapekit.fetch import guard
from scrapekit.sources import RemoteItem, file_url_path, feed_urls, sitemap_urls

from rawserver import drip, page, response

FAST = Settings(retries=0, backoff=0.01, backoff_max=0.05, timeout=5.0, read_timeout=2.0,
                delay=0.0, workers=1)
XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(urls) -> bytes:
    return (f"<?xml version='1.0'?><urlset {XMLNS}>"
            + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>").encode()


def index(locs) -> bytes:
    return (f"<?xml version='1.0'?><sitemapindex {XMLNS}>"
            + "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in locs)
            + "</sitemapindex>").encode()


def rss(links) -> bytes:
    return ("<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
            + "".join(f"<item><title>i</title><link>{u}</link></item>" for u in links)
            + "</channel></rss>").encode()


def xml(body: bytes, **kw) -> bytes:
    return response(200, body, "application/xml", **kw)


def read(fn, url, settings=FAST, **kw):
    errors: list[str] = []
    urls = list(fn(url, settings, on_error=errors.append, **kw))
    return urls, errors


# -- row 1: the same guard, also after a redirect -----------------------------------------------
def test_sitemap_on_a_private_address_is_refused_without_a_request(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/sitemap.xml", xml(urlset(["http://news.example/a"])))
    urls, errors = read(sitemap_urls, srv.base() + "/sitemap.xml",
                        FAST.replace(block_private_addresses=True))
    assert urls == [] and len(errors) == 1 and "blocked_address" in errors[0]
    assert srv.hit_count(0, "/sitemap.xml") == 0


def test_feed_redirected_to_a_private_address_is_refused(raw_server, monkeypatch):
    monkeypatch.setattr(guard, "is_blocked_ip", lambda ip: str(ip) == "127.0.0.3")
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    srv.route("/feed", response(302, b"", headers=[("Location", srv.base(1) + "/meta")]))
    srv.route("/meta", xml(rss(["http://news.example/a"])))
    urls, errors = read(feed_urls, srv.base(0) + "/feed", FAST.replace(block_private_addresses=True))
    assert urls == [] and "blocked_address" in errors[0]
    assert srv.hit_count(0, "/feed") == 1 and srv.hit_count(1, "/meta") == 0


# -- row 8: robots.txt and its Crawl-delay ----------------------------------------------------
def test_sitemap_disallowed_by_robots_is_not_fetched(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.robots["127.0.0.2"] = b"User-agent: *\nDisallow: /\n"
    srv.route("/sitemap.xml", xml(index([f"/s{i}.xml" for i in range(9)])))
    urls, errors = read(sitemap_urls, srv.base() + "/sitemap.xml")
    assert urls == [] and "robots_disallowed" in errors[0]
    assert [r.path for r in srv.requests()] == ["/robots.txt"]


def test_sitemap_requests_keep_the_crawl_delay(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.robots["127.0.0.2"] = b"User-agent: *\nCrawl-delay: 1\n"
    srv.route("/sitemap.xml", xml(index([srv.base() + f"/s{i}.xml" for i in range(3)])))
    for i in range(3):
        srv.route(f"/s{i}.xml", xml(urlset([f"http://news.example/{i}"])))
    urls, errors = read(sitemap_urls, srv.base() + "/sitemap.xml")
    assert sorted(urls) == [f"http://news.example/{i}" for i in range(3)] and errors == []
    times = [r.at for r in srv.requests() if r.path != "/robots.txt"]
    assert len(times) == 4
    assert all(b - a >= 0.9 for a, b in zip(times, times[1:])), times


# -- retries and the total timeout (row 7) ------------------------------------------------------
def test_sitemap_is_retried_after_a_503(raw_server):
    srv = raw_server(["127.0.0.2"])
    calls = []

    def flaky(conn, req):
        calls.append(req.path)
        body = urlset(["http://news.example/a"])
        conn.sendall(response(503, b"down", headers=[("Retry-After", "0")]) if len(calls) == 1
                     else xml(body))
        return True
    srv.route("/sitemap.xml", flaky)
    urls, errors = read(sitemap_urls, srv.base() + "/sitemap.xml", FAST.replace(retries=2))
    assert urls == ["http://news.example/a"] and errors == [] and len(calls) == 2


def test_slow_drip_sitemap_ends_at_the_total_timeout(raw_server):
    srv = raw_server(["127.0.0.2"])
    body = urlset(["http://news.example/a"] * 50)
    srv.route("/sitemap.xml", drip(response(200, b"", "application/xml", length=len(body)),
                                   body, every=0.5, seconds=60))
    started = time.monotonic()
    urls, errors = read(sitemap_urls, srv.base() + "/sitemap.xml",
                        FAST.replace(timeout=2.0, read_timeout=15.0))
    took = time.monotonic() - started
    assert urls == [] and "timeout" in errors[0]
    assert took < 8, f"a 2 s total timeout took {took:.1f}s"


# -- rows 4 and 5: bombs, fan-out, duplicates ---------------------------------------------------
def _run_child(code: str) -> tuple[str, int]:
    """Run ``code`` in a fresh interpreter; its stdout and peak RSS in MB. The peak is the
    child's own VmHWM, read by the child at its end: ``ru_maxrss`` from wait4() would count
    the test process's RSS at fork time (Linux carries it across exec), so a test run that
    has grown to 400 MB would fail this for no fault of the code under test."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent))
    code = textwrap.dedent(code) + textwrap.dedent("""
        import re as _re, sys as _sys
        with open("/proc/self/status") as _fh:
            _kb = int(_re.search(r"VmHWM:\\s*(\\d+)", _fh.read()).group(1))
        print(f"VMHWM_KB={_kb}", file=_sys.stderr)
    """)
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    peak = re.search(r"VMHWM_KB=(\d+)", proc.stderr)
    assert peak, proc.stderr
    return proc.stdout, int(peak.group(1)) // 1024


def test_brotli_sitemap_bomb_stops_at_the_cap_with_little_memory():
    out, rss = _run_child("""
        import brotli
        from scrapekit import Settings
        from scrapekit.sources import sitemap_urls
        from rawserver import RawServer, response
        comp = brotli.Compressor(quality=5)
        zeros = b"\\0" * (1 << 20)
        bomb = b"".join(comp.process(zeros) for _ in range(512)) + comp.finish()
        assert len(bomb) < 4096, len(bomb)
        srv = RawServer(["127.0.0.2"]).start()
        srv.route("/sitemap.xml", response(200, bomb, "application/xml",
                                            headers=[("Content-Encoding", "br")]))
        errors = []
        s = Settings(retries=0, delay=0, workers=1)
        print(list(sitemap_urls(srv.base() + "/sitemap.xml", s, on_error=errors.append)), errors)
    """)
    assert "too_large" in out and "once decompressed" in out
    assert rss < 300, f"peak RSS {rss} MB"


def test_gzip_file_sitemap_bomb_stops_at_the_cap(raw_server):
    srv = raw_server(["127.0.0.2"])
    bomb = gzip.compress(b"\0" * (60 << 20), compresslevel=9)
    srv.route("/sitemap.xml.gz", response(200, bomb, "application/gzip"))
    urls, errors = read(sitemap_urls, srv.base() + "/sitemap.xml.gz")
    assert urls == [] and "once decompressed" in errors[0]


def test_index_fan_out_and_total_urls_are_capped_with_a_message(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/index.xml", xml(index([srv.base() + f"/child-{i}.xml" for i in range(100_000)])))
    srv.route("/child-0.xml", xml(urlset([f"http://news.example/{i}" for i in range(5000)])))
    for i in range(1, 4):
        srv.route(f"/child-{i}.xml", xml(urlset([f"http://news.example/{i}/a"])))
    urls, errors = read(sitemap_urls, srv.base() + "/index.xml", max_sitemaps=4)
    assert len(urls) == 5002 and len(set(urls)) == 5002  # the index and 3 of its children
    assert any("stopped at 4 sitemaps in all" in e and "child-3.xml" in e for e in errors), errors
    assert srv.hit_count(0, "/child-2.xml") == 1 and srv.hit_count(0, "/child-3.xml") == 0
    urls, errors = read(sitemap_urls, srv.base() + "/child-0.xml", max_urls=1000)
    assert len(urls) == 1000 and "stopped after 1000 URLs" in errors[0]


def test_index_children_beyond_the_protocol_limit_are_skipped(raw_server, monkeypatch):
    from scrapekit import sources

    monkeypatch.setattr(sources, "MAX_INDEX_CHILDREN", 2)
    srv = raw_server(["127.0.0.2"])
    srv.route("/index.xml", xml(index([f"/c{i}.xml" for i in range(10)])))
    urls, errors = read(sitemap_urls, srv.base() + "/index.xml")
    assert any("stopped at 2 sitemaps in one index" in e for e in errors), errors
    assert srv.hit_count(0, "/c2.xml") == 0 and srv.hit_count(0, "/c1.xml") == 1


def test_200k_duplicates_are_dropped_quickly(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/dups.xml", xml(urlset(["http://news.example/a", "http://news.example/b"]
                                      * 100_000)))
    srv.route("/index.xml", xml(index([srv.base() + "/dups.xml"] * 200_000)))
    started = time.monotonic()
    urls, errors = read(sitemap_urls, srv.base() + "/index.xml")
    assert urls == ["http://news.example/a", "http://news.example/b"] and errors == []
    assert srv.hit_count(0, "/dups.xml") == 1
    assert time.monotonic() - started < 20


# -- rows 2 and 3: what a remote document lists -------------------------------------------------
def test_listed_local_files_and_broken_urls_become_invalid_url_records(raw_server, tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text("<html><body><article><h1>Secret</h1><p>" + "top secret words " * 40
                      + "</p></article></body></html>")
    srv = raw_server(["127.0.0.2"])
    srv.route("/ok", response(200, page("Fine")))
    srv.route("/feed", xml(rss([f"file://{secret}", "http://[oops/", srv.base() + "/ok",
                                "javascript:alert(1)"])))
    items = list(feed_urls(srv.base() + "/feed", FAST))
    assert all(isinstance(i, RemoteItem) for i in items)
    assert file_url_path(items[0]) is None and file_url_path(items[0].strip()) is None
    records = list(scrapekit.scrape_many(items, FAST))
    by_url = {r.url: r for r in records}
    assert len(records) == 4 and set(by_url) == set(items)
    leaked = by_url[f"file://{secret}"]
    assert leaked.error.kind == "invalid_url" and "file" in leaked.error.message
    assert leaked.article_body is None
    assert by_url["http://[oops/"].error.kind == "invalid_url"
    assert by_url["javascript:alert(1)"].error.kind == "invalid_url"
    assert by_url[srv.base() + "/ok"].error is None


def test_a_file_url_given_by_the_user_is_still_read(tmp_path):
    path = tmp_path / "a.html"
    path.write_text("<p>a</p>")
    assert file_url_path(f"file://{path}") == path


def test_cli_feed_with_hostile_items_gives_a_record_each(raw_server, tmp_path):
    import json

    from scrapekit.cli import main

    secret = tmp_path / "passwd.html"
    secret.write_text("<html><body><p>" + "root:x:0:0 " * 40 + "</p></body></html>")
    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(200, page("A")))
    srv.route("/feed", xml(rss(["http://[oops/", f"file://{secret}", srv.base() + "/a"])))
    out = tmp_path / "out.jsonl"
    code = main(["scrape", "-q", "--delay", "0", "--workers", "1", "--feed", srv.base() + "/feed",
                 "-o", str(out)])
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert code == 0 and len(records) == 3
    kinds = {r["url"]: (r["error"] or {}).get("kind") for r in records}
    assert kinds == {"http://[oops/": "invalid_url", f"file://{secret}": "invalid_url",
                     srv.base() + "/a": None}
    assert not any("root:x" in (r["articleBody"] or "") for r in records)


def test_sources_can_be_read_from_inside_a_running_event_loop(raw_server):
    import asyncio

    srv = raw_server(["127.0.0.2"])
    srv.route("/feed", xml(rss(["http://news.example/a"])))

    async def caller():  # an async program iterating the (blocking) source
        return list(feed_urls(srv.base() + "/feed", FAST))
    assert asyncio.run(caller()) == ["http://news.example/a"]
