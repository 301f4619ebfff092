"""OriginTransport: an httpx transport for direct HTTP/1.1 connections, taken and returned in
O(1).

Why not httpx's own transport: its httpcore connection pool, on every request and every
response close, walks all its connections (closing expired ones) and then every queued request
against every connection. At 16 connections per origin that walk was ~20% of fetch CPU, more
than the HTTP exchange itself. Here idle connections wait in a stack: a request pops one (an
expired or server-closed one is closed and the next tried) or opens a new connection, and a
cleanly finished response pushes it back. The fetcher gives each origin its own transport (a
redirect to another origin, say robots.txt moving to https, gets a stack of its own), and the
number of connections needs no cap here: its per-host gate bounds the requests in flight.

The HTTP/1.1 exchange, TLS and the socket stay httpcore's (``AsyncHTTP11Connection``) on the
network backend given. HTTP/2 (multiplexing) and proxies keep httpx's own transport.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from ..adapters.httpcore import http11_connection, unread_bytes

EXCEPTIONS: dict[type[Exception], type[httpx.HTTPError]] = {
    httpcore.TimeoutException: httpx.TimeoutException,
    httpcore.ConnectTimeout: httpx.ConnectTimeout,
    httpcore.ReadTimeout: httpx.ReadTimeout,
    httpcore.WriteTimeout: httpx.WriteTimeout,
    httpcore.PoolTimeout: httpx.PoolTimeout,
    httpcore.NetworkError: httpx.NetworkError,
    httpcore.ConnectError: httpx.ConnectError,
    httpcore.ReadError: httpx.ReadError,
    httpcore.WriteError: httpx.WriteError,
    httpcore.ProxyError: httpx.ProxyError,
    httpcore.UnsupportedProtocol: httpx.UnsupportedProtocol,
    httpcore.ProtocolError: httpx.ProtocolError,
    httpcore.LocalProtocolError: httpx.LocalProtocolError,
    httpcore.RemoteProtocolError: httpx.RemoteProtocolError,
}
"""httpcore's exceptions -> httpx's (what the fetcher catches), the same table httpx uses."""


@contextmanager
def _httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for klass in type(exc).__mro__:  # the most specific mapping first
            mapped = EXCEPTIONS.get(klass)
            if mapped is not None:
                raise mapped(str(exc)) from exc
        raise


def _core_request(request: httpx.Request) -> httpcore.Request:
    url = request.url
    return httpcore.Request(
        method=request.method,
        url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port,
                         target=url.raw_path),
        headers=request.headers.raw,
        content=request.stream,  # type: ignore[arg-type]
        extensions=request.extensions,
    )


class PoolTransport(httpx.AsyncBaseTransport):
    """httpx over an httpcore connection pool built with its public constructor (for HTTP/2:
    ``httpcore.AsyncConnectionPool(http2=True, network_backend=...)``), so our network backend
    (and the private-address guard in it) is used without patching httpx's transport."""

    def __init__(self, pool: httpcore.AsyncConnectionPool) -> None:
        self._pool = pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {request.url.scheme!r}")
        with _httpx_errors():
            resp = await self._pool.handle_async_request(_core_request(request))
        return httpx.Response(status_code=resp.status, headers=resp.headers,
                              stream=_MappedStream(resp.stream), extensions=resp.extensions)

    async def aclose(self) -> None:
        await self._pool.aclose()


class _MappedStream(httpx.AsyncByteStream):
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _httpx_errors():
            async for part in self._stream:
                yield part

    async def aclose(self) -> None:
        with _httpx_errors():
            await self._stream.aclose()


_Key = tuple[bytes, bytes, int]  # scheme, host, port

RESENT = "scrapekit.resent"
"""Request extension: a callable told when the request was sent again on a new connection
after the server closed the kept-alive one it went out on having possibly read it (the fetcher
counts it as an attempt: the server may have seen two requests)."""
_NO_RESPONSE = "without sending a response"  # httpcore: EOF where the response should start


def _unanswered(exc: BaseException) -> str | None:
    """How an exchange broke before any response came, or None: ``"reset"`` (the server's
    side dropped the request unread: a close with it still buffered, or a write to a socket
    already gone) or ``"closed"`` (an orderly close where the response should start: the
    server may have read the request). On a kept-alive connection either is a stale
    connection, not an answer: no status was received, so sending again repeats none."""
    if isinstance(exc, (httpcore.ReadError, httpcore.WriteError)):
        return "reset"
    if isinstance(exc, httpcore.RemoteProtocolError) and _NO_RESPONSE in str(exc):
        return "closed"
    return None


