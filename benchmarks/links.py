"""Related links: precision / recall on the hand-labelled set, and the extractor's cost.

    python -m benchmarks.links [--verbose [--split PART]] [--no-peer] [--skip PART] [--judge]

Split (fixed before the rules of issue 16 were tuned, by site so that no site is on both
sides): the first 47 pages (``batch`` 1 in labels.json, the set the extractor was first built
on) are tuning pages; of the pages added for issue 16 (``batch`` 2, every one from a site not in
batch 1), a site whose SHA-256 of its registrable host starts with an odd byte is *validation*,
the others tuning. Rules are tuned on the tuning split only; a rule stays if validation does not
get worse. *validation-2* (``batch`` 3, 40 pages from 40 further sites, labelled before any rule
of the second round was changed) was added after the validation scores had been looked at
during the first round. *validation-3* (``batch`` 4) is a fourth batch labelled apart, for a final
judgement: its pages are not used to train or tune anything. *validation-4* (``batch`` 5) is a fifth
batch from further sites, labelled blind in the same way, never trained on; after its first
scoring, the fourth round's rules were each scored on it in aggregate and two that cost it were
dropped (README). *validation-5* (``batch`` 6) is a sixth batch from further sites, labelled blind
in the same way, held out in the fifth round. *tuning-7* (``batch`` 7) is a seventh batch
from the last 45 unused sites of the three sets, labelled blind during the sixth round: it was
*validation-6*, the held-out part, scored blind three times in aggregate (61.3% / 78.7% on the
fifth round's code, 62.9% / 78.7% after the sixth, 63.6% / 77.2% with the reverted seventh
round's in-body model), then retired in the eighth round into tuning and diagnosis: its
differences are read page by page like batch 6's. Since then every in-repository part is
in-sample (the block model is fitted on batches 1-7; rules have been read off all of them: the
twelfth round's promo test quotes anchors of validation-4 and -5 pages), so the names are
historical: the unseen-site figures are the external parts' validation halves and the judge
batches (below). All parts are printed.

Since the sixth round the learned block model (benchmarks/links_train.py) is fitted on
batches 1-6, and since the eighth round the hand rules are read off batches 6 and 7 too, so
every part's figures are in-sample; the site-grouped cross-validation that
``python -m benchmarks.links_train`` prints is in-sample for the hand rules (they were read off
those pages). The unseen-site figure is a fresh blind batch's, labelled apart and scored
by the lead, and the external parts' (below).

External parts: each ``benchmarks/links_external/<source>.json`` file is ``{"source": ...,
"pages": [{"id", "url", "note", "links": [{"url", "kind"}]}], "skipped": [...]}``, pages of a
set in the shared bench data labelled blind by the guide (docs/labelling-links.md); its pages
form the parts "external-<source>-tuning" and "external-<source>-validation", by site as
batch 2 is split (:func:`external_part`: the first byte of the SHA-256 of the page's registrable
host, odd = validation), fixed before any of these pages was scored. A page's bytes are read from ``$SCRAPEKIT_SHARED_BENCH``
(default ``../shared/bench``) ``/data/<source>/html/<id>.html.gz``. They are research-use pages,
never copied into the repository: printed in aggregate only (``--verbose --split
external-...`` is refused; ``--verbose`` lists the in-repository parts only), and left out with
a message when the shared data is not there. ``--skip external`` leaves out every external part.
Every file is its own pair of parts, named by the file (big9-chaos-2.json of source big9-chaos:
"external-big9-chaos-2-tuning" / "-validation"); the benchmark also prints every validation half
pooled, the unseen-site figure a change is kept by, and every tuning half pooled (and, with
``--judge``, every judge part pooled, scrapekit's and the peer's rows).
A file with ``"judge": true`` (a later blind batch, held out whole as the unseen-site judge) is
not split: its pages form the one part "external-<file name>-judge", scored only with ``--judge``.
The first three judge files (big9-chaos-2, big9-chaos-3, l3s-gn1-2) were each scored once as
judges (tenth to twelfth rounds); in the thirteenth round, before any tuning, their flag was
dropped: they were judged once, and are tuning / validation material now, split by the same
fixed site rule (new blind judge batches are labelled apart). Judges 2-4 (dragnet-g to -j,
l3s-gn1-4/5) became material the same way in session 9, judge 5 (l3s-gn1-6/7) in session 10,
judge 6 (l3s-gn1-8/9) in session 11, judge 7 (dragnet-k, l3s-gn1-10/11) in session 12,
judge 8 (l3s-gn1-12/13) in session 13, judge 9 (scrapinghub-2/3) in session 14,
judge 10 (l3s-gn1-14/15, cleanportaleval-2) in session 15, judges 11 (l3s-gn1-16/17,
cleanportaleval-3) and 12 (l3s-gn1-18/19, cleanportaleval-4) in session 16.

The labelled pages live in tests/fixtures/links/ (see the README there): each page gzipped and
labels.json with the expected links ({url, text, kind}) written down by reading the page.
A link counts as found when its normalised URL *and* its kind match a label (normalised:
scheme ignored, host lower-cased without "www.", fragment and tracking parameters dropped,
trailing slash ignored, query parameters sorted). The URL-only score ignores the kind.

Peer: trafilatura (the body extractor scrapekit uses) keeps links inline in its text when asked
(``include_links``); every link it keeps is counted as an in-body link. It has no notion of
related blocks; it is the closest thing to the field that a peer offers.

Cost: the median over pages of the time ``extract_related_links`` takes on top of the parse
and body extraction that ``scrapekit.extract`` has already done (best of 15 rounds per page;
the parse is timed the same way, for scale). Times are CPU time of this process
(``time.process_time``): on a shared machine wall-clock time mostly measures the neighbours.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks import SHARED_BENCH
from scrapekit.decode import decode_html
from scrapekit.extractors.body import extract_body
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links
from scrapekit.extractors.text import scrub
from scrapekit.urlkeys import match_key

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "links"
EXTERNAL = Path(__file__).resolve().parent / "links_external"
EXTERNAL_PREFIX = "external-"
JUDGE_SUFFIX = "-judge"
MAX_PAGE_BYTES = 20_000_000  # an external page inflated past this is left out (bounded gunzip)
BAR_PRECISION = 0.95
BAR_RECALL = 0.90
BAR_MS = 2.0


norm_url = match_key
"""Matching key for a URL: the one scrapekit eval uses (tracking parameters as the extractor
drops them, host case, www., default port, trailing slash, query order)."""


def site_of(url: str) -> str:
    """Registrable part of a page's host (www.bbc.co.uk -> bbc.co.uk), the unit of the split."""
    labels = (urlsplit(url).hostname or "").lower().removeprefix("www.").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "net"):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


