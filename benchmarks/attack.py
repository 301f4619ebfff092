"""Every input path attacked as in issue 17 (and issue 18 #7, #8): ``python -m benchmarks.attack``.

Each row runs in a fresh process with its own loopback server (tests/rawserver.py, 127.0.0.x,
programmed byte for byte), mostly through the real command line (``python -m scrapekit.cli``);
the row's process samples the RSS of itself and every descendant (CLI, extraction workers)
every 50 ms. A row *holds* when scrapekit did the safe thing (the check is printed) and the
summed peak RSS stayed under 300 MB. Rows marked ``(other)`` belong to work done elsewhere
(signals, WARC decoding, resume lock, timeouts of 0, output deleted): they are run all the
same, so the table shows the whole issue. ``--rows 1,4,15`` runs some of them.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from rawserver import RawServer, drip, page, response  # noqa: E402

from benchmarks.reliability import RssSampler  # noqa: E402

RSS_LIMIT_MB = 300
XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
FAST = ["--delay", "0", "--retries", "0", "--workers", "1"]
Row = Callable[[Path], tuple[bool, str]]
ROWS: dict[str, tuple[str, bool, Row]] = {}  # id -> (title, other helper's, check)


def row(ident: str, title: str, other: bool = False) -> Callable[[Row], Row]:
    def register(fn: Row) -> Row:
        ROWS[ident] = (title, other, fn)
        return fn
    return register


# -- helpers ---------------------------------------------------------------------------------
def cli(*args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapekit.cli", *args], capture_output=True,
                          text=True, timeout=timeout, **kw)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def xml(body: str) -> bytes:
    return response(200, body.encode(), "application/xml")


def urlset(urls: list[str]) -> str:
    return f"<urlset {XMLNS}>" + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>"


def index(locs: list[str]) -> str:
    return (f"<sitemapindex {XMLNS}>" + "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in locs)
            + "</sitemapindex>")


def rss(links: list[str]) -> str:
    return ("<rss version='2.0'><channel><title>t</title>"
            + "".join(f"<item><link>{u}</link></item>" for u in links) + "</channel></rss>")


def server(hosts: int = 1) -> RawServer:
    return RawServer([f"127.0.0.{i + 2}" for i in range(hosts)]).start()


# -- issue 17 -------------------------------------------------------------------------------
@row("1", "--sitemap/--feed with --block-private-addresses, direct and after a redirect")
def sitemap_guard(tmp: Path) -> tuple[bool, str]:
    srv = server(2)
    srv.route("/sitemap.xml", xml(urlset(["http://127.0.0.1/"])))
    srv.route("/feed", response(302, b"", headers=[("Location", "http://169.254.169.254/meta")]))
    out = tmp / "o.jsonl"
    proc = cli("scrape", "--block-private-addresses", *FAST, "--sitemap", srv.base() + "/sitemap.xml",
               "--feed", srv.base(1) + "/feed", "-o", str(out))
    direct = srv.hit_count(0, "/sitemap.xml") == 0 and "blocked_address" in proc.stderr
    # a redirect from a host the guard lets through (127.0.0.3 plays the public host)
    code = textwrap.dedent(f"""
        from scrapekit import Settings
        from scrapekit.fetch import guard
        from scrapekit.sources import feed_urls
        guard.is_blocked_ip = lambda ip: str(ip) != "127.0.0.3"
        errors = []
        list(feed_urls("{srv.base(1)}/feed", Settings(block_private_addresses=True, retries=0),
                       on_error=errors.append))
        print(errors)
    """)
    redirected = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    via = "blocked_address" in redirected.stdout and "169.254.169.254" in redirected.stdout
    return direct and via, f"direct refused: {direct}; redirect to 169.254.169.254 refused: {via}"


@row("2", "a remote feed listing file:///... (a local file)")
def feed_local_file(tmp: Path) -> tuple[bool, str]:
    secret = tmp / "passwd.html"
    secret.write_text("<html><body><p>" + "root:x:0:0:root:/root:/bin/bash " * 30 + "</p></body></html>")
    srv = server()
    srv.route("/feed", xml(rss([f"file://{secret}", "file:///etc/passwd"])))
    out = tmp / "o.jsonl"
    cli("scrape", *FAST, "--feed", srv.base() + "/feed", "-o", str(out))
    recs = records(out)
    kinds = [(r.get("error") or {}).get("kind") for r in recs]
    leaked = any("root:x" in (r.get("articleBody") or "") for r in recs)
    return kinds == ["invalid_url"] * 2 and not leaked, f"records: {kinds}, file text leaked: {leaked}"


@row("3", "a feed item <link>http://[oops/</link>")
def feed_bad_item(tmp: Path) -> tuple[bool, str]:
    srv = server()
    srv.route("/a", response(200, page("A")))
    srv.route("/feed", xml(rss(["http://[oops/", srv.base() + "/a"])))
    out = tmp / "o.jsonl"
    proc = cli("scrape", *FAST, "--feed", srv.base() + "/feed", "-o", str(out))
    kinds = [(r.get("error") or {}).get("kind") for r in records(out)]
    ok = proc.returncode == 0 and sorted(kinds, key=str) == sorted(["invalid_url", None], key=str)
    return ok, f"exit {proc.returncode}, records: {kinds}"


@row("4", "a 3 KB brotli sitemap (1 GB of zeros)")
def brotli_bomb(tmp: Path) -> tuple[bool, str]:
    import brotli

    comp = brotli.Compressor(quality=5)
    zeros = b"\0" * (1 << 20)
    bomb = b"".join(comp.process(zeros) for _ in range(1024)) + comp.finish()
    srv = server()
    srv.route("/sitemap.xml", response(200, bomb, "application/xml",
                                       headers=[("Content-Encoding", "br")]))
    proc = cli("scrape", *FAST, "--sitemap", srv.base() + "/sitemap.xml", "-o", str(tmp / "o.jsonl"))
    return "too_large" in proc.stderr, f"{len(bomb)} B bomb: " + _warning(proc.stderr)


@row("5", "a sitemap index of 100k children (100k URLs each); 200k duplicates")
def fan_out(tmp: Path) -> tuple[bool, str]:
    srv = server()
    base = srv.base()
    srv.route("/index.xml", xml(index([f"{base}/child-{i}.xml" for i in range(100_000)])))

    def child(conn, req) -> bool:
        n = req.path.split("-")[1].split(".")[0]
        conn.sendall(xml(urlset([f"http://n{n}.example/{i}" for i in range(100_000)])))
        return True
    for i in range(12):
        srv.route(f"/child-{i}.xml", child)
    srv.route("/dups.xml", xml(urlset(["http://d.example/a", "http://d.example/b"] * 100_000)))
    srv.route("/dup-index.xml", xml(index([f"{base}/dups.xml"] * 200_000)))
    from scrapekit import Settings
    from scrapekit.sources import sitemap_urls

    settings = Settings(retries=0, delay=0)
    notes: list[str] = []
    count = sum(1 for _ in sitemap_urls(base + "/index.xml", settings, on_error=notes.append))
    started = time.monotonic()
    dups = list(sitemap_urls(base + "/dup-index.xml", settings, on_error=notes.append))
    took = time.monotonic() - started
    capped = count == 1_000_000 and any("stopped after 1000000 URLs" in n for n in notes)
    ok = capped and dups == ["http://d.example/a", "http://d.example/b"] and took < 60
    return ok, f"{count} URLs then: {notes[0][:90]}...; 400k duplicate entries -> {len(dups)} in {took:.1f}s"


@row("6", "Content-Encoding: gzip x15,000 (and x3,000) at 64 hosts")
def encoding_layers(tmp: Path) -> tuple[bool, str]:
    srv = server(64)
    body = gzip.compress(page("x"))
    for n in (15_000, 3_000):
        srv.route(f"/ce{n}", response(200, body, headers=[("Content-Encoding", ",".join(["gzip"] * n))]))
    urls = [f"{srv.base(h)}/ce{15_000 if h % 2 else 3_000}" for h in range(64)]
    out = tmp / "o.jsonl"
    cli("scrape", *FAST, "--no-robots", "-o", str(out), *urls)
    recs = records(out)
    kinds = {(r.get("error") or {}).get("kind") for r in recs}
    sample = recs[0]["error"]["message"] if recs and recs[0].get("error") else ""
    return len(recs) == 64 and kinds == {"decode"}, f"64 records, kinds {kinds}: {sample}"


@row("7", "a slow-drip sitemap with --timeout 2 --retries 0")
def slow_sitemap(tmp: Path) -> tuple[bool, str]:
    srv = server()
    body = urlset(["http://a.example/x"] * 100).encode()
    srv.route("/sitemap.xml", drip(response(200, b"", "application/xml", length=len(body)), body,
                                   every=0.5, seconds=120))
    started = time.monotonic()
    proc = cli("scrape", *FAST, "--timeout", "2", "--sitemap", srv.base() + "/sitemap.xml",
               "-o", str(tmp / "o.jsonl"))
    took = time.monotonic() - started
    return "timeout" in proc.stderr and took < 10, f"{took:.1f}s: " + _warning(proc.stderr)


@row("8", "sitemap host with Disallow: / and Crawl-delay")
def sitemap_robots(tmp: Path) -> tuple[bool, str]:
    srv = server(2)
    srv.robots["127.0.0.2"] = b"User-agent: *\nDisallow: /\nCrawl-delay: 5\n"
    srv.robots["127.0.0.3"] = b"User-agent: *\nCrawl-delay: 1\n"
    srv.route("/sitemap.xml", xml(index([f"/s{i}.xml" for i in range(9)])))
    for i in range(3):
        srv.route(f"/s{i}.xml", xml(urlset([])))
    srv.route("127.0.0.3/sitemap.xml", xml(index([f"/s{i}.xml" for i in range(3)])))
    proc = cli("scrape", *FAST, "--sitemap", srv.base(0) + "/sitemap.xml",
               "--sitemap", srv.base(1) + "/sitemap.xml", "-o", str(tmp / "o.jsonl"))
    disallowed = [r.path for r in srv.requests() if r.host == "127.0.0.2"] == ["/robots.txt"]
    times = [r.at for r in srv.requests() if r.host == "127.0.0.3" and r.path != "/robots.txt"]
    gaps = [b - a for a, b in zip(times, times[1:])]
    spaced = len(times) == 4 and min(gaps) >= 0.9
    return (disallowed and spaced and "robots_disallowed" in proc.stderr,
            f"disallowed host: only robots.txt asked: {disallowed}; Crawl-delay 1 gaps "
            + ", ".join(f"{g:.2f}s" for g in gaps))


@row("9", "SIGTERM mid-run: exit 143, valid JSON, no process left", other=True)
def sigterm(tmp: Path) -> tuple[bool, str]:
    srv = server()
    srv.route("/slow", drip(response(200, b"", length=2000), page("S").ljust(2000), 0.01, 30))
    out = tmp / "o.json"
    urls = [f"{srv.base()}/slow?{i}" for i in range(50)]
    with _started([sys.executable, "-m", "scrapekit.cli", "scrape", "--delay", "0", "--workers",
                   "2", "--no-robots", "--format", "json", "-o", str(out), *urls]) as proc:
        time.sleep(4)
        family = _descendants(proc.pid)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(60)
    time.sleep(3)
    alive = [p for p in family if Path(f"/proc/{p}").exists() and not _zombie(p)]
    try:
        json.loads(out.read_text())
        valid = True
    except (OSError, ValueError):
        valid = False
    return (code == 143 and valid and not alive,
            f"exit {code}, output valid JSON: {valid}, processes left: {len(alive)}")


@row("10", "a URL with user:pass@: logs, warnings, fetch.finalUrl")
def credentials(tmp: Path) -> tuple[bool, str]:
    srv = server()
    srv.route("/ok", response(200, page("Fine")))
    srv.route("/gone", response(404, b"gone"))
    creds = srv.base().replace("http://", "http://user:Secr3tPw@")
    out = tmp / "o.jsonl"
    proc = cli("scrape", "-vv", *FAST, "-o", str(out), creds + "/ok", creds + "/gone",
               "http://user:Secr3tPw@[oops/")
    recs = records(out)
    in_logs = "Secr3tPw" in proc.stderr
    in_fields = any("Secr3tPw" in json.dumps({k: v for k, v in r.items() if k != "url"}) for r in recs)
    kept = all("Secr3tPw" in r["url"] for r in recs)
    return (not in_logs and not in_fields and kept and len(recs) == 3,
            f"in stderr: {in_logs}, in fields other than url: {in_fields}, url kept as given: {kept}")


@row("11", "extract() in a program that uses setitimer/SIGALRM")
def program_timer(tmp: Path) -> tuple[bool, str]:
    code = textwrap.dedent("""
        import signal, scrapekit
        fired = []
        signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
        signal.setitimer(signal.ITIMER_REAL, 30)
        scrapekit.extract("<html><body><article><h1>T</h1><p>" + "w " * 200 + "</p></article></body></html>")
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        print(round(left, 1), signal.getsignal(signal.SIGALRM).__name__)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    left, handler = (proc.stdout.split() + ["0", "?"])[:2]
    return float(left) > 20 and handler == "<lambda>", f"timer left {left}s, handler {handler}"


