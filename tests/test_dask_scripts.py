"""The Dask Python API works from a plain script with no ``if __name__ == "__main__":`` guard
(the README promises every library example does): a script that calls ``scrape_bag(...)
.compute()`` and ``run_sharded(urls, "local", ...)`` at its top level runs once, in a real
subprocess, against the loopback test server. A process-based default scheduler or a
process-based LocalCluster would re-import the script (spawn) and fail.

Also here: each shard runs one scrapekit worker process unless the caller asked for more, and
Ctrl-C ends shards that run as threads of the caller's process at once (the interpreter would
otherwise wait for them to finish)."""

from __future__ import annotations

import subprocess
import sys

import orjson
import pytest

pytest.importorskip("distributed")

SCRIPT = """\
print("TOP-LEVEL RUN", flush=True)
from scrapekit import Settings
from scrapekit.distributed import merge_parts, run_sharded, scrape_bag

urls = {urls!r}
settings = Settings(workers=1, delay=0.0, retries=0, robots=False)
records = scrape_bag(urls, settings).compute()
print("BAG", sorted(r["url"] for r in records) == sorted(urls),
      all(r["error"] is None for r in records), flush=True)
manifest = run_sharded(urls, "local", "out_lib/", settings)
merged = list(merge_parts("out_lib/"))
print("RUN", manifest["records"], manifest["failedShards"], len(merged), flush=True)
"""


def test_the_dask_api_runs_in_a_script_without_a_main_guard(server, token, tmp_path):
    urls = [f"{server.base}/article/{token}-{i}" for i in range(3)]
    script = tmp_path / "job.py"
    script.write_text(SCRIPT.format(urls=urls), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert lines.count("TOP-LEVEL RUN") == 1, proc.stdout  # never re-imported by a child
    assert "BAG True True" in lines, proc.stdout
    assert "RUN 3 [] 3" in lines, proc.stdout
    manifest = orjson.loads((tmp_path / "out_lib" / "manifest.json").read_bytes())
    assert manifest["scheduler"] == "local"


# -- scrapekit worker processes per shard ---------------------------------------------------------

@pytest.fixture
def seen_workers(monkeypatch):
    """Settings.workers of every shard's pipeline, recorded instead of scraping: the bag's
    threads scheduler and the "local" cluster both run the shards in this process."""
    import scrapekit.pipeline
    from scrapekit.record import Article

    seen: list[int] = []

    async def fake_ascrape_many(inputs, settings=None, **_kw):
        seen.append(settings.workers)
        for url in inputs:
            yield Article(url=url)

    monkeypatch.setattr(scrapekit.pipeline, "ascrape_many", fake_ascrape_many)
    return seen


URLS = [f"http://127.0.0.{h}:9/a/{i}" for h in (1, 2) for i in range(2)]


@pytest.mark.parametrize("api", ["bag", "run_sharded"])
def test_default_settings_run_one_scrapekit_worker_per_shard(api, seen_workers, tmp_path):
    """Default Settings mean one worker per core; on the Dask path each shard would start that
    many, cores x cores in all: a shard runs one unless the caller asked for more."""
    import os

    from scrapekit import Settings
    from scrapekit.distributed import run_sharded, scrape_bag

    auto = Settings().workers
    cases = [(Settings(delay=0.0), {}, 1),                        # workers left at its default
             (None, {}, 1),
             (Settings(workers=auto + 1), {}, auto + 1),          # set explicitly: kept
             (Settings(), {"shard_workers": 3}, 3)]               # the unambiguous way
    for settings, kwargs, expected in cases:
        seen_workers.clear()
        if api == "bag":
            records = scrape_bag(URLS, settings, **kwargs).compute()
        else:
            out = tmp_path / f"run-{expected}-{len(os.listdir(tmp_path))}"
            manifest = run_sharded(URLS, "local", out, settings, local_workers=2, **kwargs)
            records = manifest["records"] * [None]
        assert len(records) == len(URLS)
        assert seen_workers and set(seen_workers) == {expected}, (settings, kwargs)


def test_shard_workers_must_be_positive():
    from scrapekit.distributed import shard_settings

    with pytest.raises(ValueError, match="shard_workers"):
        shard_settings(None, 0)


# -- Ctrl-C: the shards running as threads of the caller's process stop with it --------------------

BAG_SCRIPT = """\
from scrapekit import Settings
from scrapekit.distributed import scrape_bag

urls = {urls!r}
print("COMPUTING", flush=True)
records = scrape_bag(urls, Settings(workers=1, delay=0.0, retries=0, robots=False)).compute()
print("FINISHED", len(records), flush=True)
"""


def _interrupt(proc, wait_for, timeout: float = 30.0) -> float:
    """Send Ctrl-C once ``wait_for()`` holds and a page is in flight; seconds until the
    process ended."""
    import signal
    import time

    deadline = time.monotonic() + 60
    while not wait_for() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(2.5)  # the shard's worker started and is fetching
    proc.send_signal(signal.SIGINT)
    started = time.monotonic()
    try:
        proc.outputs = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.outputs = proc.communicate()
    return time.monotonic() - started


def _slow_urls(server, token, count: int = 20) -> list[str]:
    # one host, one page at a time, 2 s each: 40 s of work per shard
    return [f"{server.base}/slow/2/{token}-{i}" for i in range(count)]


def _restore_sigint():
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a background test run ignores SIGINT


def test_ctrl_c_stops_a_bag_compute_at_once(server, token, tmp_path):
    script = tmp_path / "job.py"
    script.write_text(BAG_SCRIPT.format(urls=_slow_urls(server, token)), encoding="utf-8")
    out = tmp_path / "stdout.txt"
    with open(out, "wb") as fh:
        proc = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path, stdout=fh,
                                stderr=subprocess.DEVNULL, preexec_fn=_restore_sigint)
        took = _interrupt(proc, lambda: b"COMPUTING" in out.read_bytes())
    assert b"FINISHED" not in out.read_bytes()
    assert took < 15, took  # not after the shard's 40 s of pages


