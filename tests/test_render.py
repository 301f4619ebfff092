"""Rendering (--render): a loopback site whose article is put in place by a script.

Needs Chromium (Debian's ``chromium``; .ci/run installs it) and Playwright (the test extra).
Skipped, saying why, only when they are absent locally.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scrapekit import Settings
from scrapekit.fetch import Fetcher
from scrapekit.fetch.client import ACCEPT
from scrapekit.pipeline import scrape_many
from scrapekit.render import browser_path, looks_like_app_shell
from scrapekit.render_access import PageAccess

try:
    import playwright  # noqa: F401
    from scrapekit.errors import RenderError

    browser_path(Settings())
    MISSING = None
except ImportError:
    MISSING = "playwright is not installed (pip install -e '.[render]')"
except RenderError as exc:
    MISSING = f"no Chromium on this machine ({exc.message})"

# CI installs Chromium (.ci/run): there a missing browser fails the tests instead of skipping
needs_browser = pytest.mark.skipif(MISSING is not None and os.environ.get("CI") != "true",
                                   reason=MISSING or "")

PARAGRAPHS = [
    "The river rose above its banks overnight, flooding the lower town for the first time in "
    "thirty years and forcing dozens of families to leave their homes before dawn.",
    "Volunteers filled sandbags at the fire station while the mayor asked residents to stay "
    "away from the embankment until the water started to fall again on Sunday.",
    "Engineers said the new flood wall held, but warned that the old bridge would stay closed "
    "until divers had inspected its foundations for damage.",
]
SHELL = (b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Flood News</title>'
         b'</head><body><noscript>You need to enable JavaScript to run this app.</noscript>'
         b'<div id="root"></div><script src="%s"></script></body></html>')
APP_JS = b"""
fetch('/api/story.json').then(r => r.json()).then(story => {
  const root = document.getElementById('root');
  const article = document.createElement('article');
  article.innerHTML = '<h1>' + story.headline + '</h1><p class="byline">By ' + story.author +
    '</p>' + story.paragraphs.map(p => '<p>' + p + '</p>').join('');
  root.appendChild(article);
});
"""
STORY = json.dumps({"headline": "River floods the lower town", "author": "Mara Lind",
                    "paragraphs": PARAGRAPHS}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "Site"

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.seen.append((self.path, self.headers.get("Accept")))
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/app/story":
            return self._send(200, SHELL % b"/static/app.js", "text/html; charset=utf-8")
        if path == "/app/octet":  # the shell served with a type the fetcher must sniff
            return self._send(200, SHELL % b"/static/app.js", "application/octet-stream")
        if path == "/app/robots-blocked":
            return self._send(200, SHELL % b"/private/app.js", "text/html; charset=utf-8")
        if path == "/app/slow":
            return self._send(200, SHELL % b"/static/slow.js", "text/html; charset=utf-8")
        if path == "/app/spin":  # a script that never yields
            return self._send(200, (SHELL % b"/static/app.js").replace(
                b"</body>", b"<script>while (true) {}</script></body>"), "text/html; charset=utf-8")
        if path in ("/static/app.js", "/private/app.js"):
            return self._send(200, APP_JS, "application/javascript")
        if path == "/static/slow.js":
            time.sleep(float(os.environ.get("RENDER_TEST_SLOW", "4")))
            return self._send(200, APP_JS, "application/javascript")
        if path == "/api/story.json":
            return self._send(200, STORY, "application/json")
        if path == "/static/busy.js":
            return self._send(503, b"busy", "text/plain")
        if path == "/static/moved.js":
            self.send_response(302)
            self.send_header("Location", "/private/app.js")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == "/static/logo.png":
            return self._send(200, b"\x89PNG", "image/png")
        return self._send(404, b"not found", "text/plain")


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.seen: list[tuple[str, str | None]] = []

    def handle_error(self, request: object, client_address: object) -> None:
        pass

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def site():
    srv = Site()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def settings(**changes) -> Settings:
    base = dict(delay=0, workers=1, retries=0, timeout=10, render_timeout=30)
    base.update(changes)
    return Settings(**base)


def browsers_of(pid: int) -> list[int]:
    """Browser processes descending from ``pid`` (Chromium and the Playwright driver)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            todo.append(child)
            try:
                with open(f"/proc/{child}/cmdline", "rb") as fh:
                    cmdline = fh.read()
            except OSError:
                continue
            if b"playwright" in cmdline or b"chrom" in cmdline:  # not the suite's pool workers
                out.append(child)
    return out


