"""Throughput of the batch pipeline: scrapekit vs a plain asyncio + httpx + trafilatura baseline.

    python -m benchmarks.throughput [--urls 2000] [--hosts 16] [--latency 200]
        [--fetch-urls 6000] [--local-n 100000] [--local-budget 300]
        [--skip-baseline] [--skip-fetch-only] [--skip-local] [--json FILE]

A loopback site (benchmarks/loopback_site.py, its own process) serves the ../shared/bench pages
(439: scrapinghub + meta-fundus) with --latency ms per response over 127.0.0.1..127.0.0.N, one
port, robots.txt 404. In the same run, against the same server and the same URL list:

  (a) ``scrapekit scrape -i urls.txt -o out.jsonl --quiet`` (a subprocess) on --urls unique URLs
      (pages repeat, paths do not), --concurrency 128 --per-host 16 --delay 0 --no-robots;
  (b) the baseline (a subprocess of this module): asyncio + httpx (one AsyncClient per host of
      <= per-host connections, the same global concurrency) feeding ProcessPoolExecutor(2) with
      ``trafilatura.bare_extraction(html, url=url, with_metadata=True)``, writing JSON lines;
  (c) fetch-only: ``scrapekit scrape --no-extract`` at --fetch-concurrency (256) in flight over
      the hosts on --fetch-urls URLs (fetching spread over one process per core, the default
      with --no-extract, and again with ``--fetch-processes 1``), and the baseline's fetcher
      alone at the same settings;
  (d) fetch-free memory: ``scrapekit scrape --workers 2`` over --local-n file:// URLs repeating
      the 439 pages written to a temp dir (query strings make every input unique), stopped after
      --local-budget seconds if not done; RSS sampled against records written (the trend).

Measures, per run (each a process tree started by this process):
  pages/s      records written / wall time of the subprocess (start to exit);
  CPU s/1k     user+sys of the whole process tree (getrusage(RUSAGE_CHILDREN) deltas; this
               process makes itself a child subreaper, so orphaned forkserver/pool processes are
               reaped here and their CPU counted) per 1000 records;
  peak RSS     max over 0.2 s samples of the SUM of RSS over the tree (psutil; shared pages are
               counted once per process, so this over-states), and the same for PSS (shared
               pages split), plus the largest single process's RSS.
  CPU by process: user+sys of the process the run started ("main") and of every other
               process, by role (scrapekit's worker processes, the baseline's pool processes),
               per page; the ceilings they imply: 1 core / (main + other non-extracting CPU
               per page) and cores / (tree CPU per page);
  scaling      (a) again with --workers 1 (--scaling), in a table with the main process's CPU.
Output is checked: one record per input (line count, distinct ``url``s equal to the inputs),
error records counted by kind. The server's own CPU during each run is shown too, to show it is
not the bottleneck. The machine is shared, so compare ratios of runs made in the same
invocation, not absolute figures across invocations.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import gzip
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from . import ROOT, SHARED_BENCH

SAMPLE_EVERY = 0.2
EXIT_GRACE = 20.0
"""Seconds a run may take to exit after its last record before it counts as hung."""


# -- process-tree accounting ----------------------------------------------------------------------

def _become_subreaper() -> bool:
    """Orphaned descendants (a forkserver outliving its parent) get re-parented to us, so their
    CPU time reaches RUSAGE_CHILDREN when we reap them."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


