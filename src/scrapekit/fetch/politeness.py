"""Politeness: per-host concurrency, a minimum delay between request starts to one host, and
host-wide pauses when a server says Retry-After. A host is its lower-case hostname
(:func:`host_key`): http and https of one host, and any port, share one gate, as they share
one worker process in a run (:mod:`scrapekit.workers`) and one Dask shard.

In a run the pipeline owns admission (what starts: the global and per-host counts); the
workers' gates then only keep time (``per_host=None``: no count of their own)."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit


@lru_cache(maxsize=4096)
def host_key(url: str) -> str:
    """The key of per-host limits: the lower-case hostname of a URL or origin (a key that is
    not a URL is used as it is)."""
    if "://" not in url:
        return url.lower()
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


@dataclass
class Ticket:
    """One admitted start; :meth:`HostGate.refund` takes it back (a cache hit sent nothing)."""

    previous_next_start: float
    next_start: float
    release: Callable[[], None] = lambda: None
    """Lets the next start in (once): called when this request's headers are out."""


class HostGate:
    """Admission control for one host."""

    def __init__(self, concurrency: int | None, delay: float) -> None:
        self._concurrency = concurrency
        self.new_locks()
        self.delay = delay
        self._next_start = 0.0
        self._paused_until = 0.0

    def new_locks(self) -> None:
        """Locks of the running event loop (asyncio's bind to the first loop that waits on
        them); the delay, the next start and a pause are kept."""
        n = self._concurrency
        self._slots: asyncio.Semaphore | None = asyncio.Semaphore(n) if n else None
        self._users = 0  # requests holding or waiting for a slot
        self._lock = asyncio.Lock()

    def idle(self, now: float) -> bool:
        """Nothing owed: no request in or waiting, no delay or pause still running."""
        return self._users == 0 and self._next_start <= now

    def pause(self, seconds: float) -> None:
        """No request to this host starts for `seconds` (Retry-After slows the whole host)."""
        until = time.monotonic() + seconds
        self._paused_until = max(self._paused_until, until)
        self._next_start = max(self._next_start, until)

    def raise_delay(self, delay: float) -> None:
        """A longer delay for this host from now on (robots.txt Crawl-delay), the request that
        already started included: the next start moves out by the difference."""
        if delay > self.delay:
            self._next_start += delay - self.delay
            self.delay = delay

    def sent(self) -> None:
        """The request's headers are going out now: the delay also holds from this moment
        (connecting, or building a client, may have taken a while since the start)."""
        self._next_start = max(self._next_start, time.monotonic() + self.delay)

    def extensions(self, ticket: Ticket) -> dict[str, Any]:
        """httpx request extensions for the request holding ``ticket``: with a delay, a trace
        hook that stamps the moment the headers go out and then lets the next start in.
        With no delay there is nothing to stamp (and a trace costs a dozen awaits)."""
        if self.delay <= 0:
            ticket.release()
            return {}

        async def trace(event: str, info: dict[str, Any]) -> None:
            # the write may yield to the loop: stamp again once it is done (the later wins)
            if event.endswith("send_request_headers.started"):
                self.sent()
            elif event.endswith("send_request_headers.complete"):
                self.sent()
                ticket.release()
        return {"trace": trace}

    def refund(self, ticket: Ticket) -> None:
        """Undo a start's delay when nothing reached the server (answered from the cache),
        unless another request has started since or a pause came in."""
        if self._next_start == ticket.next_start:
            self._next_start = max(ticket.previous_next_start, self._paused_until)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[Ticket]:
        """Admission for one request. With a delay, the next start waits until this request's
        headers are out (``ticket.release``, called by the trace hook) or it ends, and then
        ``delay`` more: a request still connecting when the delay ran out would otherwise
        reach the server right next to the one started after it."""
        self._users += 1
        try:
            if self._slots is not None:
                await self._slots.acquire()
            try:
                await self._lock.acquire()
                released = False

                def release() -> None:
                    nonlocal released
                    if not released:
                        released = True
                        self._lock.release()
                try:
                    while True:  # a pause may arrive while we sleep: wait again
                        wait = self._next_start - time.monotonic()
                        if wait <= 0:
                            break
                        await asyncio.sleep(wait)
                    previous = self._next_start
                    self._next_start = time.monotonic() + self.delay
                    yield Ticket(previous, self._next_start, release)
                finally:
                    release()
            finally:
                if self._slots is not None:
                    self._slots.release()
        finally:
            self._users -= 1


def drop_idle(table: OrderedDict[Any, Any], idle: Callable[[Any], bool]) -> list[Any]:
    """Remove the idle entries among the least recently used half of an LRU table (oldest
    first, ``move_to_end`` on use); returns the removed values. Per-host tables call it when
    they outgrow their limit, so a crawl over millions of hosts keeps only the live ones."""
    dropped = []
    for key in list(table)[: len(table) // 2]:
        if idle(table[key]):
            dropped.append(table.pop(key))
    return dropped


MAX_IDLE_GATES = 10_000
"""Gates kept beyond those in use; older idle ones are dropped (a crawl over millions of hosts
must not keep one per host). Only a gate with nothing owed is dropped: no request holding or
waiting for it, its delay and any Retry-After pause over; a host's Crawl-delay is set again
from its robots.txt on the next request."""


class Politeness:
    """One gate per host (:func:`host_key`), created on first use, dropped again once idle and
    long unused. ``per_host=None``: the gates count nothing (the caller admits)."""

    def __init__(self, per_host: int | None, delay: float) -> None:
        self.per_host = per_host
        self.delay = delay
        self._gates: OrderedDict[str, HostGate] = OrderedDict()
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """The gates' locks belong to one event loop: in another (a fetcher used again in a
        new ``asyncio.run``) each gate gets new ones, keeping its delay and pauses; fetchers
        sharing the gates bind them once."""
        if loop is not self._loop:
            for gate in self._gates.values():
                gate.new_locks()
            self._loop = loop

    def gate(self, origin: str) -> HostGate:
        host = host_key(origin)
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = HostGate(self.per_host, self.delay)
            if len(self._gates) > MAX_IDLE_GATES:
                now = time.monotonic()
                drop_idle(self._gates, lambda g: g.idle(now))
        else:
            self._gates.move_to_end(host)
        return gate

