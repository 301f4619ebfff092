"""Cookie jars per site (session 14): a ``Domain=`` cookie a sign-on or consent host set reaches
the site's other hosts, host-only cookies stay on their host, and a public suffix is no site.

Host names are mapped to a loopback server by patching ``socket.getaddrinfo`` (asyncio resolves
through it); a handler tells the names apart by the Host header. No internet."""

from __future__ import annotations

import asyncio
import socket

import pytest
from rawserver import page, response

from scrapekit import Settings
from scrapekit.fetch import Fetcher
from scrapekit.fetch.cookies import CookieJars, is_public_suffix, site_key

PLAIN = Settings(retries=0, delay=0.0, timeout=10.0, workers=1, robots=False)
NAMES = ("www.shop.com", "login.shop.com", "news.shop.com", "a.github.io", "b.github.io")


@pytest.fixture
def names(monkeypatch):
    """The NAMES resolve to 127.0.0.2."""
    real = socket.getaddrinfo

    def fake(host, *args, **kwargs):
        return real("127.0.0.2" if host in NAMES else host, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", fake)


def _host(req) -> str:
    return (req.header_values("Host") or [""])[0].rsplit(":", 1)[0]


def _cookie(req) -> str:
    return "; ".join(req.header_values("Cookie"))


def _redirect(conn, to: str, *set_cookie: str) -> bool:
    conn.sendall(response(302, b"", headers=[("Location", to),
                                             *(("Set-Cookie", c) for c in set_cookie)]))
    return True


def test_a_domain_cookie_set_by_a_sign_on_host_reaches_the_page_host(raw_server, names):
    """Before: login.shop.com's ``Domain=shop.com`` cookie went into login's own jar, the hop back
    to www carried nothing and the chain ended as a redirect loop."""
    srv = raw_server(["127.0.0.2"])
    port = srv.ports["127.0.0.2"]
    www, login = f"http://www.shop.com:{port}", f"http://login.shop.com:{port}"

    def story(conn, req) -> bool:
        if "consent=yes" in _cookie(req):
            conn.sendall(response(body=page("STORY")))
            return True
        return _redirect(conn, f"{login}/consent?back=/story")

    srv.route("/story", story)
    srv.route("/consent", lambda conn, req: _redirect(
        conn, f"{www}/story", "consent=yes; Domain=shop.com; Path=/"))

    async def run():
        async with Fetcher(PLAIN) as f:
            return await f.fetch(f"{www}/story")
    result = asyncio.run(run())
    assert result.ok, result.error
    assert b"STORY" in (result.body or b"")
    assert [_host(r) for r in srv.requests("/story")] == ["www.shop.com", "www.shop.com"]


def test_a_host_only_cookie_stays_on_its_host_and_a_public_suffix_is_no_site(raw_server, names):
    srv = raw_server(["127.0.0.2"])
    port = srv.ports["127.0.0.2"]

    def setter(conn, req) -> bool:
        conn.sendall(response(body=page("SET"), headers=[
            ("Set-Cookie", "hostonly=1; Path=/"),
            ("Set-Cookie", "suffix=1; Domain=github.io; Path=/"),
            ("Set-Cookie", "site=1; Domain=shop.com; Path=/")]))
        return True

    srv.route("/set", setter)
    srv.route("/look", response(body=page("LOOK")))

    async def run():
        async with Fetcher(PLAIN) as f:
            for host in ("www.shop.com", "a.github.io"):
                assert (await f.fetch(f"http://{host}:{port}/set")).ok
            for host in ("www.shop.com", "news.shop.com", "a.github.io", "b.github.io"):
                assert (await f.fetch(f"http://{host}:{port}/look")).ok
    asyncio.run(run())
    sent = {_host(r): _cookie(r) for r in srv.requests("/look")}
    assert sent["www.shop.com"] == "hostonly=1; site=1" or sent["www.shop.com"] == "site=1; hostonly=1"
    assert sent["news.shop.com"] == "site=1"  # the Domain cookie; not www's host-only one
    assert sent["a.github.io"] == "hostonly=1"  # its own; Domain=github.io (a suffix) refused
    assert sent["b.github.io"] == ""  # nothing of a.github.io's


@pytest.mark.parametrize("host,site", [
    ("www.example.co.uk", "example.co.uk"), ("LOGIN.Example.COM.", "example.com"),
    ("a.github.io", "a.github.io"), ("127.0.0.1", "127.0.0.1"), ("[::1]", "::1"),
    ("localhost", "localhost"), ("wiki.intranet.test", "wiki.intranet.test"),
])
def test_site_key(host, site):
    assert site_key(host) == site


@pytest.mark.parametrize("domain,suffix", [
    ("com", True), (".co.uk", True), ("github.io", True), ("shop.com", False),
    ("example.co.uk", False), ("intranet.test", False), ("", False),
])
def test_is_public_suffix(domain, suffix):
    assert is_public_suffix(domain) is suffix


def test_the_jars_are_bounded_least_recently_used_first():
    jars = CookieJars(max_sites=2)
    first = jars.for_host("www.a.com")
    jars.for_host("www.b.com")
    assert jars.for_host("news.a.com") is first  # same site, used again
    jars.for_host("www.c.com")  # b.com is the least recently used: dropped
    assert len(jars) == 2
    assert jars.for_host("www.a.com") is first
