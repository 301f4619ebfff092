"""The learned block model (extractors/body_model.py) and the body guards around it."""

import fnmatch
import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest

import scrapekit
from pagekit import BODY, page
from scrapekit.extractors import body as body_mod
from scrapekit.extractors.body import Block, block_reasons, vote
from scrapekit.extractors.body_model import (FEATURES, MODEL_FILE, MODEL_FORMAT, block_features,
                                             load_model, model_from_json)

ROOT = Path(__file__).resolve().parents[1]
P = ("The council voted on Tuesday to approve the new budget, which includes funding for roads, "
     "schools and the public library, after a debate that lasted most of the evening. ")
# an old table layout: the story in one cell, section labels and widgets in the other rows
TABLE_PAGE = ("<html><head><title>Council budget</title></head><body><table>"
              "<tr><td>Sections</td></tr><tr><td>Current Conditions</td><td></td></tr>"
              f"<tr><td>{P * 4}</td></tr><tr><td>Tuesday Previews</td></tr>"
              "<tr><td>Search the web for more...</td><td></td></tr><tr><td>VOTE</td></tr>"
              "</table></body></html>")


def test_shipped_model_loads_with_its_provenance():
    model = load_model()
    assert model is not None and model.kind == "trees"
    assert model.features == FEATURES
    spec = model.spec
    assert spec["format"] == MODEL_FORMAT
    assert set(spec["trained_on"]) == {"scrapinghub", "dragnet", "l3s-gn1", "big9-chaos"}
    assert set(spec["trained_on"].values()) == {"tuning part"}
    assert "body_split.py" in spec["split"] and "benchmarks.body_train" in spec["command"]
    assert spec["date"][:4].isdigit() and 0 < model.drop < 0.5
    assert model.threshold("row") == spec["drop_by_kind"]["row"] and "--drop-row" in spec["command"]
    assert model.threshold("p") == model.drop < model.threshold("row") < 0.5
    assert len(spec["trees"]) == 60 and all(len(t) == 5 for t in spec["trees"])
    path = resources.files("scrapekit.extractors.models").joinpath(MODEL_FILE)
    assert len(path.read_bytes()) < 300_000


def test_model_file_is_package_data():
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = conf["tool"]["setuptools"]["package-data"]["scrapekit"]
    assert any(fnmatch.fnmatch(f"extractors/models/{MODEL_FILE}", p) for p in patterns)


def test_model_scores_article_text_above_widget_rows():
    blocks = [Block("| Sections |", "row", 0.0), Block("| " + P * 4 + "|", "row", 0.0),
              Block("| VOTE |", "row", 0.0)]
    why = block_reasons(blocks, ())
    probs = load_model().probabilities(block_features(
        [b.text for b in blocks], [b.kind for b in blocks], [b.link_ratio for b in blocks], why))
    assert probs[1] > 0.9 and probs[0] < 0.1 and probs[2] < 0.1
    assert why == [0, 0, 0]  # the hand rules keep all three
    assert vote(blocks, why, 0, [], []) == [False, True, False]


def test_model_changes_the_body_of_a_page(monkeypatch):
    body = scrapekit.extract(TABLE_PAGE, "https://news.example/budget").article_body
    assert P.strip() in body
    assert "Tuesday Previews" not in body and "VOTE" not in body
    monkeypatch.setattr(body_mod, "load_model", lambda: None)  # the hand rules alone
    rules = scrapekit.extract(TABLE_PAGE, "https://news.example/budget").article_body
    assert "Tuesday Previews" in rules and "VOTE" in rules


def test_model_never_empties_a_body(monkeypatch):
    spec = dict(load_model().spec, drop=1.01)  # a model that vetoes every block
    monkeypatch.setattr(body_mod, "load_model", lambda: model_from_json(json.dumps(spec)))
    blocks = [Block("| Sections |", "row", 0.0), Block(P, "p", 0.0), Block("| VOTE |", "row", 0.0)]
    assert vote(blocks, [0, 0, 0], 0, [], []) == [True, True, True]
    assert vote(blocks, [0, 0, 5], 0, [], []) == [True, True, False]


def test_veto_threshold_by_kind(monkeypatch):
    """A table row goes under the row threshold, a paragraph of the same score stays (the
    constant model below scores every block 0.2: between the two thresholds)."""
    spec = {"format": MODEL_FORMAT, "features": list(FEATURES), "kind": "trees",
            "base": -1.3862944, "rate": 1.0, "trees": [], "drop": 0.1,
            "drop_by_kind": {"row": 0.3}}
    model = model_from_json(json.dumps(spec))
    assert model.probabilities([[0.0] * len(FEATURES)])[0] == pytest.approx(0.2)
    monkeypatch.setattr(body_mod, "load_model", lambda: model)
    blocks = [Block("| A row of a layout table |", "row", 0.0), Block(P, "p", 0.0),
              Block("| Another row |", "row", 0.0)]
    assert vote(blocks, [0, 0, 0], 0, [], []) == [False, True, False]
    # without a threshold for rows, the model's one threshold holds for every kind
    del spec["drop_by_kind"]
    monkeypatch.setattr(body_mod, "load_model", lambda: model_from_json(json.dumps(spec)))
    assert vote(blocks, [0, 0, 0], 0, [], []) == [True, True, True]


