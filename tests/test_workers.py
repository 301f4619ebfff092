"""The worker pool (workers.py + worker.py): real processes. Pages are extracted in workers;
a worker that crashes or hangs costs only the page it was on (the others are sent again);
hosts stay with one worker; the host map stays bounded."""

import asyncio
import subprocess
import sys
import time

import pytest

from scrapekit import Settings
from scrapekit import workers as workers_module
from scrapekit.record import Article
from scrapekit.workers import Pool, host_key

from conftest import SEED_HTML
from workerjobs import misbehaving_job

FAST = Settings(retries=0, timeout=10.0, delay=0, per_host=4, concurrency=16, robots=False)


def run_pages(pool, bodies):
    async def go():
        try:
            answers = await asyncio.gather(*(
                pool.extract(b, f"https://a.example/{i}", None, None, None)
                for i, b in enumerate(bodies)))
        finally:
            await pool.aclose()
        return [Article.from_dict(record) for record, _ in answers]
    return asyncio.run(go())


def test_workers_extract_pages():
    records = run_pages(Pool(FAST, 2), [SEED_HTML] * 4)
    assert all(r.ok and r.headline.startswith("Bakhmut") for r in records)
    assert [r.url for r in records] == [f"https://a.example/{i}" for i in range(4)]


def test_a_crashing_page_gets_an_error_record_and_the_others_are_sent_again():
    records = run_pages(Pool(FAST, 2, job=misbehaving_job),
                        [SEED_HTML, b"crash", SEED_HTML, SEED_HTML, SEED_HTML])
    assert records[1].error.kind == "extract" and "crashed" in records[1].error.message
    assert all(r.ok for i, r in enumerate(records) if i != 1)


def test_hung_extraction_is_cut_by_the_timeout():
    started = time.monotonic()
    records = run_pages(Pool(FAST.replace(extract_timeout=3), 2, job=misbehaving_job),
                        [b"hang", SEED_HTML, SEED_HTML])
    assert records[0].error.kind == "extract" and "longer than 3s" in records[0].error.message
    assert records[1].ok and records[2].ok
    assert time.monotonic() - started < 30


def test_time_waiting_for_a_worker_does_not_count_against_the_budget():
    import workerjobs

    # six 1-second pages on one worker: the last waits ~5 s, over the 2.5 s budget
    records = run_pages(Pool(FAST.replace(extract_timeout=2.5), 1, job=workerjobs.slow_job),
                        [SEED_HTML] * 6)
    assert all(r.ok for r in records), [r.error for r in records]


def test_extract_timeout_zero_means_no_budget():
    import workerjobs

    records = run_pages(Pool(FAST.replace(extract_timeout=0), 1, job=workerjobs.slow_job),
                        [SEED_HTML])
    assert records[0].ok


def test_importing_the_workers_module_loads_neither_extraction_nor_network():
    code = ("import sys, scrapekit.workers, scrapekit.pipeline\n"
            "bad = [m for m in ('trafilatura', 'lxml', 'httpx', 'tenacity', 'multiprocessing')\n"
            "       if m in sys.modules]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_hosts_are_keyed_by_hostname():
    assert host_key("http://Example.com/a") == host_key("https://example.com:8443/b")
    assert host_key("http://a.example/") != host_key("http://b.example/")


def test_hosts_are_balanced_and_sticky(fault_server, token):
    srv = fault_server(["127.0.0.21", "127.0.0.22", "127.0.0.23", "127.0.0.24"])

    async def go():
        async with Pool(FAST.replace(extract=False), 2, fetch=True) as pool:
            first = await asyncio.gather(*(pool.scrape(f"u{i}", f"{srv.base(i)}/ok/{token}-a{i}")
                                           for i in range(4)))
            again = await asyncio.gather(*(pool.scrape(f"u{i}", f"{srv.base(i)}/ok/{token}-b{i}")
                                           for i in range(4)))
            owners = {host: entry.worker.index for host, entry in pool._hosts.items()}
            pids = {w.index: w.proc.pid for w in pool._procs}
            return first + again, owners, pids

    answers, owners, pids = asyncio.run(go())
    assert all(record["error"] is None and record["fetch"]["status"] == 200
               for record, _ in answers)
    assert sorted(owners.values()) == [0, 0, 1, 1]
    assert len(set(pids.values())) == 2  # two real processes


def test_a_killed_worker_is_restarted_and_its_fetches_sent_again(fault_server, token):
    srv = fault_server(["127.0.0.28"])

    async def go():
        async with Pool(FAST.replace(extract=False), 1, fetch=True) as pool:
            slow = [asyncio.ensure_future(pool.scrape(f"s{i}", f"{srv.base()}/t/slowhead/1/{token}-{i}"))
                    for i in range(2)]
            deadline = time.monotonic() + 10
            while len(srv.arrivals()) < 2 and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            worker = pool._procs[0]
            first_pid = worker.proc.pid
            worker.proc.kill()
            again = await asyncio.gather(*slow)
            return again, first_pid, worker.proc.pid

    again, first_pid, second_pid = asyncio.run(go())
    assert second_pid != first_pid
    assert all(record["error"] is None for record, _ in again), again


def test_the_host_map_forgets_quiet_hosts_only(monkeypatch):
    monkeypatch.setattr(workers_module, "MAX_HOSTS", 4)
    pool = Pool(Settings(delay=0), 2, fetch=True)  # no process starts until a job
    pool._quiet = 0.0
    busy = pool._host("http://busy.example/a")
    busy.in_flight = 1
    for i in range(10):
        pool._host(f"http://h{i}.example/a")
        time.sleep(0.001)
    assert "busy.example" in pool._hosts
    assert len(pool._hosts) < 11
    assert sum(w.hosts for w in pool._procs) == len(pool._hosts)
    asyncio.run(pool.aclose())


def test_a_busy_worker_hands_pages_to_an_idle_one(server, token):
    """One host belongs to one worker; when its pages pile up, the idle worker extracts some."""
    import workerjobs

    async def go():
        async with Pool(FAST.replace(per_host=16), 2, fetch=True, job=workerjobs.pid_job) as pool:
            answers = await asyncio.gather(*(
                pool.scrape(f"u{i}", f"{server.base}/article/{token}-{i}") for i in range(40)))
            return answers, {w.proc.pid for w in pool._procs if w.proc is not None}

    answers, pids = asyncio.run(go())
    assert all(record["error"] is None for record, _ in answers)
    extracted_by = {int(record["description"]) for record, _ in answers}
    assert len(pids) == 2 and extracted_by == pids
    assert [record["url"] for record, _ in answers] == [f"u{i}" for i in range(40)]
