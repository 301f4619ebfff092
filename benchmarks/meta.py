"""Metadata benchmark: scrapekit vs trafilatura (and htmldate for dates) on meta-fundus.

    python -m benchmarks.meta [--limit N] [--only scrapekit,trafilatura,htmldate]
                              [--set DIR] [--json OUT.json] [--dump DIR] [--no-full]

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
import json
import os
import re
import sys
import time
import warnings
from typing import Any

from . import ROOT, SHARED_BENCH, import_shared

DEFAULT_SET = SHARED_BENCH / "data" / "meta-fundus"


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.meta",
                                 description=__doc__.splitlines()[0])
    ap.add_argument("--set", default=str(DEFAULT_SET), help="gold set folder (default meta-fundus)")
    ap.add_argument("--limit", type=int, help="only the first N pages")
    ap.add_argument("--only", help="comma-separated subset of: " + ", ".join(EXTRACTORS))
    ap.add_argument("--no-full", action="store_true", help="skip the full scrapekit.extract run")
    ap.add_argument("--json", help="write the full report here")
    ap.add_argument("--dump", help="folder: per-page predictions <label>.jsonl")
    a = ap.parse_args(argv)

    warnings.filterwarnings("ignore")
    ev = import_shared("eval_meta")
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    rows = ev.load_set(a.set, a.limit)
    names = list(EXTRACTORS)
    if a.only:
        wanted = [w.strip() for w in a.only.split(",") if w.strip()]
        names = [n for n in names if any(n == w or n.startswith(w) for w in wanted)]
    if a.no_full and "scrapekit full" in names:
        names.remove("scrapekit full")

    results: dict[str, dict] = {}
    for name in names:
        fn = EXTRACTORS[name]
        fn(ev.read_page(rows[0]["_path"]), rows[0].get("url") or "")  # warm-up: imports, caches
        t0 = time.time()
        preds = run(fn, rows, ev)
        rep = ev.score(rows, preds)
        rep["time"]["median_cpu_ms"] = 1000 * sorted(p["cpu_seconds"] for p in preds)[len(preds) // 2]
        fields = getattr(fn, "fields", None)
        if fields:
            rep["fields"] = list(fields)
            for k in ("title", "authors", "date", "lang", "description", "top_image"):
                if k not in fields and isinstance(rep.get(k), dict):
                    rep[k] = {kk: (vv if kk.startswith("n_") else None) for kk, vv in rep[k].items()}
        rep["wall_s"] = time.time() - t0
        results[name] = rep
        print(f"[{name}] {rep['wall_s']:.1f}s, errors={rep['errors']}", file=sys.stderr)
        if a.dump:
            os.makedirs(a.dump, exist_ok=True)
            with open(os.path.join(a.dump, re.sub(r"[^\w.-]", "_", name) + ".jsonl"), "w") as fh:
                for p in preds:
                    fh.write(json.dumps(p, ensure_ascii=False, default=str) + "\n")
    print(f"### {os.path.basename(os.path.normpath(a.set))}: metadata (python -m benchmarks.meta)")
    print(table(results, len(rows)))
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(results, fh, indent=1, default=str)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