@pytest.mark.parametrize("raw", [
    "not json", "[]", json.dumps({"format": MODEL_FORMAT + 1, "features": list(FEATURES)}),
    json.dumps({"format": MODEL_FORMAT, "features": ["log_words"], "kind": "trees"}),
    json.dumps({"format": MODEL_FORMAT, "features": list(FEATURES), "kind": "trees",
                "base": 0, "rate": 1, "trees": [[[999, -1, -1], [0.5, 0, 0], [1, -1, -1],
                                                 [2, -1, -1], [0, 1, 2]]]}),
])
def test_unusable_model_files_leave_the_rules_alone(raw):
    assert model_from_json(raw) is None


def test_trees_compile_to_their_sum():
    tree = [[2, -1, -1], [0.5, 0, 0], [1, -1, -1], [2, -1, -1], [0, -1.0, 3.0]]
    spec = {"format": MODEL_FORMAT, "features": list(FEATURES), "kind": "trees", "base": 0.5,
            "rate": 0.1, "trees": [tree, tree]}
    model = model_from_json(json.dumps(spec))
    row = [0.0] * len(FEATURES)
    assert model.log_odds(row) == pytest.approx(0.5 - 0.2)
    row[2] = 0.9
    assert model.log_odds(row) == pytest.approx(0.5 + 0.6)


# -- "when unsure, return null": a page of footer text has no body ----------------------------

FOOTER_PAGE = page("<title>Acme Widgets</title>",
                   "<header><nav><a href='/'>Home</a> <a href='/about'>About</a></nav></header>"
                   "<div id='main'></div><footer><p>Acme Widgets Ltd, 12 High Street, "
                   "Springfield. Open Monday to Friday.</p></footer>")


def test_footer_only_page_has_no_body():
    art = scrapekit.extract(FOOTER_PAGE, "https://acme.example/")
    assert art.article_body is None and art.error.kind == "not_article"


def test_short_article_text_outside_the_footer_stays():
    html = page("<title>Notice</title>",
                "<main><p>The library is closed on Monday for repairs to the roof.</p></main>"
                "<footer><p>Acme Widgets Ltd, 12 High Street, Springfield.</p></footer>")
    body = scrapekit.extract(html, "https://acme.example/notice").article_body
    assert body == "The library is closed on Monday for repairs to the roof."


@pytest.mark.parametrize("open_, close", [
    ("<div class='page has-sticky-footer'>", "</div>"),
    ("<div id='footer-push-wrapper'>", "</div>"),
])
def test_a_short_article_inside_a_wrapper_named_footer_stays(open_, close):
    text = ("The ferry to the island runs again from Monday after the storm damaged "
            "the pier last week, the harbour office said.")
    html = page("<title>Ferry</title>", f"{open_}<h1>Ferry runs again</h1><p>{text}</p>{close}"
                "<footer><p>Acme Widgets Ltd, 12 High Street, Springfield.</p></footer>")
    assert scrapekit.extract(html, "https://acme.example/ferry").article_body == text


def test_long_text_in_a_footer_element_stays():
    html = page("<title>Essay</title>", f"<footer>{BODY}{BODY}</footer>")
    assert scrapekit.extract(html, "https://acme.example/essay").article_body


class _Shingler:
    """eval_body's tokenizer and 4-shingles, as benchmarks.body_train.gap_shares uses them."""

    @staticmethod
    def tokens(text):  # type: ignore[no-untyped-def]
        import re
        return re.findall(r"\w+", text or "")

    @staticmethod
    def shingles(toks):  # type: ignore[no-untyped-def]
        from collections import Counter
        return Counter(tuple(toks[i:i + 4]) for i in range(len(toks) - 3))


def test_recall_gap_diagnosis_places_each_missed_shingle(monkeypatch):
    from benchmarks import body_train

    words = [f"w{i}" for i in range(1, 17)]  # 13 gold shingles, at positions 0..12
    monkeypatch.setattr(body_train, "_page_text", lambda dataset, pid: " ".join(words))
    page = {"set": "scrapinghub", "id": "x", "gold": " ".join(words), "headline": "",
            "body": "w5 w6 w7 w8\n\nw10 w11 w12 w13",  # found: positions 4 and 9
            "texts": ["w1 w2 w3 w4 w5"],  # dropped: 0, 1
            "rescue": "", "peer": "", "titles": [], "descriptions": []}
    shares = body_train.gap_shares(page, _Shingler)
    assert shares is not None
    counts = {k: round(v * 13) for k, v in shares.items()}
    assert counts == {"found": 2, "dropped": 2, "cascade": 0, "peer": 0, "meta": 0,
                      "page<": 2, "page=": 4, "page>": 3, "absent": 0}
    assert set(counts) == set(body_train.GAP_KINDS)
    assert body_train.gap_shares({**page, "gold": ""}, _Shingler) is None


