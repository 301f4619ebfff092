"""httpcore: the internals scrapekit reaches, all here, behind one version check.

Used through public API elsewhere: ``AsyncHTTP11Connection(origin=, stream=, keepalive_expiry=)``,
``AsyncConnectionPool(network_backend=...)``, the network-backend interfaces and exceptions.
Reached here because no public API gives them:

* ``AsyncHTTP11Connection._state_lock``: replaced by a plain asyncio lock (anyio's yields to the
  loop on every acquire, ~6% of fetch CPU; our connections serve one request at a time);
* ``AsyncHTTP11Connection._h11_state``: to see bytes a server sent past the end of a response
  (a Content-Length shorter than the body). h11 keeps them for the next response on the
  connection; we close the connection instead, so they can never become another URL's page.
* the header-size cap (``MAX_INCOMPLETE_EVENT_SIZE``, 100 KB) and how h11 reports going over
  it (``error_status_hint`` 431), so an oversized header block is ``too_large``, not retried.

:func:`check` runs once, on the first connection: a version outside the tested range, or one
whose internals moved, fails loudly there (and in tests/test_adapters.py) instead of silently
serving a wrong page.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

import httpcore

TESTED = ((1, 0), (1, 1))
"""httpcore versions this module was tested with: >= 1.0 and < 1.1 (pyproject pins the same)."""


MAX_HEADER_BYTES = 100 * 1024
"""httpcore's cap on a response's header block (``MAX_INCOMPLETE_EVENT_SIZE``, h11's buffer)."""


class IncompatibleVersion(RuntimeError):
    """The installed httpcore is not one this adapter knows the internals of. A broken install,
    not an input's error: deliberately no ScrapekitError (the fetcher records those as the page's
    error kind); it surfaces as an "unexpected error" record with a warning for every page."""


def _version_tuple(version: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in version.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def check_version(version: str | None = None) -> None:
    """Raise IncompatibleVersion unless httpcore ``version`` (the installed one by default) is
    in the tested range."""
    # cast: with getattr's Any, mypy keeps the None that ``or`` removes
    found = version or cast(str, getattr(httpcore, "__version__", "0"))
    low, high = TESTED
    if not low <= _version_tuple(found)[:2] < high:
        raise IncompatibleVersion(
            f"scrapekit reaches httpcore internals tested with httpcore "
            f">={'.'.join(map(str, low))},<{'.'.join(map(str, high))}; found {found}. "
            "Install a tested version (pip install 'httpcore>=1.0,<1.1').")


_checked = False


def check(conn: Any | None = None) -> None:
    """The version check, plus (given a connection) that the internals are where we expect."""
    global _checked
    check_version()
    cap = getattr(httpcore.AsyncHTTP11Connection, "MAX_INCOMPLETE_EVENT_SIZE", None)
    if cap != MAX_HEADER_BYTES:
        raise IncompatibleVersion(f"httpcore {httpcore.__version__}: the header-size cap is no "
                                  f"longer {MAX_HEADER_BYTES} bytes; scrapekit's adapter needs "
                                  "updating")
    if conn is not None:
        state = getattr(conn, "_h11_state", None)
        if not hasattr(state, "trailing_data") or not hasattr(conn, "_state_lock"):
            raise IncompatibleVersion(
                f"httpcore {httpcore.__version__}: AsyncHTTP11Connection has no _h11_state "
                "with trailing_data or no _state_lock; scrapekit's adapter needs updating")
        _checked = True  # checked on a real connection: not again


def http11_connection(origin: httpcore.Origin, stream: httpcore.AsyncNetworkStream,
                      keepalive_expiry: float | None) -> httpcore.AsyncHTTP11Connection:
    """An HTTP/1.1 connection over ``stream`` (public constructor), with a plain asyncio lock
    in place of anyio's."""
    conn = httpcore.AsyncHTTP11Connection(origin=origin, stream=stream,
                                          keepalive_expiry=keepalive_expiry)
    if not _checked:
        check(conn)
    conn._state_lock = asyncio.Lock()  # type: ignore[assignment]
    return conn


def unread_bytes(conn: httpcore.AsyncHTTP11Connection) -> int:
    """Bytes the server sent that no response has consumed: more than the framing declared
    (say ``Content-Length: 5`` and a longer body). Non-zero means the connection must close."""
    data, _closed = conn._h11_state.trailing_data
    return len(data)


def headers_too_large(exc: BaseException) -> bool:
    """True when ``exc`` comes from a header block over MAX_HEADER_BYTES: h11 raises its
    RemoteProtocolError with ``error_status_hint`` 431, which httpcore and httpx wrap."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if getattr(cur, "error_status_hint", None) == 431:
            return True
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return False


__all__ = ["IncompatibleVersion", "MAX_HEADER_BYTES", "headers_too_large", "TESTED", "check", "check_version", "http11_connection",
           "unread_bytes"]
