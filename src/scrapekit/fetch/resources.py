"""Subresources (scripts, XHR/fetch answers) for the renderer, through the page's Fetcher.

A browser rendering a page asks for more than HTML. Those requests are intercepted
(:mod:`scrapekit.render`) and fetched here with everything a page fetch has: the URL check,
robots.txt, the host's politeness gate (concurrency, delay, Retry-After pauses), the
private-address guard of the host's transport, the per-request timeout and the size cap, with
redirects followed hop by hop through the same checks. Any content type is accepted; there
are no retries (a failed script fails the render, which keeps the static record).

It uses the Fetcher's own per-origin clients and gates (``_acquire_client``,
``_release_client``, ``_check_robots``, ``_global``): this module is their one other user,
kept beside them in fetch/ and tested with them (tests/test_render.py).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from ..errors import ConnectError, HTTPStatusError, InvalidURL, Timeout, TooLarge, TooManyRedirects
from .client import REDIRECT_STATUSES, Fetcher, _within
from .decompress import ChainDecoder
from .urls import check_url, origin_of

MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Resource:
    url: str
    status: int
    content_type: str | None
    body: bytes


async def fetch_resource(fetcher: Fetcher, url: str, max_bytes: int | None = None) -> Resource:
    """GET ``url`` as the Fetcher would a page (any content type). Raises a FetchError."""
    s = fetcher.settings
    cap = max_bytes or s.max_bytes
    current = check_url(url)
    for _hop in range(MAX_REDIRECTS + 1):
        if s.robots:
            await fetcher._check_robots(current)
        status, content_type, body, location = await _exchange(fetcher, current, cap)
        if location is None:
            if status >= 400:
                raise HTTPStatusError(f"HTTP {status}", status=status)
            return Resource(current, status, content_type, body)
        try:
            current = check_url(urljoin(current, location))
        except InvalidURL as exc:
            raise InvalidURL(f"redirect to an unusable URL: {exc.message}") from None
    raise TooManyRedirects(f"more than {MAX_REDIRECTS} redirects")


async def _exchange(fetcher: Fetcher, url: str, cap: int
                    ) -> tuple[int, str | None, bytes, str | None]:
    s = fetcher.settings
    origin = origin_of(url)
    if fetcher._global is None:
        fetcher._global = asyncio.Semaphore(s.concurrency)
    client = await fetcher._acquire_client(origin)
    gate = fetcher.politeness.gate(origin)
    try:
        async with fetcher._global, gate.slot() as ticket:
            return await _within(_read(client, url, gate, ticket, cap), s.timeout)
    except asyncio.TimeoutError:
        raise Timeout(f"no complete response within {s.timeout:g}s") from None
    except httpx.TimeoutException as exc:
        raise Timeout(f"{exc.__class__.__name__}: {exc or 'timed out'}") from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise InvalidURL(str(exc)) from None
    except (httpx.HTTPError, OSError) as exc:
        raise ConnectError(f"{exc.__class__.__name__}: {exc}") from None
    finally:
        fetcher._release_client(origin)


async def _read(client, url, gate, ticket, cap):  # type: ignore[no-untyped-def]
    resp = await client.get(url, gate.extensions(ticket))
    try:
        location = resp.headers.get("location")
        if resp.status_code in REDIRECT_STATUSES and location:
            return resp.status_code, None, b"", location
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise TooLarge(f"Content-Length {declared} exceeds the {cap}-byte cap")
        decoder = ChainDecoder(resp.headers.get("content-encoding"))
        chunks: list[bytes] = []
        size = 0
        async for raw in resp.stream:
            for chunk in decoder.feed(raw):
                size += len(chunk)
                if size > cap:
                    raise TooLarge(f"body exceeds the {cap}-byte cap")
                chunks.append(chunk)
        for chunk in decoder.finish():
            size += len(chunk)
            if size > cap:
                raise TooLarge(f"body exceeds the {cap}-byte cap")
            chunks.append(chunk)
        return resp.status_code, resp.headers.get("content-type"), b"".join(chunks), None
    finally:
        await resp.aclose()
