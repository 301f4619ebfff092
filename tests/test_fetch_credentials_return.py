"""The user's credentials go to the hops of a redirect chain whose origin is the fetched URL's
(or its https upgrade) until the chain leaves it, and to no hop after that, also when the chain
comes back (a single sign-on on another host: the other origin chose where it came back to;
session 13, design change 24). Loopback servers (tests/rawserver.py), no internet."""

from __future__ import annotations

import asyncio

from rawserver import page, response

from scrapekit.fetch import Fetcher
from scrapekit.settings import Settings

USER = Settings(retries=0, delay=0.0, timeout=5.0, robots=False,
                headers=(("Authorization", "Bearer BEARER-SECRET"),),
                cookies=(("session", "COOKIE-SECRET"),))


def redirect(to: str) -> bytes:
    return response(302, b"", headers=[("Location", to)])


def needs_token(conn, req) -> bool:
    ok = req.header_values("Authorization") == ["Bearer BEARER-SECRET"]
    conn.sendall(response(200, page("Inbox")) if ok else response(403, b""))
    return True


def fetch(url: str):
    async def run():
        async with Fetcher(USER) as fetcher:
            return await fetcher.fetch(url)
    return asyncio.run(run())


def test_credentials_do_not_come_back_with_the_chain_to_the_fetched_origin(raw_server):
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    home, sso = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/inbox", redirect(sso + "/login"))
    srv.route("127.0.0.3/login", redirect(sso + "/check"))
    srv.route("127.0.0.3/check", redirect(home + "/inbox2"))
    srv.route("127.0.0.2/inbox2", needs_token)
    result = fetch(home + "/inbox")
    # session 12: 200 (they came back); now the hop back carries none, as a document's
    assert result.status == 403 and result.left_origin, result.error
    assert srv.requests("/inbox")[0].header_values("Cookie") == ["session=COOKIE-SECRET"]
    for path in ("/login", "/check"):  # the other origin never sees them
        req = srv.requests(path)[0]
        assert not req.header_values("Authorization") and not req.header_values("Cookie"), path
    back = srv.requests("/inbox2")[0]
    assert not back.header_values("Authorization") and not back.header_values("Cookie")
