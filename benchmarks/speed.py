"""Speed: the whole ``scrapekit.extract`` against trafilatura's body extraction alone, CPU ms.

    nice -n 19 python -m benchmarks.speed [--sets scrapinghub,dragnet,...] [--limit N]
        [--rounds R] [--no-stages] [--json FILE] [--ab OTHER_SRC]
    python -m benchmarks.speed --snapshot FILE [--src SRC] [--sets ...]
    python -m benchmarks.speed --compare OLD NEW

The bar (issue 14): on every body set, the median CPU time per page of the whole record
(``scrapekit.extract(html, url)``: parse, headline, authors, dates, body, links, metadata,
access, page type) is no higher than that of trafilatura's body extraction alone, as
benchmarks/body.py defines the peer (``trafilatura.extract(html, url=url,
include_comments=False)``, default settings), measured in the same run.

Sets: the body sets of ../shared/bench/data (scrapinghub, dragnet, l3s-gn1, big9-chaos,
cleanportaleval) and the metadata sets (meta-fundus, meta-postlight), pages read and decoded as
benchmarks/body.py and benchmarks/meta.py read them (not timed).

**Timing**: ``time.process_time`` around each call, in this one process. The machine is
shared and noisy, so every page is run ``--rounds`` times (default 2) through both extractors,
interleaved (page by page, the order of the two alternating between rounds) and each
extractor's time for the page is its best round; the figures are the median and the mean of
those per-page times, and their ratio (scrapekit / trafilatura, below 1: scrapekit faster).
Rounds run over the whole set before the next one starts, so the libraries' small caches
(htmldate's and trafilatura's lru_caches) have seen many other pages in between.

**A/B** (``--ab OTHER_SRC``): this code against another version of it (``OTHER_SRC``: the
``src`` directory of another checkout, e.g. ``git archive <commit> src | tar -x -C /tmp/old``),
each in its own worker process (a fresh interpreter importing scrapekit from its own source
tree), page by page, the order alternating; each worker times ``extract()`` with
``time.process_time`` around the call. Per set: both medians, their ratio and the median of the
per-page ratios (below 1: this code is faster). The workers take turns, so the machine's load
falls on both alike.

**Exactness** (``--snapshot FILE``): every record (``to_dict()`` without ``elapsedMs``) of every
page of the sets and of the labelled link pages (tests/fixtures/links), one JSON line each;
``--src`` picks the source tree to import (default: this checkout's). ``--compare OLD NEW`` prints
each field that differs between two snapshots and the count of records compared and differing.

**Stages** (one more round, after the timing, never mixed into it): scrapekit's extraction
functions are wrapped with timers (STAGES below: the name a stage is reached by at run time),
and the mean and median CPU ms per page of each is printed per set. Nested stages are indented
(their time is part of their parent's); "other" is the whole extract() minus its top-level
stages (the record, the checks). A stage that does not exist in this version is left out; a
table of (key, reader) pairs (METADATA_READERS) has each reader wrapped.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import importlib
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import ROOT, SHARED_BENCH, import_shared

BODY_SETS = ("scrapinghub", "dragnet", "l3s-gn1", "big9-chaos", "cleanportaleval")
META_SETS = ("meta-fundus", "meta-postlight")
A, B = "extract", "trafilatura"

# (label, module, attribute, depth): the functions wrapped for the stage breakdown, in the
# order extract() runs them; depth 1 stages are parts of the depth 0 stage above them.
STAGES: tuple[tuple[str, str, str, int], ...] = (
    ("scrub", "scrapekit.extractors", "scrub", 0),
    ("defuse", "scrapekit.extractors", "defuse", 0),
    ("parse (lexbor, json-ld, meta)", "scrapekit.extractors", "parse", 0),
    ("headline", "scrapekit.extractors", "extract_headline", 0),
    ("byline/authors", "scrapekit.extractors", "extract_byline_authors", 0),
    ("dates", "scrapekit.extractors", "extract_dates", 0),
    ("htmldate fallback", "scrapekit.adapters.htmldate", "find_date", 1),
    ("day printed? check", "scrapekit.extractors.dates", "printed", 1),
    ("body", "scrapekit.extractors", "extract_body", 0),
    ("trafilatura cascade", "scrapekit.adapters.trafilatura", "main_content", 1),
    ("second opinion (trafilatura default)", "scrapekit.adapters.trafilatura",
     "default_extraction", 1),
    ("related links", "scrapekit.extractors", "extract_related_links", 0),
    ("metadata readers", "scrapekit.extractors", "METADATA_READERS", 0),
    ("access + page type", "scrapekit.extractors", "_access_and_type", 0),
)


# -- the two extractors ------------------------------------------------------------------------

def run_extract(html: str, url: str) -> object:
    import scrapekit

    return scrapekit.extract(html, url or None)


def run_trafilatura(html: str, url: str) -> object:
    from .body import trafilatura_default  # the peer exactly as the body benchmark calls it

    return trafilatura_default(html, url)


def cpu(fn: Callable[[str, str], object], html: str, url: str) -> float:
    """CPU seconds of one call (an exception is timed too: it is the extractor's answer)."""
    t0 = time.process_time()
    try:
        fn(html, url)
    except Exception:  # noqa: BLE001
        pass
    return time.process_time() - t0


SAMPLE = ("<html lang='en'><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
          "<p class='byline'>By Jane Doe</p><p>Posted on 6 May 2020.</p>"
          + "<p>A short paragraph of text, long enough to count as an article body.</p>" * 6
          + "</article></body></html>")


def warm() -> None:
    """Imports and one-time tables (htmldate's month names, the date regexes) before the first
    timed page, as a worker's warm-up does (without its gc.freeze: like benchmarks/body.py)."""
    from scrapekit.adapters.htmldate import warm as htmldate_warm
    from scrapekit.extractors import dates

    htmldate_warm()
    getattr(dates, "warm", lambda: None)()
    for _ in range(2):
        run_extract(SAMPLE, "https://example.com/warm-up")
        run_trafilatura(SAMPLE, "https://example.com/warm-up")


# -- pages -------------------------------------------------------------------------------------

def load_pages(name: str, limit: int) -> list[tuple[str, str, str]]:
    """(id, html, url) of a set's pages, ids sorted (body sets) or in gold order (meta sets)."""
    root = SHARED_BENCH / "data" / name
    if name in META_SETS:
        ev = import_shared("eval_meta")
        rows = ev.load_set(str(root), limit or None)
        return [(r["id"], ev.read_page(r["_path"]), r.get("url") or "") for r in rows]
    eb = import_shared("eval_body")
    _, items = eb.load_dataset(root)
    out = []
    for pid in sorted(items)[: limit or None]:
        with gzip.open(root / "html" / f"{pid}.html.gz", "rb") as f:
            html = f.read().decode("utf-8", errors="replace")
        out.append((pid, html, items[pid].get("url") or ""))
    return out


# -- timing ------------------------------------------------------------------------------------

def time_set(pages: list[tuple[str, str, str]], rounds: int) -> dict[str, list[float]]:
    """Per page, each extractor's best CPU seconds over ``rounds`` interleaved rounds."""
    best = {A: [float("inf")] * len(pages), B: [float("inf")] * len(pages)}
    for r in range(rounds):
        order = ((A, run_extract), (B, run_trafilatura))
        if r % 2:
            order = order[::-1]
        for i, (_pid, html, url) in enumerate(pages):
            for name, fn in order:
                best[name][i] = min(best[name][i], cpu(fn, html, url))
    return best


def summary(seconds: list[float]) -> tuple[float, float]:
    """(median, mean) in ms."""
    return 1000 * statistics.median(seconds), 1000 * statistics.fmean(seconds)


# -- stages ------------------------------------------------------------------------------------

class StageClock:
    """Timer wrappers around the STAGES functions; per page, CPU seconds spent in each."""

    def __init__(self) -> None:
        self.page: dict[str, float] = {}

    def wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        page = self.page

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                page[label] = page.get(label, 0.0) + time.process_time() - t0

        timed.__wrapped__ = fn  # type: ignore[attr-defined]
        return timed

    @contextmanager
    def installed(self) -> Iterator[list[tuple[str, int]]]:
        """The wrappers in place for the block; yields the (label, depth) of those found."""
        undo = []
        found = []
        for label, module_name, attr, depth in STAGES:
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                continue
            original = getattr(module, attr, None)
            if isinstance(original, tuple):  # a table of (key, reader) pairs
                setattr(module, attr, tuple((key, self.wrap(label, fn)) for key, fn in original))
            elif callable(original):
                setattr(module, attr, self.wrap(label, original))
            else:
                continue
            undo.append((module, attr, original))
            found.append((label, depth))
        try:
            yield found
        finally:
            for module, attr, original in reversed(undo):
                setattr(module, attr, original)


def stage_times(pages: list[tuple[str, str, str]]) -> tuple[list[tuple[str, int]], dict[str, list[float]]]:
    """One round of extract() with the stage wrappers: (stages found, label -> seconds per page,
    with "whole extract()" and "other")."""
    clock = StageClock()
    per: dict[str, list[float]] = {}
    with clock.installed() as found:
        for _pid, html, url in pages:
            clock.page.clear()
            total = cpu(run_extract, html, url)
            for label, _depth in found:
                per.setdefault(label, []).append(clock.page.get(label, 0.0))
            top = sum(clock.page.get(label, 0.0) for label, depth in found if depth == 0)
            per.setdefault("other", []).append(max(0.0, total - top))
            per.setdefault("whole extract()", []).append(total)
    return found, per


# -- A/B: this code against another version, one worker process each --------------------------

WORKER = """
import sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(1, sys.argv[2])
import scrapekit
assert scrapekit.__file__.startswith(sys.argv[1]), scrapekit.__file__
from benchmarks.speed import load_pages, warm
warm()
pages = []
for line in sys.stdin:
    cmd, _, arg = line.strip().partition(" ")
    if cmd == "load":
        name, limit = arg.split()
        pages = load_pages(name, int(limit))
        print(len(pages), flush=True)
    elif cmd == "time":
        _pid, html, url = pages[int(arg)]
        t0 = time.process_time()
        try:
            scrapekit.extract(html, url or None)
        except Exception:
            pass
        print(time.process_time() - t0, flush=True)
"""


class Worker:
    """A fresh interpreter importing scrapekit from ``src``, timing extract() on request."""

    def __init__(self, src: Path) -> None:
        import subprocess

        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(src.resolve()), str(ROOT)], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, line: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        if not answer:
            raise RuntimeError("A/B worker died")
        return answer.strip()

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def ab_set(workers: tuple[Worker, Worker], name: str, limit: int,
           rounds: int) -> tuple[int, list[float], list[float]]:
    """Per page, each version's best CPU seconds over ``rounds`` rounds, interleaved."""
    n = {int(w.ask(f"load {name} {limit}")) for w in workers}
    if len(n) != 1:
        raise RuntimeError(f"{name}: the workers loaded different page counts {n}")
    count = n.pop()
    best = ([float("inf")] * count, [float("inf")] * count)
    for r in range(rounds):
        for i in range(count):
            order = (0, 1) if (i + r) % 2 == 0 else (1, 0)
            for k in order:
                best[k][i] = min(best[k][i], float(workers[k].ask(f"time {i}")))
    return count, best[0], best[1]


