"""The command line, run as a real subprocess."""

import json
import subprocess
import sys

import jsonschema

from conftest import FIXTURES, SEED_PAGE, SEED_URL

SEED = str(SEED_PAGE)


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "scrapekit", *args], input=stdin,
                          capture_output=True, timeout=120)


def jsonl(out):
    return [json.loads(line) for line in out.decode().splitlines()]


def test_scrape_url_list_file_writes_one_line_per_input(server, tmp_path, token):
    urls = tmp_path / "urls.txt"
    urls.write_text(
        "# a comment line\n\n"
        f"{server.base}/article/{token}\n"
        f"{server.base}/status/404/{token}\n"
        "   \n"
        "notaurl\n"
        f"{server.base}/pdf/{token}\n")
    out = tmp_path / "out.jsonl"
    r = run("scrape", "-i", str(urls), "-o", str(out), "--retries", "0", "--workers", "1", "--delay", "0",
            "--concurrency", "4", "--per-host", "2", "--timeout", "5", "--user-agent", "t/1")
    assert r.returncode == 0, r.stderr
    records = jsonl(out.read_bytes())
    assert len(records) == 4  # blank lines and comments are not inputs
    kinds = {rec["url"].rsplit("/", 2)[-2] if rec["url"].startswith("http") else rec["url"]:
             (rec["error"] or {}).get("kind") for rec in records}
    assert kinds == {"article": None, "404": "http_status", "notaurl": "invalid_url",
                     "pdf": "not_html"}
    assert b"1 ok, 3 failed" in r.stderr  # the summary
    assert b"http_status 1" in r.stderr


def test_scrape_reads_stdin_and_writes_stdout(server, token):
    r = run("scrape", "-", "-q", "--workers", "1", "--delay", "0",
            stdin=f"{server.base}/article/{token}\n".encode())
    assert r.returncode == 0 and r.stderr == b""
    [rec] = jsonl(r.stdout)
    assert rec["headline"].startswith("Bakhmut") and rec["fetch"]["status"] == 200


def test_extract_offline_with_url_and_md_format():
    r = run("extract", SEED, "--url", SEED_URL, "--format", "md", "-q", "--workers", "1")
    assert r.returncode == 0, r.stderr
    md = r.stdout.decode()
    lines = [x for x in md.split("\n\n") if x]
    assert lines[0] == "# Bakhmut's Capture Key to 'Further Offensive' in Ukraine \u2013 Russia"
    assert lines[1] == "By AFP"
    assert "Russia has reaffirmed" in md
    assert ("Related article: [Russia's Losses in Bakhmut 5 Times Higher Than Ukraine's, NATO "
            "Estimates]") in md
    assert md.rstrip().endswith(f"Original url:\n\n<{SEED_URL}>")


def test_extract_directory_and_file_url_json_array(tmp_path):
    (tmp_path / "a.html").write_bytes(SEED_PAGE.read_bytes())
    (tmp_path / "notes.txt").write_text("not html")
    r = run("extract", str(tmp_path), SEED_PAGE.as_uri(),
            "--format", "json", "-q", "--workers", "1")
    assert r.returncode == 0, r.stderr
    records = json.loads(r.stdout)
    assert len(records) == 2 and all(rec["headline"] for rec in records)


def test_fields_keeps_a_subset():
    r = run("extract", SEED, "--fields", "url,headline", "-q", "--workers", "1")
    assert list(json.loads(r.stdout)) == ["url", "headline"]


def test_schema_command_prints_a_schema_records_validate_against():
    schema = json.loads(run("schema").stdout)
    rec = json.loads(run("extract", SEED, "-q", "--workers", "1").stdout)
    jsonschema.validate(rec, schema)


def test_usage_errors_exit_2_with_one_line():
    for args in (("scrape",), ("scrape", "--concurrency", "zero", "http://x.y/"),
                 ("scrape", "-i", "/no/such/file"), ("extract",), ("bogus",),
                 ("scrape", "--fields", "nope", "http://x.y/")):
        r = run(*args)
        assert r.returncode == 2, args
        assert len(r.stderr.decode().strip().splitlines()) == 1, (args, r.stderr)


def test_unwritable_output_exits_1(tmp_path):
    r = run("extract", SEED, "-o", str(tmp_path / "no" / "such" / "dir.jsonl"), "-q")
    assert r.returncode == 1 and b"cannot write" in r.stderr


