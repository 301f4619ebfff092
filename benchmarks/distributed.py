"""Pages/s of run_sharded on a LocalCluster of 1 vs 2 Dask worker processes, against the
single-process pipeline (scrape_many) in the same run.

    python -m benchmarks.distributed [--pages 300] [--hosts 16] [--latency 100]

A loopback site (benchmarks.loopback_site, its own process) serves the shared bench pages
(scrapinghub/html/*.html.gz) on 127.0.0.1 .. 127.0.0.N with ``--latency`` ms per response.
Every configuration fetches the same ``--pages`` URLs (spread over the hosts, a fresh path
each run) and extracts them; wall time is from the first input to the manifest written
(cluster start-up is timed separately, not included); best of ``--rounds``. Settings: delay 0, per_host 2,
robots.txt on (the site answers 404: allowed), extraction inline in each Dask worker,
extract_timeout 600 s (see the comment in main()).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRAPINGHUB_PAGES = 181  # loopback_site serves these first, by index


def start_site(hosts: int, latency: float, tmp: Path) -> tuple[subprocess.Popen, int]:
    ready = tmp / "site.port"
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.loopback_site", "--hosts",
                             str(hosts), "--latency", str(latency), "--ready-file", str(ready)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not ready.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the loopback site did not start")
        time.sleep(0.05)
    return proc, int(ready.read_text())


def urls(port: int, pages: int, hosts: int, run: str) -> list[str]:
    return [f"http://127.0.0.{i % hosts + 1}:{port}/p/{i % SCRAPINGHUB_PAGES}/{run}/{i}"
            for i in range(pages)]


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", type=int, default=300)
    p.add_argument("--hosts", type=int, default=16)
    p.add_argument("--latency", type=float, default=100.0, help="ms per response")
    p.add_argument("--rounds", type=int, default=2,
                   help="run every configuration this many times, interleaved; report the best")
    a = p.parse_args(argv)

    import logging

    from distributed import Client, LocalCluster

    from scrapekit import Settings, scrape_many
    from scrapekit.distributed import run_sharded

    # extract_timeout is generous: the machine is shared and noisy, and a page's budget is wall
    # time, so a busy machine would otherwise turn slow pages into "extract" errors
    settings = Settings(workers=1, delay=0.0, per_host=2, retries=1, timeout=30.0,
                        extract_timeout=600.0)
    rows: list[tuple] = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        site, port = start_site(a.hosts, a.latency, tmp)
        try:
            best: dict[str, tuple] = {}

            def keep(label: str, startup: str, n: int, ok: int, secs: float) -> None:
                if label not in best or secs < best[label][4]:
                    best[label] = (label, startup, n, ok, secs)

            for rnd in range(a.rounds):
                for workers in (1, 2):
                    todo = urls(port, a.pages, a.hosts, f"r{rnd}single{workers}")
                    start = time.perf_counter()
                    records = list(scrape_many(todo, settings.replace(workers=workers)))
                    secs = time.perf_counter() - start
                    keep(f"scrape_many, 1 process, workers={workers}", "-", len(records),
                         sum(r.error is None for r in records), secs)
                for n in (1, 2):
                    start = time.perf_counter()
                    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.ERROR)
                    client = Client(cluster)
                    startup = time.perf_counter() - start
                    try:
                        todo = urls(port, a.pages, a.hosts, f"r{rnd}dask{n}")
                        start = time.perf_counter()
                        manifest = run_sharded(todo, client, tmp / f"out{rnd}-{n}", settings)
                        secs = time.perf_counter() - start
                    finally:
                        client.close()
                        cluster.close()
                    keep(f"run_sharded, LocalCluster {n} worker(s), "
                         f"{len(manifest['shards'])} shards", f"{startup:.1f}",
                         manifest["records"], manifest["records"] - sum(manifest["errors"].values()),
                         secs)
            rows = list(best.values())
        finally:
            site.terminate()
            site.wait(10)
    print(f"$ python -m benchmarks.distributed --pages {a.pages} --hosts {a.hosts} "
          f"--latency {a.latency:g} --rounds {a.rounds}")
    print(f"machine: {os.cpu_count()} cores; {a.pages} pages over {a.hosts} loopback hosts, "
          f"{a.latency:g} ms latency; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after (other processes share the cores)")
    print(f"{'configuration':<52}{'startup s':>10}{'records':>9}{'ok':>6}{'seconds':>9}"
          f"{'pages/s':>9}")
    for label, startup, n, ok, secs in rows:
        print(f"{label:<52}{startup:>10}{n:>9}{ok:>6}{secs:>9.1f}{n / secs:>9.1f}")


if __name__ == "__main__":
    main()