@row("12", "a WARC whose 2nd response is Content-Encoding: br", other=True)
def warc_br(tmp: Path) -> tuple[bool, str]:
    import io

    import brotli
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp / "mixed.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(4):
            body = page(f"Page {i}")
            headers = [("Content-Type", "text/html")]
            if i == 1:
                body = brotli.compress(body)
                headers.append(("Content-Encoding", "br"))
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"http://w.example/{i}", "response", payload=io.BytesIO(body), http_headers=http))
    out = tmp / "o.jsonl"
    proc = cli("extract", str(path), "-o", str(out), "--workers", "1")
    recs = records(out)
    return len(recs) == 4, f"exit {proc.returncode}, {len(recs)} of 4 records"


@row("13", "two --resume runs on the same output file", other=True)
def double_resume(tmp: Path) -> tuple[bool, str]:
    srv = server()
    srv.route("/p", drip(response(200, b"", length=100), page("P").ljust(100)[:100], 0.01, 10))
    listing = tmp / "urls.txt"
    listing.write_text("".join(f"{srv.base()}/p?{i}\n" for i in range(400)))
    out = tmp / "o.jsonl"
    args = [sys.executable, "-m", "scrapekit.cli", "scrape", "-q", "--resume", "--delay", "0",
            "--workers", "1", "--per-host", "16", "--no-robots", "--no-extract", "-i", str(listing),
            "-o", str(out)]
    with _started(args) as a:
        time.sleep(0.5)
        with _started(args) as b:
            codes = (a.wait(120), b.wait(120))
    urls = [r["url"] for r in records(out)]
    twice = len(urls) - len(set(urls))
    return twice == 0 and 2 in codes, f"exit codes {codes}, inputs written twice: {twice}"


