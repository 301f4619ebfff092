"""The run's cookie jar (cookies a site set) follows the user's credentials: what a site set on
a request carrying them (a session cookie answering a credentialed login) goes only on
requests that carry them too, never on the hop back after a chain left the origin nor on a
fetch asked without them (a page a foreign sitemap lists); such requests keep a jar of their
own, so a site that sets a cookie and redirects to itself still works there. Loopback servers
(tests/rawserver.py), no internet."""

from __future__ import annotations

import asyncio

from rawserver import page, response
from test_lib11_credentials_sources import USER, index, urlset, xml

from scrapekit import Settings, scrape_many
from scrapekit.fetch import Fetcher
from scrapekit.sources import sitemap_urls

SESSION = "sid=JAR-SESSION"
PLAIN = Settings(retries=0, delay=0.0, timeout=10.0, workers=1)


def redirect(to: str, headers: tuple[tuple[str, str], ...] = ()) -> bytes:
    return response(302, b"", headers=[("Location", to), *headers])


def leave_and_return(srv, back: str) -> None:
    """A/go redirects to B/x, which redirects to ``back`` (the hosts 127.0.0.2 and .3)."""
    srv.route("127.0.0.2/go", redirect(f"{srv.base(1)}/x"))
    srv.route("127.0.0.3/x", redirect(back))


def cookies(srv, path: str) -> list[str]:
    """The Cookie headers of the requests of ``path`` (one string per request)."""
    return ["; ".join(req.header_values("Cookie")) for req in srv.requests(path)]


def test_a_session_cookie_goes_neither_after_the_chain_left_nor_without_credentials(raw_server):
    """Before: /admin/delete (the hop back, B chose it) and /listed (credentials=False) both
    carried sid=JAR-SESSION, which A set answering the credentialed /login."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a = srv.base(0)
    srv.route("127.0.0.2/login", response(body=page("IN"),
                                          headers=[("Set-Cookie", f"{SESSION}; Path=/")]))
    leave_and_return(srv, f"{a}/admin/delete?confirm=1")
    srv.route("127.0.0.2/admin/delete", response(body=page("DEL")))
    srv.route("127.0.0.2/listed", response(body=page("LISTED")))
    srv.route("127.0.0.2/mine", response(body=page("MINE")))

    async def run():
        async with Fetcher(USER) as f:
            return [await f.fetch(f"{a}/login"), await f.fetch(f"{a}/go"),
                    await f.fetch(f"{a}/listed", credentials=False), await f.fetch(f"{a}/mine")]
    results = asyncio.run(run())
    assert all(r.ok for r in results), [r.error for r in results]
    assert results[1].left_origin
    assert SESSION in cookies(srv, "/go")[0]  # credentialed: the user's cookie and the jar's
    assert not any(SESSION in c for c in cookies(srv, "/admin/delete?confirm=1"))
    assert not any(SESSION in c for c in cookies(srv, "/listed"))
    assert SESSION in cookies(srv, "/mine")[0]  # a page the user asked for still has it


def test_requests_without_credentials_keep_their_own_cookies(raw_server):
    """A page fetched without the credentials that sets a cookie and redirects to itself (a
    cookie wall) works; what it set also goes with the credentialed requests of its origin
    (fixlib13b: a credentialed request sends both jars), not the other way round."""
    srv = raw_server(["127.0.0.2"])
    a = srv.base(0)

    def wall(conn, req) -> bool:
        if "wall=ok" in "; ".join(req.header_values("Cookie")):
            conn.sendall(response(body=page("PAST THE WALL")))
        else:
            conn.sendall(redirect(f"{a}/wall?again", (("Set-Cookie", "wall=ok; Path=/"),)))
        return False
    srv.route("/wall", wall)
    srv.route("/mine", response(body=page("MINE")))

    async def run():
        async with Fetcher(USER) as f:
            return await f.fetch(f"{a}/wall", credentials=False), await f.fetch(f"{a}/mine")
    walled, mine = asyncio.run(run())
    assert walled.ok and b"PAST THE WALL" in walled.body, walled.error
    assert "wall=ok" in cookies(srv, "/mine")[0]


def test_a_run_without_credentials_keeps_one_jar(raw_server):
    """Without user credentials nothing was earned with them: a cookie a page set goes with
    the next pages of its site, also on a chain's way back."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a = srv.base(0)
    srv.route("127.0.0.2/first", response(body=page("FIRST"),
                                          headers=[("Set-Cookie", "pref=1; Path=/")]))
    leave_and_return(srv, f"{a}/back")
    srv.route("127.0.0.2/back", response(body=page("BACK")))

    async def run():
        async with Fetcher(PLAIN) as f:
            return [await f.fetch(f"{a}/first"), await f.fetch(f"{a}/go")]
    assert all(r.ok for r in asyncio.run(run()))
    assert "pref=1" in cookies(srv, "/go")[0]
    assert "pref=1" in cookies(srv, "/back")[0]


def test_in_a_run_a_page_a_foreign_sitemap_lists_gets_no_session_cookie(raw_server):
    """A's index lists B/child-b.xml, which lists A/admin/delete: fetched without the
    credentials, it no longer gets the session cookie A/home set (before: it did)."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/index.xml", xml(index([f"{a}/child-a.xml", f"{b}/child-b.xml"])))
    srv.route("127.0.0.2/child-a.xml", xml(urlset([f"{a}/home"])))
    srv.route("127.0.0.3/child-b.xml", xml(urlset([f"{a}/admin/delete?confirm=1"])))
    srv.route("127.0.0.2/home", response(body=page("HOME"),
                                         headers=[("Set-Cookie", f"{SESSION}; Path=/")]))
    srv.route("127.0.0.2/admin/delete", response(body=page("DEL")))
    items = list(sitemap_urls(f"{a}/index.xml", USER))
    assert [str(i) for i in items] == [f"{a}/home", f"{a}/admin/delete?confirm=1"]
    records = list(scrape_many(items, USER))
    assert len(records) == 2 and not any(r.error for r in records), records
    assert not any(SESSION in c for c in cookies(srv, "/admin/delete?confirm=1"))
