"""The optional on-disk HTTP cache (``Settings.cache``): hishel's SQLite storage.

Successful GET responses are stored as received (still Content-Encoded, decoded by the fetcher
with its size cap as usual) and served from the file on later runs, so a re-run does not
re-fetch. Error answers (4xx/5xx) and partial bodies (a read cut by the size cap or a timeout)
are never stored. One storage (one SQLite connection) is shared by every per-origin client and
closed by the Fetcher, not by the clients.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx


def open_storage(path: Path, ttl: float | None) -> Any:
    from hishel import AsyncSqliteStorage

    path.parent.mkdir(parents=True, exist_ok=True)
    return AsyncSqliteStorage(database_path=path, default_ttl=ttl)


def cache_transport(inner: httpx.AsyncBaseTransport, storage: Any) -> httpx.AsyncBaseTransport:
    from hishel.httpx import AsyncCacheTransport

    class _SharedStorageTransport(AsyncCacheTransport):
        async def aclose(self) -> None:  # the storage outlives this client
            await self.next_transport.aclose()

    return _SharedStorageTransport(next_transport=inner, storage=storage)


__all__ = ["cache_transport", "open_storage"]