SPLITS = ("tuning", "validation", "validation-2", "validation-3", "validation-4", "validation-5",
          "tuning-7")


BATCH_SPLITS = {1: "tuning", 3: "validation-2", 4: "validation-3", 5: "validation-4",
                6: "validation-5", 7: "tuning-7"}
"""The part of each labelled batch; batch 2 is split by site (see :func:`split_of`). Batch 7
was validation-6, held out and scored blind three times, until the eighth round retired it into
tuning and diagnosis."""


def split_of(item: dict) -> str:
    """The part of a labelled page: "tuning", "validation", "validation-2" ... "validation-5"
    or "tuning-7" (see the module docstring); fixed, by site and batch."""
    part = BATCH_SPLITS.get(item.get("batch", 1))
    if part is not None:
        return part
    return "validation" if hashlib.sha256(site_of(item["url"]).encode()).digest()[0] % 2 else "tuning"


def load_set(fixtures: Path = FIXTURES) -> list[dict]:
    labels = json.loads((fixtures / "labels.json").read_text("utf-8"))
    pages = []
    for name, item in labels.items():
        html, _ = decode_html(gzip.decompress((fixtures / name).read_bytes()))
        pages.append({"name": name, "url": item["url"], "html": scrub(html),
                      "expected": item["links"], "source": item["source"], "split": split_of(item),
                      "batch": item.get("batch", 1)})
    return pages


def external_part(name: str, url: str) -> str:
    """The part of an external page: "external-<name>-tuning" or "-validation" (``name``: the
    label file's name, which is the source's for a source's first file), by site (as
    :func:`split_of` splits batch 2), so that rules read off one half are judged on the other."""
    half = "validation" if hashlib.sha256(site_of(url).encode()).digest()[0] % 2 else "tuning"
    return f"{EXTERNAL_PREFIX}{name}-{half}"


