"""Settings: the one object holding every knob of a run, with its default.

The CLI builds exactly this object from its flags (flag ``--per-host`` -> field ``per_host``),
so anything the command line can do, the library can do too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

DEFAULT_USER_AGENT = "scrapekit/0.1 (+https://github.com/scrapekit/scrapekit)"


def _default_workers() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    """Every tunable of fetching, extraction and the batch pipeline.

    Frozen: derive variants with :meth:`replace` (``settings.replace(retries=0)``).
    """

    # -- concurrency and politeness ------------------------------------------------------
    concurrency: int = 64
    """Requests in flight at once, over all hosts."""
    per_host: int = 2
    """Requests in flight at once to one host."""
    delay: float = 0.0
    """Minimum seconds between the starts of two requests to the same host."""
    robots: bool = True
    """Obey robots.txt (``--no-robots`` turns it off)."""

    # -- one request ----------------------------------------------------------------------
    timeout: float = 30.0
    """Total seconds for one attempt (connect + headers + whole body)."""
    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    """Seconds of silence allowed between two chunks of a response."""
    retries: int = 3
    """Retries after the first attempt on connect errors, timeouts, 429 and 5xx."""
    backoff: float = 0.5
    """Base of the exponential backoff (seconds); waits are full-jittered."""
    backoff_max: float = 30.0
    retry_after_max: float = 120.0
    """Longest ``Retry-After`` honoured; a server asking for more gets no retry."""
    max_bytes: int = 10 * 1024 * 1024
    """Cap on the decoded body size; larger pages give a ``too_large`` record."""
    max_redirects: int = 10
    user_agent: str = DEFAULT_USER_AGENT
    headers: tuple[tuple[str, str], ...] = ()
    cookies: tuple[tuple[str, str], ...] = ()
    proxy: str | None = None
    http2: bool = False

    # -- extraction -------------------------------------------------------------------------
    extract: bool = True
    """False (``--no-extract``) fetches only: records carry the fetch block, no article."""
    workers: int = field(default_factory=_default_workers)
    """Extraction processes; 1 extracts inline in the fetching process."""
    extract_timeout: float = 20.0
    """Seconds one page may take to extract before it becomes an ``extract`` error record."""

    # -- batch ----------------------------------------------------------------------------------
    limit: int | None = None
    """Stop after this many inputs."""

    def replace(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def __post_init__(self) -> None:
        positive = ("concurrency", "per_host", "workers", "max_bytes")
        for name in positive:
            if getattr(self, name) < 1:
                raise ValueError(f"Settings.{name} must be >= 1, got {getattr(self, name)!r}")
        for name in ("delay", "timeout", "connect_timeout", "read_timeout", "backoff",
                     "backoff_max", "retry_after_max", "extract_timeout"):
            if getattr(self, name) < 0:
                raise ValueError(f"Settings.{name} must be >= 0, got {getattr(self, name)!r}")
        if self.retries < 0 or self.max_redirects < 0:
            raise ValueError("Settings.retries and Settings.max_redirects must be >= 0")
        if self.limit is not None and self.limit < 0:
            raise ValueError("Settings.limit must be >= 0")

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]
