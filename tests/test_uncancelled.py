"""scrapekit.uncancelled.run_to_end: the awaitable ends even when its caller is cancelled."""

import asyncio

import pytest

from scrapekit.uncancelled import run_to_end


def test_the_result_comes_back_when_nobody_cancels():
    async def work():
        await asyncio.sleep(0)
        return 7

    assert asyncio.run(run_to_end(work())) == 7


def test_a_cancel_waits_for_the_end_and_is_raised_after():
    finished = []

    async def work():
        await asyncio.sleep(0.05)
        finished.append(True)

    async def main():
        caller = asyncio.ensure_future(run_to_end(work()))
        await asyncio.sleep(0.01)
        caller.cancel()
        with pytest.raises(asyncio.CancelledError):
            await caller
        return list(finished)

    assert asyncio.run(main()) == [True]