def test_resume_after_sigkill_gives_every_input_exactly_once(server, tmp_path, token):
    import os
    import signal
    import time

    inputs = [f"{server.base}/slow/0.2/{token}-{i}" for i in range(40)] + ["bad url"] * 2
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(inputs) + "\n")
    out = tmp_path / "out.jsonl"
    args = [sys.executable, "-m", "scrapekit", "scrape", "-i", str(urls), "-o", str(out), "-q", "--delay", "0",
            "--workers", "1", "--concurrency", "4", "--per-host", "4", "--no-robots"]
    proc = subprocess.Popen(args)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 8):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    first = out.read_bytes().count(b"\n")
    assert 8 <= first < len(inputs)
    with open(out, "ab") as fh:
        fh.write(b'{"schemaVersion": 1, "url": "torn')  # a record cut mid-write
    r = subprocess.run(args + ["--resume"], capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr
    records = jsonl(out.read_bytes())
    assert sorted(rec["url"] for rec in records) == sorted(inputs)


def start_slow_run(server, tmp_path, token, count, seconds, *flags, lines=2, **popen):
    """A scrape of ``count`` slow pages to out.jsonl, started and waited for until ``lines``
    records are on disk: (process, output path, inputs)."""
    import time

    inputs = [f"{server.base}/slow/{seconds}/{token}-{i}" for i in range(count)]
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(inputs) + "\n")
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "scrapekit", "scrape", "-i", str(urls), "-o",
                             str(out), "--delay", "0", "--no-robots", *flags], **popen)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < lines):
        time.sleep(0.05)
    return proc, out, inputs


