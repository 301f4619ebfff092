"""Session 19's fixes, each with a test that fails without it."""

from __future__ import annotations

import pytest


def test_with_dask_a_non_string_input_says_what_it_was(tmp_path):
    """A None or a number among the inputs of a Dask run got the record of the string "None"
    ("URL has no scheme"); a run in one process says "input is NoneType, not a URL"."""
    pytest.importorskip("distributed")
    from scrapekit import Settings
    from scrapekit.distributed import merge_parts, run_sharded

    out = tmp_path / "parts"
    manifest = run_sharded([None, 5, "not a url"], "local", out,
                           Settings(workers=1, robots=False, retries=0), local_workers=1)
    assert manifest["records"] == 3
    records = {r["url"]: r["error"] for r in merge_parts(out)}
    assert set(records) == {"None", "5", "not a url"}
    assert records["None"]["kind"] == records["5"]["kind"] == "invalid_url"
    assert records["None"]["message"] == "input is NoneType, not a URL"
    assert records["5"]["message"] == "input is int, not a URL"
    assert "NoneType" not in records["not a url"]["message"]
