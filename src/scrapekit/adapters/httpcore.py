"""httpcore: the internals scrapekit reaches, all here, behind one version check.

Used through public API elsewhere: ``AsyncHTTP11Connection(origin=, stream=, keepalive_expiry=)``,
``AsyncConnectionPool(network_backend=...)``, the network-backend interfaces and exceptions.
Reached here because no public API gives them:

* ``AsyncHTTP11Connection._state_lock``: replaced by a plain asyncio lock (anyio's yields to the
  loop on every acquire, ~6% of fetch CPU; our connections serve one request at a time);
* ``AsyncHTTP11Connection._h11_state``: to see bytes a server sent past the end of a response
  (a Content-Length shorter than the body). h11 keeps them for the next response on the
  connection; we close the connection instead, so they can never become another URL's page.

:func:`check` runs once, on the first connection: a version outside the tested range, or one
whose internals moved, fails loudly there (and in tests/test_adapters.py) instead of silently
serving a wrong page.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpcore

TESTED = ((1, 0), (1, 1))
"""httpcore versions this module was tested with: >= 1.0 and < 1.1 (pyproject pins the same)."""


class IncompatibleVersion(RuntimeError):
    """The installed httpcore is not one this adapter knows the internals of."""


def _version_tuple(version: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in version.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def check_version(version: str | None = None) -> None:
    """Raise IncompatibleVersion unless httpcore ``version`` (the installed one by default) is
    in the tested range."""
    found = version or getattr(httpcore, "__version__", "0")
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
    if conn is None and _checked:
        return
    check_version()
    if conn is not None:
        state = getattr(conn, "_h11_state", None)
        if not hasattr(state, "trailing_data") or not hasattr(conn, "_state_lock"):
            raise IncompatibleVersion(
                f"httpcore {httpcore.__version__}: AsyncHTTP11Connection has no _h11_state "
                "with trailing_data or no _state_lock; scrapekit's adapter needs updating")
    _checked = True


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


__all__ = ["IncompatibleVersion", "TESTED", "check", "check_version", "http11_connection",
           "unread_bytes"]
