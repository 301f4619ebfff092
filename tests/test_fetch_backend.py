"""The asyncio network backend under the fetcher: keep-alive, closed idle connections, TLS,
large bodies, timeouts. Real sockets on 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
from collections.abc import Iterator

import httpcore
import pytest
import trustme

from scrapekit import Settings
from scrapekit.fetch import Fetcher
from scrapekit.fetch.backend import AsyncioBackend

PAGE = b"<html><body><article><p>" + b"Backend test paragraph. " * 40 + b"</p></article></body></html>"
FAST = Settings(delay=0, robots=False, retries=0, per_host=2, concurrency=4)


class RawServer:
    """A minimal HTTP/1.1 server: answers every request with ``body``, keeps the connection
    alive, and (with ``close_after``) closes it that many seconds after each answer without
    saying so, as servers with short keep-alive timeouts do."""

    def __init__(self, body: bytes = PAGE, close_after: float | None = None,
                 tls: ssl.SSLContext | None = None, bodies: dict[str, bytes] | None = None) -> None:
        self.body = body
        self.bodies = bodies or {}  # path -> body, for paths that answer differently
        self.close_after = close_after
        self.tls = tls
        self.connections = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            buf = b""
            while True:
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                head, buf = buf.split(b"\r\n\r\n", 1)
                path = head.split(b" ", 2)[1].decode("latin-1")
                body = self.bodies.get(path, self.body)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                             b"Content-Length: %d\r\n\r\n" % len(body) + body)
                if self.close_after is not None:
                    time.sleep(self.close_after)
                    conn.shutdown(socket.SHUT_RDWR)
                    return
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    srv = RawServer(close_after=0.05)
    yield srv
    srv.close()


def test_idle_connection_closed_by_the_server_is_not_reused(raw_server: RawServer) -> None:
    """The pool must notice the server closed the idle keep-alive connection (the backend's
    is_readable) and open a new one, instead of failing the next request on a dead socket."""
    async def run() -> list[tuple[int, int | None]]:
        async with Fetcher(FAST) as fetcher:
            out = []
            for i in range(3):
                result = await fetcher.fetch(f"http://127.0.0.1:{raw_server.port}/p{i}")
                out.append((result.attempts, result.status))
                await asyncio.sleep(0.3)  # the server closes the connection meanwhile
            return out

    assert asyncio.run(run()) == [(1, 200)] * 3  # no retry was needed
    assert raw_server.connections == 3


def test_keep_alive_connection_is_reused() -> None:
    srv = RawServer()
    try:
        async def run() -> list[bytes | None]:
            async with Fetcher(FAST.replace(per_host=1)) as fetcher:
                return [(await fetcher.fetch(f"http://127.0.0.1:{srv.port}/{i}")).body
                        for i in range(5)]

        assert asyncio.run(run()) == [PAGE] * 5
        assert srv.connections == 1
    finally:
        srv.close()


def test_connection_left_mid_body_is_dropped_and_a_clean_one_reused() -> None:
    """A response abandoned before its end (here: over the size cap) leaves its connection
    unusable: it must be closed, not handed to the next request, while a connection whose
    response was read to the end is kept and reused."""
    srv = RawServer(bodies={"/big": PAGE * 50})
    try:
        async def run() -> list[str | None]:
            settings = FAST.replace(per_host=1, max_bytes=len(PAGE) * 10)
            async with Fetcher(settings) as fetcher:
                out = []
                for path in ("/big", "/a", "/big", "/b", "/c"):
                    result = await fetcher.fetch(f"http://127.0.0.1:{srv.port}{path}")
                    out.append(result.error.kind if result.error else None)
                return out

        assert asyncio.run(run()) == ["too_large", None, "too_large", None, None]
        # /big, then /a on a new connection, /big on /a's, then /b and /c on a new one
        assert srv.connections == 3
    finally:
        srv.close()


def test_connections_are_reused_under_concurrency() -> None:
    """Twelve requests, eight at once, per_host=2: two sockets serve them all."""
    srv = RawServer()
    try:
        async def run() -> int:
            async with Fetcher(FAST.replace(per_host=2, concurrency=8)) as fetcher:
                url = f"http://127.0.0.1:{srv.port}/"
                results = await asyncio.gather(*(fetcher.fetch(url + str(i)) for i in range(8)))
                assert all(r.ok for r in results)
                for i in range(4):  # one at a time now: the kept connections serve them all
                    assert (await fetcher.fetch(url + f"s{i}")).ok
            return srv.connections

        assert asyncio.run(run()) == 2
    finally:
        srv.close()


def test_large_body_arrives_whole_through_flow_control() -> None:
    """Far more than the read buffer's high-water mark, read slowly: pausing and resuming the
    socket must neither lose nor reorder bytes."""
    body = b"<html><body>" + bytes(range(256)) * 16_000 + b"</body></html>"  # ~4 MB
    srv = RawServer(body=body)
    try:
        async def run() -> bytes:
            backend = AsyncioBackend()
            stream = await backend.connect_tcp("127.0.0.1", srv.port, timeout=5)
            await stream.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", timeout=5)
            await asyncio.sleep(0.3)  # let the buffer fill past the mark first
            data = b""
            while len(data) < len(body) + 60:
                chunk = await stream.read(65536, timeout=5)
                if not chunk:
                    break
                data += chunk
                if len(data) > len(body):
                    break
            await stream.aclose()
            return data

        data = asyncio.run(run())
        assert data.split(b"\r\n\r\n", 1)[1] == body
    finally:
        srv.close()


def test_read_timeout_and_connect_refused_map_to_httpcore_errors() -> None:
    silent = socket.create_server(("127.0.0.1", 0))  # accepts (backlog), never answers
    port = silent.getsockname()[1]
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    closed_port = free.getsockname()[1]
    free.close()

    async def run() -> None:
        backend = AsyncioBackend()
        stream = await backend.connect_tcp("127.0.0.1", port, timeout=5)
        started = time.monotonic()
        with pytest.raises(httpcore.ReadTimeout):
            await stream.read(100, timeout=0.2)
        assert 0.15 < time.monotonic() - started < 2
        assert stream.get_extra_info("is_readable") is False
        assert stream.get_extra_info("server_addr") == ("127.0.0.1", port)
        await stream.aclose()
        with pytest.raises(httpcore.ConnectError):
            await backend.connect_tcp("127.0.0.1", closed_port, timeout=5)

    try:
        asyncio.run(run())
    finally:
        silent.close()


def test_https_through_the_backend(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """TLS is started on the asyncio connection (start_tls); the CA comes from SSL_CERT_FILE,
    which the fetcher's one shared SSL context reads."""
    ca = trustme.CA()
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_ctx)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    srv = RawServer(tls=server_ctx)
    try:
        async def run() -> list:
            async with Fetcher(FAST) as fetcher:
                return [await fetcher.fetch(f"https://127.0.0.1:{srv.port}/{i}") for i in range(2)]

        first, second = asyncio.run(run())
        assert first.error is None and first.body == PAGE
        assert second.body == PAGE
        assert srv.connections == 1  # the TLS connection was kept alive and reused
    finally:
        srv.close()


