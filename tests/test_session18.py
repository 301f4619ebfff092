"""Session 18's fixes of items left open before: a damaged HTTP cache is said once where the
run starts (not two tracebacks per page), and a cache that fails mid-run logs each kind of
failure once, on one line. Loopback servers (tests/rawserver.py), no internet."""

from __future__ import annotations

import asyncio
import json
import importlib.util
import logging
import subprocess
import sys

import pytest
from rawserver import page, response

from scrapekit.errors import CacheUnusable, ScrapekitError
from scrapekit.fetch import Fetcher
from scrapekit.fetch.client import CACHE_FILE, check_options
from scrapekit.pipeline import scrape_many
from scrapekit.settings import Settings

needs_hishel = pytest.mark.skipif(importlib.util.find_spec("hishel") is None,
                                  reason="needs hishel (the cache extra)")


def damaged_cache(tmp_path):
    directory = tmp_path / "cache"
    directory.mkdir()
    (directory / CACHE_FILE).write_bytes(b"\x00garbage that is no SQLite header" * 600)
    return directory


@needs_hishel
def test_a_damaged_cache_file_is_refused_where_the_run_starts(tmp_path, raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(200, page("A")))
    settings = Settings(workers=1, retries=0, delay=0.0, robots=False,
                        cache=str(damaged_cache(tmp_path)))
    with pytest.raises(CacheUnusable, match=f"{CACHE_FILE} is not an SQLite database.*delete it"):
        check_options(settings)
    assert issubclass(CacheUnusable, ScrapekitError) and issubclass(CacheUnusable, ValueError)
    with pytest.raises(CacheUnusable):
        list(scrape_many([srv.base() + "/a"], settings))
    assert srv.hit_count(0, "/a") == 0
    check_options(settings.replace(cache=str(tmp_path / "fresh")))  # none yet: fine
    (tmp_path / "fresh").mkdir()
    check_options(settings.replace(cache=str(tmp_path / "fresh")))


@needs_hishel
def test_the_command_line_says_it_once_with_the_flag_and_exits_2(tmp_path):
    directory = damaged_cache(tmp_path)
    r = subprocess.run([sys.executable, "-m", "scrapekit", "scrape", "http://127.0.0.1:9/a",
                        "--cache", str(directory)], capture_output=True, timeout=60)
    assert r.returncode == 2, r.stderr
    assert r.stderr.count(b"is not an SQLite database") == 1, r.stderr
    assert b"--cache '" in r.stderr and b"Traceback" not in r.stderr and not r.stdout


@needs_hishel
def test_a_cache_failing_mid_run_logs_each_failure_once_on_one_line(tmp_path, raw_server,
                                                                    caplog):
    srv = raw_server(["127.0.0.2"])
    for n in range(4):
        srv.route(f"/p{n}", response(200, page(f"P{n}")))
    directory = tmp_path / "cache"
    settings = Settings(retries=0, delay=0.0, timeout=5.0, robots=False, cache=str(directory))

    async def run():
        async with Fetcher(settings) as fetcher:  # checked here: no file yet
            directory.mkdir()
            (directory / CACHE_FILE).write_bytes(b"\x00not a database" * 2000)  # then damaged
            return [await fetcher.fetch(f"{srv.base()}/p{n}") for n in range(4)]

    with caplog.at_level(logging.WARNING):
        results = asyncio.run(run())
    assert [r.status for r in results] == [200] * 4  # the pages themselves are fine
    storage = [r for r in caplog.records if r.name.startswith("hishel")]
    assert storage, "the storage logged nothing: the file was not damaged in time"
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in storage)
    assert len(storage) <= 2, [r.getMessage() for r in storage]  # a read and a store, once each
    assert any("DatabaseError" in r.getMessage() for r in storage)


