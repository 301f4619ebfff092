"""Article body: scrapekit vs trafilatura (default settings) on every body gold set, same run.

    nice -n 19 python -m benchmarks.body [--sets scrapinghub,dragnet] [--limit N] [--sample K]
        [--jobs 2] [--part tuning|validation|all] [--json FILE] [--bootstrap N] [--no-fundus]

Sets: every directory of ../shared/bench/data with a ``ground-truth.json`` (scrapinghub,
dragnet, l3s-gn1, big9-chaos, cleanportaleval: the issue's five), and fundus-body (the
meta-fundus pages in ~30 languages with gold bodies from fundus's publisher parsers, committed
in benchmarks/fundus_body/; printed with the others, kept out of the issue's mean, which is
printed first and then with it). Scored with ../shared/bench/eval_body.py
(4-token shingles; P averaged over non-empty outputs, R over all pages, F1 of the two), each set
printed separately, then the mean over sets; the paired bootstrap
(../shared/bench/paired_bootstrap.py) per set compares scrapekit (A) with trafilatura (B).

**The split** (benchmarks/body_split.py, fixed before any tuning): each page's site (URL host, or
the host the page names for itself) hashes to *tuning* or *validation*; cleanportaleval is
validation only. Every figure is printed for the tuning part, the validation part and all
pages. A rule is kept only if it raises validation F1.

**Headline**: the gold of dragnet, big9-chaos and cleanportaleval includes the headline (their
READMEs), that of scrapinghub and l3s-gn1 does not. On the first three, each extractor's own
headline is put before its body (scrapekit: ``Article.headline``; trafilatura: the ``title``
of ``trafilatura.extract_metadata``, not timed); the metric is never changed.

**Timing**: median ms per page. scrapekit: the whole ``scrapekit.extract(html, url)`` (parse,
every field, body). trafilatura: ``trafilatura.extract(html, url=url, include_comments=False)``
alone. Both run in the same worker, page by page, so machine load hits them alike.
``--peer-cache DIR`` stores/reuses trafilatura's outputs between iterations (its rows are then
marked "cached", and its timing is not from this run): never for reported figures.
Last line: the meta-fundus check (258 article pages in ~30 languages; pages with an empty body).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import io
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from . import SHARED_BENCH, import_shared
from .body_split import part_of, site_key

SETS = ("scrapinghub", "dragnet", "l3s-gn1", "big9-chaos", "cleanportaleval")
FUNDUS = "fundus-body"
EXTRA_SETS = (FUNDUS,)
"""Sets beyond the issue's five, printed with them but kept out of the issue's mean: fundus-body
(the meta-fundus pages, ~30 languages; gold bodies made by fundus's publisher parsers,
benchmarks/fundus_gold.py, committed in benchmarks/fundus_body/)."""
FUNDUS_GOLD = Path(__file__).resolve().parent / "fundus_body" / "ground-truth.json.gz"
HEADLINE_IN_GOLD = frozenset({"dragnet", "big9-chaos", "cleanportaleval"})
PARTS = ("tuning", "validation", "all")
A, B = "scrapekit", "trafilatura"


def scrapekit_body(html: str, url: str, with_headline: bool = False) -> str:
    import scrapekit

    art = scrapekit.extract(html, url or None)
    body = art.article_body or ""
    if with_headline and art.headline:
        return art.headline + "\n\n" + body
    return body


def trafilatura_default(html: str, url: str) -> str:
    """trafilatura's default settings, comments excluded (they are not the article body; this
    is how ../shared/bench/results measured "trafilatura_default")."""
    import trafilatura

    return trafilatura.extract(html, url=url or None, include_comments=False) or ""


def trafilatura_title(html: str, url: str) -> str:
    import trafilatura

    try:
        return trafilatura.extract_metadata(html, default_url=url or None).title or ""
    except Exception:  # noqa: BLE001 - no title
        return ""


def _timed(fn, *args) -> tuple[str, float, str | None]:  # type: ignore[no-untyped-def]
    t0 = time.process_time()
    try:
        out, err = fn(*args) or "", None
    except Exception as exc:  # noqa: BLE001 - an exception counts as an empty body
        out, err = "", f"{type(exc).__name__}: {exc}"
    return out, time.process_time() - t0, err


def _load_page(root: Path, pid: str) -> str:
    folder = root / "html" if (root / "html").is_dir() else root / "pages"  # meta-fundus: pages/
    with gzip.open(folder / f"{pid}.html.gz", "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def _page_job(job: tuple[str, str, str, str, bool]) -> dict[str, Any]:
    """One page through both extractors (peer skipped when cached): outputs, CPU seconds."""
    dataset, root, pid, url, run_peer = job
    html = _load_page(Path(root), pid)
    headline = dataset in HEADLINE_IN_GOLD
    out: dict[str, Any] = {"id": pid}
    out[A], out[A + "_s"], out[A + "_err"] = _timed(scrapekit_body, html, url, headline)
    if run_peer:
        text, secs, err = _timed(trafilatura_default, html, url)
        if headline:
            title = trafilatura_title(html, url)
            text = title + "\n\n" + text if title else text
        out[B], out[B + "_s"], out[B + "_err"] = text, secs, err
    return out


def _warm() -> None:
    scrapekit_body("<html><body><p>warm up</p></body></html>", "")
    trafilatura_default("<html><body><p>warm up</p></body></html>", "")


def select_pages(items: dict[str, Any], root: Path, dataset: str, part: str, limit: int,
                 sample: int) -> list[tuple[str, str, str]]:
    """(id, url, part) of the pages to run, ids sorted; ``sample``: every page whose id hashes
    into the first 1/sample (a stable subset for quick iterations)."""
    rows = []
    for pid in sorted(items):
        if sample > 1 and int(hashlib.sha1(pid.encode()).hexdigest()[:8], 16) % sample:
            continue
        url = items[pid].get("url") or ""
        p = part_of(dataset, site_key(pid, url, _load_page(root, pid)))
        if part != "all" and p != part:
            continue
        rows.append((pid, url, p))
    return rows[: limit or None]


def set_root(dataset: str) -> Path:
    """The folder of a set's pages: fundus-body's are meta-fundus's."""
    return SHARED_BENCH / "data" / ("meta-fundus" if dataset == FUNDUS else dataset)


