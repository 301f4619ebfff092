"""Agreement between two labellers of the related-links set (issue 16).

    python -m benchmarks.links_agreement [--verbose] [--second PATH | --external]

Labeller A wrote ``tests/fixtures/links/labels.json``; labeller B labelled some of the same pages
again, blind to A's labels, by ``docs/labelling-links.md``, into ``second-labeller.json`` (same
conventions: ``{file: {links: [{url, text, kind}], note}}``). On the pages present in both, B's
links are scored against A's exactly as ``benchmarks.links`` scores the extractor: a link is
the same when its :func:`scrapekit.urlkeys.match_key` is (kind-aware: and its kind), micro-averaged
over pages; URL-only ignores the kind. Precision of B against A is A's recall against B, so F1 is
the symmetric figure. Printed per batch and overall, with the number of links each labeller has
and the number of pages on which the two agree exactly; ``--verbose`` lists the disagreements
page by page (``A only``, ``B only``, or the same URL with another ``kind``).

``--external``: the same for the judge batches of research-use pages: each
``benchmarks/links_external/second/<name>.json`` (a second blind labelling of some pages of
``benchmarks/links_external/<name>.json``, same format: ``{"pages": [{"id", "url", "links"}]}``)
against its first file, pages paired by ``id``, printed per file (the "batch" column is the file).

If two careful labellers agree only at the level the bar asks of the extractor (precision >= 95%,
recall >= 90%), the bar cannot be measured with these labels: that is what this number is for.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.links import EXTERNAL, FIXTURES, norm_url, score

SECOND = FIXTURES / "second-labeller.json"
EXTERNAL_SECOND = EXTERNAL / "second"


def external_pairs(directory: Path = EXTERNAL) -> list[dict]:
    """The pages of every ``second/<name>.json`` under ``directory`` paired by ``id`` with the
    same page in ``<name>.json``; "batch" is the file name. A second file without its first is
    left out."""
    pairs = []
    for path in sorted((directory / "second").glob("*.json")):
        first_path = directory / path.name
        if not first_path.is_file():
            continue
        first = {p["id"]: p for p in json.loads(first_path.read_text("utf-8"))["pages"]}
        second = {p["id"]: p for p in json.loads(path.read_text("utf-8"))["pages"]}
        pairs += [{"name": pid, "batch": path.stem, "a": first[pid]["links"],
                   "b": second[pid]["links"]} for pid in sorted(set(first) & set(second))]
    return pairs


def pair_pages(first: dict, second: dict) -> list[dict]:
    """The pages labelled by both, in file-name order: name, batch (A's), A's and B's links."""
    return [{"name": name, "batch": first[name].get("batch", 1),
             "a": first[name]["links"], "b": second[name]["links"]}
            for name in sorted(set(first) & set(second))]


def agreement(pairs: list[dict]) -> dict[str, float]:
    """B scored against A (``benchmarks.links.score``), with F1 kind-aware and URL-only, both
    labellers' link counts (distinct by match key and kind) and the pages agreeing exactly."""
    out = score([{"expected": p["a"]} for p in pairs],
                [[(link["url"], link["kind"]) for link in p["b"]] for p in pairs])
    for prefix in ("", "url_"):
        p, r = out[f"{prefix}precision"], out[f"{prefix}recall"]
        out[f"{prefix}f1"] = 2 * p * r / (p + r) if p + r else 0.0
    out["links_a"], out["links_b"] = out["expected"], out["predicted"]
    out["pages"] = len(pairs)
    out["pages_equal"] = sum(_keys(p["a"]) == _keys(p["b"]) for p in pairs)
    return out


def _keys(links: list[dict]) -> set[tuple[str, str]]:
    return {(norm_url(link["url"]), link["kind"]) for link in links}


def disagreements(pair: dict) -> list[tuple[str, str, str]]:
    """One page's differences as (what, kind(s), url), in A's then B's link order: ``A only`` /
    ``B only`` (the URL is not in the other's labels at all) or ``kind`` (both have the URL,
    with another kind; shown as "A/B")."""
    a, b = _first(pair["a"]), _first(pair["b"])
    out = []
    for key, link in a.items():
        if key not in b:
            out.append(("A only", link["kind"], link["url"]))
        elif b[key]["kind"] != link["kind"]:
            out.append(("kind", f"{link['kind']}/{b[key]['kind']}", link["url"]))
    out += [("B only", link["kind"], link["url"]) for key, link in b.items() if key not in a]
    return out


def _first(links: list[dict]) -> dict[str, dict]:
    """Links by match key, the first occurrence of each, in order."""
    out: dict[str, dict] = {}
    for link in links:
        out.setdefault(norm_url(link["url"]), link)
    return out


def _row(label: str, s: dict[str, float]) -> str:
    return (f"{label:22} {s['pages']:5d} {s['pages_equal']:5d} {s['precision']:7.1%} {s['recall']:7.1%} "
            f"{s['f1']:6.1%} {s['url_precision']:7.1%} {s['url_recall']:7.1%} {s['url_f1']:6.1%} "
            f"{s['links_a']:5d} {s['links_b']:5d}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.links_agreement",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="list the disagreements, grouped by page")
    parser.add_argument("--second", type=Path, default=SECOND,
                        help="labeller B's file (default: tests/fixtures/links/second-labeller.json)")
    parser.add_argument("--external", action="store_true",
                        help="the judge batches instead: benchmarks/links_external/second/<name>.json "
                             "against <name>.json")
    args = parser.parse_args(argv)

    if args.external:
        pairs = external_pairs()
        what = "second/<name>.json against <name>.json in benchmarks/links_external"
    else:
        first = json.loads((FIXTURES / "labels.json").read_text("utf-8"))
        pairs = pair_pages(first, json.loads(args.second.read_text("utf-8")))
        what = f"labeller B ({args.second.name}) against labeller A (labels.json)"
    if not pairs:
        print("no page is labelled by both labellers")
        return 1
    print(f"{what} on {len(pairs)} pages labelled by both; links are the same by "
          f"scrapekit.urlkeys.match_key")
    print(f"{'part':22} {'pages':>5} {'equal':>5} {'P':>7} {'R':>7} {'F1':>6} "
          f"{'url-P':>7} {'url-R':>7} {'url-F1':>6} {'A':>5} {'B':>5}")
    for batch in sorted({p["batch"] for p in pairs}):
        label = str(batch) if args.external else f"batch {batch}"
        print(_row(label, agreement([p for p in pairs if p["batch"] == batch])))
    total = agreement(pairs)
    print(_row("overall", total))
    print(f"overall by kind (B against A): inBody P {total['inBody_precision']:.1%} "
          f"R {total['inBody_recall']:.1%}; related P {total['related_precision']:.1%} "
          f"R {total['related_recall']:.1%}")
    if args.verbose:
        for pair in pairs:
            diffs = disagreements(pair)
            if diffs:
                print(f"\n{pair['name']}  (batch {pair['batch']})")
                for what, kind, url in diffs:
                    print(f"  {what:6} {kind:15} {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
