"""Fetcher options: headers, cookies, proxies (http and socks), HTTP/2, the on-disk cache."""

import asyncio
import importlib.util
import time

import pytest

from scrapekit import Settings
from scrapekit.fetch import Fetcher
from scrapekit.fetch import client as client_module

from faultserver import Socks5Server

FAST = Settings(retries=1, backoff=0.01, backoff_max=0.05, timeout=2.0, read_timeout=1.0,
                workers=1, delay=0.0, per_host=2)


def fetch_all(urls, settings=FAST):
    async def go():
        async with Fetcher(settings) as f:
            return [await f.fetch(u) for u in urls]
    return asyncio.run(go())


def test_custom_headers_cookies_and_user_agent_are_sent(faults, token):
    settings = FAST.replace(headers=(("X-Test", "yes"),), cookies=(("session", "abc"),),
                            user_agent="probe/1.0")
    [r] = fetch_all([f"{faults.base()}/echo/{token}"], settings)
    assert r.ok
    assert b"x-test: yes" in r.body and b"cookie: session=abc" in r.body
    assert b"user-agent: probe/1.0" in r.body and b"accept-encoding: gzip" in r.body


def test_cookie_set_by_a_host_goes_back_to_that_host_only(faults, token):
    """Session cookies (consent walls, load balancers) persist per host for the run."""
    first, same, other = fetch_all([f"{faults.base(0)}/setcookie/{token}",
                                    f"{faults.base(0)}/echo/{token}",
                                    f"{faults.base(1)}/echo/{token}"])
    assert first.ok and same.ok and other.ok
    assert f"cookie: visited={token}".encode() in same.body
    assert b"visited=" not in other.body


def test_http_proxy_carries_every_request(faults, token):
    # faults.base(1) answers absolute-form requests as a forward proxy would
    [r] = fetch_all([f"{faults.base(0)}/ok/{token}"], FAST.replace(proxy=faults.base(1)))
    assert r.ok and faults.proxied[f"/ok/{token}"] == 1


@pytest.mark.skipif(importlib.util.find_spec("socksio") is None, reason="needs socksio")
def test_socks5_proxy(faults, token):
    socks = Socks5Server().start()
    try:
        [r] = fetch_all([f"{faults.base(2)}/ok/{token}"], FAST.replace(proxy=socks.url))
        assert r.ok
        assert ("127.0.0.4", faults.ports["127.0.0.4"]) in socks.connects
    finally:
        socks.stop()


@pytest.mark.skipif(importlib.util.find_spec("h2") is None, reason="needs h2")
def test_http2_on_request_still_speaks_http1_to_plain_http_servers(faults, token):
    [r] = fetch_all([f"{faults.base()}/ok/{token}"], FAST.replace(http2=True))
    assert r.ok


def test_missing_optional_package_is_explained(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(client_module.importlib.util, "find_spec",
                        lambda name, *a: None if name == "h2" else real(name, *a))
    with pytest.raises(ImportError, match=r"scrapekit\[http2\]"):
        Fetcher(FAST.replace(http2=True))


@pytest.mark.skipif(importlib.util.find_spec("hishel") is None, reason="needs hishel")
def test_cache_serves_a_rerun_without_requests_or_delays(fault_server, tmp_path, token):
    srv = fault_server(["127.0.0.13"])
    urls = [f"{srv.base()}/ok/{token}-{i}" for i in range(3)] + [f"{srv.base()}/gzip/{token}"]
    settings = FAST.replace(cache=str(tmp_path / "cache"), delay=0.3)
    first = fetch_all(urls, settings)
    assert all(r.ok for r in first)
    sent = len(srv.arrivals())
    assert sent == 5  # robots.txt + 4 pages
    started = time.monotonic()
    second = fetch_all(urls, settings)  # a new Fetcher: a re-run
    assert all(r.ok for r in second)
    assert [r.body for r in second] == [r.body for r in first]
    assert len(srv.arrivals()) == sent  # nothing re-fetched
    assert time.monotonic() - started < 0.6  # and no politeness delay owed for cache hits


@pytest.mark.skipif(importlib.util.find_spec("hishel") is None, reason="needs hishel")
def test_cache_does_not_keep_errors(fault_server, tmp_path, token):
    srv = fault_server(["127.0.0.14"])
    settings = FAST.replace(cache=str(tmp_path / "cache"), retries=0)
    url = f"{srv.base()}/t/503/1/{token}"
    [bad] = fetch_all([url], settings)
    assert bad.error.status == 503
    [good] = fetch_all([url], settings)
    assert good.ok
