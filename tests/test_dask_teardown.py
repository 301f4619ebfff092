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


def test_teardown_drops_the_warning_for_each_shard_it_cancels(caplog):
    from scrapekit.distributed import _quiet_teardown

    logger = logging.getLogger("distributed.worker.state_machine")
    with caplog.at_level(logging.INFO, logger="distributed.worker.state_machine"):
        with _quiet_teardown():
            logger.warning("Async instruction for <Task cancelled name=\"execute('scrapekit-"
                           "shard-1')\"> ended with CancelledError")
            logger.warning("a real problem")
        logger.warning("after: ended with CancelledError")
    messages = [r.getMessage() for r in caplog.records if r.name == logger.name]
    assert messages == ["a real problem", "after: ended with CancelledError"]