class TreeMonitor:
    """Samples RSS/PSS of all our descendants except ``exclude`` (the server) in a thread."""

    def __init__(self, exclude: set[int], progress_file: Path | None = None) -> None:
        import psutil

        self.psutil = psutil
        self.me = psutil.Process()
        self.exclude = exclude
        self.progress_file = progress_file
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_single = 0
        self.max_procs = 0
        self.trend: list[tuple[int, float, int, int]] = []  # (records, seconds, rss sum, pss sum)
        self.cpu: dict[int, list[Any]] = {}  # pid -> [role, last user+sys seen]
        self.root: int | None = None  # the process the run started
        self._lines = 0
        self._offset = 0
        self._stop = threading.Event()
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _count_lines(self) -> int:
        if self.progress_file is None:
            return 0
        try:
            with open(self.progress_file, "rb") as fh:
                fh.seek(self._offset)
                data = fh.read()
        except OSError:
            return self._lines
        self._offset += len(data)
        self._lines += data.count(b"\n")
        return self._lines

    def sample(self) -> tuple[int, int]:
        rss = pss = 0
        procs = 0
        try:
            children = self.me.children(recursive=True)
        except self.psutil.Error:
            return 0, 0
        for proc in children:
            if proc.pid in self.exclude:
                continue
            try:
                mem = proc.memory_full_info()
            except self.psutil.Error:
                continue
            self._note_cpu(proc)
            procs += 1
            rss += mem.rss
            pss += getattr(mem, "pss", mem.rss)
            self.peak_single = max(self.peak_single, mem.rss)
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)
        self.max_procs = max(self.max_procs, procs)
        return rss, pss

    def _note_cpu(self, proc: Any) -> None:
        """The last CPU time seen per process (a process's last ~0.2 s before exit is missed),
        with its role: ``main`` (the process the run started), ``worker`` (scrapekit's worker
        processes), ``pool`` (the baseline's extraction processes), ``other``."""
        try:
            times = proc.cpu_times()
        except self.psutil.Error:
            return
        entry = self.cpu.get(proc.pid)
        if entry is None:
            try:
                cmd = " ".join(proc.cmdline())
            except self.psutil.Error:
                cmd = ""
            role = ("main" if proc.pid == self.root else "worker" if "scrapekit.worker" in cmd
                    else "pool" if "multiprocessing" in cmd or "--baseline" in cmd  # forked
                    else "other")
            entry = self.cpu[proc.pid] = [role, 0.0]
        entry[1] = max(entry[1], times.user + times.system)

    def cpu_by_role(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for role, cpu in self.cpu.values():
            out[role] = out.get(role, 0.0) + cpu
        return out

    def _run(self) -> None:
        last_trend = 0.0
        while not self._stop.wait(SAMPLE_EVERY):
            rss, pss = self.sample()
            now = time.monotonic()
            lines = self._count_lines()
            if now - last_trend >= 2.0:
                last_trend = now
                self.trend.append((lines, round(now - self._started, 1), rss, pss))

    @property
    def lines(self) -> int:
        return self._lines


def _reap_orphans(keep: set[int], timeout: float = 15.0) -> None:
    """Wait for every descendant re-parented to us (except ``keep``) to exit, and reap it."""
    import psutil

    me = psutil.Process()
    deadline = time.monotonic() + timeout
    while True:
        pids = [p.pid for p in me.children() if p.pid not in keep]
        if not pids:
            return
        for pid in pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
        if time.monotonic() > deadline:
            # a run stopped by force can leave its forkserver and pool workers behind: end them
            # (they are this run's own descendants), then reap them so their CPU is counted
            left = [p for p in me.children(recursive=True) if p.pid not in keep]
            print(f"  note: {len(left)} descendant(s) still alive {timeout:g}s after the run; killed",
                  file=sys.stderr)
            for proc in left:
                with contextlib.suppress(psutil.Error):
                    proc.kill()
            psutil.wait_procs(left, timeout=5)
            for pid in [p.pid for p in me.children() if p.pid not in keep]:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
            return
        time.sleep(0.05)


def run_measured(name: str, cmd: list[str], out: Path, inputs: list[str], server: subprocess.Popen,
                 budget: float | None = None, trend: bool = False) -> dict[str, Any]:
    import psutil

    srv = psutil.Process(server.pid)
    srv_cpu0 = sum(srv.cpu_times()[:2])
    cpu0 = _children_cpu()
    with contextlib.suppress(FileNotFoundError):
        out.unlink()
    started = time.monotonic()
    stopped_early = exit_hang = False
    finished_at = None
    err_path = out.with_suffix(".stderr")
    with TreeMonitor({server.pid}, out) as mon, open(err_path, "wb") as err_fh:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err_fh, cwd=ROOT)
        mon.root = proc.pid
        while proc.poll() is None:
            time.sleep(0.25)
            now = time.monotonic()
            if finished_at is None and mon.lines >= len(inputs):
                finished_at = now  # every record is written: the process should exit now
            if finished_at is not None and now - finished_at > EXIT_GRACE:
                exit_hang = True  # all records written, but the process does not exit
                break
            if budget is not None and now - started > budget:
                stopped_early = True
                break
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)  # a clean stop: finishes writing, exits
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        wall = time.monotonic() - started
        if exit_hang and finished_at is not None:
            wall = finished_at - started
        mon.sample()
    stderr = err_path.read_bytes()
    _reap_orphans({server.pid})
    cpu = _children_cpu() - cpu0
    srv_cpu = sum(srv.cpu_times()[:2]) - srv_cpu0
    check = check_output(out, inputs, partial=stopped_early)
    records = check["records"]
    result = {
        "name": name, "cmd": " ".join(cmd), "returncode": proc.returncode, "inputs": len(inputs),
        "records": records, "wall_s": round(wall, 2),
        "pages_per_s": round(records / wall, 1) if wall else 0.0,
        "cpu_s": round(cpu, 2), "cpu_s_per_1k": round(cpu / records * 1000, 2) if records else None,
        "cores_used": round(cpu / wall, 2) if wall else None,
        "peak_rss_sum_mb": round(mon.peak_rss / 2**20, 1),
        "peak_pss_sum_mb": round(mon.peak_pss / 2**20, 1),
        "peak_rss_single_mb": round(mon.peak_single / 2**20, 1),
        "max_processes": mon.max_procs,
        "cpu_by_role_s": {k: round(v, 2) for k, v in mon.cpu_by_role().items()},
        "server_cpu_s": round(srv_cpu, 2), "stopped_early": stopped_early,
        "exit_hang": exit_hang,
        "check": check,
    }
    if trend:
        result["trend"] = [{"records": n, "t_s": t, "rss_sum_mb": round(r / 2**20, 1),
                            "pss_sum_mb": round(p / 2**20, 1)} for n, t, r, p in mon.trend]
    if proc.returncode not in (0, 130) or stderr.strip():
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        result["stderr_tail"] = tail
    return result


