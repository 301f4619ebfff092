"""A loopback HTTP/1.1 server whose answers are programmed byte for byte: the attacker's side of
tests/test_attack_*.py and benchmarks/attack.py.

``RawServer(["127.0.0.2", "127.0.0.3"])`` listens on each host (ephemeral ports, a thread per
connection, keep-alive). ``srv.route(path, handler)`` maps a path (any host, or
``host + path``) to ``handler(conn, request) -> bool`` (True: keep the connection for the next
request) or to raw bytes sent as they are. ``/robots.txt`` answers 404 unless ``srv.robots[host]``
holds a body. Every request is logged with its arrival time and connection number.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from listeners import Listeners

REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found",
           429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}


@dataclass
class Request:
    host: str
    path: str
    at: float
    conn_id: int
    headers: list[tuple[str, str]] = field(default_factory=list)

    def header_values(self, name: str) -> list[str]:
        return [v for k, v in self.headers if k.lower() == name.lower()]


Handler = Callable[[socket.socket, Request], bool]


def response(status: int = 200, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
             headers: Iterable[tuple[str, str]] = (), length: int | None = None) -> bytes:
    """The bytes of a whole response (Content-Length is the body's unless ``length`` says)."""
    lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'X')}", f"Content-Type: {ctype}",
             f"Content-Length: {len(body) if length is None else length}"]
    lines += [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def page(title: str, words: int = 120) -> bytes:
    text = " ".join(f"{title.lower()}word{i % 17}" for i in range(words))
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{text}.</p></article></body></html>").encode()


def send(data: bytes) -> Handler:
    def handler(conn: socket.socket, req: Request) -> bool:
        conn.sendall(data)
        return True
    return handler


def drip(head: bytes, body: bytes, every: float, seconds: float) -> Handler:
    """The head at once, then the body a byte every ``every`` seconds, for at most ``seconds``."""
    def handler(conn: socket.socket, req: Request) -> bool:
        conn.sendall(head)
        deadline = time.monotonic() + seconds
        for i in range(len(body)):
            if time.monotonic() > deadline:
                break
            conn.sendall(body[i:i + 1])
            time.sleep(every)
        return False
    return handler


class RawServer(Listeners):
    def __init__(self, hosts: list[str] | None = None) -> None:
        super().__init__(hosts or ["127.0.0.2"])
        self.routes: dict[str, Handler] = {}
        self.robots: dict[str, bytes] = {}
        self.log: list[Request] = []
        self.hits: Counter[tuple[str, str]] = Counter()
        self._next_conn = 0

    def route(self, path: str, handler: Handler | bytes) -> RawServer:
        self.routes[path] = send(handler) if isinstance(handler, bytes) else handler
        return self

    def start(self) -> RawServer:
        for host in self.hosts:
            lsock = socket.create_server((host, 0), backlog=256)
            self._listeners.append(lsock)
            self.ports[host] = lsock.getsockname()[1]
            threading.Thread(target=self._accept, args=(lsock, host), daemon=True).start()
        return self

    def __enter__(self) -> RawServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


    def hit_count(self, host: str | int, path: str) -> int:
        if isinstance(host, int):
            host = self.hosts[host]
        with self._lock:
            return self.hits[(host, path)]

    def requests(self, path: str | None = None) -> list[Request]:
        with self._lock:
            return [r for r in self.log if path is None or r.path == path]

    # -- plumbing ---------------------------------------------------------------------------
    def _accept(self, lsock: socket.socket, host: str) -> None:
        while not self._stopped.is_set():
            try:
                conn, _addr = lsock.accept()
            except OSError:
                return
            with self._lock:
                self._next_conn += 1
                conn_id = self._next_conn
            threading.Thread(target=self._connection, args=(conn, host, conn_id),
                             daemon=True).start()

    def _connection(self, conn: socket.socket, host: str, conn_id: int) -> None:
        with self._lock:
            self._conns.add(conn)
        buf = b""
        try:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            while not self._stopped.is_set():
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data or len(buf) > 65536:
                        return
                    buf += data
                head, buf = buf.split(b"\r\n\r\n", 1)
                lines = head.decode("latin-1").split("\r\n")
                try:
                    _method, target, _version = lines[0].split(" ", 2)
                except ValueError:
                    return
                headers = [(k.strip(), v.strip()) for k, v in
                           (line.split(":", 1) for line in lines[1:] if ":" in line)]
                req = Request(host, target, time.monotonic(), conn_id, headers)
                with self._lock:
                    self.log.append(req)
                    self.hits[(host, target)] += 1
                bare = target.split("?", 1)[0]  # a route matches whatever the query string
                handler = (self.routes.get(host + target) or self.routes.get(target)
                           or self.routes.get(host + bare) or self.routes.get(bare))
                if handler is None:
                    if target == "/robots.txt" and host in self.robots:
                        keep = send(response(200, self.robots[host], "text/plain"))(conn, req)
                    else:
                        keep = send(response(404, b"not found", "text/plain"))(conn, req)
                else:
                    keep = handler(conn, req)
                if not keep:
                    return
        except OSError:
            return
        finally:
            self._forget(conn)


__all__ = ["RawServer", "Request", "drip", "page", "response", "send"]
