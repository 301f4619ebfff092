"""Extraction jobs that misbehave on purpose (imported by pool worker processes)."""

import os
import time

from scrapekit.workers import extract_job


def misbehaving_job(body, record_url, base_url, content_type, fetch):
    if body == b"crash":
        os._exit(3)  # a segfault-like death of the worker process
    if body == b"hang":
        time.sleep(60)
    return extract_job(body, record_url, base_url, content_type, fetch)


def slow_job(body, record_url, base_url, content_type, fetch):
    time.sleep(1.0)
    return extract_job(body, record_url, base_url, content_type, fetch)
