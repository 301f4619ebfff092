"""Metadata benchmark: scrapekit vs trafilatura (and htmldate for dates), per set and split.

    python -m benchmarks.meta [--limit N] [--only scrapekit,trafilatura,htmldate]
                              [--set DIR ...] [--json OUT.json] [--dump DIR] [--no-full]

Sets (default both): ../shared/bench/data/meta-fundus (gold titles corrected by its
errata.json) and meta-postlight (Mercury's frozen output: null = not checked; dates are UTC
days). Each set is split BY PUBLISHER into a tuning and a validation part by a stable hash of
the publisher key (meta-fundus: the page id without its parser version, ``de-NTV``;
meta-postlight: the URL's host without ``www.``), fixed before any tuning: rules are tuned on
the tuning part only, and the validation part says whether they hold on unseen sites. Every
extractor runs once over every page; figures are printed for tuning, validation and all pages.

Scoring is the shared evaluator's (../shared/bench/eval_meta.py): title exact (normalised
text), authors micro P/R/F1 over normalised names, datePublished exact day. Time is the median
per page, measured in this process, one page at a time:
- ``scrapekit meta``: parse + the metadata extractors (headline, byline/authors, dates,
  canonical, description, image, language, publisher, keywords), without the body;
- ``scrapekit full``: ``scrapekit.extract`` (every field, body and links included);
- ``trafilatura``: ``bare_extraction(with_metadata=True)`` (it extracts the body too: it has
  no metadata-only mode that fills the author/title rules it uses in full extraction);
- ``htmldate``: ``find_date(original_date=True)``, dates only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
import warnings
from typing import Any
from urllib.parse import urlsplit

from . import ROOT, SHARED_BENCH, import_shared



# -- extractors: fn(html, url) -> {title, authors, date, lang, description, top_image} -------------

def scrapekit_meta(html: str, url: str) -> dict[str, Any]:
    """The metadata part of scrapekit: one parse, then every metadata extractor (no body)."""
    from scrapekit.extractors import authors, dates, headline, metadata
    from scrapekit.extractors.document import parse
    from scrapekit.extractors.text import scrub

    page = parse(scrub(html), url)
    title, _ = headline.extract_headline(page)
    _byline, names, _, _ = authors.extract_byline_authors(page)
    found = dates.extract_dates(page)
    metadata.canonical_url(page)
    desc, _ = metadata.description(page)
    image, _ = metadata.main_image(page)
    lang, _ = metadata.language(page)
    metadata.publisher(page)
    metadata.keywords(page)
    return {"title": title, "authors": [a.name for a in names], "date": found["published"],
            "lang": lang, "description": desc, "top_image": image.url if image else None}


def scrapekit_full(html: str, url: str) -> dict[str, Any]:
    import scrapekit

    art = scrapekit.extract(html, url=url)
    return {"title": art.headline, "authors": [a.name for a in art.authors],
            "date": art.date_published, "lang": art.in_language, "description": art.description,
            "top_image": art.main_image.url if art.main_image else None}


def trafilatura_meta(html: str, url: str) -> dict[str, Any]:
    from trafilatura import bare_extraction

    doc = bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return {}
    get = doc.get if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    author = get("author")
    names = [a.strip() for a in re.split(r";", author) if a.strip()] if author else []
    return {"title": get("title"), "authors": names, "date": get("date"),
            "lang": get("language"), "description": get("description"), "top_image": get("image")}


def htmldate_meta(html: str, url: str) -> dict[str, Any]:
    from htmldate import find_date

    return {"date": find_date(html, url=url, original_date=True)}


htmldate_meta.fields = ("date",)  # type: ignore[attr-defined]

EXTRACTORS = {
    "scrapekit meta": scrapekit_meta,
    "scrapekit full": scrapekit_full,
    "trafilatura": trafilatura_meta,
    "htmldate": htmldate_meta,
}


# -- sets and the split ----------------------------------------------------------------------

SETS = ("meta-fundus", "meta-postlight")
SPLIT_SALT = "scrapekit-meta-split-v1"
TUNING_SHARE = 50
"""Percent of publishers in the tuning part (the rest: validation). Fixed with the salt before
tuning; changing either re-deals the publishers and voids every figure measured so far."""
_VERSION_SUFFIX = re.compile(r"-V\d+(?:_\d+)?$")


def publisher_key(row: dict) -> str:
    """The publisher a gold page belongs to: all pages of one publisher fall on one side."""
    if _VERSION_SUFFIX.search(row["id"]):  # meta-fundus: <country>-<Publisher>-<version>
        return _VERSION_SUFFIX.sub("", row["id"])
    host = (urlsplit(row.get("url") or "").hostname or row["id"]).lower()
    return host.removeprefix("www.")


def split_of(row: dict) -> str:
    """'tuning' or 'validation', from a stable hash of the publisher (same on every machine)."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{publisher_key(row)}".encode()).digest()
    return "tuning" if int.from_bytes(digest[:4], "big") % 100 < TUNING_SHARE else "validation"


