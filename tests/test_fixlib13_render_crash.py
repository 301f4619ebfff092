"""A page whose rendered DOM kills the worker while it is extracted again is blamed for it:
its own ``extract`` record, fetched once, and the pages in flight with it are sent again to
the fresh worker and extracted. Before: the shared slot was empty during that extraction, so
no page was blamed; the page was fetched, rendered and crashed again, and after three deaths
it and every innocent page in flight failed ("the worker process exited 3 times"). Real
worker processes, a real Chromium (skipped when absent locally), a loopback server
(tests/rawserver.py), no internet."""

from __future__ import annotations

import asyncio
import os
import time

from rawserver import page, response
from test_render import needs_browser

from scrapekit import Settings
from scrapekit.record import Article
from scrapekit.worker import extract_job
from scrapekit.workers import Pool

S = Settings(retries=0, timeout=30.0, delay=0.0, robots=False, render="always",
             render_timeout=20.0)
MARK = b"data-rendered-" + b"crash"
POISON = (b"<html><body><p>Short.</p><script>var d=document.createElement('div');"
          b"d.setAttribute('data-rendered-'+'crash','1');document.body.appendChild(d);"
          b"</script></body></html>")
"""The mark is in the rendered DOM only: the script builds its name."""


def rendered_crash_job(body, record_url, base_url, content_type, fetch, budget=None, **kw):
    """The extraction job of the test's workers: the process dies on the rendered page."""
    if MARK in body:
        os._exit(3)  # a segfault-like death of the worker process
    return extract_job(body, record_url, base_url, content_type, fetch, budget, **kw)


@needs_browser
def test_a_page_crashing_its_rendered_extraction_costs_only_its_record(raw_server):
    assert MARK not in POISON
    srv = raw_server(["127.0.0.2", "127.0.0.3"])
    a, b = srv.base(0), srv.base(1)

    def slow(conn, req) -> bool:  # in flight while the rendered page crashes the worker
        time.sleep(1.0)
        conn.sendall(response(body=page("SLOW")))
        return False
    srv.route("127.0.0.2/poison", response(body=POISON))
    srv.route("127.0.0.3/slow", slow)

    async def go():
        pool = Pool(S, 1, fetch=True, job=rendered_crash_job)
        try:
            poison = asyncio.ensure_future(pool.scrape(f"{a}/poison", f"{a}/poison"))
            others = [asyncio.ensure_future(pool.scrape(f"{b}/slow?{i}", f"{b}/slow?{i}"))
                      for i in range(3)]
            return [Article.from_dict((await x)[0]) for x in [poison, *others]]
        finally:
            await pool.aclose()
    poisoned, *others = asyncio.run(go())
    assert poisoned.error and poisoned.error.kind == "extract", poisoned.error
    assert "crashed" in poisoned.error.message  # before: connect, "... exited (code 3) 3 times"
    assert len(srv.requests("/poison")) == 1  # before: 3, one per death
    assert all(r.error is None for r in others), [r.error for r in others]
