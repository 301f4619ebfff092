"""WARC archives in and out (kept for imports: ``from scrapekit.warc import ...``).

Reading is a source (:mod:`scrapekit.warc_read`), recording a sink
(:mod:`scrapekit.warc_write`), and extraction over archives runs through the offline
pool-and-stream helper (:mod:`scrapekit.offline`).
"""

from __future__ import annotations

from .offline import aextract_paths, aextract_warc, extract_paths, extract_warc
from .warc_read import WarcDamage, WarcResponse, WarcStats, is_warc_path, iter_warc
from .warc_write import WarcRecorder

__all__ = ["WarcDamage", "WarcRecorder", "WarcResponse", "WarcStats", "aextract_paths",
           "aextract_warc", "extract_paths", "extract_warc", "is_warc_path", "iter_warc"]
