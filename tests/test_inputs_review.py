"""Input paths of the new-user review (session 9): over-long lines, broken, truncated and
binary URL lists, failed and damaged sitemaps, ``extract -``, ``--resume`` on a foreign file.

Each test runs the real command in a subprocess (or against a loopback server): the review's
reproductions, with exit status, stderr and the records written.
"""

import gzip
import io
import json
import subprocess
import sys
import time

import pytest
from rawserver import response

from scrapekit.pipeline import scrape_many
from scrapekit.settings import Settings
from scrapekit.sources import SourceError, url_lines

PAGE = (b"<html><head><title>Stdin page</title></head><body><article><h1>Read from a pipe</h1>"
        + b"<p>This page came through standard input, one paragraph after another. " * 20
        + b"</p><p><a href=\"/next\">next</a></p></article></body></html>")


def run(*args, stdin=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "scrapekit", *args], input=stdin,
                          capture_output=True, timeout=timeout)


def records(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def ftp_lines(count, host="a.example"):
    """List lines that fail at once (invalid_url, no fetch): the records say what was read."""
    return b"".join(b"ftp://%s/%d\n" % (host.encode(), i) for i in range(count))


# -- HIGH-1: an over-long line is one record; a list that breaks keeps what was read ---------
def test_a_20_mb_line_is_its_own_invalid_url_record_and_reading_goes_on(tmp_path):
    listing = tmp_path / "junk.txt"
    listing.write_bytes(b"ftp://a.example/1\nhttp://a.example/" + b"x" * (20 << 20)
                        + b"\nftp://a.example/2\n")
    out = tmp_path / "o.jsonl"
    r = run("scrape", "-i", str(listing), "-o", str(out), "--workers", "1")
    err = r.stderr.decode()
    assert r.returncode == 0 and "Traceback" not in err, err
    got = records(out)
    assert sorted(x["url"][:17] for x in got) == ["ftp://a.example/1", "ftp://a.example/2",
                                                  "http://a.example/"]
    [long] = [x for x in got if x["url"].startswith("http")]
    assert long["error"]["kind"] == "invalid_url"
    assert long["url"] == "http://a.example/" + "x" * 183 + f" \u2026[cut: a line of {17 + (20 << 20)} bytes]"
    assert "over the 65536-byte limit" in long["error"]["message"]
    assert "'http://a.example/xxx" in long["error"]["message"] and len(long["error"]["message"]) < 400


def test_a_long_comment_is_still_a_comment():
    data = (b"# " + b"c" * (1 << 20) + b"\nhttp://a.example/1 # " + b"note " * 30_000
            + b"\nhttp://a.example/2\n")
    assert list(url_lines(io.BytesIO(data))) == ["http://a.example/1", "http://a.example/2"]


def test_a_broken_gzip_list_after_100k_lines_keeps_every_record_read_before(tmp_path):
    listing = tmp_path / "urls.txt.gz"
    good = gzip.compress(ftp_lines(100_050), compresslevel=1)
    listing.write_bytes(good + b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 64)
    out = tmp_path / "o.jsonl"
    r = run("scrape", "-i", str(listing), "-o", str(out), "--workers", "1", timeout=300)
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err, err
    assert f"scrapekit: error: {listing}: broken gzip URL list" in err
    assert "100050 done" in err and "run the same command with --resume" in err
    assert len(records(out)) == 100_050


def test_a_broken_gzip_list_in_the_first_lines_keeps_their_records(tmp_path):
    listing = tmp_path / "urls.txt.gz"
    listing.write_bytes(gzip.compress(ftp_lines(50)) + b"\x1f\x8b\x08\x00" + b"\x00\xff" * 40)
    out = tmp_path / "o.jsonl"
    r = run("scrape", "-i", str(listing), "-o", str(out), "--workers", "1")
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err, err
    assert "broken gzip URL list" in err and "50 done" in err and "--resume" in err
    assert len(records(out)) == 50


def test_a_read_error_is_a_source_error_naming_the_list():
    class Failing(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, b):
            raise OSError(5, "Input/output error")

    with pytest.raises(SourceError, match="cannot read urls.txt: Input/output error"):
        list(url_lines(io.BufferedReader(Failing()), "urls.txt"))


def test_scrape_many_finishes_the_inputs_read_before_a_source_error():
    def inputs():
        yield from (f"ftp://a.example/{i}" for i in range(300))
        raise SourceError("urls.txt: broken gzip URL list")

    got = []
    with pytest.raises(SourceError, match="broken gzip"):
        for article in scrape_many(inputs(), Settings(workers=1)):
            got.append(article.url)
    assert sorted(got) == sorted(f"ftp://a.example/{i}" for i in range(300))


# -- MEDIUM-4: a truncated gzip list is an error; its torn last line is not a URL ------------
def test_a_truncated_gzip_list_is_an_error_and_its_torn_line_is_not_used(tmp_path):
    lines = [f"ftp://a.example/page-{i:05d}" for i in range(2000)]
    whole = gzip.compress("".join(f"{u}\n" for u in lines).encode())
    listing = tmp_path / "t.gz"
    listing.write_bytes(whole[:len(whole) // 2])
    out = tmp_path / "o.jsonl"
    r = run("scrape", "-i", str(listing), "-o", str(out), "--workers", "1")
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err, err
    assert "truncated gzip URL list" in err
    urls = [x["url"] for x in records(out)]
    assert urls and set(urls) <= set(lines)  # whole lines only
    assert sorted(urls) == lines[:len(urls)]


# -- MEDIUM-11: binary data is not a URL list -------------------------------------------------
def test_a_binary_file_is_not_a_url_list_and_nothing_is_fetched(tmp_path):
    out = tmp_path / "o.jsonl"
    r = run("scrape", "-i", sys.executable, "-o", str(out))
    err = r.stderr.decode()
    assert r.returncode == 1 and not out.exists(), err
    assert err == f"scrapekit: error: {sys.executable}: not a URL list (binary data: a NUL byte " \
                  "in its first bytes)\n"
    utf16 = tmp_path / "urls.txt"
    utf16.write_bytes("http://a.example/1\n".encode("utf-16"))
    r = run("scrape", "-i", str(utf16))
    assert r.returncode == 1 and b"UTF-16 text; save it as UTF-8" in r.stderr


def test_binary_data_on_stdin_is_refused_before_any_record(tmp_path):
    with open(sys.executable, "rb") as fh:
        data = fh.read(1 << 20)
    r = run("scrape", "-", stdin=gzip.compress(data))
    err = r.stderr.decode()
    assert r.returncode == 1 and r.stdout == b"", err
    assert "standard input: not a URL list (binary data" in err and "Traceback" not in err


def test_a_stray_byte_or_a_nul_far_down_the_list_is_still_text():
    data = b"http://a.example/\xff\n" * 1000 + b"http://a.example/\x00\n"
    assert len(list(url_lines(io.BytesIO(data)))) == 1001


# -- MEDIUM-5: failed, empty and damaged sitemaps ----------------------------------------------
URLSET = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
""" + b"".join(b"<url><loc>ftp://news.example/%d</loc></url>\n" % i for i in range(40)) + b"</urlset>"


@pytest.fixture
def xml_server(raw_server):
    srv = raw_server(["127.0.0.1"])
    for path, body in {"/notxml.xml": b"this is not XML at all",
                       "/empty.xml": b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                     b"</urlset>",
                       "/cut.xml": URLSET[:len(URLSET) // 2],
                       "/feed.xml": b"<rss><channel><item><link>ftp://news.example/f</link></item>",
                       }.items():
        srv.route(path, response(200, body, "application/xml"))
    return srv.base()


def scrape(*args):
    return run("scrape", "--delay", "0", "--retries", "0", "--workers", "1", *args)


@pytest.mark.parametrize("path, why", [("/notxml.xml", "not XML"), ("/gone.xml", "404")])
def test_a_sitemap_that_cannot_be_read_is_an_error(xml_server, path, why):
    r = scrape("--sitemap", xml_server + path)
    err = r.stderr.decode()
    assert r.returncode == 1 and r.stdout == b"", err
    assert f"scrapekit: error: no URL to scrape: the sitemap {xml_server}{path}: " in err
    assert why in err.splitlines()[-1] and "Traceback" not in err


def test_a_failed_feed_is_an_error_too_and_an_empty_sitemap_says_so(xml_server):
    r = scrape("--feed", xml_server + "/gone.xml")
    assert r.returncode == 1 and b"no URL to scrape: the feed " in r.stderr
    r = scrape("--sitemap", xml_server + "/empty.xml")
    assert r.returncode == 0 and r.stderr.decode() == (
        "scrapekit: nothing to do: the sitemaps and feeds given list no page URL\n")


def test_a_truncated_sitemap_warns_and_uses_the_urls_before_the_cut(xml_server):
    r = scrape("--sitemap", xml_server + "/cut.xml")
    err = r.stderr.decode()
    assert r.returncode == 0, err
    assert (f"scrapekit: warning: {xml_server}/cut.xml: truncated XML" in err
            and "the URLs read from it are used, but not an entry cut off by its end" in err)
    urls = [json.loads(line)["url"] for line in r.stdout.splitlines()]
    assert sorted(urls) == sorted(f"ftp://news.example/{i}" for i in range(19))  # not "ft"
    r = scrape("--feed", xml_server + "/feed.xml")
    assert r.returncode == 0 and b"feed.xml: truncated XML" in r.stderr


# -- LOW-15: extract - ------------------------------------------------------------------------
def test_extract_reads_one_page_from_stdin(tmp_path):
    r = run("extract", "-", "--workers", "1", stdin=PAGE)
    assert r.returncode == 0, r.stderr
    [rec] = [json.loads(line) for line in r.stdout.splitlines()]
    assert rec["url"] == "-" and rec["headline"] == "Read from a pipe" and rec["error"] is None
    r = run("extract", "-", "--url", "https://news.example/a/b", "--workers", "1", stdin=PAGE)
    [rec] = [json.loads(line) for line in r.stdout.splitlines()]
    assert rec["url"] == "https://news.example/a/b" and rec["headline"] == "Read from a pipe"


def test_extract_stdin_keeps_the_page_size_cap():
    r = run("extract", "-", "--workers", "1", stdin=b"<html>" + b" " * (11 << 20))
    [rec] = [json.loads(line) for line in r.stdout.splitlines()]
    assert r.returncode == 0 and rec["url"] == "-"
    assert rec["error"]["kind"] == "too_large" and "standard input" in rec["error"]["message"]


# -- LOW-17: --resume on a file that is not scrapekit output ----------------------------------
@pytest.mark.parametrize("content", [b"not json\n", b"[\n{\"url\": \"ftp://a.example/1\"}\n",
                                     b"hello, no line break", b"{\"a\": 1}\n"])
def test_resume_refuses_a_file_that_is_not_scrapekit_output(tmp_path, content):
    out = tmp_path / "o.jsonl"
    out.write_bytes(content)
    r = run("scrape", "ftp://a.example/1", "-o", str(out), "--resume", "-q")
    assert r.returncode == 2 and out.read_bytes() == content, r.stderr
    assert r.stderr.decode().startswith(f"scrapekit: error: --resume: {out} is not scrapekit "
                                        "JSON Lines output")


def test_resume_still_accepts_a_torn_first_record(tmp_path):
    out = tmp_path / "o.jsonl"
    out.write_bytes(b'{"schemaVersion":1,"url":"ftp://a.example/1","canonicalU')
    r = run("scrape", "ftp://a.example/1", "-o", str(out), "--resume", "-q")
    assert r.returncode == 0, r.stderr
    assert [x["url"] for x in records(out)] == ["ftp://a.example/1"]


def test_a_truncated_list_under_dask_is_one_error_not_a_traceback(tmp_path):
    pytest.importorskip("dask.distributed")
    whole = gzip.compress(ftp_lines(2000))
    listing = tmp_path / "t.gz"
    listing.write_bytes(whole[:len(whole) // 2])
    r = run("scrape", "-i", str(listing), "--dask", "local", "-o", str(tmp_path / "parts"),
            "--workers", "1")
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err, err
    assert f"scrapekit: error: {listing}: truncated gzip URL list" in err


def test_a_list_from_a_pipe_is_read_whole(tmp_path):
    import os

    fifo = tmp_path / "urls.fifo"  # as -i <(zcat urls.txt.gz) gives it: read once
    os.mkfifo(fifo)
    out = tmp_path / "o.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "scrapekit", "scrape", "-i", str(fifo), "-o",
                             str(out), "-q", "--workers", "1"], stderr=subprocess.PIPE)
    with open(fifo, "wb") as fh:  # opened once scrapekit opens it for reading
        time.sleep(0.5)  # a reader that only opened it to look would have closed it by now
        fh.write(ftp_lines(5000))
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    assert len(records(out)) == 5000


def test_a_bare_ampersand_or_a_blank_line_before_the_declaration_loses_no_url():
    # review 4 (HIGH): the strict check took any malformation for a cut and dropped every entry
    # the forgiving parser held back until the end
    from scrapekit.sources import _entries

    urls = "".join(f"<url><loc>http://e.example/{i}</loc></url>" for i in range(500))
    notes: list[str] = []
    amp = f'<?xml version="1.0"?><urlset><url><loc>http://e.example/a?x=1&y=2</loc></url>{urls}</urlset>'
    assert len(list(_entries(amp.encode(), "http://x/s.xml", notes.append))) == 501
    blank = f'\n<?xml version="1.0"?><urlset>{urls}</urlset>'
    assert len(list(_entries(blank.encode(), "http://x/s.xml", notes.append))) == 500
    feed = "<rss><channel>" + "".join(f"<item><title>News {i} & more</title><link>"
                                      f"http://e.example/n{i}</link></item>" for i in range(20))
    assert len(list(_entries((feed + "</channel></rss>").encode(), "http://x/f.xml",
                             notes.append))) == 20
    assert notes == []  # nothing was cut: no warning
    cut = f'<?xml version="1.0"?><urlset>{urls}<url><loc>http://e.example/torn-ur'
    got = list(_entries(cut.encode(), "http://x/s.xml", notes.append))
    assert len(got) == 500 and got[-1] == ("page", "http://e.example/499")
    assert len(notes) == 1 and "truncated XML" in notes[0]
