"""The fetcher against a real HTTP server on 127.0.0.1."""

import asyncio
import time

import pytest

from scrapekit import Settings
from scrapekit.fetch import Fetcher, check_url, looks_like_html
from scrapekit.errors import InvalidURL
from scrapekit.fetch.retry import parse_retry_after

FAST = Settings(retries=2, backoff=0.01, backoff_max=0.05, timeout=2.0, read_timeout=1.0,
                workers=1, delay=0.0, per_host=2)


def fetch(url, settings=FAST):
    async def go():
        async with Fetcher(settings) as f:
            return await f.fetch(url)
    return asyncio.run(go())


def test_success(server):
    r = fetch(server.base + "/article/ok")
    assert r.ok and r.status == 200 and r.attempts == 1
    assert b"Bakhmut" in r.body
    assert r.final_url == server.base + "/article/ok"
    assert r.content_type.startswith("text/html")


def test_redirect_chain_is_followed(server):
    r = fetch(server.base + "/redirect/3")
    assert r.ok
    assert r.final_url == server.base + "/article/seed"


def test_too_many_redirects(server):
    r = fetch(server.base + "/redirect/5", FAST.replace(max_redirects=3))
    assert r.error.kind == "too_many_redirects"


def test_redirect_loop_is_detected(server):
    r = fetch(server.base + "/loop/a")
    assert r.error.kind == "too_many_redirects" and "loop" in r.error.message


def test_404_is_not_retried(server, token):
    r = fetch(f"{server.base}/status/404/{token}")
    assert r.error.kind == "http_status" and r.error.status == 404
    assert r.attempts == 1 and server.hits[f"/status/404/{token}"] == 1


def test_500_then_200_is_retried(server, token):
    r = fetch(f"{server.base}/flaky/{token}")
    assert r.ok and r.attempts == 2
    assert server.hits[f"/flaky/{token}"] == 2


def test_503_gives_up_after_the_retry_budget(server, token):
    r = fetch(f"{server.base}/always503/{token}")
    assert r.error.kind == "http_status" and r.error.status == 503
    assert r.attempts == 3 and server.hits[f"/always503/{token}"] == 3


def test_429_retry_after_is_honoured(server, token):
    started = time.monotonic()
    r = fetch(f"{server.base}/ratelimit/{token}")
    assert r.ok and r.attempts == 2
    assert time.monotonic() - started >= 0.95  # waited the server's Retry-After: 1


def test_retry_after_over_the_cap_is_not_waited_for(server, token):
    r = fetch(f"{server.base}/ratelimit/{token}", FAST.replace(retry_after_max=0.5))
    assert r.error.kind == "http_status" and r.error.status == 429 and r.attempts == 1


def test_slow_response_times_out(server, token):
    r = fetch(f"{server.base}/slow/3/{token}", FAST.replace(timeout=0.5, retries=0))
    assert r.error.kind == "timeout"
    assert r.elapsed_ms < 2500


def test_slow_drip_body_is_cut_by_the_total_timeout(server, token):
    started = time.monotonic()
    r = fetch(f"{server.base}/drip/{token}", FAST.replace(timeout=1.0, read_timeout=5, retries=0))
    assert r.error.kind == "timeout"
    assert time.monotonic() - started < 3


def test_pdf_is_not_html(server):
    r = fetch(server.base + "/pdf")
    assert r.error.kind == "not_html" and r.attempts == 1


def test_a_pdf_labelled_text_html_is_not_html(server):
    r = fetch(server.base + "/pdf-as-html")
    assert r.error.kind == "not_html" and r.body is None
    assert "'text/html' but the body is a PDF document" in r.error.message


def test_html_served_as_text_plain_is_sniffed_and_accepted(server):
    assert fetch(server.base + "/plainhtml").ok


def test_plain_text_is_not_html(server):
    assert fetch(server.base + "/plaintext").error.kind == "not_html"


def test_oversized_streamed_body_is_cut(server):
    r = fetch(server.base + "/huge", FAST.replace(max_bytes=1_000_000))
    assert r.error.kind == "too_large" and r.body is None


def test_oversized_content_length_is_refused_before_reading(server):
    started = time.monotonic()
    r = fetch(server.base + "/biglength", FAST.replace(max_bytes=1_000_000))
    assert r.error.kind == "too_large" and time.monotonic() - started < 1.5


def test_robots_txt_is_obeyed(server):
    r = fetch(server.base + "/private/page")
    assert r.error.kind == "robots_disallowed"
    assert fetch(server.base + "/private/page", FAST.replace(robots=False)).ok


def test_connection_refused_is_a_connect_error():
    r = fetch("http://127.0.0.1:9/nothing-listens-here", FAST.replace(retries=1))
    assert r.error.kind == "connect" and r.attempts == 2


def test_per_host_delay_spaces_request_starts(server, token):
    settings = FAST.replace(delay=0.3, per_host=4)
    stamps = []

    async def go():
        async with Fetcher(settings) as f:
            async def one(i):
                r = await f.fetch(f"{server.base}/article/{token}-{i}")
                stamps.append(time.monotonic())
                return r
            return await asyncio.gather(*(one(i) for i in range(4)))
    started = time.monotonic()
    results = asyncio.run(go())
    assert all(r.ok for r in results)
    assert time.monotonic() - started >= 0.85  # 3 gaps of 0.3 s between 4 starts


@pytest.mark.parametrize("bad,fragment", [
    ("ftp://example.com/x", "scheme"), ("javascript:alert(1)", "scheme"),
    ("example.com/page", "scheme"), ("http://", "host"), ("", "empty"),
    ("http://exa mple.com:99999/", "malformed"), ("http://a.com/\x00", "control"),
])
def test_invalid_urls_are_explained(bad, fragment):
    with pytest.raises(InvalidURL) as info:
        check_url(bad)
    assert fragment in info.value.message


def test_retry_after_parsing():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None


def test_html_sniffing():
    assert looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html><html>")
    assert not looks_like_html(b"%PDF-1.4")
    assert not looks_like_html(b"\x89PNG\r\n\x1a\n<html>")  # magic numbers win over markers


@pytest.mark.parametrize("route", ["gzip-no-header", "gzip-twice"])
def test_a_page_gzipped_without_saying_so_is_read(server, route):
    r = fetch(f"{server.base}/{route}")
    assert r.ok, r.error
    assert r.body.startswith(b"<") and b"Bakhmut" in r.body


def test_a_gzipped_pdf_labelled_html_is_still_not_html(server):
    r = fetch(server.base + "/gzip-pdf")
    assert r.error.kind == "not_html" and "PDF" in r.error.message


def test_a_cut_gzip_body_is_a_decode_error_not_retried(server, token):
    r = fetch(f"{server.base}/gzip-cut/{token}")
    assert r.error.kind == "decode" and "truncated gzip data" in r.error.message
    assert r.attempts == 1 and r.body is None
