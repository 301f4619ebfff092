"""Rendering and the page's fetch: whether the page is on a private address is read from the
address its fetch connected to, not from a second DNS lookup (a resolver answering otherwise
then cannot make a private page public or the other way round); a page whose redirect chain
went through another origin is rendered without the user's credentials (its scripts' requests
to its own origin carry none). Loopback sites, a real Chromium (skipped when absent locally)."""

from __future__ import annotations

import asyncio

import pytest
from loopsite import LoopSite
from test_lib11_credentials_render import Handler as BaseHandler
from test_lib11_credentials_render import Site as BaseSite
from test_render import needs_browser

from scrapekit import Settings
from scrapekit.fetch import Fetcher
from scrapekit.record import Article
from scrapekit.render import close_browsers, rerender
from scrapekit.render_access import PageAccess
from scrapekit.worker import _InPlace, extract_job

class Handler(BaseHandler):
    """The feed test's site (a page loading /app.js), plus redirects, a script of the test's
    own and an internal service's answer."""

    server: Site

    def do_GET(self) -> None:
        site, path = self.server, self.path
        if path in site.moves:
            site.seen.append((path, dict(self.headers.items())))
            return self.answer(302, b"", "text/plain", [("Location", site.moves[path])])
        if path == "/app.js" and site.script:
            site.seen.append((path, dict(self.headers.items())))
            return self.answer(200, site.script, "application/javascript")
        if path == "/admin/keys":
            site.seen.append((path, dict(self.headers.items())))
            return self.answer(200, b"DATA-KEYS", "text/plain",
                               [("Access-Control-Allow-Origin", "*")])
        return super().do_GET()


class Site(BaseSite):
    def __init__(self) -> None:
        LoopSite.__init__(self, Handler)
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.feed = b""
        self.moves: dict[str, str] = {}
        self.script = b""


@pytest.fixture
def sites():
    made = [Site().start(), Site().start()]
    yield made
    for site in made:
        site.stop()


def settings(**changes) -> Settings:
    base = dict(delay=0, workers=1, retries=0, timeout=10, render="always", render_timeout=20,
                headers=(("Authorization", "Bearer USER-TOKEN"), ("X-Api-Key", "USER-KEY")),
                cookies=(("sid", "USER-COOKIE"),))
    base.update(changes)
    return Settings(**base)


def fetch_and_render(s: Settings, url: str):
    """The worker's steps, in this process: fetch, extract, render (rerender), extract."""
    async def go():
        async with Fetcher(s) as fetcher:
            result = await fetcher.fetch(url)
            assert result.ok, result.error
            redo = _InPlace(extract_job, None, None)
            record = await redo.run(result.body, url, result.final_url or url,
                                    result.content_type, result.info())
            try:
                return result, await rerender(record, result, s, fetcher, redo)
            finally:
                await close_browsers(fetcher)
    return asyncio.run(go())


def test_the_fetched_address_decides_not_a_second_lookup(monkeypatch):
    async def never(*args):  # the old way looked the host up again
        raise AssertionError("looked up again")
    monkeypatch.setattr("scrapekit.fetch.guard.resolve", never)
    assert asyncio.run(PageAccess.of("http://intranet.example/p", address="10.1.2.3")).private_ok
    assert not asyncio.run(PageAccess.of("http://127.0.0.1:8/p",
                                         address="93.184.216.34")).private_ok


def test_a_fetch_records_the_address_it_connected_to(sites):
    async def go():
        async with Fetcher(settings(render="never")) as fetcher:
            return await fetcher.fetch(sites[0].base + "/page")
    result = asyncio.run(go())
    assert result.ok and result.address == "127.0.0.1", result


@needs_browser
def test_a_page_fetched_from_a_private_address_stays_private_whatever_dns_says_later(
        sites, monkeypatch):
    """Guard off (an intranet crawl): the page came from 127.0.0.1, a second lookup says a
    public address. Before: the page counted as public and its script's request to the
    internal service was refused (blocked_address)."""
    page, internal = sites
    page.script = (f"fetch('{internal.base}/admin/keys').then(r => r.text())"
                   ".then(t => document.getElementById('x').textContent = t);").encode()

    async def public(host, port):
        return ["93.184.216.34"]
    monkeypatch.setattr("scrapekit.fetch.guard.resolve", public)
    result, record = fetch_and_render(settings(), page.base + "/page")
    assert result.address == "127.0.0.1"
    assert [p for p, _ in internal.seen if p != "/robots.txt"] == ["/admin/keys"], record.error
    assert record.error is None and record.fetch is not None and record.fetch.rendered, record


@needs_browser
def test_a_page_whose_chain_went_through_another_origin_renders_without_credentials(sites):
    """A/start -> B/x -> A/page: before, the page's own scripts got the user's credentials
    (its final origin was the one asked for)."""
    own, other = sites
    own.moves["/start"] = other.base + "/x"
    other.moves["/x"] = own.base + "/page"
    result, record = fetch_and_render(settings(), own.base + "/start")
    assert result.left_origin and record.fetch is not None and record.fetch.rendered, record
    assert own.carried("/start") == [True]
    assert other.carried("/x") == [False]
    assert own.carried("/page") == [False] and own.carried("/app.js") == [False]
