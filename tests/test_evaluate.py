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


def test_links_match_under_the_pipelines_tracking_list():
    from scrapekit.evaluate import Scorer
    from scrapekit.urlkeys import is_likely_tracking

    scorer = Scorer()
    links = [{"url": "https://www.x.example/a/?cid=5&at_medium=social&page=2"},
             {"url": "https://x.example/b?int_source=home#top"}]
    scorer.add({"relatedLinks": ["https://x.example/a?page=2", "https://x.example/b"]},
               {"relatedLinks": links})
    assert scorer.result()["relatedLinks"]["score"] == 1.0
    assert all(is_likely_tracking(k) for k in ("cid", "at_medium", "int_source"))
    scorer = Scorer()  # a parameter that is not tracking still tells pages apart
    scorer.add({"relatedLinks": ["https://x.example/a?page=3"]},
               {"relatedLinks": [{"url": "https://x.example/a?page=2"}]})
    assert scorer.result()["relatedLinks"]["score"] == 0.0


def test_an_oversized_gold_line_is_an_error_naming_it(tmp_path, monkeypatch):
    import scrapekit.evaluate as ev

    (tmp_path / "a.html").write_text("<html><body><p>x</p></body></html>")
    gold = tmp_path / "gold.jsonl"
    small = '{"url": "https://a.example/", "html": "a.html"}\n'
    big = '{"url": "https://a.example/", "html": "a.html", "articleBody": "' + "x" * 5000 + '"}\n'
    gold.write_text(small + big + small)
    monkeypatch.setattr(ev, "MAX_GOLD_LINE_BYTES", 1000)
    with pytest.raises(GoldError, match=r"line 2: over 1000 bytes"):
        read_gold(gold)
    monkeypatch.setattr(ev, "MAX_GOLD_LINE_BYTES", 10_000)
    monkeypatch.setattr(ev, "MAX_GOLD_BYTES", 3000)
    with pytest.raises(GoldError, match=r"line 2: the file is over 3000 bytes"):
        read_gold(gold)
    monkeypatch.setattr(ev, "MAX_GOLD_BYTES", 100_000)
    assert [p.line for p in read_gold(gold)] == [1, 2, 3]


@pytest.mark.parametrize("args, ok", [
    (["--min", "authors.precision=0.5"], True),
    (["--min", "relatedLinks.recall=0.5"], True),
    (["--min", "headline.score=0.5"], True),
    (["--min", "headline.precision=0.5"], False),
    (["--min", "datePublished.recall=0.5"], False),
    (["--extract-timeout", "2.5"], True),
    (["--extract-timeout", "0"], False),
    (["--extract-timeout", "-1"], False),
])
def test_eval_options_refuse_what_cannot_be_measured(args, ok, capsys):
    from scrapekit.cli import build_parser

    parser = build_parser()
    if ok:
        parser.parse_args(["eval", "gold.jsonl", *args])
    else:
        with pytest.raises(SystemExit) as exc:
            parser.parse_args(["eval", "gold.jsonl", *args])
        assert exc.value.code == 2
        assert "expected" in capsys.readouterr().err


def test_eval_and_output_errors_are_scrapekit_errors():
    from scrapekit import errors, evaluate as ev, sinks

    for cls in (ev.GoldError, sinks.OutputInUse, sinks.OutputGone):
        assert issubclass(cls, errors.ScrapekitError)
        assert getattr(errors, cls.__name__) is cls
    assert issubclass(ev.GoldError, ValueError)