def load_set(dataset: str) -> tuple[Path, dict[str, Any]]:
    """(folder of the set's pages, {id: {"url", "articleBody"}}): a shared set's
    ground-truth.json, or for fundus-body the committed gold over the meta-fundus pages."""
    root = set_root(dataset)
    if dataset == FUNDUS:
        with gzip.open(FUNDUS_GOLD, "rb") as fh:
            return root, json.loads(fh.read())["pages"]
    return root, import_shared("eval_body").load_dataset(root)[1]


def run_set(dataset: str, part: str, limit: int, sample: int, jobs: int,
            peer_cache: Path | None) -> dict[str, Any]:
    eb = import_shared("eval_body")
    root, items = load_set(dataset)
    pages = select_pages(items, root, dataset, part, limit, sample)
    cached: dict[str, Any] = {}
    cache_file = peer_cache / f"{dataset}.json" if peer_cache else None
    if cache_file and cache_file.exists():
        cached = json.loads(cache_file.read_text(encoding="utf-8"))
    work = [(dataset, str(root), pid, url, pid not in cached) for pid, url, _ in pages]
    if jobs > 1:
        with ProcessPoolExecutor(jobs, initializer=_warm) as pool:
            results = list(pool.map(_page_job, work, chunksize=4))
    else:
        _warm()
        results = [_page_job(w) for w in work]
    for r in results:
        if B not in r:
            r[B], r[B + "_s"], r[B + "_err"] = cached[r["id"]]
            r["cached"] = True
        elif cache_file is not None:
            cached[r["id"]] = [r[B], r[B + "_s"], r[B + "_err"]]
    if cache_file is not None:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(cached, ensure_ascii=False), encoding="utf-8")
    by_id = {r["id"]: r for r in results}
    report: dict[str, Any] = {"dataset": dataset, "kind": "body", "n_pages": len(pages),
                              "peer_cached": any(r.get("cached") for r in results),
                              "headline_in_gold": dataset in HEADLINE_IN_GOLD, "parts": {}}
    for name in (A, B):
        report[name] = {}
        for pid, _, p in pages:
            r = by_id[pid]
            sc = eb.body_page_score(items[pid].get("articleBody", ""), r[name])
            sc["time_s"] = r[name + "_s"]
            sc["part"] = p
            if r[name + "_err"]:
                sc["error"] = r[name + "_err"]
            report[name][pid] = {"score": sc, "text": r[name]}
    for p in PARTS:
        ids = [pid for pid, _, q in pages if p == "all" or q == p]
        report["parts"][p] = {name: summarize(eb, [report[name][i]["score"] for i in ids])
                              for name in (A, B)}
        report["parts"][p]["ids"] = ids
    return report


