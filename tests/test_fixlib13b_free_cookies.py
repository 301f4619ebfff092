"""A credentialed request also sends the cookies its origin set on requests without the
user's credentials (the free jar: robots.txt's bot check), the credentialed jar's value
winning on a name both have; a request without credentials never gets the credentialed jar's.
Review 11: in a credentialed run a cookie robots.txt set no longer reached the page. Loopback
servers (tests/rawserver.py), no internet."""

from __future__ import annotations

import asyncio

from rawserver import page, response
from test_fixlib13_jar import SESSION, cookies
from test_lib11_credentials_sources import USER

from scrapekit.fetch import Fetcher


def robots(*set_cookies: str) -> bytes:
    return response(body=b"User-agent: *\nAllow: /\n", ctype="text/plain",
                    headers=[("Set-Cookie", c) for c in set_cookies])


def test_a_cookie_robots_txt_set_goes_with_the_credentialed_page(raw_server):
    srv = raw_server(["127.0.0.2"])
    a = srv.base(0)
    srv.route("/robots.txt", robots("bot=OK; Path=/"))
    srv.route("/page", response(body=page("PAGE")))

    async def run():
        async with Fetcher(USER.replace(robots=True)) as f:
            return await f.fetch(f"{a}/page")
    assert asyncio.run(run()).ok
    assert "bot=OK" in cookies(srv, "/page")[0]


def test_the_credentialed_value_wins_and_never_goes_without_credentials(raw_server):
    """robots.txt (free) and /login (credentialed) both set ``pref``; /login also sets the
    session. The credentialed /next gets pref=cred once and bot=OK; /listed, fetched without
    credentials, gets pref=free and bot=OK, and no session."""
    srv = raw_server(["127.0.0.2"])
    a = srv.base(0)
    srv.route("/robots.txt", robots("pref=free; Path=/", "bot=OK; Path=/"))
    srv.route("/login", response(body=page("IN"), headers=[
        ("Set-Cookie", "pref=cred; Path=/"), ("Set-Cookie", f"{SESSION}; Path=/")]))
    srv.route("/next", response(body=page("NEXT")))
    srv.route("/listed", response(body=page("LISTED")))

    async def run():
        async with Fetcher(USER.replace(robots=True)) as f:
            return [await f.fetch(f"{a}/login"), await f.fetch(f"{a}/next"),
                    await f.fetch(f"{a}/listed", credentials=False)]
    assert all(r.ok for r in asyncio.run(run()))
    sent = cookies(srv, "/next")[0].split("; ")
    assert [c for c in sent if c.startswith("pref=")] == ["pref=cred"]
    assert "bot=OK" in sent and SESSION in sent
    listed = cookies(srv, "/listed")[0].split("; ")
    assert "pref=free" in listed and "bot=OK" in listed and SESSION not in listed