def run_ab(other: Path, sets: list[str], limit: int, rounds: int) -> None:
    print(f"\n## A/B: extract() of this code (A: {ROOT / 'src'}) vs B ({other}), CPU ms per "
          f"page, best of {rounds} rounds, interleaved page by page")
    print(f"{'set':<16} {'pages':>5} | {'A median':>8} {'B median':>8} {'A/B':>6} | "
          f"{'A mean':>8} {'B mean':>8} {'A/B':>6} | {'median of per-page A/B':>22}")
    workers = (Worker(ROOT / "src"), Worker(other))
    try:
        for name in sets:
            count, a, b = ab_set(workers, name, limit, rounds)
            if not count:
                continue
            am, aa = summary(a)
            bm, ba = summary(b)
            ratios = [x / y for x, y in zip(a, b) if y > 0]
            per_page = statistics.median(ratios) if ratios else float("nan")
            print(f"{name:<16} {count:5d} | {am:8.2f} {bm:8.2f} {am / bm:6.3f} | {aa:8.2f} "
                  f"{ba:8.2f} {aa / ba:6.3f} | {per_page:22.3f}", flush=True)
    finally:
        for w in workers:
            w.close()


# -- exactness: every field of every record, before and after a change -------------------------

LINK_PAGES = ROOT / "tests" / "fixtures" / "links"


