"""Inputs: URL lists, sitemaps (indexes, gzip) and feeds, served by a small loopback server."""

import gzip
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scrapekit.sources import SourceError, feed_urls, local_paths, sitemap_urls, url_lines

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{base}/sitemap-1.xml</loc></sitemap>
  <sitemap><loc>{base}/sitemap-2.xml.gz</loc></sitemap>
  <sitemap><loc>{base}/missing.xml</loc></sitemap>
</sitemapindex>"""
SITEMAP_1 = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc> https://news.example/a </loc><news:news><news:title>A</news:title></news:news></url>
<url><loc>https://news.example/b</loc></url></urlset>"""
SITEMAP_2 = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://news.example/c</loc></url></urlset>"""
RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>One</title><link>https://news.example/one</link></item>
<item><title>Two</title><guid>https://news.example/two</guid></item>
<item><title>Three</title><link>/three</link></item></channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>One</title><link rel="alternate" href="https://news.example/atom-one"/>
<link rel="enclosure" href="https://news.example/a.mp3"/></entry>
<entry><title>Two</title><link href="https://news.example/atom-two"/></entry></feed>"""
BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://news.example/&lol2;</loc></url></urlset>"""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_address[1]}".encode()
        routes = {
            "/sitemap-index.xml": SITEMAP_INDEX.replace(b"{base}", base),
            "/sitemap-1.xml": SITEMAP_1,
            "/sitemap-2.xml.gz": gzip.compress(SITEMAP_2),
            "/rss.xml": RSS, "/atom.xml": ATOM, "/bomb.xml": BOMB, "/html": b"<html>no</html>",
        }
        body = routes.get(self.path)
        self.send_response(200 if body is not None else 404)
        body = body or b"not found"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def xml_server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_sitemap_index_with_gzip_children(xml_server):
    errors = []
    urls = list(sitemap_urls(xml_server + "/sitemap-index.xml", on_error=errors.append))
    assert urls == ["https://news.example/a", "https://news.example/b", "https://news.example/c"]
    assert len(errors) == 1 and "missing.xml" in errors[0] and "404" in errors[0]


def test_sitemap_errors_raise_without_a_handler(xml_server):
    with pytest.raises(SourceError):
        list(sitemap_urls(xml_server + "/nope.xml"))


def test_xml_entities_are_not_expanded(xml_server):
    urls = list(sitemap_urls(xml_server + "/bomb.xml"))
    assert all("lollol" not in u for u in urls)


def test_rss_and_atom_feeds(xml_server):
    assert list(feed_urls(xml_server + "/rss.xml")) == [
        "https://news.example/one", "https://news.example/two", xml_server + "/three"]
    assert list(feed_urls(xml_server + "/atom.xml")) == [
        "https://news.example/atom-one", "https://news.example/atom-two"]


def test_url_lines_skip_blanks_and_comments_and_survive_bad_bytes():
    data = b"\xef\xbb\xbfhttp://a.example/1\n\n  # comment\n http://a.example/2 \r\nhttp://a.example/\xff\n"
    assert list(url_lines(io.BytesIO(data))) == [
        "http://a.example/1", "http://a.example/2", "http://a.example/\udcff"]  # (then invalid_url)


def test_local_paths_walk_directories_without_following_loops(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.html").write_text("<p>a</p>")
    (tmp_path / "sub" / "b.htm").write_text("<p>b</p>")
    (tmp_path / "sub" / "c.txt").write_text("c")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    found = list(local_paths([str(tmp_path), str(tmp_path / "missing.html")]))
    assert [p.rsplit("/", 1)[-1] for p in found] == ["a.html", "b.htm", "missing.html"]


# -- URL lists: gzip, trailing comments, bounded lines (issue 18 #8) ----------------------------
def test_trailing_comment_after_whitespace_is_not_part_of_the_url():
    data = b"http://a.example/1 # the first\nhttp://a.example/2#frag\nhttp://a.example/3\t#tab\n"
    assert list(url_lines(io.BytesIO(data))) == [
        "http://a.example/1", "http://a.example/2#frag", "http://a.example/3"]
    assert list(url_lines(io.StringIO("http://a.example/4  # text stream\n"))) == [
        "http://a.example/4"]


def test_gzip_url_list_is_decompressed(tmp_path):
    from scrapekit.sources import read_url_file

    path = tmp_path / "urls.txt.gz"
    lines = b"# list\n" + b"".join(b"http://a.example/%d # n\n" % i for i in range(5000))
    path.write_bytes(gzip.compress(lines[:20000]) + gzip.compress(lines[20000:]))  # 2 members
    urls = list(read_url_file(path))
    assert urls == [f"http://a.example/{i}" for i in range(5000)]


def test_gzip_url_list_bomb_stays_bounded():
    import tracemalloc

    from scrapekit.sources import MAX_LINE

    zeros = gzip.compress(b"x" * (64 << 20), compresslevel=9)  # one 64 MB line
    tracemalloc.start()
    try:
        [only] = url_lines(io.BytesIO(zeros))  # one record for the line, whatever its length
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    assert peak_mb < 4, peak_mb
    assert only == "x" * 200 + f" \u2026[cut: a line of {64 << 20} bytes]"
    long_line = b"http://a.example/" + b"a" * (MAX_LINE * 2) + b"\nhttp://a.example/next\n"
    got = list(url_lines(io.BytesIO(gzip.compress(long_line))))
    assert len(got) == 2 and got[1] == "http://a.example/next"
    assert got[0].endswith(f"[cut: a line of {len(long_line) - 23} bytes]") and len(got[0]) < 250


def test_cli_reads_a_gzip_url_list(raw_server, tmp_path):
    import json

    from rawserver import page, response
    from scrapekit.cli import main

    srv = raw_server(["127.0.0.2"])
    for i in range(3):
        srv.route(f"/p{i}", response(200, page(f"Page {i}")))
    listing = tmp_path / "urls.txt.gz"
    listing.write_bytes(gzip.compress("".join(f"{srv.base()}/p{i}  # page {i}\n"
                                              for i in range(3)).encode()))
    out = tmp_path / "out.jsonl"
    code = main(["scrape", "-q", "--delay", "0", "--workers", "1", "--no-extract",
                 "-i", str(listing), "-o", str(out)])
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert code == 0 and sorted(r["url"] for r in records) == [f"{srv.base()}/p{i}" for i in range(3)]
    assert all(r["error"] is None for r in records)
