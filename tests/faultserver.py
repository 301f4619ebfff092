"""A fault-injecting HTTP/1.1 server on several loopback hosts (127.0.0.2, 127.0.0.3, ...).

Used by the fetcher tests (threads in the test process) and by ``python -m benchmarks.reliability`` (in its own
process). Every request's arrival time is logged per host, with the status and any Retry-After
sent, so callers can check that per-host delays and Retry-After were respected.

Routes (``<id>`` is any token making the path unique; hit counters are per host and path):

    /robots.txt                 per host: HostConfig.robots ("ok", "404", "503", "503-once",
                                "close-once", "slow-once") with Disallow: /private/ and
                                HostConfig.crawl_delay
    /ok/<id>                    a small article page (UTF-8)
    /private/<id>               the same page (robots.txt disallows it)
    /t/<fault>/<n>/<id>         transient: the fault for the first n hits, then the page.
                                faults: 500 502 503 504 429 (Retry-After: 1) 429d (Retry-After
                                as an HTTP date) reset (RST mid-body) truncgz (gzip cut short)
                                drip (slow body) close (no response) slowhead (late headers)
    /p/<fault>/<id>             permanent: 404 410 503 loop huge gzbomb brbomb pdf reset
    /charset/<kind>/<id>        header/meta/BOM variants, see CHARSET_PAGES
    /gzip/<id>, /br/<id>        the page, compressed
    /echo/<id>                  a page listing the request's headers and cookies
    /setcookie/<id>             a page that sets the cookie visited=<id>
    /to/<host:port>/<id>        302 to http://<host:port>/ok/<id>
Requests in absolute form (through a proxy) are served too and counted in ``proxied``.
"""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import html
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass

from listeners import Listeners

try:
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # Linux
DRIP_SECONDS = 3.0
SLOW_HEAD_SECONDS = 3.0


def article(ident: str, title: str = "Reliable fetching", extra: str = "") -> str:
    para = ("The fetcher retried the request after the server failed, waited as it was told, "
            "and brought the page home in one piece. ")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)} {html.escape(ident)}</title></head><body><article>"
            f"<h1>{html.escape(title)} {html.escape(ident)}</h1>"
            f"<p class=\"byline\">By Test Desk</p>{extra}"
            + "".join(f"<p>{para * 3}</p>" for _ in range(4)) + "</article></body></html>")


CAFE = "Le caf\u00e9 cr\u00e8me co\u00fbte deux euros \u00e0 Paris, dit le gar\u00e7on. " * 10
MOSCOW = ("\u0412 \u041c\u043e\u0441\u043a\u0432\u0435 \u0441\u0435\u0433\u043e\u0434\u043d\u044f "
          "\u0442\u0435\u043f\u043b\u043e \u0438 \u0441\u043e\u043b\u043d\u0435\u0447\u043d\u043e. ") * 15


def _page(text: str, meta: str = "") -> str:
    return (f"<!DOCTYPE html><html><head>{meta}<title>t</title></head><body><article><h1>"
            f"{text[:20]}</h1><p>{text}</p></article></body></html>")


