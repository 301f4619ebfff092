"""Cookie jars per site (session 14): a ``Domain=`` cookie a sign-on or consent host set reaches
the site's other hosts, host-only cookies stay on their host, and a public suffix is no site.

Host names are mapped to a loopback server by patching ``socket.getaddrinfo`` (asyncio resolves
through it); a handler tells the names apart by the Host header. No internet."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
from rawserver import page, response

from scrapekit import Settings
from scrapekit.fetch import Fetcher
from scrapekit.fetch import cookies as jars_module
from scrapekit.fetch.cookies import CookieJars, is_public_suffix, new_jar, site_key

PLAIN = Settings(retries=0, delay=0.0, timeout=10.0, workers=1, robots=False)
NAMES = ("www.shop.com", "login.shop.com", "news.shop.com", "a.github.io", "b.github.io",
         "github.io", "www.shop-a.xn--55qx5d.cn", "www.shop-b.xn--55qx5d.cn", "www.b.com",
         "www.c.com")


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


def _set_then_look(srv, setter, set_on: tuple[str, ...], look_on: tuple[str, ...]
                   ) -> dict[str, str]:
    """GET /set on ``set_on`` (answered by ``setter``), then /look on ``look_on``, in one
    fetcher: the Cookie header each /look carried, by host."""
    port = srv.ports["127.0.0.2"]
    srv.route("/set", setter)
    srv.route("/look", response(body=page("LOOK")))
    urls = [f"http://{h}:{port}/set" for h in set_on] + [f"http://{h}:{port}/look" for h in look_on]

    async def run():
        async with Fetcher(PLAIN) as f:
            for url in urls:
                assert (await f.fetch(url)).ok
    asyncio.run(run())
    return {_host(r): _cookie(r) for r in srv.requests("/look")}


def test_a_domain_cookie_set_by_a_sign_on_host_reaches_the_page_host(raw_server, names):
    """Before: login.shop.com's ``Domain=shop.com`` cookie went into login's own jar, the hop back
    to www carried nothing and the chain ended as a redirect loop."""
    srv = raw_server(["127.0.0.2"])
    www = _shop_with_consent(srv, srv.ports["127.0.0.2"])

    async def run():
        async with Fetcher(PLAIN) as f:
            return await f.fetch(f"{www}/story")
    result = asyncio.run(run())
    assert result.ok, result.error
    assert b"STORY" in (result.body or b"")
    assert [_host(r) for r in srv.requests("/story")] == ["www.shop.com", "www.shop.com"]


def test_a_host_only_cookie_stays_on_its_host_and_a_public_suffix_is_no_site(raw_server, names):
    srv = raw_server(["127.0.0.2"])

    def setter(conn, req) -> bool:
        conn.sendall(response(body=page("SET"), headers=[
            ("Set-Cookie", "hostonly=1; Path=/"),
            ("Set-Cookie", "suffix=1; Domain=github.io; Path=/"),
            ("Set-Cookie", "site=1; Domain=shop.com; Path=/")]))
        return True

    sent = _set_then_look(srv, setter, ("www.shop.com", "a.github.io"),
                          ("www.shop.com", "news.shop.com", "a.github.io", "b.github.io"))
    assert sent["www.shop.com"] == "hostonly=1; site=1" or sent["www.shop.com"] == "site=1; hostonly=1"
    assert sent["news.shop.com"] == "site=1"  # the Domain cookie; not www's host-only one
    assert sent["a.github.io"] == "hostonly=1"  # its own; Domain=github.io (a suffix) refused
    assert sent["b.github.io"] == ""  # nothing of a.github.io's


def _shop_with_consent(srv, port: int) -> str:
    """www.shop.com/story redirects to login.shop.com/consent until a consent cookie comes."""
    www, login = f"http://www.shop.com:{port}", f"http://login.shop.com:{port}"

    def story(conn, req) -> bool:
        if "consent=yes" in _cookie(req):
            conn.sendall(response(body=page("STORY")))
            return True
        return _redirect(conn, f"{login}/consent?back=/story")

    srv.route("/story", story)
    srv.route("/consent", lambda conn, req: _redirect(
        conn, f"{www}/story", "consent=yes; Domain=shop.com; Path=/"))
    return www


def test_a_site_pushed_out_of_the_jars_keeps_one_jar_for_all_its_origins(raw_server, names):
    """Review 13: the jars were bound to an origin's client when it was made, so once a site
    was dropped (MAX_SITES newer sites) its live www client kept the old jars and a new login
    client got new ones: the consent cookie never reached www again."""
    srv = raw_server(["127.0.0.2"])
    port = srv.ports["127.0.0.2"]
    www = _shop_with_consent(srv, port)
    srv.route("/x", response(body=page("X")))

    async def run():
        async with Fetcher(PLAIN) as f:
            f._jars.max_sites = 2
            assert (await f.fetch(f"{www}/x")).ok
            for other in ("www.b.com", "www.c.com"):  # shop.com's jars dropped
                assert (await f.fetch(f"http://{other}:{port}/x")).ok
            assert (await f.fetch(f"{www}/x")).ok  # www's client still alive
            return await f.fetch(f"{www}/story")
    result = asyncio.run(run())
    assert result.ok, result.error


def test_an_idn_public_suffix_is_no_site_and_a_suffix_host_keeps_its_own_cookie(raw_server, names):
    """Review 13: tld's list knew most IDN suffixes in Unicode only, so every shop under
    xn--55qx5d.cn (公司.cn) was one site and Domain=xn--55qx5d.cn was accepted; and github.io
    setting Domain=github.io lost the cookie (RFC 6265: kept as host-only)."""
    srv = raw_server(["127.0.0.2"])

    def setter(conn, req) -> bool:
        domain = "xn--55qx5d.cn" if "xn--" in _host(req) else "github.io"
        conn.sendall(response(body=page("SET"), headers=[
            ("Set-Cookie", f"sid=SECRET; Domain={domain}; Path=/")]))
        return True

    sent = _set_then_look(srv, setter, ("www.shop-a.xn--55qx5d.cn", "github.io"),
                          ("www.shop-b.xn--55qx5d.cn", "www.shop-a.xn--55qx5d.cn", "github.io",
                           "a.github.io"))
    assert sent == {"www.shop-b.xn--55qx5d.cn": "", "www.shop-a.xn--55qx5d.cn": "",
                    "github.io": "sid=SECRET", "a.github.io": ""}


def _jar_request(host: str) -> httpx.Request:
    return httpx.Request("GET", f"http://{host}/")


def _set(jar: httpx.Cookies, host: str, header: str) -> None:
    request = _jar_request(host)
    jar.extract_cookies(httpx.Response(200, headers=[("Set-Cookie", header)], request=request))


def test_a_request_looks_only_at_its_own_hosts_cookies_and_a_jar_is_capped(monkeypatch):
    """Review 13: the standard library walks every domain of a jar per request (a blog
    platform's 20,000 hosts, one site: 181 ms a request) and kept any number of cookies."""
    jar = new_jar()
    inner = jar.jar
    assert hasattr(inner, "_cookies") and hasattr(inner, "_cookies_for_domain")  # stdlib layout
    for i in range(jars_module.MAX_COOKIES + 50):
        _set(jar, f"blog{i}.platform.com", f"c{i}=1; Path=/")
    _set(jar, "login.platform.com", "site=1; Domain=platform.com; Path=/")
    assert len(inner) == jars_module.MAX_COOKIES
    assert "blog0.platform.com" not in inner._cookies  # the oldest went first
    looked: list[str] = []
    real = type(inner)._cookies_for_domain

    def counting(self, domain, request):
        looked.append(domain)
        return real(self, domain, request)
    monkeypatch.setattr(type(inner), "_cookies_for_domain", counting)
    request = _jar_request(f"blog{jars_module.MAX_COOKIES + 10}.platform.com")
    jar.set_cookie_header(request)
    last = jars_module.MAX_COOKIES + 10
    assert request.headers["cookie"] in (f"c{last}=1; site=1", f"site=1; c{last}=1")
    assert sorted(looked) == [".platform.com", f"blog{last}.platform.com"]


@pytest.mark.parametrize("host,site", [
    ("www.example.co.uk", "example.co.uk"), ("LOGIN.Example.COM.", "example.com"),
    ("a.github.io", "a.github.io"), ("127.0.0.1", "127.0.0.1"), ("[::1]", "::1"),
    ("localhost", "localhost"), ("wiki.intranet.test", "intranet.test"),
    ("www.shop-a.xn--55qx5d.cn", "shop-a.xn--55qx5d.cn"), ("github.io", "github.io"),
])
def test_site_key(host, site):
    assert site_key(host) == site


@pytest.mark.parametrize("domain,suffix", [
    ("com", True), (".co.uk", True), ("github.io", True), ("shop.com", False),
    ("example.co.uk", False), ("intranet.test", False), ("", False),
    ("xn--55qx5d.cn", True), ("127.0.0.1", False),
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


def test_the_suffix_list_is_read_offline():
    """Review 13: tld fetched publicsuffix.org when its file was missing. publicsuffixlist
    reads the list it ships; no socket is opened."""
    import subprocess
    import sys

    code = ("import socket\n"
            "def refuse(*a, **k): raise OSError('no network in this test')\n"
            "socket.getaddrinfo = refuse; socket.create_connection = refuse\n"
            "socket.socket.connect = refuse\n"
            "from scrapekit.fetch.cookies import is_public_suffix, site_key\n"
            "print(site_key('www.bbc.co.uk'), is_public_suffix('co.uk'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["bbc.co.uk", "True"], out.stderr


def _sent(jar: httpx.Cookies, host: str) -> str:
    request = _jar_request(host)
    jar.set_cookie_header(request)
    return request.headers.get("cookie", "")


def test_deleted_and_expired_cookies_leave_the_cap_working(monkeypatch):
    """Review 14: the standard clear() left empty entries behind, the cap then picked one and
    raised StopIteration on every later cookie of the site (and stopped holding)."""
    jar = new_jar()
    inner = jar.jar
    _set(jar, "b0.blogs.com", "s=1; Path=/")
    _set(jar, "b0.blogs.com", "s=; Max-Age=0; Path=/")  # deleted
    _set(jar, "b1.blogs.com", "t=1; Max-Age=1; Path=/")
    monkeypatch.setattr(jars_module.time, "time", lambda: 4102444800.0)  # t expired
    monkeypatch.setattr(jars_module, "SWEEP_SECONDS", 0.0)
    assert _sent(jar, "b1.blogs.com") == ""  # expired: not sent, and swept
    assert inner._cookies == {}
    for i in range(2, jars_module.MAX_COOKIES + 60):
        _set(jar, f"b{i}.blogs.com", f"c{i}=1; Path=/")
    assert len(inner) == jars_module.MAX_COOKIES == inner._count


def test_the_cap_drops_the_least_recently_used_cookies_not_the_sign_on_one():
    """Review 14: the cap dropped in the order hosts first set a cookie, so a consent cookie
    sent on every request went first and the sign-on loop came back."""
    jar = new_jar()
    _set(jar, "login.shop.com", "consent=yes; Domain=shop.com; Path=/")
    for i in range(jars_module.MAX_COOKIES + 20):
        assert _sent(jar, "www.shop.com") == "consent=yes"
        _set(jar, f"s{i}.shop.com", f"c{i}=1; Path=/")
    assert _sent(jar, "www.shop.com") == "consent=yes"
    assert _sent(jar, "s0.shop.com") == "consent=yes"  # its own c0, never sent again, went


@pytest.mark.parametrize("host", ["github.io", "intranet", "localhost"])
def test_a_suffix_or_single_label_host_keeps_and_deletes_its_own_domain_cookie(host):
    """Review 14: github.io could not delete the Domain=github.io cookie kept as host-only, and
    a single label (intranet) setting Domain=intranet was refused."""
    jar = new_jar()
    _set(jar, host, f"s=1; Domain={host}; Path=/")
    assert _sent(jar, host) == "s=1"
    _set(jar, host, f"s=; Domain={host}; Max-Age=0; Path=/")
    assert _sent(jar, host) == ""


def _set_url(jar: httpx.Cookies, url: str, header: str) -> None:
    request = httpx.Request("GET", url)
    jar.extract_cookies(httpx.Response(200, headers=[("Set-Cookie", header)], request=request))


def _sent_url(jar: httpx.Cookies, url: str) -> str:
    request = httpx.Request("GET", url)
    jar.set_cookie_header(request)
    return request.headers.get("cookie", "")


def test_an_http_response_neither_sets_nor_replaces_nor_deletes_a_secure_cookie():
    """Review 16: one jar per site put http:// and https:// of a host together, so an http
    answer could overwrite, plant or delete the Secure cookie https requests send."""
    jar = new_jar()
    _set_url(jar, "https://www.shop.com/", "sid=GOOD; Secure; Path=/")
    _set_url(jar, "http://www.shop.com/", "sid=EVIL; Path=/")
    _set_url(jar, "http://www.shop.com/", "tok=FROM_HTTP; Secure; Path=/")
    assert _sent_url(jar, "https://www.shop.com/") == "sid=GOOD"
    _set_url(jar, "http://www.shop.com/", "sid=; Max-Age=0; Path=/")
    assert _sent_url(jar, "https://www.shop.com/") == "sid=GOOD"
    _set_url(jar, "https://www.shop.com/", "sid=; Max-Age=0; Path=/")  # https may
    assert _sent_url(jar, "https://www.shop.com/") == ""
    _set_url(jar, "http://www.shop.com/", "plain=1; Path=/")  # no Secure cookie in the way
    assert _sent_url(jar, "https://www.shop.com/") == "plain=1"


def test_a_deletion_obeys_the_domain_rule_a_set_obeys():
    """Review 16: the standard library applies Max-Age=0 before any policy check, so
    news.shop.com deleted login.shop.com's cookie with Domain=login.shop.com."""
    jar = new_jar()
    _set_url(jar, "https://login.shop.com/", "sso=T; Domain=login.shop.com; Path=/")
    _set_url(jar, "https://news.shop.com/", "sso=; Domain=login.shop.com; Max-Age=0; Path=/")
    assert _sent_url(jar, "https://login.shop.com/") == "sso=T"
    _set_url(jar, "https://login.shop.com/", "sso=; Domain=login.shop.com; Max-Age=0; Path=/")
    assert _sent_url(jar, "https://login.shop.com/") == ""


def test_a_site_with_a_live_client_is_never_dropped():
    """Review 16: a site dropped from the jars while its request was out (1,024 other sites
    meanwhile) stored the answer's cookie in jars no one held: the next hop had none."""
    jars = CookieJars(max_sites=2)
    jars.attach("shop.com")
    kept = jars.get("shop.com")
    for other in ("a.com", "b.com", "c.com"):
        jars.get(other)
    assert jars.get("shop.com") is kept and len(jars) == 2
    jars.detach("shop.com")
    for other in ("d.com", "e.com"):
        jars.get(other)
    assert jars.get("shop.com") is not kept


def test_an_http_cookie_cannot_shadow_a_secure_one_under_another_domain_or_path():
    """Review 17: the check looked at the same domain and path only, so http's sid=EVIL (host
    only, or Path=/account) went out before https's Secure sid=GOOD (Domain=shop.com)."""
    jar = new_jar()
    _set_url(jar, "https://www.shop.com/", "sid=GOOD; Domain=shop.com; Secure; Path=/")
    _set_url(jar, "http://www.shop.com/", "sid=EVIL")
    _set_url(jar, "http://www.shop.com/account/x", "sid=EVIL; Path=/account")
    assert _sent_url(jar, "https://www.shop.com/account/x") == "sid=GOOD"


@pytest.mark.parametrize("host", ["intranet", "github.io"])
def test_http_cannot_delete_a_suffix_hosts_secure_cookie(host):
    """Review 17: the host-only fallback of a public-suffix or single-label Domain deleted the
    Secure cookie for an http answer."""
    jar = new_jar()
    _set_url(jar, f"https://{host}/", f"sid=GOOD; Domain={host}; Secure; Path=/")
    _set_url(jar, f"http://{host}/", f"sid=; Domain={host}; Max-Age=0; Path=/")
    assert _sent_url(jar, f"https://{host}/") == "sid=GOOD"


def test_closing_and_evicting_clients_keep_the_site_pins_right(monkeypatch):
    """Review 17: aclose left the sites pinned (a reused fetcher pinned them for good), and two
    evictions at once failed a fetch with KeyError when a client's close yielded."""
    import scrapekit.fetch.client as client_module

    class Slow:
        def __init__(self, site: str) -> None:
            self.site = site

        async def aclose(self) -> None:
            await asyncio.sleep(0)

    async def run():
        fetcher = Fetcher(PLAIN)
        for name in ("a.com", "b.com", "c.com"):
            fetcher._clients[f"http://{name}"] = Slow(name)
            fetcher._jars.attach(name)
        monkeypatch.setattr(client_module, "MAX_CLIENTS", 1)
        await asyncio.gather(fetcher._evict_idle(), fetcher._evict_idle())
        assert list(fetcher._clients) == ["http://c.com"] and fetcher._jars._live == {"c.com": 1}
        await fetcher.aclose()
        return fetcher._jars._live
    assert asyncio.run(run()) == {}


def test_an_http_answer_cannot_flush_a_secure_cookie_out_at_the_cap():
    """Review 18: 200 junk cookies from http pushed the Secure sid out, then http set its own."""
    jar = new_jar()
    _set_url(jar, "https://www.shop.com/", "sid=GOOD; Secure; Path=/")
    request = httpx.Request("GET", "http://www.shop.com/")
    junk = [("Set-Cookie", f"junk{i}=x; Path=/") for i in range(jars_module.MAX_COOKIES)]
    jar.extract_cookies(httpx.Response(200, headers=junk, request=request))
    _set_url(jar, "http://www.shop.com/", "sid=EVIL; Path=/")
    assert "sid=GOOD" in _sent_url(jar, "https://www.shop.com/")
    assert "sid=EVIL" not in _sent_url(jar, "https://www.shop.com/")


def _answer(url: str, header: str) -> httpx.Response:
    return httpx.Response(200, headers=[("Set-Cookie", header)],
                          request=httpx.Request("GET", url))


def test_the_two_jars_of_a_site_respect_each_others_secure_cookies_and_deletions():
    """Review 18: a credentialed http answer shadowed the free jar's Secure cookie (the
    credentialed jar wins a name), and a credentialed answer's deletion left the free jar's
    cookie, which credentialed requests still sent."""
    from scrapekit.fetch.cookies import SiteJars

    jars = SiteJars()
    jars.extract(_answer("https://www.shop.com/robots.txt", "cf=GOOD; Secure; Path=/"), False)
    jars.extract(_answer("http://www.shop.com/plant", "cf=EVIL; Path=/"), True)
    assert _sent_url(jars.credentialed, "https://www.shop.com/") == ""
    assert _sent_url(jars.free, "https://www.shop.com/") == "cf=GOOD"
    jars.extract(_answer("https://www.shop.com/", "sid=anon; Path=/"), False)
    jars.extract(_answer("https://www.shop.com/logout", "sid=; Max-Age=0; Path=/"), True)
    assert _sent_url(jars.free, "https://www.shop.com/") == "cf=GOOD"
