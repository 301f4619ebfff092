"""Shared fixtures: a real HTTP server on 127.0.0.1 that can also misbehave, and fixture pages.

No test touches the internet: every URL fetched in the suite points at this server.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEED_PAGE = Path(__file__).parent.parent / "examples" / "moscowtimes-bakhmut.html"
"""The seed article (also the README's example page)."""
SEED_URL = ("https://www.themoscowtimes.com/2023/03/07/"
            "bakhmuts-capture-key-to-further-offensive-in-ukraine-russia-a80414")
SEED_HTML = SEED_PAGE.read_bytes()

LATIN1_PAGE = ("<html><head><title>Caf\u00e9 cr\u00e8me</title></head><body><article><h1>Caf\u00e9 "
               "cr\u00e8me \u00e0 Paris</h1><p>" + "Le caf\u00e9 cr\u00e8me co\u00fbte deux euros \u00e0 "
               "Paris, dit le gar\u00e7on. " * 12 + "</p></article></body></html>")
CP1251_PAGE = ("<html><head><meta charset=\"windows-1251\"><title>\u041d\u043e\u0432\u043e\u0441\u0442\u0438"
               "</title></head><body><article><h1>\u041c\u043e\u0441\u043a\u0432\u0430 \u0441\u0435\u0433"
               "\u043e\u0434\u043d\u044f</h1><p>" + "\u0412 \u041c\u043e\u0441\u043a\u0432\u0435 "
               "\u0441\u0435\u0433\u043e\u0434\u043d\u044f \u0442\u0435\u043f\u043b\u043e \u0438 "
               "\u0441\u043e\u043b\u043d\u0435\u0447\u043d\u043e, \u0441\u043e\u043e\u0431\u0449\u0430"
               "\u0435\u0442 \u0441\u043b\u0443\u0436\u0431\u0430 \u043f\u043e\u0433\u043e\u0434\u044b. "
               * 12 + "</p></article></body></html>")
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "TestServer"

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: C901 - a route table in one place
        path = self.path
        hits = self.server.hit(path)
        parts = path.strip("/").split("/")
        head = parts[0]
        if path == "/robots.txt":
            return self._send(200, ROBOTS, "text/plain")
        if head in ("article", "private"):
            return self._send(200, SEED_HTML)
        if head == "redirect":
            n = int(parts[1])
            target = f"/redirect/{n - 1}" if n > 0 else "/article/seed"
            return self._send(302, b"", headers={"Location": target})
        if head == "loop":
            target = "/loop/b" if parts[1] == "a" else "/loop/a"
            return self._send(301, b"", headers={"Location": target})
        if head == "status":
            return self._send(int(parts[1]), b"<html><body>error page</body></html>")
        if head == "flaky":  # 500 once per token, then the page
            if hits == 1:
                return self._send(500, b"<html>oops</html>")
            return self._send(200, SEED_HTML)
        if head == "ratelimit":  # 429 with Retry-After: 1 once per token, then the page
            if hits == 1:
                return self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
            return self._send(200, SEED_HTML)
        if head == "always503":
            return self._send(503, b"down", "text/plain")
        if head == "slow":
            time.sleep(float(parts[1]) if len(parts) > 1 else 3.0)
            return self._send(200, SEED_HTML)
        if head == "drip":  # headers at once, then a byte every 0.2 s
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "200")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            return None
        if head == "pdf":
            return self._send(200, b"%PDF-1.4 binary", "application/pdf")
        if head == "gzip-no-header":  # a pre-gzipped page served without Content-Encoding
            return self._send(200, gzip.compress(SEED_HTML))
        if head == "gzip-twice":  # gzipped again by a proxy that said so only once
            return self._send(200, gzip.compress(gzip.compress(SEED_HTML)),
                              headers={"Content-Encoding": "gzip"})
        if head == "gzip-pdf":  # a gzipped PDF labelled text/html: still not a page
            return self._send(200, gzip.compress(b"%PDF-1.4\n" + b"1 0 obj << >> endobj\n" * 200))
        if head == "gzip-cut":  # the stored gzip file is cut short
            return self._send(200, gzip.compress(SEED_HTML * 3)[:2000])
        if head == "pdf-as-html":  # a download link whose server says text/html
            return self._send(200, b"%PDF-1.4\n" + b"1 0 obj << >> endobj\n" * 200, "text/html")
        if head == "huge":  # 3 MB, no Content-Length, chunked
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                chunk = b"<p>" + b"a" * 65536 + b"</p>"
                for _ in range(48):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
            return None
        if head == "biglength":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            return None
        if head == "latin1":
            return self._send(200, LATIN1_PAGE.encode("latin-1"), "text/html; charset=iso-8859-1")
        if head == "cp1251":
            return self._send(200, CP1251_PAGE.encode("cp1251"), "text/html")
        if head == "plainhtml":
            return self._send(200, SEED_HTML, "text/plain")
        if head == "plaintext":
            return self._send(200, b"just some words, not a web page at all", "text/plain")
        if head == "binary":
            return self._send(200, bytes(range(256)) * 40, "text/html")
        if head == "empty":
            return self._send(200, b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
        return self._send(404, b"<html><body>not found</body></html>")


class TestServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up mid-response (timeouts, size caps) are expected here

    def hit(self, path: str) -> int:
        with self.lock:
            self.hits[path] += 1
            return self.hits[path]

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


@pytest.fixture(scope="session")
def server() -> TestServer:
    srv = TestServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def token(request: pytest.FixtureRequest) -> str:
    """A path segment unique to the test, so per-path hit counters start at zero."""
    return request.node.name.replace("[", "-").replace("]", "")


# -- the fault-injecting server on several loopback hosts (tests/faultserver.py) -------------
from faultserver import FaultServer, HostConfig  # noqa: E402


@pytest.fixture(scope="session")
def faults() -> FaultServer:
    """127.0.0.2-4, default robots.txt (Disallow: /private/), shared by the session."""
    srv = FaultServer(["127.0.0.2", "127.0.0.3", "127.0.0.4"], bomb_size=16 << 20)
    srv.prebuild().start()
    yield srv
    srv.stop()


@pytest.fixture
def fault_server():
    """A factory for a private FaultServer (fresh counters and robots.txt behaviour):
    ``fault_server(["127.0.0.5"], {"127.0.0.5": HostConfig(robots="503-once")})``."""
    started: list[FaultServer] = []

    def make(hosts: list[str], configs: dict[str, HostConfig] | None = None) -> FaultServer:
        srv = FaultServer(hosts, configs).start()
        started.append(srv)
        return srv
    yield make
    for srv in started:
        srv.stop()


# -- a server answering byte for byte what a test programs (tests/rawserver.py) -------------
from rawserver import RawServer  # noqa: E402


@pytest.fixture
def raw_server():
    """A factory for a RawServer on the given loopback hosts, stopped after the test."""
    started: list[RawServer] = []

    def make(hosts: list[str] | None = None) -> RawServer:
        srv = RawServer(hosts).start()
        started.append(srv)
        return srv
    yield make
    for srv in started:
        srv.stop()