# kind -> (body bytes, content-type, the text that must come out of decoding, encoding expected)
CHARSET_PAGES: dict[str, tuple[bytes, str, str, str]] = {
    # header says latin-1: WHATWG decodes it as windows-1252
    "header-latin1": (_page(CAFE).encode("latin-1"), "text/html; charset=ISO-8859-1", "caf\u00e9",
                      "cp1252"),
    # no header charset, <meta charset>
    "meta-cp1251": (_page(MOSCOW, '<meta charset="windows-1251">').encode("cp1251"), "text/html",
                    "\u041c\u043e\u0441\u043a\u0432\u0435", "cp1251"),
    # http-equiv form
    "httpequiv-koi8r": (_page(MOSCOW, '<meta http-equiv="Content-Type" content="text/html; '
                                      'charset=koi8-r">').encode("koi8-r"), "text/html",
                        "\u041c\u043e\u0441\u043a\u0432\u0435", "koi8-r"),
    # header lies (utf-8) about a cp1252 page: cannot be UTF-8, falls to meta
    "lying-header": (_page(CAFE, '<meta charset="windows-1252">').encode("cp1252"),
                     "text/html; charset=utf-8", "caf\u00e9", "cp1252"),
    # BOM beats a lying header
    "bom-utf8": (b"\xef\xbb\xbf" + _page(CAFE).encode("utf-8"), "text/html; charset=cp1251",
                 "caf\u00e9", "utf-8"),
    "bom-utf16": (_page(CAFE).encode("utf-16"), "text/html", "caf\u00e9", "utf-16-le"),
    # nothing declared at all: detection
    "undeclared-cp1251": (_page(MOSCOW).encode("cp1251"), "text/html",
                          "\u041c\u043e\u0441\u043a\u0432\u0435", "cp1251"),
    # unknown label in the header, undeclared UTF-8 body
    "unknown-label": (_page(CAFE).encode("utf-8"), "text/html; charset=x-no-such-thing",
                      "caf\u00e9", "utf-8"),
}


@dataclass
class HostConfig:
    robots: str = "ok"
    crawl_delay: float | None = None
    disallow: str = "/private/"
    robots_to: str | None = None  # another host served here: robots.txt is a 301 to its own


@dataclass
class Arrival:
    host: str
    at: float            # time.monotonic() when the request head was read
    path: str
    status: int = 0      # what was sent (0: nothing, connection dropped)
    retry_after: float | None = None
    answered_at: float = 0.0
    fault: bool = False  # the answer was an injected fault (whatever its status)


def _gzip_bomb(size: int) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9)


