"""The user's credentials (Authorization, a Cookie header, ``cookies``, secret-looking headers)
go only to page requests on the origin a fetch was asked for (or its https upgrade): never to
robots.txt, never after a redirect to another origin. The cache skips only requests carrying
them: a site's own cookies do not keep its pages out of it; the entry keeps the site's Set-Cookie
but never the request's Cookie nor the user's (tests/test_fetch_cache_cookies.py).
Loopback servers (tests/rawserver.py), no internet."""

from __future__ import annotations

import asyncio
import importlib.util

import pytest
from rawserver import page, response

from scrapekit.fetch import Fetcher
from scrapekit.settings import Settings

SECRETS = ("BEARER-SECRET", "COOKIE-SECRET", "HEADER-COOKIE", "APIKEY-SECRET")
USER = Settings(retries=0, delay=0.0, timeout=5.0, robots=True,
                headers=(("Authorization", "Bearer BEARER-SECRET"), ("Cookie", "c=HEADER-COOKIE"),
                         ("X-Api-Key", "APIKEY-SECRET"), ("Accept-Language", "de")),
                cookies=(("session", "COOKIE-SECRET"),))
needs_hishel = pytest.mark.skipif(importlib.util.find_spec("hishel") is None, reason="needs hishel")


def fetch_all(settings: Settings, urls: list[str]):
    async def run():
        async with Fetcher(settings) as fetcher:
            return [await fetcher.fetch(url) for url in urls]
    return asyncio.run(run())


def secrets_in(req) -> list[str]:
    text = repr(req.headers)
    return [s for s in SECRETS if s in text]


def redirect(to: str) -> bytes:
    return response(302, b"", headers=[("Location", to)])


def test_headers_split_into_public_and_credentials():
    from scrapekit.fetch.headers import credential_headers, public_headers, same_site

    assert [k for k, _ in public_headers(USER)] == ["User-Agent", "Accept", "Accept-Encoding",
                                                    "Accept-Language"]
    assert credential_headers(USER) == [
        ("Authorization", "Bearer BEARER-SECRET"), ("X-Api-Key", "APIKEY-SECRET"),
        ("Cookie", "c=HEADER-COOKIE; session=COOKIE-SECRET")]
    assert same_site("http://a.test/x", "http://a.test:80/y")
    assert same_site("http://a.test/x", "https://a.test/y")  # the upgrade, as httpx allows
    assert not same_site("https://a.test/x", "http://a.test/y")
    assert not same_site("http://a.test/x", "https://a.test:8443/y")
    assert not same_site("http://a.test/x", "http://b.test/x")
    assert not same_site("http://a.test:8080/x", "http://a.test:8081/x")


def test_credentials_stay_on_the_fetched_origin(raw_server):
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    other = srv.base(1)
    srv.route("127.0.0.2/away", redirect(other + "/landing"))
    srv.route("127.0.0.2/here", redirect("/page"))
    srv.route("127.0.0.3/back", redirect(srv.base(0) + "/page"))
    srv.route("/landing", response(200, page("Landing")))
    srv.route("/page", response(200, page("Page")))
    away, here, back = fetch_all(USER, [srv.base(0) + "/away", srv.base(0) + "/here",
                                        other + "/back"])
    assert away.ok and here.ok and back.ok
    a_page = [r for r in srv.requests("/page") if r.host == "127.0.0.2"]
    assert [secrets_in(r) for r in a_page] == [list(SECRETS), []]  # ours; then after leaving
    assert secrets_in(srv.requests("/here")[0]) == list(SECRETS)
    assert srv.requests("/page")[0].header_values("Cookie") == [
        "c=HEADER-COOKIE; session=COOKIE-SECRET"]
    for req in srv.requests("/landing") + srv.requests("/robots.txt"):
        assert secrets_in(req) == [], (req.host, req.path)  # other origin; robots.txt
    assert len(srv.requests("/robots.txt")) == 2


def test_the_sites_own_cookies_come_back_with_the_users(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/first", response(200, page("First"), headers=[("Set-Cookie", "sid=SITE; Path=/")]))
    srv.route("/second", response(200, page("Second")))
    plain = USER.replace(headers=(), cookies=(("session", "COOKIE-SECRET"),), robots=False)
    assert all(r.ok for r in fetch_all(plain, [srv.base() + "/first", srv.base() + "/second"]))
    assert srv.requests("/second")[0].header_values("Cookie") == ["session=COOKIE-SECRET; sid=SITE"]


def cache_bytes(path) -> bytes:
    return b"".join(p.read_bytes() for p in path.rglob("*") if p.is_file())


@needs_hishel
def test_a_site_setting_cookies_is_served_from_the_cache(raw_server, tmp_path):
    srv = raw_server(["127.0.0.2"])
    srv.robots["127.0.0.2"] = b"User-agent: *\nAllow: /\n"
    cookie = [("Set-Cookie", "sid=SITE-SESSION; Path=/")]
    for name in ("a", "b", "c"):
        srv.route(f"/{name}", response(200, page(name.upper()), headers=cookie))
    settings = Settings(retries=0, delay=0.0, timeout=5.0, cache=str(tmp_path / "cache"))
    urls = [srv.base() + f"/{name}" for name in ("a", "b", "c")]
    first = fetch_all(settings, urls)
    second = fetch_all(settings, urls)
    assert all(r.ok for r in first + second) and [r.body for r in second] == [r.body for r in first]
    assert [srv.hit_count(0, f"/{n}") for n in "abc"] == [1, 1, 1]  # the re-run: all from the file
    assert srv.requests("/b")[0].header_values("Cookie") == ["sid=SITE-SESSION"]  # still sent
    assert srv.hit_count(0, "/robots.txt") == 1
    stored = cache_bytes(tmp_path / "cache")
    assert b"sid=SITE-SESSION; Path=/" in stored  # the site's Set-Cookie, for a re-run's jar
    assert not any(s.encode() in stored for s in SECRETS)


@needs_hishel
def test_a_request_with_user_credentials_is_neither_served_nor_stored(raw_server, tmp_path):
    srv = raw_server(["127.0.0.2"])
    srv.route("/p", response(200, page("P")))
    plain = Settings(retries=0, delay=0.0, timeout=5.0, robots=False, cache=str(tmp_path / "c"))
    user = plain.replace(headers=(("Authorization", "Bearer BEARER-SECRET"),))
    assert fetch_all(user, [srv.base() + "/p"])[0].ok
    assert fetch_all(plain, [srv.base() + "/p"])[0].ok  # not stored by the first
    assert fetch_all(user, [srv.base() + "/p"])[0].ok  # not served from the second's entry
    assert srv.hit_count(0, "/p") == 3
    assert fetch_all(plain, [srv.base() + "/p"])[0].ok and srv.hit_count(0, "/p") == 3
    assert b"BEARER-SECRET" not in cache_bytes(tmp_path / "c")
