"""Rule 24 for pages: once a page's redirect chain has left the origin asked for, no later hop
carries the user's credentials, also when the chain comes back (the other origin chose where
it came back to): a URL the user gives and a page the user's own sitemap lists
(OwnOriginItem) alike, in a Fetcher and in a run (real worker processes). Loopback servers
(tests/rawserver.py), no internet."""

from __future__ import annotations

import asyncio

from rawserver import page, response
from test_lib11_credentials_sources import SECRETS, USER, by_host_path, urlset, xml

from scrapekit import scrape_many
from scrapekit.fetch import Fetcher
from scrapekit.sources import OwnOriginItem, sitemap_urls


def redirect(to: str) -> bytes:
    return response(302, b"", headers=[("Location", to)])


def _bounce(srv, name: str) -> tuple[str, str]:
    """A/<name> -> B/x-<name> -> A/admin/<name>?confirm=1 (a page)."""
    a, b = srv.base(0), srv.base(1)
    srv.route(f"127.0.0.2/{name}", redirect(f"{b}/x-{name}"))
    srv.route(f"127.0.0.3/x-{name}", redirect(f"{a}/admin/{name}?confirm=1"))
    srv.route(f"127.0.0.2/admin/{name}", response(body=page(name.upper())))
    return a, b


def test_a_fetcher_sends_none_after_the_chain_left(raw_server):
    """Before: the hop back to A carried the token and cookie (a page's credentials came back
    with the chain; only documents dropped them)."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, _ = _bounce(srv, "go")

    async def run():
        async with Fetcher(USER) as fetcher:
            return await fetcher.fetch(f"{a}/go")
    result = asyncio.run(run())
    assert result.ok and result.left_origin, result.error
    seen = by_host_path(srv)
    assert seen[("127.0.0.2", "/go")] == list(SECRETS)  # the asked origin, before it left
    assert seen[("127.0.0.3", "/x-go")] == []
    assert seen[("127.0.0.2", "/admin/go?confirm=1")] == []


def test_in_a_run_a_given_url_and_a_listed_page_send_none_after_the_chain_left(raw_server):
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, _ = _bounce(srv, "given")
    _bounce(srv, "listed")
    srv.route("127.0.0.2/sitemap.xml", xml(urlset([f"{a}/listed"])))
    listed = list(sitemap_urls(f"{a}/sitemap.xml", USER))
    assert listed == [f"{a}/listed"] and type(listed[0]) is OwnOriginItem
    records = list(scrape_many([f"{a}/given", *listed], USER))
    assert sorted(r.url for r in records) == [f"{a}/given", f"{a}/listed"]
    assert not any(r.error for r in records), records
    seen = by_host_path(srv)
    for name in ("given", "listed"):
        assert seen[("127.0.0.2", f"/{name}")] == list(SECRETS), name
        assert seen[("127.0.0.3", f"/x-{name}")] == [], name
        assert seen[("127.0.0.2", f"/admin/{name}?confirm=1")] == [], name  # before: all three
