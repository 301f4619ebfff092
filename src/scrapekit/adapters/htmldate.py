"""htmldate behind one door: the date fallback's call, and the one internal it swaps.

htmldate's text search ends with dateparser (``htmldate.extractors._external_date``): its first
call compiles the rules of all ~200 locales (~8 s and ~40 MB per process), and what it returns
for the strings htmldate's own patterns could not read is mostly a wrong January 1st ("3.
maaliskuuta 2023" -> 2023-01-01). The swap is made only on the htmldate versions it was tested
with (``TESTED``); on any other version htmldate runs as published (slower; its January 1sts
are still caught by the caller's printed-date check).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

TESTED = ((1, 9), (1, 12))
"""htmldate versions [low, high) whose internals this module was written against."""

_LOCK = threading.Lock()


def version() -> tuple[int, ...] | None:
    """The installed htmldate's version as numbers, None when it is not installed."""
    try:
        from htmldate import __version__
    except ImportError:
        return None
    parts = []
    for piece in str(__version__).split(".")[:3]:
        digits = "".join(c for c in piece if c.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def internals_supported() -> bool:
    """May this module reach htmldate's internals (a tested version)? Checked once."""
    known = _SUPPORTED.get(TESTED)
    if known is None:
        found = version()
        known = _SUPPORTED[TESTED] = found is not None and TESTED[0] <= found[:2] < TESTED[1]
    return known


_SUPPORTED: dict[tuple[tuple[int, int], tuple[int, int]], bool] = {}


@contextmanager
def _without_dateparser() -> Iterator[None]:
    """htmldate's text search without dateparser, for the call only, under a lock, so threads
    calling htmldate through scrapekit never see each other's swap."""
    if not internals_supported():
        yield
        return
    from htmldate import extractors

    original = getattr(extractors, "_external_date", None)
    with _LOCK:
        if original is None:
            yield
            return
        extractors._external_date = lambda string: None
        try:
            yield
        finally:
            extractors._external_date = original


def find_date(html: str, url: str | None) -> str | None:
    """htmldate's ``original_date`` guess (YYYY-MM-DD) for a page, or None. A page that does
    not start with a tag goes in as UTF-8 bytes: given a string that looks like a URL,
    find_date would download it instead, and extraction does no I/O (a page starting with "<"
    goes in as it is: htmldate would decode the bytes back to the same string, ~0.2 ms a
    page). Any failure of htmldate is "no date"."""
    try:
        from htmldate import find_date as _find_date

        page: str | bytes = html if html.lstrip()[:1] == "<" else html.encode("utf-8", "replace")
        with _without_dateparser():
            found = _find_date(page, url=url, original_date=True,
                               extensive_search=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - htmldate is a best-effort fallback
        return None
    return found or None


def warm() -> None:
    """Build htmldate's month-name table now (each worker does it once, at start)."""
    if internals_supported():
        from htmldate.extractors import month_words

        month_words()
