"""What the README's Library section says about embedding scrapekit, pinned: the inputs of
scrape_many are read in a background thread, and NO_PROXY's CIDR ranges are not understood
(the README tells users to list hosts instead: if this ever changes, so must the README)."""

from __future__ import annotations

import threading

import scrapekit
from scrapekit.fetch.client import _env_proxy


def test_scrape_many_reads_its_inputs_in_another_thread(server, token):
    readers: set[int] = set()

    def inputs():
        for i in range(2):
            readers.add(threading.get_ident())
            yield f"{server.base}/article/{token}-{i}"

    settings = scrapekit.Settings(workers=1, delay=0.0, retries=0, robots=False)
    records = list(scrapekit.scrape_many(inputs(), settings))
    assert len(records) == 2 and all(r.error is None for r in records)
    assert readers and threading.get_ident() not in readers


def test_no_proxy_cidr_ranges_are_ignored_but_addresses_and_names_bypass(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:1")
    monkeypatch.setenv("NO_PROXY", "10.0.0.0/8,127.0.0.2,.internal.test")
    assert _env_proxy("http://10.1.2.3") == "http://127.0.0.1:1"   # the range: ignored
    assert _env_proxy("http://127.0.0.2") is None                   # an address: bypassed
    assert _env_proxy("http://a.internal.test") is None             # a domain suffix
    assert _env_proxy("http://example.test") == "http://127.0.0.1:1"
