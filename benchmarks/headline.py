"""Headline on the body gold sets whose gold text opens with the headline: scrapekit vs
trafilatura's metadata title, same run.

    nice -n 19 python -m benchmarks.headline [--sets dragnet,big9-chaos,cleanportaleval]

dragnet, big9-chaos and cleanportaleval put the page's headline at the start of their gold
text (their READMEs), and most of their pages are old news pages and blogs with no metadata
title (no og:title, no JSON-LD) and no URL, so the headline has to come from ``<title>`` and
the printed headings: the case the metadata sets (meta-fundus, meta-postlight) hardly cover.
A page counts when the extractor's headline, folded (case, accents and punctuation dropped),
is found in the first 600 characters of the folded gold. Printed per set and per part of the
body split (benchmarks/body_split.py: tuning / validation by site, fixed before tuning).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from . import SHARED_BENCH
from .body import HEADLINE_IN_GOLD, _load_page, trafilatura_title
from .body_split import part_of, site_key

GOLD_OPENING = 600


def _headlines(dataset: str) -> list[tuple[str, bool, bool]]:
    """(part, scrapekit right, trafilatura right) per page of the set."""
    from scrapekit.extractors.document import parse
    from scrapekit.extractors.headline import extract_headline
    from scrapekit.extractors.text import fold

    root = SHARED_BENCH / "data" / dataset
    items = json.loads((root / "ground-truth.json").read_text("utf-8"))
    rows = []
    for pid in sorted(items):
        url = items[pid].get("url") or None
        html = _load_page(root, pid)
        gold = fold(str(items[pid].get("articleBody") or "")[:GOLD_OPENING])
        ours, _source = extract_headline(parse(html, url))
        peer = trafilatura_title(html, url or "")
        rows.append((part_of(dataset, site_key(pid, url or "", html)),
                     bool(ours) and fold(ours) in gold, bool(peer) and fold(peer) in gold))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default=",".join(sorted(HEADLINE_IN_GOLD)))
    args = ap.parse_args(argv)
    print(f"{'set':<16} {'part':<11} {'pages':>5}  {'scrapekit':>9}  {'trafilatura':>11}")
    for dataset in args.sets.split(","):
        if not (SHARED_BENCH / "data" / dataset / "ground-truth.json").exists():
            print(f"{dataset}: no gold in {SHARED_BENCH / 'data'}")
            continue
        counts: Counter[tuple[str, str]] = Counter()
        for part, ours, peer in _headlines(dataset):
            for p in (part, "all"):
                counts[(p, "n")] += 1
                counts[(p, "ours")] += ours
                counts[(p, "peer")] += peer
        for part in ("tuning", "validation", "all"):
            n = counts[(part, "n")]
            if n:
                print(f"{dataset:<16} {part:<11} {n:>5}  {counts[(part, 'ours')] / n:>9.1%}  "
                      f"{counts[(part, 'peer')] / n:>11.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
