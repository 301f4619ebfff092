"""Review 12 (session 13): a render's resource URL with ``user:password@`` the page chose is not
the user's credentials (before: it unlocked the run's logged-in cookie jar), and a redirect
whose Location cannot be parsed is an unusable redirect, for pages and robots.txt (before: an
"unexpected error" ValueError, and robots.txt unreachable for the whole host). Loopback servers
(tests/rawserver.py), no internet."""

from __future__ import annotations

import asyncio

from rawserver import page, response
from test_fixlib13_jar import SESSION, cookies

from scrapekit import Settings
from scrapekit.fetch import Fetcher
from scrapekit.fetch.resources import fetch_resource

PLAIN = Settings(retries=0, delay=0.0, timeout=5.0, robots=False, block_private_addresses=False)


def test_a_resource_url_with_userinfo_gets_no_session_cookie_nor_basic_auth(raw_server):
    srv = raw_server(["127.0.0.2"])
    host = srv.base(0).split("//")[1]
    srv.route("/login", response(body=page("IN"), headers=[("Set-Cookie", f"{SESSION}; Path=/")]))
    srv.route("/api", response(body=b"{}", headers=[("Content-Type", "application/json")]))

    async def run():
        async with Fetcher(PLAIN) as f:
            login = await f.fetch(f"http://u:p@{host}/login")  # the user's own login
            resource = await fetch_resource(f, f"http://x:y@{host}/api")  # the page's choice
            return login, resource
    login, resource = asyncio.run(run())
    assert login.ok and resource.status == 200
    assert not any(SESSION in c for c in cookies(srv, "/api"))
    assert [req.header_values("Authorization") for req in srv.requests("/api")] == [[]]


def test_a_location_that_cannot_be_parsed_is_an_unusable_redirect(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/p", response(302, b"", headers=[("Location", "http://u:SECRETPW@[::1/x")]))

    async def run():
        async with Fetcher(PLAIN) as f:
            return await f.fetch(srv.base(0) + "/p")
    result = asyncio.run(run())
    assert result.error is not None and result.error.kind == "invalid_url", result.error
    assert "redirect to an unusable URL" in str(result.error)
    assert "SECRETPW" not in str(result.error)


def test_robots_redirect_that_cannot_be_parsed_counts_as_missing(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/robots.txt", response(302, b"", headers=[("Location", "http://[::1/x")]))
    srv.route("/page", response(body=page("Page")))
    settings = Settings(retries=0, delay=0.0, timeout=5.0, block_private_addresses=False)

    async def run():
        async with Fetcher(settings) as f:
            return await f.fetch(srv.base(0) + "/page")
    result = asyncio.run(run())
    assert result.ok, result.error  # as a 4xx: everything allowed, the page fetched


def test_a_backslash_before_the_path_is_refused_not_read_as_another_host():
    """``http://u:pw@a.example\\@evil.example/``: a browser goes to a.example (the backslash
    is a "/"), urllib to evil.example with the password: neither reading is taken."""
    from scrapekit.errors import InvalidURL
    from scrapekit.fetch.urls import check_url

    for url in ("http://u:pw@a.example\\@evil.example/", "http://a.example\\x/"):
        try:
            check_url(url)
        except InvalidURL as exc:
            assert "backslash" in str(exc) and "pw" not in str(exc)
        else:
            raise AssertionError(f"accepted {url!r}")
    assert check_url("http://a.example/p\\q") == "http://a.example/p\\q"  # in the path: as sent


def _wall(srv, always: bool):
    """/p: without the cookie ok=1 (or ``always``), set it and redirect to /p itself."""
    a = srv.base(0)

    def wall(conn, req):
        if not always and any("ok=1" in c for c in req.header_values("Cookie")):
            conn.sendall(response(body=page("REAL")))
        else:
            conn.sendall(response(302, b"", headers=[("Location", f"{a}/p"),
                                                     ("Set-Cookie", "ok=1; Path=/")]))
        return True
    srv.route("/p", wall)


def test_a_cookie_wall_redirecting_to_the_same_url_is_followed(raw_server):
    """Set a cookie, send the reader back to the page: the second request differs (before: a
    "redirect loop back to" error)."""
    srv = raw_server(["127.0.0.2"])
    _wall(srv, always=False)

    async def run():
        async with Fetcher(PLAIN) as f:
            return await f.fetch(srv.base(0) + "/p")
    result = asyncio.run(run())
    assert result.ok and b"REAL" in result.body, result.error
    assert len(srv.requests("/p")) == 2


def test_a_wall_that_never_lets_in_stops_at_the_redirect_cap(raw_server):
    srv = raw_server(["127.0.0.2"])
    _wall(srv, always=True)
    settings = Settings(retries=0, delay=0.0, timeout=5.0, robots=False,
                        block_private_addresses=False, max_redirects=4)

    async def run():
        async with Fetcher(settings) as f:
            return await f.fetch(srv.base(0) + "/p")
    result = asyncio.run(run())
    assert result.error is not None and "more than 4 redirects" in str(result.error)
    assert len(srv.requests("/p")) == 5


def test_a_redirect_back_without_a_cookie_is_still_a_loop(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/p", response(302, b"", headers=[("Location", "/q")]))
    srv.route("/q", response(302, b"", headers=[("Location", "/p")]))

    async def run():
        async with Fetcher(PLAIN) as f:
            return await f.fetch(srv.base(0) + "/p")
    result = asyncio.run(run())
    assert result.error is not None and "redirect loop back to" in str(result.error)