def load_external(directory: Path = EXTERNAL, shared: Path | None = None) -> tuple[list[dict], list[str]]:
    """The external parts: every ``*.json`` file of ``directory`` (see the module docstring),
    its pages read from ``shared`` (default SHARED_BENCH) ``/data/<source>/html/<id>.html.gz``.
    Returns the pages (split by :func:`external_part`, no batch) and one message per part or page
    left out (no shared data, a page missing or too large, a file not of the format); never
    raises on bad input."""
    shared = SHARED_BENCH if shared is None else shared
    pages: list[dict] = []
    messages: list[str] = []
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        try:
            data = json.loads(path.read_text("utf-8"))
            source = data["source"]
            entries = data["pages"]
            if not isinstance(source, str) or not source or "/" in source or source.startswith(".") \
                    or not isinstance(entries, list):
                raise ValueError("source / pages")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            messages.append(f"{path.name}: not an external label file ({type(exc).__name__}); left out")
            continue
        # a "judge" file (a later blind batch held out whole) is one part named by the file
        judge = data.get("judge", False)
        if not isinstance(judge, bool):
            messages.append(f"{path.name}: 'judge' is not true or false; left out")
            continue
        # every file is its own part(s), named by the file (big9-chaos-2.json: external-big9-chaos-2-...)
        part = EXTERNAL_PREFIX + (f"{path.stem}{JUDGE_SUFFIX}" if judge else path.stem)
        html_dir = shared / "data" / source / "html"
        if not html_dir.is_dir():
            messages.append(f"{part}: no shared data at {html_dir} (set SCRAPEKIT_SHARED_BENCH); "
                            f"part left out")
            continue
        missing = 0
        for entry in entries:
            try:
                pid, url = str(entry["id"]), str(entry["url"])
                links = [{"url": str(link["url"]), "kind": str(link["kind"])} for link in entry["links"]]
                if "/" in pid or pid.startswith("."):
                    raise ValueError("id")
                with gzip.open(html_dir / f"{pid}.html.gz", "rb") as f:
                    raw = f.read(MAX_PAGE_BYTES + 1)
                if len(raw) > MAX_PAGE_BYTES:
                    raise ValueError("page too large")
            except (OSError, EOFError, ValueError, KeyError, TypeError):
                missing += 1
                continue
            html, _ = decode_html(raw)
            pages.append({"name": f"{part}/{pid}", "url": url, "html": scrub(html),
                          "expected": links, "source": source,
                          "split": part if judge else external_part(path.stem, url),
                          "batch": None})
        if missing:
            messages.append(f"{part}: {missing} of {len(entries)} pages left out (missing, "
                            f"unreadable or not of the format)")
    return pages, messages


def score(pages: list[dict], predicted: list[list[tuple[str, str]]]) -> dict[str, float]:
    """Micro-averaged precision/recall, by URL + kind, URL only, and per kind."""
    tp = tp_url = n_pred = n_exp = 0
    per_kind = {k: [0, 0, 0] for k in ("inBody", "related")}  # tp, predicted, expected
    for page, pred in zip(pages, predicted):
        exp = {(norm_url(link["url"]), link["kind"]) for link in page["expected"]}
        got = {(norm_url(url), kind) for url, kind in pred}
        exp_urls = {u for u, _ in exp}
        got_urls = {u for u, _ in got}
        tp += len(exp & got)
        tp_url += len(exp_urls & got_urls)
        n_pred += len(got)
        n_exp += len(exp)
        for kind, counts in per_kind.items():
            e = {x for x in exp if x[1] == kind}
            g = {x for x in got if x[1] == kind}
            counts[0] += len(e & g)
            counts[1] += len(g)
            counts[2] += len(e)
    out = {
        "precision": tp / n_pred if n_pred else 1.0,
        "recall": tp / n_exp if n_exp else 1.0,
        "url_precision": tp_url / n_pred if n_pred else 1.0,
        "url_recall": tp_url / n_exp if n_exp else 1.0,
        "predicted": n_pred, "expected": n_exp, "matched": tp,
    }
    for kind, (t, p, e) in per_kind.items():
        out[f"{kind}_precision"] = t / p if p else 1.0
        out[f"{kind}_recall"] = t / e if e else 1.0
    return out


def run_scrapekit(pages: list[dict], repeat: int = 15) -> tuple[list[list[tuple[str, str]]], list[float], list[float]]:
    """Links per page, and per page the best of ``repeat`` timings of the parse and of
    extract_related_links. The rounds go over the whole set in turn, so that a burst of load
    from other processes on a shared machine hits one round, not every sample of a page."""
    docs, paragraphs, texts, predicted = [], [], [], []
    for page in pages:
        doc = parse(page["html"], page["url"])
        docs.append(doc)
        body = extract_body(doc)
        paragraphs.append(body.paragraphs)
        texts.append(body.text)
        predicted.append([(link.url, link.kind)
                          for link in extract_related_links(doc, paragraphs[-1], texts[-1])])
    link_ms = [float("inf")] * len(pages)
    parse_ms = [float("inf")] * len(pages)
    for _ in range(repeat):
        for i, page in enumerate(pages):
            t0 = time.process_time()
            parse(page["html"], page["url"])
            parse_ms[i] = min(parse_ms[i], (time.process_time() - t0) * 1000)
            t0 = time.process_time()
            extract_related_links(docs[i], paragraphs[i], texts[i])
            link_ms[i] = min(link_ms[i], (time.process_time() - t0) * 1000)
    return predicted, link_ms, parse_ms


