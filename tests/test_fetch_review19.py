"""Reviews 19 and 20 (session 15) of the cookie jars and the fetcher's event-loop state: a
cookie with UTF-8 in it, cookies replayed from the HTTP cache, a cancelled fetch while the cache
stores an answer, a Fetcher used in a second ``asyncio.run``, and the renderer's requests and
the run's jars. Loopback servers only (host names mapped by patching ``socket.getaddrinfo``)."""

from __future__ import annotations

import asyncio
import socket
import time
from email.utils import formatdate

import pytest
from rawserver import page, response

from scrapekit import Settings
from scrapekit.fetch import Fetcher
from scrapekit.fetch.resources import fetch_resource
from scrapekit.render_access import Fetchers, PageAccess

PLAIN = Settings(retries=0, delay=0.0, timeout=10.0, workers=1, robots=False)
NAMES = ("www.shop.com", "news.shop.com", "api.shop.com", "login.shop.com", "www.other.com",
         "api.other.com")
CITY = "city=Z\u00fcrich"


@pytest.fixture
def names(monkeypatch):
    real = socket.getaddrinfo

    def fake(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        return real("127.0.0.2" if name in NAMES else host, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", fake)


def _utf8_response(status: int, body: bytes, headers: list[tuple[str, str]]) -> bytes:
    """A response whose extra header lines are UTF-8 bytes (as servers send them)."""
    head = response(status, body).split(b"\r\n\r\n", 1)[0]
    extra = b"".join(b"\r\n" + k.encode() + b": " + v.encode("utf-8") for k, v in headers)
    return head + extra + b"\r\n\r\n" + body


def _cookie_bytes(req) -> bytes:
    """The Cookie header as the server received it (rawserver decodes header lines as
    Latin-1, one character per byte)."""
    return "; ".join(req.header_values("Cookie")).encode("latin-1")


@pytest.mark.parametrize("robots", [False, True])
def test_a_cookie_with_utf8_in_it_goes_back_as_it_came_to_every_host_of_the_site(
        raw_server, names, robots, tmp_path):
    """Before: httpx encoded the Cookie header as ASCII once a header had been read, and every
    later request of the site failed ("connect: unexpected error: UnicodeEncodeError"),
    robots.txt loads too."""
    srv = raw_server(["127.0.0.2"])
    port = srv.ports["127.0.0.2"]
    srv.route("/home", _utf8_response(200, page("HOME"),
                                      [("Set-Cookie", CITY + "; Domain=shop.com; Path=/")]))
    srv.route("/other", response(body=page("OTHER")))
    srv.route("/robots.txt", response(body=b"User-agent: *\nAllow: /\n", ctype="text/plain"))
    settings = PLAIN.replace(robots=robots)

    async def run():
        async with Fetcher(settings) as f:
            return [await f.fetch(f"http://{h}:{port}{p}") for h, p in
                    (("www.shop.com", "/home"), ("www.shop.com", "/other"),
                     ("news.shop.com", "/other"))]
    results = asyncio.run(run())
    assert [(r.status, r.error) for r in results] == [(200, None)] * 3
    others = srv.requests("/other")
    assert len(others) == 2
    assert all(_cookie_bytes(r) == CITY.encode("utf-8") for r in others)


def test_a_utf8_cookie_set_on_a_redirect_goes_with_the_next_hop_and_through_the_cache(
        raw_server, names, tmp_path):
    srv = raw_server(["127.0.0.2"])
    port = srv.ports["127.0.0.2"]
    www = f"http://www.shop.com:{port}"
    srv.route("/wall", _utf8_response(302, b"", [("Location", www + "/story"),
                                                 ("Set-Cookie", CITY + "; Path=/")]))
    srv.route("/story", response(body=page("STORY")))

    async def run():
        async with Fetcher(PLAIN.replace(cache=str(tmp_path))) as f:
            return await f.fetch(www + "/wall")
    result = asyncio.run(run())
    assert (result.status, result.error) == (200, None)
    assert _cookie_bytes(srv.requests("/story")[-1]) == CITY.encode("utf-8")


def _cached_run(srv, cache_dir):
    """A run (one Fetcher, one event loop) over paths of ``srv``, with the cache in
    ``cache_dir``: each call is a new run of the same cache."""
    settings = PLAIN.replace(cache=str(cache_dir))

    def run(paths: list[str]) -> list:
        async def fetch_all():
            async with Fetcher(settings) as f:
                return [await f.fetch(srv.base() + p) for p in paths]
        return asyncio.run(fetch_all())
    return run


@pytest.mark.parametrize("expired", [False, True])
def test_a_page_served_from_the_cache_does_not_replay_an_old_cookie_over_this_runs(
        raw_server, expired, tmp_path):
    """Run 1 stores /home with ``sid=OLD``; in run 2 /login sets ``sid=NEW``, then /home comes
    from the file: its stored Set-Cookie (or, once its Expires is past, its deletion) must not
    undo the newer cookie. Before: /inbox got ``sid=OLD`` (or none)."""
    srv = raw_server(["127.0.0.2"])
    expires = formatdate(time.time() + 1.5, usegmt=True) if expired else None

    def home(conn, req):
        attrs = "sid=OLD; Path=/" + (f"; Expires={expires}" if expires else "")
        conn.sendall(response(body=page("HOME"), headers=[("Set-Cookie", attrs),
                                                           ("Cache-Control", "max-age=3600")]))
        return True
    srv.route("/home", home)
    srv.route("/login", response(body=page("LOGIN"), headers=[("Set-Cookie", "sid=NEW; Path=/"),
                                                              ("Cache-Control", "no-store")]))
    srv.route("/inbox", response(body=page("INBOX"), headers=[("Cache-Control", "no-store")]))
    run = _cached_run(srv, tmp_path)
    run(["/home"])
    if expired:
        time.sleep(2.0)  # the stored cookie's Expires is past; the entry is still fresh
    results = run(["/login", "/home", "/inbox"])
    assert [r.status for r in results[:3]] == [200, 200, 200]
    assert srv.hit_count("127.0.0.2", "/home") == 1  # run 2's /home came from the file
    assert srv.requests("/inbox")[-1].header_values("Cookie") == ["sid=NEW"]


def test_a_cookie_only_the_cached_page_set_is_still_added(raw_server, tmp_path):
    """A replayed answer adds the cookies the jar lacks (what the site set with the page)."""
    srv = raw_server(["127.0.0.2"])
    srv.route("/home", response(body=page("HOME"), headers=[("Set-Cookie", "pref=dark; Path=/"),
                                                             ("Cache-Control", "max-age=3600")]))
    srv.route("/next", response(body=page("NEXT"), headers=[("Cache-Control", "no-store")]))
    run = _cached_run(srv, tmp_path)
    run(["/home"])
    run(["/home", "/next"])
    assert srv.hit_count("127.0.0.2", "/home") == 1
    assert srv.requests("/next")[-1].header_values("Cookie") == ["pref=dark"]


def test_a_fetch_cancelled_while_the_cache_stores_its_answer_gives_its_connection_back(
        raw_server, tmp_path):
    """The page's deadline ends while the cache writes the entry (a slow SQLite insert):
    before, the server's answer was never closed and its connection stayed checked out for
    the life of the origin's client (one per page)."""
    srv = raw_server(["127.0.0.2"])
    srv.route("/p", response(body=page("P"), headers=[("Cache-Control", "max-age=60")]))
    srv.route("/warm", response(body=page("WARM")))
    settings = PLAIN.replace(timeout=0.3, cache=str(tmp_path))

    async def run():
        async with Fetcher(settings) as f:
            await f.fetch(srv.base() + "/warm")  # opens the storage
            storage = f._cache_storage
            create = storage.create_entry

            async def slow_create(*args, **kwargs):
                await asyncio.sleep(0.5)
                return await create(*args, **kwargs)
            storage.create_entry = slow_create
            results = [await f.fetch(srv.base() + f"/p?{i}") for i in range(4)]
            transport = next(iter(f._clients.values())).transport.inner
            return results, len(transport._busy)
    results, busy = asyncio.run(run())
    assert {r.error.kind for r in results} == {"timeout"}
    assert busy == 0


def test_a_fetcher_closed_in_one_event_loop_works_in_the_next(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(body=page("A")))
    f = Fetcher(PLAIN.replace(concurrency=1, delay=0.05))

    async def run():
        async with f:  # two at once: the second waits on the run's and the host's locks
            results = await asyncio.gather(*(f.fetch(srv.base() + p) for p in ("/a", "/a?2")))
            return [r.status for r in results]
    assert asyncio.run(run()) == [200, 200]
    assert asyncio.run(run()) == [200, 200]  # before: "Semaphore ... bound to a different loop"


def test_a_fetcher_left_open_in_a_finished_loop_says_so_and_can_be_closed_after(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(body=page("A")))
    f = Fetcher(PLAIN)

    async def fetch():
        return await f.fetch(srv.base() + "/a")
    assert asyncio.run(fetch()).status == 200  # never closed
    second = asyncio.run(fetch())
    assert second.status is None and "another event loop" in second.error.message
    asyncio.run(f.aclose())  # before: RuntimeError("Event loop is closed")
    assert asyncio.run(fetch()).status == 200


# -- review 20 ------------------------------------------------------------------------------

@pytest.mark.parametrize("cached", [False, True])
def test_a_utf8_cookie_beside_a_latin1_header_line_still_goes_back_as_it_came(
        raw_server, cached, tmp_path):
    """httpx decodes all of a response's header lines with one encoding: with a Latin-1 line
    beside it, the UTF-8 cookie came back double-encoded (review 20; through the cache layer,
    which recoded the lines before the jar saw them, review 21)."""
    srv = raw_server(["127.0.0.2"])
    head = response(200, page("HOME")).split(b"\r\n\r\n", 1)[0]
    lines = [(CITY + "; Path=/").encode("utf-8"), b'inline; filename="caf\xe9.html"']
    srv.route("/home", head + b"\r\nSet-Cookie: " + lines[0] + b"\r\nContent-Disposition: "
              + lines[1] + b"\r\n\r\n" + page("HOME"))
    srv.route("/next", response(body=page("NEXT"), headers=[("Cache-Control", "no-store")]))
    settings = PLAIN.replace(cache=str(tmp_path)) if cached else PLAIN

    async def run():
        async with Fetcher(settings) as f:
            return [await f.fetch(srv.base() + p) for p in ("/home", "/next")]
    assert [r.status for r in asyncio.run(run())] == [200, 200]
    assert _cookie_bytes(srv.requests("/next")[-1]) == CITY.encode("utf-8")
    if cached:  # run 2: /home from the file, its cookie replayed as stored
        assert [r.status for r in asyncio.run(run())] == [200, 200]
        assert srv.hit_count("127.0.0.2", "/home") == 1
        assert _cookie_bytes(srv.requests("/next")[-1]) == CITY.encode("utf-8")


def test_a_utf8_redirect_beside_a_latin1_header_line_is_followed_as_it_came(raw_server):
    """Review 23: the lines were recoded in the cache layer only; without it the Location was
    read as Latin-1 and the next hop asked for a garbled path."""
    srv = raw_server(["127.0.0.2"])
    head = response(302, b"").split(b"\r\n\r\n", 1)[0]
    srv.route("/moved", head + b"\r\nLocation: /caf\xc3\xa9\r\nContent-Disposition: inline; "
              b"filename=\"caf\xe9\"\r\n\r\n")
    srv.route("/caf%C3%A9", response(body=page("CAFE")))

    async def run():
        async with Fetcher(PLAIN) as f:
            return await f.fetch(srv.base() + "/moved")
    result = asyncio.run(run())
    assert (result.status, result.final_url) == (200, srv.base() + "/caf%C3%A9")


def test_a_header_name_that_is_no_token_is_a_settings_error():
    """Before: every page failed ("connect: unexpected error: UnicodeEncodeError")."""
    with pytest.raises(ValueError, match="no header name"):
        Settings(headers=(("X-Pr\u00fcfung", "1"),))
    with pytest.raises(ValueError, match="no header name"):
        Settings(headers=(("X Note", "1"),))
    assert Settings(headers=(("X-Note", "caf\u00e9"),)).headers == (("X-Note", "caf\u00e9"),)
    assert Settings(headers={"X-Foo ": "v"}).headers == (("X-Foo", "v"),)  # review 23: trimmed


def test_a_user_agent_or_header_in_another_language_is_sent_in_utf8(raw_server):
    """Before: every page failed ("connect: unexpected error: UnicodeEncodeError")."""
    srv = raw_server(["127.0.0.2"])
    srv.route("/p", response(body=page("P")))
    settings = PLAIN.replace(user_agent="Bot-\u00e9", headers=(("X-Note", "caf\u00e9"),))

    async def run():
        async with Fetcher(settings) as f:
            return await f.fetch(srv.base() + "/p")
    assert asyncio.run(run()).status == 200
    req = srv.requests("/p")[-1]
    assert req.header_values("User-Agent")[0].encode("latin-1") == "Bot-\u00e9".encode()
    assert req.header_values("X-Note")[0].encode("latin-1") == "caf\u00e9".encode()


def test_a_replayed_cookie_does_not_shadow_this_runs_under_another_path(raw_server, tmp_path):
    """Review 19's fix matched the exact domain, path and name only: a stored ``sid`` under
    ``/account`` still went first, before this run's ``sid`` under ``/``."""
    srv = raw_server(["127.0.0.2"])
    srv.route("/account/home", response(body=page("HOME"), headers=[
        ("Set-Cookie", "sid=OLD; Path=/account"), ("Cache-Control", "max-age=3600")]))
    srv.route("/login", response(body=page("LOGIN"), headers=[("Set-Cookie", "sid=NEW; Path=/"),
                                                              ("Cache-Control", "no-store")]))
    srv.route("/account/inbox", response(body=page("INBOX"), headers=[("Cache-Control", "no-store")]))
    run = _cached_run(srv, tmp_path)
    run(["/account/home"])
    run(["/login", "/account/home", "/account/inbox"])
    assert srv.hit_count("127.0.0.2", "/account/home") == 1
    assert srv.requests("/account/inbox")[-1].header_values("Cookie") == ["sid=NEW"]


def test_a_fetcher_used_in_a_new_event_loop_keeps_the_hosts_delay(raw_server):
    """Review 19's rebinding started the host gates again: run 2's request went at once,
    though the host's delay (and a Retry-After pause) still held."""
    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(body=page("A")))
    f = Fetcher(PLAIN.replace(delay=1.0))

    async def run(path):
        async with f:
            return await f.fetch(srv.base() + path)
    assert asyncio.run(run("/a")).status == 200
    assert asyncio.run(run("/a?2")).status == 200
    first, second = [r for r in srv.requests() if r.path.startswith("/a")]
    assert second.at - first.at >= 0.9


def test_a_sharing_fetchers_robots_load_binds_its_owner_to_the_new_loop(raw_server, caplog):
    """A documents fetcher's robots.txt load opens clients on its owner: in run 2 the owner,
    not yet bound to the new loop, then failed its own fetch ("still open in another event
    loop"); and closing a closed fetcher again warned of dropped connections."""
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    srv.route("/a", response(body=page("A")))
    srv.route("/feed", response(body=b"<rss/>", ctype="application/xml"))
    settings = PLAIN.replace(robots=True)
    owner = Fetcher(settings)
    documents = owner.sharing_hosts(settings, any_type=True)

    async def run(i):
        try:
            return [(await documents.fetch(srv.base(i) + "/feed")).status,
                    (await owner.fetch(srv.base(i) + "/a")).status]
        finally:
            await documents.aclose()
            await owner.aclose()
    with caplog.at_level("WARNING", logger="scrapekit.fetch"):
        assert asyncio.run(run(0)) == [200, 200]
        assert asyncio.run(run(1)) == [200, 200]
        asyncio.run(owner.aclose())
    assert not [r for r in caplog.records if "dropped" in r.getMessage()]


@pytest.mark.parametrize("via", ["direct", "redirect"])
def test_a_rendered_pages_requests_to_other_origins_get_none_of_the_runs_cookies(
        raw_server, names, via):
    """The run's cookies count as credentials for rendering: a rendered page's requests to
    other origins (derived fetchers) carry none of them, on no hop. (Review 19 had the derived
    fetchers share the run's jars; reviews 20, 21 and 23 found that sending a site's cookies
    cross-site, on redirect hops, and holding a fetcher per rendered site: reverted.)"""
    srv = raw_server(["127.0.0.2"])
    port = srv.ports["127.0.0.2"]
    shop, other = f"http://www.shop.com:{port}", f"http://www.other.com:{port}"
    srv.route("/home", response(body=page("HOME"), headers=[("Set-Cookie", "pref=S; Path=/")]))
    srv.route("/story", response(body=page("STORY")))
    srv.route("/go", response(302, b"", headers=[("Location", shop + "/api.json")]))
    srv.route("/api.json", response(body=b"[]", ctype="application/json"))
    asked = shop + "/api.json" if via == "direct" else f"http://api.other.com:{port}/go"

    async def run():
        async with Fetcher(PLAIN) as f:
            await f.fetch(shop + "/home")
            r = await f.fetch(other + "/story")
            access = await PageAccess.of(r.final_url)
            fetchers = Fetchers(f)
            try:
                await fetch_resource(fetchers.for_request(access, asked), asked)
                # one derived fetcher per (credentials, guard), not one per rendered site
                # (review 23: a fetcher and its connections held per site for the whole run)
                elsewhere = await PageAccess.of(shop + "/home")
                assert fetchers.for_request(access, asked) is fetchers.for_request(
                    elsewhere, f"http://api.other.com:{port}/x")
            finally:
                await fetchers.aclose()
            await f.fetch(shop + "/api.json")  # the run's own request to the site sends it
    asyncio.run(run())
    sent = [r.header_values("Cookie") for r in srv.requests("/api.json")]
    assert sent == [[], ["pref=S"]]
