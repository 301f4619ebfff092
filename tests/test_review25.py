"""Review 25 (input paths and the one-record-per-input guarantee): each test failed before
its fix."""

import json
import os
import subprocess
import sys
import threading

from conftest import SEED_PAGE


def run(*args, stdin=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "scrapekit", *args], input=stdin,
                          capture_output=True, timeout=timeout)


def usage_error(r, *needles):
    err = r.stderr.decode()
    assert r.returncode == 2, err
    for needle in needles:
        assert needle in err, err


# 1 (HIGH): an output naming one of the run's inputs truncated it before it was read


def test_scrape_output_naming_its_url_list_is_refused_and_the_list_kept(tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1:9/a\nhttp://127.0.0.1:9/b\n")
    usage_error(run("scrape", "-i", str(urls), "-o", str(urls)), "also an input")
    assert urls.read_text() == "http://127.0.0.1:9/a\nhttp://127.0.0.1:9/b\n"
    # the same file by another spelling (a symbolic link) is the same file
    link = tmp_path / "link.txt"
    link.symlink_to(urls)
    usage_error(run("scrape", "-i", str(urls), "-o", str(link)), "also an input")
    assert urls.stat().st_size > 0


def test_scrape_output_and_warc_out_on_one_path_are_refused(tmp_path):
    out = tmp_path / "both.out"
    usage_error(run("scrape", "http://127.0.0.1:9/a", "-o", str(out), "--warc-out", str(out)),
                "one file")
    assert not out.exists()
    urls = tmp_path / "urls.txt"
    urls.write_text("http://127.0.0.1:9/a\n")
    usage_error(run("scrape", "-i", str(urls), "-o", str(tmp_path / "o.jsonl"),
                    "--warc-out", str(urls)), "also an input")
    assert urls.read_text() == "http://127.0.0.1:9/a\n"


def test_extract_output_naming_its_page_or_a_page_in_its_folder_is_refused(tmp_path):
    page = tmp_path / "same.html"
    page.write_bytes(SEED_PAGE.read_bytes())
    usage_error(run("extract", str(page), "-o", str(page)), "also an input")
    assert page.read_bytes() == SEED_PAGE.read_bytes()
    usage_error(run("extract", str(tmp_path), "-o", str(tmp_path / "out.html")), "inside")
    # an output of another suffix inside the folder is not read by the walk: allowed
    r = run("extract", str(tmp_path), "-o", str(tmp_path / "out.jsonl"))
    assert r.returncode == 0, r.stderr.decode()
    records = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(records) == 1 and records[0]["headline"]


# 2 (HIGH): a FIFO named *.warc blocked the run for ever (SIGTERM did not end it)


def test_a_fifo_named_warc_is_reported_damaged_not_opened(tmp_path):
    from scrapekit.warc_read import WarcStats, iter_warc

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_bytes(SEED_PAGE.read_bytes())
    os.mkfifo(folder / "x.warc")
    stats = WarcStats()
    got: list = []
    reading = threading.Thread(target=lambda: got.append(list(iter_warc(folder / "x.warc", stats))),
                               daemon=True)  # (before: blocked in open() for ever)
    reading.start()
    reading.join(20)
    assert got == [[]]
    assert [d.message for d in stats.damaged] == [f"cannot open: {folder / 'x.warc'} is not a regular file"]
    r = run("extract", str(folder), "-o", str(tmp_path / "out.jsonl"), timeout=60)
    assert r.returncode == 1, r.stderr.decode()  # damaged input: exit 1 after the records
    assert b"not a regular file" in r.stderr
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1


# 3 (MEDIUM): the duplicate check ignored user:password@: one user got another's page


def test_inputs_differing_only_in_credentials_are_fetched_apart():
    import base64
    import http.server
    import threading

    from scrapekit import Settings, scrape_many
    from scrapekit.urlkeys import dedup_key

    assert len({dedup_key("http://h/p"), dedup_key("http://alice:pw@h/p"),
                dedup_key("http://bob:pw@h/p")}) == 3
    assert "pw" not in dedup_key("http://alice:pw@h/p")  # a digest, never the secret
    assert dedup_key("http://[::1]:8080/x") != dedup_key("http://[::1:8080]/x")
    assert dedup_key("HTTP://H:80/p#f") == dedup_key("http://h/p")

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            auth = self.headers.get("Authorization")
            if self.path == "/robots.txt" or auth is None:
                body, code = b"no", 404 if self.path == "/robots.txt" else 401
            else:
                who = base64.b64decode(auth.split()[1]).decode().split(":")[0]
                body = (f"<html><head><title>{who}</title></head><body><article><h1>Page for "
                        f"{who}</h1><p>{'words ' * 80}</p></article></body></html>").encode()
                code = 200
            self.send_response(code)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        port = srv.server_address[1]
        urls = [f"http://alice:pw@127.0.0.1:{port}/p", f"http://bob:pw@127.0.0.1:{port}/p",
                f"http://127.0.0.1:{port}/p"]
        got = {a.url: (a.headline, a.error.kind if a.error else None)
               for a in scrape_many(urls, Settings(delay=0, retries=0, workers=1))}
    finally:
        srv.shutdown()
    assert got[urls[0]] == ("Page for alice", None)
    assert got[urls[1]] == ("Page for bob", None)
    assert got[urls[2]][1] == "http_status"


# 4 (MEDIUM): a URL with a lone surrogate passed the check, failed as "connect" (feeding the
# host's circuit breaker) and, recorded with "?", was recorded again by --resume


def test_a_url_that_is_not_utf8_text_is_an_invalid_url_and_resume_finds_it():
    from collections import Counter

    import pytest

    from scrapekit.errors import InvalidURL
    from scrapekit.fetch.urls import check_url
    from scrapekit.jsonbytes import sanitize
    from scrapekit.sinks import skip_completed

    bad = "http://127.0.0.1:9/a\udcff.html"
    with pytest.raises(InvalidURL, match="not UTF-8"):
        check_url(bad)
    with pytest.raises(InvalidURL, match="domain name"):
        check_url("http://xn--zz/")
    assert check_url("http://xn--bcher-kva.example/") == "http://xn--bcher-kva.example/"
    done = Counter({sanitize(bad): 1})  # as its record holds it
    assert list(skip_completed([bad, "http://127.0.0.1:9/b"], done)) == ["http://127.0.0.1:9/b"]


# 5 (MEDIUM): a sitemap's elements that are no entry stayed in the tree (33x the document)


def test_a_sitemap_of_ten_megabytes_of_other_elements_is_read_in_little_memory():
    code = r"""
import resource
from scrapekit.sources import _entries
doc = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
       + b"<a/>" * (10 * 262144) + b"<!-- c -->" * 100000
       + b"<url><loc>http://e.example/page</loc></url></urlset>")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
got = list(_entries(doc, "http://e.example/sitemap.xml"))
grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
print(got, grew)
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    got, grew = r.stdout.decode().rsplit(" ", 1)
    assert got == "[('page', 'http://e.example/page')]"
    assert int(grew) < 100, grew  # before: about 330 MB more


def test_complete_documents_with_long_tails_or_in_utf16_are_not_called_truncated():
    from scrapekit.sources import _entries

    doc = ('<?xml version="1.0"?><urlset><url><loc>http://e.example/a</loc></url>'
           '<url><loc>http://e.example/b</loc></url></urlset>')
    for data in (doc.encode() + b" " * 600, doc.encode() + b"\n<!-- " + b"x" * 400 + b" -->",
                 doc.replace('"1.0"', '"1.0" encoding="utf-16"').encode("utf-16")):
        said: list[str] = []
        assert [u for _, u in _entries(data, "http://e.example/s.xml", said.append)] == [
            "http://e.example/a", "http://e.example/b"]
        assert said == []
    said = []
    cut = doc.encode()[:-len("b</loc></url></urlset>")]  # cut inside the last entry's URL
    assert [u for _, u in _entries(cut, "http://e.example/s.xml", said.append)] == [
        "http://e.example/a"]
    assert len(said) == 1 and "truncated" in said[0]


# 6 (MEDIUM): a folder the walk could not list was skipped without a record


def test_a_folder_the_walk_cannot_list_gets_a_record(tmp_path, monkeypatch):
    from pathlib import Path

    import pytest

    from scrapekit.errors import InvalidURL
    from scrapekit.sources import local_paths
    from scrapekit.worker import read_local

    (tmp_path / "a.html").write_text("<p>a</p>")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.html").write_text("<p>b</p>")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert list(local_paths([str(tmp_path)])) == [str(tmp_path / "a.html"), str(locked)]
    real_listdir = os.listdir
    monkeypatch.setattr(os, "listdir", lambda p=".": scandir(p) and real_listdir(p))
    with pytest.raises(InvalidURL, match="folder that cannot be read: Permission denied"):
        read_local(Path(locked), 1000)
    monkeypatch.undo()
    with pytest.raises(InvalidURL, match="is a folder, not a page"):
        read_local(Path(locked), 1000)


# 8 (MEDIUM): a URL list on a pipe gave nothing till 64 KiB came or the writer ended


def test_urls_on_a_pipe_are_read_as_they_come(tmp_path):
    import itertools
    import threading

    from scrapekit.sources import url_lines

    r, w = os.pipe()
    os.write(w, b"http://e.example/1\nhttp://e.example/2\n")  # then the writer pauses
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.extend(
        itertools.islice(url_lines(os.fdopen(r, "rb"), "pipe"), 2)), daemon=True)
    reader.start()
    reader.join(10)
    alive = reader.is_alive()
    os.close(w)
    assert not alive and got == ["http://e.example/1", "http://e.example/2"]


# 9 (LOW): SIGTERM while `extract -` read its page left the output unclosed (a 0-byte json)


def test_sigterm_while_extract_reads_stdin_closes_the_output(tmp_path):
    import signal
    import time

    out = tmp_path / "out.json"
    proc = subprocess.Popen([sys.executable, "-m", "scrapekit", "extract", "-", "-o", str(out),
                             "--format", "json"], stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        proc.stdin.write(b"<html><body><p>half a page")
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 143, proc.stderr.read().decode()
    finally:
        proc.kill()
    assert json.loads(out.read_text()) == []


# 10 (LOW): an over-long list line whose start is blank was dropped as a blank line; a line
# of up to 128 KiB slipped past the 64 KiB bound


def test_over_long_lines_with_a_blank_start_or_made_whole_by_a_chunk_get_a_record():
    import io

    from scrapekit.sources import MAX_LINE, overlong_reason, url_lines

    data = (b"http://e.example/first\n" + b" " * 200_000 + b"http://e.example/padded\n"
            + b"http://e.example/" + b"a" * (MAX_LINE + 1000) + b"\n"
            + b"   http://e.example/short\n")
    got = list(url_lines(io.BytesIO(data), "list"))
    assert got[0] == "http://e.example/first" and got[-1] == "http://e.example/short"
    assert len(got) == 4
    assert all(overlong_reason(u) for u in got[1:3])
    assert "200023 bytes" in got[1]
