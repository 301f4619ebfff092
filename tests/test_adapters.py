"""The httpcore adapter: its version check, and the internals it reaches, exercised on the
installed httpcore. If a new httpcore moves them, this fails loudly (not a silent wrong page)."""

from __future__ import annotations

import asyncio

import httpcore
import pytest

from scrapekit.adapters import httpcore as adapter
from scrapekit.fetch.backend import AsyncioBackend

from rawserver import page, response


def test_installed_version_is_in_the_tested_range():
    adapter.check_version()
    low, high = adapter.TESTED
    assert low <= tuple(int(p) for p in httpcore.__version__.split(".")[:2]) < high


@pytest.mark.parametrize("version", ["0.18.0", "1.1.0", "2.0.0"])
def test_an_untested_version_fails_loudly(version):
    with pytest.raises(adapter.IncompatibleVersion, match=version):
        adapter.check_version(version)


def test_a_changed_header_cap_fails_loudly(monkeypatch):
    monkeypatch.setattr(httpcore.AsyncHTTP11Connection, "MAX_INCOMPLETE_EVENT_SIZE", 1 << 20)
    with pytest.raises(adapter.IncompatibleVersion, match="header-size cap"):
        adapter.check()


def test_moved_internals_fail_loudly():
    class Changed:  # a connection of a future httpcore without the attributes we use
        pass

    with pytest.raises(adapter.IncompatibleVersion, match="_h11_state"):
        adapter.check(Changed())


def test_internals_on_a_real_connection(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(200, page("A"), length=len(page("A")) - 5))  # 5 bytes too many

    async def go():
        origin = httpcore.Origin(b"http", b"127.0.0.2", srv.ports["127.0.0.2"])
        stream = await AsyncioBackend().connect_tcp("127.0.0.2", srv.ports["127.0.0.2"])
        conn = adapter.http11_connection(origin, stream, keepalive_expiry=5.0)
        adapter.check(conn)
        assert isinstance(conn._state_lock, asyncio.Lock)
        resp = await conn.request("GET", f"{srv.base()}/a")
        left = adapter.unread_bytes(conn)
        await conn.aclose()
        return resp, left
    resp, left = asyncio.run(go())
    assert resp.status == 200 and left == 5
