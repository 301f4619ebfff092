"""The link benchmark's external parts (benchmarks.links.load_external): label files of pages
kept outside the repository, read from the shared bench data. Tested on a page written here."""

from __future__ import annotations

import gzip
import json

import pytest

import benchmarks.links as bench
from pagekit import BODY, page

URL = "https://ext.example/2024/05/a-story"
PID = "0b6f9d1c-1111-4222-8333-944455556666"
PART = bench.external_part("tiny", URL)


def _story() -> str:
    text = BODY.replace("for a while.", "for a while, see <a href='https://o.example/2024/05/src'>"
                                        "the source</a>.", 1)
    return page("", f"<article><h1>A headline for the story</h1>{text}{BODY}{BODY}</article>")


def _write(tmp_path, pages, source="tiny", html=None):
    labels = tmp_path / "labels"
    labels.mkdir(exist_ok=True)
    (labels / f"{source}.json").write_text(json.dumps(
        {"source": source, "pages": pages, "skipped": [{"id": "x", "why": "not an article"}]}))
    shared = tmp_path / "shared"
    html_dir = shared / "data" / source / "html"
    html_dir.mkdir(parents=True, exist_ok=True)
    if html is not None:
        (html_dir / f"{PID}.html.gz").write_bytes(gzip.compress(html.encode()))
    return labels, shared


def _entry(**extra):
    return {"id": PID, "url": URL, "note": "one text link",
            "links": [{"url": "https://o.example/2024/05/src", "kind": "inBody"}], **extra}


def test_external_pages_load_as_their_own_part_without_text_fields(tmp_path):
    labels, shared = _write(tmp_path, [_entry()], html=_story())
    pages, messages = bench.load_external(labels, shared)
    assert messages == []
    assert [(p["split"], p["url"], p["batch"]) for p in pages] == [(PART, URL, None)]
    assert pages[0]["expected"] == [{"url": "https://o.example/2024/05/src", "kind": "inBody"}]
    assert "the source" in pages[0]["html"]
    # scored like the labelled set: the page's one link is found
    predicted, _, _ = bench.run_scrapekit(pages, repeat=1)
    s = bench.score(pages, predicted)
    assert (s["precision"], s["recall"]) == (1.0, 1.0)


def test_missing_shared_data_leaves_the_part_out_with_a_message(tmp_path):
    labels, _ = _write(tmp_path, [_entry()], html=_story())
    pages, messages = bench.load_external(labels, tmp_path / "nowhere")
    assert pages == []
    assert len(messages) == 1 and "external-tiny" in messages[0] and "left out" in messages[0]


def test_external_pages_split_by_site_into_tuning_and_validation():
    halves = {bench.external_part("tiny", f"https://www.site{i}.example/a/story") for i in range(40)}
    assert halves == {"external-tiny-tuning", "external-tiny-validation"}
    # by site: every page of one site in the same half
    assert len({bench.external_part("tiny", f"https://news.site7.example/{i}") for i in range(9)}) == 1
    assert bench.external_part("tiny", "https://www.site7.example/x") == \
        bench.external_part("tiny", "https://news.site7.example/y")


def test_bad_pages_and_files_are_left_out_and_counted(tmp_path):
    broken = {"id": "no-such-page", "url": URL, "links": []}
    no_links = {"id": PID, "url": URL}
    labels, shared = _write(tmp_path, [_entry(), broken, no_links], html=_story())
    (labels / "zz-broken.json").write_text("{not json")
    (labels / "zz-escape.json").write_text(json.dumps({"source": "../tiny", "pages": []}))
    pages, messages = bench.load_external(labels, shared)
    assert len(pages) == 1
    assert any("2 of 3 pages left out" in m for m in messages)
    assert sum("not an external label file" in m for m in messages) == 2
    assert bench.load_external(tmp_path / "no-dir", shared) == ([], [])


def test_the_benchmark_prints_external_parts_in_aggregate_only(tmp_path, monkeypatch, capsys):
    labels, shared = _write(tmp_path, [_entry()], html=_story())
    loaded = bench.load_external(labels, shared)
    monkeypatch.setattr(bench, "load_external", lambda: loaded)
    monkeypatch.setattr(bench, "load_set", lambda: [])
    assert bench.main(["--no-peer", "--verbose"]) == 0
    out = capsys.readouterr().out
    assert f"{PART} (1 pages, 1 sites) scrapekit" in out
    assert "100.0%" in out
    assert "not listed page by page" in out and PID not in out and URL not in out
    # a per-page listing of an external part is refused
    assert bench.main(["--verbose", "--split", PART]) == 2
    assert "aggregate only" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        bench.main(["--split", "no-such-part"])
    with pytest.raises(SystemExit):
        bench.main(["--skip", "no-such-part"])
    # a skipped external part must be one loaded (a part or a source): a typo is an error
    assert bench.main(["--no-peer", "--skip", "external-tyny"]) == 2
    assert "external-tyny" in capsys.readouterr().err
    assert bench.main(["--no-peer", "--skip", "external-tiny"]) == 1  # the source: all left out
    capsys.readouterr()
    # --skip external leaves the external parts out (not even loaded)
    monkeypatch.setattr(bench, "load_external", lambda: pytest.fail("loaded"))
    monkeypatch.setattr(bench, "load_set", lambda: loaded[0])
    assert bench.main(["--no-peer", "--skip", "external"]) == 0
    assert f"{PART} (1 pages" in capsys.readouterr().out
    assert bench.main(["--no-peer", "--skip", "external", "--skip", "external-tiny"]) == 1
    assert "no pages" in capsys.readouterr().err


