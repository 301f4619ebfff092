"""Stopping a run early, and the inputs' generator: the stop is seen at once however fast the
inputs come (read in bounded steps), close() does not wait for a generator blocked inside its
own next(), and still waits (bounded) for one that is handing over an input or whose sitemap
document is being fetched, also when the stop's cancel lands in the pool's end. Invalid inputs
(records without a fetch) and loopback servers; real worker processes, no internet."""

from __future__ import annotations

import asyncio
import threading
import time

from rawserver import page, response

import scrapekit.pipeline as pipeline
from scrapekit import Settings, scrape_many
from scrapekit.handover import READ_AHEAD
from scrapekit.sources import sitemap_urls
from scrapekit.workers import Pool

S = Settings(workers=1, retries=0, delay=0.0, timeout=10)
LONG_WAIT = 20.0
"""INPUTS_CLOSE_WAIT in the tests that show close() does not spend it: a close() that took it
would take seconds more than the run's own end does, even on a loaded machine."""


def counted_invalid_inputs(given: list[int], closed: threading.Event, count: int = 1_000_000):
    """``count`` inputs that get a record without a fetch; ``given[0]``: how many were taken."""
    try:
        for i in range(count):
            given[0] = i + 1
            yield f"not a url {i}"
    finally:
        closed.set()


def _settled(given: list[int], cap: int, seconds: float = 20.0) -> int:
    """``given[0]`` once it stopped growing for half a second (or passed ``cap``)."""
    end = time.monotonic() + seconds
    last = -1
    while time.monotonic() < end and given[0] <= cap:
        if given[0] == last:
            return last
        last = given[0]
        time.sleep(0.5)
    return given[0]


def test_inputs_whose_records_are_known_at_once_are_read_in_bounded_steps():
    """A million invalid inputs and a consumer that pauses after the first record: the run
    reads only its read-ahead (not the whole source in one turn of its loop, which piled up
    the records and kept the stop from being seen for as long: close() then hit its 30 s
    join with the generator still open)."""
    given, closed = [0], threading.Event()
    gen = counted_invalid_inputs(given, closed)
    records = scrape_many(gen, S)
    first = next(records)
    assert first.error is not None and first.error.kind == "invalid_url"
    read = _settled(given, 100_000)
    bound = (pipeline.MAX_BUFFERED_INPUTS + 2 * pipeline.ADMIT_STEP + READ_AHEAD + 64)
    assert read <= bound, f"{read} inputs read ahead for a consumer that took one record"
    started = time.monotonic()
    records.close()
    took = time.monotonic() - started
    assert closed.is_set() and gen.gi_frame is None
    assert took < 10.0, f"close() took {took:.1f} s"


def test_close_does_not_wait_for_a_generator_blocked_inside(raw_server, monkeypatch):
    monkeypatch.setattr(pipeline, "INPUTS_CLOSE_WAIT", LONG_WAIT)
    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(body=page("A")))
    release, closed, inside = threading.Event(), threading.Event(), threading.Event()

    def inputs():
        try:
            yield srv.base(0) + "/a"
            inside.set()
            release.wait(60)  # blocked inside the generator, in the reading thread
            yield srv.base(0) + "/b"
        finally:
            closed.set()

    gen = inputs()
    records = scrape_many(gen, S)
    assert next(records).headline == "A"
    assert inside.wait(10)
    started = time.monotonic()
    records.close()
    took = time.monotonic() - started
    assert not closed.is_set()  # nobody may close it while it runs
    assert took < LONG_WAIT / 2, f"close() waited {took:.1f} s for a generator blocked inside"
    release.set()
    assert closed.wait(5.0), "not closed after it yielded again"
    assert srv.requests("/b") == []


def test_close_waits_for_a_sitemap_document_being_fetched(raw_server):
    """The reading thread inside the inputs' next() but in the run's own wait for a document
    (a sitemap behind a slow server): that wait ends with the stop, so close() waits for it and
    the generator is closed when close() returns."""
    srv = raw_server(["127.0.0.2"])
    srv.route("/first", response(body=page("First")))
    release, closed = threading.Event(), threading.Event()

    def slow(conn, req) -> bool:
        release.wait(60)
        return False

    srv.route("/slow.xml", slow)

    def inputs():
        try:
            yield srv.base(0) + "/first"
            yield from sitemap_urls(srv.base(0) + "/slow.xml", S)
        finally:
            closed.set()

    gen = inputs()
    records = scrape_many(gen, S)
    try:
        assert next(records).headline == "First"
        end = time.monotonic() + 10
        while not srv.requests("/slow.xml") and time.monotonic() < end:
            time.sleep(0.05)
        assert srv.requests("/slow.xml"), "the sitemap document was not asked for"
        time.sleep(0.3)  # the next() that waits for it began well over a grace ago
        records.close()
        assert closed.is_set() and gen.gi_frame is None
    finally:
        release.set()


def test_the_generator_is_closed_even_when_the_stop_cancels_the_pools_end(monkeypatch):
    """The consumer's stop cancels the run's task; landing in the pool's end (which finishes
    first, then raises the cancel again) it must not skip the wait for the input thread."""
    real = Pool.aclose

    async def cancelled_in_the_end(self):
        await real(self)
        raise asyncio.CancelledError

    monkeypatch.setattr(Pool, "aclose", cancelled_in_the_end)
    given, closed = [0], threading.Event()
    gen = counted_invalid_inputs(given, closed)
    records = scrape_many(gen, S)
    next(records)
    _settled(given, 100_000)  # the reading thread waits to hand over an input
    records.close()
    assert closed.is_set() and gen.gi_frame is None


def test_a_fetched_page_comes_out_while_instant_records_keep_coming(raw_server):
    """One URL to fetch, then a million invalid inputs: the page's record is handed out while
    the invalid ones are still being read (finished fetches are taken between steps, not only
    once the inputs run dry)."""
    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(body=page("A")))
    given, closed = [0], threading.Event()

    def inputs():
        yield srv.base(0) + "/a"
        yield from counted_invalid_inputs(given, closed)

    records = scrape_many(inputs(), S)
    try:
        for record in records:
            if record.error is None:
                assert record.headline == "A"
                break
        assert not closed.is_set(), "the page's record came only after the last input"
    finally:
        records.close()
    assert closed.is_set()
