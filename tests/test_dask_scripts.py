"""The Dask Python API works from a plain script with no ``if __name__ == "__main__":`` guard
(the README promises every library example does): a script that calls ``scrape_bag(...)
.compute()`` and ``run_sharded(urls, "local", ...)`` at its top level runs once, in a real
subprocess, against the loopback test server. A process-based default scheduler or a
process-based LocalCluster would re-import the script (spawn) and fail."""

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

    def fake_scrape_many(inputs, settings=None, **_kw):
        seen.append(settings.workers)
        return iter([Article(url=u) for u in inputs])

    monkeypatch.setattr(scrapekit.pipeline, "scrape_many", fake_scrape_many)
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