def snapshot(path: Path, sets: list[str], limit: int) -> int:
    """Write every record of the sets' pages and of the labelled link pages, one JSON line
    each (elapsedMs left out: it is the one field that is a time)."""
    import scrapekit

    count = 0
    with path.open("w", encoding="utf-8") as out:
        def write(key: str, record: Any) -> None:
            d = record.to_dict()
            d["extraction"].pop("elapsedMs", None)
            out.write(json.dumps({"key": key, "record": d}, ensure_ascii=False) + "\n")

        for name in sets:
            for pid, html, url in load_pages(name, limit):
                write(f"{name}/{pid}", scrapekit.extract(html, url or None))
                count += 1
        labels = json.loads((LINK_PAGES / "labels.json").read_text("utf-8"))
        for file_name, item in sorted(labels.items()):
            data = gzip.decompress((LINK_PAGES / file_name).read_bytes())
            write(f"links/{file_name}", scrapekit.extract(data, item["url"]))
            count += 1
    print(f"{count} records written to {path} (scrapekit from {scrapekit.__file__})")
    return count


def compare(old: Path, new: Path) -> int:
    """Print every field that differs between two snapshots; 1 if any record differs."""
    def read(path: Path) -> dict[str, dict[str, Any]]:
        with path.open(encoding="utf-8") as f:
            return {row["key"]: row["record"] for row in map(json.loads, f)}

    a, b = read(old), read(new)
    differing = 0
    for key in sorted(set(a) | set(b)):
        ra, rb = a.get(key), b.get(key)
        if ra == rb:
            continue
        differing += 1
        if ra is None or rb is None:
            print(f"{key}: only in {'new' if ra is None else 'old'}")
            continue
        for field in dict.fromkeys([*ra, *rb]):  # a field of either record
            if ra.get(field) != rb.get(field):
                print(f"{key}: {field}\n  old: {str(ra.get(field))[:300]}\n  new: {str(rb.get(field))[:300]}")
    print(f"{len(set(a) | set(b))} records compared, {differing} differ")
    return 1 if differing else 0


