"""Which listed URLs get the user's credentials, tightened (design change 29): only the entries
of a document read with them and found on the asked origin (after its redirects); a child
sitemap on another origin, or a document redirected there, gives none of its entries them,
whatever their origin. Relative entries resolve against where the document's redirects ended.
A ``user:password@`` in the asked URL stays with that document's own fetch: no listed URL, record,
error record or log line holds it. Loopback servers, real worker processes, no internet."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

from rawserver import page, response
from test_lib11_credentials_sources import SECRETS, USER, by_host_path, index, secrets_in, urlset, xml

from scrapekit import scrape_many
from scrapekit.sources import OwnOriginItem, RemoteItem, feed_urls, sitemap_urls

PASSWORD = "PW-s3cr3t-PASSWORD"


def _pages(srv, *names: str) -> None:
    for name in names:
        srv.route(f"/{name}", response(body=page(name.replace("/", " ").title())))


def test_a_foreign_child_sitemap_chooses_no_page_of_the_asked_origin_to_get_credentials(
        raw_server):
    """A's index lists B/child.xml, which lists A/admin/delete-account?confirm=1, and
    B/nested.xml, an index listing A/child-c.xml: none of these gets the user's token."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/index.xml", xml(index([f"{a}/child-a.xml", f"{b}/child.xml",
                                                f"{b}/nested.xml"])))
    srv.route("127.0.0.2/child-a.xml", xml(urlset([f"{a}/mine"])))
    srv.route("127.0.0.3/child.xml", xml(urlset([f"{a}/admin/delete-account?confirm=1",
                                                 f"{b}/theirs"])))
    srv.route("127.0.0.3/nested.xml", xml(index([f"{a}/child-c.xml"])))
    srv.route("127.0.0.2/child-c.xml", xml(urlset([f"{a}/via-c"])))
    _pages(srv, "mine", "theirs", "via-c", "admin/delete-account")
    items = list(sitemap_urls(f"{a}/index.xml", USER))
    assert items == [f"{a}/mine", f"{a}/admin/delete-account?confirm=1", f"{b}/theirs",
                     f"{a}/via-c"]
    assert [type(i) for i in items] == [OwnOriginItem, RemoteItem, RemoteItem, RemoteItem]
    records = list(scrape_many(sitemap_urls(f"{a}/index.xml", USER), USER))
    assert len(records) == 4 and not any(r.error for r in records), records
    seen = by_host_path(srv)
    with_token = sorted(k[1] for k, v in seen.items() if v)
    assert with_token == ["/child-a.xml", "/index.xml", "/mine"], seen
    assert all(set(v) == set(SECRETS) for v in seen.values() if v)  # read twice: two lists
    assert seen[("127.0.0.2", "/admin/delete-account?confirm=1")] == []
    assert seen[("127.0.0.2", "/child-c.xml")] == [] and seen[("127.0.0.2", "/via-c")] == []


