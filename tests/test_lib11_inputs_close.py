"""A generator given as the inputs is closed by the run when the caller stops early (its
``with`` and ``finally`` blocks run), in the thread that reads it: at once when it waits to hand
over an input, and as soon as it yields again when it was blocked inside itself. Invalid inputs
(records without a fetch) and a loopback server; real worker processes, no internet."""

from __future__ import annotations

import asyncio
import threading
import time

from rawserver import page, response

from scrapekit import Settings, ascrape_many, extract_files, scrape_many

S = Settings(workers=1, retries=0, delay=0.0, timeout=10)


def _wait_for(flag: threading.Event, seconds: float) -> bool:
    return flag.wait(seconds)


def invalid_inputs(closed: threading.Event, count: int = 1_000_000):
    """``count`` inputs that get a record without a fetch; ``closed`` is set in its finally."""
    try:
        for i in range(count):
            yield f"not a url {i}"
    finally:
        closed.set()


def test_a_generator_is_closed_when_the_caller_stops_scrape_many(tmp_path):
    """Far more inputs than the run reads ahead: the reading thread waits to hand one over."""
    listing = tmp_path / "inputs.txt"
    listing.write_text("")
    state = {"file": None}
    closed = threading.Event()

    def inputs():
        try:
            with open(listing) as fh:
                state["file"] = fh
                yield from invalid_inputs(threading.Event())
        finally:  # after the with block: the file is closed by then
            closed.set()

    gen = inputs()  # the caller keeps a reference: nothing is freed by the collector
    records = scrape_many(gen, S)
    first = next(records)
    assert first.error is not None and first.error.kind == "invalid_url"
    time.sleep(0.3)  # the reading thread fills the read-ahead and waits
    records.close()
    assert closed.is_set()  # before close() returned (the reading thread waited to hand over)
    assert state["file"].closed
    assert gen.gi_frame is None  # finished: closed, not merely paused


def test_a_generator_blocked_inside_is_closed_when_it_yields_again(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(body=page("A")))
    release = threading.Event()
    closed = threading.Event()
    given_after = []

    def inputs():
        try:
            yield srv.base(0) + "/a"
            release.wait(30)  # blocked inside the generator, in the reading thread
            given_after.append(True)
            yield srv.base(0) + "/b"
        finally:
            closed.set()

    gen = inputs()
    records = scrape_many(gen, S)
    first = next(records)
    assert first.error is None and first.headline == "A"
    records.close()  # the reading thread is inside next(gen): nobody may close it now
    assert not closed.is_set()
    release.set()
    assert _wait_for(closed, 5.0), "not closed after it yielded again"
    assert given_after == [True] and gen.gi_frame is None
    assert srv.requests("/b") == []  # its last input was never fetched


def test_limit_closes_the_generator_at_once():
    closed = threading.Event()
    gen = invalid_inputs(closed, 1000)
    records = list(scrape_many(gen, S.replace(limit=3)))
    assert len(records) == 3
    assert closed.is_set()


def test_the_async_twin_closes_it_too():
    closed = threading.Event()
    gen = invalid_inputs(closed)

    async def main():
        run = ascrape_many(gen, S)
        async for _record in run:
            break
        await run.aclose()
        return closed.is_set()

    assert asyncio.run(main())


def test_a_file_object_given_as_inputs_stays_open(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(f"not a url {i}\n" for i in range(10)))
    with open(listing) as fh:
        records = list(scrape_many(fh, S.replace(limit=2)))
        assert len(records) == 2 and not fh.closed


def test_extract_files_closes_a_generator_of_paths_too(tmp_path):
    saved = tmp_path / "page.html"
    saved.write_bytes(page("Saved"))
    closed = threading.Event()

    def paths():
        try:
            for _ in range(100_000):
                yield str(saved)
        finally:
            closed.set()

    gen = paths()
    records = extract_files(gen, S)
    assert next(records).headline == "Saved"
    records.close()
    assert closed.is_set() and gen.gi_frame is None
    closed.clear()
    assert len(list(extract_files(paths(), S.replace(limit=2)))) == 2
    assert closed.is_set()
