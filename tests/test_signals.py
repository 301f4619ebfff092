"""Signals, with real processes: SIGTERM stops a run as Ctrl-C does (records so far complete,
valid output, exit 143), and no worker process outlives the main process, even after kill -9.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


def _wait_for(check, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def _start(tmp_path: Path, urls: list[str], *extra: str) -> subprocess.Popen:
    url_file = tmp_path / "urls.txt"
    url_file.write_text("\n".join(urls) + "\n")
    return subprocess.Popen(
        [sys.executable, "-m", "scrapekit", "scrape", "-i", str(url_file), "--no-robots",
         "--delay", "0", "--per-host", "8", "--workers", "2", "--retries", "0", *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_sigterm_ends_the_run_like_ctrl_c_with_valid_output(server, token, tmp_path):
    fast = [f"{server.base}/article/{token}-{i}" for i in range(4)]
    slow = [f"{server.base}/slow/60/{token}-{i}" for i in range(6)]
    out = tmp_path / "out.json"
    proc = _start(tmp_path, fast + slow, "--format", "json", "-o", str(out))
    assert _wait_for(lambda: len(_children(proc.pid)) >= 1, 30), "workers did not start"
    workers = _children(proc.pid)
    # the fast pages are written (each record is flushed as it is written), the slow ones are
    # in flight: wait for that state rather than a fixed time (a loaded machine is slow)
    assert _wait_for(lambda: out.exists() and all(u in out.read_text() for u in fast), 60), \
        "the fast pages were not written"
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    stderr = proc.stderr.read().decode()
    assert code == 143, stderr
    records = json.loads(out.read_text())  # the JSON array was closed
    assert {r["url"] for r in records} >= set(fast)
    assert "done" in stderr  # the summary line
    assert _wait_for(lambda: not any(_alive(p) for p in workers), 5)


def test_no_worker_outlives_a_killed_main_process(server, token, tmp_path):
    slow = [f"{server.base}/slow/60/{token}-{i}" for i in range(4)]
    proc = _start(tmp_path, slow, "-o", str(tmp_path / "out.jsonl"))
    assert _wait_for(lambda: len(_children(proc.pid)) >= 1, 30), "workers did not start"
    time.sleep(1)
    workers = _children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _wait_for(lambda: not any(_alive(p) for p in workers), 5), \
        [p for p in workers if _alive(p)]
