"""Imported by the extraction workers' fork server (``workers.PRELOAD``): fills the lazy tables
of the libraries once, before any worker is forked, so new and recycled workers share them
instead of each building its own (htmldate's month names from every dateparser locale cost
~0.4 s per process).

Importing this module does the work; it has nothing to call.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger("scrapekit.extractors")

SAMPLE = (
    "<html lang='en'><head><title>Warm-up | Site</title>"
    "<meta property='og:title' content='Warm-up'></head><body><article><h1>Warm-up</h1>"
    "<p class='byline'>By Jane Doe</p><time datetime='2024-05-06T07:08:09Z'>6 May 2024</time>"
    + "<p>A short paragraph of text, long enough to count as an article body here.</p>" * 6
    + "</article></body></html>"
)


def _warm() -> None:
    try:
        from ..adapters.htmldate import warm

        warm()
    except Exception:  # noqa: BLE001 - a warm-up must never stop a worker from starting
        log.debug("htmldate month table not warmed", exc_info=True)
    try:
        from . import extract

        extract(SAMPLE, url="https://example.com/warm-up")
    except Exception:  # noqa: BLE001
        log.debug("warm-up extraction failed", exc_info=True)


_warm()
# Everything preloaded so far is kept for the life of the fork server and its workers: moved
# out of the collector's sight, the workers' full collections no longer write to (and so
# copy) the fork server's pages holding these objects. Measured: ~10 MB less private memory
# (USS) per worker after 900 pages, no CPU cost. Keep this module last in workers.PRELOAD.
gc.collect()
gc.freeze()
