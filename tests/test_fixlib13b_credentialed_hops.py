"""Which hop of a chain carries the user's credentials, and so uses the credentialed cookie
jar, is decided once per chain (Fetcher._follow): a hop on the asked origin before the chain
first left it, in a fetch asked with credentials, when there are any (the settings' or the
asked URL's ``user:password@``). A hop URL's own userinfo decides nothing and is never sent.
Review 11: a hop back whose Location held userinfo got the session cookie and Basic auth; a run
whose only credentials were ``user:pass@`` lost its login cookie on a same-origin redirect
with a full URL. Loopback servers (tests/rawserver.py) and httpx.MockTransport, no internet."""

from __future__ import annotations

import asyncio
import base64

import httpx
from rawserver import page, response
from test_fixlib13_jar import PLAIN, SESSION, cookies, leave_and_return, redirect
from test_lib11_credentials_sources import USER

from scrapekit.fetch import Fetcher

BASIC_XY = "Basic " + base64.b64encode(b"x:y").decode()
BASIC_UP = "Basic " + base64.b64encode(b"u:p").decode()


def auth(srv, path: str) -> list[list[str]]:
    """The Authorization headers of each request of ``path``."""
    return [req.header_values("Authorization") for req in srv.requests(path)]


def test_a_hop_back_whose_location_has_userinfo_gets_no_credentials(raw_server):
    """A/go -> B/x -> http://x:y@A/admin/delete: B chose the userinfo. Before: the hop was
    credentialed because of it (Basic x:y sent, the credentialed jar used)."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a = srv.base(0)
    host_a = a.split("//")[1]
    srv.route("127.0.0.2/login", response(body=page("IN"),
                                          headers=[("Set-Cookie", f"{SESSION}; Path=/")]))
    leave_and_return(srv, f"http://x:y@{host_a}/admin/delete?confirm=1")
    srv.route("127.0.0.2/admin/delete", response(body=page("DEL")))

    async def run():
        async with Fetcher(USER) as f:
            return [await f.fetch(f"{a}/login"), await f.fetch(f"{a}/go")]
    login, go = asyncio.run(run())
    assert login.ok and go.ok and go.left_origin, (login.error, go.error)
    assert auth(srv, "/admin/delete?confirm=1") == [[]]
    assert not any(SESSION in c for c in cookies(srv, "/admin/delete?confirm=1"))


def test_a_fetch_without_credentials_sends_no_userinfo(raw_server):
    """fetch(credentials=False) of a URL with user:password@: no Basic auth (before: sent)."""
    srv = raw_server(["127.0.0.2"])
    a = srv.base(0)
    srv.route("/listed", response(body=page("LISTED")))

    async def run():
        async with Fetcher(USER) as f:
            return await f.fetch(f"http://x:y@{a.split('//')[1]}/listed", credentials=False)
    assert asyncio.run(run()).ok
    assert auth(srv, "/listed") == [[]]


def test_robots_txt_redirected_to_userinfo_sends_none(raw_server):
    """robots.txt never carries credentials, also when it redirects to a URL with userinfo."""
    srv = raw_server(["127.0.0.2"])
    a = srv.base(0)
    srv.route("/robots.txt", redirect(f"http://x:y@{a.split('//')[1]}/robots2.txt"))
    srv.route("/robots2.txt", response(body=b"User-agent: *\nAllow: /\n", ctype="text/plain"))
    srv.route("/page", response(body=page("PAGE")))

    async def run():
        async with Fetcher(PLAIN.replace(robots=True)) as f:
            return await f.fetch(f"{a}/page")
    assert asyncio.run(run()).ok
    assert auth(srv, "/robots2.txt") == [[]]


def _domain_cookie_handler(seen: list[tuple[str, str, str]]):
    """www.a.example sets a Domain=a.example session on /login and sends /go to b.example,
    which sends it back to https://x:y@www.a.example/admin/delete."""
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, request.headers.get("cookie", ""),
                     request.headers.get("authorization", "")))
        if request.url.host != "www.a.example":
            return httpx.Response(302, headers={
                "Location": "https://x:y@www.a.example/admin/delete?confirm=1"})
        if request.url.path == "/login":
            return httpx.Response(200, html=page("IN").decode(), headers={
                "Set-Cookie": "sid=JAR-SESSION; Domain=a.example; Path=/"})
        if request.url.path == "/go":
            return httpx.Response(302, headers={"Location": "https://b.example/x"})
        return httpx.Response(200, html=page("PAGE").decode())
    return handler


