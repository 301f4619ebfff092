"""Fetching: network only. Bytes of HTML pages by URL, or an error saying why not.

The names below are imported on first use (PEP 562), so ``scrapekit.fetch.urls`` (URL checks,
wanted by the main process of a run) does not load httpx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {"FetchResult": "client", "Fetcher": "client", "fetch_one": "client",
            "looks_like_html": "client", "check_url": "urls", "origin_of": "urls",
            "redact": "urls"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'scrapekit.fetch' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .client import Fetcher, FetchResult, fetch_one, looks_like_html
    from .urls import check_url, origin_of, redact
