"""Metadata audit on pages nobody tuned on: scrapekit vs trafilatura, per field right/missed/wrong.

    python -m benchmarks.meta_audit LABELS.json [--part tuning|validation|all] [--json OUT]
                                    [--show wrong|all]

The body gold sets (../shared/bench/data: dragnet, l3s-gn1, big9-chaos, scrapinghub) have no
metadata gold. An audit sample of them (one page per site, split by benchmarks/body_split.py into
a tuning half, for diagnosis, and a validation half, for the before/after figure only) was
labelled by hand from each page's HTML and visible text. The labels file lives OUTSIDE this
repository (those sets are research-use or AGPL: their text must not be copied here); give its
path on the command line. Its layout: ``{"pages": [{"set", "id", "url", "part", "headline"
(str or list of accepted strings), "authors" (list; empty = the page bylines no one),
"alt_authors" (other accepted lists or null), "date" ("YYYY-MM-DD" or null = the page states no
day), "alt_dates" (other accepted values; null in it = a null is also right)}]}``.

Per field, each page is one of:
- right: the value matches the label (a null where the label is null counts as right);
- missed: the extractor returned nothing where the page has a value;
- wrong: a confident value that the page does not support (the worst harm);
- partial (authors only): some but not all bylined names, or extra names beside right ones.
Headlines and names are compared after the shared evaluator's normalisation (NFKC, quotes,
case, and for names punctuation and a leading "by"); dates by day.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from . import SHARED_BENCH, import_shared

FIELDS = ("headline", "authors", "date")
OUTCOMES = ("right", "partial", "missed", "wrong")


def _page_html(dataset: str, pid: str) -> str:
    with gzip.open(SHARED_BENCH / "data" / dataset / "html" / f"{pid}.html.gz", "rb") as fh:
        return fh.read().decode("utf-8", errors="replace")


def scrapekit_fields(html: str, url: str) -> dict[str, Any]:
    import scrapekit

    art = scrapekit.extract(html, url or None)
    return {"headline": art.headline, "authors": [a.name for a in art.authors],
            "date": art.date_published}


def trafilatura_fields(html: str, url: str) -> dict[str, Any]:
    from .meta import trafilatura_meta

    out = trafilatura_meta(html, url)
    return {"headline": out.get("title"), "authors": out.get("authors") or [],
            "date": out.get("date")}


EXTRACTORS = {"scrapekit": scrapekit_fields, "trafilatura": trafilatura_fields}


def _as_list(v: Any) -> list:
    return v if isinstance(v, list) else [v]


def judge(label: dict, pred: dict, ev: Any) -> dict[str, str]:
    """right / partial / missed / wrong for each field of one page."""
    out: dict[str, str] = {}
    heads = {ev.norm_text(h) for h in _as_list(label["headline"]) if h}
    got = ev.norm_text(pred.get("headline") or "")
    if not got:
        out["headline"] = "right" if not heads else "missed"
    else:
        out["headline"] = "right" if got in heads else "wrong"

    accepted = [label["authors"]] + list(label.get("alt_authors") or [])
    sets = [frozenset(ev.norm_authors(a)) for a in accepted]
    names = frozenset(ev.norm_authors(pred.get("authors") or []))
    if names in sets:
        out["authors"] = "right"
    elif not names:
        out["authors"] = "missed"
    elif any(names & s for s in sets):
        out["authors"] = "partial"
    else:
        out["authors"] = "wrong"

    days = {label["date"], *(label.get("alt_dates") or [])}
    day = ev.norm_date(pred.get("date"))
    if day in days:
        out["date"] = "right"
    else:
        out["date"] = "missed" if day is None else "wrong"
    return out


def run(labels: list[dict], names: list[str]) -> dict[str, list[dict]]:
    ev = import_shared("eval_meta")
    rows: dict[str, list[dict]] = {n: [] for n in names}
    for lab in labels:
        html = _page_html(lab["set"], lab["id"])
        for name in names:
            try:
                pred = EXTRACTORS[name](html, lab.get("url") or "")
            except Exception as exc:  # noqa: BLE001 - a failure counts as empty output
                pred = {"error": f"{type(exc).__name__}: {exc}"[:200]}
            pred = {"headline": pred.get("headline"), "authors": list(pred.get("authors") or []),
                    "date": ev.norm_date(pred.get("date")), "error": pred.get("error")}
            rows[name].append({"set": lab["set"], "id": lab["id"], "part": lab["part"],
                               "pred": pred, "verdict": judge(lab, pred, ev)})
    return rows


def table(rows: dict[str, list[dict]], part: str) -> str:
    lines = ["| extractor | pages | headline right/missed/wrong | authors right/partial/missed/"
             "wrong | date right/missed/wrong |", "|---|---|---|---|---|"]
    for name, rs in rows.items():
        sel = [r for r in rs if part == "all" or r["part"] == part]
        cells = []
        for f in FIELDS:
            c = Counter(r["verdict"][f] for r in sel)
            keys = OUTCOMES if f == "authors" else ("right", "missed", "wrong")
            cells.append("/".join(str(c[k]) for k in keys))
        lines.append(f"| {name} | {len(sel)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("labels", type=Path, help="the labels file (kept outside the repository)")
    ap.add_argument("--part", choices=("tuning", "validation", "all"), default="all")
    ap.add_argument("--only", default="scrapekit,trafilatura")
    ap.add_argument("--json", type=Path, help="write every page's predictions and verdicts")
    ap.add_argument("--show", choices=("none", "wrong", "all"), default="none",
                    help="print the pages with a wrong (or any) field, by id")
    args = ap.parse_args(argv)
    with open(args.labels, encoding="utf-8") as fh:
        labels = [p for p in json.load(fh)["pages"]
                  if args.part == "all" or p["part"] == args.part]
    names = [n for n in args.only.split(",") if n]
    rows = run(labels, names)
    parts = ("tuning", "validation", "all") if args.part == "all" else (args.part,)
    for part in parts:
        print(f"\n### {part}\n")
        print(table(rows, part))
    if args.show != "none":
        for name, rs in rows.items():
            for r in rs:
                bad = {f: v for f, v in r["verdict"].items()
                       if args.show == "all" or v in ("wrong", "partial")}
                if bad:
                    print(f"{name} {r['part'][:3]} {r['set']} {r['id'][:24]} {bad} "
                          f"{ {f: r['pred'][f] for f in bad} }")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