def test_a_domain_cookie_stays_off_the_hop_back_with_userinfo(monkeypatch):
    """Before: the hop back (userinfo in its URL) used the credentialed jar, whose Domain=
    cookie matched the host as the cookie jar read it ("x:y@www.a.example"), and was sent;
    so was it on a fetch without credentials of a URL with userinfo."""
    seen: list[tuple[str, str, str]] = []
    monkeypatch.setattr(Fetcher, "_transport",
                        lambda self, origin: httpx.MockTransport(_domain_cookie_handler(seen)))
    s = USER.replace(block_private_addresses=False, robots=False)

    async def run():
        async with Fetcher(s) as f:
            return [await f.fetch("https://www.a.example/login"),
                    await f.fetch("https://www.a.example/go"),
                    await f.fetch("https://x:y@www.a.example/listed", credentials=False),
                    await f.fetch("https://www.a.example/mine")]
    results = asyncio.run(run())
    assert all(r.ok for r in results), [r.error for r in results]
    sent = {path: (cookie, authorization) for path, cookie, authorization in seen}
    assert sent["/admin/delete"] == ("", "")
    assert sent["/listed"] == ("", "")
    assert "sid=JAR-SESSION" in sent["/mine"][0]  # the user's own page still has it


def test_userinfo_alone_keeps_its_login_over_a_same_origin_redirect(raw_server):
    """user:pass@ is the run's only credential; /login sets the session and redirects with a
    full URL (no userinfo) to /home on the same origin: the hop stays credentialed, as with
    httpx's client (Basic auth and the session). Before: /home went with neither. A later
    fetch of a URL without userinfo is not credentialed."""
    srv = raw_server(["127.0.0.2"])
    a = srv.base(0)
    srv.route("/login", redirect(f"{a}/home", (("Set-Cookie", "sid=S1; Path=/"),)))
    srv.route("/home", response(body=page("HOME")))
    srv.route("/other", response(body=page("OTHER")))

    async def run():
        async with Fetcher(PLAIN) as f:
            return [await f.fetch(f"http://u:p@{a.split('//')[1]}/login"),
                    await f.fetch(f"{a}/other")]
    login, other = asyncio.run(run())
    assert login.ok and login.final_url == f"{a}/home", login.error
    assert "sid=S1" in cookies(srv, "/home")[0]
    assert auth(srv, "/home") == [[BASIC_UP]]
    assert cookies(srv, "/other") == [""] and auth(srv, "/other") == [[]]


def test_userinfo_alone_goes_on_no_hop_after_the_chain_left(raw_server):
    """user:pass@ only: A/login sets the session, goes to B, which sends it back to A/home:
    the hop back gets neither Basic auth nor the session."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)
    srv.route("127.0.0.2/login", redirect(f"{b}/sso", (("Set-Cookie", "sid=S1; Path=/"),)))
    srv.route("127.0.0.3/sso", redirect(f"{a}/home"))
    srv.route("127.0.0.2/home", response(body=page("HOME")))

    async def run():
        async with Fetcher(PLAIN) as f:
            return await f.fetch(f"http://u:p@{a.split('//')[1]}/login")
    result = asyncio.run(run())
    assert result.ok and result.left_origin, result.error
    assert auth(srv, "/login") == [[BASIC_UP]]
    assert cookies(srv, "/home") == [""] and auth(srv, "/home") == [[]]
