"""A page served from the on-disk cache still gives the run the cookie the site set with it:
the stored entry keeps the response's Set-Cookie (the site's own), never the request's Cookie
(the run's jar) nor anything of the user's (requests with credentials skip the cache).
Loopback servers (tests/rawserver.py), no internet."""

from __future__ import annotations

import importlib.util

import pytest
from rawserver import page, response
from test_fetch_credentials import cache_bytes, fetch_all

from scrapekit.settings import Settings

pytestmark = pytest.mark.skipif(importlib.util.find_spec("hishel") is None, reason="needs hishel")


def needs_cookie(name: str):
    """200 for a request carrying the cookie ``name``, else 403; never cacheable."""
    def handler(conn, req):
        cookies = "; ".join(req.header_values("Cookie"))
        ok = any(part.strip().startswith(name + "=") for part in cookies.split(";"))
        conn.sendall(response(200 if ok else 403, page("Inbox") if ok else b"",
                              headers=[("Cache-Control", "private")]))
        return True
    return handler


def test_a_cached_page_still_sets_its_cookie_on_a_rerun(raw_server, tmp_path):
    srv = raw_server(["127.0.0.2"])
    srv.route("/home", response(200, page("Home"), headers=[("Set-Cookie", "sid=SITE; Path=/"),
                                                            ("Cache-Control", "max-age=3600")]))
    srv.route("/inbox", needs_cookie("sid"))
    settings = Settings(retries=0, delay=0.0, timeout=5.0, robots=False,
                        cache=str(tmp_path / "cache"))
    urls = [srv.base() + "/home", srv.base() + "/inbox"]
    first = fetch_all(settings, urls)
    second = fetch_all(settings, urls)
    assert [r.status for r in first] == [200, 200]
    assert [r.status for r in second] == [200, 200]  # before: 403, no sid from the cached /home
    assert srv.hit_count(0, "/home") == 1  # the re-run's /home came from the file
    assert srv.requests("/inbox")[1].header_values("Cookie") == ["sid=SITE"]


def test_the_entry_keeps_the_sites_set_cookie_not_the_requests_cookie(raw_server, tmp_path):
    srv = raw_server(["127.0.0.2"])
    srv.route("/login", response(200, page("Login"), headers=[
        ("Set-Cookie", "jar=JAR-ONLY; Path=/"), ("Cache-Control", "private")]))
    srv.route("/a", response(200, page("A"), headers=[("Set-Cookie", "pref=SITE-PREF; Path=/")]))
    settings = Settings(retries=0, delay=0.0, timeout=5.0, robots=False,
                        cache=str(tmp_path / "cache"))
    assert all(r.ok for r in fetch_all(settings, [srv.base() + "/login", srv.base() + "/a"]))
    assert srv.requests("/a")[0].header_values("Cookie") == ["jar=JAR-ONLY"]  # sent, not stored
    stored = cache_bytes(tmp_path / "cache")
    assert b"SITE-PREF" in stored and b"JAR-ONLY" not in stored
    user = settings.replace(cookies=(("session", "COOKIE-SECRET"),))
    assert fetch_all(user, [srv.base() + "/a"])[0].ok
    assert b"COOKIE-SECRET" not in cache_bytes(tmp_path / "cache")


def test_a_cache_file_of_an_earlier_version_is_never_read_and_a_warning_says_so(
        raw_server, tmp_path, caplog):
    """Before session 14 the cache file kept its name, and files written before session 11
    may hold pages fetched with the user's credentials: the new file has a new name, the old
    one is left untouched and named in one warning."""
    from scrapekit.fetch.client import CACHE_FILE, OLD_CACHE_FILES

    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(200, page("A"), headers=[("Cache-Control", "max-age=3600")]))
    cache = tmp_path / "cache"
    cache.mkdir()
    old = cache / OLD_CACHE_FILES[0]
    old.write_bytes(b"an old cache that may hold secrets")
    wal = cache / (OLD_CACHE_FILES[0] + "-wal")  # review 16: a killed run's write-ahead log
    wal.write_bytes(b"pages of a killed run")
    settings = Settings(retries=0, delay=0.0, timeout=5.0, robots=False, cache=str(cache))
    with caplog.at_level("WARNING", logger="scrapekit.fetch"):
        fetch_all(settings, [srv.base() + "/a"])
        fetch_all(settings, [srv.base() + "/a"])
    warned = [r.getMessage() for r in caplog.records if str(old) in r.getMessage()]
    assert len(warned) == 1 and "delete them" in warned[0] and str(wal) in warned[0]
    assert old.read_bytes() == b"an old cache that may hold secrets"
    assert (cache / CACHE_FILE).exists() and CACHE_FILE not in OLD_CACHE_FILES
    assert srv.hit_count("127.0.0.2", "/a") == 1  # the new file served the second run
