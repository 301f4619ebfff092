"""Fetching over several processes (fetch/shards.py): hosts stay with one process, politeness
holds across them, a dying fetch process loses no URL. Real processes, real loopback HTTP."""

from __future__ import annotations

import asyncio
import time

import pytest

from scrapekit import Settings, scrape_many
from scrapekit.fetch.shards import ShardedFetcher

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


def test_hosts_are_balanced_and_sticky(fault_server, token):
    srv = fault_server(HOSTS)

    async def go():
        async with ShardedFetcher(FAST, 2, want_body=True) as f:
            first = await asyncio.gather(*(f.fetch(f"{srv.base(i)}/ok/{token}-a{i}")
                                           for i in range(4)))
            again = await asyncio.gather(*(f.fetch(f"{srv.base(i)}/ok/{token}-b{i}")
                                           for i in range(4)))
            shards = {host: entry.shard.index for host, entry in f._hosts.items()}
            pids = {shard.index: shard.proc.pid for shard in f._shards}
            return first + again, shards, pids

    results, shards, pids = asyncio.run(go())
    assert all(r.ok and b"Reliable fetching" in r.body for r in results)  # bodies travel back
    assert sorted(shards.values()) == [0, 0, 1, 1]
    assert len(set(pids.values())) == 2  # two real processes


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


def test_body_is_left_behind_when_not_wanted(fault_server, token):
    srv = fault_server(["127.0.0.27"])

    async def go():
        async with ShardedFetcher(FAST, 1, want_body=False) as f:
            return await f.fetch(f"{srv.base()}/ok/{token}")

    result = asyncio.run(go())
    assert result.ok and result.status == 200 and result.body == b""


def test_a_killed_fetch_process_fails_its_requests_and_is_restarted(fault_server, token):
    srv = fault_server(["127.0.0.28"])

    async def go():
        async with ShardedFetcher(FAST.replace(retries=0), 1, want_body=True) as f:
            slow = [asyncio.ensure_future(f.fetch(f"{srv.base()}/t/slowhead/1/{token}-{i}"))
                    for i in range(2)]
            deadline = time.monotonic() + 10
            while len(srv.arrivals()) < 3 and time.monotonic() < deadline:  # robots + 2
                await asyncio.sleep(0.02)
            shard = f._shards[0]
            first_pid = shard.proc.pid
            shard.proc.kill()
            lost = await asyncio.gather(*slow)
            after = await f.fetch(f"{srv.base()}/ok/{token}-after")
            return lost, after, first_pid, shard.proc.pid

    lost, after, first_pid, second_pid = asyncio.run(go())
    for result in lost:
        assert result.error is not None and result.error.kind == "connect"
        assert "fetch process exited" in result.error.message
    assert after.ok and second_pid != first_pid
