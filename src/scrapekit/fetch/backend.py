"""An httpcore network backend on plain asyncio protocols: the same job as httpcore's anyio
backend at about half the CPU per request.

Why: fetching many pages at once is CPU-bound in the HTTP stack, and with the anyio backend a
third of that CPU is anyio bookkeeping: every read and write opens a cancel scope
(``fail_after``), and every request makes the pool ask each idle connection whether its socket
became readable (``has_expired``), which anyio answers by building a dict of attribute getters
and polling the socket with ``select``. Here the event loop already reads every socket into
the protocol's buffer, so "readable" is a field lookup, and timeouts are one timer handle.

Used for direct connections. Through a proxy, httpx keeps its own backend: TLS to the target
inside TLS to the proxy is something anyio supports everywhere and asyncio's ``start_tls``
does not.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections import deque
from collections.abc import Iterable
from typing import Any

import httpcore

from ..errors import ConnectError

READ_BUFFER_HIGH = 256 * 1024  # bytes buffered unread before the socket stops being read
_TIMEOUTS = (TimeoutError, asyncio.TimeoutError)
# Timeouts are ``asyncio.timeout`` blocks, never ``asyncio.wait_for``: on Python 3.11 a
# cancellation that meets wait_for's inner call finishing is lost (CPython gh-86296), and a
# cancelled fetch then ran on to its read timeout (a stopped run waited for it).


# getaddrinfo answers that mean "this name does not exist" (not "the resolver did not answer")
_NAME_NOT_FOUND = frozenset(getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA")
                            if hasattr(socket, name))


class NameNotFound(httpcore.ConnectError):
    """DNS says the host does not exist (a permanent failure, unlike a resolver timeout)."""


class HostNotFound(ConnectError):
    """The record's error for a host that does not exist: kind ``connect``, never retried."""


def dns_failure(host: str, exc: BaseException) -> httpcore.ConnectError:
    """The httpcore error for a failed name lookup: NameNotFound when the name does not exist."""
    if isinstance(exc, socket.gaierror) and exc.errno in _NAME_NOT_FOUND:
        return NameNotFound(f"host not found: {host}")
    return httpcore.ConnectError(f"cannot resolve {host}: {exc}")


def name_not_found(exc: BaseException) -> str | None:
    """The message of a NameNotFound in ``exc``'s chain of causes, if there is one."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, NameNotFound):
            return str(cur)
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return None


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


class _Connection(asyncio.Protocol):
    """The socket's side: buffers what arrives, remembers EOF and errors, wakes one waiter."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.transport: asyncio.Transport | None = None
        self.chunks: deque[bytes] = deque()
        self.buffered = 0
        self.eof = False
        self.error: BaseException | None = None
        self.reading_paused = False
        self.writing_paused = False
        self.read_waiter: asyncio.Future[None] | None = None
        self.drain_waiter: asyncio.Future[None] | None = None

    # -- asyncio.Protocol -------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)
        self.buffered += len(data)
        if self.buffered > READ_BUFFER_HIGH and not self.reading_paused and self.transport:
            self.reading_paused = True
            self.transport.pause_reading()
        self._wake(self.read_waiter)

    def eof_received(self) -> bool:
        self.eof = True
        self._wake(self.read_waiter)
        return False  # close our side too: HTTP/1.1 has no use for a half-open socket

    def connection_lost(self, exc: BaseException | None) -> None:
        self.eof = True
        self.error = exc
        self._wake(self.read_waiter)
        self._wake(self.drain_waiter)

    def pause_writing(self) -> None:
        self.writing_paused = True

    def resume_writing(self) -> None:
        self.writing_paused = False
        self._wake(self.drain_waiter)

    # -- helpers ----------------------------------------------------------------------------
    @staticmethod
    def _wake(waiter: asyncio.Future[None] | None) -> None:
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def wait(self, attr: str, timeout: float | None) -> None:
        """Until the protocol wakes us (``attr`` names the waiter slot); TimeoutError after
        ``timeout`` seconds."""
        waiter: asyncio.Future[None] = self.loop.create_future()
        setattr(self, attr, waiter)
        timer = self.loop.call_later(timeout, _expire, waiter) if timeout is not None else None
        try:
            await waiter
        finally:
            setattr(self, attr, None)
            if timer is not None:
                timer.cancel()

    def take(self, max_bytes: int) -> bytes:
        data = self.chunks.popleft()
        if len(data) > max_bytes:
            self.chunks.appendleft(data[max_bytes:])
            data = data[:max_bytes]
        self.buffered -= len(data)
        if self.reading_paused and self.buffered <= READ_BUFFER_HIGH // 2 and self.transport:
            self.reading_paused = False
            self.transport.resume_reading()
        return data


