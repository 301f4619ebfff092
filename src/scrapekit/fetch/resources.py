"""Subresources (scripts, XHR/fetch answers) for the renderer, through the page's Fetcher.

A browser rendering a page asks for more than HTML. Those requests are intercepted
(:mod:`scrapekit.render`) and fetched here by the run's :class:`~scrapekit.fetch.Fetcher`
itself (``Fetcher.fetch(url, any_type=True, max_bytes=..., retry=False)``), so they get
everything a page fetch has: the URL check, the per-hop checks (robots.txt; the
private-address guard, also through a proxy), the host's politeness gate (concurrency, delay,
Retry-After pauses), the per-request timeout, bounded decompression and the size cap, with
redirects followed hop by hop. Any content type is accepted; there are no retries (a failed
script fails the render, which keeps the static record).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..redact import strip_credentials
from .client import Fetcher


@dataclass(frozen=True)
class Resource:
    url: str
    status: int
    content_type: str | None
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    """The response's headers (the renderer passes the server's CORS headers on)."""


async def fetch_resource(fetcher: Fetcher, url: str, max_bytes: int | None = None) -> Resource:
    """GET ``url`` as the Fetcher would a page (any content type, one attempt, at most
    ``max_bytes``). Raises the FetchError (or InvalidURL) of a failed fetch. A
    ``user:password@`` in ``url`` is dropped: the page chose it, and the Fetcher would take it
    for the user's credentials (sending the run's logged-in cookies with it)."""
    result = await fetcher.fetch(strip_credentials(url), any_type=True, max_bytes=max_bytes,
                                 retry=False)
    if result.error is not None:
        raise result.error
    return Resource(result.final_url or url, result.status or 200, result.content_type,
                    result.body or b"", tuple(result.headers))
