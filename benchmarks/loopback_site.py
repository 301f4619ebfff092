"""A loopback "web" for the throughput benchmark: the shared bench pages over many 127.0.0.x hosts.

    python -m benchmarks.loopback_site --hosts 16 --latency 200 [--port 0] [--ready-file F]

Serves every page of ../shared/bench/data (scrapinghub/html/*.html.gz, utf-8, as
``text/html; charset=utf-8``; meta-fundus/pages/*.html.gz, raw bytes in various encodings, as
``text/html`` without a charset), decompressed and held in memory, on 127.0.0.1 .. 127.0.0.N
(every 127.x address is loopback on Linux), all on the same port.

URL scheme: ``/p/<index>/<anything>`` serves page ``index`` (modulo the page count); whatever
follows the index, and any query string, is ignored, so a benchmark can make thousands of
unique URLs out of a few hundred pages. ``/robots.txt`` and everything else answer 404.

Every response waits ``--latency`` ms before it is sent (a non-blocking asyncio sleep, so
hundreds of requests wait at once). HTTP/1.1 with keep-alive, stdlib asyncio only. The server
is meant to run in its own process; it prints ``READY <port>`` (and writes the port to
``--ready-file``) once listening, and counts requests and bytes, printed on SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import signal
import sys
from pathlib import Path

from . import SHARED_BENCH

DATA = SHARED_BENCH / "data"
SETS = (("scrapinghub/html", "text/html; charset=utf-8"), ("meta-fundus/pages", "text/html"))
MAX_HEADER_BYTES = 64 * 1024


def load_pages(data: Path = DATA) -> list[tuple[str, str, bytes]]:
    """(name, content type, decompressed body) for every bench page, in a stable order."""
    pages: list[tuple[str, str, bytes]] = []
    for sub, ctype in SETS:
        for path in sorted((data / sub).glob("*.html.gz")):
            pages.append((f"{sub.split('/')[0]}/{path.name[:-3]}", ctype,
                          gzip.decompress(path.read_bytes())))
    if not pages:
        raise SystemExit(f"no pages under {data}")
    return pages


class Site:
    def __init__(self, pages: list[tuple[str, str, bytes]], latency: float) -> None:
        self.latency = latency
        # pre-built responses: header block (keep-alive variant) + body
        self.responses = [self._build(ctype, body) for _name, ctype, body in pages]
        self.not_found = self._build("text/plain; charset=utf-8", b"not found\n", status="404 Not Found")
        self.requests = 0
        self.bytes = 0
        self.connections = 0

    @staticmethod
    def _build(ctype: str, body: bytes, status: str = "200 OK") -> tuple[bytes, bytes]:
        head = (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
                "Server: loopback-site\r\n").encode("ascii")
        return head, body

    def route(self, target: bytes) -> tuple[bytes, bytes]:
        path = target.split(b"?", 1)[0]
        if path.startswith(b"/p/"):
            index = path[3:].split(b"/", 1)[0]
            if index.isdigit():
                return self.responses[int(index) % len(self.responses)]
        return self.not_found

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                lines = head.split(b"\r\n")
                parts = lines[0].split(b" ")
                if len(parts) != 3:
                    return
                method, target, version = parts
                close = version == b"HTTP/1.0"
                length = 0
                for line in lines[1:]:
                    name, _, value = line.partition(b":")
                    name = name.strip().lower()
                    if name == b"connection":
                        token = value.strip().lower()
                        close = token == b"close" or (close and token != b"keep-alive")
                    elif name == b"content-length" and value.strip().isdigit():
                        length = int(value.strip())
                if length:
                    await reader.readexactly(length)
                status_head, body = self.route(target)
                if self.latency:
                    await asyncio.sleep(self.latency)
                conn = b"Connection: close\r\n\r\n" if close else b"Connection: keep-alive\r\n\r\n"
                writer.write(status_head + conn)
                if method != b"HEAD":
                    writer.write(body)
                await writer.drain()
                self.requests += 1
                self.bytes += len(body)
                if close:
                    return
        except (ConnectionError, asyncio.CancelledError):
            return
        finally:
            writer.close()


async def serve(hosts: int, port: int, latency: float, ready_file: str | None) -> None:
    site = Site(load_pages(), latency)
    servers = []
    first = await asyncio.start_server(site.handle, "127.0.0.1", port, backlog=4096,
                                       limit=MAX_HEADER_BYTES, reuse_address=True)
    servers.append(first)
    port = first.sockets[0].getsockname()[1]
    for k in range(2, hosts + 1):
        servers.append(await asyncio.start_server(site.handle, f"127.0.0.{k}", port, backlog=4096,
                                                  limit=MAX_HEADER_BYTES, reuse_address=True))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if ready_file:
        tmp = ready_file + ".tmp"
        Path(tmp).write_text(f"{port}\n")
        os.replace(tmp, ready_file)
    print(f"READY {port} pages={len(site.responses)} hosts={hosts}", flush=True)
    await stop.wait()
    for server in servers:
        server.close()
    print(f"served requests={site.requests} bytes={site.bytes} connections={site.connections}",
          file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--hosts", type=int, default=16)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--latency", type=float, default=200.0, help="milliseconds per response")
    p.add_argument("--ready-file")
    a = p.parse_args(argv)
    asyncio.run(serve(a.hosts, a.port, a.latency / 1000.0, a.ready_file))


if __name__ == "__main__":
    main()
