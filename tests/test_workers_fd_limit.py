"""Many workers under a low ``ulimit -n`` (review, session 10): before, ``--workers 1100`` under
``ulimit -n 1024`` ended with "cannot write output: Too many open files" (a bare EMFILE from
the pool). Now the soft limit is raised when the hard one allows, else a usage error names
the flag and the limit before any work."""

from __future__ import annotations

import resource
import subprocess
import sys

SCRAPE = [sys.executable, "-m", "scrapekit", "scrape", "http://127.0.0.1:9/a",
          "http://127.0.0.1:9/b", "--retries", "0", "-q"]


def _limited(soft: int, hard: int):  # type: ignore[no-untyped-def]
    return lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_too_many_workers_for_the_fd_limit_is_a_usage_error_naming_both(tmp_path):
    proc = subprocess.run([*SCRAPE, "--workers", "300", "-o", str(tmp_path / "x.jsonl")],
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=_limited(256, 256))
    assert proc.returncode == 2, proc.stderr
    assert "--workers 300 needs about 1264 open files, over the limit of 256 (ulimit -n)" \
        in proc.stderr
    assert "Too many open files" not in proc.stderr and "Traceback" not in proc.stderr


def test_fetch_processes_is_named_when_it_sets_the_pool(tmp_path):
    proc = subprocess.run([*SCRAPE, "--no-extract", "--fetch-processes", "300", "-o",
                           str(tmp_path / "x.jsonl")], capture_output=True, text=True,
                          timeout=120, preexec_fn=_limited(256, 256))
    assert proc.returncode == 2, proc.stderr
    assert "--fetch-processes 300 needs about" in proc.stderr


def test_the_soft_limit_is_raised_when_the_hard_limit_allows(tmp_path):
    out = tmp_path / "x.jsonl"
    proc = subprocess.run([*SCRAPE, "--workers", "300", "-o", str(out)], capture_output=True,
                          text=True, timeout=120, preexec_fn=_limited(256, 4096))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().count("\n") == 2  # two connect error records (port 9)


def test_the_library_raises_a_value_error_naming_the_setting():
    code = ("from scrapekit.settings import Settings\n"
            "from scrapekit.workers import Pool, TooManyWorkers\n"
            "try:\n    Pool(Settings(workers=300))\n"
            "except ValueError as exc:\n    print(type(exc).__name__, exc)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, preexec_fn=_limited(256, 256))
    assert proc.stdout.startswith("TooManyWorkers Settings.workers 300 needs about 1264 open "
                                  "files, over this process's limit of 256"), proc.stderr