def run_trafilatura(pages: list[dict]) -> list[list[tuple[str, str]]]:
    import trafilatura
    from lxml import etree

    predicted = []
    for page in pages:
        xml = trafilatura.extract(page["html"], url=page["url"], output_format="xml",
                                  include_links=True, include_comments=False, fast=True)
        links: list[tuple[str, str]] = []
        if xml:
            try:
                root = etree.fromstring(xml.encode("utf-8"))
            except etree.XMLSyntaxError:
                root = None
            seen = set()
            for ref in root.iter("ref") if root is not None else ():
                target = ref.get("target") or ""
                if target.startswith(("http://", "https://")) and target not in seen:
                    seen.add(target)
                    links.append((target, "inBody"))
        predicted.append(links)
    return predicted


def diff(pages: list[dict], predicted: list[list[tuple[str, str]]]) -> None:
    for page, pred in zip(pages, predicted):
        exp = {(norm_url(link["url"]), link["kind"]): link["url"] for link in page["expected"]}
        got = {(norm_url(url), kind): url for url, kind in pred}
        missing = [(k[1], v) for k, v in exp.items() if k not in got]
        extra = [(k[1], v) for k, v in got.items() if k not in exp]
        if missing or extra:
            print(f"\n{page['name']}  ({page['url']})")
            for kind, url in missing:
                print(f"  - missing {kind:7} {url}")
            for kind, url in extra:
                print(f"  + extra   {kind:7} {url}")


LABEL_WIDTH = 64


