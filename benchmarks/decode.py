"""Decoding: which encoding ``decode_html`` picks for every page of the bench sets, from the
pages' raw bytes (the body and meta benchmarks decode pages themselves and never reach it).

    python -m benchmarks.decode --write FILE [--src SRC]
    python -m benchmarks.decode --compare OLD NEW

``--write``: one JSON line per page, ``{"key": "set/id", "encoding": ...}`` ("error: ..." when
decoding raises); ``--src`` picks the source tree to import (another version's ``src``, e.g.
``git archive <commit> src | tar -x -C /tmp/old``). ``--compare``: every page whose encoding
differs, and for pages of the body sets the body F1 of scrapekit's extraction (the body
benchmark's metric and headline rule) on the page read with each encoding (``errors="replace"``:
the text each version gave).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from . import ROOT, SHARED_BENCH, import_shared

SETS = ("scrapinghub", "dragnet", "l3s-gn1", "big9-chaos", "cleanportaleval", "meta-fundus",
        "meta-postlight")


def raw_pages() -> Iterator[tuple[str, str, bytes]]:
    """(set, id, raw bytes) of every page of the sets."""
    for name in SETS:
        root = SHARED_BENCH / "data" / name
        folder = root / "html" if (root / "html").is_dir() else root / "pages"
        for f in sorted(folder.glob("*.html.gz")):
            yield name, f.name[: -len(".html.gz")], gzip.decompress(f.read_bytes())


def write(path: Path) -> int:
    from scrapekit.decode import decode_html

    with path.open("w", encoding="utf-8") as out:
        for name, pid, data in raw_pages():
            try:
                encoding = decode_html(data)[1]
            except Exception as exc:  # noqa: BLE001 - recorded, not raised
                encoding = f"error: {exc}"
            out.write(json.dumps({"key": f"{name}/{pid}", "encoding": encoding}) + "\n")
    print(f"written to {path} (scrapekit from {sys.modules['scrapekit'].__file__})")
    return 0


def _body_f1(name: str, pid: str, data: bytes, encoding: str, gold: dict) -> float | None:
    from .body import HEADLINE_IN_GOLD, scrapekit_body

    item = gold.get(pid)
    if item is None or encoding.startswith("error"):
        return None
    text = data.decode(encoding, errors="replace")
    body = scrapekit_body(text, item.get("url") or "", name in HEADLINE_IN_GOLD)
    return import_shared("eval_body").body_page_score(item["articleBody"], body)["f1pp"]


def compare(old: Path, new: Path) -> int:
    def read(path: Path) -> dict[str, str]:
        with path.open(encoding="utf-8") as f:
            return {row["key"]: row["encoding"] for row in map(json.loads, f)}

    a, b = read(old), read(new)
    golds: dict[str, dict] = {}
    differing = 0
    for name, pid, data in raw_pages():
        key = f"{name}/{pid}"
        if a.get(key) == b.get(key):
            continue
        differing += 1
        if name not in golds:
            root = SHARED_BENCH / "data" / name
            gt = root / "ground-truth.json"
            golds[name] = import_shared("eval_body").load_dataset(root)[1] if gt.exists() else {}
        f1 = [_body_f1(name, pid, data, enc, golds[name]) for enc in (a[key], b[key])]
        moved = "" if None in f1 else f"  body F1 {f1[0]:.3f} -> {f1[1]:.3f}"
        print(f"{key}: {a[key]} -> {b[key]}{moved}")
    print(f"{len(b)} pages, {differing} decoded differently")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", type=Path, help="write each page's encoding here")
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="source tree to import")
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("OLD", "NEW"))
    args = ap.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not args.write:
        ap.error("--write FILE or --compare OLD NEW")
    sys.path.insert(0, str(args.src.resolve()))
    return write(args.write)


if __name__ == "__main__":
    raise SystemExit(main())