def apply_errata(rows: list[dict], set_dir: str) -> int:
    """Replace gold values the set's errata.json corrects (the original is kept in it)."""
    path = os.path.join(set_dir, "errata.json")
    if not os.path.exists(path):
        return 0
    with open(path, encoding="utf-8") as fh:
        fixes = {(e["id"], e["field"]): e["corrected"] for e in json.load(fh)}
    n = 0
    for r in rows:
        for (pid, fld), value in fixes.items():
            if r["id"] == pid:
                r[fld] = value
                n += 1
    return n


# -- running ---------------------------------------------------------------------------------------

def run(fn, rows: list[dict], ev) -> list[dict]:  # type: ignore[no-untyped-def]
    preds = []
    for r in rows:
        html = ev.read_page(r["_path"])
        err, out = None, {}
        c0, t0 = time.thread_time(), time.perf_counter()
        try:
            out = fn(html, r.get("url") or "") or {}
        except Exception as exc:  # noqa: BLE001 - a failure counts as empty output
            err = f"{type(exc).__name__}: {exc}"[:300]
        dt = time.perf_counter() - t0
        cpu = time.thread_time() - c0
        authors = out.get("authors") or []
        preds.append({
            "id": r["id"],
            "title": (str(out["title"]).strip() or None) if out.get("title") else None,
            "authors": [authors] if isinstance(authors, str) else [str(a) for a in authors],
            "date": ev.norm_date(out.get("date")),
            "lang": out.get("lang") or None,
            "description": (str(out["description"]).strip() or None) if out.get("description") else None,
            "top_image": out.get("top_image") or None,
            "error": err,
            "seconds": dt,
            "cpu_seconds": cpu,
        })
    return preds


def _pct(x: float | None) -> str:
    return "  -  " if x is None else f"{100 * x:5.1f}"


