"""The optional on-disk HTTP cache (``Settings.cache``): hishel's SQLite storage.

Successful GET responses are stored as received (still Content-Encoded, decoded by the fetcher
with its size cap as usual) and served from the file on later runs, so a re-run does not
re-fetch. Error answers (4xx/5xx) and partial bodies (a read cut by the size cap or a timeout)
are never stored. One storage (one SQLite connection) is shared by every per-origin client and
closed by the Fetcher, not by the clients.

The cache is keyed on the URL alone, so it stays out of anything personal: a request that
carries a credential (``user:password@``, Authorization, a Cookie, from the settings or the
run's cookie jar, or any header :func:`~scrapekit.redact.is_secret_header` calls secret) is
neither served from the cache nor stored in it, and a response marked ``Cache-Control:
no-store`` or ``private`` is not stored. So no stored request holds a secret header.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from ..redact import is_secret_header

UNSTORED_DIRECTIVES = frozenset({"no-store", "private"})


def open_storage(path: Path, ttl: float | None) -> Any:
    from hishel import AsyncSqliteStorage

    path.parent.mkdir(parents=True, exist_ok=True)
    return AsyncSqliteStorage(database_path=path, default_ttl=ttl)


def carries_credentials(request: httpx.Request) -> bool:
    """Does the request carry a credential (then the cache is not used for it)?"""
    return bool(request.url.userinfo) or any(is_secret_header(k) for k in request.headers.keys())


def not_storable(response: httpx.Response) -> bool:
    """``Cache-Control: no-store`` or ``private`` (with or without field names)."""
    for value in response.headers.get_list("cache-control", split_commas=True):
        if value.split("=", 1)[0].strip().lower() in UNSTORED_DIRECTIVES:
            return True
    return False


class _Unstored(Exception):
    """Carries a response that must not be stored past the cache layer, to its caller."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__("not storable")
        self.response = response


class _RefuseUnstorable(httpx.AsyncBaseTransport):
    """Under the cache layer: a response it must not store never reaches it."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if not_storable(response):
            raise _Unstored(response)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


class _PrivateAwareCache(httpx.AsyncBaseTransport):
    """Requests with credentials go past the cache; the rest through it (see the module)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, cached: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.cached = cached

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if carries_credentials(request):
            return await self.inner.handle_async_request(request)
        try:
            return await self.cached.handle_async_request(request)
        except _Unstored as unstored:
            return unstored.response

    async def aclose(self) -> None:  # the storage outlives this client
        await self.inner.aclose()


def cache_transport(inner: httpx.AsyncBaseTransport, storage: Any) -> httpx.AsyncBaseTransport:
    from hishel.httpx import AsyncCacheTransport

    cached = AsyncCacheTransport(next_transport=_RefuseUnstorable(inner), storage=storage)
    return _PrivateAwareCache(inner, cached)


__all__ = ["cache_transport", "carries_credentials", "not_storable", "open_storage"]
