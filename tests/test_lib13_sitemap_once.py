"""One URL listed by a sitemap's documents is one record: a page of the user's own origin
that an own child sitemap redirected away lists (a RemoteItem) and another own child lists
too (an OwnOriginItem) comes out once, with the credentials; listed by no other, once without
them. Before: twice with credentials configured (two records, one fetched without them, one
with). Loopback servers (tests/rawserver.py), real worker processes, no internet."""

from __future__ import annotations

from rawserver import page, response
from test_lib11_credentials_sources import SECRETS, USER, by_host_path, index, urlset, xml

from scrapekit import Settings, scrape_many
from scrapekit.sources import OwnOriginItem, RemoteItem, sitemap_urls


def _site(srv) -> tuple[str, str]:
    """A's index: moved.xml (-> B: its entries get no credentials), then child-a.xml, then a
    child on B. p1 is listed by moved.xml and child-a.xml, p3 by moved.xml only."""
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/index.xml", xml(index([f"{a}/moved.xml", f"{a}/child-a.xml",
                                                f"{b}/child-b.xml"])))
    srv.route("127.0.0.2/moved.xml", response(302, b"", headers=[("Location", f"{b}/m.xml")]))
    srv.route("127.0.0.3/m.xml", xml(urlset([f"{a}/p1", f"{a}/p3", f"{b}/p4"])))
    srv.route("127.0.0.2/child-a.xml", xml(urlset([f"{a}/p2", f"{a}/p1"])))
    srv.route("127.0.0.3/child-b.xml", xml(urlset([f"{b}/p5", f"{a}/p3"])))
    for name in ("p1", "p2", "p3", "p4", "p5"):
        srv.route(f"/{name}", response(body=page(name.upper())))
    return a, b


def test_each_listed_url_comes_out_once_the_credentialed_form_first(raw_server):
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = _site(srv)
    items = [(str(i), type(i)) for i in sitemap_urls(f"{a}/index.xml", USER)]
    assert items == [(f"{b}/p4", RemoteItem), (f"{a}/p2", OwnOriginItem),
                     (f"{a}/p1", OwnOriginItem), (f"{a}/p3", RemoteItem),
                     (f"{b}/p5", RemoteItem)]
    plain = list(sitemap_urls(f"{a}/index.xml", Settings(retries=0, delay=0.0)))
    assert plain == [f"{a}/p1", f"{a}/p3", f"{b}/p4", f"{a}/p2", f"{b}/p5"]  # as before


def test_the_held_pages_come_out_when_the_sitemap_stops_at_a_broken_document(raw_server):
    """Without ``on_error`` a document that cannot be read ends the iteration: the pages held
    back come out before it does."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = _site(srv)
    srv.route("127.0.0.2/child-a.xml", response(500, b""))
    got: list[tuple[str, type]] = []
    try:
        for item in sitemap_urls(f"{a}/index.xml", USER):  # no on_error: the failure raises
            got.append((str(item), type(item)))
    except OSError:
        pass
    assert got == [(f"{b}/p4", RemoteItem), (f"{a}/p1", RemoteItem),
                                     (f"{a}/p3", RemoteItem)]


def test_in_a_run_one_record_per_listed_url(raw_server):
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = _site(srv)
    records = list(scrape_many(sitemap_urls(f"{a}/index.xml", USER), USER))
    assert sorted(r.url for r in records) == sorted(
        [f"{a}/p1", f"{a}/p2", f"{a}/p3", f"{b}/p4", f"{b}/p5"])
    assert not any(r.error for r in records), records
    seen = by_host_path(srv)
    assert seen[("127.0.0.2", "/p1")] == list(SECRETS)  # one fetch, with them (before: two)
    assert seen[("127.0.0.2", "/p2")] == list(SECRETS)
    assert seen[("127.0.0.2", "/p3")] == []  # listed only where they may not go
