"""A server that closes every connection after its answer, without saying so (no
``Connection: close``), leaves the client a kept-alive connection that dies as the next request
goes out. That request is sent again at once on a new connection (not a retry: no status was
received, with ``retries=0`` too), a final status is never requested again, and ``attempts``
counts the requests the server may have read."""

from __future__ import annotations

import asyncio
import socket
import time

import httpx

from rawserver import RawServer, Request, page, response

from scrapekit import Settings
from scrapekit.fetch import transport
from scrapekit.fetch.client import Fetcher

LINGER = 0.5  # long enough for the client's next request to reach the dying connection
PATHS = ["/m1", "/a", "/m2", "/b", "/m3"]


def _closing_server(read_before_close: bool) -> RawServer:
    """Answers one request per connection, then closes after LINGER seconds: having read what
    came meanwhile (a lingering close: the request is logged, never answered) or not (the
    unread request makes the close a reset)."""
    srv = RawServer(["127.0.0.2"]).start()

    def answer(data: bytes):
        def handler(conn: socket.socket, req: Request) -> bool:
            conn.sendall(data)
            if not read_before_close:
                time.sleep(LINGER)
                return False
            conn.settimeout(LINGER)
            try:
                extra = conn.recv(65536)
            except OSError:
                extra = b""
            if extra:  # the next request, read and dropped
                target = extra.split(b"\r\n", 1)[0].decode("latin-1").split(" ")[1]
                with srv._lock:
                    srv.log.append(Request(req.host, target, time.monotonic(), req.conn_id))
            return False
        return handler

    srv.route("/robots.txt", answer(response(404, b"none", "text/plain")))
    for path in PATHS:
        body = page(path) if path in ("/a", "/b") else b"not found"
        srv.route(path, answer(response(200 if path in ("/a", "/b") else 404, body)))
    return srv


def _fetch_all(srv: RawServer, **kw) -> dict[str, tuple[int | None, int, str | None]]:
    settings = Settings(delay=0, retries=0, timeout=10, **kw)

    async def run():
        async with Fetcher(settings) as fetcher:
            out = {}
            for path in PATHS:
                r = await fetcher.fetch(srv.base(0) + path)
                out[path] = (r.status, r.attempts, r.error.kind if r.error else None)
            return out
    return asyncio.run(run())


def _run(read_before_close: bool) -> tuple[dict[str, tuple[int | None, int, str | None]],
                                           dict[str, int]]:
    """Each path's (status, attempts, error kind), and the requests the server read of it."""
    srv = _closing_server(read_before_close)
    try:
        got = _fetch_all(srv)
        hits: dict[str, int] = {}
        for req in srv.requests():
            hits[req.path] = hits.get(req.path, 0) + 1
    finally:
        srv.stop()
    return got, hits


def test_request_read_on_a_dying_connection_is_sent_again_and_counted():
    got, hits = _run(read_before_close=True)
    # every URL has its real answer, with retries=0 (it was a connect error before)
    assert {p: g[0] for p, g in got.items()} == {"/m1": 404, "/a": 200, "/m2": 404,
                                                 "/b": 200, "/m3": 404}
    assert {p: g[1] for p, g in got.items()} == {p: hits[p] for p in PATHS}
    assert sum(hits[p] for p in PATHS) > len(PATHS)  # the dying connections were used


def test_request_dropped_unread_is_sent_again_and_not_counted():
    got, hits = _run(read_before_close=False)
    assert [g[0] for g in got.values()] == [404, 200, 404, 200, 404]
    assert {p: g[1] for p, g in got.items()} == {p: 1 for p in PATHS} == {
        p: hits[p] for p in PATHS}


def test_a_final_status_is_never_requested_again(raw_server, monkeypatch):
    """A failure while closing a 404's response (the connection reset under it) used to
    replace the status with a connect error, retried: the 404 was requested again."""
    srv = raw_server(["127.0.0.2"])
    srv.route("/gone", response(404, b"not found"))
    real_close = transport._ResponseStream.aclose

    async def failing_close(self):
        await real_close(self)
        raise httpx.ReadError("connection reset while closing")

    monkeypatch.setattr(transport._ResponseStream, "aclose", failing_close)

    async def run():
        async with Fetcher(Settings(delay=0, retries=3, backoff=0.01, timeout=10, robots=False)) as f:
            return await f.fetch(srv.base(0) + "/gone")
    r = asyncio.run(run())
    assert (r.status, r.error.kind, r.attempts) == (404, "http_status", 1)
    assert srv.hit_count(0, "/gone") == 1