def marked(mark: str) -> list[int]:
    """Live processes whose environment holds ``mark`` (a subprocess's browsers, even orphaned)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as fh:
                if mark.encode() in fh.read():
                    found.append(int(entry))
        except OSError:
            continue
    return found


def test_app_shell_signals():
    assert looks_like_app_shell(SHELL % b"/static/app.js")
    plain = b"<html><body><nav><a href='/'>Home</a></nav><p>Short.</p></body></html>"
    assert not looks_like_app_shell(plain)  # no scripts: nothing to render
    text = b"<html><body><div id='root'>" + b"<p>Words and more words.</p>" * 60 + \
        b"</div><script src='/a.js'></script></body></html>"
    assert not looks_like_app_shell(text)  # the text is already there


def test_never_is_the_default_and_keeps_the_page_empty(site):
    (record,) = scrape_many([site.base + "/app/story"], settings())
    assert len(record.article_body or "") < 200  # at most the shell's "enable JavaScript" notice
    assert not any(p[:40] in (record.article_body or "") for p in PARAGRAPHS)
    assert not any(path.startswith("/static") for path, _ in site.seen)  # nothing rendered
    assert record.fetch is not None and record.fetch.rendered is False


@needs_browser
def test_auto_renders_the_script_built_article(site):
    own = os.getpid()
    records = list(scrape_many([site.base + "/app/story", site.base + "/app/story?again=1"],
                               settings(render="auto")))
    assert len(records) == 2
    for record in records:
        assert record.ok, record.error
        assert record.headline == "River floods the lower town"
        assert record.article_body == "\n\n".join(PARAGRAPHS)
        assert [a.name for a in record.authors] == ["Mara Lind"]
        assert record.page_type == "article"
        assert record.fetch is not None and record.fetch.rendered is True
        assert record.to_dict()["fetch"]["rendered"] is True
    # the script and the API call came through our Fetcher (its Accept header), not the browser
    fetched = {path: accept for path, accept in site.seen}
    assert fetched["/static/app.js"] == ACCEPT and fetched["/api/story.json"] == ACCEPT
    # the page itself was fetched once per input: the browser was served the bytes we had
    assert [p for p, _ in site.seen].count("/app/story") == 1
    assert [p for p, _ in site.seen].count("/app/story?again=1") == 1
    assert not browsers_of(own), "a browser process outlived the run"


@needs_browser
def test_a_page_sniffed_as_html_renders_whatever_type_it_was_served_with(site):
    # served as application/octet-stream, Chromium would download it ("Download is starting")
    (record,) = scrape_many([site.base + "/app/octet"], settings(render="always"))
    assert record.ok, record.error
    assert record.article_body == "\n\n".join(PARAGRAPHS)
    assert record.fetch is not None and record.fetch.rendered is True


def test_the_document_goes_to_the_browser_as_html_with_its_charset():
    from scrapekit.render import document_type

    assert document_type("application/octet-stream") == "text/html"
    assert document_type(None) == "text/html"
    assert document_type("text/plain; charset=ISO-8859-1") == "text/html; charset=ISO-8859-1"
    assert document_type("text/html; charset=utf-8") == "text/html; charset=utf-8"
    assert document_type("application/xhtml+xml") == "application/xhtml+xml"


def test_auto_leaves_real_articles_alone(server, monkeypatch):
    from scrapekit import render

    calls = []

    async def spy(self, url, body, content_type):
        calls.append(url)
        raise AssertionError("an article page was sent to the browser")

    monkeypatch.setattr(render.Renderer, "render", spy)
    (record,) = scrape_many([server.base + "/article/seed"], settings(render="auto"))
    assert record.ok and record.word_count > 100
    assert calls == []


@needs_browser
def test_robots_disallowed_script_gives_a_render_error_and_keeps_the_static_record(site):
    (record,) = scrape_many([site.base + "/app/robots-blocked"], settings(render="always"))
    assert record.error is not None and record.error.kind == "render"
    assert "robots_disallowed" in record.error.message
    assert record.fetch is not None and record.fetch.status == 200  # the static record, kept
    assert record.fetch.rendered is False
    assert not any(path == "/private/app.js" for path, _ in site.seen)


@needs_browser
def test_render_time_budget(site, monkeypatch):
    monkeypatch.setenv("RENDER_TEST_SLOW", "6")
    started = time.monotonic()
    (record,) = scrape_many([site.base + "/app/slow"], settings(render="auto", render_timeout=2))
    assert record.error is not None and record.error.kind == "render"
    assert "longer than 2s" in record.error.message
    assert time.monotonic() - started < 20
    assert not browsers_of(os.getpid())


@needs_browser
def test_a_script_that_never_yields_is_cut_off(site):
    started = time.monotonic()
    (record,) = scrape_many([site.base + "/app/spin"], settings(render="always", render_timeout=3))
    assert record.error is not None and record.error.kind == "render"
    assert time.monotonic() - started < 30
    assert not browsers_of(os.getpid())


@needs_browser
def test_a_browser_that_cannot_start_is_a_render_error(site):
    (record,) = scrape_many([site.base + "/app/story"],
                            settings(render="auto", browser="/bin/false"))
    assert record.error.kind == "render" and "cannot start" in record.error.message


@needs_browser  # (Playwright: checked before the browser)
def test_a_missing_browser_is_said_before_any_fetch(site):
    from scrapekit.errors import MissingExtra

    for mode in ("auto", "always"):
        with pytest.raises(MissingExtra, match="/nonexistent/chromium is not an executable"):
            list(scrape_many([site.base + "/app/story"],
                             settings(render=mode, browser="/nonexistent/chromium")))
    assert not site.seen, site.seen  # (refused before any request, robots.txt included)


def test_subresources_obey_the_private_address_guard(site):
    import asyncio

    from scrapekit.errors import BlockedAddress
    from scrapekit.fetch.resources import fetch_resource

    async def go(s: Settings):
        async with Fetcher(s) as fetcher:
            return await fetch_resource(fetcher, site.base + "/static/app.js")

    res = asyncio.run(go(settings()))
    assert res.status == 200 and res.body == APP_JS and res.content_type == "application/javascript"
    with pytest.raises(BlockedAddress):
        asyncio.run(go(settings(block_private_addresses=True)))


def test_subresources_obey_the_guard_through_a_proxy():
    """With a proxy the name is resolved by the proxy: the Fetcher checks it first, for
    subresources as for pages (nothing reaches the proxy)."""
    import asyncio

    from scrapekit.errors import BlockedAddress
    from scrapekit.fetch.resources import fetch_resource

    seen: list[bytes] = []

    async def proxy(reader, writer):
        seen.append(await reader.readline())
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n"
                     b"Connection: close\r\n\r\nsecret")
        await writer.drain()
        writer.close()

    async def go():
        srv = await asyncio.start_server(proxy, "127.0.0.1", 0)
        port = srv.sockets[0].getsockname()[1]
        s = settings(block_private_addresses=True, proxy=f"http://127.0.0.1:{port}",
                     robots=False)
        try:
            async with Fetcher(s) as fetcher:
                with pytest.raises(BlockedAddress):
                    await fetch_resource(fetcher, "http://169.254.169.254/latest/meta-data/")
                page = await fetcher.fetch("http://169.254.169.254/latest/meta-data/")
                assert page.error is not None and page.error.kind == "blocked_address"
            s = settings(proxy=f"http://127.0.0.1:{port}", robots=False)
            async with Fetcher(s) as fetcher:  # the proxy is reachable: the guard refused
                res = await fetch_resource(fetcher, "http://169.254.169.254/latest/meta-data/")
                assert res.body == b"secret"
        finally:
            srv.close()
            await srv.wait_closed()

    asyncio.run(go())
    assert len(seen) == 1


def test_subresources_are_capped_not_retried_and_checked_on_every_hop(site):
    import asyncio

    from scrapekit.errors import HTTPStatusError, RobotsDisallowed, TooLarge
    from scrapekit.fetch.resources import fetch_resource

    async def go(url, cap=None):
        async with Fetcher(settings(retries=3, backoff=0.01)) as fetcher:
            return await fetch_resource(fetcher, site.base + url, cap)

    with pytest.raises(TooLarge, match=f"{len(APP_JS) - 1}-byte cap"):
        asyncio.run(go("/static/app.js", cap=len(APP_JS) - 1))
    assert asyncio.run(go("/static/app.js", cap=len(APP_JS))).body == APP_JS
    with pytest.raises(HTTPStatusError):
        asyncio.run(go("/static/busy.js"))
    assert [p for p, _ in site.seen].count("/static/busy.js") == 1  # one attempt: no retries
    with pytest.raises(RobotsDisallowed):  # the redirect's target is checked too
        asyncio.run(go("/static/moved.js"))
    assert "/private/app.js" not in [p for p, _ in site.seen]


@needs_browser
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_no_browser_survives_a_signal(site, tmp_path, sig):
    mark = f"SCRAPEKIT_RENDER_TEST_{sig.name}_{os.getpid()}"
    env = dict(os.environ, RENDER_TEST_SLOW="30", **{mark: "1"})
    proc = subprocess.Popen(
        [sys.executable, "-m", "scrapekit", "scrape", site.base + "/app/slow", "--render", "auto",
         "--delay", "0", "--workers", "1", "-q", "-o", str(tmp_path / "out.jsonl")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not any(p == "/static/slow.js" for p, _ in site.seen):  # the browser is up, waiting
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
        time.sleep(0.1)
    assert marked(mark), "no browser process seen"
    proc.send_signal(sig)
    proc.wait(timeout=60)
    deadline = time.monotonic() + 15
    while marked(mark) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not marked(mark), "browser processes outlived the killed run"


def test_render_settings_are_checked():
    with pytest.raises(ValueError, match="render must be one of"):
        Settings(render="sometimes")
    # each worker renders the hosts it owns through its own Fetcher: any number of workers
    assert Settings(render="auto", workers=2).render == "auto"
    proc = subprocess.run([sys.executable, "-m", "scrapekit", "scrape", "http://127.0.0.1:9/",
                           "--render", "sometimes"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "--render" in proc.stderr


def test_browser_setting_and_env_var_win(monkeypatch):
    monkeypatch.setenv("SCRAPEKIT_BROWSER", "/opt/chrome/chrome")
    assert browser_path(Settings()) == "/opt/chrome/chrome"
    assert browser_path(Settings(browser="/usr/local/bin/chromium")) == "/usr/local/bin/chromium"


def test_playwright_version_check(monkeypatch):
    import importlib.metadata

    from scrapekit import render
    from scrapekit.errors import RenderError

    if MISSING is None:
        render.check_playwright()  # the installed one passes
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "1.30.0")
    with pytest.raises(RenderError, match="playwright >= 1.49"):
        render.check_playwright()


class _FakeRequest:
    def __init__(self, url: str) -> None:
        self.url, self.resource_type, self.method = url, "script", "GET"

    def is_navigation_request(self) -> bool:
        return False

    async def header_value(self, name: str) -> None:
        return None


class _NoFetchers:
    def for_request(self, page: object, url: str) -> None:
        return None  # fetch_resource is replaced in these tests


NO_FETCHERS = _NoFetchers()
PAGE = PageAccess(("https", "page.example", 443), private_ok=False)


class _FakeRoute:
    def __init__(self, url: str, got: list) -> None:
        self.request, self.got = _FakeRequest(url), got

    async def fulfill(self, status, body, headers):
        self.got.append(len(body))

    async def abort(self, why):
        self.got.append(None)


@pytest.mark.parametrize("size, served", [("cap", 4), (50, 64)])
def test_the_pages_subresource_budget_holds_under_concurrency(monkeypatch, size, served):
    """64 requests at once, each answered with its whole cap (or 50 bytes): never more than
    4 x max_bytes in all, and bytes not used by one request are there for the others."""
    import asyncio
    import types

    import scrapekit.fetch.resources as resources
    from scrapekit.render import SUBRESOURCE_BYTES, _Router

    async def fake_fetch(fetcher, url, cap):
        await asyncio.sleep(0.02)
        return resources.Resource(url, 200, "text/javascript", b"x" * (cap if size == "cap" else size))

    monkeypatch.setattr(resources, "fetch_resource", fake_fetch)
    got: list = []

    async def main():
        renderer = types.SimpleNamespace(settings=Settings(max_bytes=1000, workers=1),
                                         fetchers=NO_FETCHERS)
        router = _Router(renderer, b"<html></html>", None, [], PAGE)
        await asyncio.gather(*(router.handle(_FakeRoute(f"https://h{i}.example/s.js", got))
                               for i in range(64)))
        return router

    router = asyncio.run(main())
    assert sum(n for n in got if n) <= SUBRESOURCE_BYTES * 1000
    assert len([n for n in got if n]) == served and len(got) == 64
    assert router.left == SUBRESOURCE_BYTES * 1000 - sum(n for n in got if n)
    if size == "cap":
        assert "over their byte budget" in router.failures[0]


def test_render_logs_and_failures_never_show_credentials(monkeypatch, caplog):
    import asyncio
    import logging
    import types

    import scrapekit.fetch.resources as resources
    import scrapekit.render as render
    from scrapekit.errors import ConnectError, RenderError
    from scrapekit.fetch import FetchResult
    from scrapekit.record import Article

    async def failing(fetcher, url, cap):
        raise ConnectError("refused")

    monkeypatch.setattr(resources, "fetch_resource", failing)
    got: list = []
    renderer = types.SimpleNamespace(settings=Settings(workers=1), fetchers=NO_FETCHERS)
    router = render._Router(renderer, b"<html></html>", None, [], PAGE)
    asyncio.run(router.handle(_FakeRoute("https://user:hunter2@cdn.example/app.js", got)))
    assert got == [None] and "hunter2" not in router.failures[0]
    assert "***@cdn.example" in router.failures[0]

    class Failing:
        async def render(self, *args):
            raise RenderError("the browser failed")

    monkeypatch.setattr(render, "renderer_for", lambda fetcher, settings: Failing())
    result = FetchResult(url="https://user:hunter2@x.example/a", body=b"<html></html>")
    record = Article(url=result.url)
    with caplog.at_level(logging.INFO, logger="scrapekit.render"):
        out = asyncio.run(render.rerender(record, result, Settings(render="always"), None, None))
    assert out.error.kind == "render"
    assert "render of" in caplog.text and "hunter2" not in caplog.text


@needs_browser
@pytest.mark.parametrize("reach", [
    "window.RTCPeerConnection", "window.webkitRTCPeerConnection",
    "(() => { const f = document.createElement('iframe'); document.body.appendChild(f);"
    " return f.contentWindow.RTCPeerConnection; })()",
])
def test_webrtc_sends_nothing_past_the_interception(reach):
    """A page's WebRTC would send STUN over UDP from the browser itself (no request to
    intercept, no proxy): a UDP "STUN server" on loopback must receive nothing."""
    import asyncio
    import socket

    from scrapekit.render import Renderer

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(2)
    port = sock.getsockname()[1]
    page = f"""<html><body><div id=root></div><script>
let kind = 'none';
try {{
  const PC = {reach};
  kind = typeof PC;
  const pc = new PC({{iceServers: [{{urls: 'stun:127.0.0.1:{port}'}}]}});
  pc.createDataChannel('x'); pc.createOffer().then(o => pc.setLocalDescription(o));
}} catch (e) {{ kind += ' ' + e.name; }}
document.title = 'webrtc: ' + kind;
</script></body></html>""".encode()

    async def go():
        s = settings(robots=False, render="always", render_timeout=20)
        async with Fetcher(s) as fetcher:
            renderer = Renderer(s, fetcher)
            try:
                html, _ = await renderer.render("http://page.example/", page, "text/html")
                await asyncio.sleep(1.5)  # ICE gathering runs after the offer
            finally:
                await renderer.close()
        return html

    try:
        html = asyncio.run(go())
        assert "webrtc: undefined" in html
        with pytest.raises(socket.timeout):
            data, addr = sock.recvfrom(2048)
    finally:
        sock.close()
