"""What a rendered page's scripts may reach (scrapekit.render_access), and that every request
of the page gets an answer: loopback servers, a real Chromium (skipped when absent locally)."""

from __future__ import annotations

import asyncio
import time

import pytest

from scrapekit import Settings
from scrapekit.fetch import Fetcher
from scrapekit.render import Renderer, answer_headers
from scrapekit.render_access import PageAccess, origin, without_credentials
from loopsite import LoopSite, QuietHandler
from test_render import needs_browser

SECRET_HEADERS = (("Authorization", "Bearer USER-TOKEN"), ("X-Api-Key", "USER-KEY"),
                  ("User-Agent", "TestBot/1.0"))


class Handler(QuietHandler):
    server: Server

    def do_GET(self) -> None:
        self.server.seen.append((self.path, dict(self.headers.items())))
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            return self.answer(404, b"", "text/plain")
        if path == "/broken.js":  # says gzip, is not: the fetcher raises DecodeError
            return self.answer(200, b"xx", "application/javascript", [("Content-Encoding", "gzip")])
        if path.endswith(".js"):
            return self.answer(200, self.server.script, "application/javascript")
        extra = [("Access-Control-Allow-Origin", "*")] if path == "/open" else []
        return self.answer(200, f"DATA-{path.strip('/')}".encode(), "text/plain", extra)


class Server(LoopSite):
    def __init__(self) -> None:
        super().__init__(Handler)
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.script = b""

    def got(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.seen if p == path]


@pytest.fixture
def servers():
    made = [Server().start(), Server().start()]
    yield made
    for srv in made:
        srv.stop()


def settings(**changes) -> Settings:
    base = dict(delay=0, workers=1, retries=0, timeout=10, render="always", render_timeout=20,
                headers=SECRET_HEADERS, cookies=(("sid", "USER-COOKIE"),))
    base.update(changes)
    return Settings(**base)


def render(s: Settings, url: str, page: bytes) -> tuple[str, list[str], float]:
    async def go():
        async with Fetcher(s) as fetcher:
            renderer = Renderer(s, fetcher)
            started = time.monotonic()
            try:
                html, failures = await renderer.render(url, page, "text/html")
            finally:
                await renderer.close()
            return html, failures, time.monotonic() - started

    return asyncio.run(go())


def fetch_into_page(*urls: str) -> bytes:
    calls = "".join(
        f"fetch({u!r}).then(r => r.text()).then(t => add(t)).catch(e => add('ERR ' + {u!r}));"
        for u in urls)
    return (f"<html><body><div id=app></div><script>function add(t) {{"
            f" const p = document.createElement('p'); p.textContent = t;"
            f" document.getElementById('app').appendChild(p); }}{calls}</script></body></html>"
            ).encode()


@needs_browser
@pytest.mark.parametrize("guard", [False, True])
def test_a_public_page_reaches_no_loopback_service(servers, guard):
    internal = servers[0]
    page = fetch_into_page(internal.base + "/admin/keys")
    html, failures, _ = render(settings(block_private_addresses=guard),
                               "http://93.184.216.34/news", page)
    assert "DATA-admin" not in html and internal.seen == []
    assert failures and "blocked_address" in failures[0]
    if not guard:
        assert "block_private_addresses is on" not in failures[0]


@needs_browser
def test_credentials_go_to_the_pages_own_origin_only_and_no_cors_is_added(servers):
    own, other = servers
    own.script = ("fetch('/mine').then(r => r.text()).then(t => document.title = t);").encode()
    page = (b'<html><body><script src="/app.js"></script>'
            + fetch_into_page(other.base + "/closed", other.base + "/open")
            + b"</body></html>")
    html, failures, _ = render(settings(), own.base + "/page", page)
    for path in ("/app.js", "/mine"):  # the page's own origin: the user's credentials
        (headers,) = own.got(path)
        assert headers["Authorization"] == "Bearer USER-TOKEN"
        assert headers["X-Api-Key"] == "USER-KEY" and "USER-COOKIE" in headers["Cookie"]
    for path in ("/closed", "/open"):  # another origin (a page on loopback may reach it)
        (headers,) = other.got(path)
        assert not {"Authorization", "X-Api-Key", "Cookie"} & set(headers)
        assert headers["User-Agent"] == "TestBot/1.0"
    assert "<title>DATA-mine</title>" in html
    assert "DATA-open" in html  # the server's own CORS header, passed on
    assert "DATA-closed" not in html and "ERR " in html  # none added: the browser refuses it


@needs_browser
def test_a_subresource_that_fails_to_decode_is_answered_at_once(servers):
    own = servers[0]
    page = f'<html><body><script src="{own.base}/broken.js"></script></body></html>'.encode()
    html, failures, took = render(settings(), own.base + "/page", page)
    assert took < 10  # before: the request was never answered, the render hung to its timeout
    assert any("broken.js: decode:" in f for f in failures)


def test_page_access_rules():
    assert origin("http://A.example/x") == origin("http://a.example:80/y")
    assert origin("https://a.example/") != origin("http://a.example/")
    public = PageAccess(origin("http://a.example/p"), private_ok=False)
    intranet = asyncio.run(PageAccess.of("http://127.0.0.1:8080/p"))
    assert intranet.private_ok
    assert not asyncio.run(PageAccess.of("http://93.184.216.34/")).private_ok
    assert public.key("http://a.example/app.js", guarded_run=False) == (True, True)
    assert public.key("http://cdn.example/app.js", guarded_run=False) == (False, True)
    assert intranet.key("http://127.0.0.1:8080/a.js", guarded_run=False) == (True, False)
    assert intranet.key("http://127.0.0.1:9/a.js", guarded_run=False) == (False, False)
    bare = without_credentials(settings())
    assert bare.cookies == () and bare.headers == (("User-Agent", "TestBot/1.0"),)


def test_answers_carry_the_servers_cors_headers_only():
    from scrapekit.fetch.resources import Resource
    from scrapekit.render import cors_refusal

    res = Resource("http://a/", 200, "text/plain", b"x",
                   (("Access-Control-Allow-Origin", "https://b"), ("Set-Cookie", "s=1")))
    assert answer_headers(res) == {"content-type": "text/plain",
                                   "access-control-allow-origin": "https://b"}
    bare = Resource("http://a/", 200, None, b"")
    assert "access-control-allow-origin" not in answer_headers(bare)
    page = "http://a.example"
    closed = Resource("http://b.example/x", 200, None, b"")
    assert cors_refusal(page, "http://b.example/x", closed)
    assert cors_refusal(None, "http://b.example/x", closed) is None  # a script tag: no CORS
    assert cors_refusal(page, "http://a.example:80/x", closed) is None  # same origin
    for allowed in ("*", page):
        res = Resource("http://b.example/x", 200, None, b"",
                       (("access-control-allow-origin", allowed),))
        assert cors_refusal(page, "http://b.example/x", res) is None


def test_a_page_reached_by_a_redirect_from_another_origin_gets_no_credentials():
    # review 7: A/article redirected to B/landing; B's own scripts then got the user's
    # credentials meant for A (the page's origin was taken from its final URL alone)
    moved = asyncio.run(PageAccess.of("http://93.184.216.34/landing",
                                      requested="http://a.example/article"))
    assert moved.origin is None
    assert moved.key("http://93.184.216.34/api", guarded_run=False) == (False, True)
    same = asyncio.run(PageAccess.of("http://93.184.216.34/b",
                                     requested="http://93.184.216.34/a"))
    assert same.key("http://93.184.216.34/api", guarded_run=False) == (True, True)