def check_output(out: Path, inputs: list[str], partial: bool = False) -> dict[str, Any]:
    """One record per input: line count, distinct urls, urls == inputs; error kinds."""
    urls: list[str] = []
    errors: Counter[str] = Counter()
    bad_lines = 0
    empty_body = 0
    try:
        fh = open(out, "rb")
    except OSError:
        return {"records": 0, "ok": False, "note": "no output file"}
    with fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except ValueError:
                bad_lines += 1
                continue
            urls.append(rec.get("url"))
            err = rec.get("error")
            if err:
                errors[err.get("kind") if isinstance(err, dict) else str(err)] += 1
            elif "articleBody" in rec and not rec.get("articleBody"):
                empty_body += 1
            elif "text" in rec and not rec.get("text"):
                empty_body += 1
    distinct = set(urls)
    wanted = set(inputs)
    ok = (len(urls) == len(distinct) and bad_lines == 0
          and (distinct <= wanted if partial else distinct == wanted and len(urls) == len(inputs)))
    return {"records": len(urls), "distinct_urls": len(distinct), "bad_lines": bad_lines,
            "unknown_urls": len(distinct - wanted), "missing": len(wanted - distinct),
            "errors": dict(errors), "empty_body": empty_body, "ok": ok}


# -- the baseline: asyncio + httpx + ProcessPoolExecutor(2) over trafilatura ---------------------

def _traf_job(body: bytes, url: str) -> dict[str, Any]:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(body, url=url, with_metadata=True)
    except Exception as exc:  # noqa: BLE001 - a record per input, whatever happens
        return {"error": {"kind": "extract", "message": repr(exc)}}
    if doc is None:
        return {"text": None}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {k: v for k, v in data.items()
            if v is None or isinstance(v, (str, int, float, bool, list))}


