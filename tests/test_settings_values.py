"""Settings values a data engineer may pass by mistake (review, session 10): NaN and infinite
seconds, fractional or boolean counts, a dict of headers. Each is refused with a message naming
the setting (ValueError / TypeError, exit 2 on the command line), or normalised (a mapping of
headers or cookies becomes the tuple of pairs)."""

from __future__ import annotations

import math
import subprocess
import sys
import threading

import pytest

from loopsite import LoopSite, QuietHandler
from scrapekit.settings import Settings

PAGE = (b"<html><head><title>A page</title></head><body><article><h1>A page</h1><p>"
        + b"Plain words of a loopback article, long enough to count as one. " * 12
        + b"</p></article></body></html>")


class _Recording(QuietHandler):
    seen: list[dict[str, str]] = []
    lock = threading.Lock()

    def do_GET(self) -> None:  # noqa: N802
        with self.lock:
            self.seen.append({k.lower(): v for k, v in self.headers.items()})
        self.answer(200, PAGE, "text/html; charset=utf-8")


@pytest.fixture
def site():
    _Recording.seen = []
    s = LoopSite(_Recording).start()
    yield s
    s.stop()


@pytest.mark.parametrize("name,value", [
    ("delay", math.nan), ("timeout", math.nan), ("extract_timeout", math.nan),
    ("timeout", math.inf), ("retry_budget", math.inf), ("delay", -math.inf),
    ("cache_ttl", math.nan), ("render_timeout", math.inf), ("backoff", math.nan),
    ("connect_timeout", math.nan), ("read_timeout", math.nan), ("retry_after_max", math.nan),
])
def test_non_finite_seconds_are_refused_naming_the_setting(name, value):
    with pytest.raises(ValueError, match=rf"Settings\.{name} must be a finite number"):
        Settings(**{name: value})


@pytest.mark.parametrize("name,value", [
    ("workers", 2.5), ("limit", 1.5), ("workers", True), ("concurrency", 2.0),
    ("per_host", False), ("retries", "3"), ("max_bytes", 1e6), ("fetch_processes", 1.5),
    ("max_host_failures", True), ("render_pages", None),
])
def test_counts_must_be_whole_numbers_not_floats_or_bools(name, value):
    with pytest.raises(ValueError, match=rf"Settings\.{name} must be a whole number"):
        Settings(**{name: value})


def test_seconds_refuse_bools_and_strings_and_keep_ints_as_floats():
    for bad in (True, "1", None):
        with pytest.raises(ValueError, match=r"Settings\.delay must be a number of seconds"):
            Settings(delay=bad)
    s = Settings(delay=0, timeout=5, cache_ttl=None, limit=None, fetch_processes=None)
    assert (s.delay, s.timeout, s.cache_ttl, s.limit) == (0.0, 5.0, None, None)
    assert isinstance(s.timeout, float)


def test_flags_must_be_bools():
    with pytest.raises(TypeError, match=r"Settings\.robots must be True or False"):
        Settings(robots="no")  # type: ignore[arg-type]


def test_headers_and_cookies_as_mappings_become_pairs():
    s = Settings(headers={"X-A": "b"}, cookies={"sid": "1"})  # type: ignore[arg-type]
    assert s.headers == (("X-A", "b"),) and s.cookies == (("sid", "1"),)
    assert Settings(headers=[["X-A", "b"]]).headers == (("X-A", "b"),)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["X-A: b", b"X-A: b", [("X-A", 1)], [("X-A",)], 5,
                                   {"X-A": None}])
def test_headers_that_are_no_string_pairs_are_a_type_error(value):
    with pytest.raises(TypeError, match=r"Settings\.headers must be a mapping or \(name, "):
        Settings(headers=value)
    with pytest.raises(TypeError, match=r"Settings\.cookies must be"):
        Settings(cookies=value)


def test_a_dict_of_headers_is_sent_with_every_request(site):
    # before: every worker died three times and each URL got a misleading connect error
    from scrapekit import scrape_many

    s = Settings(headers={"X-A": "b"}, cookies={"sid": "1"}, robots=False, delay=0,
                 workers=1, retries=0)  # type: ignore[arg-type]
    records = list(scrape_many([f"{site.base}/a", f"{site.base}/b"], s))
    assert [r.error for r in records] == [None, None]
    pages = [h for h in _Recording.seen]
    assert len(pages) == 2
    assert all(h.get("x-a") == "b" and "sid=1" in h.get("cookie", "") for h in pages)


@pytest.mark.parametrize("flag,value", [
    ("--delay", "nan"), ("--timeout", "nan"), ("--extract-timeout", "nan"),
    ("--timeout", "inf"), ("--retry-budget", "Infinity"), ("--workers", "2.5"),
    ("--limit", "1.5"), ("--cache-ttl", "nan"), ("--concurrency", "True"),
])
def test_the_cli_refuses_non_finite_and_fractional_numbers(site, tmp_path, flag, value):
    # before: --delay nan hung for ever, --timeout nan failed every URL ("timed out after nans")
    out = tmp_path / "x.jsonl"
    proc = subprocess.run([sys.executable, "-m", "scrapekit", "scrape", f"{site.base}/1",
                           f"{site.base}/2", f"{flag}={value}", "--no-robots", "-o", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert f"argument {flag}:" in proc.stderr and "Traceback" not in proc.stderr
    assert _Recording.seen == []
