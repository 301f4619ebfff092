"""A job sent again after deaths blamed on other pages is sent again at most
``workers.MAX_RESENDS`` times: the next such death fails it with a record saying so. Before:
every crashing page of a host resent every other job in flight, with no cap (N crashing
pages fetched together with a slow sitemap in flight: N(N+1)/2 fetches). The cap is lowered
for the test (its default, 10, would take a worker start per death). Real worker processes, a
loopback server (tests/rawserver.py), no internet."""

from __future__ import annotations

import asyncio

from test_lib13_document_crashes import crashing_host
from workerjobs import misbehaving_job

from scrapekit import Settings, workers
from scrapekit.record import Article
from scrapekit.workers import Pool

S = Settings(retries=0, timeout=60.0, delay=0.0, robots=False)
CAP = 2
CRASHING = 4


def test_the_generous_default():
    assert workers.MAX_RESENDS >= 10


def test_a_document_is_sent_again_at_most_the_cap(raw_server, monkeypatch):
    monkeypatch.setattr(workers, "MAX_RESENDS", CAP, raising=False)
    srv = raw_server(["127.0.0.2"])
    a = srv.base(0)
    crashing_host(srv, [f"{a}/p0"], 3.0)

    async def go():
        pool = Pool(S, 1, fetch=True, job=misbehaving_job)
        try:
            document = asyncio.ensure_future(pool.document(f"{a}/sitemap.xml"))
            await asyncio.sleep(0.2)
            pages = [asyncio.ensure_future(pool.scrape(f"{a}/crash?{i}", f"{a}/crash?{i}"))
                     for i in range(CRASHING)]
            records = [Article.from_dict((await p)[0]) for p in pages]
            return records, await document
        finally:
            await pool.aclose()
    records, result = asyncio.run(go())
    assert not result.ok  # before: read on the fifth fetch, one per death
    assert "died on other pages 3 times" in result.error.message, result.error
    assert len(srv.requests("/sitemap.xml")) == CAP + 1
    messages = sorted(r.error.message for r in records if r.error)
    assert len(messages) == CRASHING, records
    # one death blamed on each of three pages; the fourth, in flight at each, met the cap
    assert sum("crashed on this page" in m for m in messages) == CAP + 1, messages
    assert sum("died on other pages 3 times" in m for m in messages) == 1, messages
