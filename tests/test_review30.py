"""Review 30 (the optional features): a rendered page that navigates away keeps its static record
with a `render` error (the browser's "is blocked" page was extracted as the article); a browser
gone between pages is a `render` error; an option whose package is missing is said once, before
any fetch (every worker crashed at start, every page a `connect` record, exit 0)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scrapekit import Settings
from scrapekit.errors import MissingExtra, RenderError, ScrapekitError
from scrapekit.fetch.client import check_options
from scrapekit.pipeline import scrape_many

from test_render import needs_browser

STORY = ("<h1>Council approves budget</h1><p>The council met on Tuesday to discuss the new budget"
         " for the city and its schools while residents asked questions about the plan.</p><p>The"
         " mayor said the plan would be reviewed again next spring after a public consultation"
         " with residents and local businesses across the city.</p>")
PAGES = {
    "/meta": '<html><head><title>Moved</title><meta http-equiv="refresh" content="0;url=/other">'
             f"</head><body><article>{STORY}</article></body></html>",
    "/reload": f"<html><head><title>Check</title></head><body><article>{STORY}</article><script>"
               'if(!document.cookie.includes("seen=1")){document.cookie="seen=1";location.reload();}'
               "</script></body></html>",
    "/other": "<html><body><p>elsewhere</p></body></html>",
}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = PAGES.get(self.path, "").encode()
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@needs_browser
@pytest.mark.parametrize("path", ["/meta", "/reload"])
def test_a_page_that_navigates_away_keeps_its_static_record_with_a_render_error(site, path):
    settings = Settings(delay=0, workers=1, retries=0, timeout=10, render="always",
                        render_timeout=20)
    (record,) = scrape_many([site + path], settings)
    assert record.headline == "Council approves budget"  # (not "127.0.0.1 is blocked")
    assert "blocked" not in (record.article_body or "")
    assert record.error is not None and record.error.kind == "render"
    assert "navigated there: not followed" in record.error.message
    assert record.fetch is not None and record.fetch.rendered is False


def test_a_browser_gone_before_the_page_is_a_render_error():
    from scrapekit.fetch import Fetcher
    from scrapekit.render import Renderer

    class _Gone:
        async def new_context(self, **_kw):
            raise RuntimeError("Target page, context or browser has been closed\n" + "log " * 2000)

    async def main():
        renderer = Renderer(Settings(render="always"), Fetcher(Settings()))

        async def ready():
            return _Gone()

        async def access():
            return None

        renderer._browser_ready = ready  # the browser died after it was started
        try:
            await renderer._render("http://a.example/", b"<p>x</p>", "text/html", access)
        finally:
            await renderer.fetchers.aclose()

    with pytest.raises(RenderError, match="the browser failed before the page: RuntimeError: "
                                          "Target page, context or browser has been closed$"):
        asyncio.run(main())


def test_a_missing_package_is_said_before_any_fetch(monkeypatch):
    monkeypatch.setitem(sys.modules, "socksio", None)  # (hidden: as if not installed)
    settings = Settings(proxy="socks5://127.0.0.1:9", workers=1)
    with pytest.raises(MissingExtra, match=r"pip install 'scrapekit\[socks\]'"):
        check_options(settings)
    assert issubclass(MissingExtra, ScrapekitError) and issubclass(MissingExtra, ImportError)
    with pytest.raises(MissingExtra):
        list(scrape_many(["http://127.0.0.1:9/a"], settings))
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:9")  # a proxy from the environment
    with pytest.raises(MissingExtra):
        check_options(Settings(workers=1))


def test_the_command_line_says_it_once_and_exits_2(tmp_path):
    (tmp_path / "sitecustomize.py").write_text("import sys\nsys.modules['socksio'] = None\n")
    r = subprocess.run([sys.executable, "-m", "scrapekit", "scrape", "http://127.0.0.1:9/a",
                        "--proxy", "socks5://127.0.0.1:9"], capture_output=True, timeout=60,
                       env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 2, r.stderr
    assert r.stderr.count(b"pip install 'scrapekit[socks]'") == 1 and b"Traceback" not in r.stderr


@pytest.mark.parametrize("host", ["https://eval.example/", "eval.example:443", "eval.example/news"])
def test_a_rules_host_written_as_a_url_is_refused_not_silently_unmatched(tmp_path, host):
    from scrapekit.errors import RulesError
    from scrapekit.rules import load_rules

    path = tmp_path / "rules.toml"
    path.write_text(f'[[site]]\nhosts = ["{host}"]\nheadline = "h1"\n')
    with pytest.raises(RulesError, match="line 2: hosts: .* is no host name"):
        load_rules(path)
    path.write_text('[[site]]\nhosts = ["eval.example", "*.eval.example"]\nheadline = "h1"\n')
    assert load_rules(path).sites[0].hosts == ("eval.example", "*.eval.example")


# review 31, of the fixes above


def test_only_the_proxy_variables_a_fetch_reads_are_checked(monkeypatch):
    monkeypatch.setitem(sys.modules, "socksio", None)
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                 "ALL_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("socks_proxy", "socks5://127.0.0.1:9")  # (GNOME exports it beside http_proxy)
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.setenv("no_proxy", "socks.corp.example")
    check_options(Settings(workers=1))  # no fetch reads socks_proxy: nothing missing
    monkeypatch.setenv("https_proxy", "socks5h://127.0.0.1:9")
    with pytest.raises(MissingExtra):
        check_options(Settings(workers=1))


def test_a_callers_subclass_of_a_listed_item_becomes_ours(server):
    from scrapekit.sources import OwnOriginItem, RemoteItem

    class Mine(OwnOriginItem):  # (defined here: a worker could not unpickle it)
        pass

    class Theirs(RemoteItem):
        pass

    records = list(scrape_many([Mine(f"{server.base}/plainhtml"), Theirs(f"{server.base}/latin1")],
                               Settings(workers=1, delay=0)))
    assert [r.error for r in records] == [None, None]


def test_an_ipv6_host_literal_is_a_rules_host(tmp_path):
    from scrapekit.rules import load_rules

    path = tmp_path / "rules.toml"
    path.write_text('[[site]]\nhosts = ["::1", "2001:db8::1"]\nheadline = "h1"\n')
    assert load_rules(path).sites[0].hosts == ("::1", "2001:db8::1")


def test_a_gold_key_that_is_scored_by_no_field_is_said_once(tmp_path, caplog):
    import logging

    from scrapekit.evaluate import read_gold

    (tmp_path / "p.html").write_text("<html><body><h1>x</h1></body></html>")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join('{"url": "https://a.example/%d", "html": "p.html", "headlin": "x"}\n' % i
                            for i in range(3)))
    with caplog.at_level(logging.WARNING, logger="scrapekit.evaluate"):
        pages = read_gold(gold)
    assert len(pages) == 3 and all(p.expected == {} for p in pages)
    said = [r.getMessage() for r in caplog.records if "headlin" in r.getMessage()]
    assert len(said) == 1 and "line 1: 'headlin' is not scored" in said[0]
