"""The CLI side of ``--dask`` (review, session 10): one scrapekit worker per Dask worker unless
``--workers`` says otherwise, and an interrupted run that reports what its finished shards hold
and how to resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from loopsite import LoopSite, QuietHandler

pytest.importorskip("distributed")


@pytest.mark.parametrize("given,expected", [((), 1), (("--workers", "3"), 3),
                                            (("--workers", str(os.cpu_count() or 1)), os.cpu_count() or 1)])
def test_dask_runs_one_scrapekit_worker_per_dask_worker_unless_told(monkeypatch, tmp_path,
                                                                     given, expected):
    # before: Settings(workers=<cores>) went to every Dask worker: cores x cores processes
    from scrapekit import cli, distributed

    seen = {}

    def fake_run_sharded(urls, scheduler, out_dir, settings, **kwargs):
        # what each shard runs with (the library's rule, with the CLI's shard_workers)
        seen["workers"] = distributed.shard_settings(settings, kwargs.get("shard_workers")).workers
        list(urls)
        return {"inputs": 0, "records": 0, "errors": {}, "elapsedSeconds": 0.0,
                "failedShards": []}

    monkeypatch.setattr(distributed, "run_sharded", fake_run_sharded)
    before = signal.getsignal(signal.SIGTERM)
    try:
        code = cli.main(["scrape", "http://127.0.0.1:9/x", "--dask", "local", "-q",
                         "-o", str(tmp_path / "out"), *given])
    finally:
        signal.signal(signal.SIGTERM, before)
    assert code == 0
    assert seen["workers"] == expected


class _Stalls(QuietHandler):
    def do_GET(self) -> None:  # noqa: N802
        time.sleep(60)  # the shard of this host never finishes before the test stops the run


def test_an_interrupted_dask_run_reports_its_finished_shards_and_the_resume_hint(tmp_path):
    # before: "interrupted before the first record", though a finished part held records
    site = LoopSite(_Stalls).start()
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(f"not a url {i}\n" for i in range(3)) + f"{site.base}/slow\n")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "scrapekit", "scrape", "-i", str(urls),
                             "--dask", "local", "-o", str(out), "--no-robots", "--delay", "0"],
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stderr is not None
    lines = []
    try:
        for line in proc.stderr:  # the shard of invalid URLs finishes at once
            lines.append(line)
            if " done: 3 records" in line:
                break
        proc.send_signal(signal.SIGTERM)
        rest = proc.stderr.read()
        code = proc.wait(90)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        site.stop()
    err = "".join(lines) + rest
    assert code == 143, err
    assert "before the first record" not in err and "Traceback" not in err, err
    assert "interrupted after 1 finished shard(s): 3 done, 0 ok, 3 failed (invalid_url 3)" in err
    assert f"the records so far are in {out}: run the same command with --resume" in err
    parts = [p.read_text() for p in out.glob("part-*.jsonl")]
    assert sum(part.count("\n") for part in parts) == 3
