"""extract() touches no process-wide state by default (issue 17 row 11): a program's own
SIGALRM handler and setitimer timer survive it; asked for, a budget still works and gives the
program's timer back."""

from __future__ import annotations

import signal
import time

import pytest

import scrapekit

PAGE = "<html><body><article><h1>Title</h1><p>" + "Some words here. " * 50 + "</p></article></body></html>"

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="POSIX timers")


@pytest.fixture
def program_timer():
    """A program's own SIGALRM handler and a 30 s timer, removed after the test."""
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    signal.setitimer(signal.ITIMER_REAL, 30.0)
    yield fired
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def test_default_extract_leaves_the_programs_timer_alone(program_timer):
    handler = signal.getsignal(signal.SIGALRM)
    art = scrapekit.extract(PAGE, url="https://e.example/a")
    assert art.error is None
    assert signal.getsignal(signal.SIGALRM) is handler
    left, _interval = signal.getitimer(signal.ITIMER_REAL)
    assert 20 < left <= 30


def test_asked_budget_gives_the_timer_back(program_timer):
    handler = signal.getsignal(signal.SIGALRM)
    art = scrapekit.extract(PAGE, url="https://e.example/a", timeout=5.0)
    assert art.error is None
    assert signal.getsignal(signal.SIGALRM) is handler
    left, _interval = signal.getitimer(signal.ITIMER_REAL)
    assert 20 < left <= 30


def test_a_timer_that_ran_out_during_the_budget_still_fires(monkeypatch):
    import importlib

    ex = importlib.import_module("scrapekit.extractors")
    real = ex.extract_article

    def slow(html, url=None):
        time.sleep(0.4)
        return real(html, url)
    monkeypatch.setattr(ex, "extract_article", slow)
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        # the program's timer comes first: the budget is not armed over it
        art = scrapekit.extract(PAGE, url="https://e.example/a", timeout=5.0)
        assert art.error is None and fired == [signal.SIGALRM]
        signal.setitimer(signal.ITIMER_REAL, 6.0)
        art = scrapekit.extract(PAGE, url="https://e.example/a", timeout=5.0)
        assert art.error is None and len(fired) == 1
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 4
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
