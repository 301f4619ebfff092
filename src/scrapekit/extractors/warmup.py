"""Imported by each worker process when it starts (``worker._warm_up``), before its first
page: fills the libraries' lazy tables (htmldate's month names from every dateparser locale
cost ~0.4 s; the printed-day regexes of extractors/dates.py ~40 ms) and runs one sample
extraction, so no page pays for them and a page's time budget measures the page.

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
        from .dates import warm as warm_dates

        warm_dates()
    except Exception:  # noqa: BLE001
        log.debug("date regexes not compiled", exc_info=True)
    try:
        from . import extract

        extract(SAMPLE, url="https://example.com/warm-up")
    except Exception:  # noqa: BLE001
        log.debug("warm-up extraction failed", exc_info=True)


_warm()
# Everything loaded so far is kept for the life of the worker: moved out of the collector's
# sight (permanent generation), full collections no longer walk these objects. Keep this the
# last step of a worker's warm-up.
gc.collect()
gc.freeze()