def test_untrusted_certificate_is_a_connect_error() -> None:
    ca = trustme.CA()  # not trusted by anyone
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_ctx)
    srv = RawServer(tls=server_ctx)
    try:
        async def run():
            async with Fetcher(FAST) as fetcher:
                return await fetcher.fetch(f"https://127.0.0.1:{srv.port}/")

        result = asyncio.run(run())
        assert result.error is not None and result.error.kind == "connect"
        assert "CERTIFICATE_VERIFY_FAILED" in result.error.message
    finally:
        srv.close()


def test_transport_refuses_other_schemes_and_use_after_close() -> None:
    """A robots.txt redirected to ftp:// (followed by httpx's client over this transport) is
    an httpx error the fetcher understands, and a closed transport opens nothing new."""
    import httpx

    from scrapekit.fetch.transport import OriginTransport

    async def run() -> None:
        transport = OriginTransport(AsyncioBackend(), ssl.create_default_context, keep_alive=1)
        with pytest.raises(httpx.UnsupportedProtocol):
            await transport.handle_async_request(httpx.Request("GET", "ftp://a.example/robots.txt"))
        await transport.aclose()
        with pytest.raises(RuntimeError):
            await transport.handle_async_request(httpx.Request("GET", "http://127.0.0.1:9/"))

    asyncio.run(run())
