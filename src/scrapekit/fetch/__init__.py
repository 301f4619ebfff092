"""Fetching: network only. Bytes of HTML pages by URL, or an error saying why not."""

from .client import Fetcher, FetchResult, fetch_one, looks_like_html
from .urls import check_url, origin_of, redact

__all__ = ["FetchResult", "Fetcher", "check_url", "fetch_one", "looks_like_html", "origin_of",
           "redact"]