async def _baseline(urls: list[str], out_path: str, concurrency: int, per_host: int,
                    workers: int, extract: bool) -> None:
    from concurrent.futures import ProcessPoolExecutor
    from urllib.parse import urlsplit

    import httpx

    loop = asyncio.get_running_loop()
    pool = ProcessPoolExecutor(workers) if extract else None
    clients: dict[str, httpx.AsyncClient] = {}
    slots = asyncio.Semaphore(concurrency)  # fetches in flight
    pages = asyncio.Semaphore(concurrency + 2 * workers)  # pages held (fetching or extracting)
    out = open(out_path, "w", encoding="utf-8")

    def client_for(url: str) -> httpx.AsyncClient:
        origin = urlsplit(url).netloc
        client = clients.get(origin)
        if client is None:
            client = clients[origin] = httpx.AsyncClient(
                timeout=30.0, limits=httpx.Limits(max_connections=per_host,
                                                  max_keepalive_connections=per_host))
        return client

    async def one(url: str) -> None:
        try:
            async with slots:
                resp = await client_for(url).get(url)
            body, status = resp.content, resp.status_code
            if status != 200:
                rec: dict[str, Any] = {"error": {"kind": "http_status", "status": status}}
            elif pool is None:
                rec = {"status": status, "bytes": len(body)}
            else:
                rec = await loop.run_in_executor(pool, _traf_job, body, url)
        except Exception as exc:  # noqa: BLE001
            rec = {"error": {"kind": "fetch", "message": repr(exc)}}
        finally:
            pages.release()
        rec["url"] = url
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        out.flush()

    tasks: set[asyncio.Task[None]] = set()
    for url in urls:
        await pages.acquire()
        task = asyncio.ensure_future(one(url))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    while tasks:
        await asyncio.gather(*list(tasks))
    for client in clients.values():
        await client.aclose()
    out.close()
    if pool is not None:
        pool.shutdown()


def baseline_main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(prog="throughput --baseline")
    p.add_argument("urls")
    p.add_argument("out")
    p.add_argument("--concurrency", type=int, default=128)
    p.add_argument("--per-host", type=int, default=16)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--no-extract", action="store_true")
    a = p.parse_args(argv)
    urls = Path(a.urls).read_text().split()
    asyncio.run(_baseline(urls, a.out, a.concurrency, a.per_host, a.workers, not a.no_extract))


# -- the driver ---------------------------------------------------------------------------------------

def start_server(hosts: int, latency: float, workdir: Path) -> tuple[subprocess.Popen, int]:
    ready = workdir / "server.port"
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks.loopback_site", "--hosts", str(hosts),
                             "--latency", str(latency), "--ready-file", str(ready)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(workdir / "server.log", "wb"))
    deadline = time.monotonic() + 60
    while not ready.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"loopback server did not start: {(workdir / 'server.log').read_text()}")
        time.sleep(0.05)
    return proc, int(ready.read_text())


def make_urls(n: int, hosts: int, port: int, pages: int, tag: str) -> list[str]:
    """Unique URLs, round-robin over hosts, pages repeating (the server ignores the suffix)."""
    return [f"http://127.0.0.{i % hosts + 1}:{port}/p/{(i * 7) % pages}/{tag}-{i}.html"
            for i in range(n)]


def write_local_pages(workdir: Path) -> list[Path]:
    pages_dir = workdir / "pages"
    pages_dir.mkdir(exist_ok=True)
    paths = []
    for sub in ("scrapinghub/html", "meta-fundus/pages"):
        for src in sorted((SHARED_BENCH / "data" / sub).glob("*.html.gz")):
            dst = pages_dir / f"{sub.split('/')[0]}-{src.name[:-3]}"
            dst.write_bytes(gzip.decompress(src.read_bytes()))
            paths.append(dst)
    return paths


def scrapekit_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("scrapekit")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "scrapekit"]


def fmt_row(r: dict[str, Any]) -> str:
    cpu = f"{r['cpu_s_per_1k']:.1f}" if r["cpu_s_per_1k"] is not None else "-"
    chk = "ok" if r["check"]["ok"] else "MISMATCH"
    if r.get("exit_hang"):
        chk += " HUNG-AT-EXIT(killed; wall=last record)"
    if r.get("stopped_early"):
        chk += " (stopped at budget)"
    errs = ",".join(f"{k}:{v}" for k, v in sorted(r["check"]["errors"].items())) or "-"
    return (f"  {r['name']:<24} {r['records']:>6} {r['wall_s']:>7.1f} {r['pages_per_s']:>8.1f} "
            f"{cpu:>8} {r['cores_used']:>5.2f} {r['peak_rss_sum_mb']:>8.0f} {r['peak_pss_sum_mb']:>8.0f} "
            f"{r['peak_rss_single_mb']:>7.0f} {r['server_cpu_s']:>6.1f}  {chk} err={errs}")