def print_row(label: str, s: dict[str, float]) -> None:
    print(f"{label:{LABEL_WIDTH}.{LABEL_WIDTH}} {s['precision']:9.1%} {s['recall']:7.1%} {s['url_precision']:6.1%} "
          f"{s['url_recall']:6.1%} {s['inBody_precision']:5.0%}/{s['inBody_recall']:<5.0%} "
          f"{s['related_precision']:5.0%}/{s['related_recall']:<5.0%} {s['predicted']:6d} "
          f"{s['expected']:8d}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.links", description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list missing / extra links per page")
    parser.add_argument("--no-peer", action="store_true", help="skip the trafilatura peer")
    parser.add_argument("--split",
                        help="with --verbose: list the differences of this split only (one of "
                             f"{', '.join(SPLITS)}; never an external part)")
    parser.add_argument("--skip", action="append", default=[],
                        help="leave this part out entirely (not run, not printed); 'external' "
                             "for every external part; repeatable")
    parser.add_argument("--judge", action="store_true",
                        help="also score the judge parts (external-*-judge: blind batches held out "
                             "whole, for a round's final code only; left out otherwise)")
    args = parser.parse_args(argv)
    if args.split is not None and args.split.startswith(EXTERNAL_PREFIX):
        print(f"{args.split}: external parts are printed in aggregate only (research-use pages: "
              f"no per-page listing)", file=sys.stderr)
        return 2
    if args.split is not None and args.split not in SPLITS:
        parser.error(f"--split: one of {', '.join(SPLITS)}")
    for name in args.skip:
        if name not in SPLITS and name != "external" and not name.startswith(EXTERNAL_PREFIX):
            parser.error(f"--skip: one of {', '.join(SPLITS)}, external or external-<source>")

    external: list[dict] = []
    if "external" not in args.skip:
        external, messages = load_external()
        for message in messages:
            print(message, file=sys.stderr)
        judged = sorted({p["split"] for p in external if p["split"].endswith(JUDGE_SUFFIX)})
        if judged and not args.judge:
            print(f"{', '.join(judged)}: held out (a round's final code only): --judge scores it",
                  file=sys.stderr)
    known = {p["split"] for p in external} | {p["split"].rsplit("-", 1)[0] for p in external}
    if not args.judge:
        external = [p for p in external if not p["split"].endswith(JUDGE_SUFFIX)]
    unknown = [name for name in args.skip if name.startswith(EXTERNAL_PREFIX) and name not in known
               and "external" not in args.skip]  # (with "external" none is loaded to check)
    if unknown:
        print(f"--skip {unknown[0]}: no such external part loaded (loaded: "
              f"{', '.join(sorted(known)) or 'none'})", file=sys.stderr)
        return 2
    pages = [p for p in load_set() + external
             if p["split"] not in args.skip and not (p["split"].startswith(EXTERNAL_PREFIX)
                                                     and p["split"].rsplit("-", 1)[0] in args.skip)]
    in_repo = [i for i, p in enumerate(pages) if not p["split"].startswith(EXTERNAL_PREFIX)]
    if not pages:
        print("no pages to score (every part skipped or missing)", file=sys.stderr)
        return 1
    n_sources = {s: sum(p["source"] == s for p in pages)
                 for s in ("scrapinghub", "meta-fundus", "meta-postlight")}
    predicted, link_ms, parse_ms = run_scrapekit(pages)
    peer = run_trafilatura(pages) if not args.no_peer else None
    print(f"relatedLinks on {len(pages)} labelled pages ({n_sources['scrapinghub']} scrapinghub, "
          f"{n_sources['meta-fundus']} meta-fundus, {n_sources['meta-postlight']} meta-postlight"
          f"{f', {len(pages) - len(in_repo)} external' if len(in_repo) < len(pages) else ''}; "
          f"{len({site_of(p['url']) for p in pages})} sites)"
          + ("; the peer row 'trafilatura' is its inline links, all taken as inBody" if peer else ""))
    print(f"{'split / extractor':{LABEL_WIDTH}} {'precision':>9} {'recall':>7} {'url-P':>6} {'url-R':>6} "
          f"{'inBody P/R':>11} {'related P/R':>11} {'found':>6} {'expected':>8}")
    bars = {}
    parts = list(SPLITS) + sorted({p["split"] for p in pages} - set(SPLITS))
    for split in parts:
        idx = [i for i, p in enumerate(pages) if p["split"] == split]
        part = [pages[i] for i in idx]
        if not part:
            continue
        rows = [("scrapekit", score(part, [predicted[i] for i in idx]))]
        if peer is not None:
            rows.append(("trafilatura", score(part, [peer[i] for i in idx])))
        bars[split] = rows[0][1]
        for name, s in rows:
            label = f"{split} ({len(part)} pages, {len({site_of(p['url']) for p in part})} sites)"
            print_row(f"{label[:LABEL_WIDTH - len(name) - 1]} {name}", s)  # the name never cut
    # the unseen-site figure: every external part's validation half, pooled (and the tuning
    # halves); with --judge, the judge parts pooled too (with the peer: the judge's headline row)
    for half in ("tuning", "validation", "judge"):
        idx = [i for i, p in enumerate(pages)
               if p["split"].startswith(EXTERNAL_PREFIX) and p["split"].endswith(f"-{half}")]
        if len({pages[i]["split"] for i in idx}) < 2:
            continue
        if half != "judge":
            s = score([pages[i] for i in idx], [predicted[i] for i in idx])
            print_row(f"external {half} halves pooled ({len(idx)} pages)", s)
            continue
        for name, found in [("scrapekit", predicted)] + ([("trafilatura", peer)] if peer else []):
            s = score([pages[i] for i in idx], [found[i] for i in idx])
            print_row(f"judge parts pooled ({len(idx)} pages) {name}", s)
    # the cost over the labelled pages in the repository (the same pages in every run)
    timed = in_repo or list(range(len(pages)))
    link_ms = [link_ms[i] for i in timed]
    parse_ms = [parse_ms[i] for i in timed]
    med = statistics.median(link_ms)
    print(f"extract_related_links: median {med:.2f} ms/page on top of the parse "
          f"(parse median {statistics.median(parse_ms):.2f} ms; links/parse median "
          f"{statistics.median(l / p for l, p in zip(link_ms, parse_ms)):.2f}; max {max(link_ms):.2f} ms; "
          f"over the {len(timed)} pages in the repository)")
    ok = all(s["precision"] >= BAR_PRECISION and s["recall"] >= BAR_RECALL for s in bars.values()) \
        and med <= BAR_MS
    print(f"bar (each split): precision >= {BAR_PRECISION:.0%}, recall >= {BAR_RECALL:.0%}, "
          f"median <= {BAR_MS:g} ms: {'met' if ok else 'NOT met'}")
    if args.verbose:
        keep = [i for i in in_repo if args.split in (None, pages[i]["split"])]
        if len(in_repo) < len(pages):
            print("\n(external parts are not listed page by page)")
        diff([pages[i] for i in keep], [predicted[i] for i in keep])
    return 0


if __name__ == "__main__":
    sys.exit(main())
