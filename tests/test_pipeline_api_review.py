"""The batch API as a data engineer uses it (review, session 10): generator return types that
``.close()`` and ``contextlib.aclosing`` accept under ``mypy --strict``, a single string refused
instead of scraped character by character, and a read-ahead bounded in records."""

from __future__ import annotations

import inspect
import subprocess
import sys
import threading
import time

import pytest

from loopsite import LoopSite, QuietHandler
from scrapekit import pipeline
from scrapekit.handover import READ_AHEAD, Handover
from scrapekit.settings import Settings


@pytest.mark.parametrize("name,annotation", [
    ("scrape_many", "Generator[Article, None, None]"),
    ("extract_files", "Generator[Article, None, None]"),
    ("ascrape_many", "AsyncGenerator[Article, None]"),
    ("aextract_files", "AsyncGenerator[Article, None]"),
])
def test_the_batch_functions_are_typed_as_generators(name, annotation):
    # an Iterator has no .close(), an AsyncIterator no .aclose() (contextlib.aclosing)
    assert inspect.signature(getattr(pipeline, name)).return_annotation == annotation


def test_close_and_aclosing_type_check_under_mypy_strict(tmp_path):
    pytest.importorskip("mypy")
    snippet = tmp_path / "use.py"
    snippet.write_text(
        "from contextlib import aclosing\n"
        "from scrapekit.pipeline import aextract_files, ascrape_many, extract_files, scrape_many\n"
        "def sync() -> None:\n"
        "    scrape_many(['http://example.com/']).close()\n"
        "    extract_files(['a.html']).close()\n"
        "async def main() -> None:\n"
        "    async with aclosing(ascrape_many(['http://example.com/'])) as records:\n"
        "        async for art in records:\n"
        "            print(art.headline)\n"
        "    async with aclosing(aextract_files(['a.html'])) as more:\n"
        "        async for art in more:\n"
        "            print(art.url)\n")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "--follow-imports=silent", str(snippet)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("one", ["http://example.com/a", b"http://example.com/a"])
def test_one_string_is_no_list_of_inputs(one):
    # before: one invalid_url record per character
    with pytest.raises(TypeError, match="inputs must be an iterable of strings, not a single"):
        pipeline.scrape_many(one)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="paths must be an iterable of strings"):
        pipeline.extract_files(one)  # type: ignore[arg-type]


@pytest.mark.parametrize("name,what", [("ascrape_many", "inputs"), ("aextract_files", "paths")])
def test_the_async_twins_refuse_one_string_too(name, what):
    import asyncio

    async def first() -> None:
        async for _ in getattr(pipeline, name)("page.html"):
            pass

    with pytest.raises(TypeError, match=f"{what} must be an iterable of strings"):
        asyncio.run(first())


def test_the_handover_counts_records_not_batches():
    h = Handover(limit=5)
    assert h.offer([1, 2, 3]) == [] and h.offer([4, 5, 6, 7]) == [6, 7]
    assert h.offer([8]) == [8]  # full: five records wait
    assert h.get() == [1, 2, 3]
    h.taken()
    assert h.offer([8, 9]) == [9]  # one place freed
    h.stop()
    assert h.put([9]) is False  # the consumer is gone: nobody waits for room


PAGE = (b"<html><body><article><h1>A page</h1><p>"
        + b"Plain words of a loopback page, long enough to count as an article. " * 10
        + b"</p></article></body></html>")


class _Counting(QuietHandler):
    hits = 0
    lock = threading.Lock()

    def do_GET(self) -> None:  # noqa: N802
        with self.lock:
            type(self).hits += 1
        self.answer(200, PAGE, "text/html; charset=utf-8")


class _QuietSite(LoopSite):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # connections reset when the run is closed


def test_a_consumer_that_pauses_holds_the_run_back_after_read_ahead_records():
    # before: the hand-over held 256 *batches*: ~957 pages fetched for 10 records taken
    _Counting.hits = 0
    site = _QuietSite(_Counting).start()
    concurrency = 8
    s = Settings(workers=1, concurrency=concurrency, per_host=concurrency, delay=0,
                 robots=False, retries=0)
    records = pipeline.scrape_many([f"{site.base}/p{i}" for i in range(3000)], s)
    try:
        taken = [next(records) for _ in range(10)]
        assert all(r.error is None for r in taken)
        last, deadline = -1, time.monotonic() + 20
        while _Counting.hits != last and time.monotonic() < deadline:  # until it settles
            last = _Counting.hits
            time.sleep(1.5)
        assert _Counting.hits <= 10 + READ_AHEAD + 2 * concurrency + 16, _Counting.hits
    finally:
        records.close()
        site.stop()
