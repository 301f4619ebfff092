"""The labeller-agreement scorer (benchmarks/links_agreement.py) on a tiny hand-made pair of label
files, not on the real ones."""

from __future__ import annotations

import json

import pytest

from benchmarks.links_agreement import agreement, disagreements, main, pair_pages

FIRST = {  # labeller A, as in labels.json
    "p1.html.gz": {"batch": 7, "url": "https://news.example/a", "links": [
        {"url": "https://news.example/one", "text": "one", "kind": "inBody"},
        {"url": "https://news.example/two", "text": "two", "kind": "related"},
        {"url": "https://news.example/three", "text": "three", "kind": "related"},
    ]},
    "p2.html.gz": {"batch": 6, "url": "https://paper.example/b", "links": [
        {"url": "https://paper.example/x", "text": "x", "kind": "inBody"},
    ]},
    "only-a.html.gz": {"batch": 6, "url": "https://other.example/", "links": [
        {"url": "https://other.example/z", "text": "z", "kind": "inBody"},
    ]},
}
SECOND = {  # labeller B
    "p1.html.gz": {"links": [
        # the same link as A's, written differently: www., trailing slash, tracking, fragment
        {"url": "https://www.news.example/one/?utm_source=x#top", "text": "one", "kind": "inBody"},
        {"url": "https://news.example/two", "text": "two", "kind": "inBody"},  # kind differs
        {"url": "https://news.example/four", "text": "four", "kind": "related"},  # B only
    ]},  # A's "three" is missing: A only
    "p2.html.gz": {"links": [
        {"url": "https://paper.example/x", "text": "x", "kind": "inBody"},
    ]},
    "only-b.html.gz": {"links": [
        {"url": "https://else.example/q", "text": "q", "kind": "inBody"},
    ]},
}


def test_only_pages_labelled_by_both_are_paired() -> None:
    pairs = pair_pages(FIRST, SECOND)
    assert [p["name"] for p in pairs] == ["p1.html.gz", "p2.html.gz"]
    assert [p["batch"] for p in pairs] == [7, 6]


def test_agreement_kind_aware_and_url_only() -> None:
    s = agreement(pair_pages(FIRST, SECOND))
    assert (s["links_a"], s["links_b"], s["pages"], s["pages_equal"]) == (4, 4, 2, 1)
    # kind-aware: "one" and "x" match; B has 4, A has 4
    assert s["matched"] == 2
    assert s["precision"] == pytest.approx(2 / 4)
    assert s["recall"] == pytest.approx(2 / 4)
    assert s["f1"] == pytest.approx(0.5)
    # URL-only: "two" matches too
    assert s["url_precision"] == pytest.approx(3 / 4)
    assert s["url_recall"] == pytest.approx(3 / 4)
    assert s["url_f1"] == pytest.approx(0.75)


def test_agreement_is_asymmetric_in_p_and_r_symmetric_in_f1() -> None:
    first = {"p": {"links": [{"url": "https://a.example/1", "kind": "inBody"},
                             {"url": "https://a.example/2", "kind": "inBody"}]}}
    second = {"p": {"links": [{"url": "https://a.example/1", "kind": "inBody"}]}}
    ab = agreement(pair_pages(first, second))
    ba = agreement(pair_pages(second, first))
    assert (ab["precision"], ab["recall"]) == (1.0, 0.5)
    assert (ba["precision"], ba["recall"]) == (0.5, 1.0)
    assert ab["f1"] == pytest.approx(ba["f1"]) == pytest.approx(2 / 3)


def test_disagreements_by_cause() -> None:
    p1 = pair_pages(FIRST, SECOND)[0]
    assert disagreements(p1) == [
        ("kind", "related/inBody", "https://news.example/two"),
        ("A only", "related", "https://news.example/three"),
        ("B only", "related", "https://news.example/four"),
    ]
    assert disagreements(pair_pages(FIRST, SECOND)[1]) == []


def test_main_prints_batches_overall_and_disagreements(tmp_path, monkeypatch, capsys) -> None:
    import benchmarks.links_agreement as mod

    (tmp_path / "labels.json").write_text(json.dumps(FIRST), "utf-8")
    (tmp_path / "second.json").write_text(json.dumps(SECOND), "utf-8")
    monkeypatch.setattr(mod, "FIXTURES", tmp_path)
    assert main(["--verbose", "--second", str(tmp_path / "second.json")]) == 0
    out = capsys.readouterr().out
    rows = {" ".join(line.split()[:2]): line.split()[2:] for line in out.splitlines()
            if line.startswith(("batch ", "overall "))}
    # columns: pages, equal, P, R, F1, url-P, url-R, url-F1, A, B
    assert rows["batch 7"] == ["1", "0", "33.3%", "33.3%", "33.3%", "66.7%", "66.7%", "66.7%", "3", "3"]
    assert rows["batch 6"] == ["1", "1"] + ["100.0%"] * 6 + ["1", "1"]
    assert rows["overall 2"] == ["1"] + ["50.0%"] * 3 + ["75.0%"] * 3 + ["4", "4"]
    assert "p1.html.gz  (batch 7)" in out and "p2.html.gz" not in out.split("overall by kind")[1]
    assert "B only related         https://news.example/four" in out


def test_external_pairs_by_id_per_file_and_main(tmp_path, monkeypatch, capsys) -> None:
    import benchmarks.links_agreement as mod

    first = {"source": "s", "judge": True, "pages": [
        {"id": "a", "url": "https://x.example/a", "links": [
            {"url": "https://x.example/one", "kind": "inBody"},
            {"url": "https://x.example/two", "kind": "related"}]},
        {"id": "b", "url": "https://x.example/b", "links": []},
        {"id": "not-again", "url": "https://x.example/c", "links": [
            {"url": "https://x.example/z", "kind": "inBody"}]}]}
    second = {"source": "s", "pages": [
        {"id": "a", "url": "https://x.example/a", "links": [
            {"url": "https://x.example/one", "kind": "inBody"}]},
        {"id": "b", "url": "https://x.example/b", "links": []}]}
    (tmp_path / "second").mkdir()
    (tmp_path / "batch.json").write_text(json.dumps(first), "utf-8")
    (tmp_path / "second" / "batch.json").write_text(json.dumps(second), "utf-8")
    (tmp_path / "second" / "orphan.json").write_text(json.dumps(second), "utf-8")  # no first file
    pairs = mod.external_pairs(tmp_path)
    assert [(p["name"], p["batch"]) for p in pairs] == [("a", "batch"), ("b", "batch")]
    assert agreement(pairs)["recall"] == 0.5 and agreement(pairs)["precision"] == 1.0

    monkeypatch.setattr(mod, "external_pairs", lambda: pairs)
    assert main(["--external"]) == 0
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()
            if line.startswith(("batch ", "overall "))}
    assert rows["batch"][:5] == ["2", "1", "100.0%", "50.0%", "66.7%"]
