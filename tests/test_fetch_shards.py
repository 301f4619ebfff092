"""Fetching over several worker processes (workers.py): hosts stay with one process, politeness
holds across them, a dying fetch process loses no URL. Real processes, real loopback HTTP."""

from __future__ import annotations

import asyncio
import time

import pytest

from scrapekit import Settings, scrape_many

FAST = Settings(retries=1, backoff=0.01, backoff_max=0.05, timeout=10.0, delay=0, per_host=2,
                concurrency=16, extract=False)
TOL = 0.015
HOSTS = ["127.0.0.21", "127.0.0.22", "127.0.0.23", "127.0.0.24"]


def test_settings_pick_the_number_of_fetch_processes():
    assert Settings(workers=3, extract=False).fetchers == 3  # fetching is the whole job
    assert Settings(workers=3).fetchers == 1  # extraction needs the cores
    assert Settings(workers=3, extract=False, fetch_processes=2).fetchers == 2
    assert Settings(workers=3, extract=False, cache="/tmp/x").fetchers == 1
    with pytest.raises(ValueError, match="one fetching process"):
        Settings(cache="/tmp/x", fetch_processes=2)
    with pytest.raises(ValueError, match="fetch_processes"):
        Settings(fetch_processes=0)


def test_every_input_one_record_with_hosts_split_over_processes(fault_server, token):
    srv = fault_server(HOSTS)
    urls = [f"{srv.base(i % 4)}/ok/{token}-{i}" for i in range(24)]
    inputs = urls + [urls[0], urls[5], "not a url", f"{srv.base(1)}/p/404/{token}"]
    records = list(scrape_many(inputs, FAST.replace(fetch_processes=2)))
    assert sorted(r.url for r in records) == sorted(inputs)
    by_url = {}
    for r in records:
        by_url.setdefault(r.url, []).append(r)
    failed = [(r.url, r.error and r.error.kind, r.error and r.error.message) for url in urls
              for r in by_url[url] if r.error is not None or r.fetch.status != 200]
    assert not failed
    assert by_url["not a url"][0].error.kind == "invalid_url"
    assert by_url[f"{srv.base(1)}/p/404/{token}"][0].error.status == 404
    # duplicates were fetched once (and nothing was retried)
    assert srv.hit_count(0, f"/ok/{token}-0") == 1, [a.path for a in srv.arrivals(0)]


def test_politeness_holds_across_processes(fault_server, token):
    srv = fault_server(["127.0.0.25", "127.0.0.26"])
    inputs = [f"{srv.base(i % 2)}/ok/{token}-{i}" for i in range(8)]
    records = list(scrape_many(inputs, FAST.replace(delay=0.1, per_host=3, fetch_processes=2,
                                                    robots=False)))
    assert len(records) == 8 and all(r.error is None for r in records)
    for host in (0, 1):
        stamps = sorted(a.at for a in srv.arrivals(host))
        assert len(stamps) == 4
        assert min(b - a for a, b in zip(stamps, stamps[1:])) >= 0.1 - TOL
