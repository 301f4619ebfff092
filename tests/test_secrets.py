"""Credentials stay where they belong: out of the on-disk cache (and a cached answer is never
given to a request that carries them), out of WARC files, out of repr(Settings) and of URL
error messages; the guard blocks site-local IPv6. Loopback servers, no internet."""

from __future__ import annotations

import asyncio
import gzip
import importlib.util
from collections import Counter

import pytest

from scrapekit import Settings
from scrapekit.errors import InvalidURL
from scrapekit.fetch import Fetcher
from scrapekit.fetch.guard import is_blocked_ip
from scrapekit.fetch.urls import check_url
from scrapekit.redact import is_secret_header, mask_set_cookie
from scrapekit.warc_write import WarcRecorder

from loopsite import LoopSite, QuietHandler

PAGE = b"<html><body><p>for alice only</p></body></html>"
needs_hishel = pytest.mark.skipif(importlib.util.find_spec("hishel") is None, reason="needs hishel")


class Handler(QuietHandler):
    server: Server

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.server.hits[path] += 1
        if path == "/robots.txt":
            return self.answer(404, b"", "text/plain")
        extra = [("Set-Cookie", "sid=SERVER-SESSION; Path=/; HttpOnly")]
        if path.startswith("/no-store"):
            extra.append(("Cache-Control", "no-store"))
        elif path.startswith("/private"):
            extra.append(("Cache-Control", "max-age=60, private"))
        return self.answer(200, PAGE, "text/html; charset=utf-8", extra)


class Server(LoopSite):
    def __init__(self) -> None:
        super().__init__(Handler)
        self.hits: Counter[str] = Counter()


@pytest.fixture
def server():
    srv = Server().start()
    yield srv
    srv.stop()


def fetch(settings: Settings, url: str):
    async def go():
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch(url)
    return asyncio.run(go())


def cache_bytes(path) -> bytes:
    return b"".join(p.read_bytes() for p in path.rglob("*") if p.is_file())


BASE = dict(delay=0, retries=0, workers=1, timeout=5)


@needs_hishel
@pytest.mark.parametrize("credential", ["authorization", "api-key", "userinfo", "cookie"])
def test_requests_with_credentials_skip_the_cache(server, tmp_path, credential):
    cache = tmp_path / "cache"
    plain = Settings(cache=str(cache), **BASE)
    s = {"authorization": plain.replace(headers=(("Authorization", "Bearer ALICE-TOKEN"),)),
         "api-key": plain.replace(headers=(("X-Api-Key", "ALICE-TOKEN"),)),
         "userinfo": plain, "cookie": plain.replace(cookies=(("sid", "ALICE-TOKEN"),))}[credential]
    url = server.base + "/inbox"
    if credential == "userinfo":
        url = url.replace("http://", "http://alice:ALICE-TOKEN@")
    for _ in range(2):
        assert fetch(s, url).ok
    assert server.hits["/inbox"] == 2  # before: the second run was answered from the file
    assert b"ALICE-TOKEN" not in cache_bytes(cache)
    assert b"QUxJQ0UtVE9LRU4" not in cache_bytes(cache)  # nor base64'd in a Basic header


@needs_hishel
def test_a_cached_page_is_not_served_to_a_request_with_credentials(server, tmp_path):
    plain = Settings(cache=str(tmp_path / "cache"), **BASE)
    for _ in range(2):
        assert fetch(plain, server.base + "/page").ok
    assert server.hits["/page"] == 1  # cached for anonymous requests
    assert fetch(plain.replace(headers=(("Authorization", "Bearer B"),)), server.base + "/page").ok
    assert server.hits["/page"] == 2


@needs_hishel
@pytest.mark.parametrize("path", ["/no-store", "/private"])
def test_no_store_and_private_answers_are_not_stored(server, tmp_path, path):
    s = Settings(cache=str(tmp_path / "cache"), **BASE)
    first, second = fetch(s, server.base + path), fetch(s, server.base + path)
    assert first.ok and second.ok and second.body == PAGE
    assert server.hits[path] == 2


def test_secret_header_names():
    for name in ("Authorization", "Proxy-Authorization", "Cookie", "set-cookie", "X-Api-Key",
                 "X-Auth-Token", "X-Session-Id", "X-Client-Secret", "X-Password", "apikey"):
        assert is_secret_header(name), name
    for name in ("User-Agent", "Accept", "Accept-Language", "Accept-Encoding", "Referer",
                 "Keep-Alive", "X-Requested-With", "Host"):
        assert not is_secret_header(name), name
    assert mask_set_cookie("sid=S3CRET; Path=/; HttpOnly") == "sid=***; Path=/; HttpOnly"
    assert mask_set_cookie("flag") == "flag=***"


@pytest.mark.parametrize("keep", [False, True])
def test_warc_keeps_no_secret_header_and_masks_set_cookie(server, tmp_path, keep):
    s = Settings(headers=(("X-Api-Key", "APIKEY-SECRET"), ("Authorization", "Bearer AUTH-SECRET"),
                          ("Accept-Language", "de")),
                 cookies=(("sid", "COOKIE-SECRET"),), warc_set_cookie=keep, **BASE)
    result = fetch(s, server.base + "/page")
    path = tmp_path / "run.warc.gz"
    with WarcRecorder(path, s) as recorder:
        assert recorder.write(result)
    data = gzip.open(path).read().decode()
    for secret in ("APIKEY-SECRET", "AUTH-SECRET", "COOKIE-SECRET"):
        assert secret not in data
    assert "Accept-Language: de" in data
    if keep:
        assert "set-cookie: sid=SERVER-SESSION; Path=/; HttpOnly" in data
    else:
        assert "SERVER-SESSION" not in data
        assert "set-cookie: sid=***; Path=/; HttpOnly" in data


@pytest.mark.parametrize("url", ["http://alice:hunter2/x@example.com/",
                                 "http://alice@example.com:hunter2/", "http://[hunter2/"])
def test_malformed_url_messages_quote_nothing_of_the_input(url):
    with pytest.raises(InvalidURL) as caught:
        check_url(url)
    assert caught.value.message.startswith("malformed URL")
    assert "hunter2" not in caught.value.message


def test_site_local_ipv6_is_blocked():
    assert is_blocked_ip("fec0::1") and is_blocked_ip("feff::1")
    assert not is_blocked_ip("2606:4700::1111")


def test_settings_repr_masks_credentials():
    s = Settings(proxy="http://bob:PROXY-PASS@proxy.example:3128",
                 headers=(("Authorization", "Bearer HDR-SECRET"), ("X-Api-Key", "KEY-SECRET"),
                          ("Accept-Language", "de")),
                 cookies=(("sid", "COOKIE-SECRET"),))
    shown = repr(s)
    for secret in ("PROXY-PASS", "HDR-SECRET", "KEY-SECRET", "COOKIE-SECRET"):
        assert secret not in shown and secret not in str(s) and secret not in f"{[s]}"
    assert "proxy.example:3128" in shown and "('Accept-Language', 'de')" in shown
    assert "('sid', '***')" in shown and "max_bytes=10485760" in shown
