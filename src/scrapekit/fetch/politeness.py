"""Politeness: per-host concurrency, a minimum delay between request starts to one host, and
host-wide pauses when a server says Retry-After."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class HostGate:
    """Admission control for one host."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self._slots = asyncio.Semaphore(concurrency)
        self._lock = asyncio.Lock()
        self.delay = delay
        self._next_start = 0.0

    def pause(self, seconds: float) -> None:
        """No request to this host starts for `seconds` (Retry-After slows the whole host)."""
        self._next_start = max(self._next_start, time.monotonic() + seconds)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._slots:
            async with self._lock:  # starts are serialised so the delay holds between them
                wait = self._next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._next_start = time.monotonic() + self.delay
            yield


class Politeness:
    """One gate per host, created on first use."""

    def __init__(self, per_host: int, delay: float) -> None:
        self.per_host = per_host
        self.delay = delay
        self._gates: dict[str, HostGate] = {}

    def gate(self, host: str) -> HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = HostGate(self.per_host, self.delay)
        return gate