def test_entries_resolve_against_where_the_redirects_ended_and_get_its_scope(raw_server):
    """The asked sitemap moved on its origin: its relative entries resolve against the new
    address and keep the credentials. Moved to another origin: they resolve there, and
    nothing it lists gets them (not even a URL on the asked origin)."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/old.xml", response(301, b"", headers=[("Location", "/new/s.xml")]))
    srv.route("127.0.0.2/new/s.xml", xml(urlset(["p1"])))
    srv.route("127.0.0.2/moved.xml", response(302, b"", headers=[("Location",
                                                                  f"{b}/dir/s.xml")]))
    srv.route("127.0.0.3/dir/s.xml", xml(urlset(["p2", f"{a}/p3"])))
    srv.route("127.0.0.2/feed", response(302, b"", headers=[("Location", f"{b}/dir/rss")]))
    rss = (f'<rss version="2.0"><channel><title>t</title><item><link>p4</link></item>'
           f"<item><link>{a}/p5</link></item></channel></rss>").encode()
    srv.route("127.0.0.3/dir/rss", response(body=rss, ctype="application/rss+xml"))
    _pages(srv, "new/p1", "dir/p2", "p3", "dir/p4", "p5")
    inputs = [*sitemap_urls(f"{a}/old.xml", USER), *sitemap_urls(f"{a}/moved.xml", USER),
              *feed_urls(f"{a}/feed", USER)]
    assert inputs == [f"{a}/new/p1", f"{b}/dir/p2", f"{a}/p3", f"{b}/dir/p4", f"{a}/p5"]
    assert [type(i) for i in inputs] == [OwnOriginItem] + [RemoteItem] * 4
    records = list(scrape_many(inputs, USER))
    assert len(records) == 5 and not any(r.error for r in records), records
    seen = by_host_path(srv)
    assert seen[("127.0.0.2", "/new/p1")] == list(SECRETS)
    for key in (("127.0.0.3", "/dir/p2"), ("127.0.0.2", "/p3"), ("127.0.0.3", "/dir/p4"),
                ("127.0.0.2", "/p5"), ("127.0.0.3", "/dir/s.xml"), ("127.0.0.3", "/dir/rss")):
        assert seen[key] == [], (key, seen)


def _userinfo_site(srv) -> str:
    """A site whose index, sitemap and feed list relative URLs (one a 404, one a child
    sitemap) and one absolute URL with a user:password of the sitemap's own making."""
    a = srv.base(0)
    srv.route("/idx.xml", xml(index(["s.xml"])))
    srv.route("/s.xml", xml(urlset(["/p1", "missing", f"http://bob:{PASSWORD}@{a[7:]}/p2"])))
    rss = ('<rss version="2.0"><channel><title>t</title><item><link>/p3</link></item>'
           "</channel></rss>").encode()
    srv.route("/rss.xml", response(body=rss, ctype="application/rss+xml"))
    _pages(srv, "p1", "p2", "p3")
    return f"http://alice:{PASSWORD}@{a[7:]}"


def test_a_password_in_the_sitemap_url_reaches_no_listed_url_record_or_log(raw_server, caplog,
                                                                          capfd):
    srv = raw_server(["127.0.0.2"])
    asked = _userinfo_site(srv)
    items = [*sitemap_urls(f"{asked}/idx.xml", USER), *feed_urls(f"{asked}/rss.xml", USER)]
    a = srv.base(0)
    assert items == [f"{a}/p1", f"{a}/missing", f"{a}/p2", f"{a}/p3"]
    assert all(type(i) is OwnOriginItem for i in items)
    with caplog.at_level(logging.DEBUG):
        records = list(scrape_many(items, USER))
    assert sorted(r.url for r in records) == sorted(items)
    errors = [r for r in records if r.error]
    assert [r.url for r in errors] == [f"{a}/missing"] and errors[0].error.status == 404
    dumped = json.dumps([r.to_dict() for r in records])
    out, err = capfd.readouterr()
    for text in (dumped, caplog.text, out, err):
        assert PASSWORD not in text and "alice" not in text
    # the asked documents' own fetch used it (Basic auth), no listed URL did
    sent = {r.path: r.header_values("Authorization") for r in srv.requests()
            if r.path != "/robots.txt"}
    assert sent["/idx.xml"] and sent["/rss.xml"]
    assert all(v == ["Bearer BEARER-SECRET"] for k, v in sent.items()
               if k not in ("/idx.xml", "/rss.xml")), sent
    assert all(secrets_in(r) for r in srv.requests() if r.path != "/robots.txt")


def test_the_cli_writes_no_password_of_a_sitemap_url(raw_server, tmp_path):
    srv = raw_server(["127.0.0.2"])
    asked = _userinfo_site(srv)
    out = tmp_path / "out.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "scrapekit", "scrape", "--delay", "0", "--retries", "0",
         "--workers", "1", "-vv", "--sitemap", f"{asked}/idx.xml", "--feed",
         f"{asked}/rss.xml", "-o", str(out)], capture_output=True, timeout=120)
    written = out.read_text()
    assert len(written.splitlines()) == 4, done.stderr.decode()[-2000:]
    for text in (written, done.stdout.decode(), done.stderr.decode()):
        assert PASSWORD not in text and "alice" not in text
