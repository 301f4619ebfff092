"""The extraction pool survives hung and crashed workers; every page still gets a record."""

import asyncio
import time

import pytest

from scrapekit.workers import ExtractPool

from conftest import SEED_HTML
from workerjobs import misbehaving_job


def run_pages(pool, bodies):
    async def go():
        return await asyncio.gather(*(pool.run(b, f"https://a.example/{i}", None, None, None)
                                      for i, b in enumerate(bodies)))
    try:
        return asyncio.run(go())
    finally:
        pool.close()


def test_process_pool_extracts_pages():
    records = run_pages(ExtractPool(2, 30), [SEED_HTML] * 4)
    assert all(r.ok and r.headline.startswith("Bakhmut") for r in records)
    assert [r.url for r in records] == [f"https://a.example/{i}" for i in range(4)]


def test_crashed_worker_gives_an_error_record_and_the_pool_recovers():
    records = run_pages(ExtractPool(2, 30, job=misbehaving_job),
                        [SEED_HTML, b"crash", SEED_HTML, SEED_HTML])
    crashed = records[1]
    assert crashed.error.kind == "extract" and "crashed" in crashed.error.message
    assert all(r.ok for i, r in enumerate(records) if i != 1)


def test_hung_extraction_is_cut_by_the_timeout():
    started = time.monotonic()
    records = run_pages(ExtractPool(2, 8, job=misbehaving_job), [b"hang", SEED_HTML, SEED_HTML])
    assert records[0].error.kind == "extract" and "longer than" in records[0].error.message
    assert all(r.ok for r in records[1:])
    assert time.monotonic() - started < 45  # not the 60 s the hung job would take


def test_time_waiting_for_a_worker_does_not_count_against_the_budget():
    import workerjobs

    # six one-second pages on one worker with a 2.5 s budget: the last waits 5 s in line,
    # yet none of them is over budget
    records = run_pages(ExtractPool(1, 2.5, job=workerjobs.slow_job), [SEED_HTML] * 6)
    assert all(r.ok for r in records), [r.error for r in records]


def test_fork_server_preload_warms_the_lazy_tables():
    """The warm-up module is preloaded, and importing it builds htmldate's month table (so
    recycled workers do not rebuild it, ~0.4 s each)."""
    import subprocess
    import sys

    from scrapekit.workers import PRELOAD

    assert "scrapekit.extractors.warmup" in PRELOAD
    code = ("import gc, scrapekit.extractors.warmup\n"
            "from htmldate.extractors import month_words\n"
            "print(month_words.cache_info().currsize, gc.get_freeze_count() > 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    # and it freezes what it built, so the workers' collections leave those pages shared
    assert out.stdout.strip() == "1 True", out.stderr


def test_importing_the_workers_module_does_not_load_the_extraction_stack():
    """The main process imports scrapekit.workers; only its workers (or workers=1) extract."""
    import subprocess
    import sys

    code = ("import sys, scrapekit.workers\n"
            "print(sorted(m for m in ('scrapekit.extractors', 'trafilatura', 'lxml')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
