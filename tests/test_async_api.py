"""The async API is a good guest in the caller's event loop: it never blocks it (worker start
and warm-up happen in other processes), and breaking out of ``async for`` stops the run: no
task and no worker process is left behind."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

import scrapekit
from scrapekit import Settings

FAST = Settings(retries=0, delay=0, per_host=4, robots=False, workers=2)


def _children() -> set[int]:
    import os

    me = os.getpid()
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me and fields[0] != "Z":
                out.add(int(entry.name))
    return out


def test_the_first_call_never_blocks_the_event_loop(server, token):
    async def go() -> tuple[float, int]:
        gaps: list[float] = []
        done = asyncio.Event()

        async def ticker() -> None:
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.01)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        tick = asyncio.ensure_future(ticker())
        await asyncio.sleep(0.05)
        count = 0
        async for art in scrapekit.ascrape_many(
                [f"{server.base}/article/{token}-{i}" for i in range(4)], FAST):
            assert art.ok, art.error
            count += 1
        done.set()
        await tick
        return max(gaps), count

    worst, count = asyncio.run(go())
    assert count == 4
    assert worst < 0.25, f"the loop was blocked for {worst * 1000:.0f} ms"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts processes in /proc")
def test_breaking_out_of_async_for_leaves_nothing_running(server, token):
    async def go() -> tuple[set[asyncio.Task], set[int]]:
        urls = [f"{server.base}/article/{token}-{i}" for i in range(2)]
        urls += [f"{server.base}/slow/30/{token}-{i}" for i in range(4)]
        async for art in scrapekit.ascrape_many(urls, FAST.replace(per_host=8)):
            assert art.ok
            break
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            await asyncio.sleep(0.1)
            left = asyncio.all_tasks() - {asyncio.current_task()}
            if not left and not _children():
                break
        return asyncio.all_tasks() - {asyncio.current_task()}, _children()

    tasks, children = asyncio.run(go())
    assert not tasks and not children, (tasks, children)
