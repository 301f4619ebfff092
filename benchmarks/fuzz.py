"""Mutation fuzzing of extraction on the shared bench pages.

    python -m benchmarks.fuzz --seconds 300            # time-boxed
    python -m benchmarks.fuzz --inputs 2000 --seed 7   # a fixed amount, reproducible

Each input is a real page (../shared/bench) put through a few random mutations: byte flips,
truncation, splicing in fragments of other pages, deep nesting, giant attributes, control
characters, invalid UTF-8, broken or huge JSON-LD, repeated blocks. Every input goes through
``scrapekit.extract`` (bytes or str) and the record through the JSON Lines writer. Printed:
inputs tried, exceptions (must be 0), records that do not serialise (must be 0), extract error
records by kind, and the slowest inputs. A crashing input is saved under --crash-dir, to become
a regression fixture.
"""

from __future__ import annotations

import argparse
import gzip
import random
import statistics
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

import orjson

import scrapekit
from scrapekit.sinks import dumps

from . import SHARED_BENCH

FRAGMENTS = [
    b"<div>" * 3000, b"</div>" * 500, b"<table><tr><td>" * 500, b"\x00\x01\x02\x1b\x7f",
    b"\xff\xfe\xfd\xc3\x28\xed\xa0\x80", "\u202e\ud800".encode("utf-8", "surrogatepass"),
    b'<script type="application/ld+json">{"@type":"NewsArticle","headline":' + b"[" * 5000,
    b'<script type="application/ld+json">{"@type":"NewsArticle","author":' +
    b'{"name":"x"},' * 5000 + b"}</script>",
    b'<meta charset="utf-16">', b'<meta charset="x-unknown">', b"<base href='javascript:x'>",
    b"<a href='" + b"a" * 200_000 + b"'>x</a>", b"<h1>" + b"title " * 20_000 + b"</h1>",
    b"<time datetime='9999-99-99T99:99'>", b"<svg>" + b"<path d='M0 0'/>" * 2000 + b"</svg>",
    b"<frameset><frame src=x></frameset>", b"<![CDATA[", b"<!--", b"<plaintext>",
]


def load_pages(limit: int | None) -> list[bytes]:
    files = sorted(SHARED_BENCH.glob("data/*/*/*.html.gz"))
    if not files:
        sys.exit(f"no pages under {SHARED_BENCH}/data (set SCRAPEKIT_SHARED_BENCH)")
    return [gzip.decompress(f.read_bytes()) for f in files[:limit]]


def mutate(rng: random.Random, page: bytes, pages: list[bytes]) -> bytes | str:
    data = bytearray(page)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:  # flip bytes
            for _ in range(rng.randint(1, 50)):
                i = rng.randrange(len(data))
                data[i] = rng.randrange(256)
        elif op == 1:  # truncate
            del data[pos:]
        elif op == 2:  # splice a fragment of another page
            other = rng.choice(pages)
            a = rng.randrange(len(other))
            data[pos:pos] = other[a:a + rng.randint(1, 20_000)]
        elif op == 3:  # a hostile fragment
            data[pos:pos] = rng.choice(FRAGMENTS) * rng.randint(1, 3)
        elif op == 4 and data:  # repeat a block
            a = rng.randrange(len(data))
            data[pos:pos] = data[a:a + 2000] * rng.randint(2, 50)
        elif op == 5:  # delete a block
            del data[pos:pos + rng.randint(1, 5000)]
        else:  # swap angle brackets and quotes around
            for _ in range(rng.randint(1, 200)):
                if data:
                    data[rng.randrange(len(data))] = rng.choice(b"<>\"'&=/")
    raw = bytes(data)
    if rng.random() < 0.5:  # half the inputs as str (as a user's pre-decoded HTML)
        return raw.decode("utf-8", "surrogateescape")
    return raw


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=None, help="stop after N inputs")
    ap.add_argument("--seconds", type=float, default=120.0, help="stop after S seconds")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pages", type=int, default=None, help="use only the first N bench pages")
    ap.add_argument("--crash-dir", default="fuzz-crashes")
    args = ap.parse_args(argv)

    rng = random.Random(args.seed)
    pages = load_pages(args.pages)
    started = time.monotonic()
    tried = raised = unserialisable = 0
    kinds: Counter[str] = Counter()
    times: list[float] = []
    slowest: list[tuple[float, int, int]] = []
    while True:
        if args.inputs is not None and tried >= args.inputs:
            break
        if args.inputs is None and time.monotonic() - started > args.seconds:
            break
        source = rng.randrange(len(pages))
        data = mutate(rng, pages[source], pages)
        tried += 1
        t0 = time.perf_counter()
        try:
            art = scrapekit.extract(data, url="https://fuzz.example/page")
        except BaseException:  # noqa: BLE001 - what we are looking for
            raised += 1
            crash = Path(args.crash_dir)
            crash.mkdir(exist_ok=True)
            payload = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
            (crash / f"crash-{args.seed}-{tried}.html").write_bytes(payload)
            traceback.print_exc()
            continue
        elapsed = time.perf_counter() - t0
        times.append(elapsed)
        slowest = sorted([*slowest, (elapsed, tried, source)], reverse=True)[:5]
        if art.error:
            kinds[art.error.kind] += 1
        try:
            orjson.loads(dumps(art.to_dict()))
            orjson.dumps(art.to_dict())  # strict: no lone surrogates left in any string
        except (TypeError, orjson.JSONDecodeError):
            unserialisable += 1

    print(f"fuzz: {tried} inputs from {len(pages)} bench pages, seed {args.seed}, "
          f"{time.monotonic() - started:.0f}s")
    print(f"  exceptions raised          {raised}   (must be 0)")
    print(f"  records not serialisable   {unserialisable}   (must be 0)")
    print(f"  error records by kind      {dict(kinds) or '{}'}")
    if times:
        print(f"  time per input             median {statistics.median(times) * 1000:.1f} ms, "
              f"max {max(times) * 1000:.0f} ms")
        for t, n, src in slowest:
            print(f"    slow: input #{n} (from page {src}) {t * 1000:.0f} ms")
    return 1 if raised or unserialisable else 0


if __name__ == "__main__":
    sys.exit(main())
