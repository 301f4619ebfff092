"""Train the in-body link model (src/scrapekit/extractors/models/links_inbody.json).

    python -m benchmarks.links_train_inbody [--cv-only] [--folds 5] [--threshold T] [--C C]
                                            [--verbose]

Needs the ``train`` extra (scikit-learn). Every in-body candidate that the rules of
scrapekit.extractors.links let through on the labelled pages of batches 1-6
(tests/fixtures/links; batch 7, validation-6, is held out and never read here) is one example:
its features (links_inbody.INBODY_FEATURES) and, as its label, whether the page's labels hold
that URL as an ``inBody`` link.

Estimate of unseen-site performance: site-grouped cross-validation, as benchmarks.links_train
does it (the same folds, by a hash of the site): for each fold the block model *and* the link
model are fitted on the other folds' pages, and the extractor is run end to end on the fold's
pages with both. "before" is the same run with every in-body candidate kept (the rules alone);
"after" filters them by the link model, for a grid of thresholds. The packaged model is then
fitted on every page (candidates found with the packaged block model) with the chosen
threshold (``--threshold``; chosen on the CV, favouring precision).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from benchmarks.links import diff, load_set, norm_url, score, site_of
from benchmarks.links_train import DEFAULT_THRESHOLD as BLOCK_THRESHOLD
from benchmarks.links_train import TRAIN_BATCHES, _row, prepare, write_model
from benchmarks.links_train import fit as fit_blocks
from scrapekit.extractors import links_blocks, links_inbody
from scrapekit.extractors.links import _extract
from scrapekit.extractors.links_model import LogisticModel

THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)
DEFAULT_THRESHOLD = 0.25  # chosen on the CV: see the module docstring and README
C = 0.1  # inverse L2 strength (chosen on the CV)
PAGE_ROWS = 20  # candidates a page weighs at most
KEEP_ALL = LogisticModel.constant(links_inbody.INBODY_FEATURES)


def link_rows(pages: list[dict], block_model: LogisticModel | None,
              lenient: bool) -> list[tuple[list[float], int, float]]:
    """(features, labelled in-body?, weight) of every in-body candidate on the pages
    (``lenient``: also the candidates the hand rules on URLs and lines drop). A page weighs at
    most PAGE_ROWS candidates (one page's list of 40 player pages is one site's habit)."""
    rows: list[tuple[list[float], int, float]] = []
    for page in pages:
        found: list[tuple[list[float], str]] = []
        _extract(page["doc"], page["paragraphs"], model=block_model, collect_links=found,
                 lenient=lenient)
        wanted = {norm_url(link["url"]) for link in page["expected"] if link["kind"] == "inBody"}
        weight = min(1.0, PAGE_ROWS / len(found)) if found else 1.0
        rows += [(x, int(norm_url(url) in wanted), weight) for x, url in found]
    return rows


def fit(rows: list[tuple[list[float], int, float]], threshold: float, c: float) -> LogisticModel:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    X = np.array([x for x, _, _ in rows], dtype=float)
    y = np.array([label for _, label, _ in rows], dtype=int)
    w = np.array([weight for _, _, weight in rows], dtype=float)
    scaler = StandardScaler().fit(X)
    scale = np.where(scaler.scale_ > 1e-9, scaler.scale_, 1.0)
    clf = LogisticRegression(C=c, max_iter=5000).fit((X - scaler.mean_) / scale, y,
                                                     sample_weight=w)
    return LogisticModel(links_inbody.INBODY_FEATURES, tuple(float(v) for v in scaler.mean_),
                         tuple(float(v) for v in scale), tuple(float(v) for v in clf.coef_[0]),
                         float(clf.intercept_[0]), float(threshold))


def cross_validate(pages: list[dict], folds: int, thresholds: tuple[float, ...], c: float,
                   train_lenient: bool, rules: bool = True
                   ) -> dict[float | None, list[list[tuple[str, str]]]]:
    """Each page's links predicted with the block and link models of the folds it is not in;
    key None: the link model off (every candidate kept). ``rules`` False: the hand rules on
    in-body URLs and lines off (what the model does alone)."""
    out: dict[float | None, list[list[tuple[str, str]]]] = {
        t: [[] for _ in pages] for t in (None, *thresholds)}
    for k in range(folds):
        train = [p for p in pages if p["fold_key"] % folds != k]
        held = [i for i, p in enumerate(pages) if p["fold_key"] % folds == k]
        blocks = fit_blocks(train, BLOCK_THRESHOLD)
        links = fit(link_rows(train, blocks, train_lenient), DEFAULT_THRESHOLD, c)
        for t in (None, *thresholds):
            gate = KEEP_ALL if t is None else replace(links, threshold=t)
            for i in held:
                p = pages[i]
                out[t][i] = [(link.url, link.kind) for link in
                             _extract(p["doc"], p["paragraphs"], model=blocks, inbody_model=gate,
                                      lenient=not rules)]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.links_train_inbody",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--C", type=float, default=C, dest="c")
    parser.add_argument("--cv-only", action="store_true", help="do not write the model")
    parser.add_argument("--strict", action="store_true",
                        help="train on the candidates the hand rules let through only (default: "
                             "also on those they drop, for more examples of what is not in-body)")
    parser.add_argument("--no-rules", action="store_true",
                        help="also cross-validate with the hand rules on in-body URLs off")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list each page's cross-validated differences at the threshold")
    args = parser.parse_args(argv)

    pages = [p for p in load_set() if p["batch"] <= TRAIN_BATCHES]
    prepare(pages)
    rows = link_rows(pages, links_blocks.load_model(), not args.strict)
    print(f"{len(pages)} pages, {len({site_of(p['url']) for p in pages})} sites, "
          f"{len(rows)} in-body candidates ({sum(y for _, y, _ in rows)} labelled in-body)")
    print(f"site-grouped {args.folds}-fold cross-validation (kind-aware, pooled over folds), "
          f"C={args.c}")
    print(f"{'threshold':>9} {'precision':>9} {'recall':>7} {'inBody P/R':>11} {'related P/R':>11}")
    thresholds = tuple(sorted(set(THRESHOLDS) | {args.threshold}))
    predicted = cross_validate(pages, args.folds, thresholds, args.c, not args.strict)
    for t, found in predicted.items():
        name = "before" if t is None else f"{t:.2f}"
        mark = " <- packaged" if t == args.threshold else ""
        print(f"{name:>9} {_row(score(pages, found))}{mark}")
    print(f"by batch, before (rules alone) -> after (threshold {args.threshold:.2f}):")
    for b in sorted({p["batch"] for p in pages}):
        idx = [i for i, p in enumerate(pages) if p["batch"] == b]
        before = score([pages[i] for i in idx], [predicted[None][i] for i in idx])
        after = score([pages[i] for i in idx], [predicted[args.threshold][i] for i in idx])
        print(f"  batch {b} ({len(idx):3d} pages) {_row(before)}  ->  {_row(after)}")
    if args.no_rules:
        alone = cross_validate(pages, args.folds, (args.threshold,), args.c, not args.strict,
                               rules=False)
        print("hand rules on in-body URLs and lines off: no link model -> link model:")
        print(f"  all ({len(pages):3d} pages)   {_row(score(pages, alone[None]))}  ->  "
              f"{_row(score(pages, alone[args.threshold]))}")
    if args.verbose:
        diff(pages, predicted[args.threshold])
    if not args.cv_only:
        write_model(fit(rows, args.threshold, args.c), links_inbody.MODEL_FILE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