def test_error_status_is_the_status_the_fetch_ended_with_whatever_the_kind(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/binary", response(200, bytes(range(256)) * 12, ctype="text/html"))
    srv.route("/short", response(200, b"<html><body><p>Too short.</p></body></html>"))
    srv.route("/gone", response(410, page("Gone")))
    settings = Settings(workers=1, retries=0, delay=0.0, timeout=5.0, robots=False)
    records = list(scrape_many([srv.base() + "/binary", srv.base() + "/short",
                                srv.base() + "/gone", "http://127.0.0.1:9/refused"], settings))
    got = {r.url.rsplit("/", 1)[1]: (r.error.kind, r.error.status) for r in records}
    assert got == {"binary": ("decode", 200), "short": ("not_article", 200),
                   "gone": ("http_status", 410), "refused": ("connect", None)}, got


@pytest.mark.parametrize("value", ["May 3, 2024", "03/05/2024", "20240503", "2024-13-03", 20240503,
                                   ["2024-05-03"]])
def test_a_gold_date_the_scorer_cannot_compare_is_an_error_naming_the_line(tmp_path, value):
    import json

    from scrapekit.errors import GoldError
    from scrapekit.evaluate import read_gold

    (tmp_path / "a.html").write_text("<html><body><p>x</p></body></html>")
    gold = tmp_path / "gold.jsonl"
    good = {"url": "https://a.example/", "html": "a.html", "datePublished": "2024-05-03T10:00"}
    gold.write_text(json.dumps(good) + "\n" + json.dumps(dict(good, datePublished=value)) + "\n")
    with pytest.raises(GoldError, match=r"line 2: datePublished .* is not an ISO 8601 date"):
        read_gold(gold)
    gold.write_text(json.dumps(good) + "\n" + json.dumps(dict(good, datePublished=None)) + "\n")
    assert [p.expected.get("datePublished") for p in read_gold(gold)] == ["2024-05-03T10:00", None]


def test_an_environment_proxy_without_a_scheme_is_an_http_proxy(faults, token, monkeypatch):
    from test_fetch_options import FAST, fetch_all

    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY",
                 "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", faults.base(1).split("://", 1)[1])  # 127.0.0.3:PORT, as curl takes it
    check_options(FAST)
    [r] = fetch_all([f"{faults.base(0)}/ok/{token}"])
    assert r.ok and faults.proxied[f"/ok/{token}"] == 1


@pytest.mark.parametrize("proxy", ["socks4://user:hunter2@127.0.0.1:9", "ftp://127.0.0.1:9"])
def test_an_environment_proxy_no_fetch_can_use_is_refused_where_the_run_starts(
        proxy, monkeypatch, tmp_path):
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ALL_PROXY", proxy)
    with pytest.raises(ValueError, match="the all_proxy environment variable is .* must start"):
        check_options(Settings(workers=1))
    check_options(Settings(workers=1, proxy="http://127.0.0.1:9"))  # the setting wins
    import os

    r = subprocess.run([sys.executable, "-m", "scrapekit", "scrape", "http://127.0.0.1:9/a"],
                       capture_output=True, timeout=60, env=dict(os.environ, ALL_PROXY=proxy))
    assert r.returncode == 2 and b"all_proxy environment variable" in r.stderr, r.stderr
    assert b"hunter2" not in r.stderr and not r.stdout


@pytest.mark.parametrize("limit", [("MAX_PARKED", 10), ("MAX_PARKED_BYTES", 2000)])
def test_duplicates_waiting_for_a_slow_fetch_hold_reading_back(server, token, monkeypatch,
                                                               limit):
    """Copies of a URL in flight wait for its record outside the read-ahead window: they count
    against the parked inputs' number and bytes (review 32: unbounded before)."""
    import threading
    import time

    from scrapekit import pipeline

    monkeypatch.setattr(pipeline, *limit)
    slow = f"{server.base}/slow/3/{token}?" + "x" * 180  # a long URL: 10 copies ~ 2,000 chars
    read = [0]

    def inputs():
        for _ in range(6000):
            read[0] += 1
            yield slow

    seen: list[int] = []
    threading.Timer(1.5, lambda: seen.append(read[0])).start()  # the slow page in flight
    settings = Settings(workers=1, retries=0, delay=0.0, robots=False, timeout=10.0)
    records = list(scrape_many(inputs(), settings))
    # held back near the limit (plus the reader's own queue), not the whole input
    assert seen and seen[0] <= pipeline.MAX_BUFFERED_INPUTS + 40, seen
    assert len(records) == 6000 and {r.url for r in records} == {slow}


# review 32 (a data engineer's pipeline)

EXAMPLE = "examples/moscowtimes-bakhmut.html"


@pytest.mark.skipif(not __import__("os").path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["parquet", "json"])
def test_an_output_that_fails_as_it_is_closed_is_said(fmt):
    pytest.importorskip("pyarrow")
    r = subprocess.run([sys.executable, "-m", "scrapekit", "extract", EXAMPLE, "-o", "/dev/full",
                        "--format", fmt], capture_output=True, timeout=120)
    assert r.returncode == 1
    assert b"cannot write output: No space left on device" in r.stderr, r.stderr


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "parquet"])
def test_open_sink_appends_json_lines_only(tmp_path, fmt):
    from scrapekit.sinks import open_sink

    with pytest.raises(ValueError, match="append=True writes JSON Lines only"):
        open_sink(str(tmp_path / f"out.{fmt}"), fmt, append=True)
    assert not (tmp_path / f"out.{fmt}").exists()
    with open_sink(str(tmp_path / "out.jsonl"), "jsonl", append=True) as sink:
        sink.write({"url": "https://a.example/"})