class AsyncioStream(httpcore.AsyncNetworkStream):
    """One connection as httpcore sees it."""

    def __init__(self, connection: _Connection) -> None:
        self._conn = connection

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        conn = self._conn
        while not conn.chunks:
            if conn.eof:
                if conn.error is not None:
                    raise httpcore.ReadError(_describe(conn.error))
                return b""
            try:
                await conn.wait("read_waiter", timeout)
            except _TIMEOUTS:
                raise httpcore.ReadTimeout(f"no data for {timeout:g}s") from None
        return conn.take(max_bytes)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        conn = self._conn
        if not buffer:
            return
        transport = conn.transport
        if conn.eof or transport is None or transport.is_closing():
            raise httpcore.WriteError(_describe(conn.error) if conn.error
                                      else "connection closed by the peer")
        transport.write(buffer)
        while conn.writing_paused and not conn.eof:
            try:
                await conn.wait("drain_waiter", timeout)
            except _TIMEOUTS:
                raise httpcore.WriteTimeout(f"could not send for {timeout:g}s") from None
        if conn.error is not None:
            raise httpcore.WriteError(_describe(conn.error))

    async def aclose(self) -> None:
        transport = self._conn.transport
        if transport is not None and not transport.is_closing():
            transport.close()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        conn = self._conn
        if conn.transport is None or conn.eof:
            raise httpcore.ConnectError("connection closed before the TLS handshake")
        try:
            async with asyncio.timeout(timeout):
                transport = await conn.loop.start_tls(conn.transport, conn, ssl_context,
                                                      server_hostname=server_hostname)
        except _TIMEOUTS:
            await self.aclose()
            raise httpcore.ConnectTimeout(f"TLS handshake took over {timeout:g}s") from None
        except (OSError, ssl.SSLError) as exc:
            await self.aclose()
            raise httpcore.ConnectError(_describe(exc)) from None
        if transport is None:
            raise httpcore.ConnectError("connection closed during the TLS handshake")
        conn.transport = transport  # type: ignore[assignment]
        return AsyncioStream(conn)

    def get_extra_info(self, info: str) -> Any:
        conn = self._conn
        if info == "is_readable":  # asked per idle connection per request: keep it a lookup
            return conn.eof or bool(conn.chunks)
        transport = conn.transport
        if transport is None:
            return None
        key = {"ssl_object": "ssl_object", "client_addr": "sockname",
               "server_addr": "peername", "socket": "socket"}.get(info)
        return transport.get_extra_info(key) if key else None


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Opens :class:`AsyncioStream` connections with ``loop.create_connection``."""

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None
                          ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        local = (local_address, 0) if local_address else None
        try:
            async with asyncio.timeout(timeout):  # not wait_for: see _TIMEOUTS
                transport, conn = await loop.create_connection(_Connection, host, port,
                                                               local_addr=local)
        except _TIMEOUTS:
            raise httpcore.ConnectTimeout(f"connecting to {host}:{port} took over "
                                          f"{timeout:g}s") from None
        except socket.gaierror as exc:
            raise dns_failure(host, exc) from None
        except OSError as exc:
            raise httpcore.ConnectError(_describe(exc)) from None
        sock = transport.get_extra_info("socket")
        for option in socket_options or ():
            sock.setsockopt(*option)
        return AsyncioStream(conn)

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None
                                  ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                _transport, conn = await loop.create_unix_connection(_Connection, path)
        except _TIMEOUTS:
            raise httpcore.ConnectTimeout(f"connecting to {path} took over {timeout:g}s") from None
        except OSError as exc:
            raise httpcore.ConnectError(_describe(exc)) from None
        return AsyncioStream(conn)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _describe(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__


__all__ = ["AsyncioBackend", "AsyncioStream", "HostNotFound", "NameNotFound", "dns_failure",
           "name_not_found"]