def table(results: dict[str, dict], n_pages: int) -> str:
    lines = [
        "| extractor | title exact | auth P | auth R | auth F1 | date exact | date ±1d "
        "| lang | desc fuzzy | image | err | median ms | median cpu ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, rep in results.items():
        t, a, d = rep["title"], rep["authors"], rep["date"]
        lang = rep.get("lang", {}).get("primary_subtag_acc")
        desc = rep.get("description", {}).get("fuzzy90")
        img = rep.get("top_image", {}).get("asset_match")
        lines.append(
            f"| {name} | {_pct(t['exact'])} | {_pct(a['micro_p'])} | {_pct(a['micro_r'])} "
            f"| {_pct(a['micro_f1'])} | {_pct(d['exact_day'])} | {_pct(d['within_1day'])} "
            f"| {_pct(lang)} | {_pct(desc)} | {_pct(img)} | {rep['errors']} "
            f"| {rep['time']['median_ms']:.1f} | {rep['time'].get('median_cpu_ms', float('nan')):.1f} |")
    first = next(iter(results.values()))
    golds = ", ".join(f"{k}={v['n_gold']}" for k, v in first.items()
                      if isinstance(v, dict) and "n_gold" in v)
    lines.append(f"\n(n pages = {n_pages}; pages with gold: {golds}; image = same asset as a gold "
                 "cover rendition; '-' = field not produced or no gold; ms = wall time per page, "
                 "cpu ms = this thread's CPU time, less sensitive to other load on the machine)")
    return "\n".join(lines)


PEERS_FOR_BARS = {"title": ("trafilatura",), "authors": ("trafilatura",),
                  "date": ("trafilatura", "htmldate")}


def bars(results: dict[str, dict]) -> str:
    """scrapekit meta against the best peer of this run, field by field (validation bar)."""
    mine = results.get("scrapekit meta")
    if mine is None:
        return ""
    out = []
    for fld, metric in (("title", "exact"), ("authors", "micro_f1"), ("date", "exact_day")):
        peers = [(results[p][fld][metric], p) for p in PEERS_FOR_BARS[fld]
                 if p in results and results[p][fld][metric] is not None]
        if not peers or mine[fld][metric] is None:
            continue
        best, who = max(peers)
        ok = "ok" if mine[fld][metric] >= best else "BELOW"
        out.append(f"{fld} {100 * mine[fld][metric]:.1f} vs {who} {100 * best:.1f} {ok}")
    return "scrapekit meta vs best peer: " + "; ".join(out)


def score_parts(ev, rows: list[dict], preds: list[dict]) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """The evaluator's report for the tuning part, the validation part and all pages."""
    by_id = {p["id"]: p for p in preds}
    out = {}
    for part in ("tuning", "validation", "all"):
        sub = [r for r in rows if part == "all" or r["_split"] == part]
        if not sub:
            continue
        rep = ev.score(sub, [by_id[r["id"]] for r in sub])
        cpu = sorted(by_id[r["id"]]["cpu_seconds"] for r in sub)
        rep["time"]["median_cpu_ms"] = 1000 * cpu[len(cpu) // 2]
        out[part] = rep
    return out


def run_set(set_dir: str, names: list[str], ev, a) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    rows = ev.load_set(set_dir, a.limit)
    fixed = apply_errata(rows, set_dir)
    for r in rows:
        r["_split"] = split_of(r)
    set_name = os.path.basename(os.path.normpath(set_dir))
    n_tune = sum(r["_split"] == "tuning" for r in rows)
    pubs = {publisher_key(r) for r in rows}
    tune_pubs = {publisher_key(r) for r in rows if r["_split"] == "tuning"}
    results: dict[str, dict[str, dict]] = {}
    for name in names:
        fn = EXTRACTORS[name]
        fn(ev.read_page(rows[0]["_path"]), rows[0].get("url") or "")  # warm-up: imports, caches
        t0 = time.time()
        preds = run(fn, rows, ev)
        parts = score_parts(ev, rows, preds)
        fields = getattr(fn, "fields", None)
        for rep in parts.values():
            if fields:
                rep["fields"] = list(fields)
                for k in ("title", "authors", "date", "lang", "description", "top_image"):
                    if k not in fields and isinstance(rep.get(k), dict):
                        rep[k] = {kk: (vv if kk.startswith("n_") else None) for kk, vv in rep[k].items()}
        results[name] = parts
        print(f"[{set_name}: {name}] {time.time() - t0:.1f}s, errors={parts['all']['errors']}",
              file=sys.stderr)
        if a.dump:
            os.makedirs(a.dump, exist_ok=True)
            label = re.sub(r"[^\w.-]", "_", f"{set_name}-{name}")
            with open(os.path.join(a.dump, label + ".jsonl"), "w") as fh:
                for r, p in zip(rows, preds):
                    fh.write(json.dumps({**p, "split": r["_split"]}, ensure_ascii=False,
                                        default=str) + "\n")
    print(f"\n## {set_name}: {len(rows)} pages, {len(pubs)} publishers; split by publisher: "
          f"tuning {n_tune} pages / {len(tune_pubs)} publishers, validation {len(rows) - n_tune} "
          f"pages / {len(pubs) - len(tune_pubs)} publishers" + (f"; {fixed} gold values from errata.json" if fixed else ""))
    for part in ("tuning", "validation", "all"):
        per = {name: parts[part] for name, parts in results.items() if part in parts}
        if not per:
            continue
        n = next(iter(per.values()))["n_pages"]
        print(f"\n### {set_name}, {part}")
        print(table(per, n))
        if part != "all":
            print(bars(per))
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.meta",
                                 description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append",
                    help="gold set folder, repeatable (default: " + ", ".join(SETS) + ")")
    ap.add_argument("--limit", type=int, help="only the first N pages of each set")
    ap.add_argument("--only", help="comma-separated subset of: " + ", ".join(EXTRACTORS))
    ap.add_argument("--no-full", action="store_true", help="skip the full scrapekit.extract run")
    ap.add_argument("--json", help="write the full report here")
    ap.add_argument("--dump", help="folder: per-page predictions <set>-<label>.jsonl")
    a = ap.parse_args(argv)

    warnings.filterwarnings("ignore")
    ev = import_shared("eval_meta")
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    names = list(EXTRACTORS)
    if a.only:
        wanted = [w.strip() for w in a.only.split(",") if w.strip()]
        names = [n for n in names if any(n == w or n.startswith(w) for w in wanted)]
    if a.no_full and "scrapekit full" in names:
        names.remove("scrapekit full")
    sets = a.set or [str(SHARED_BENCH / "data" / s) for s in SETS]
    print("# metadata (python -m benchmarks.meta): title exact, authors micro P/R/F1, "
          "datePublished exact day")
    report = {os.path.basename(os.path.normpath(d)): run_set(d, names, ev, a) for d in sets}
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(report, fh, indent=1, default=str)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