def test_a_record_that_does_not_fit_parquet_loses_none_of_the_others(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from scrapekit import extract
    from scrapekit.sinks import open_sink

    good = extract(open(EXAMPLE, "rb").read(), url="https://x.example/a").to_dict()
    with pytest.raises(ScrapekitError, match=r"does not fit the Parquet schema, not written: "
                                             r"url 'https://x.example/bad'"):
        with open_sink(str(tmp_path / "out.parquet"), "parquet") as sink:
            for i in range(5):
                sink.write(dict(good, url=f"https://x.example/g{i}"))
            sink.write(dict(good, url="https://x.example/bad", wordCount="357"))
            for i in range(5, 10):
                sink.write(dict(good, url=f"https://x.example/g{i}"))
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.column("url").to_pylist() == [f"https://x.example/g{i}" for i in range(10)]


def test_a_list_line_that_is_not_utf8_is_an_invalid_url_not_another_address(tmp_path):
    from scrapekit.sources import read_url_file

    path = tmp_path / "urls.txt"
    path.write_bytes(b"http://127.0.0.1:9/caf\xe9\nhttp://127.0.0.1:9/ok\n")
    assert list(read_url_file(path))[0] == "http://127.0.0.1:9/caf\udce9"
    r = subprocess.run([sys.executable, "-m", "scrapekit", "scrape", "-i", str(path), "-q",
                        "--retries", "0", "--no-robots", "--fields", "url,error"],
                       capture_output=True, timeout=120)
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    bad = [x for x in lines if x["url"].endswith("caf\ufffd")]  # (U+FFFD since session 19)
    assert len(lines) == 2 and len(bad) == 1, lines
    assert bad[0]["error"]["kind"] == "invalid_url" and "not UTF-8" in bad[0]["error"]["message"]


def test_shards_carry_an_input_that_is_not_utf8_to_its_own_record(tmp_path):
    from scrapekit.distributed import _dumps_line, _loads_line

    for item in ["http://a.example/caf\udce9", ["http://a.example/x\udce9", True], "plain"]:
        assert _loads_line(_dumps_line(item)) == item


def test_a_list_with_old_mac_line_ends_is_one_input_a_line(tmp_path):
    from scrapekit.sources import read_url_file

    path = tmp_path / "urls.txt"
    path.write_bytes(b"http://a.example/1\rhttp://a.example/2\r\nhttp://a.example/3\r# c\r")
    assert list(read_url_file(path)) == [f"http://a.example/{i}" for i in (1, 2, 3)]


def test_a_field_given_twice_is_refused(tmp_path):
    from scrapekit.sinks import open_sink

    with pytest.raises(ValueError, match="given more than once: url"):
        open_sink(str(tmp_path / "x.csv"), "csv", fields=["url", "headline", "url"])
    r = subprocess.run([sys.executable, "-m", "scrapekit", "extract", EXAMPLE,
                        "--fields", "url,url"], capture_output=True, timeout=120)
    assert r.returncode == 2 and b"given more than once" in r.stderr and not r.stdout


def test_resume_with_other_fields_says_the_file_will_mix_two_shapes(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"url":"http://127.0.0.1:9/a","headline":null}\n')
    base = [sys.executable, "-m", "scrapekit", "scrape", "http://127.0.0.1:9/a",
            "http://127.0.0.1:9/b", "-o", str(out), "--resume", "--retries", "0", "-q",
            "--no-robots"]
    same = subprocess.run(base + ["--fields", "headline,url"], capture_output=True, timeout=120)
    assert b"warning" not in same.stderr, same.stderr
    other = subprocess.run(base + ["--fields", "url,error"], capture_output=True,
                           timeout=120)
    assert b"--resume: the records in" in other.stderr and b"will hold both" in other.stderr


def test_an_input_given_as_bytes_is_its_text(raw_server):
    srv = raw_server(["127.0.0.2"])
    srv.route("/a", response(200, page("A")))
    settings = Settings(workers=1, retries=0, delay=0.0, robots=False)
    records = list(scrape_many([(srv.base() + "/a").encode(), b"http://127.0.0.1:9/caf\xe9", None],
                               settings, ordered=True))
    assert records[0].url == srv.base() + "/a" and records[0].error is None
    assert records[1].url == "http://127.0.0.1:9/caf\udce9"  # (U+FFFD in JSON output)
    assert records[1].error.kind == "invalid_url"
    assert records[2].url == "None" and "not a URL" in records[2].error.message


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_a_lone_surrogate_in_a_key_of_a_callers_record_is_written(tmp_path, fmt):
    from scrapekit.sinks import open_sink

    path = tmp_path / f"out.{fmt}"
    record = {"url": "https://a.example/", "extraction": {"fieldSources": {"x\udce9": "dom"}}}
    with open_sink(str(path), fmt) as sink:
        sink.write(record)
    assert "https://a.example/" in path.read_text(encoding="utf-8")


def test_resume_says_which_lines_are_not_records(tmp_path, caplog):
    from scrapekit.sinks import completed_inputs

    out = tmp_path / "out.jsonl"
    out.write_text('{"url":"https://a.example/1"}\ngarbage{{{\n\n{"url":"https://a.example/2"}\n'
                   '{"url": 5}\n{"url":"https://a.example/3"')  # (a torn last line: cut, not said)
    with caplog.at_level(logging.WARNING, logger="scrapekit.sinks"):
        done = completed_inputs(str(out))
    assert set(done) == {"https://a.example/1", "https://a.example/2"}
    (message,) = [r.getMessage() for r in caplog.records]
    assert "2 line(s)" in message and "(line 2, ...)" in message and "left as they are" in message
    assert out.read_text().endswith('{"url": 5}\n')


def test_an_all_proxy_beside_both_scheme_proxies_is_never_read(monkeypatch):
    """GNOME exports all_proxy=socks://host:port/ beside http_proxy and https_proxy (review 33:
    refusing the all_proxy stopped runs that fetch through http_proxy)."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                 "ALL_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setitem(sys.modules, "socksio", None)  # (not installed: not needed either)
    monkeypatch.setenv("all_proxy", "socks://127.0.0.1:1080/")
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:3128/")
    monkeypatch.setenv("https_proxy", "http://127.0.0.1:3128/")
    check_options(Settings(workers=1))
    monkeypatch.delenv("https_proxy")  # https:// pages would go through the all_proxy now
    with pytest.raises(ValueError, match="all_proxy .* which https:// pages would go through"):
        check_options(Settings(workers=1))


def test_the_dask_spool_takes_what_scrape_many_takes(tmp_path):
    from scrapekit.distributed import _read_inputs, _spool_shards

    shards = _spool_shards(iter([b"https://a.example/x", "https://b.example/y", None]), tmp_path,
                           None, 1, None)
    got = [x for s in shards for x in _read_inputs(tmp_path / s["inputsFile"])]
    assert sorted(x for x in got if isinstance(x, str)) == ["https://a.example/x",
                                                          "https://b.example/y"]
    assert [(x.type_name, x.text) for x in got if not isinstance(x, str)] == [("NoneType", "None")]


def test_with_dask_the_browser_is_checked_by_the_workers_not_where_the_command_runs(tmp_path):
    pytest.importorskip("distributed")
    pytest.importorskip("playwright")
    r = subprocess.run([sys.executable, "-m", "scrapekit", "scrape", "http://127.0.0.1:9/a",
                        "--dask", "local", "-o", str(tmp_path / "out"), "--render", "auto",
                        "--browser", "/nonexistent/chromium", "--retries", "0"],
                       capture_output=True, timeout=300)
    assert r.returncode == 1, r.stderr[-2000:]  # a failed shard, not a usage error (exit 2)
    assert b"shard 0 failed: the browser /nonexistent/chromium is not an executable" in r.stderr


def test_a_processing_instruction_in_the_text_is_passed_by_the_lead_finder():
    """A ``<?php ... ?>`` node has no tag name in lexbor (review 34): the lead finder took it for
    an AttributeError and gave up; it is passed like a comment."""
    from selectolax.lexbor import LexborHTMLParser

    from scrapekit.extractors import body_dom

    lead = "A lead in bold with more than fifteen words in it, so that it counts as prose here."
    tree = LexborHTMLParser(f"<html><body><article><h1>Pier reopens</h1><b>{lead}</b>"
                            "<?php echo 'x' ?><p>The council voted to reopen the pier.</p>"
                            "</article></body></html>")
    units = list(body_dom._units_before(tree.css_first("p")))
    assert units[0][0] == lead


def test_no_proxy_star_means_no_proxy_variable_is_checked(monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                 "ALL_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("all_proxy", "socks4://u:pw@127.0.0.1:9")
    monkeypatch.setenv("no_proxy", "*")
    check_options(Settings(workers=1))  # no fetch goes through it
