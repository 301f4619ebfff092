"""Closing run_sharded's own local cluster drops distributed's INFO notes of comms closing
(a "Batched Comm Closed" with its traceback reached a plain script's stderr on a loaded
machine, after the cluster restored the log level it had silenced); warnings still pass."""

from __future__ import annotations

import logging

import pytest

pytest.importorskip("distributed")


def test_teardown_drops_infos_of_dask_comms_and_keeps_warnings(caplog):
    from scrapekit.distributed import _quiet_teardown

    logger = logging.getLogger("distributed.batched")
    with caplog.at_level(logging.INFO, logger="distributed.batched"):
        with _quiet_teardown():
            logger.info("Batched Comm Closed", exc_info=(RuntimeError, RuntimeError("x"), None))
            logger.warning("a real problem")
        logger.info("after the teardown: passes again")
    messages = [r.getMessage() for r in caplog.records if r.name == "distributed.batched"]
    assert messages == ["a real problem", "after the teardown: passes again"]
