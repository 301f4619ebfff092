"""scrapekit: web article scraper and extractor.

    import scrapekit
    art = scrapekit.extract(html, url="https://...")
    art = scrapekit.scrape("https://...")
    for art in scrapekit.scrape_many(urls, settings=scrapekit.Settings(per_host=2)):
        print(art.to_dict())

The names below are imported on first use (PEP 562): a fetch process or a CLI run that never
extracts does not pay for loading the extraction stack (~0.2 s and ~20 MB per process).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__

_EXPORTS = {
    "ScrapekitError": "errors",
    "extract": "extractors",
    "aextract_files": "pipeline", "ascrape_many": "pipeline", "extract_files": "pipeline",
    "scrape": "pipeline", "scrape_many": "pipeline",
    "Article": "record", "Author": "record", "ErrorInfo": "record", "ExtractionInfo": "record",
    "FetchInfo": "record", "Image": "record", "Link": "record", "json_schema": "record",
    "Settings": "settings",
}
"""Public name -> the module (under scrapekit) that defines it."""

__all__ = [
    "Article", "Author", "ErrorInfo", "ExtractionInfo", "FetchInfo", "Image", "Link",
    "ScrapekitError", "Settings", "__version__", "aextract_files", "ascrape_many", "extract",
    "extract_files", "json_schema", "scrape", "scrape_many",
]
"""A literal list, sorted: type checkers read only a literal ``__all__`` as the re-exports
(``mypy --strict`` on ``from scrapekit import Settings`` needs it). The tests check that it
is ``sorted([*_EXPORTS, "__version__"])``."""


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'scrapekit' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return list(__all__)


if TYPE_CHECKING:  # what type checkers and IDEs see
    from .errors import ScrapekitError
    from .extractors import extract
    from .pipeline import aextract_files, ascrape_many, extract_files, scrape, scrape_many
    from .record import (
        Article, Author, ErrorInfo, ExtractionInfo, FetchInfo, Image, Link, json_schema,
    )
    from .settings import Settings