# -- report ------------------------------------------------------------------------------------

def print_timing(rows: list[tuple[str, int, dict[str, list[float]]]], rounds: int) -> None:
    print(f"\n## extract() vs trafilatura body alone: CPU ms per page, best of {rounds} "
          "interleaved rounds")
    print(f"{'set':<16} {'pages':>5} | {'extract':>8} {'trafil.':>8} {'ratio':>6} | "
          f"{'extract':>8} {'trafil.':>8} {'ratio':>6} | {'bar':<4}")
    print(f"{'':<16} {'':>5} | {'median':>8} {'median':>8} {'':>6} | {'mean':>8} {'mean':>8} "
          f"{'':>6} |")
    for name, n, best in rows:
        am, aa = summary(best[A])
        bm, ba = summary(best[B])
        bar = ("ok" if am <= bm else "SLOW") if name in BODY_SETS else "-"
        print(f"{name:<16} {n:5d} | {am:8.2f} {bm:8.2f} {am / bm:6.3f} | {aa:8.2f} {ba:8.2f} "
              f"{aa / ba:6.3f} | {bar:<4}")
    body = [r for r in rows if r[0] in BODY_SETS]
    if len(body) > 1:
        worst = max(summary(r[2][A])[0] / summary(r[2][B])[0] for r in body)
        print(f"worst body-set median ratio: {worst:.3f} (bar: <= 1.000 on every body set; "
              "headroom target ~0.90)")


