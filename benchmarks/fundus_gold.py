"""Build the multilingual body gold of the meta-fundus pages from fundus's own parsers.

    python3.11 -m venv /tmp/fundus-venv
    /tmp/fundus-venv/bin/pip install 'fundus==0.5.7' 'curl_cffi<0.11'
    /tmp/fundus-venv/bin/python -m benchmarks.fundus_gold      # from the repository root

The meta-fundus set (../shared/bench/data/meta-fundus: 258 pages of ~180 publishers in ~30
languages, flairNLP/fundus's test pages, MIT) has metadata gold only. fundus (MIT) ships a
hand-written parser per publisher, and its tests check those parsers' output on exactly these
pages (tests/resources/parser/test_data/<country>/<Publisher>.json: ``body`` = summary, then
sections of sub-headline and paragraphs). This command runs, for every page id
``<country>-<Publisher>-<Version>``, that publisher's parser version on the page and writes the
body's text (``str(ArticleBody)``: summary, sub-headlines and paragraphs, blank-line
separated; the title is not part of it) to benchmarks/fundus_body/ground-truth.json.gz, in the
shape of the shared sets' ground-truth.json (``{id: {"url", "articleBody"}}``). A page whose
publisher or version is gone from the installed fundus, or whose parser raises or gives no
body, is left out and listed under "skipped" in the file. The file is committed (MIT data),
so the benchmark does not need fundus; this command documents how it was made.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from . import ROOT, SHARED_BENCH

OUT = ROOT / "benchmarks" / "fundus_body" / "ground-truth.json.gz"
MAX_PAGE_BYTES = 20_000_000


def parse_page(page_id: str, html: str) -> str:
    from fundus import PublisherCollection  # only this build step needs fundus

    country, publisher, version = page_id.split("-", 2)
    proxy = getattr(getattr(PublisherCollection, country), publisher).parser
    extraction = getattr(proxy, version)().parse(html, "raise")
    body = extraction.get("body")
    return str(body).strip() if body else ""


def build(root: Path) -> dict[str, object]:
    from importlib import metadata

    rows = [json.loads(line) for line in (root / "gold.jsonl").read_text("utf-8").splitlines()
            if line.strip()]
    pages: dict[str, dict[str, str]] = {}
    skipped: dict[str, str] = {}
    for row in rows:
        pid = row["id"]
        with gzip.open(root / "pages" / f"{pid}.html.gz", "rb") as fh:
            html = fh.read(MAX_PAGE_BYTES).decode("utf-8", errors="replace")
        try:
            text = parse_page(pid, html)
        except Exception as exc:  # noqa: BLE001 - a parser gone or broken: the page is left out
            skipped[pid] = f"{type(exc).__name__}: {exc}"[:200]
            continue
        if not text:
            skipped[pid] = "no body"
            continue
        pages[pid] = {"url": row.get("url") or "", "articleBody": text}
    return {"source": "meta-fundus pages, bodies by fundus's publisher parsers (MIT)",
            "fundus": metadata.version("fundus"), "pages": pages, "skipped": skipped}


def main() -> int:
    root = SHARED_BENCH / "data" / "meta-fundus"
    if not (root / "gold.jsonl").exists():
        print(f"no meta-fundus set at {root}", file=sys.stderr)
        return 1
    data = build(root)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False, indent=0,
                                             sort_keys=True).encode("utf-8"), mtime=0))
    print(f"{len(data['pages'])} pages written to {OUT}, {len(data['skipped'])} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
