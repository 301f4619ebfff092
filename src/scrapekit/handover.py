"""Records handed from the event-loop thread to a synchronous consumer (``scrape_many`` and the
other sync twins), in batches, with at most :data:`READ_AHEAD` records waiting."""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

READ_AHEAD = 256
"""Records produced and not yet taken by a synchronous consumer, at most: a consumer that
pauses holds the run back after this many (plus the pages in flight then, at most
``Settings.concurrency``)."""


class Handover:
    """A bounded hand-over, counted in records (a batch fills as many places as it holds
    records; one that does not fit goes over in pieces). The end marker and an exception go
    over whatever the room."""

    def __init__(self, limit: int = READ_AHEAD) -> None:
        self.limit = limit
        self._items: deque[Any] = deque()
        self._records = 0  # handed over, not yet taken
        self._cond = threading.Condition()
        self.stopped = False

    def _add(self, batch: list[Any]) -> list[Any]:
        """Under the lock: hand over what fits of ``batch``; the rest."""
        room = self.limit - self._records
        if room <= 0:
            return batch
        head, rest = (batch, []) if len(batch) <= room else (batch[:room], batch[room:])
        self._items.append(head)
        self._records += len(head)
        self._cond.notify_all()
        return rest

    def offer(self, batch: list[Any]) -> list[Any]:
        """Hand over what fits now, without waiting; returns the rest (empty: all of it)."""
        with self._cond:
            return self._add(batch)

    def put(self, batch: list[Any]) -> bool:
        """Hand over all of ``batch``, waiting for room; False when the consumer stopped."""
        with self._cond:
            while batch:
                if self.stopped:
                    return False
                batch = self._add(batch)
                if batch:
                    self._cond.wait(0.1)
            return True

    def finish(self, item: object) -> None:
        """The end marker or an exception, handed over at once."""
        with self._cond:
            self._items.append(item)
            self._cond.notify_all()

    def get(self) -> Any:
        """The next batch (a list of records), the end marker or an exception; waits."""
        with self._cond:
            while not self._items:
                self._cond.wait()
            return self._items.popleft()

    def taken(self) -> None:
        """One record went to the consumer: its place is free."""
        with self._cond:
            self._records -= 1
            self._cond.notify_all()

    def stop(self) -> None:
        """The consumer is gone: a producer waiting for room gives up."""
        with self._cond:
            self.stopped = True
            self._cond.notify_all()


__all__ = ["READ_AHEAD", "Handover"]