HEADER = (f"  {'run':<24} {'recs':>6} {'wall s':>7} {'pages/s':>8} {'CPU/1k':>8} {'cores':>5} "
          f"{'RSS MB':>8} {'PSS MB':>8} {'max1 MB':>7} {'srvCPU':>6}  check")


def fmt_cpu(r: dict[str, Any], extracting: tuple[str, ...], cores: int) -> str:
    """Per page: the started process's CPU, every non-extracting process's, the whole tree's,
    and the ceilings they imply: 1 core / main CPU per page (the coordinator's limit) and
    cores / total CPU per page (the machine's)."""
    if not r["records"]:
        return f"    CPU of {r['name']}: no records"
    n = r["records"]
    roles = r.get("cpu_by_role_s", {})
    main_ms = roles.get("main", 0.0) / n * 1000
    idle = {k: v for k, v in roles.items() if k not in extracting and k != "main"}
    idle_ms = sum(idle.values()) / n * 1000
    total_ms = (r["cpu_s"] or 0.0) / n * 1000
    parts = [f"main {main_ms:.2f} ms/page"]
    if idle:
        parts.append(f"other non-extracting {idle_ms:.2f} ms/page")
    ext = sum(v for k, v in roles.items() if k in extracting) / n * 1000
    parts.append(f"extracting processes {ext:.2f} ms/page")
    parts.append(f"tree {total_ms:.2f} ms/page")
    ceiling_main = 1000 / (main_ms + idle_ms) if main_ms + idle_ms else float("inf")
    ceiling = cores * 1000 / total_ms if total_ms else float("inf")
    return (f"    CPU of {r['name']}: " + ", ".join(parts)
            + f"; ceiling {ceiling_main:,.0f} pages/s per coordinating core, "
            f"{ceiling:,.0f} pages/s on {cores} cores")


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "-"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--baseline":
        baseline_main(argv[1:])
        return 0
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--urls", type=int, default=2000, help="URLs for (a) and (b)")
    p.add_argument("--hosts", type=int, default=16)
    p.add_argument("--latency", type=float, default=200.0, help="ms per response")
    p.add_argument("--concurrency", type=int, default=128)
    p.add_argument("--per-host", type=int, default=16)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--fetch-urls", type=int, default=6000, help="URLs for (c) fetch-only")
    p.add_argument("--fetch-concurrency", type=int, default=256)
    p.add_argument("--local-n", type=int, default=100_000, help="file:// inputs for (d)")
    p.add_argument("--local-budget", type=float, default=300.0, help="seconds allowed for (d)")
    p.add_argument("--scaling", default="1,2",
                   help="worker counts for the scaling table of (a) ('' to skip)")
    p.add_argument("--skip-baseline", action="store_true")
    p.add_argument("--skip-fetch-only", action="store_true")
    p.add_argument("--skip-local", action="store_true")
    p.add_argument("--keep", action="store_true", help="keep the work dir (outputs)")
    p.add_argument("--json", metavar="FILE", help="write all figures here")
    a = p.parse_args(argv)

    subreaper = _become_subreaper()
    workdir = Path(tempfile.mkdtemp(prefix="scrapekit-throughput-"))
    results: dict[str, Any] = {"settings": vars(a), "subreaper": subreaper,
                               "cpu_count": os.cpu_count(), "loadavg_start": os.getloadavg()}
    sk = scrapekit_cmd()
    server, port = start_server(a.hosts, a.latency, workdir)
    n_pages = 439
    try:
        print(f"loopback site: {a.hosts} hosts 127.0.0.1-{a.hosts}:{port}, {a.latency:g} ms latency, "
              f"robots.txt 404; load avg {os.getloadavg()[0]:.2f}; work dir {workdir}")
        print(f"CPU = user+sys of the process tree (RUSAGE_CHILDREN{'' if subreaper else ', no subreaper'}); "
              f"RSS/PSS MB = peak of the tree's sum sampled every {SAMPLE_EVERY:g}s; "
              "max1 = largest single process")
        print(HEADER)
        runs: list[dict[str, Any]] = []

        # (a) + (b): full scrape vs baseline, same URL list
        urls = make_urls(a.urls, a.hosts, port, n_pages, "a")
        url_file = workdir / "urls.txt"
        url_file.write_text("\n".join(urls) + "\n")
        common = ["--concurrency", str(a.concurrency), "--per-host", str(a.per_host), "--delay", "0",
                  "--no-robots", "--workers", str(a.workers), "--quiet"]
        out = workdir / "scrapekit.jsonl"
        r_sk = run_measured("scrapekit scrape", [*sk, "scrape", "-i", str(url_file), "-o", str(out), *common],
                            out, urls, server)
        runs.append(r_sk)
        cores = os.cpu_count() or 1
        print(fmt_row(r_sk), flush=True)
        print(fmt_cpu(r_sk, ("worker",), cores), flush=True)
        r_bl = None
        if not a.skip_baseline:
            out = workdir / "baseline.jsonl"
            r_bl = run_measured("baseline httpx+trafilatura",
                                [sys.executable, "-m", "benchmarks.throughput", "--baseline", str(url_file),
                                 str(out), "--concurrency", str(a.concurrency), "--per-host", str(a.per_host),
                                 "--workers", str(a.workers)], out, urls, server)
            runs.append(r_bl)
            print(fmt_row(r_bl), flush=True)
            print(fmt_cpu(r_bl, ("pool",), cores), flush=True)

        # scaling of (a) with the number of workers
        scaling = {a.workers: r_sk}
        for w in [int(x) for x in a.scaling.split(",") if x.strip()]:
            if w in scaling:
                continue
            out = workdir / f"scrapekit-w{w}.jsonl"
            wcommon = [*common[:common.index("--workers")], "--workers", str(w),
                       *common[common.index("--workers") + 2:]]
            r_w = run_measured(f"scrapekit --workers {w}", [*sk, "scrape", "-i", str(url_file),
                                                             "-o", str(out), *wcommon],
                               out, urls, server)
            runs.append(r_w)
            scaling[w] = r_w
            print(fmt_row(r_w), flush=True)
            print(fmt_cpu(r_w, ("worker",), cores), flush=True)

        # (c) fetch only
        r_fo = r_fo_bl = None
        if not a.skip_fetch_only:
            furls = make_urls(a.fetch_urls, a.hosts, port, n_pages, "c")
            furl_file = workdir / "fetch-urls.txt"
            furl_file.write_text("\n".join(furls) + "\n")
            out = workdir / "fetch-only.jsonl"
            r_fo = run_measured(f"scrapekit --no-extract", [
                *sk, "scrape", "-i", str(furl_file), "-o", str(out), "--no-extract",
                "--concurrency", str(a.fetch_concurrency), "--per-host", str(a.per_host), "--delay", "0",
                "--no-robots", "--quiet"], out, furls, server)
            runs.append(r_fo)
            print(fmt_row(r_fo), flush=True)
            print(fmt_cpu(r_fo, (), cores), flush=True)
            out = workdir / "fetch-only-1.jsonl"
            r_fo1 = run_measured("scrapekit --no-extract, 1 fetch process", [
                *sk, "scrape", "-i", str(furl_file), "-o", str(out), "--no-extract",
                "--fetch-processes", "1",
                "--concurrency", str(a.fetch_concurrency), "--per-host", str(a.per_host), "--delay", "0",
                "--no-robots", "--quiet"], out, furls, server)
            runs.append(r_fo1)
            print(fmt_row(r_fo1), flush=True)
            print(fmt_cpu(r_fo1, (), cores), flush=True)
            if not a.skip_baseline:
                out = workdir / "fetch-only-baseline.jsonl"
                r_fo_bl = run_measured("baseline httpx fetch-only", [
                    sys.executable, "-m", "benchmarks.throughput", "--baseline", str(furl_file), str(out),
                    "--concurrency", str(a.fetch_concurrency), "--per-host", str(a.per_host),
                    "--no-extract"], out, furls, server)
                runs.append(r_fo_bl)
                print(fmt_row(r_fo_bl), flush=True)

        # (d) fetch-free memory run
        r_loc = None
        if not a.skip_local:
            paths = write_local_pages(workdir)
            lurls = [f"{paths[i % len(paths)].as_uri()}?n={i}" for i in range(a.local_n)]
            lurl_file = workdir / "local-urls.txt"
            lurl_file.write_text("\n".join(lurls) + "\n")
            out = workdir / "local.jsonl"
            r_loc = run_measured(f"scrapekit file:// x{a.local_n // 1000}k", [
                *sk, "scrape", "-i", str(lurl_file), "-o", str(out), "--workers", str(a.workers),
                "--quiet"], out, lurls, server, budget=a.local_budget, trend=True)
            runs.append(r_loc)
            print(fmt_row(r_loc), flush=True)

        # summary
        print()
        if len(scaling) > 1:
            print("scaling of (a): workers | pages/s | main CPU ms/page | tree CPU ms/page | "
                  "cores used" + (" | vs baseline" if r_bl else ""))
            for w in sorted(scaling):
                r = scaling[w]
                n = r["records"] or 1
                main_ms = r.get("cpu_by_role_s", {}).get("main", 0.0) / n * 1000
                vs = f" | {_ratio(r['pages_per_s'], r_bl['pages_per_s'])}" if r_bl else ""
                print(f"  {w:>7} | {r['pages_per_s']:>7.1f} | {main_ms:>16.2f} | "
                      f"{(r['cpu_s'] or 0) / n * 1000:>16.2f} | {r['cores_used']:>10.2f}{vs}")
        if r_bl:
            print(f"(a)/(b) scrapekit / baseline: pages/s {_ratio(r_sk['pages_per_s'], r_bl['pages_per_s'])} "
                  f"(bar >= 1.25x), CPU per page {_ratio(r_sk['cpu_s_per_1k'], r_bl['cpu_s_per_1k'])}, "
                  f"peak RSS sum {_ratio(r_sk['peak_rss_sum_mb'], r_bl['peak_rss_sum_mb'])}, "
                  f"peak PSS sum {_ratio(r_sk['peak_pss_sum_mb'], r_bl['peak_pss_sum_mb'])}")
        if r_fo:
            extra = (f"; baseline fetcher {r_fo_bl['pages_per_s']:.0f} pages/s, ratio "
                     f"{_ratio(r_fo['pages_per_s'], r_fo_bl['pages_per_s'])}") if r_fo_bl else ""
            print(f"(c) fetch-only at {a.fetch_concurrency} in flight: {r_fo['pages_per_s']:.0f} pages/s "
                  f"(bar >= 500; ceiling {a.fetch_concurrency / (a.latency / 1000):.0f} at this latency){extra}")
        if r_loc:
            done = r_loc["records"]
            what = "all" if not r_loc["stopped_early"] else f"stopped after {a.local_budget:g}s"
            print(f"(d) fetch-free, {done} of {a.local_n} inputs ({what}): peak RSS sum "
                  f"{r_loc['peak_rss_sum_mb']:.0f} MB, PSS sum {r_loc['peak_pss_sum_mb']:.0f} MB (bar < 400 MB "
                  f"for 100k)")
            trend = r_loc.get("trend", [])
            marks, step, nxt = [], max(500, round(done / 10, -3) or 500), 0
            for point in trend:
                if point["records"] >= nxt:
                    marks.append(f"{point['records']}:{point['rss_sum_mb']:.0f}/{point['pss_sum_mb']:.0f}")
                    nxt = point["records"] + step
            if trend:
                marks.append(f"{trend[-1]['records']}:{trend[-1]['rss_sum_mb']:.0f}/{trend[-1]['pss_sum_mb']:.0f}")
            print(f"    RSS/PSS sum MB by records written: {'  '.join(marks)}")
        for r in runs:
            if r.get("stderr_tail"):
                print(f"  stderr of {r['name']} (rc {r['returncode']}): " + " | ".join(r["stderr_tail"]))
        results["runs"] = runs
        results["loadavg_end"] = os.getloadavg()
        if a.json:
            Path(a.json).write_text(json.dumps(results, indent=2) + "\n")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if not a.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