def print_stages(found: list[tuple[str, int]],
                 per_set: list[tuple[str, dict[str, list[float]]]]) -> None:
    print("\n## extract() by stage: mean CPU ms per page (median in brackets), one round with "
          "timers; indented stages are part of the one above")
    labels = [(label, depth) for label, depth in found] + [("other", 0), ("whole extract()", 0)]
    width = 11
    print(f"{'stage':<40}" + "".join(f"{name[:width]:>{width + 9}}" for name, _ in per_set))
    for label, depth in labels:
        cells = []
        for _name, per in per_set:
            values = per.get(label)
            if not values:
                cells.append(f"{'-':>{width + 9}}")
                continue
            mean, median = 1000 * statistics.fmean(values), 1000 * statistics.median(values)
            cells.append(f"{mean:>{width}.2f} [{median:5.2f}]")
        name = ("  " * depth + label)[:40]
        print(f"{name:<40}" + "".join(cells))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(BODY_SETS + META_SETS),
                    help="comma-separated set names")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages of each set")
    ap.add_argument("--rounds", type=int, default=2, help="interleaved rounds per page (best)")
    ap.add_argument("--no-stages", action="store_true", help="skip the per-stage breakdown")
    ap.add_argument("--json", type=Path, help="write per-page CPU seconds here")
    ap.add_argument("--ab", type=Path, metavar="OTHER_SRC",
                    help="time this code's extract() against the one in OTHER_SRC instead")
    ap.add_argument("--snapshot", type=Path, help="write every record here (exactness check)")
    ap.add_argument("--src", type=Path, default=ROOT / "src",
                    help="with --snapshot: the source tree to import scrapekit from")
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("OLD", "NEW"),
                    help="the fields that differ between two snapshots")
    args = ap.parse_args(argv)
    sets = [s for s in args.sets.split(",") if s]
    if args.compare:
        return compare(*args.compare)
    if args.ab:
        run_ab(args.ab, sets, args.limit, max(1, args.rounds))
        return 0
    src = str(args.src.resolve() if args.snapshot else ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    if args.snapshot:
        snapshot(args.snapshot, sets, args.limit)
        return 0
    import htmldate
    import trafilatura

    print(f"# speed (python -m benchmarks.speed): python {sys.version.split()[0]}, trafilatura "
          f"{trafilatura.__version__}, htmldate {htmldate.__version__}; CPU time "
          "(time.process_time) per page, one process")
    warm()
    rows, stage_rows, found, dump = [], [], [], {}
    for name in sets:
        pages = load_pages(name, args.limit)
        if not pages:
            continue
        gc.collect()
        best = time_set(pages, max(1, args.rounds))
        rows.append((name, len(pages), best))
        dump[name] = {"ids": [p[0] for p in pages], **best}
        print(f"[{name}: {len(pages)} pages timed]", file=sys.stderr, flush=True)
        if not args.no_stages:
            found, per = stage_times(pages)
            stage_rows.append((name, per))
            dump[name]["stages"] = per
    print_timing(rows, max(1, args.rounds))
    if stage_rows:
        print_stages(found, stage_rows)
    if args.json:
        args.json.write_text(json.dumps(dump), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