def test_a_judge_file_is_one_unsplit_part_named_by_the_file(tmp_path):
    labels, shared = _write(tmp_path, [], html=_story())
    entries = [_entry(), {**_entry(), "url": "https://www.site7.example/x"},
               {**_entry(), "url": "https://www.site8.example/y"}]
    (labels / "tiny-2.json").write_text(json.dumps({"source": "tiny", "judge": True,
                                                    "pages": entries}))
    pages, messages = bench.load_external(labels, shared)
    assert messages == []
    assert [p["split"] for p in pages] == ["external-tiny-2-judge"] * 3
    # the same pages in a file without the flag are split by site into the two halves
    (labels / "tiny-3.json").write_text(json.dumps({"source": "tiny", "judge": "true", "pages": entries}))
    entries7 = [{**e, "url": e["url"].replace(".example", f"{i}.example")}
                for i in range(7) for e in entries]
    (labels / "tiny.json").write_text(json.dumps({"source": "tiny", "pages": entries7}))
    pages, messages = bench.load_external(labels, shared)
    splits = [p["split"] for p in pages]
    assert splits.count("external-tiny-2-judge") == 3
    assert {s for s in splits if s != "external-tiny-2-judge"} == {"external-tiny-tuning",
                                                                  "external-tiny-validation"}
    # a judge flag that is not a boolean leaves the file out, said so
    assert messages == ["tiny-3.json: 'judge' is not true or false; left out"]


def test_a_later_file_of_a_source_without_the_judge_flag_is_split_into_its_own_halves(tmp_path, capsys,
                                                                                      monkeypatch):
    # a batch once held out as a judge (big9-chaos-2.json) becomes tuning/validation material:
    # split by the same site rule, into parts named by its file, not merged into the source's
    labels, shared = _write(tmp_path, [_entry()], html=_story())
    entries = [{**_entry(), "url": f"https://www.site{i}.example/2024/05/a-story"} for i in range(12)]
    (labels / "tiny-2.json").write_text(json.dumps({"source": "tiny", "pages": entries}))
    pages, messages = bench.load_external(labels, shared)
    assert messages == []
    later = [p["split"] for p in pages if p["name"].startswith("external-tiny-2/")]
    assert later == [bench.external_part("tiny-2", e["url"]) for e in entries]
    assert set(later) == {"external-tiny-2-tuning", "external-tiny-2-validation"}
    assert [p["split"] for p in pages if p["name"].startswith("external-tiny/")] == [PART]
    # the benchmark pools the validation halves of every external part (the unseen-site figure)
    monkeypatch.setattr(bench, "load_external", lambda: (pages, []))
    monkeypatch.setattr(bench, "load_set", lambda: [])
    assert bench.main(["--no-peer"]) == 0
    out = capsys.readouterr().out
    n_validation = sum(p["split"].endswith("-validation") for p in pages)
    assert f"external validation halves pooled ({n_validation} pages)" in out


def test_judge_parts_are_scored_only_with_the_judge_flag(tmp_path, monkeypatch, capsys):
    labels, shared = _write(tmp_path, [_entry()], html=_story())
    (labels / "tiny-2.json").write_text(json.dumps({"source": "tiny", "judge": True,
                                                    "pages": [_entry()]}))
    loaded = bench.load_external(labels, shared)
    monkeypatch.setattr(bench, "load_external", lambda: loaded)
    monkeypatch.setattr(bench, "load_set", lambda: [])
    assert bench.main(["--no-peer"]) == 0
    out = capsys.readouterr()
    assert "external-tiny-2-judge" not in out.out and "--judge scores it" in out.err
    assert PART in out.out
    assert bench.main(["--no-peer", "--judge"]) == 0
    assert "external-tiny-2-judge" in capsys.readouterr().out


def test_judge_parts_are_pooled_with_the_judge_flag(tmp_path, monkeypatch, capsys):
    labels, shared = _write(tmp_path, [_entry()], html=_story())
    for name in ("tiny-2", "tiny-3"):  # two judge files: their parts pooled in one row
        (labels / f"{name}.json").write_text(json.dumps({"source": "tiny", "judge": True,
                                                         "pages": [_entry()]}))
    loaded = bench.load_external(labels, shared)
    monkeypatch.setattr(bench, "load_external", lambda: loaded)
    monkeypatch.setattr(bench, "load_set", lambda: [])
    assert bench.main(["--no-peer"]) == 0
    assert "judge parts pooled" not in capsys.readouterr().out
    assert bench.main(["--no-peer", "--judge"]) == 0
    assert "judge parts pooled (2 pages) scrapekit" in capsys.readouterr().out