class OriginTransport(httpx.AsyncBaseTransport):
    """Direct HTTP/1.1 connections, kept alive per origin (scheme, host, port)."""

    def __init__(self, network_backend: Any, ssl_context: Callable[[], ssl.SSLContext],
                 keep_alive: int, keepalive_expiry: float = 5.0) -> None:
        self._backend = network_backend
        self._ssl_context = ssl_context
        self._keep_alive = keep_alive
        self._expiry = keepalive_expiry
        self._idle: dict[_Key, list[httpcore.AsyncHTTP11Connection]] = {}
        self._busy: dict[httpcore.AsyncHTTP11Connection, _Key] = {}
        self._closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme not in ("http", "https"):  # e.g. robots.txt redirected to ftp://
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {url.scheme!r}")
        if self._closed:
            raise RuntimeError("the transport was closed")
        req = _core_request(request)
        with _httpx_errors():
            conn, reused = await self._checkout(req)
            try:
                resp = await conn.handle_async_request(req)
            except BaseException as exc:
                await self._checkin(conn)  # an exchange that failed has closed the connection
                end = _unanswered(exc) if reused else None
                if end is None:
                    raise
                # the server closed the kept-alive connection as the request went out: sent
                # again at once on a new one (as browsers do); the caller is told when the
                # server may have read the first one (closed after reading, not reset)
                resent = request.extensions.get(RESENT)
                if resent is not None and end == "closed":
                    resent()
                conn = await self._open(req)
                try:
                    resp = await conn.handle_async_request(req)
                except BaseException:
                    await self._checkin(conn)
                    raise
        return httpx.Response(status_code=resp.status, headers=resp.headers,
                              stream=_ResponseStream(self, conn, resp.stream),
                              extensions=resp.extensions)

    async def _checkout(self, req: httpcore.Request
                        ) -> tuple[httpcore.AsyncHTTP11Connection, bool]:
        """A connection for ``req`` and whether it was kept alive from an earlier request."""
        origin = req.url.origin  # the port filled in when the URL leaves it to the scheme
        idle = self._idle.get((origin.scheme, origin.host, origin.port))
        while idle:
            conn = idle.pop()  # the most recently used: the least likely to have expired
            if conn.has_expired():  # keep-alive ran out, or the server closed it meanwhile
                await conn.aclose()
                continue
            self._busy[conn] = (origin.scheme, origin.host, origin.port)
            return conn, True
        return await self._open(req), False

    async def _open(self, req: httpcore.Request) -> httpcore.AsyncHTTP11Connection:
        origin = req.url.origin
        # with a plain asyncio lock: this connection serves one request at a time (see the
        # adapter for why httpcore's own lock is replaced)
        conn = http11_connection(origin, await self._connect(origin, req), self._expiry)
        self._busy[conn] = (origin.scheme, origin.host, origin.port)
        return conn

    async def _connect(self, origin: httpcore.Origin, req: httpcore.Request) -> Any:
        timeout = req.extensions.get("timeout", {}).get("connect")
        host = origin.host.decode("ascii")
        stream = await self._backend.connect_tcp(host=host, port=origin.port, timeout=timeout)
        if origin.scheme == b"https":
            context = self._ssl_context()
            context.set_alpn_protocols(["http/1.1"])
            try:
                stream = await stream.start_tls(
                    ssl_context=context, timeout=timeout,
                    server_hostname=req.extensions.get("sni_hostname") or host)
            except BaseException:
                await stream.aclose()
                raise
        return stream

    async def _checkin(self, conn: httpcore.AsyncHTTP11Connection) -> None:
        key = self._busy.pop(conn, None)
        # Bytes past the end of the response (a Content-Length shorter than the body) would be
        # read as the next response on this connection: such a connection is closed instead.
        if (key is not None and conn.is_idle() and not self._closed
                and not unread_bytes(conn) and not conn.has_expired()):
            idle = self._idle.setdefault(key, [])
            if len(idle) < self._keep_alive:
                idle.append(conn)
                return
        if not conn.is_closed():
            await conn.aclose()

    async def aclose(self) -> None:
        self._closed = True
        conns = [*self._busy, *(c for idle in self._idle.values() for c in idle)]
        self._idle.clear()
        self._busy.clear()
        for conn in conns:
            await conn.aclose()


class _ResponseStream(httpx.AsyncByteStream):
    """The body; closing it (read to the end or not) hands the connection back."""

    def __init__(self, transport: OriginTransport, conn: httpcore.AsyncHTTP11Connection,
                 stream: Any) -> None:
        self._transport = transport
        self._conn = conn
        self._stream = stream
        self._closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _httpx_errors():
            async for part in self._stream:
                yield part

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            with _httpx_errors():
                await self._stream.aclose()  # idle again only if the exchange completed
        finally:
            await self._transport._checkin(self._conn)
