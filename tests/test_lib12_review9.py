"""Review 9 of the session-12 library changes (sitemap and feed credentials, the run's end):
a foreign child sitemap listing a URL of the user's own site first does not take its
credentials away; a redirect chain that left the origin and came back does not give a
document's entries (nor its last hop) the credentials; the end of a run whose sitemap is busy
schedules no fetch on the closed loop; a ``user:password@`` sitemap's child refused with 401
says how to pass the credentials. Loopback servers (tests/rawserver.py), no internet."""

from __future__ import annotations

import gc
import threading
import time
import warnings

from rawserver import page, response
from test_lib11_credentials_sources import SECRETS, USER, by_host_path, index, urlset, xml

from scrapekit import Settings, scrape_many
from scrapekit.sources import OwnOriginItem, RemoteItem, sitemap_urls


def test_closing_a_run_whose_sitemap_is_busy_schedules_no_fetch(raw_server):
    """Before: close() returned while the generator was still skipping 40,000 duplicates; its
    next document fetch went to the closed loop: "coroutine ... was never awaited" and
    RuntimeError('Event loop is closed') inside the caller's generator."""
    srv = raw_server(["127.0.0.2"])
    a = srv.base(0)
    srv.route("127.0.0.2/index.xml", xml(index([f"{a}/c1.xml", f"{a}/c2.xml"])))
    srv.route("127.0.0.2/c1.xml", xml(urlset([f"{a}/p1"] * 40000)))
    srv.route("127.0.0.2/c2.xml", xml(urlset([f"{a}/p2"])))
    srv.route("/p1", response(body=page("P1")))
    srv.route("/p2", response(body=page("P2")))
    s = Settings(retries=0, delay=0.0, timeout=10.0, workers=1)
    raised: list[BaseException] = []
    ended = threading.Event()

    def inputs():
        try:
            yield from sitemap_urls(f"{a}/index.xml", s)
        except BaseException as exc:
            raised.append(exc)
            raise
        finally:
            ended.set()

    thread_errors: list[BaseException | None] = []
    old_hook = threading.excepthook
    threading.excepthook = lambda args: thread_errors.append(args.exc_value)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            run = scrape_many(inputs(), s)
            assert next(run).url == f"{a}/p1"
            run.close()
            assert ended.wait(30)
            time.sleep(0.3)
            gc.collect()
    finally:
        threading.excepthook = old_hook
    assert not [str(w.message) for w in caught if "never awaited" in str(w.message)]
    assert not [e for e in raised if isinstance(e, RuntimeError)], raised
    assert not thread_errors
    assert not srv.requests("/c2.xml")  # nothing fetched after the end