def test_ctrl_c_stops_cleanly_with_a_summary(server, tmp_path, token):
    import signal

    # 600 pages of 0.3 s at 4 at once: 45 s of work, so a loaded machine still interrupts it;
    # Ctrl-C's default action restored in the child: a test run started in the background of a
    # non-interactive shell ignores SIGINT, and a child inherits that (the run then went on)
    proc, out, _ = start_slow_run(server, tmp_path, token, 600, 0.3, "--workers", "2",
                                  "--concurrency", "4", "--per-host", "4", lines=5,
                                  stderr=subprocess.PIPE,
                                  preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (out.read_bytes().count(b"\n"), err[-3000:])
    assert b"Traceback" not in err
    *_, summary, hint = err.splitlines()
    assert b" done, " in summary  # the summary, then how to go on
    assert hint.endswith(b"run the same command with --resume to do only the rest")
    assert str(out).encode() in hint
    records = jsonl(out.read_bytes())  # every line written is a whole record
    assert 5 <= len(records) < 200


def test_warc_out_then_extract_offline_gives_the_same_articles(server, tmp_path, token):
    urls = [f"{server.base}/article/{token}-{i}" for i in range(3)] + [f"{server.base}/pdf/{token}"]
    warc = tmp_path / "raw.warc.gz"
    live = tmp_path / "live.jsonl"
    r = run("scrape", *urls, "-o", str(live), "--warc-out", str(warc), "-q", "--workers", "1",
            "--delay", "0", "--no-robots")
    assert r.returncode == 0, r.stderr
    again = tmp_path / "again.jsonl"
    r = run("extract", str(warc), "-o", str(again), "--workers", "1")
    assert r.returncode == 0, r.stderr
    assert b"HTML responses" in r.stderr  # the WARC summary line
    fields = ("headline", "byline", "articleBody", "relatedLinks", "datePublished")
    live_ok = {rec["url"]: [rec[f] for f in fields] for rec in jsonl(live.read_bytes())
               if not rec["error"]}
    offline = {rec["url"]: [rec[f] for f in fields] for rec in jsonl(again.read_bytes())}
    assert len(live_ok) == 3 and offline == live_ok


def test_dask_local_cluster_from_the_cli(server, tmp_path, token):
    urls = tmp_path / "urls.txt"
    inputs = [f"{server.base}/article/{token}-{i}" for i in range(4)] + ["not a url"]
    urls.write_text("\n".join(inputs) + "\n")
    out = tmp_path / "out"
    r = run("scrape", "-i", str(urls), "--dask", "local", "-o", str(out), "--delay", "0",
            "--no-robots")
    assert r.returncode == 0, r.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["inputs"] == 5 and manifest["records"] == 5 and not manifest["failedShards"]
    records = [rec for part in sorted(out.glob("part-*.jsonl")) for rec in jsonl(part.read_bytes())]
    assert sorted(rec["url"] for rec in records) == sorted(inputs)
    err = r.stderr.decode()
    assert "INFO" not in err and "{" not in err, err  # no Dask chatter, no raw dicts
    assert "5 done, 4 ok, 1 failed (invalid_url 1)" in err.splitlines()[-1]
    again = run("scrape", "-i", str(urls), "--dask", "local", "-o", str(tmp_path / "q"), "-q",
                "--delay", "0", "--no-robots")
    assert again.returncode == 0 and again.stderr == b"", again.stderr


def test_block_private_addresses_flag_refuses_loopback(server, token):
    r = run("scrape", f"{server.base}/article/{token}", "--block-private-addresses", "-q",
            "--delay", "0", "--workers", "1")
    assert r.returncode == 0
    [rec] = jsonl(r.stdout)
    assert rec["error"]["kind"] == "blocked_address"


def test_resume_keeps_damaged_lines_and_refuses_fields_without_url(tmp_path):
    from scrapekit.sinks import completed_inputs

    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"url": "a"}\n{not json}\n{"url": "b"}\n{"url": "c"')
    assert completed_inputs(str(out)) == {"a": 1, "b": 1}
    assert out.read_bytes() == b'{"url": "a"}\n{not json}\n{"url": "b"}\n'
    r = run("scrape", "http://x.y/", "-o", str(out), "--resume", "--fields", "headline")
    assert r.returncode == 2


def test_zero_timeouts_and_bad_dask_addresses_are_usage_errors():
    # (--extract-timeout 0 means no limit, as extract(timeout=0): tests/test_timeouts.py)
    for args in (("--timeout", "0"), ("--extract-timeout", "-1"), ("--dask", "foo")):
        r = run("scrape", "http://x.y/", *args, "-o", "/tmp/x")
        assert r.returncode == 2, (args, r.stderr)
        assert len(r.stderr.decode().strip().splitlines()) == 1, r.stderr


def test_extract_gzipped_pages_and_markdown_date(tmp_path):
    import gzip

    (tmp_path / "a.html.gz").write_bytes(gzip.compress(SEED_PAGE.read_bytes()))
    (tmp_path / "bad.html.gz").write_bytes(b"\x1f\x8bnot really gzip")
    r = run("extract", str(tmp_path), "-q", "--workers", "1")
    recs = {rec["url"].rsplit("/", 1)[-1]: rec for rec in jsonl(r.stdout)}
    assert recs["a.html.gz"]["headline"].startswith("Bakhmut")
    assert recs["bad.html.gz"]["error"]["kind"] == "decode"
    md = run("extract", SEED, "--format", "md", "-q", "--workers", "1").stdout.decode()
    assert "\n\nMarch 07, 2023\n\n" in md


# -- issue 18: a CLI that never leaves a user guessing -------------------------------------------

def one_line_usage_error(r, *needles):
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err
    return err


def test_extract_refuses_missing_paths_urls_and_url_with_several_files(tmp_path):
    one_line_usage_error(run("extract", str(tmp_path / "missing.html")), "missing.html",
                         "no such file")
    one_line_usage_error(run("extract", SEED, (tmp_path / "gone.html").as_uri()), "gone.html")
    one_line_usage_error(run("extract", "https://example.com/a"), "scrapekit scrape https://")
    one_line_usage_error(run("extract", SEED, SEED, "--url", SEED_URL), "--url")
    one_line_usage_error(run("extract", str(FIXTURES), "--url", SEED_URL), "--url")
    ok = run("extract", SEED, "--url", SEED_URL, "-q", "--workers", "1", "--fields", "url")
    assert ok.returncode == 0 and jsonl(ok.stdout) == [{"url": SEED_URL}]


def test_local_files_that_are_not_html_say_not_html_like_the_fetcher(tmp_path):
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" * 20)
    saved = tmp_path / "page-without-suffix"  # sniffed: it looks like HTML, so it is extracted
    saved.write_bytes(SEED_PAGE.read_bytes())
    r = run("extract", str(pdf), str(saved), "-q", "--workers", "1")
    recs = {rec["url"]: rec for rec in jsonl(r.stdout)}
    assert recs[str(pdf)]["error"]["kind"] == "not_html"
    assert recs[str(saved)]["error"] is None and recs[str(saved)]["headline"]
    r = run("scrape", pdf.as_uri(), "-q", "--workers", "1")
    [rec] = jsonl(r.stdout)
    assert rec["error"]["kind"] == "not_html"


def test_binary_files_named_html_and_truncated_gzip_pages_get_their_own_error(tmp_path):
    import gzip

    report = tmp_path / "annual-report.html"  # a PDF saved under a page's name
    report.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" * 20)
    photo = tmp_path / "photo.htm"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    page = SEED_PAGE.read_bytes()
    stored = tmp_path / "stored-as-sent.html"  # gzip bytes without a .gz name: inflated
    stored.write_bytes(gzip.compress(page))
    cut = tmp_path / "cut.html.gz"  # a download that stopped half-way
    cut.write_bytes(gzip.compress(page)[:1500])
    members = tmp_path / "members.html.gz"  # cat a.gz b.gz: every member is the page
    members.write_bytes(gzip.compress(page[:3000]) + gzip.compress(page[3000:]) + b"\n")
    r = run("extract", str(report), str(photo), str(stored), str(cut), str(members), "-q",
            "--workers", "1")
    recs = {rec["url"]: rec for rec in jsonl(r.stdout)}
    assert recs[str(report)]["error"] == {"kind": "not_html", "status": None,
                                          "message": "annual-report.html is a PDF document, not HTML"}
    assert recs[str(photo)]["error"]["kind"] == "not_html" and "PNG" in recs[str(photo)]["error"]["message"]
    assert recs[str(stored)]["error"] is None and recs[str(stored)]["headline"]
    assert recs[str(cut)]["error"]["kind"] == "decode" and "truncated" in recs[str(cut)]["error"]["message"]
    assert recs[str(members)]["error"] is None
    assert recs[str(members)]["articleBody"] == recs[str(stored)]["articleBody"]


def test_the_extraction_libraries_page_complaints_stay_out_of_stderr(tmp_path):
    odd = tmp_path / "odd.html"  # lxml: "Document is empty"; trafilatura/htmldate log ERROR lines
    odd.write_bytes(b"<!-- x -->")
    r = run("extract", str(odd), "--workers", "1")
    [rec] = jsonl(r.stdout)
    assert rec["error"]["kind"] == "not_article"
    err = r.stderr.decode()
    assert "trafilatura" not in err and "htmldate" not in err, err
    assert "1 failed (not_article 1)" in err  # our own summary still speaks
    debug = run("extract", str(odd), "--workers", "1", "-vv")
    assert "trafilatura" in debug.stderr.decode()  # -vv shows them


def test_empty_inputs_say_nothing_to_do(tmp_path):
    empty_list = tmp_path / "urls.txt"
    empty_list.write_text("# only a comment\n\n")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "notes.txt").write_text("no html here")
    for args, stdin in ((("scrape", "-i", str(empty_list)), None),
                        (("scrape", "-"), b""),
                        (("extract", str(folder)), None)):
        r = run(*args, stdin=stdin)
        err = r.stderr.decode()
        assert r.returncode == 0 and r.stdout == b"", (args, err)
        assert err.startswith("scrapekit: nothing to do: ") and len(err.splitlines()) == 1, err
        assert "pages/s" not in err
    r = run("extract", str(folder), "-q")
    assert r.returncode == 0 and r.stderr == b""


