"""WARC read speed: warcio vs FastWARC over the same file, and scrapekit's reader on top.

    python -m benchmarks.warc_read [--copies 20] [--repeat 3]

Builds a per-record-gzipped WARC/1.1 of the shared bench pages (scrapinghub/html, copied
``--copies`` times, written by scrapekit's WarcRecorder: a request and a response record
per page), then times reading every response record's decoded HTTP payload with
* warcio's ArchiveIterator (``content_stream().read()``),
* FastWARC's ArchiveIterator (response records only, HTTP parsed, ``reader.read()``),
* scrapekit.warc.iter_warc (warcio plus HTML filtering, damage checks and stats),
and, for scale, extracting the same pages (scrapekit.extract, one process) on a sample.
Best of ``--repeat`` runs; records/s and MB/s of uncompressed payload.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path

from . import SHARED_BENCH


def build(path: Path, copies: int) -> tuple[int, int]:
    from scrapekit.fetch.client import FetchResult
    from scrapekit.warc import WarcRecorder

    pages = [gzip.decompress(p.read_bytes())
             for p in sorted((SHARED_BENCH / "data" / "scrapinghub" / "html").glob("*.html.gz"))]
    count = size = 0
    with WarcRecorder(path) as rec:
        for c in range(copies):
            for i, body in enumerate(pages):
                url = f"https://site{i % 16}.example/{c}/{i}"
                rec.write(FetchResult(url=url, final_url=url, status=200,
                                      content_type="text/html; charset=utf-8", body=body,
                                      headers=[("Content-Type", "text/html; charset=utf-8")],
                                      attempts=1, fetched_at="2026-01-01T00:00:00Z"))
                count += 1
                size += len(body)
    return count, size


def read_warcio(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                record.content_stream().read()
                n += 1
    return n


def read_fastwarc(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n = 0
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True):
            record.reader.read()
            n += 1
    return n


def read_scrapekit(path: Path) -> int:
    from scrapekit.warc import iter_warc

    return sum(1 for _ in iter_warc(path))


def extract_sample(path: Path, limit: int) -> tuple[int, float]:
    from scrapekit.extractors import extract
    from scrapekit.warc import iter_warc

    pages = []
    for page in iter_warc(path):
        pages.append(page)
        if len(pages) >= limit:
            break
    start = time.perf_counter()
    for page in pages:
        extract(page.body, url=page.url, content_type=page.content_type)
    return len(pages), time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--copies", type=int, default=20)
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.warc.gz"
        count, size = build(path, a.copies)
        print(f"$ python -m benchmarks.warc_read --copies {a.copies} --repeat {a.repeat}")
        print(f"file: {count} pages, {size / 1e6:.1f} MB of HTML, "
              f"{path.stat().st_size / 1e6:.1f} MB gzipped per record")
        print(f"{'reader':<34}{'records/s':>12}{'MB/s':>9}{'seconds':>9}")
        readers = [("warcio 1.x ArchiveIterator", read_warcio)]
        try:
            import fastwarc  # noqa: F401
            readers.append(("FastWARC ArchiveIterator", read_fastwarc))
        except ImportError:
            print("(FastWARC not installed: pip install fastwarc)", file=sys.stderr)
        readers.append(("scrapekit.warc.iter_warc (warcio)", read_scrapekit))
        for name, fn in readers:
            best = float("inf")
            for _ in range(a.repeat):
                start = time.perf_counter()
                n = fn(path)
                best = min(best, time.perf_counter() - start)
            assert n == count, (name, n, count)
            print(f"{name:<34}{n / best:>12.0f}{size / 1e6 / best:>9.1f}{best:>9.2f}")
        n, secs = extract_sample(path, 50)
        print(f"{'extract (1 process, for scale)':<34}{n / secs:>12.0f}{'':>9}{secs:>9.2f}")


if __name__ == "__main__":
    main()