def test_training_on_kept_blocks_leaves_out_the_blocks_a_rule_drops():
    pytest.importorskip("numpy")
    from benchmarks import body_train

    page = {"set": "scrapinghub", "site": "example.org", "X": [[1.0], [2.0], [3.0]],
            "y": [1.0, 0.0, 0.8], "ntok": [10, 5, 5], "reasons": [0, 3, 0]}
    X, y, w, sites = body_train.training_arrays([page])
    assert X[:, 0].tolist() == [1.0, 2.0, 3.0] and y.tolist() == [1, 0, 1]
    X, y, w, sites = body_train.training_arrays([page], kept_only=True)
    assert X[:, 0].tolist() == [1.0, 3.0] and y.tolist() == [1, 1]
    assert w.tolist() == [0.5, 0.25] and sites == ["example.org", "example.org"]


def _training_rows(seed: int, n: int):  # type: ignore[no-untyped-def]
    """n synthetic feature rows, a target read off the first feature with noise, unit weights."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("sklearn")
    rng = np.random.default_rng(seed)
    X = rng.random((n, len(FEATURES)))
    return X, (X[:, 0] + 0.3 * rng.random(n) > 0.6).astype(int), np.ones(n)


def test_an_exported_ensemble_scores_its_members_mean_log_odds():
    X, y, w = _training_rows(7, 400)
    import numpy as np
    from benchmarks import body_train
    from scrapekit.extractors.body_model import BlockModel

    members = body_train.fit_members("trees", X, y, w, trees=8, depth=2, seed=5, leaf=5,
                                     members=3)
    assert [m[2].random_state for m in members] == [5, 6, 7]
    spec = body_train.export(members, {"drop": 0.1})
    model = BlockModel(json.loads(json.dumps(spec)))
    assert len(spec["trees"]) == 24
    want = np.mean([body_train.log_odds(m, X[:20]) for m in members], axis=0)
    assert [model.log_odds(list(r)) for r in X[:20]] == pytest.approx(want.tolist(), abs=1e-4)
    assert body_train.predict(members, X[:20]) == pytest.approx(1 / (1 + np.exp(-want)))


def test_the_default_recipe_fits_the_same_trees_whatever_the_seed():
    X, y, w = _training_rows(3, 300)
    from benchmarks import body_train

    a, b = (body_train.export(body_train.fit("trees", X, y, w, trees=6, depth=2, seed=s, leaf=5),
                              {}) for s in (1, 2))
    assert a["trees"] == b["trees"]
    c, d = (body_train.export(body_train.fit("trees", X, y, w, trees=6, depth=2, seed=s, leaf=5,
                                             subsample=0.8), {}) for s in (1, 2))
    assert c["trees"] != d["trees"]  # subsampled rows: the seed picks them


def test_the_replay_prints_fundus_body_but_keeps_it_out_of_the_issue_mean(capsys):
    from benchmarks import body_train

    sc = {("scrapinghub", "tuning"): (0.98, 0.96, 0.0, 0.0),
          ("dragnet", "tuning"): (0.90, 0.89, 0.0, 0.0),
          ("fundus-body", "tuning"): (0.50, 0.90, 0.0, 0.0)}
    body_train.print_scores("x", sc)
    line = [x for x in capsys.readouterr().out.splitlines() if x.startswith("tuning")][0]
    assert "mean +0.0150 min +0.0100" in line  # (0.02 + 0.01) / 2: fundus-body's -0.4 left out
    assert "fundus 0.5000/0.9000" in line


def test_a_cache_without_the_extra_set_still_loads(tmp_path):
    import gzip

    from benchmarks import body_train

    with gzip.open(tmp_path / "dragnet.json.gz", "wt", encoding="utf-8") as f:
        json.dump([{"set": "dragnet", "id": "1"}], f)
    rows = body_train.load_cache(tmp_path, ["dragnet", "fundus-body"])
    assert [r["id"] for r in rows] == ["1"]
    with pytest.raises(FileNotFoundError):  # an issue set must be there
        body_train.load_cache(tmp_path, ["scrapinghub"])


def test_a_run_of_the_extra_set_alone_still_prints_its_figures(capsys):
    """`benchmarks.body --sets fundus-body` and a replay of it alone printed an empty mean
    (second review of session 8)."""
    from benchmarks import body, body_train

    body_train.print_scores("x", {("fundus-body", "tuning"): (0.95, 0.94, 0.0, 0.0)})
    assert "fundus 0.9500/0.9400" in capsys.readouterr().out
    part = {body.A: {"n": 3, "f1": 0.95}, body.B: {"n": 3, "f1": 0.94}}
    body.print_means([{"dataset": "fundus-body", "parts": {p: part for p in body.PARTS}}])
    out = capsys.readouterr().out
    assert "tuning extra" in out and "diff +0.0100" in out