def test_help_shows_defaults_and_groups():
    text = run("scrape", "--help").stdout.decode()
    sections = {}
    for block in text.split("\n\n"):
        title, _, body = block.partition(":\n")
        sections[title.strip()] = body
    assert "--workers" in sections["extraction"] and "--extract-timeout" in sections["extraction"]
    assert "--limit" in sections["run"] and "--limit" not in sections["output"]
    assert "--workers" not in sections["output"]
    fetching = " ".join(sections["fetching (network)"].split())
    for flag, default in (("--read-timeout S", "(default 15)"), ("--retry-budget S", "(default 300"),
                          ("--retry-after-max S", "(default 120)"),
                          ("--user-agent UA", "(default 'scrapekit/")):
        after = fetching.split(flag, 1)[1].split(" --", 1)[0]
        assert default in after, (flag, after)
    assert "--url" in run("extract", "--help").stdout.decode()


def test_resume_on_a_finished_file_says_already_done(server, tmp_path, token):
    inputs = [f"{server.base}/article/{token}-{i}" for i in range(3)] + ["bad url"]
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(inputs) + "\n")
    out = tmp_path / "out.jsonl"
    args = ("scrape", "-i", str(urls), "-o", str(out), "--workers", "1", "--delay", "0",
            "--no-robots")
    assert run(*args).returncode == 0
    before = out.read_bytes()
    r = run(*args, "--resume")
    assert r.returncode == 0
    assert r.stderr.decode().strip() == "scrapekit: 4 already done, nothing left to do"
    assert out.read_bytes() == before