@row("14", "Retry-After: \u00b2 (a Unicode digit)")
def unicode_retry_after(tmp: Path) -> tuple[bool, str]:
    srv = server()
    calls: list[int] = []

    def flaky(conn, req) -> bool:
        calls.append(1)
        conn.sendall(response(503, b"down", headers=[("Retry-After", "\u00b2")]) if len(calls) == 1
                     else response(200, page("Back")))
        return True
    srv.route("/p", flaky)
    out = tmp / "o.jsonl"
    cli("scrape", "--delay", "0", "--retries", "2", "--workers", "1", "-o", str(out), srv.base() + "/p")
    rec = records(out)[0]
    return rec["error"] is None and len(calls) == 2, f"error {rec['error']}, requests {len(calls)}"


@row("15", "Content-Length shorter than the body, on keep-alive")
def smuggled_tail(tmp: Path) -> tuple[bool, str]:
    srv = server()
    srv.route("/short", response(200, page("Short"), length=20) + response(200, page("Smuggled")))
    srv.route("/real", response(200, page("Real")))
    out = tmp / "o.jsonl"
    cli("scrape", *FAST, "--per-host", "1", "--no-robots", "-o", str(out),
        srv.base() + "/short", srv.base() + "/real")
    real = next(r for r in records(out) if r["url"].endswith("/real"))
    return real["headline"] == "Real", f"/real's headline: {real['headline']!r}"


