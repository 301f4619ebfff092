"""Extraction jobs that misbehave on purpose (imported by pool worker processes)."""

import os
import time

from scrapekit.worker import extract_job


def misbehaving_job(body, record_url, base_url, content_type, fetch, budget=None):
    if body == b"crash":
        os._exit(3)  # a segfault-like death of the worker process
    if body == b"hang":
        time.sleep(60)  # ignores the budget on purpose: the pool must kill it
    return extract_job(body, record_url, base_url, content_type, fetch, budget)


def slow_job(body, record_url, base_url, content_type, fetch, budget=None):
    time.sleep(1.0)
    return extract_job(body, record_url, base_url, content_type, fetch, budget)


def pid_job(body, record_url, base_url, content_type, fetch, budget=None):
    """The record says which process extracted it (in ``description``). Each extraction takes
    at least 50 ms, so pages fetched by one worker pile up however fast the machine is."""
    time.sleep(0.05)
    record = extract_job(body, record_url, base_url, content_type, fetch, budget)
    record["description"] = str(os.getpid())
    return record
