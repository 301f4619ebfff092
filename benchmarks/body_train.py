"""Train the body block model (src/scrapekit/extractors/models/body_blocks.json), reproducibly.

    nice -n 19 python -m benchmarks.body_train collect [--jobs 2] [--cache DIR]
    python -m benchmarks.body_train train [--sets scrapinghub,...] [--cache DIR] [--out FILE]
    python -m benchmarks.body_train evaluate [--cache DIR] [--model FILE]
    python -m benchmarks.body_train diagnose [--cache DIR]
    python -m benchmarks.body_train seeds [--seeds 12] [--members-list 1,3] [--subsample 0.8]
        [--validation]

Needs the ``train`` extra (scikit-learn; never imported by the package).

``collect`` runs scrapekit on every page of every body gold set in ../shared/bench and of
fundus-body (the meta-fundus pages with the gold committed in benchmarks/fundus_body/; both
parts of the fixed split, benchmarks/body_split.py) and stores, per page, what the body extractor
sees: the candidate blocks (trafilatura's fast-mode output blocks with their link shares and
continuation chunks, before the hand rules), the code of the hand rule that drops each one, the
page's titles and descriptions, trafilatura's full-cascade result cleaned by the same rules (the
second opinion), the page's words outside links, the headline, scrapekit's current body, and
trafilatura's own output (the peer of benchmarks.body). Pages stay in the cache directory
(default /tmp/scrapekit-body-cache), never in the repository.

``train`` fits the model on the **tuning** part only of the chosen sets (default: every set
with a tuning part: scrapinghub, dragnet, l3s-gn1, big9-chaos): a block's label is the share of
its 4-token shingles (eval_body.py's tokenizer) found in the gold body; the target is label >=
0.5, each block weighted by its share of the page's shingles, each set weighing the same (the
metric averages pages, the figure averages sets). 60 gradient-boosted trees of depth 3, 100+
blocks per leaf, each tree fitted on every row (``--subsample 1``: the model is the same
whatever ``--seed``; at 0.8, before the ninth round, the seed alone moved the validation mean by
~0.001), fitted on the blocks the hand rules keep (the only ones the model
decides on; ``--blocks all``: every candidate block, as before the eighth round). It prints
what it trained on, the hand rules' tuning score and the model's 5-fold cross-validated one (folds by site: a site's pages all in one fold), and writes the model with
its training command, sets, split, date and veto threshold (``--drop``: a block the rules keep
and the model scores under it is dropped).

The model's weights hold no page text; the sets' licences (dragnet AGPL, l3s-gn1 and big9-chaos
research use, scrapinghub MIT) are listed in ../shared/bench. Trained on scrapinghub's tuning
part alone, the model does not help on validation (mean over sets +0.006 vs +0.010 with all
four), so the shipped one is trained on all four tuning parts.

``--members K`` fits K models with the seeds ``--seed``, ``--seed`` + 1, ... and writes their
mean log-odds as one sum of trees (each weighted 1/K): an ensemble, for subsampled trees.

``seeds`` measures what a figure owes to the seed: ``--seeds N`` seeds cut into disjoint groups
of each size in ``--members-list`` (each group an ensemble), each group's mean over sets of A-B
printed with their mean and spread: by 5-fold CV by site on tuning, or with ``--validation``
fitted on all tuning pages and scored on validation (look once, at the end).

``evaluate`` replays the body decisions on the cached pages (hand rules alone, and with the
model) and prints F1 per set and part against trafilatura's: the fast inner loop. fundus-body
is printed last and kept out of the mean (as in benchmarks.body); a cache collected before it
was added loads without it. Only
aggregate scores are printed.

``diagnose`` says where the gold text scrapekit misses is (the recall gap), per set and part,
as the mean over pages of shares of each page's gold 4-shingles: ``found`` (in our body, with
the headline on sets whose gold holds it), and of the rest: ``dropped`` (in a candidate block
the rules or the model dropped), ``cascade`` (only in trafilatura's full-cascade result, after
our cleaning), ``peer`` (only in trafilatura's own output, its title included), ``meta`` (only
in the page's <title>/og:title/description values: headline and standfirst forms), ``page``
(elsewhere in the page's visible text: the ceiling for new candidate blocks from the DOM; split by
where the shingle sits in the gold: ``page<`` before the first shingle of our body (bylines,
datelines, leads), ``page=`` between them (holes inside the article text), ``page>`` after
the last one (comments, author boxes, footers)) and ``absent`` (in no text of the page: the
gold's own conventions, encoding differences). Aggregates only, no page text.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import hashlib
import json
import math
import statistics
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from . import import_shared
from .body import (EXTRA_SETS, HEADLINE_IN_GOLD, SETS, _load_page, load_set, select_pages,
                   set_root, trafilatura_default, trafilatura_title)
from .body_split import SALT, site_key

CACHE = Path("/tmp/scrapekit-body-cache")
MODEL_OUT = Path(__file__).resolve().parents[1] / "src/scrapekit/extractors/models/body_blocks.json"
SEED = 20261205
KEEP = 0.5  # a block whose label is at least this is article text (the training target)
DROP = 0.1  # the model's veto threshold, chosen on validation (see the README's body section)
DROP_ROW = 0.4  # ... for table rows (5-fold CV by site on tuning, then validation: README)
TREES, DEPTH, RATE = 60, 3, 0.15  # gradient-boosted trees: few and shallow (inference is Python)
MIN_LEAF = 100  # blocks per leaf at least (eighth round: steadier across seeds, README)
MEMBERS = 1  # models (seeds) averaged
SUBSAMPLE = 1.0  # share of the rows each tree is fitted on (below 1 the seed picks them, and a
# refit's seed alone moved validation by ~0.001; at 1 the model is the same for every seed: ninth
# round, README)


# -- collect ------------------------------------------------------------------------------------

def _collect_page(job: tuple[str, str, str, str, str]) -> dict[str, Any]:
    """Run scrapekit on one page, recording what the body extractor saw (see the module doc)."""
    import scrapekit
    import scrapekit.extractors as ex
    from scrapekit.adapters import trafilatura as traf
    from scrapekit.extractors import body as B
    from scrapekit.extractors.body_dom import page_words
    from scrapekit.extractors.text import collapse

    dataset, root, pid, url, part = job
    html = _load_page(Path(root), pid)
    seen: dict[str, Any] = {}
    real = B.extract_body

    def spy(page, skip=()):  # type: ignore[no-untyped-def]
        skip = tuple(skip)
        result = real(page, skip)
        try:
            blocks, continued = B.prepare_blocks(page, B._trafilatura_blocks(page))
        except Exception:  # noqa: BLE001 - as extract_body: no blocks
            blocks, continued = [], 0
        titles, descs = B._page_titles(page), B._page_descriptions(page)
        main = B.body_from_blocks(page, B._trafilatura_blocks(page), skip)
        lines = [x for x in (collapse(x) for x in traf.default_extraction(page).split("\n")) if x]
        rescue = B.select_blocks(B.mark_links([B.Block(x, "p", 0.0) for x in lines], page), skip,
                                 titles, descs)
        seen.update(
            texts=[b.text for b in blocks], kinds=[b.kind for b in blocks],
            links=[b.link_ratio for b in blocks], continued=continued,
            reasons=B.block_reasons(blocks, skip, titles, descs),
            titles=[t for t in titles if t], descriptions=[d for d in descs if d],
            skip=[s for s in skip if s], main=main.text or "", main_source=main.source,
            rescue="\n\n".join(rescue), page_words=page_words(page))
        return result

    ex.extract_body = spy
    try:
        art = scrapekit.extract(html, url or None)
    finally:
        ex.extract_body = real
    peer = trafilatura_default(html, url)
    headline_in_gold = dataset in HEADLINE_IN_GOLD
    if headline_in_gold:
        title = trafilatura_title(html, url)
        peer = title + "\n\n" + peer if title else peer
    return {"set": dataset, "id": pid, "part": part, "site": site_key(pid, url, html),
            "headline": art.headline or "",
            "body": art.article_body or "", "peer": peer, **seen}


def collect(cache: Path, jobs: int, sets: list[str], sample: int) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    for dataset in sets:
        root, items = load_set(dataset)
        pages = select_pages(items, root, dataset, "all", 0, sample)
        work = [(dataset, str(root), pid, url, part) for pid, url, part in pages]
        with ProcessPoolExecutor(jobs) as pool:
            rows = list(pool.map(_collect_page, work, chunksize=4))
        for row in rows:
            row["gold"] = items[row["id"]].get("articleBody", "")
        with gzip.open(cache / f"{dataset}.json.gz", "wt", encoding="utf-8") as f:
            json.dump(rows, f, ensure_ascii=False)
        print(f"{dataset}: {len(rows)} pages cached", flush=True)


def load_cache(cache: Path, sets: list[str]) -> list[dict[str, Any]]:
    """The cached pages of ``sets`` (an extra set not collected yet is left out)."""
    rows = []
    for dataset in sets:
        if dataset in EXTRA_SETS and not (cache / f"{dataset}.json.gz").exists():
            continue
        with gzip.open(cache / f"{dataset}.json.gz", "rt", encoding="utf-8") as f:
            rows.extend(json.load(f))
    return rows


# -- labels and features ------------------------------------------------------------------------

def labels(page: dict[str, Any], eb) -> list[float]:  # type: ignore[no-untyped-def]
    """Per block: the share of its 4-token shingles found in the gold (a block of 1-3 tokens:
    1 if that token run occurs in the gold)."""
    gold_tokens = eb.tokens(page["gold"])
    gold = set(eb.shingles(gold_tokens))
    joined = " " + " ".join(gold_tokens) + " "
    out = []
    for text in page.get("texts", ()):
        toks = eb.tokens(text)
        if not toks:
            out.append(0.0)
        elif len(toks) < 4:
            out.append(1.0 if " " + " ".join(toks) + " " in joined else 0.0)
        else:
            sh = [tuple(toks[i:i + 4]) for i in range(len(toks) - 3)]
            out.append(sum(1 for s in sh if s in gold) / len(sh))
    return out


def features(page: dict[str, Any]) -> list[list[float]]:
    from scrapekit.extractors.body_model import block_features

    return block_features(page["texts"], page["kinds"], page["links"], page["reasons"],
                          page["continued"], page["titles"], page["descriptions"])


def prepare(rows: list[dict[str, Any]]) -> None:
    """Labels and features of every cached page."""
    eb = import_shared("eval_body")
    for r in rows:
        if r.get("texts") is None:
            r["texts"] = []
        r["y"] = labels(r, eb) if r["texts"] else []
        r["ntok"] = [max(1, len(eb.tokens(t)) - 3) for t in r["texts"]]
        r["X"] = features(r) if r["texts"] else []


def site_fold(site: str, k: int) -> int:
    return int(hashlib.sha1(("fold:" + site).encode()).hexdigest()[:8], 16) % k


def training_arrays(rows: list[dict[str, Any]],  # type: ignore[no-untyped-def]
                    kept_only: bool = False):
    """Features, targets, weights and sites of the blocks (``kept_only``: of the blocks the hand
    rules keep, the only ones the model decides on; the weights stay the page's shares)."""
    import numpy as np

    X, y, w, g = [], [], [], []
    pages: dict[str, int] = {}
    for r in rows:
        pages[r["set"]] = pages.get(r["set"], 0) + 1
    for r in rows:  # each set weighs the same (the figure is the mean over sets), each page too
        total = (sum(r["ntok"]) or 1) * pages[r["set"]]
        for x, lab, nt, why in zip(r["X"], r["y"], r["ntok"], r["reasons"]):
            if kept_only and why:
                continue
            X.append(x)
            y.append(1 if lab >= KEEP else 0)
            w.append(nt / total)
            g.append(r["site"])
    return np.array(X, dtype=float), np.array(y), np.array(w), g


def fit(kind: str, X, y, w, trees: int = TREES, depth: int = DEPTH,  # type: ignore[no-untyped-def]
        seed: int = SEED, leaf: int = 1, rate: float = RATE, subsample: float = SUBSAMPLE):
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler().fit(X)
        model = LogisticRegression(C=1.0, max_iter=2000, random_state=seed)
        model.fit(scaler.transform(X), y, sample_weight=w * len(w) / w.sum())
        return ("logistic", scaler, model)
    from sklearn.ensemble import GradientBoostingClassifier

    model = GradientBoostingClassifier(n_estimators=trees, max_depth=depth, learning_rate=rate,
                                       subsample=subsample, min_samples_leaf=leaf,
                                       random_state=seed)
    model.fit(X, y, sample_weight=w * len(w) / w.sum())
    return ("trees", None, model)


def member_seeds(seed: int, members: int) -> list[int]:
    """The seeds of an ensemble's members: ``seed``, ``seed + 1``, ..."""
    return [seed + i for i in range(members)]


def fit_members(kind: str, X, y, w, trees: int = TREES,  # type: ignore[no-untyped-def]
                depth: int = DEPTH, seed: int = SEED, leaf: int = 1, members: int = MEMBERS,
                rate: float = RATE, subsample: float = SUBSAMPLE):
    """``members`` models differing only in their seed (member_seeds): the ensemble."""
    return [fit(kind, X, y, w, trees, depth, s, leaf, rate, subsample)
            for s in member_seeds(seed, members)]


def log_odds(fitted, X):  # type: ignore[no-untyped-def]
    """One fitted model's log-odds of article text, per row."""
    kind, scaler, model = fitted
    return model.decision_function(scaler.transform(X) if scaler is not None else X)


def mean_probability(odds):  # type: ignore[no-untyped-def]
    """The probability of article text per row from several models' log-odds (a list of
    arrays): the mean of the log-odds through the logistic function, as the exported ensemble
    computes it."""
    import numpy as np

    return 1.0 / (1.0 + np.exp(-np.mean(odds, axis=0)))


def predict(fitted, X):  # type: ignore[no-untyped-def]
    """The probability of article text per row: of one model, or of an ensemble (a list of
    models: :func:`mean_probability` of their log-odds)."""
    members = fitted if isinstance(fitted, list) else [fitted]
    return mean_probability([log_odds(m, X) for m in members])


def export(fitted, meta: dict[str, Any]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from scrapekit.extractors.body_model import FEATURES, MODEL_FORMAT

    members = fitted if isinstance(fitted, list) else [fitted]
    kind, scaler, model = members[0]
    spec: dict[str, Any] = {"format": MODEL_FORMAT, "kind": kind, **meta,
                            "features": list(FEATURES)}
    if kind == "logistic" and len(members) > 1:
        raise ValueError("an ensemble of logistic models is one logistic model: fit one")
    if kind == "logistic":
        spec.update(mean=[round(float(v), 6) for v in scaler.mean_],
                    scale=[round(float(v), 6) for v in scaler.scale_],
                    coef=[round(float(v), 6) for v in model.coef_[0]],
                    intercept=round(float(model.intercept_[0]), 6))
        return spec
    # An ensemble is one sum of trees: every member's trees, each weighted rate / members, so
    # the sum is the members' mean log-odds (their starting log-odds are the same: the prior
    # of the same training rows).
    trees, bases = [], []
    for _, _, member in members:
        for est in member.estimators_[:, 0]:
            t = est.tree_
            trees.append([[int(v) if v >= 0 else -1 for v in t.feature],
                          [round(float(v), 6) for v in t.threshold],
                          [int(v) for v in t.children_left], [int(v) for v in t.children_right],
                          [round(float(v), 6) for v in t.value[:, 0, 0]]])
        prior = member.init_.class_prior_[1]
        bases.append(math.log(prior / (1 - prior)))
    spec.update(trees=trees, base=round(statistics.fmean(bases), 6),
                rate=model.learning_rate / len(members))
    return spec


# -- replay: the body decisions on cached pages -----------------------------------------------

Decide = Callable[[dict[str, Any], list[float] | None], list[bool]]


def rules_keep(page: dict[str, Any], probs: list[float] | None) -> list[bool]:
    return [not r for r in page["reasons"]]


def replay(page: dict[str, Any], keep: list[bool]) -> str:
    """scrapekit's output for a page whose main blocks are kept as ``keep`` (the site's footer
    cut as body.site_footer does, table rows trimmed as body.trim_rows does; then the fallback,
    then the second opinion with body.py's thresholds), with the headline when the gold has
    it. The second opinion's "continues in place" exception reads the DOM, which the cache does
    not hold: it is not replayed (it decides no page of the body gold sets today)."""
    from scrapekit.extractors import patterns
    from scrapekit.extractors.body import covered, site_footer, title_forms, trim_rows

    texts, kinds = page["texts"], page["kinds"]
    if any(keep):
        keep = site_footer(texts, keep)
        forms = title_forms(page["headline"] or None, page["titles"]) if "row" in kinds else []
        body = "\n\n".join(trim_rows(texts, kinds, keep, forms))
    else:
        body = page["main"]
    words = len(body.split())
    if (words < patterns.BODY_RESCUE_MAX_WORDS
            and words < patterns.BODY_RESCUE_PAGE_SHARE * page["page_words"]):
        rescue = page["rescue"]
        if (len(rescue.split()) > patterns.BODY_RESCUE_RATIO * words
                and covered(body, [rescue]) < patterns.BODY_RESCUE_SUPERSET):
            body = rescue
    if page["set"] in HEADLINE_IN_GOLD and page["headline"]:
        return page["headline"] + "\n\n" + body
    return body


Scores = dict[tuple[str, str], tuple[float, float, float, float]]


def scores(rows: list[dict[str, Any]], decide: Decide, probs: dict[str, list[float]] | None,
           eb) -> Scores:  # type: ignore[no-untyped-def]
    """(set, part) -> (our F1, peer F1, our P, our R) over the replayed outputs."""
    groups: dict[tuple[str, str], list[tuple[dict, dict]]] = {}
    for r in rows:
        if r["texts"]:
            out = replay(r, decide(r, probs.get(r["set"] + r["id"]) if probs else None))
        else:
            out = r["body"] if r["set"] not in HEADLINE_IN_GOLD or not r["headline"] else \
                r["headline"] + "\n\n" + r["body"]
        a = eb.body_page_score(r["gold"], out)
        b = r.setdefault("_peer_score", eb.body_page_score(r["gold"], r["peer"]))
        for part in (r["part"], "all"):
            groups.setdefault((r["set"], part), []).append((a, b))
    out_scores = {}
    for key, pairs in groups.items():
        fa = eb.body_aggregate([a for a, _ in pairs])
        fb = eb.body_aggregate([b for _, b in pairs])
        out_scores[key] = (fa["f1"], fb["f1"], fa["precision"], fa["recall"])
    return out_scores


def print_scores(name: str, sc: Scores) -> None:
    print(f"\n# {name}")
    for part in ("tuning", "validation", "all"):
        cells, diffs = [], []
        for dataset in (*SETS, *EXTRA_SETS):  # the mean: the sets only (as body.py)
            if (dataset, part) in sc:
                fa, fb, _, _ = sc[(dataset, part)]
                cells.append(f"{dataset[:6]} {fa:.4f}/{fb:.4f}")
                if dataset in SETS:
                    diffs.append(fa - fb)
        if diffs:
            print(f"{part:<10} mean {statistics.fmean(diffs):+.4f} min {min(diffs):+.4f} | "
                  + "  ".join(cells))
        elif cells:  # only extra sets: no issue mean to give
            print(f"{part:<10} (no issue set) | " + "  ".join(cells))


def model_keep(threshold: float, by_kind: dict[str, float] | None = None) -> Decide:
    """Hand rules, overruled by the model: a kept block it scores under ``threshold`` (or its
    kind's threshold in ``by_kind``) is dropped (as body.vote does)."""
    by_kind = by_kind or {}

    def decide(page: dict[str, Any], probs: list[float] | None) -> list[bool]:
        return [not r and p >= by_kind.get(k, threshold)
                for r, p, k in zip(page["reasons"], probs or (), page["kinds"])]
    return decide


# -- diagnosis: where the missed gold text is ----------------------------------------------------

GAP_KINDS = ("found", "dropped", "cascade", "peer", "meta", "page<", "page=", "page>", "absent")


def _page_text(dataset: str, pid: str) -> str:
    """The page's visible text (scripts, styles and templates removed)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(_load_page(set_root(dataset), pid))
    tree.strip_tags(["script", "style", "noscript", "template"])
    return tree.body.text(deep=True, separator=" ") if tree.body is not None else ""


def gap_shares(page: dict[str, Any], eb) -> dict[str, float] | None:  # type: ignore[no-untyped-def]
    """Shares (GAP_KINDS) of the page's distinct gold 4-shingles; None for an empty gold."""
    ordered = list(eb.shingles(eb.tokens(page["gold"])))  # in order of first occurrence
    gold = set(ordered)
    if not gold:
        return None

    def sh(*texts: str) -> set:  # type: ignore[type-arg]
        out: set = set()  # type: ignore[type-arg]
        for t in texts:
            out |= set(eb.shingles(eb.tokens(t)))
        return out

    headline = page["headline"] if page["set"] in HEADLINE_IN_GOLD else ""
    left = gold - sh(page["body"], headline)
    shares = {"found": 1 - len(left) / len(gold)}
    sources: list[tuple[str, Callable[[], set]]] = [  # type: ignore[type-arg]
        ("dropped", lambda: sh(*page["texts"])), ("cascade", lambda: sh(page["rescue"])),
        ("peer", lambda: sh(page["peer"])),
        ("meta", lambda: sh(*page["titles"], *page["descriptions"])),
        ("page", lambda: sh(_page_text(page["set"], page["id"])))]
    for kind, source in sources:
        here = left & source() if left else set()
        left -= here
        if kind != "page":
            shares[kind] = len(here) / len(gold)
            continue
        body = sh(page["body"])  # the headline does not count: a byline under it is no hole
        found = [i for i, s in enumerate(ordered) if s in body]
        first, last = (found[0], found[-1]) if found else (-1, len(ordered))  # none: holes
        where = [i for i, s in enumerate(ordered) if s in here]
        shares["page<"] = sum(1 for i in where if i < first) / len(gold)
        shares["page>"] = sum(1 for i in where if i > last) / len(gold)
        shares["page="] = len(here) / len(gold) - shares["page<"] - shares["page>"]
    shares["absent"] = len(left) / len(gold)
    return shares


def diagnose(rows: list[dict[str, Any]], eb) -> None:  # type: ignore[no-untyped-def]
    sums: dict[tuple[str, str], dict[str, float]] = {}
    pages: dict[tuple[str, str], int] = {}
    for r in rows:
        if r.get("texts") is None:
            r["texts"] = []
        shares = gap_shares(r, eb)
        if shares is None:
            continue
        for part in (r["part"], "all"):
            key = (r["set"], part)
            acc = sums.setdefault(key, dict.fromkeys(GAP_KINDS, 0.0))
            for kind, v in shares.items():
                acc[kind] += v
            pages[key] = pages.get(key, 0) + 1
    print("mean share of a page's gold 4-shingles: found, else first source holding it")
    print(f"{'set':<16}{'part':<11}{'pages':>6}" + "".join(f"{k:>9}" for k in GAP_KINDS))
    for dataset in (*SETS, *EXTRA_SETS):
        for part in ("tuning", "validation", "all"):
            key = (dataset, part)
            if key in sums:
                n = pages[key]
                print(f"{dataset:<16}{part:<11}{n:>6}"
                      + "".join(f"{sums[key][k] / n:>9.4f}" for k in GAP_KINDS))


# -- commands -----------------------------------------------------------------------------------

def cross_validated(rows: list[dict[str, Any]], kind: str, k: int = 5, trees: int = TREES,
                    depth: int = DEPTH, seed: int = SEED, leaf: int = 1,
                    kept_only: bool = False, members: int = MEMBERS, rate: float = RATE,
                    subsample: float = SUBSAMPLE) -> dict[str, list[float]]:
    """Out-of-fold probabilities for the tuning pages (folds by site)."""
    odds = cross_validated_odds(rows, kind, k, trees, depth, member_seeds(seed, members), leaf,
                                kept_only, rate, subsample)
    return {key: list(mean_probability(zs)) for key, zs in odds.items()}


def cross_validated_odds(rows: list[dict[str, Any]], kind: str, k: int, trees: int, depth: int,
                         seeds: list[int], leaf: int, kept_only: bool, rate: float = RATE,
                         subsample: float = SUBSAMPLE) -> dict[str, list[Any]]:
    """Per tuning page, each seed's out-of-fold log-odds (folds by site): one model per seed
    and fold."""
    import numpy as np

    odds: dict[str, list[Any]] = {}
    for fold in range(k):
        train = [r for r in rows if site_fold(r["site"], k) != fold and r["X"]]
        test = [r for r in rows if site_fold(r["site"], k) == fold and r["X"]]
        X, y, w, _ = training_arrays(train, kept_only)
        for s in seeds:
            fitted = fit(kind, X, y, w, trees, depth, s, leaf, rate, subsample)
            for r in test:
                odds.setdefault(r["set"] + r["id"], []).append(
                    log_odds(fitted, np.array(r["X"], dtype=float)))
    return odds


def seed_study(rows: list[dict[str, Any]], tuning: list[dict[str, Any]],  # type: ignore[no-untyped-def]
               args, eb) -> None:
    """How much a model's figure owes to its seed, and how much an ensemble of ``members``
    seeds takes away: ``--seeds N`` seeds (``--seed``, ``--seed`` + 1, ...) are cut into
    disjoint groups of each size in ``--members-list``; each group is an ensemble (the mean of
    its members' log-odds). Printed per size: every group's mean over sets of A-B, and their
    mean and spread; on the tuning part by 5-fold CV by site (out-of-fold), and with
    ``--validation`` on the validation part (models fitted on all tuning pages)."""
    import numpy as np

    sizes = [int(x) for x in args.members_list.split(",") if x]
    seeds = member_seeds(args.seed, args.seeds)
    by_kind = {"row": args.drop_row}
    decide = model_keep(args.drop, by_kind)
    kept_only = args.blocks == "kept"
    if args.validation:
        X, y, w, _ = training_arrays(tuning, kept_only)
        fitted = [fit(args.kind, X, y, w, args.trees, args.depth, s, args.min_leaf, args.rate,
                      args.subsample) for s in seeds]
        judged = [r for r in rows if r["part"] == "validation"]
        odds = {r["set"] + r["id"]: [log_odds(f, np.array(r["X"], dtype=float)) for f in fitted]
                for r in judged if r["X"]}
        where = "validation (fitted on all tuning pages)"
    else:
        judged = tuning
        odds = cross_validated_odds(tuning, args.kind, 5, args.trees, args.depth, seeds,
                                    args.min_leaf, kept_only, args.rate, args.subsample)
        where = "tuning, 5-fold CV by site"
    print(f"\n# seed study: {where}; trees {args.trees}, depth {args.depth}, rate {args.rate}, "
          f"subsample {args.subsample}, leaf "
          f"{args.min_leaf}, seeds {seeds[0]}..{seeds[-1]}")
    part = "validation" if args.validation else "tuning"
    for size in sizes:
        means, per_set = [], {}
        for g in range(len(seeds) // size):
            pick = slice(g * size, (g + 1) * size)
            probs = {key: list(mean_probability(zs[pick])) for key, zs in odds.items()}
            sc = scores(judged, decide, probs, eb)
            diffs = {d: sc[(d, part)][0] - sc[(d, part)][1] for d in SETS if (d, part) in sc}
            means.append(statistics.fmean(diffs.values()))
            for d in diffs:
                per_set.setdefault(d, []).append(sc[(d, part)][0])
        spread = f"sd {statistics.stdev(means):.4f}" if len(means) > 1 else "sd -"
        print(f"members {size:>2}: {len(means)} groups, mean A-B {statistics.fmean(means):+.5f} "
              f"{spread} range {min(means):+.4f}..{max(means):+.4f} | "
              + " ".join(f"{m:+.4f}" for m in means))
        print("            F1 per set (mean over groups): "
              + "  ".join(f"{d[:6]} {statistics.fmean(v):.4f}" for d, v in per_set.items()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("collect", "train", "evaluate", "diagnose", "seeds"))
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--sets", default=",".join(s for s in SETS if s != "cleanportaleval"),
                    help="sets whose tuning part the model is trained on")
    ap.add_argument("--kind", choices=("logistic", "trees"), default="trees")
    ap.add_argument("--out", type=Path, default=MODEL_OUT)
    ap.add_argument("--model", type=Path, default=MODEL_OUT)
    ap.add_argument("--trees", type=int, default=TREES, help="train: number of trees")
    ap.add_argument("--depth", type=int, default=DEPTH, help="train: depth of each tree")
    ap.add_argument("--rate", type=float, default=RATE, help="train: the trees' learning rate")
    ap.add_argument("--subsample", type=float, default=SUBSAMPLE,
                    help="train: share of the rows each tree is fitted on (below 1: the seed "
                         "picks them)")
    ap.add_argument("--seed", type=int, default=SEED, help="train: the trees' random seed")
    ap.add_argument("--members", type=int, default=MEMBERS,
                    help="train: models averaged (their log-odds), seeds --seed, --seed + 1, ...")
    ap.add_argument("--seeds", type=int, default=12, help="seeds: how many seeds")
    ap.add_argument("--members-list", default="1,3",
                    help="seeds: ensemble sizes to compare (disjoint groups of the seeds)")
    ap.add_argument("--validation", action="store_true",
                    help="seeds: score on the validation part (once, at the end)")
    ap.add_argument("--min-leaf", type=int, default=MIN_LEAF,
                    help="train: fewest blocks in a leaf of a tree")
    ap.add_argument("--blocks", choices=("kept", "all"), default="kept",
                    help="train: on the blocks the hand rules keep (the ones the model decides "
                         "on) or on all candidate blocks (before the eighth round)")
    ap.add_argument("--drop", type=float, default=DROP,
                    help="train: a kept block scored under this is dropped (stored in the model)")
    ap.add_argument("--drop-row", type=float, default=DROP_ROW,
                    help="train: the same for a table row (stored in the model)")
    args = ap.parse_args(argv)
    if args.command == "collect":
        collect(args.cache, args.jobs, [*SETS, *EXTRA_SETS], args.sample)
        return 0
    eb = import_shared("eval_body")
    rows = load_cache(args.cache, [*SETS, *EXTRA_SETS])
    if args.command == "diagnose":
        diagnose(rows, eb)
        return 0
    train_sets = [s for s in args.sets.split(",") if s]
    prepare(rows)
    tuning = [r for r in rows if r["part"] == "tuning" and r["set"] in train_sets]
    if args.command == "seeds":
        seed_study(rows, tuning, args, eb)
        return 0
    if args.command == "train":
        X, y, w, groups = training_arrays(tuning, args.blocks == "kept")
        print(f"training on the tuning part of {', '.join(train_sets)}: {len(tuning)} pages, "
              f"{len(set(groups))} sites, {len(y)} blocks ({int(y.sum())} article text); "
              f"model {args.kind}, seed {args.seed}")
        oof = cross_validated(tuning, args.kind, trees=args.trees, depth=args.depth,
                              seed=args.seed, leaf=args.min_leaf, kept_only=args.blocks == "kept",
                              members=args.members, rate=args.rate, subsample=args.subsample)
        base = scores([r for r in rows if r["part"] == "tuning"], rules_keep, None, eb)
        print_scores("tuning, hand rules", base)
        by_kind = {"row": args.drop_row}
        cv = scores(tuning, model_keep(args.drop, by_kind), oof, eb)
        print_scores(f"tuning, 5-fold by site, model (drop < {args.drop}, rows < "
                     f"{args.drop_row})", cv)
        fitted = fit_members(args.kind, X, y, w, args.trees, args.depth, args.seed,
                             args.min_leaf, args.members, args.rate, args.subsample)
        spec = export(fitted, {
            "trained_on": {s: "tuning part" for s in train_sets},
            "split": f"benchmarks/body_split.py (by site, salt {SALT!r})",
            "command": "python -m benchmarks.body_train collect && python -m benchmarks."
                       f"body_train train --sets {','.join(train_sets)} --kind {args.kind} "
                       f"--trees {args.trees} --depth {args.depth} --rate {args.rate} "
                       f"--subsample {args.subsample} --drop {args.drop} "
                       f"--drop-row {args.drop_row} --seed {args.seed} --min-leaf {args.min_leaf} "
                       f"--blocks {args.blocks} --members {args.members}",
            "date": datetime.date.today().isoformat(), "pages": len(tuning), "blocks": len(y),
            "seed": args.seed, "members": args.members, "drop": args.drop,
            "drop_by_kind": by_kind})
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(spec, separators=(",", ":")), encoding="utf-8")
        print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")
        return 0
    from scrapekit.extractors.body_model import BlockModel

    model = BlockModel(json.loads(args.model.read_text(encoding="utf-8")))
    probs = {r["set"] + r["id"]: model.probabilities(r["X"]) for r in rows if r["X"]}
    print_scores("hand rules", scores(rows, rules_keep, None, eb))
    print_scores(f"model {args.model.name} (drop < {model.drop}, by kind "
                 f"{model.drop_by_kind})",
                 scores(rows, model_keep(model.drop, model.drop_by_kind), probs, eb))
    return 0

if __name__ == "__main__":
    sys.exit(main())
