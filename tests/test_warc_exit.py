"""A WARC read only in part ends `scrapekit extract` with exit 1 (as a URL list that breaks while
read does), after the records of the pages before the damage; a whole archive exits 0."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import FIXTURES

MIXED = FIXTURES / "warc" / "mixed.warc.gz"


def _extract(path, out):
    return subprocess.run([sys.executable, "-m", "scrapekit", "extract", str(path), "-o", str(out),
                           "--workers", "1"], capture_output=True, timeout=120)


def test_a_whole_archive_exits_0_and_a_cut_one_exits_1_after_its_records(tmp_path):
    whole = _extract(MIXED, tmp_path / "whole.jsonl")
    assert whole.returncode == 0, whole.stderr.decode()
    records = (tmp_path / "whole.jsonl").read_text().splitlines()
    assert len(records) >= 2
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(MIXED.read_bytes()[:MIXED.stat().st_size * 2 // 3])
    r = _extract(cut, tmp_path / "cut.jsonl")
    assert r.returncode == 1, r.stderr.decode()
    assert b"damaged" in r.stderr
    kept = [json.loads(x) for x in (tmp_path / "cut.jsonl").read_text().splitlines()]
    assert 1 <= len(kept) < len(records)
    assert [k["url"] for k in kept] == [json.loads(x)["url"] for x in records][:len(kept)]
