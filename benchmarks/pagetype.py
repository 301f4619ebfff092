"""pageType and isAccessibleForFree on the bench sets: how often an article is called something else.

    nice -n 19 python -m benchmarks.pagetype

The bench sets are article-extraction sets: every page is an article (a live blog or a gallery
among them is possible but rare), so the share typed ``article`` is the accuracy that matters
and every other type is a likely false alarm, listed. Split fixed before tuning:
- tuning: scrapinghub (181 pages, many publishers);
- validation: meta-fundus (258 pages) and meta-postlight (151 pages): other publishers and
  languages, not looked at while the signals were written.
The pages written for the tests (tests/fixtures/features: paywalled, teaser, free, live blog
twice, video, gallery) are the positive cases; their expected values are in tests/test_access.py.
The peer: trafilatura has no page type or access flag; none of the peers has both. The cost is
measured against extraction without this step, in the same run (CPU per page, best of 3).
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

from . import SHARED_BENCH

DATA = SHARED_BENCH / "data"
SPLIT = {"tuning": ["scrapinghub"], "validation": ["meta-fundus", "meta-postlight"]}


def pages(name: str) -> list[tuple[str, bytes]]:
    root = DATA / name
    if (root / "ground-truth.json").exists():
        truth = json.loads((root / "ground-truth.json").read_text())
        return [(v.get("url", ""), gzip.decompress((root / "html" / f"{k}.html.gz").read_bytes()))
                for k, v in truth.items()]
    out = []
    for line in (root / "gold.jsonl").read_text().splitlines():
        item = json.loads(line)
        path = root / "pages" / f"{item['id']}.html.gz"
        if not path.exists():
            path = root / "pages" / f"{item['id']}.html"
            if not path.exists():
                continue
            body = path.read_bytes()
        else:
            body = gzip.decompress(path.read_bytes())
        out.append((item.get("url", ""), body))
    return out


def cost(bodies: list[tuple[str, bytes]], repeat: int = 3) -> tuple[float, float]:
    """CPU ms per page of extract_article with and without the access / page type step."""
    import scrapekit.extractors as ex

    texts = [(url, body.decode("utf-8", "replace")) for url, body in bodies]
    real = ex._access_and_type

    def run() -> float:
        started = time.process_time()
        for url, text in texts:
            ex.extract_article(text, url)
        return 1000 * (time.process_time() - started) / len(texts)

    with_step, without = [], []
    try:
        for _ in range(repeat):
            ex._access_and_type = real
            with_step.append(run())
            ex._access_and_type = lambda article, page: article  # type: ignore[assignment]
            without.append(run())
    finally:
        ex._access_and_type = real
    return min(with_step), min(without)


def main() -> int:
    from scrapekit.extractors import extract

    for part, names in SPLIT.items():
        types: Counter[str] = Counter()
        free: Counter[str] = Counter()
        odd: list[str] = []
        for name in names:
            for url, body in pages(name):
                art = extract(body, url=url)
                types[art.page_type or "null"] += 1
                src = art.extraction.field_sources.get("isAccessibleForFree")
                free[f"{art.is_accessible_for_free} ({src})" if src else "null"] += 1
                if art.page_type != "article":
                    odd.append(f"{art.page_type} ({art.extraction.field_sources.get('pageType')}) "
                               f"{url}")
        total = sum(types.values())
        print(f"{part} ({', '.join(names)}): {total} pages, typed article "
              f"{types['article'] / total:.1%}; types {dict(types.most_common())}")
        print(f"  isAccessibleForFree: {dict(free.most_common())}")
        for line in odd:
            print(f"  not article: {line}")
    with_step, without = cost(pages("scrapinghub"))
    print(f"cost: extraction {with_step:.2f} ms/page with pageType and isAccessibleForFree, "
          f"{without:.2f} without ({with_step / without:.3f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
