"""Reliability of the fetcher under fire: ``python -m benchmarks.reliability``.

5,000 URLs over 50 loopback hosts (127.0.0.2-51, tests/faultserver.py, run in its own
process) with 20% transient faults (5xx flaps, 429 + Retry-After in seconds and as a date,
resets mid-body, truncated gzip, dropped connections, slow-drip bodies, late headers) and 5%
permanent ones (404/410, a 503 that never clears, redirect loops, huge bodies, gzip and brotli
bombs, PDFs, resets every time, robots.txt-disallowed paths). Some hosts set a robots.txt
Crawl-delay, some answer robots.txt with a 503 or hang up on it the first time.

Everything goes through the real pipeline, ``scrapekit.scrape_many(urls, Settings(...))``.
The server logs every arrival per host; the command checks afterwards that each host's
requests were spaced by its delay (Settings.delay, or the Crawl-delay when larger) and that
nothing arrived at a host inside a Retry-After it had sent. The bar: exactly one record per
URL, no duplicates, >= 99.5% of the transient URLs recovered, every delay and Retry-After
respected, peak RSS (this process plus its extraction workers) under 300 MB.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import random
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import scrapekit
from scrapekit import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from faultserver import HostConfig, serve_forever_in_process  # noqa: E402

TRANSIENT = {  # fault -> weight; each fails the first 1 or 2 attempts, then serves the page
    "503": 6, "500": 3, "502": 3, "504": 3, "429": 2, "429d": 1, "reset": 4, "truncgz": 4,
    "close": 4, "drip": 1, "slowhead": 1,
}
PERMANENT = {  # fault -> (weight, the error kind it must give)
    "404": (3, "http_status"), "410": (1, "http_status"), "503": (1, "http_status"),
    "loop": (2, "too_many_redirects"), "huge": (1, "too_large"), "gzbomb": (1, "too_large"),
    "brbomb": (1, "too_large"), "pdf": (2, "not_html"), "reset": (1, "connect"),
    "private": (2, "robots_disallowed"),
}
FETCH_KINDS = {"invalid_url", "connect", "timeout", "http_status", "too_many_redirects",
               "not_html", "too_large", "robots_disallowed", "blocked_address", "decode"}
TOL = 0.010  # seconds of loopback/scheduler jitter allowed between client and server clocks


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return out


class RssSampler(threading.Thread):
    """Peak of (this process + its descendants except the fault server), sampled every 50 ms."""

    def __init__(self, exclude: int) -> None:
        super().__init__(daemon=True)
        self.exclude = exclude
        self.peak_kb = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.05):
            pids, todo = [], [os.getpid()]
            while todo:
                pid = todo.pop()
                if pid == self.exclude:
                    continue
                pids.append(pid)
                todo += _children(pid)
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(p) for p in pids))


def build(n_urls: int, n_hosts: int, transient: float, permanent: float, rng: random.Random
          ) -> tuple[list[str], dict[str, HostConfig]]:
    hosts = [f"127.0.0.{i + 2}" for i in range(n_hosts)]
    configs: dict[str, HostConfig] = {}
    for i, host in enumerate(hosts):
        cfg = HostConfig()
        if i % 5 == 1:
            cfg.crawl_delay = 0.1
        if i % 10 == 3:
            cfg.crawl_delay = 0.2
        if i % 10 == 4:
            cfg.robots = "503-once"
        if i % 10 == 7:
            cfg.robots = "close-once"
        configs[host] = cfg
    return hosts, configs


def plan(n_urls: int, hosts: list[str], transient: float, permanent: float,
         rng: random.Random) -> list[tuple[str, str, str, str | None]]:
    """(host, path, class, expected kind) per URL; class is ok / transient / permanent."""
    t_names, t_weights = zip(*TRANSIENT.items())
    p_names = list(PERMANENT)
    p_weights = [PERMANENT[n][0] for n in p_names]
    out = []
    for i in range(n_urls):
        host = hosts[i % len(hosts)]
        ident = f"u{i}"
        roll = rng.random()
        if roll < transient:
            fault = rng.choices(t_names, t_weights)[0]
            n = 1 if fault in ("drip", "slowhead", "429", "429d") else rng.choice((1, 1, 2))
            out.append((host, f"/t/{fault}/{n}/{ident}", "transient", None))
        elif roll < transient + permanent:
            fault = rng.choices(p_names, p_weights)[0]
            path = f"/private/{ident}" if fault == "private" else f"/p/{fault}/{ident}"
            if fault == "loop":
                path += "-a"
            out.append((host, path, "permanent", PERMANENT[fault][1]))
        else:
            kind = rng.random()
            path = (f"/gzip/{ident}" if kind < 0.1 else f"/br/{ident}" if kind < 0.15
                    else f"/ok/{ident}")
            out.append((host, path, "ok", None))
    return out


def check_server_log(log: list[tuple], configs: dict[str, HostConfig], delay: float,
                     timeout: float) -> dict[str, object]:
    by_host: dict[str, list[tuple]] = defaultdict(list)
    for entry in log:
        by_host[entry[0]].append(entry)
    gaps = delay_violations = ra_checked = ra_violations = ra_unseen = 0
    worst_ratio = float("inf")
    ok_paths: Counter[tuple[str, str]] = Counter()
    for host, entries in by_host.items():
        entries.sort(key=lambda e: e[1])
        want = max(delay, configs[host].crawl_delay or 0.0)
        for prev, cur in zip(entries, entries[1:]):
            gap = cur[1] - prev[1]
            gaps += 1
            worst_ratio = min(worst_ratio, gap / want)
            if gap < want - TOL:
                delay_violations += 1
                if os.environ.get("RELIABILITY_DEBUG"):
                    print("gap", host, round(gap, 4), want, prev[2:], cur[2:], file=sys.stderr)
        for idx, (_h, _at, _path, status, retry_after, answered, _f) in enumerate(entries):
            if retry_after:
                later = [e for e in entries[idx + 1:]]
                if answered - _at >= timeout:
                    ra_unseen += 1  # written after the client had given up: never seen
                elif later:
                    ra_checked += 1
                    if later[0][1] < answered + retry_after - TOL:
                        ra_violations += 1
                        print(f"  Retry-After violation at {host}: {_path} answered {status} "
                              f"(Retry-After {retry_after:g}s), then {later[0][2]} "
                              f"{later[0][1] - answered:.3f}s later", file=sys.stderr)
        for _h, _at, path, status, _ra, _ans, fault in entries:
            if status == 200 and path != "/robots.txt" and not fault:
                ok_paths[(host, path)] += 1
    if os.environ.get("RELIABILITY_DEBUG"):
        for key, c in ok_paths.items():
            if c > 1:
                print("twice", key, [e[1:] for e in by_host[key[0]] if e[2] == key[1]],
                      file=sys.stderr)
    return {"requests": len(log), "gaps": gaps, "delay_violations": delay_violations,
            "worst_gap_ratio": worst_ratio, "retry_after_checked": ra_checked,
            "retry_after_violations": ra_violations, "retry_after_unseen": ra_unseen,
            "refetched_ok": sum(1 for c in ok_paths.values() if c > 1)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--urls", type=int, default=5000)
    p.add_argument("--hosts", type=int, default=50)
    p.add_argument("--transient", type=float, default=0.20)
    p.add_argument("--permanent", type=float, default=0.05)
    p.add_argument("--delay", type=float, default=0.05, help="Settings.delay (Crawl-delay "
                   "0.1/0.2 s on some hosts)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--no-extract", action="store_true")
    p.add_argument("--seed", type=int, default=6)
    args = p.parse_args(argv)
    # per-page extraction warnings (timeouts under load) would drown the table
    logging.getLogger("scrapekit").setLevel(logging.ERROR)
    if not 1 <= args.hosts <= 250:
        p.error("--hosts must be 1..250 (127.0.0.2 upwards)")

    rng = random.Random(args.seed)
    hosts, configs = build(args.urls, args.hosts, args.transient, args.permanent, rng)
    specs = plan(args.urls, hosts, args.transient, args.permanent, rng)

    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=serve_forever_in_process, args=(child, hosts, configs),
                         daemon=True)
    server.start()
    ports = parent.recv()
    urls = [f"http://{h}:{ports[h]}{path}" for h, path, _c, _k in specs]
    meta = {u: (c, k) for u, (_h, _p, c, k) in zip(urls, specs)}

    settings = Settings(concurrency=64, per_host=1, delay=args.delay, timeout=2.0,
                        connect_timeout=1.0, read_timeout=1.0, retries=3, backoff=0.05,
                        backoff_max=0.5, retry_after_max=5.0, retry_budget=30.0,
                        max_bytes=1_000_000, workers=args.workers,
                        extract=not args.no_extract, user_agent="scrapekit-reliability/1")
    sampler = RssSampler(exclude=server.pid)
    sampler.start()
    started = time.monotonic()
    records = list(scrapekit.scrape_many(urls, settings))
    elapsed = time.monotonic() - started
    sampler.stop.set()
    sampler.join()
    parent.send("stop")
    log = parent.recv()
    server.join(10)

    counts = Counter(r.url for r in records)
    duplicates = sum(c - 1 for c in counts.values() if c > 1)
    missing = len(set(urls) - set(counts))
    by_class: dict[str, list] = defaultdict(list)
    for r in records:
        by_class[meta[r.url][0]].append(r)

    def fetched(r) -> bool:
        return r.fetch is not None and r.fetch.status == 200 and (
            r.error is None or r.error.kind not in FETCH_KINDS)

    transient = by_class["transient"]
    recovered = sum(fetched(r) for r in transient)
    permanent = by_class["permanent"]
    right_kind = sum(1 for r in permanent if r.error and r.error.kind == meta[r.url][1])
    clean = by_class["ok"]
    clean_ok = sum(fetched(r) for r in clean)
    extract_errors = sum(1 for r in records if r.error and r.error.kind not in FETCH_KINDS)
    attempts = sum(r.fetch.attempts for r in records if r.fetch)
    server_checks = check_server_log(log, configs, args.delay, settings.timeout)
    peak_mb = sampler.peak_kb / 1024

    rate = recovered / len(transient) if transient else 1.0
    rows = [
        ("URLs in", len(urls), ""),
        ("records out", len(records), "== URLs"),
        ("duplicate records", duplicates, "0"),
        ("URLs without a record", missing, "0"),
        ("transient-fault URLs", len(transient), ""),
        ("  recovered", f"{recovered} ({rate:.2%})", ">= 99.5%"),
        ("permanent-fault URLs", len(permanent), ""),
        ("  failed with the expected kind", right_kind, f"== {len(permanent)}"),
        ("clean URLs fetched", f"{clean_ok}/{len(clean)}", "all"),
        ("extraction errors (not fetch)", extract_errors, "info"),
        ("attempts made (all URLs)", attempts, "info"),
        ("requests seen by the server", server_checks["requests"], "info"),
        ("page served OK twice", server_checks["refetched_ok"], "0"),
        ("per-host gaps checked", server_checks["gaps"], ""),
        ("  shorter than the host's delay", server_checks["delay_violations"], "0"),
        ("  smallest gap / delay", f"{server_checks['worst_gap_ratio']:.3f}",
         f">= 1 - {TOL * 1000:.0f} ms"),
        ("Retry-After answers checked", server_checks["retry_after_checked"], ""),
        ("  next request too early", server_checks["retry_after_violations"], "0"),
        ("  (sent after the client's timeout)", server_checks["retry_after_unseen"], "info"),
        ("peak RSS (MB)", f"{peak_mb:.0f}", "< 300"),
        ("wall time (s)", f"{elapsed:.1f}", "info"),
    ]
    print(f"scrapekit reliability: {args.urls} URLs, {args.hosts} hosts, "
          f"{args.transient:.0%} transient / {args.permanent:.0%} permanent faults, "
          f"delay {args.delay}s (Crawl-delay 0.1-0.2s on some hosts), workers {args.workers}, "
          f"extract {'off' if args.no_extract else 'on'}")
    width = max(len(r[0]) for r in rows)
    for name, value, bar in rows:
        print(f"  {name:<{width}}  {value!s:>14}  {bar}")
    passed = (len(records) == len(urls) and duplicates == 0 and missing == 0 and rate >= 0.995
              and server_checks["delay_violations"] == 0
              and server_checks["retry_after_violations"] == 0 and peak_mb < 300)
    unexpected = Counter(
        (cls, r.error.kind) for cls in ("transient", "ok") for r in by_class[cls]
        if not fetched(r) and r.error is not None)
    for (cls, kind), n in sorted(unexpected.items()):
        example = next(r for r in by_class[cls] if r.error and r.error.kind == kind)
        print(f"  unrecovered {cls} URLs, {kind}: {n} (e.g. {example.error.message[:90]})")
    wrong = Counter((meta[r.url][1], r.error.kind if r.error else None) for r in permanent
                    if not (r.error and r.error.kind == meta[r.url][1]))
    for (want, got), n in sorted(wrong.items(), key=str):
        print(f"  permanent URLs expected {want}, got {got}: {n}")
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
