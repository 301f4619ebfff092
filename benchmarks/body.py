"""Article body: scrapekit vs trafilatura on the shared scrapinghub gold set.

    python -m benchmarks.body [--limit N] [--json FILE] [--no-fundus] [--repeat K]

Scores with ../shared/bench/eval_body.py (4-token shingle P/R/F1, empty pages) and compares
scrapekit with trafilatura default by ../shared/bench/paired_bootstrap.py. Extractors run
interleaved page by page (each page through every extractor in turn, best of --repeat timings),
so load from other processes on the machine hits them alike. scrapekit is timed end to end
(``scrapekit.extract(html, url).article_body``: parse, every field, body); the body function
alone is reported as a second row. Last line: meta-fundus sanity check (pages with an empty body).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import SHARED_BENCH, import_shared


def scrapekit_body(html: str, url: str) -> str:
    import scrapekit

    return scrapekit.extract(html, url).article_body or ""


def trafilatura_default(html: str, url: str) -> str:
    """trafilatura's default settings, comments excluded (they are not the article body; this
    is how ../shared/bench/results measured "trafilatura_default")."""
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False) or ""


def trafilatura_precision(html: str, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False, favor_precision=True) or ""


def _run(fn: Callable[[str, str], str], html: str, url: str) -> tuple[str, float, str | None]:
    t0 = time.perf_counter()
    try:
        out = fn(html, url) or ""
        err = None
    except Exception as exc:  # noqa: BLE001 - an exception counts as an empty body
        out, err = "", f"{type(exc).__name__}: {exc}"
    return out, time.perf_counter() - t0, err


def _body_only(html: str, url: str) -> tuple[str, float, str | None]:
    """The body function alone, on a page parsed beforehand (parse time not counted)."""
    from scrapekit.extractors.body import extract_body
    from scrapekit.extractors.document import parse
    from scrapekit.extractors.text import scrub

    page = parse(scrub(html), url)
    t0 = time.perf_counter()
    try:
        out, err = extract_body(page).text or "", None
    except Exception as exc:  # noqa: BLE001
        out, err = "", f"{type(exc).__name__}: {exc}"
    return out, time.perf_counter() - t0, err


EXTRACTORS: dict[str, Callable[[str, str], tuple[str, float, str | None]]] = {
    "scrapekit": lambda h, u: _run(scrapekit_body, h, u),
    "scrapekit_body_fn_only": _body_only,
    "trafilatura_default": lambda h, u: _run(trafilatura_default, h, u),
    "trafilatura_precision": lambda h, u: _run(trafilatura_precision, h, u),
}


def run_gold(dataset: Path, limit: int, repeat: int) -> dict[str, Any]:
    eb = import_shared("eval_body")
    kind, items = eb.load_dataset(dataset)
    ids = sorted(items)[: limit or None]
    htmls = {i: eb.read_html(dataset, i) for i in ids}
    preds: dict[str, dict[str, str]] = {n: {} for n in EXTRACTORS}
    times: dict[str, list[float]] = {n: [] for n in EXTRACTORS}
    errors: dict[str, dict[str, str]] = {n: {} for n in EXTRACTORS}
    for name, fn in EXTRACTORS.items():  # warm-up (imports, caches), untimed
        fn(htmls[ids[0]], items[ids[0]].get("url", ""))
    for i in ids:
        url = items[i].get("url", "")
        for name, fn in EXTRACTORS.items():
            best = float("inf")
            for _ in range(max(1, repeat)):
                out, elapsed, err = fn(htmls[i], url)
                best = min(best, elapsed)
            preds[name][i] = out
            times[name].append(best)
            if err:
                errors[name][i] = err
    report: dict[str, Any] = {"dataset": str(dataset), "kind": kind, "n_pages": len(ids),
                              "results": {}}
    for name in EXTRACTORS:
        pages = {}
        for n_, i in enumerate(ids):
            sc = eb.body_page_score(items[i].get("articleBody", ""), preds[name][i])
            sc["time_s"] = times[name][n_]
            pages[i] = sc
        res = eb.body_aggregate(list(pages.values()))
        res["n"] = len(ids)
        res["empty"] = sum(1 for i in ids if pages[i]["empty"] and pages[i]["true_tokens"])
        res["errors"] = len(errors[name])
        res["median_ms"] = 1000 * statistics.median(times[name])
        res["mean_ms"] = 1000 * statistics.fmean(times[name])
        report["results"][name] = {"summary": res, "errors": errors[name], "pages": pages,
                                   "predictions": preds[name]}
    return report


def paired_bootstrap(report: dict[str, Any], a: str, b: str, n: int = 2000) -> str:
    """Run ../shared/bench/paired_bootstrap.py on the report; return what it prints."""
    pb = import_shared("paired_bootstrap")
    slim = {"kind": report["kind"],
            "results": {k: {"pages": v["pages"]} for k, v in report["results"].items()}}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(slim, fh)
        path = fh.name
    argv, out = sys.argv, io.StringIO()
    try:
        sys.argv = ["paired_bootstrap.py", path, a, b, "--n", str(n)]
        with contextlib.redirect_stdout(out):
            pb.main()
    finally:
        sys.argv = argv
        Path(path).unlink(missing_ok=True)
    return out.getvalue().rstrip()


def fundus_check(root: Path, limit: int) -> tuple[int, int, list[str], float]:
    """(pages, pages with an empty body, their ids, median ms) on the meta-fundus pages."""
    import scrapekit

    gold = {}
    gold_path = root / "gold.jsonl"
    if gold_path.exists():
        for line in gold_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                gold[rec["id"]] = rec.get("url") or ""
    files = sorted((root / "pages").glob("*.html.gz"))[: limit or None]
    empty: list[str] = []
    times: list[float] = []
    for f in files:
        pid = f.name[: -len(".html.gz")]
        raw = gzip.decompress(f.read_bytes())
        t0 = time.perf_counter()
        art = scrapekit.extract(raw, gold.get(pid) or None)
        times.append(time.perf_counter() - t0)
        if not (art.article_body or "").strip():
            empty.append(pid)
    return len(files), len(empty), empty, 1000 * statistics.median(times) if times else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", type=Path, default=SHARED_BENCH / "data" / "scrapinghub")
    ap.add_argument("--fundus", type=Path, default=SHARED_BENCH / "data" / "meta-fundus")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages of each set")
    ap.add_argument("--repeat", type=int, default=1, help="time each call K times, keep the best")
    ap.add_argument("--bootstrap", type=int, default=2000)
    ap.add_argument("--no-fundus", action="store_true", help="skip the meta-fundus check")
    ap.add_argument("--json", type=Path, help="write summary, per-page scores and outputs here")
    args = ap.parse_args(argv)

    report = run_gold(args.dataset, args.limit, args.repeat)
    print(f"# body on {args.dataset.name}: {report['n_pages']} pages, python "
          f"{sys.version.split()[0]}; 'empty' = pages with no output where the gold has text")
    print(f"{'extractor':<24} {'P':>6} {'R':>6} {'F1':>6} {'empty':>5} {'err':>4} {'med_ms':>7}")
    for name, res in report["results"].items():
        s = res["summary"]
        print(f"{name:<24} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
              f"{s['empty']:5d} {s['errors']:4d} {s['median_ms']:7.1f}")
    print("# paired bootstrap, scrapekit (A) vs trafilatura_default (B):")
    print(paired_bootstrap(report, "scrapekit", "trafilatura_default", args.bootstrap))
    if not args.no_fundus and (args.fundus / "pages").is_dir():
        n, n_empty, empty, med = fundus_check(args.fundus, args.limit)
        print(f"# meta-fundus sanity: {n} pages, {n_empty} with an empty body"
              + (f" ({', '.join(empty[:10])})" if empty else "") + f", median {med:.1f} ms/page")
        report["fundus"] = {"pages": n, "empty": empty, "median_ms": med}
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
