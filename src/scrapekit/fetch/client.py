"""Fetcher: gets the bytes of HTML pages over HTTP, politely, patiently and within caps.

One httpx.AsyncClient per origin (a small connection pool each: httpcore's pool scans all its
connections per request, so one big client degrades under load), redirects followed by hand
(loop detection, robots.txt on every hop), retries through tenacity, size cap on the decoded
stream. ``fetch()`` never raises for a failed page: the result carries the error.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from collections.abc import Callable
from urllib.parse import urljoin

import httpx
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt

from ..errors import (
    ConnectError, FetchError, HTTPStatusError, InvalidURL, NotHTML, RobotsDisallowed,
    ScrapekitError, Timeout, TooLarge, TooManyRedirects,
)
from ..record import FetchInfo
from ..settings import Settings
from .politeness import Politeness
from .retry import BackoffWait, is_retryable, parse_retry_after
from .robots import MAX_ROBOTS_BYTES, RobotsCache
from .urls import check_url, origin_of, redact

log = logging.getLogger("scrapekit.fetch")

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
SNIFF_TYPES = frozenset({"", "text/plain", "application/octet-stream", "application/xml",
                         "text/xml", "binary/octet-stream", "application/x-unknown"})
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<p>",
                b"<div", b"<article", b"<!--")
SNIFF_BYTES = 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_CLIENTS = 256
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


@dataclass
class FetchResult:
    """What one URL's fetch produced: a body, or an error; attempts and timings either way."""

    url: str
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    body: bytes | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    attempts: int = 0
    elapsed_ms: int = 0
    fetched_at: str | None = None
    error: ScrapekitError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.body is not None

    def info(self, encoding: str | None = None) -> FetchInfo:
        return FetchInfo(final_url=self.final_url, status=self.status,
                         content_type=self.content_type, encoding=encoding,
                         fetched_at=self.fetched_at, attempts=self.attempts,
                         elapsed_ms=self.elapsed_ms)


