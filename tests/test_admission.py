"""Admission that cannot be starved, and ordered output. Real sockets: a host that accepts
connections and never answers, a good host next to it."""

from __future__ import annotations

import socket
import threading
import time

import pytest

import scrapekit
from scrapekit import Settings, pipeline

DEAD_HOST = "127.0.0.31"
SETTINGS = Settings(timeout=1.0, connect_timeout=1.0, read_timeout=1.0, retries=0, delay=0,
                    per_host=4, concurrency=64, robots=False, workers=2)
SLOW_OK = SETTINGS.replace(per_host=8, timeout=10.0, read_timeout=10.0)


@pytest.fixture
def dead_server():
    """Accepts every connection and never sends a byte."""
    sock = socket.socket()
    sock.bind((DEAD_HOST, 0))
    sock.listen(512)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://{DEAD_HOST}:{sock.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    sock.close()


def _inputs(dead: str, good: str, token: str) -> tuple[list[str], list[str]]:
    dead_urls = [f"{dead}/p/{token}-{i}" for i in range(4200)]
    good_urls = [f"{good}/article/{token}-{i}" for i in range(20)]
    return dead_urls, good_urls


def test_a_dead_host_never_starves_a_good_one(dead_server, server, token):
    """No breaker: the dead host's backlog is parked, the good host's 20 are recorded at once."""
    dead_urls, good_urls = _inputs(dead_server, server.base, token)
    started = time.monotonic()
    good_done: dict[str, float] = {}
    records = scrapekit.scrape_many(dead_urls + good_urls,
                                    SETTINGS.replace(max_host_failures=0))
    for art in records:
        if art.url in good_urls:
            assert art.ok, art.error
            good_done[art.url] = time.monotonic() - started
            if len(good_done) == len(good_urls):
                break
        else:
            assert art.error.kind == "timeout"
        assert time.monotonic() - started < 60, "the good host's pages did not come"
    records.close()
    assert max(good_done.values()) < 30


def test_the_circuit_breaker_fails_a_dead_hosts_urls_fast(dead_server, server, token):
    dead_urls, good_urls = _inputs(dead_server, server.base, token)
    started = time.monotonic()
    records = list(scrapekit.scrape_many(dead_urls + good_urls,
                                         SETTINGS.replace(max_host_failures=3)))
    elapsed = time.monotonic() - started
    assert sorted(r.url for r in records) == sorted(dead_urls + good_urls)
    by_url = {r.url: r for r in records}
    assert all(by_url[u].ok for u in good_urls)
    kinds = [by_url[u].error.kind for u in dead_urls]
    assert set(kinds) <= {"timeout", "connect"}
    assert kinds.count("timeout") <= 8  # what was in flight when it tripped (per_host 4)
    breaker = [by_url[u].error.message for u in dead_urls if by_url[u].error.kind == "connect"]
    assert breaker and all("circuit breaker" in m and "3 times in a row" in m for m in breaker)
    assert elapsed < 60  # ~2 timeouts of 1 s, then every URL at once


def test_ordered_output_follows_the_inputs(server, token):
    inputs = [f"{server.base}/slow/2/{token}", "not a url",
              *(f"{server.base}/article/{token}-{i}" for i in range(6)),
              f"{server.base}/article/{token}-0"]  # a duplicate
    records = list(scrapekit.scrape_many(inputs, SLOW_OK, ordered=True))
    assert [r.url for r in records] == inputs
    assert records[0].ok and records[1].error.kind == "invalid_url"
    unordered = list(scrapekit.scrape_many(
        [f"{server.base}/slow/2/{token}-b", f"{server.base}/article/{token}-b"], SLOW_OK))
    assert unordered[0].url.endswith(f"/article/{token}-b")  # completion order by default


def test_the_reorder_buffer_is_bounded(server, token, monkeypatch):
    """A slow first URL holds back at most ORDER_WINDOW records: reading stops there."""
    monkeypatch.setattr(pipeline, "ORDER_WINDOW", 4)
    fetched_while_slow: list[int] = []
    inputs = [f"{server.base}/slow/3/{token}",
              *(f"{server.base}/article/{token}-w{i}" for i in range(12))]

    def watch() -> None:
        time.sleep(2.0)  # the slow page is still in flight
        fetched_while_slow.append(sum(1 for p in server.hits if f"{token}-w" in p))

    threading.Thread(target=watch, daemon=True).start()
    records = list(scrapekit.scrape_many(inputs, SLOW_OK, ordered=True))
    assert [r.url for r in records] == inputs
    assert fetched_while_slow and fetched_while_slow[0] <= 3  # window 4 = the slow one + 3
