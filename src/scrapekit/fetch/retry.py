"""Retry policy: which failures are worth another attempt, and how long to wait before it."""

from __future__ import annotations

import email.utils
import time

from tenacity import RetryCallState, stop_after_attempt, stop_before_delay, wait_random_exponential
from tenacity.stop import stop_base

from ..errors import ConnectError, HTTPStatusError, Timeout
from ..settings import Settings
from .backend import HostNotFound
from .robots import RobotsUnavailable

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER_CHARS = 64  # an HTTP date is 29; more is not a Retry-After we honour


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: ASCII delta-seconds or an HTTP-date (RFC 9110
    section 10.2.3); anything else (a Unicode digit, garbage) is no Retry-After at all."""
    if not value:
        return None
    value = value.strip()
    if len(value) > MAX_RETRY_AFTER_CHARS or not value.isascii():  # "²" is a digit to Python
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def is_retryable(exc: BaseException, settings: Settings) -> bool:
    """Connect errors (resets and truncated bodies included), timeouts, an unreachable
    robots.txt, and 408/425/429/5xx answers whose Retry-After (if any) is within the cap."""
    if isinstance(exc, HostNotFound):  # DNS says the name does not exist: permanent
        return False
    if isinstance(exc, (ConnectError, Timeout)):
        return True
    if isinstance(exc, RobotsUnavailable):
        return True
    if isinstance(exc, HTTPStatusError) and exc.status in RETRY_STATUSES:
        return exc.retry_after is None or exc.retry_after <= settings.retry_after_max
    return False


def stop_policy(settings: Settings) -> stop_base:
    """Stop after ``retries`` retries, or when the next wait would end past ``retry_budget``
    seconds since the URL's first attempt started."""
    stop: stop_base = stop_after_attempt(settings.retries + 1)
    if settings.retry_budget > 0:
        stop = stop | stop_before_delay(settings.retry_budget)
    return stop


class BackoffWait:
    """tenacity wait: the server's Retry-After when it gave one, else full-jitter exponential."""

    def __init__(self, settings: Settings) -> None:
        self._jitter = wait_random_exponential(multiplier=settings.backoff, max=settings.backoff_max)
        self._cap = settings.retry_after_max

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            return min(float(retry_after), self._cap)
        return float(self._jitter(state))