def looks_like_html(head: bytes) -> bool:
    sample = head[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return any(marker in sample for marker in HTML_MARKERS)


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class Fetcher:
    """Use as ``async with Fetcher(settings) as f: result = await f.fetch(url)``."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.politeness = Politeness(self.settings.per_host, self.settings.delay)
        self._robots = RobotsCache(self._load_robots)
        self._clients: OrderedDict[str, httpx.AsyncClient] = OrderedDict()
        self._in_use: dict[str, int] = {}
        self._global: asyncio.Semaphore | None = None

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), OrderedDict()
        for client in clients:
            await client.aclose()

    # -- clients ---------------------------------------------------------------------------
    def _new_client(self) -> httpx.AsyncClient:
        s = self.settings
        headers = {"User-Agent": s.user_agent, "Accept": ACCEPT}
        headers.update(dict(s.headers))
        return httpx.AsyncClient(
            headers=headers,
            cookies=dict(s.cookies),
            proxy=s.proxy,
            http2=s.http2,
            follow_redirects=False,
            timeout=httpx.Timeout(connect=s.connect_timeout, read=s.read_timeout,
                                  write=s.read_timeout, pool=None),
            limits=httpx.Limits(max_connections=s.per_host + 1,
                                max_keepalive_connections=s.per_host),
        )

    async def _acquire_client(self, origin: str) -> httpx.AsyncClient:
        client = self._clients.get(origin)
        if client is None:
            client = self._clients[origin] = self._new_client()
            await self._evict_idle()
        self._clients.move_to_end(origin)
        self._in_use[origin] = self._in_use.get(origin, 0) + 1
        return client

    def _release_client(self, origin: str) -> None:
        count = self._in_use.get(origin, 1) - 1
        if count <= 0:
            self._in_use.pop(origin, None)
        else:
            self._in_use[origin] = count

    async def _evict_idle(self) -> None:
        if len(self._clients) <= MAX_CLIENTS:
            return
        for origin in list(self._clients):
            if len(self._clients) <= MAX_CLIENTS:
                break
            if origin not in self._in_use:
                await self._clients.pop(origin).aclose()

    # -- robots.txt ---------------------------------------------------------------------------
    async def _load_robots(self, origin: str) -> tuple[int | None, bytes]:
        client = await self._acquire_client(origin)
        try:
            async def get() -> tuple[int | None, bytes]:
                async with client.stream("GET", origin + "/robots.txt",
                                         follow_redirects=True) as resp:
                    body = b""
                    async for chunk in resp.aiter_bytes():
                        body += chunk
                        if len(body) > MAX_ROBOTS_BYTES:
                            break
                    return resp.status_code, body
            return await asyncio.wait_for(get(), self.settings.timeout)
        except (httpx.HTTPError, asyncio.TimeoutError, OSError) as exc:
            log.debug("robots.txt of %s: %r", origin, exc)
            return None, b""
        finally:
            self._release_client(origin)

    async def _check_robots(self, url: str) -> None:
        rules = await self._robots.rules(origin_of(url))
        if not rules.allowed(url, self.settings.user_agent):
            raise RobotsDisallowed(f"robots.txt disallows {redact(url)}")
        delay = rules.crawl_delay(self.settings.user_agent)
        if delay:
            gate = self.politeness.gate(origin_of(url))
            gate.delay = max(gate.delay, delay)

    # -- one URL ----------------------------------------------------------------------------------
    async def fetch(self, url: str) -> FetchResult:
        """Fetch one page. Never raises for a failed page: see ``FetchResult.error``."""
        s = self.settings
        result = FetchResult(url=url, fetched_at=_utc_now())
        started = time.monotonic()
        if self._global is None:
            self._global = asyncio.Semaphore(s.concurrency)
        try:
            target = check_url(url)
            retrying = AsyncRetrying(
                stop=stop_after_attempt(s.retries + 1),
                wait=BackoffWait(s),
                retry=retry_if_exception(lambda e: is_retryable(e, s)),
                reraise=True,
            )
            async for attempt in retrying:
                with attempt:
                    result.attempts = attempt.retry_state.attempt_number
                    async with self._global:
                        await self._follow(target, result)
        except ScrapekitError as exc:
            result.error = exc
        except Exception as exc:  # noqa: BLE001 - a bug in a dependency must not lose the URL
            log.warning("unexpected fetch failure for %s: %r", redact(url), exc)
            result.error = FetchError(f"unexpected error: {exc.__class__.__name__}: {exc}")
        result.elapsed_ms = round((time.monotonic() - started) * 1000)
        if result.error is not None:
            result.body = None
        return result

    async def _follow(self, url: str, result: FetchResult) -> None:
        """One attempt: the request and its redirect chain, filling ``result``."""
        seen = {url}
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            if self.settings.robots:
                await self._check_robots(current)
            location = await self._exchange(current, result)
            if location is None:
                return
            nxt = urljoin(current, location)
            try:
                nxt = check_url(nxt)
            except InvalidURL as exc:
                raise InvalidURL(f"redirect to an unusable URL: {exc.message}",
                                 status=result.status) from None
            if nxt in seen:
                raise TooManyRedirects(f"redirect loop back to {redact(nxt)}", status=result.status)
            seen.add(nxt)
            current = nxt
        raise TooManyRedirects(f"more than {self.settings.max_redirects} redirects",
                               status=result.status)

    async def _exchange(self, url: str, result: FetchResult) -> str | None:
        """One HTTP request under the host's gate. Returns the redirect location, if any."""
        origin = origin_of(url)
        gate = self.politeness.gate(origin)
        async with gate.slot():
            client = await self._acquire_client(origin)
            try:
                return await asyncio.wait_for(self._request(client, url, result, gate.pause),
                                              self.settings.timeout)
            except asyncio.TimeoutError:
                raise Timeout(f"no complete response within {self.settings.timeout:g}s") from None
            except httpx.TimeoutException as exc:
                raise Timeout(f"{exc.__class__.__name__}: {exc or 'timed out'}") from None
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                raise InvalidURL(str(exc)) from None
            except (httpx.DecodingError) as exc:
                raise ConnectError(f"broken content encoding: {exc}") from None
            except (httpx.TransportError, OSError) as exc:
                raise ConnectError(f"{exc.__class__.__name__}: {exc}".rstrip(": ")) from None
            finally:
                self._release_client(origin)

    async def _request(self, client: httpx.AsyncClient, url: str, result: FetchResult,
                       pause_host: Callable[[float], None]) -> str | None:
        s = self.settings
        async with client.stream("GET", url) as resp:
            status = resp.status_code
            result.final_url = str(resp.url)
            result.status = status
            result.content_type = resp.headers.get("content-type")
            result.headers = list(resp.headers.multi_items())
            location = resp.headers.get("location")
            if status in REDIRECT_STATUSES and location:
                return location
            if status >= 300:
                retry_after = parse_retry_after(resp.headers.get("retry-after"))
                if retry_after and status in (429, 503):
                    pause_host(min(retry_after, s.retry_after_max))
                raise HTTPStatusError(f"HTTP {status} {resp.reason_phrase}".strip(),
                                      status=status, retry_after=retry_after)
            media = _media_type(result.content_type)
            if media not in HTML_TYPES and media not in SNIFF_TYPES:
                raise NotHTML(f"content type {media!r} is not HTML", status=status)
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > s.max_bytes:
                raise TooLarge(f"Content-Length {declared} exceeds the {s.max_bytes}-byte cap",
                               status=status)
            chunks: list[bytes] = []
            size = 0
            sniffed = media in HTML_TYPES
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > s.max_bytes:
                    raise TooLarge(f"body exceeds the {s.max_bytes}-byte cap", status=status)
                chunks.append(chunk)
                if not sniffed and size >= SNIFF_BYTES:
                    self._sniff(b"".join(chunks), media, status)
                    sniffed = True
            body = b"".join(chunks)
            if not sniffed:
                self._sniff(body, media, status)
            result.body = body
            return None

    @staticmethod
    def _sniff(head: bytes, media: str, status: int) -> None:
        if not looks_like_html(head):
            raise NotHTML(f"content type {media or 'missing'!r} and the body does not look "
                          "like HTML", status=status)


async def fetch_one(url: str, settings: Settings | None = None) -> FetchResult:
    async with Fetcher(settings) as fetcher:
        return await fetcher.fetch(url)


__all__ = ["FetchResult", "Fetcher", "fetch_one", "looks_like_html"]