@row("16", "header user-agent: MyBot/1.0 (lower case)")
def lower_case_user_agent(tmp: Path) -> tuple[bool, str]:
    srv = server()
    srv.route("/p", response(200, page("P")))
    cli("scrape", *FAST, "--header", "user-agent:MyBot/1.0", "-o", str(tmp / "o.jsonl"),
        srv.base() + "/p")
    sent = srv.requests("/p")[0].header_values("User-Agent")
    return sent == ["MyBot/1.0"], f"User-Agent headers sent: {sent}"


@row("17", "Settings(extract_timeout=0)", other=True)
def zero_timeout(tmp: Path) -> tuple[bool, str]:
    code = textwrap.dedent("""
        import scrapekit
        from scrapekit import Settings
        try:
            s = Settings(extract_timeout=0, workers=1)
        except ValueError as exc:
            print("refused", exc)
        else:
            arts = list(scrapekit.extract_files([__import__("sys").argv[1]], s))
            print("error" if arts[0].error else "ok", arts[0].error and arts[0].error.message)
    """)
    html = tmp / "p.html"
    html.write_bytes(page("Zero"))
    proc = subprocess.run([sys.executable, "-c", code, str(html)], capture_output=True, text=True)
    out = proc.stdout.strip()
    return out.startswith(("ok", "refused")), out or proc.stderr[-200:]