def test_a_second_run_on_the_same_output_is_refused_while_the_first_writes(server, tmp_path, token):
    flags = ("-q", "--workers", "1", "--concurrency", "2", "--per-host", "2")
    first, out, inputs = start_slow_run(server, tmp_path, token, 60, 0.3, *flags, "--resume")
    args = [sys.executable, "-m", "scrapekit", "scrape", "-i", str(tmp_path / "urls.txt"), "-o",
            str(out), "--delay", "0", "--no-robots", *flags]
    try:
        for extra in (["--resume"], []):  # neither appends nor truncates under a running job
            second = subprocess.run(args + extra, capture_output=True, timeout=60)
            one_line_usage_error(second, "another run")
        assert first.poll() is None  # refused while the first was still writing
        assert first.wait(timeout=120) == 0
    finally:
        first.kill()
    records = jsonl(out.read_bytes())
    assert sorted(rec["url"] for rec in records) == sorted(inputs)  # each exactly once


def test_output_deleted_mid_run_is_an_error(server, tmp_path, token):
    import time

    proc, out, _ = start_slow_run(server, tmp_path, token, 300, 0.2, "--workers", "1",
                                  "--concurrency", "2", "--per-host", "2", stderr=subprocess.PIPE)
    out.unlink()
    started = time.monotonic()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert b"was deleted during the run" in err and b"lost" in err
    assert time.monotonic() - started < 15  # noticed within seconds, not after all 300 pages (30 s)


def test_readme_main_job_record_count_is_true(tmp_path):
    import re
    from pathlib import Path

    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text()
    assert ".venv/bin/scrapekit extract examples -o articles.jsonl" in readme
    claimed = re.search(r"become\s+(\d+)\s+records in `articles.jsonl`[^:]*:\s+(\d+) articles and one "
                        r"`(\w+)` error", readme)
    assert claimed, "the README states the main job's record count"
    out = tmp_path / "articles.jsonl"
    r = run("extract", str(root / "examples"), "-o", str(out), "-q")
    assert r.returncode == 0, r.stderr
    records = jsonl(out.read_bytes())
    assert len(records) == int(claimed.group(1))
    assert sum(rec["error"] is None for rec in records) == int(claimed.group(2))
    assert [rec["error"]["kind"] for rec in records if rec["error"]] == [claimed.group(3)]


def test_csv_flattens_objects_and_fields_take_dotted_paths(tmp_path):
    import csv
    import io

    r = run("extract", SEED, str(tmp_path), "--format", "csv", "-q", "--workers", "1")
    empty = tmp_path / "empty.html"  # (an empty file: an error record)
    assert r.returncode == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode())))
    assert len(rows) == 1 and rows[0]["mainImage.url"].startswith("https://")
    assert "error.kind" in rows[0] and rows[0]["error.kind"] == ""
    assert json.loads(rows[0]["authors"])[0]["name"]  # lists stay JSON
    assert "mainImage" not in rows[0] and "error" not in rows[0]
    empty.write_bytes(b"")
    r = run("extract", str(empty), "--format", "csv", "--fields", "url,error.kind,fetch.status", "-q")
    [row] = list(csv.DictReader(io.StringIO(r.stdout.decode())))
    assert list(row) == ["url", "error.kind", "fetch.status"] and row["error.kind"] != ""
    r = run("extract", SEED, "--fields", "url,mainImage.url,error", "-q", "--workers", "1")
    [rec] = jsonl(r.stdout)
    assert list(rec) == ["url", "mainImage.url", "error"] and rec["mainImage.url"].startswith("http")
    one_line_usage_error(run("extract", SEED, "--fields", "error.nope"), "error.nope")
    one_line_usage_error(run("extract", SEED, "--fields", "authors.name"), "authors.name")


def test_the_main_jobs_output_is_ignored_by_git():
    import shutil
    from pathlib import Path

    root = Path(__file__).parent.parent
    if shutil.which("git") is None or not (root / ".git").exists():
        import pytest

        pytest.skip("not a git checkout")
    r = subprocess.run(["git", "check-ignore", "-q", "articles.jsonl"], cwd=root)
    assert r.returncode == 0, "README's main job writes articles.jsonl into the checkout"
