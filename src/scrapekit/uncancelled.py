"""Run an awaitable to its end even if the caller is cancelled meanwhile.

Used where stopping half-way would leave something behind (a worker process, an input
thread): the cancel is held until the awaitable is done, then raised again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


async def run_to_end(awaitable: Awaitable[T]) -> T:
    """Await ``awaitable`` to its end; a cancellation meanwhile is raised again after it (its
    result is then lost, its exception too)."""
    task = asyncio.ensure_future(awaitable)
    cancelled = False
    while not task.done():
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        raise asyncio.CancelledError
    return task.result()