@row("18", "the output file deleted mid-run", other=True)
def output_deleted(tmp: Path) -> tuple[bool, str]:
    srv = server()
    srv.route("/p", drip(response(200, b"", length=100), page("P").ljust(100)[:100], 0.04, 10))
    out = tmp / "o.jsonl"
    urls = [f"{srv.base()}/p?{i}" for i in range(60)]  # ~4 s at 8 in flight
    with _started([sys.executable, "-m", "scrapekit.cli", "scrape", "-q", "--delay", "0",
                   "--per-host", "8", "--workers", "1", "--no-robots", "--no-extract",
                   "-o", str(out), *urls]) as proc:
        time.sleep(1.5)
        out.unlink(missing_ok=True)
        code = proc.wait(60)
    return code == 1, f"exit {code}"


# -- issue 18 -------------------------------------------------------------------------------
@row("18.7", "a host that does not exist")
def host_not_found(tmp: Path) -> tuple[bool, str]:
    code = textwrap.dedent("""
        import socket, sys
        real = socket.getaddrinfo
        def fake(host, *a, **k):  # no DNS asked: .invalid names do not exist
            if str(host).endswith(".invalid"):
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return real(host, *a, **k)
        socket.getaddrinfo = fake
        from scrapekit.cli import main
        sys.exit(main(sys.argv[1:]))
    """)
    out = tmp / "o.jsonl"
    subprocess.run([sys.executable, "-c", code, "scrape", "-q", "--workers", "1", "-o", str(out),
                    "http://no-such-host.invalid/a"], capture_output=True, text=True, timeout=60)
    err = records(out)[0]["error"]
    attempts = records(out)[0]["fetch"]["attempts"] if records(out)[0]["fetch"] else None
    ok = err["kind"] == "connect" and "host not found" in err["message"] and "robots" not in err["message"]
    return ok, f"{err['kind']}: {err['message']} (attempts {attempts})"


