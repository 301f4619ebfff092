"""Rendering's cost per page, and what ``--render never`` costs (nothing).

    nice -n 19 python -m benchmarks.render [--static 100] [--shells 20] [--repeat 3]

A loopback server (a thread of this process) serves two kinds of page:
- static articles: the scrapinghub bench pages (../shared/bench/data, MIT), as fetched;
- application shells: an empty ``<div id="root">`` whose article a script builds from a JSON
  API call (the page of tests/test_render.py).

Each configuration runs the real command line (``python -m scrapekit scrape -i URLS``, one
extraction thread, no politeness delay) as a child process; its CPU is the child's and its
descendants' (the Playwright driver and Chromium) user + system time, from getrusage
(RUSAGE_CHILDREN), divided by the pages. The best of ``--repeat`` runs is shown. Rows:

  static/never   the peer: today's pipeline on static pages
  static/auto    auto on static pages: no page is rendered (their articles are found)
  shell/never    shells without rendering (empty records)
  shell/auto     shells rendered in Chromium: the cost of rendering a page
  shell/always   the same, the mode that renders everything

It also checks, in a fresh interpreter, that a ``render="never"`` run never imports Playwright.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import SHARED_BENCH

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_render import APP_JS, SHELL, STORY  # noqa: E402  (the pages the tests render)

STATIC_DIR = SHARED_BENCH / "data" / "scrapinghub" / "html"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "Server"

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, body: bytes, ctype: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        parts = path.strip("/").split("/")
        if parts[0] == "static" and len(parts) == 2 and parts[1].isdigit():
            pages = self.server.static
            return self._send(pages[int(parts[1]) % len(pages)], "text/html; charset=utf-8")
        if parts[0] == "shell":
            return self._send(SHELL % b"/js/app.js", "text/html; charset=utf-8")
        if path == "/js/app.js":
            return self._send(APP_JS, "application/javascript")
        if path == "/api/story.json":
            return self._send(STORY, "application/json")
        return self._send(b"not found", "text/plain", 404)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, static: list[bytes]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.static = static


def run_cli(urls: list[str], mode: str, workdir: Path) -> dict[str, float]:
    listing = workdir / "urls.txt"
    listing.write_text("\n".join(urls) + "\n")
    out = workdir / "out.jsonl"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scrapekit", "scrape", "-i", str(listing), "--render",
                    mode, "--delay", "0", "--workers", "1", "--no-robots", "-q", "-o", str(out)],
                   check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    ok = sum(r["error"] is None and len(r["articleBody"] or "") >= 200 for r in records)
    return {"pages": len(urls), "ok": ok, "cpu_ms": 1000 * cpu / len(urls),
            "wall_ms": 1000 * wall / len(urls)}


def never_imports_playwright(url: str) -> bool:
    code = ("import sys; from scrapekit import Settings, scrape_many; "
            f"list(scrape_many([{url!r}], Settings(render='never', workers=1, delay=0))); "
            "print('playwright' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip() == "False"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--static", type=int, default=100, help="static article pages per run")
    ap.add_argument("--shells", type=int, default=20, help="application shells per run")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    static = [gzip.decompress(p.read_bytes()) for p in sorted(STATIC_DIR.glob("*.html.gz"))]
    server = Server(static)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    static_urls = [f"{base}/static/{i}" for i in range(args.static)]
    shell_urls = [f"{base}/shell/{i}" for i in range(args.shells)]
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, urls, mode in (("static/never", static_urls, "never"),
                                 ("static/auto", static_urls, "auto"),
                                 ("shell/never", shell_urls, "never"),
                                 ("shell/auto", shell_urls, "auto"),
                                 ("shell/always", shell_urls, "always")):
            runs = [run_cli(urls, mode, Path(tmp)) for _ in range(args.repeat)]
            rows[name] = min(runs, key=lambda r: r["cpu_ms"])
    server.shutdown()
    print(f"{'run':14} {'pages':>5} {'articles':>8} {'CPU ms/page':>11} {'wall ms/page':>12}")
    for name, r in rows.items():
        print(f"{name:14} {r['pages']:5d} {r['ok']:8d} {r['cpu_ms']:11.1f} {r['wall_ms']:12.1f}")
    never, auto = rows["static/never"], rows["static/auto"]
    print(f"static pages, auto / never CPU: {auto['cpu_ms'] / never['cpu_ms']:.2f}x "
          "(auto renders none of them)")
    rendered, plain = rows["shell/auto"], rows["shell/never"]
    print(f"rendering a shell: {rendered['cpu_ms'] - plain['cpu_ms']:.0f} ms CPU and "
          f"{rendered['wall_ms'] - plain['wall_ms']:.0f} ms wall more per page than not "
          f"rendering it ({rendered['cpu_ms'] / never['cpu_ms']:.1f}x a static page's CPU), "
          f"browser start included")
    server2 = Server(static)
    threading.Thread(target=server2.serve_forever, daemon=True).start()
    clean = never_imports_playwright(f"http://127.0.0.1:{server2.server_address[1]}/static/0")
    server2.shutdown()
    print(f"render='never' imports playwright: {'no' if clean else 'YES'}")
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
