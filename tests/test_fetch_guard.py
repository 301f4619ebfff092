"""block_private_addresses: resolved IPs are checked where the socket is opened."""

import asyncio
import socket

import pytest

from scrapekit import Settings
from scrapekit.fetch import Fetcher, guard

FAST = Settings(retries=1, backoff=0.01, backoff_max=0.05, timeout=2.0, read_timeout=1.0,
                workers=1, delay=0.0, per_host=2, block_private_addresses=True)


def fetch(url, settings=FAST):
    async def go():
        async with Fetcher(settings) as f:
            return await f.fetch(url)
    return asyncio.run(go())


@pytest.mark.parametrize("ip", [
    "127.0.0.1", "127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
    "100.100.100.200", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
    "fd00:ec2::254", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "2002:7f00:1::1",
    "64:ff9b::a9fe:a9fe",
])
def test_non_public_addresses_are_blocked(ip):
    assert guard.is_blocked_ip(ip)


@pytest.mark.parametrize("ip", ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111",
                                "::ffff:8.8.8.8"])
def test_public_addresses_pass(ip):
    assert not guard.is_blocked_ip(ip)


def test_loopback_url_is_refused_without_a_request(faults, token):
    r = fetch(f"{faults.base()}/ok/{token}")
    assert r.error.kind == "blocked_address" and r.attempts == 1
    assert faults.hit_count(0, f"/ok/{token}") == 0 and "127.0.0.2" in r.error.message


def test_a_name_resolving_to_loopback_is_refused(faults):
    r = fetch(f"http://localhost:{faults.ports['127.0.0.2']}/ok/x")
    assert r.error.kind == "blocked_address" and "localhost" in r.error.message


def test_off_by_default(faults, token):
    assert fetch(f"{faults.base()}/ok/{token}", FAST.replace(block_private_addresses=False)).ok


@pytest.fixture
def only_127_0_0_3_is_private(monkeypatch):
    monkeypatch.setattr(guard, "is_blocked_ip", lambda ip: str(ip) == "127.0.0.3")


def test_redirect_to_a_blocked_address_is_refused(faults, token, only_127_0_0_3_is_private):
    other = faults.base(1).removeprefix("http://")
    r = fetch(f"{faults.base(0)}/to/{other}/{token}")
    assert r.error.kind == "blocked_address"
    assert faults.hit_count(1, f"/ok/{token}") == 0


def test_every_resolved_address_is_checked_and_the_checked_one_is_used(
        faults, token, only_127_0_0_3_is_private, monkeypatch):
    """A rebinding name answers a public address and an internal one: refused outright. A name
    answering only allowed addresses is resolved once and connected to by that very address."""
    answers = {"mixed.test": ["127.0.0.2", "127.0.0.3"], "fine.test": ["127.0.0.2"]}
    calls = []

    async def fake_getaddrinfo(host, port, **kw):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]
    monkeypatch.setattr(guard.anyio, "getaddrinfo", fake_getaddrinfo)
    port = faults.ports["127.0.0.2"]
    r = fetch(f"http://mixed.test:{port}/ok/{token}", FAST.replace(robots=False))
    assert r.error.kind == "blocked_address" and "127.0.0.3" in r.error.message
    calls.clear()
    r = fetch(f"http://fine.test:{port}/ok/{token}-2", FAST.replace(robots=False))
    assert r.ok and calls == ["fine.test"]
    assert faults.hit_count(0, f"/ok/{token}-2") == 1


def test_with_a_proxy_the_target_is_still_checked(faults, token):
    r = fetch(f"{faults.base(0)}/ok/{token}", FAST.replace(proxy=faults.base(1)))
    assert r.error.kind == "blocked_address"
    assert faults.proxied[f"/ok/{token}"] == 0
