"""scrapekit eval: a gold file of 10 pages written for this test, with scores known by hand.

The pages (tests/fixtures/eval) are read with rules.toml pinning every field, so the extraction
is exact and the scores follow from the gold file's deliberate mistakes:
- headline: page 10's gold is wrong -> 9/10;
- authors: page 3's gold has a name the page lacks, page 4 shows a name the gold lacks:
  13 predicted, 13 expected, 12 matched -> P = R = F1 = 12/13;
- datePublished: pages 5 and 6 have the wrong day in the gold -> 8/10;
- articleBody: page 7's gold is its first paragraph only (22 of 43 tokens: 19 of 40 shingles)
  -> precision (9 + 19/40) / 10, recall 1, F1 their harmonic mean;
- relatedLinks: labelled on pages 1-5, page 2's gold swaps one URL -> P = R = 9/10.
"""

import json
import subprocess
import sys

import pytest

from scrapekit import Settings
from scrapekit.evaluate import GoldError, evaluate, read_gold, shingles

from conftest import FIXTURES

GOLD = FIXTURES / "eval" / "gold.jsonl"
RULES = FIXTURES / "eval" / "rules.toml"
BODY_P = (9 + 19 / 40) / 10
EXPECTED = {"headline": 0.9, "authors": 12 / 13, "datePublished": 0.8,
            "articleBody": 2 * BODY_P / (BODY_P + 1), "relatedLinks": 0.9}


def test_known_scores():
    report = evaluate(read_gold(GOLD), Settings(rules=str(RULES), workers=1))
    assert report["fields"] == pytest.approx(EXPECTED)
    details = report["details"]
    assert details["articleBody"]["precision"] == pytest.approx(BODY_P)
    assert details["authors"]["precision"] == pytest.approx(12 / 13)
    assert [details[k]["pages"] for k in EXPECTED] == [10, 10, 10, 10, 5]
    assert len(report["pages"]) == 10 and report["pages"][9]["headline"] is False


def test_shingles_match_the_benchmark_definition():
    assert sum(shingles("a b c d e").values()) == 2
    assert shingles("a b") == {("a", "b"): 1}
    assert not shingles("  ,, ")


def run(*args):
    return subprocess.run([sys.executable, "-m", "scrapekit", "eval", str(GOLD), "--rules",
                           str(RULES), *args], capture_output=True, text=True, timeout=120)


def test_cli_table_json_and_thresholds(tmp_path):
    out = tmp_path / "scores.json"
    ok = run("--json", str(out), "--min", "headline=0.9", "--min", "authors.recall=0.9")
    assert ok.returncode == 0, ok.stderr
    assert "headline" in ok.stdout and "0.900" in ok.stdout and "0.923" in ok.stdout
    data = json.loads(out.read_text())
    assert data["fields"] == pytest.approx(EXPECTED) and data["passed"] is True
    assert all(0 <= v <= 1 for v in data["fields"].values())
    unmet = run("--min", "headline=0.95", "--min", "relatedLinks=0.5")
    assert unmet.returncode == 1
    assert "headline = 0.900 < 0.95" in unmet.stderr and "relatedLinks" not in unmet.stderr
    bad = run("--min", "title=0.5")
    assert bad.returncode == 2 and "FIELD=VALUE" in bad.stderr


def test_unusable_gold_files_name_the_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"url": "https://a.example/", "html": "missing.html"}\n')
    with pytest.raises(GoldError, match="line 1: no file"):
        read_gold(gold)
    gold.write_text('\n{"url": "https://a.example/"\n')
    with pytest.raises(GoldError, match="line 2: not JSON"):
        read_gold(gold)
    proc = subprocess.run([sys.executable, "-m", "scrapekit", "eval", str(gold)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "line 2" in proc.stderr
