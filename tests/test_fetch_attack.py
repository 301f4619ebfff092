"""The page fetcher against hostile headers and framing (issue 17 rows 6, 14, 15, 16, header
size) and names that do not exist (issue 18 #7), over loopback sockets."""

from __future__ import annotations

import asyncio
import gzip
import socket

import pytest

from scrapekit import Settings
from scrapekit.fetch import Fetcher
from scrapekit.fetch.decompress import MAX_CODINGS

from rawserver import page, response

FAST = Settings(retries=0, backoff=0.01, backoff_max=0.05, timeout=5.0, read_timeout=2.0,
                delay=0.0, workers=1, robots=False)


def fetch_all(urls, settings=FAST):
    async def go():
        async with Fetcher(settings) as f:
            return [await f.fetch(u) for u in urls]
    return asyncio.run(go())


def fetch(url, settings=FAST):
    return fetch_all([url], settings)[0]


# -- row 6: Content-Encoding layers -------------------------------------------------------------
@pytest.mark.parametrize("layers", [4, 3000, 15_000])
def test_too_many_content_encodings_is_a_decode_error(raw_server, layers):
    srv = raw_server(["127.0.0.2"])
    value = ",".join(["gzip"] * layers)  # one header line, like the attack
    srv.route("/p", response(200, gzip.compress(page("x")), headers=[("Content-Encoding", value)]))
    r = fetch(srv.base() + "/p")
    assert r.error is not None and r.error.kind == "decode", r.error
    assert f"{layers} codings" in r.error.message and f"at most {MAX_CODINGS}" in r.error.message
    assert r.attempts == 1


def test_three_layers_still_decode(raw_server):
    srv = raw_server(["127.0.0.2"])
    body = page("Layered")
    for _ in range(3):
        body = gzip.compress(body)
    srv.route("/p", response(200, body, headers=[("Content-Encoding", "gzip, gzip, gzip")]))
    r = fetch(srv.base() + "/p")
    assert r.ok and r.body == page("Layered")


def test_an_oversized_header_block_is_refused_quickly(raw_server):
    srv = raw_server(["127.0.0.2"])
    huge = [("X-Filler-%d" % i, "y" * 1000) for i in range(1000)]  # ~1 MB of headers
    srv.route("/p", response(200, page("x"), headers=huge))
    r = fetch(srv.base() + "/p", FAST.replace(retries=2))
    assert r.error is not None and r.error.kind == "too_large", r.error
    assert r.error.message == "response headers over 102400 bytes" and r.attempts == 1
    assert r.elapsed_ms < 5000


# -- row 14: Retry-After ------------------------------------------------------------------------
def test_unicode_digit_retry_after_is_ignored_not_an_error(raw_server):
    srv = raw_server(["127.0.0.2"])
    calls = []

    def flaky(conn, req):
        calls.append(1)
        conn.sendall(response(503, b"down", headers=[("Retry-After", "\u00b2")])
                     if len(calls) == 1 else response(200, page("Back")))
        return True
    srv.route("/p", flaky)
    r = fetch(srv.base() + "/p", FAST.replace(retries=2))
    assert r.ok and r.attempts == 2 and len(calls) == 2


# -- row 15: a response longer than its Content-Length on keep-alive ------------------------------
def test_bytes_past_the_framing_never_become_the_next_page(raw_server):
    srv = raw_server(["127.0.0.2"])
    smuggled = response(200, page("Smuggled"))
    srv.route("/short", response(200, b"<html>hello</html>", length=6) + b"llo</html>" + smuggled)
    srv.route("/real", response(200, page("Real")))
    first, second = fetch_all([srv.base() + "/short", srv.base() + "/real"])
    assert first.body == b"<html>"
    assert second.ok and b"Real" in second.body and b"Smuggled" not in second.body
    real = srv.requests("/real")
    assert len(real) == 1 and real[0].conn_id != srv.requests("/short")[0].conn_id


def test_a_clean_response_keeps_its_connection(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(200, page("A")))
    srv.route("/b", response(200, page("B")))
    a, b = fetch_all([srv.base() + "/a", srv.base() + "/b"])
    assert a.ok and b.ok
    assert srv.requests("/a")[0].conn_id == srv.requests("/b")[0].conn_id


# -- row 16: one User-Agent, whatever its case ------------------------------------------------------
def test_lower_case_user_agent_header_replaces_the_default(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.robots["127.0.0.2"] = b"User-agent: MyBot\nDisallow: /private\n"
    srv.route("/p", response(200, page("x")))
    settings = FAST.replace(headers=(("user-agent", "MyBot/1.0"), ("ACCEPT", "text/html")),
                            robots=True)
    r = fetch(srv.base() + "/p", settings)
    assert r.ok
    (req,) = srv.requests("/p")
    assert req.header_values("User-Agent") == ["MyBot/1.0"]
    assert req.header_values("Accept") == ["text/html"]
    # robots.txt rules are matched against the User-Agent actually sent
    blocked = fetch(srv.base() + "/private", settings)
    assert blocked.error.kind == "robots_disallowed"


def test_merge_headers_is_case_insensitive_and_keeps_order():
    from scrapekit.fetch.headers import merge_headers, request_headers

    assert merge_headers([("User-Agent", "a"), ("Accept", "b")], [("user-agent", "c")]) == [
        ("user-agent", "c"), ("Accept", "b")]
    names = [n.lower() for n, _ in request_headers(Settings(headers=(("X-A", "1"),)))]
    assert names == ["user-agent", "accept", "accept-encoding", "x-a"]


# -- issue 18 #7: a host that does not exist --------------------------------------------------------
@pytest.fixture
def invalid_names_do_not_exist(monkeypatch):
    """Names under .invalid get "no such name" from the resolver, without asking any DNS."""
    real = socket.getaddrinfo

    def fake(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", fake)


@pytest.mark.parametrize("robots", [True, False])
@pytest.mark.parametrize("guarded", [False, True])
def test_a_host_that_does_not_exist_is_host_not_found(invalid_names_do_not_exist, robots,
                                                      guarded):
    settings = FAST.replace(retries=3, robots=robots, block_private_addresses=guarded)
    r = fetch("http://no-such-host.invalid/a", settings)
    assert r.error is not None and r.error.kind == "connect"
    assert r.error.message == "host not found: no-such-host.invalid"
    assert "robots" not in r.error.message
    assert r.attempts == 1  # permanent: not retried


def test_a_refused_connection_is_still_retried(raw_server):
    sock = socket.socket()
    sock.bind(("127.0.0.2", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    r = fetch(f"http://127.0.0.2:{port}/a", FAST.replace(retries=1))
    assert r.error.kind == "connect" and r.attempts == 2 and "host not found" not in r.error.message
