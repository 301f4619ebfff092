"""Findings of the new-user review (session 9), each reproduced through the real CLI in a
subprocess."""

from __future__ import annotations

import subprocess
import sys

from conftest import FIXTURES


def test_a_pipe_closed_by_its_reader_is_not_a_silent_success():
    # `scrapekit extract many-pages | head -c 100`: the reader leaves after 100 bytes; the run
    # must say that the other records were not delivered and exit 1, not 0 with "done"
    proc = subprocess.Popen([sys.executable, "-m", "scrapekit", "extract",
                             str(FIXTURES / "links"), "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    head = proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(120)
    assert len(head) == 100
    assert code == 1, err
    assert "output closed by its reader after" in err
    assert "Traceback" not in err


def test_csv_and_markdown_hold_no_control_characters_and_csv_booleans_read_as_json(tmp_path):
    import csv
    import io

    from scrapekit.sinks import open_sink

    record = {"url": "http://bad\x00host/\x1b[31mred\x85", "headline": None,
              "isAccessibleForFree": True, "error": {"kind": "invalid_url", "message": "x"}}
    fields = ["url", "isAccessibleForFree", "error.kind"]
    out = tmp_path / "o.csv"
    sink = open_sink(str(out), "csv", fields)
    sink.write(record)
    sink.close()
    raw = out.read_bytes()
    assert not any(b < 0x20 and b not in (9, 10, 13) for b in raw), raw
    rows = list(csv.reader(io.StringIO(raw.decode())))
    assert rows[1] == ["http://bad%00host/%1B[31mred%C2%85", "true", "invalid_url"]
    md = tmp_path / "o.md"
    sink = open_sink(str(md), "md")
    sink.write(record)
    sink.close()
    text = md.read_text()
    assert "%1B[31m" in text and "\x1b" not in text and "\x00" not in text


def test_a_malformed_proxy_is_a_usage_error_that_hides_its_password():
    import pytest

    from scrapekit import Settings

    for bad in ("http://u:secret@[bad", "http://u:secret@:8080", "http://u:secret@h:port",
                "ftp://u:secret@h", "http://user:se/cret@proxy:8080",
                "http://user:se#cret@proxy:8080", "http://user:se?cret@proxy:8080"):
        with pytest.raises(ValueError) as info:
            Settings(proxy=bad)
        assert "secret" not in str(info.value) and "se/" not in str(info.value)
        assert "cret" not in str(info.value) and "***@" in str(info.value)
    proc = subprocess.run([sys.executable, "-m", "scrapekit", "scrape", "--proxy",
                           "http://u:secret@[bad", "http://127.0.0.1:9/"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "proxy" in proc.stderr and "secret" not in proc.stderr


def test_a_dead_proxy_is_named_in_the_error_record_without_its_password():
    import json
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.run([sys.executable, "-m", "scrapekit", "scrape", "-q", "--retries", "0",
                           "--proxy", f"http://u:secret@127.0.0.1:{port}",
                           "http://news.example/a"],
                          capture_output=True, text=True, timeout=120)
    record = json.loads(proc.stdout)
    assert record["error"]["kind"] == "connect"
    assert f"through the proxy http://***@127.0.0.1:{port}" in record["error"]["message"]
    assert "secret" not in proc.stdout + proc.stderr


def test_scrape_reads_file_lines_unless_private_addresses_are_blocked(tmp_path):
    from conftest import SEED_PAGE

    from scrapekit import Settings, scrape_many

    page = tmp_path / "page.html"
    page.write_bytes(SEED_PAGE.read_bytes())
    (read,) = scrape_many([page.as_uri()], Settings(workers=1))
    assert read.ok and "Bakhmut" in (read.headline or "")
    (refused,) = scrape_many([page.as_uri()], Settings(workers=1, block_private_addresses=True))
    assert refused.error is not None and refused.error.kind == "blocked_address"
    assert refused.article_body is None


def test_a_url_that_cannot_be_taken_apart_still_gives_the_article():
    from scrapekit import extract

    html = ("<html><head><title>T</title><link rel=canonical href='https://n.example/s/story'>"
            "</head><body><article><h1>Head line here</h1><p>" + "word " * 100 + "</p>"
            "</article></body></html>")
    for bad in ("http://[oops/a", "http://host:port/a"):
        art = extract(html, bad)
        assert art.error is None, art.error
        assert art.url == bad  # the input as given
        assert art.headline == "Head line here"
        assert art.canonical_url == "https://n.example/s/story"  # the page's own, as with no URL


def test_dash_with_stdin_closed_is_a_usage_error():
    for args in (["extract", "-"], ["scrape", "-i", "-"], ["scrape", "-"]):
        proc = subprocess.run([sys.executable, "-m", "scrapekit", *args], stdin=None,
                              capture_output=True, text=True, timeout=60,
                              preexec_fn=lambda: __import__("os").close(0))
        assert proc.returncode == 2, proc.stderr
        assert "stdin is closed" in proc.stderr and "Traceback" not in proc.stderr