@row("18.8", "-i urls.txt.gz, '# comment' after a URL")
def gzip_list(tmp: Path) -> tuple[bool, str]:
    srv = server()
    srv.route("/p", response(200, page("P")))
    listing = tmp / "urls.txt.gz"
    listing.write_bytes(gzip.compress("".join(f"{srv.base()}/p?{i}   # page {i}\n"
                                              for i in range(5)).encode()))
    out = tmp / "o.jsonl"
    cli("scrape", *FAST, "--no-extract", "-i", str(listing), "-o", str(out))
    recs = records(out)
    ok = len(recs) == 5 and all(r["error"] is None and "#" not in r["url"] for r in recs)
    return ok, f"{len(recs)} records, errors: {sum(1 for r in recs if r['error'])}"


# -- plumbing ---------------------------------------------------------------------------------
def _warning(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if "warning" in line]
    return (lines[0] if lines else stderr.strip().splitlines()[-1] if stderr.strip() else "")[:110]


@contextlib.contextmanager
def _started(args: list[str]) -> Iterator[subprocess.Popen[bytes]]:
    """A CLI run in the background, killed (with its process group) if the row fails."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _descendants(pid: int) -> list[int]:
    from benchmarks.reliability import _children

    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += _children(p)
    return out


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True


def run_one(ident: str) -> int:
    """In the row's own process: run it, print one JSON line (held, detail, peak RSS)."""
    sampler = RssSampler(exclude=-1)
    sampler.start()
    with tempfile.TemporaryDirectory(prefix="scrapekit-attack-") as tmp:
        try:
            held, detail = ROWS[ident][2](Path(tmp))
        except Exception as exc:  # noqa: BLE001 - a crashing row did not hold
            held, detail = False, f"{exc.__class__.__name__}: {exc}"[:200]
    sampler.stop.set()
    sampler.join()
    print(json.dumps({"held": held, "detail": detail, "rss_mb": sampler.peak_kb // 1024}))
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", help="comma-separated row ids (default: all)")
    p.add_argument("--one", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.one:
        return run_one(args.one)
    wanted = args.rows.split(",") if args.rows else list(ROWS)
    held_mine = held_other = mine = other = 0
    worst = 0
    print(f"{'row':>5}  {'held':4}  {'RSS MB':>6}  input / what happened")
    for ident in wanted:
        title, is_other, _fn = ROWS[ident]
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "benchmarks.attack", "--one", ident],
                              capture_output=True, text=True, cwd=ROOT, timeout=900)
        try:
            result = json.loads(proc.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            result = {"held": False, "detail": proc.stderr.strip()[-200:], "rss_mb": 0}
        ok = result["held"] and result["rss_mb"] < RSS_LIMIT_MB
        worst = max(worst, result["rss_mb"])
        if is_other:
            other += 1
            held_other += ok
        else:
            mine += 1
            held_mine += ok
        tag = " (other)" if is_other else ""
        print(f"{ident:>5}  {'yes' if ok else 'NO':4}  {result['rss_mb']:>6}  {title}{tag} "
              f"[{time.monotonic() - started:.0f}s]\n{'':19}{result['detail']}", flush=True)
    print(f"\nheld: {held_mine}/{mine} rows of this work, {held_other}/{other} rows done elsewhere "
          f"(other); peak RSS of any row {worst} MB (limit {RSS_LIMIT_MB} MB)")
    return 0 if held_mine == mine else 1


if __name__ == "__main__":
    sys.exit(main())
