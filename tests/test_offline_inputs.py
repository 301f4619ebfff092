"""One path given as a string to the WARC / path readers is refused (TypeError), not read as
one path per character (the pipeline's rule, review session 10)."""

from __future__ import annotations

import asyncio

import pytest

from scrapekit.offline import aextract_paths, aextract_warc, extract_paths, extract_warc


@pytest.mark.parametrize("call", [extract_warc, extract_paths])
def test_sync_readers_refuse_one_string(call) -> None:
    with pytest.raises(TypeError, match="single str"):
        call("archive.warc.gz")


@pytest.mark.parametrize("call", [aextract_warc, aextract_paths])
def test_async_readers_refuse_one_string(call) -> None:
    async def first() -> None:
        async for _ in call(b"archive.warc.gz"):
            pass

    with pytest.raises(TypeError, match="single bytes"):
        asyncio.run(first())
