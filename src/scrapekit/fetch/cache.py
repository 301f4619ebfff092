"""The optional on-disk HTTP cache (``Settings.cache``): hishel's SQLite storage.

Successful GET responses are stored as received (still Content-Encoded, decoded by the fetcher
with its size cap as usual) and served from the file on later runs, so a re-run does not
re-fetch. Error answers (4xx/5xx) and partial bodies (a read cut by the size cap or a timeout)
are never stored. One storage (one SQLite connection) is shared by every per-origin client and
closed by the Fetcher, not by the clients.

The cache is keyed on the URL alone, so it stays out of anything personal: a request that
carries the user's credentials (``user:password@``, or the settings' Authorization, cookies or
secret headers: the fetcher marks it with ``headers.USER_CREDENTIALS``; any other secret
header but Cookie counts too) is neither served from the cache nor stored in it, and a
response marked ``Cache-Control: no-store`` or ``private`` is not stored. The Cookie header of
the run's own jar (cookies a site set) does not keep a request out of the cache, or the cache
would be useless after a site's first page; it is taken off the request above the cache layer
and put back below it, so it is not in the file. The response's Set-Cookie (the site's own
cookie) is stored with it: a page served from the file on a re-run gives the jar the cookies
the site set with it that the jar lacks; it neither replaces nor deletes one the site set in
this run, which is newer (:meth:`scrapekit.fetch.cookies.SiteJars.extract`).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import httpx

from ..errors import CacheUnusable
from ..errors import first_line as _first_line
from ..redact import is_secret_header
from .headers import USER_CREDENTIALS, recoded

UNSTORED_DIRECTIVES = frozenset({"no-store", "private"})


def check_cache_file(path: Path, setting: str) -> None:
    """:class:`CacheUnusable` when the cache file exists but is no SQLite database (damaged,
    or another file of that name), said once where the run starts: the storage would fail on
    every page, logging a traceback for each read and each store, and fetch every page again.
    Reads the header only (``PRAGMA schema_version``), not the whole file."""
    if not path.is_file():
        return
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        finally:
            connection.close()
    except sqlite3.OperationalError as exc:  # locked by another run past the timeout: usable
        if "locked" in str(exc) or "busy" in str(exc):
            return
        raise CacheUnusable(f"Settings.cache {setting!r}: {path.name} cannot be read "
                            f"({_first_line(exc)}): give another directory, or delete the file "
                            "if it is damaged (a new one is made)") from None
    except sqlite3.DatabaseError as exc:
        raise CacheUnusable(f"Settings.cache {setting!r}: {path.name} is not an SQLite database "
                            f"({_first_line(exc)}): delete it (a new one is made) or give "
                            "another directory") from None


class _OneLineOnce(logging.Filter):
    """On the storage's logger: each kind of failure it logs as a warning or error (its
    message and the exception's class) is said once per run (:func:`open_storage` resets it),
    on one line, without the traceback; its debug and info lines pass as they are. A cache that
    fails mid-run (the disk, a lock held by another run) logged two tracebacks per page."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[tuple[str, str]] = set()

    def reset(self) -> None:
        self._seen.clear()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        exc = record.exc_info[1] if record.exc_info else None
        key = (str(record.msg), type(exc).__name__)
        if key in self._seen:
            return False
        self._seen.add(key)
        if exc is not None:
            record.msg = f"{record.getMessage()}: {_first_line(exc)} (said once)"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


_STORAGE_FILTER = _OneLineOnce()


def open_storage(path: Path, ttl: float | None) -> Any:
    from hishel import AsyncSqliteStorage

    storage_log = logging.getLogger(AsyncSqliteStorage.__module__)
    if _STORAGE_FILTER not in storage_log.filters:
        storage_log.addFilter(_STORAGE_FILTER)
    _STORAGE_FILTER.reset()  # (a new run says its failures again)
    path.parent.mkdir(parents=True, exist_ok=True)
    return AsyncSqliteStorage(database_path=path, default_ttl=ttl)


JAR_COOKIE = "scrapekit.jar_cookie"
"""Request extension: the jar's Cookie header, carried past the cache layer."""
UPSTREAM = "scrapekit.upstream"
"""Request extension: a list the server's response is put in below the cache layer, so that
the layer above can close it when the cache fails or is cancelled before handing it back."""


def carries_credentials(request: httpx.Request) -> bool:
    """Does the request carry the user's credentials (then the cache is not used for it)? A
    Cookie header alone does not: unmarked, it is the jar's (cookies the site set)."""
    return (bool(request.url.userinfo) or bool(request.extensions.get(USER_CREDENTIALS))
            or any(is_secret_header(k) and k.lower() != "cookie"
                   for k in request.headers.keys()))


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
        cookie = request.extensions.get(JAR_COOKIE)
        if cookie is not None:  # the jar's cookies go to the server, not into the file
            request.headers.encoding = "utf-8"  # as the fetcher built it (a cookie in UTF-8)
            request.headers["Cookie"] = cookie
        try:
            response = await self.inner.handle_async_request(request)
        finally:
            request.headers.pop("cookie", None)
        upstream = request.extensions.get(UPSTREAM)
        if isinstance(upstream, list):
            upstream.append(response)
        # the cache reads (and stores) every line with one encoding: each is recoded first,
        # so that a UTF-8 cookie beside a Latin-1 line is kept as it came (as _Origin.get does)
        response.headers = recoded(response.headers)
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
        cookie = request.headers.get("cookie")
        if cookie is not None:
            del request.headers["cookie"]
            request.extensions[JAR_COOKIE] = cookie
        upstream: list[httpx.Response] = []
        request.extensions[UPSTREAM] = upstream
        try:
            response = await self.cached.handle_async_request(request)
        except _Unstored as unstored:
            return unstored.response
        except BaseException:
            # the server's answer came, then storing it failed or was cancelled (a page's
            # deadline, a stop): nobody will read it, and its connection must go back
            for answer in upstream:
                await answer.aclose()
            raise
        finally:
            request.extensions.pop(UPSTREAM, None)
            if cookie is not None:
                request.headers["Cookie"] = cookie
        return response

    async def aclose(self) -> None:  # the storage outlives this client
        await self.inner.aclose()


def cache_transport(inner: httpx.AsyncBaseTransport, storage: Any) -> httpx.AsyncBaseTransport:
    from hishel.httpx import AsyncCacheTransport

    cached = AsyncCacheTransport(next_transport=_RefuseUnstorable(inner), storage=storage)
    return _PrivateAwareCache(inner, cached)


__all__ = ["cache_transport", "carries_credentials", "check_cache_file", "not_storable",
           "open_storage"]