def test_ctrl_c_stops_a_dask_local_run_from_the_cli_at_once(server, token, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(_slow_urls(server, token)) + "\n")
    out = tmp_path / "parts"
    proc = subprocess.Popen([sys.executable, "-m", "scrapekit", "scrape", "-i", str(listing),
                             "--dask", "local", "-o", str(out), "--delay", "0", "--no-robots",
                             "--retries", "0"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, preexec_fn=_restore_sigint)
    took = _interrupt(proc, lambda: (out / "shards").exists())
    assert proc.returncode == 130
    assert took < 15, took  # the threads cluster waited 30 s for its running shard
    stderr = proc.outputs[1].decode()
    assert "interrupted" in stderr
    # the shard cancelled by the close is no warning of distributed's (one per shard before)
    assert "CancelledError" not in stderr, stderr
    assert not list(out.glob("part-*.jsonl"))  # the cut shard left no part


def test_the_local_threads_cluster_has_no_memory_limit():
    """Its workers share this process: a per-worker limit would be measured against the whole
    process's memory and could pause every worker on a many-core, small-memory machine."""
    from distributed import Client

    from scrapekit.distributed import _local_cluster

    cluster = _local_cluster(2)
    try:
        with Client(cluster) as client:
            workers = client.scheduler_info()["workers"].values()
            assert [w["memory_limit"] for w in workers] == [0, 0]
    finally:
        cluster.close()


def test_bags_derived_from_scrape_bag_keep_the_threads_scheduler(seen_workers):
    import pickle

    from scrapekit.distributed import ThreadedBag, scrape_bag

    bag = scrape_bag(URLS).filter(lambda r: r["error"] is None).map(lambda r: r["url"])
    assert isinstance(bag, ThreadedBag)
    assert sorted(bag.compute()) == sorted(URLS)  # in this process: the fake pipeline ran
    assert type(pickle.loads(pickle.dumps(scrape_bag(URLS)))) is ThreadedBag
