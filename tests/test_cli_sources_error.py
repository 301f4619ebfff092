"""A scrape whose every sitemap and feed failed ends with one message: the warning said as the
document failed, then the error (exit 1); no "nothing done" status line between them."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _scrape(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "scrapekit", "scrape", "--delay", "0",
                           "--retries", "0", "--workers", "1", *args],
                          capture_output=True, timeout=120)


@pytest.mark.parametrize("flag", ["--sitemap", "--feed"])
def test_failed_sources_end_with_one_error_line(raw_server, flag):
    base = raw_server(["127.0.0.2"]).base(0)  # every path answers 404
    r = _scrape(flag, f"{base}/gone.xml")
    lines = r.stderr.decode().splitlines()
    kind = flag.lstrip("-")
    assert r.returncode == 1 and r.stdout == b""
    assert lines == [f"scrapekit: warning: {base}/gone.xml: http_status: HTTP 404 Not Found",
                     f"scrapekit: error: no URL to scrape: the {kind} {base}/gone.xml: "
                     "http_status: HTTP 404 Not Found"], lines


def test_failed_sources_with_quiet_still_say_the_error(raw_server):
    base = raw_server(["127.0.0.2"]).base(0)
    r = _scrape("--quiet", "--sitemap", f"{base}/gone.xml")
    assert r.returncode == 1
    assert r.stderr.decode().splitlines()[-1].startswith("scrapekit: error: no URL to scrape:")