def summarize(eb, scores: list[dict[str, Any]]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    if not scores:
        return {"n": 0}
    res = eb.body_aggregate(scores)
    res["n"] = len(scores)
    res["empty"] = sum(1 for s in scores if s["empty"] and s["true_tokens"])
    res["errors"] = sum(1 for s in scores if "error" in s)
    res["median_ms"] = 1000 * statistics.median(s["time_s"] for s in scores)
    return res


def paired_bootstrap(report: dict[str, Any], ids: Iterable[str], n: int) -> str:
    """../shared/bench/paired_bootstrap.py on these pages: its F1 line (A = scrapekit)."""
    pb = import_shared("paired_bootstrap")
    ids = list(ids)
    slim = {"kind": "body", "results": {name: {"pages": {i: report[name][i]["score"] for i in ids}}
                                        for name in (A, B)}}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(slim, fh)
        path = fh.name
    argv, out = sys.argv, io.StringIO()
    try:
        sys.argv = ["paired_bootstrap.py", path, A, B, "--n", str(n)]
        with contextlib.redirect_stdout(out):
            pb.main()
    finally:
        sys.argv = argv
        Path(path).unlink(missing_ok=True)
    lines = [x for x in out.getvalue().splitlines() if x.startswith("f1 ")]
    return lines[0][len("f1"):].strip() if lines else "-"


def print_set(report: dict[str, Any], bootstrap: int) -> None:
    name = report["dataset"]
    note = " (gold includes the headline: each extractor's headline + body)" \
        if report["headline_in_gold"] else ""
    print(f"\n## {name}: {report['n_pages']} pages{note}"
          + ("  [trafilatura from --peer-cache: not this run]" if report["peer_cached"] else ""))
    print(f"{'part':<11} {'extractor':<12} {'n':>5} {'P':>6} {'R':>6} {'F1':>6} {'empty':>5} "
          f"{'err':>4} {'med_ms':>7}")
    for p in PARTS:
        for ext in (A, B):
            s = report["parts"][p][ext]
            if not s["n"]:
                continue
            print(f"{p:<11} {ext:<12} {s['n']:5d} {s['precision']:6.3f} {s['recall']:6.3f} "
                  f"{s['f1']:6.3f} {s['empty']:5d} {s['errors']:4d} {s['median_ms']:7.1f}")
        if bootstrap and report["parts"][p][A]["n"] > 1:
            print(f"{'':<11} bootstrap F1 A-B: "
                  + paired_bootstrap(report, report["parts"][p]["ids"], bootstrap))


def print_means(reports: list[dict[str, Any]]) -> None:
    issue = [r for r in reports if r["dataset"] in SETS]
    if not issue:  # only extra sets ran: their own mean, said as such
        print("\n## mean over sets (F1): " + ", ".join(r["dataset"] for r in reports)
              + " (not the issue's sets)")
        _means(reports, " extra")
        return
    print("\n## mean over sets (F1): the issue's sets" + (", then with " + ", ".join(EXTRA_SETS)
                                                         if len(issue) < len(reports) else ""))
    _means(issue, "")
    if len(issue) < len(reports):
        _means(reports, " +extra")


def _means(reports: list[dict[str, Any]], tag: str) -> None:
    for p in PARTS:
        rows = [r["parts"][p] for r in reports if r["parts"][p][A]["n"]]
        if not rows:
            continue
        fa = statistics.fmean(r[A]["f1"] for r in rows)
        fb = statistics.fmean(r[B]["f1"] for r in rows)
        worst = min(r[A]["f1"] - r[B]["f1"] for r in rows)
        print(f"{p + tag:<17} sets={len(rows)} scrapekit {fa:.4f}  trafilatura {fb:.4f}  "
              f"diff {fa - fb:+.4f}  worst set diff {worst:+.4f}")


def fundus_check(root: Path, limit: int) -> tuple[int, list[str]]:
    """(pages, ids of pages with an empty body) on the meta-fundus pages: every one of them is an
    article with text, in ~30 languages (a check that no page loses its body)."""
    import scrapekit

    urls = {}
    gold_path = root / "gold.jsonl"
    if gold_path.exists():
        for line in gold_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                urls[rec["id"]] = rec.get("url") or None
    files = sorted((root / "pages").glob("*.html.gz"))[: limit or None]
    empty = []
    for f in files:
        pid = f.name[: -len(".html.gz")]
        art = scrapekit.extract(gzip.decompress(f.read_bytes()), urls.get(pid))
        if not (art.article_body or "").strip():
            empty.append(pid)
    return len(files), empty


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(SETS + EXTRA_SETS),
                    help="comma-separated set names")
    ap.add_argument("--part", choices=PARTS, default="all", help="run only this part")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages of each set")
    ap.add_argument("--sample", type=int, default=0,
                    help="only the pages whose id hashes into 1/K of each set (quick runs)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument("--bootstrap", type=int, default=1000, help="paired bootstrap resamples")
    ap.add_argument("--peer-cache", type=Path, help="reuse trafilatura outputs (iteration only)")
    ap.add_argument("--json", type=Path, help="write per-page scores and outputs here")
    ap.add_argument("--no-fundus", action="store_true",
                    help="skip the meta-fundus check (pages with an empty body)")
    args = ap.parse_args(argv)

    print(f"# body benchmark: python {sys.version.split()[0]}; F1 = eval_body.py's; empty = "
          "pages with no output where the gold has text; med_ms = median CPU ms per page")
    reports = []
    for dataset in [s for s in args.sets.split(",") if s]:
        rep = run_set(dataset, args.part, args.limit, args.sample, args.jobs, args.peer_cache)
        print_set(rep, args.bootstrap)
        sys.stdout.flush()
        reports.append(rep)
    print_means(reports)
    fundus = SHARED_BENCH / "data" / "meta-fundus"
    if not args.no_fundus and (fundus / "pages").is_dir():
        n, empty = fundus_check(fundus, args.limit)
        print(f"\n# meta-fundus check: {n} article pages, {len(empty)} with an empty body"
              + (f" ({', '.join(empty[:10])})" if empty else ""))
    if args.json:
        args.json.write_text(json.dumps(reports, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