class FaultServer(Listeners):
    """Serve on ``hosts`` (one listening socket each, ephemeral ports), a thread per connection.

    Arrival times come from the kernel (SO_TIMESTAMPNS: when the request's bytes reached the
    socket), converted to ``time.monotonic()``'s clock, so a busy machine delaying this
    process does not squeeze the gaps between logged arrivals. ``answered_at`` is stamped
    just before the answer is written: a lower bound of when the client could have read it.
    """

    def __init__(self, hosts: list[str] | None = None,
                 configs: dict[str, HostConfig] | None = None, bomb_size: int = 64 << 20) -> None:
        super().__init__(hosts or ["127.0.0.2", "127.0.0.3", "127.0.0.4"])
        self.configs = configs or {}
        self.log: list[Arrival] = []
        self.hits: Counter[tuple[str, str]] = Counter()
        self.proxied: Counter[str] = Counter()
        self._bomb_size = bomb_size
        self._gzbomb: bytes | None = None
        self._brbomb: bytes | None = None
        self._offset = time.time() - time.monotonic()

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> FaultServer:
        for host in self.hosts:
            lsock = socket.create_server((host, 0), backlog=512)
            # inherited by accepted sockets: bytes that land before accept() get stamped too
            lsock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            self._listeners.append(lsock)
            self.ports[host] = lsock.getsockname()[1]
            threading.Thread(target=self._accept, args=(lsock, host), daemon=True,
                             name=f"faultserver-{host}").start()
        return self

    def prebuild(self) -> FaultServer:
        """Build the bombs now, so serving one never holds up a request (and its stamp)."""
        self._gzbomb = _gzip_bomb(self._bomb_size)
        if brotli is not None:
            self._brbomb = brotli.compress(b"\0" * self._bomb_size, quality=5)
        return self


    def arrivals(self, host: str | int = 0) -> list[Arrival]:
        if isinstance(host, int):
            host = self.hosts[host]
        with self._lock:
            return [a for a in self.log if a.host == host]

    def hit_count(self, host: str | int, path: str) -> int:
        if isinstance(host, int):
            host = self.hosts[host]
        with self._lock:
            return self.hits[(host, path)]

    # -- plumbing ---------------------------------------------------------------------------
    def _accept(self, lsock: socket.socket, host: str) -> None:
        while not self._stopped.is_set():
            try:
                conn, _addr = lsock.accept()
            except OSError:
                return
            threading.Thread(target=self._connection, args=(conn, host), daemon=True).start()

    def _read_head(self, conn: socket.socket, buf: bytes) -> tuple[bytes, bytes, float] | None:
        stamp = None
        while b"\r\n\r\n" not in buf:
            data, ancillary, _flags, _addr = conn.recvmsg(65536, 256)
            if not data:
                return None
            buf += data
            stamp = None
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(payload) >= 16:
                    sec, nsec = struct.unpack("qq", payload[:16])
                    stamp = sec + nsec / 1e9 - self._offset
            if len(buf) > 65536:
                return None
        head, rest = buf.split(b"\r\n\r\n", 1)
        return head, rest, stamp if stamp is not None else time.monotonic()

    def _connection(self, conn: socket.socket, host: str) -> None:
        with self._lock:
            self._conns.add(conn)
        try:
            conn.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            buf = b""
            while not self._stopped.is_set():
                got = self._read_head(conn, buf)
                if got is None:
                    return
                head, buf, at = got
                lines = head.decode("latin-1").split("\r\n")
                try:
                    _method, target, _version = lines[0].split(" ", 2)
                except ValueError:
                    return
                headers: dict[str, str] = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                proxied = False
                if target.startswith("http://"):  # absolute form: we are the proxy
                    proxied = True
                    target = "/" + target.split("/", 3)[3] if target.count("/") >= 3 else "/"
                arrival = Arrival(host, at, target)
                with self._lock:
                    self.log.append(arrival)
                    self.hits[(host, target)] += 1
                    hits = self.hits[(host, target)]
                    if proxied:
                        self.proxied[target] += 1
                if not self._respond(host, target, headers, hits, conn, arrival):
                    return
                if headers.get("connection", "").lower() == "close":
                    return
        except OSError:
            return
        finally:
            self._forget(conn)

    def _send(self, conn: socket.socket, arrival: Arrival, status: int, body: bytes = b"",
              ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> bool:
        reason = {200: "OK", 302: "Found", 301: "Moved Permanently", 404: "Not Found",
                  410: "Gone", 429: "Too Many Requests", 500: "Internal Server Error",
                  502: "Bad Gateway", 503: "Service Unavailable",
                  504: "Gateway Timeout"}.get(status, "X")
        out = [f"HTTP/1.1 {status} {reason}", f"Content-Type: {ctype}",
               f"Content-Length: {len(body)}"]
        for k, v in (headers or {}).items():
            out.append(f"{k}: {v}")
        arrival.status = status
        arrival.answered_at = time.monotonic()
        conn.sendall(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + body)
        return True

    @staticmethod
    def _head_only(conn: socket.socket, arrival: Arrival, length: int | None) -> None:
        framing = f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
        arrival.status = 200
        arrival.answered_at = time.monotonic()
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n{framing}\r\n\r\n".encode())

    @staticmethod
    def _reset(conn: socket.socket) -> bool:
        time.sleep(0.01)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
        return False

    def _robots(self, host: str, hits: int) -> tuple[int, bytes]:
        cfg = self.configs.get(host, HostConfig())
        body = f"User-agent: *\nDisallow: {cfg.disallow}\n"
        if cfg.crawl_delay:
            body += f"Crawl-delay: {cfg.crawl_delay}\n"
        mode = cfg.robots
        if mode == "404":
            return 404, b"no robots here"
        if mode == "503" or (mode == "503-once" and hits == 1):
            return 503, b"robots down"
        return 200, body.encode()

    # -- routes ---------------------------------------------------------------------------------
    def _respond(self, host: str, path: str, headers: dict[str, str], hits: int,
                 conn: socket.socket, arrival: Arrival) -> bool:
        parts = path.strip("/").split("/")
        head = parts[0]
        if path == "/robots.txt":
            cfg = self.configs.get(host, HostConfig())
            if cfg.robots_to:
                return self._send(conn, arrival, 301, b"", "text/plain",
                                  {"Location": self.base(cfg.robots_to) + "/robots.txt"})
            if cfg.robots == "close-once" and hits == 1:
                arrival.fault = True
                return False
            if cfg.robots == "slow-once" and hits == 1:
                arrival.fault = True
                time.sleep(SLOW_HEAD_SECONDS)
            status, body = self._robots(host, hits)
            extra = {"Retry-After": "1"} if status == 503 else None
            if extra:
                arrival.retry_after = 1.0
            return self._send(conn, arrival, status, body, "text/plain", extra)
        ident = parts[-1]
        if head in ("ok", "private"):
            return self._send(conn, arrival, 200, article(ident).encode())
        if head == "t" and len(parts) >= 4:
            fault, n = parts[1], int(parts[2])
            if hits <= n:
                return self._fault(fault, ident, conn, arrival)
            return self._send(conn, arrival, 200, article(ident).encode())
        if head == "p" and len(parts) >= 3:
            return self._permanent(parts[1], ident, conn, arrival)
        if head == "charset" and len(parts) >= 2 and parts[1] in CHARSET_PAGES:
            body, ctype, _text, _enc = CHARSET_PAGES[parts[1]]
            return self._send(conn, arrival, 200, body, ctype)
        if head == "gzip":
            return self._send(conn, arrival, 200, gzip.compress(article(ident).encode()),
                              headers={"Content-Encoding": "gzip"})
        if head == "br" and brotli is not None:
            return self._send(conn, arrival, 200,
                              brotli.compress(article(ident).encode(), quality=4),
                              headers={"Content-Encoding": "br"})
        if head == "echo":
            listing = "".join(f"<li>{html.escape(k)}: {html.escape(v)}</li>"
                              for k, v in sorted(headers.items()))
            return self._send(conn, arrival, 200,
                              article(ident, extra=f"<ul>{listing}</ul>").encode())
        if head == "setcookie":
            return self._send(conn, arrival, 200, article(ident).encode(),
                              headers={"Set-Cookie": f"visited={ident}; Path=/"})
        if head == "to" and len(parts) >= 3:
            return self._send(conn, arrival, 302, b"",
                              headers={"Location": f"http://{parts[1]}/ok/{ident}"})
        return self._send(conn, arrival, 404, b"<html><body>not found</body></html>")

    def _fault(self, fault: str, ident: str, conn: socket.socket, arrival: Arrival) -> bool:
        arrival.fault = True
        page = article(ident).encode()
        if fault in ("500", "502", "503", "504"):
            return self._send(conn, arrival, int(fault), b"<html>try again</html>")
        if fault == "429":
            arrival.retry_after = 1.0
            return self._send(conn, arrival, 429, b"slow down", "text/plain",
                              {"Retry-After": "1"})
        if fault == "429d":  # HTTP-date form, 2 s ahead (so at least 1 s after rounding)
            arrival.retry_after = 1.0
            when = email.utils.formatdate(time.time() + 2, usegmt=True)
            return self._send(conn, arrival, 429, b"slow down", "text/plain",
                              {"Retry-After": when})
        if fault == "reset":  # headers, half the body, then a TCP reset
            self._head_only(conn, arrival, len(page))
            conn.sendall(page[: len(page) // 2])
            return self._reset(conn)
        if fault == "truncgz":  # a well-framed response whose gzip stream is cut short
            data = gzip.compress(page)[:-30]
            return self._send(conn, arrival, 200, data, headers={"Content-Encoding": "gzip"})
        if fault == "drip":  # headers at once, then a byte at a time, far slower than allowed
            self._head_only(conn, arrival, len(page))
            deadline = time.monotonic() + DRIP_SECONDS
            i = 0
            while time.monotonic() < deadline and i < len(page) and not self._stopped.is_set():
                conn.sendall(page[i:i + 1])
                i += 1
                time.sleep(0.05)
            return False
        if fault == "close":  # read the request, answer nothing
            return False
        if fault == "slowhead":
            time.sleep(SLOW_HEAD_SECONDS)
            return self._send(conn, arrival, 200, page)
        return self._send(conn, arrival, 400, b"unknown fault")

    def _permanent(self, fault: str, ident: str, conn: socket.socket,
                   arrival: Arrival) -> bool:
        if fault in ("404", "410", "503"):
            return self._send(conn, arrival, int(fault), b"<html>no</html>")
        if fault == "loop":
            other = "b" if ident.endswith("-a") else "a"
            return self._send(conn, arrival, 301, b"",
                              headers={"Location": f"/p/loop/{ident[:-2]}-{other}"})
        if fault == "huge":  # chunked, no length, 8 MB
            arrival.fault = True
            self._head_only(conn, arrival, None)
            chunk = b"<p>" + b"a" * 65536 + b"</p>"
            for _ in range(128):
                conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            conn.sendall(b"0\r\n\r\n")
            return True
        if fault == "gzbomb":
            arrival.fault = True
            with self._lock:
                if self._gzbomb is None:
                    self._gzbomb = _gzip_bomb(self._bomb_size)
            return self._send(conn, arrival, 200, self._gzbomb,
                              headers={"Content-Encoding": "gzip"})
        if fault == "brbomb" and brotli is not None:
            arrival.fault = True
            with self._lock:
                if self._brbomb is None:
                    self._brbomb = brotli.compress(b"\0" * self._bomb_size, quality=5)
            return self._send(conn, arrival, 200, self._brbomb,
                              headers={"Content-Encoding": "br"})
        if fault == "pdf":
            return self._send(conn, arrival, 200, b"%PDF-1.4 binary", "application/pdf")
        if fault == "reset":
            arrival.fault = True
            self._head_only(conn, arrival, 5000)
            conn.sendall(b"<html><body>")
            return self._reset(conn)
        return self._send(conn, arrival, 400, b"unknown fault")


class Socks5Server:
    """A minimal SOCKS5 proxy (no auth, CONNECT only) on 127.0.0.1, counting connections."""

    def __init__(self) -> None:
        self.connects: list[tuple[str, int]] = []
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Socks5Server:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            srv = self._loop.run_until_complete(
                asyncio.start_server(self._client, "127.0.0.1", 0))
            self.port = srv.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()
            srv.close()
            self._loop.close()

        self._thread = threading.Thread(target=run, name="socks5", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is not None and self._loop.is_running():
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(5)

    async def _shutdown(self) -> None:
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    @property
    def url(self) -> str:
        return f"socks5://127.0.0.1:{self.port}"

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            _ver, nmethods = await reader.readexactly(2)
            await reader.readexactly(nmethods)
            writer.write(b"\x05\x00")
            _ver, cmd, _rsv, atyp = await reader.readexactly(4)
            if atyp == 1:
                host = socket.inet_ntoa(await reader.readexactly(4))
            elif atyp == 3:
                host = (await reader.readexactly((await reader.readexactly(1))[0])).decode()
            else:
                host = socket.inet_ntop(socket.AF_INET6, await reader.readexactly(16))
            port = struct.unpack("!H", await reader.readexactly(2))[0]
            if cmd != 1:
                writer.write(b"\x05\x07\x00\x01" + b"\0" * 6)
                return
            self.connects.append((host, port))
            up_r, up_w = await asyncio.open_connection(host, port)
            writer.write(b"\x05\x00\x00\x01" + socket.inet_aton("127.0.0.1") + b"\0\0")

            async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
                try:
                    while data := await src.read(65536):
                        dst.write(data)
                        await dst.drain()
                finally:
                    dst.close()
            await asyncio.gather(pipe(reader, up_w), pipe(up_r, writer), return_exceptions=True)
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            writer.close()


def serve_forever_in_process(conn, hosts: list[str], configs: dict[str, HostConfig]) -> None:
    """Child process entry (benchmarks): start, send the ports, serve until told, send the log."""
    srv = FaultServer(hosts, configs).prebuild().start()
    conn.send(dict(srv.ports))
    conn.recv()  # any message: stop
    srv.stop()
    conn.send([(a.host, a.at, a.path, a.status, a.retry_after, a.answered_at, a.fault)
               for a in srv.log])
    conn.close()


__all__ = ["Arrival", "CHARSET_PAGES", "FaultServer", "HostConfig", "Socks5Server", "article",
           "serve_forever_in_process"]
