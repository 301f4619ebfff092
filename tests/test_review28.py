"""Review 28 (a new user's first minutes): settings mistakes are usage errors naming the flag,
not a `connect` record for every page; one exception hierarchy; wrong argument types raise
TypeError; an HTML page given as a feed says so; Ctrl-C while the run starts prints no traceback;
an interrupted run on stdout says it was interrupted; --fetch-processes needs --no-extract; a
--fields record is no whole record; a refused connection is not called a robots.txt problem."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

import scrapekit
from scrapekit import ScrapekitError, Settings

SCRAPEKIT = [sys.executable, "-m", "scrapekit"]


def run(*args, timeout=120):
    return subprocess.run([*SCRAPEKIT, *args], capture_output=True, timeout=timeout)


# M1: a header value or user agent with a line break (or None) was accepted; every page failed


@pytest.mark.parametrize("changes, field", [
    ({"user_agent": "evil\r\nX-Injected: 1"}, "user_agent"),
    ({"headers": {"X-A": "b\r\nX-Injected: 1"}}, "headers"),
    ({"headers": {"X-A": "b\x00"}}, "headers"),
    ({"cookies": {"sid": "b; admin=1"}}, "cookies"),
    ({"cookies": {"bad name": "1"}}, "cookies"),
    ({"cookies": {"a=b": "1"}}, "cookies"),
])
def test_header_and_cookie_values_that_would_forge_another_are_refused(changes, field):
    with pytest.raises(ValueError, match=f"Settings.{field}"):
        Settings(**changes)


def test_text_settings_of_another_type_are_a_type_error_naming_the_field(tmp_path):
    for name, value in (("user_agent", None), ("proxy", 3), ("cache", 3), ("browser", 3)):
        with pytest.raises(TypeError, match=f"Settings.{name} must be a string"):
            Settings(**{name: value})
    assert Settings(headers={"X-A": "tab\tinside"}).headers == (("X-A", "tab\tinside"),)
    assert Settings(cache=tmp_path / "new" / "cache").cache == str(tmp_path / "new" / "cache")


# M2: --cache naming a file was no usage error: every page failed as `connect`, exit 0


def test_a_cache_that_cannot_be_a_directory_is_refused_before_the_run(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("hi")
    with pytest.raises(ValueError, match="is not a directory"):
        Settings(cache=str(afile))
    with pytest.raises(ValueError, match="which is not a directory"):
        Settings(cache=str(afile / "sub"))
    Settings(cache=str(tmp_path / "not" / "yet"))  # created when used


def test_the_command_line_names_the_flag_and_exits_2(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("hi")
    url = "http://127.0.0.1:9/x"
    for flags, said in ((["--cache", str(afile)], b"--cache"),
                        (["--user-agent", "a\r\nb"], b"--user-agent"),
                        (["--header", "X-A: b\rX: 1"], b"--header"),
                        (["--cookie", "a=b;c=d"], b"--cookie"),
                        (["--proxy", "localhost:3128"], b"--proxy must start")):
        r = run("scrape", url, *flags, timeout=60)
        assert r.returncode == 2, (flags, r.stderr)
        assert said in r.stderr and b"Settings." not in r.stderr and b"Traceback" not in r.stderr


# L6: one exception hierarchy


def test_every_error_raised_on_purpose_is_a_scrapekit_error():
    from scrapekit.adapters.httpcore import IncompatibleVersion
    from scrapekit.sources import SourceError, read_url_file
    from scrapekit.workers import TooManyWorkers

    assert issubclass(SourceError, ScrapekitError) and issubclass(SourceError, OSError)
    assert issubclass(TooManyWorkers, ScrapekitError) and issubclass(TooManyWorkers, ValueError)
    # (a broken install is no input's error: kept out, so it is never recorded as a page's kind)
    assert not issubclass(IncompatibleVersion, ScrapekitError)
    with pytest.raises(ScrapekitError, match="cannot read"):
        list(read_url_file("/nonexistent/urls.txt"))
    error = TooManyWorkers("--workers", 500, 2064, 256)
    assert "ulimit -n" in str(error) and error.message == str(error)


# L5: a wrong argument type became a record of its repr


def test_wrong_argument_types_raise_type_error():
    with pytest.raises(TypeError, match="scrape_many"):
        scrapekit.scrape(["http://127.0.0.1:9/a"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got bytes"):
        scrapekit.scrape(b"http://127.0.0.1:9/a")  # type: ignore[arg-type]
    for page in (None, 123):
        with pytest.raises(TypeError, match="str or bytes"):
            scrapekit.extract(page)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="url must be a string"):
        scrapekit.extract("<p>x</p>", url=b"http://a.example/")  # type: ignore[arg-type]
    assert scrapekit.extract(b"<html><body><p>x</p></body></html>").url == ""


# L10: a --fields record read back as an Article dropped its error


def test_a_flattened_record_is_no_whole_record():
    with pytest.raises(ValueError, match="error.kind"):
        scrapekit.Article.from_dict({"url": "http://a.example/", "error.kind": "http_status"})
    with pytest.raises(ValueError, match="needs its url"):
        scrapekit.Article.from_dict({})
    whole = scrapekit.extract("<html><body><p>x</p></body></html>", url="http://a.example/")
    assert scrapekit.Article.from_dict(whole.to_dict()) == whole


def test_parquet_to_stdout_is_refused_in_the_library_as_on_the_command_line():
    from scrapekit.sinks import open_sink

    pytest.importorskip("pyarrow")
    with pytest.raises(ValueError, match="binary file"):
        open_sink(None, "parquet")


# L4: an HTML page given as a feed or sitemap said "nothing to do", exit 0


def test_an_html_page_given_as_a_feed_says_so(server):
    for flag in ("--feed", "--sitemap"):
        r = run("scrape", flag, f"{server.base}/plainhtml", "--delay", "0", timeout=60)
        assert r.returncode == 1, r.stderr
        assert b"an HTML page, not a sitemap or feed" in r.stderr


# L9 and L12


def test_fetch_processes_without_no_extract_is_a_usage_error():
    r = run("scrape", "http://127.0.0.1:9/x", "--fetch-processes", "2", timeout=60)
    assert r.returncode == 2 and b"--fetch-processes applies with --no-extract" in r.stderr


def test_a_refused_connection_is_called_a_connection_problem():
    r = run("scrape", "http://127.0.0.1:9/x", "--retries", "0", "-q", "--fields", "error.message",
            timeout=60)
    assert r.returncode == 0
    assert b"no connection for robots.txt, asked before the page" in r.stdout


# L3 and L8: Ctrl-C (to the whole process group, as a terminal sends it) while the run starts


def _children(pid):
    """Process ids whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                found.append(int(entry))
    return found


def _interrupted(args, ready, after=0.0):
    """Run scrapekit, wait until ``ready(proc)`` (polled), then ``after`` seconds, then Ctrl-C
    to its process group; (exit status, stdout, stderr)."""
    proc = subprocess.Popen([*SCRAPEKIT, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not ready(proc) and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(after)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    return proc.returncode, out, err


def _ignores_sigint(pid):
    """Has the process set SIGINT to ignored (the worker's first statement ran)?"""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("SigIgn:"):
                    return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    except OSError:
        pass
    return False


@pytest.mark.parametrize("after", [0.0, 0.05, 0.2, 0.5])
def test_ctrl_c_while_the_workers_start_prints_no_traceback(server, after):
    # from the worker's first statement on (it ignores Ctrl-C before importing scrapekit: the
    # imports printed a KeyboardInterrupt traceback); a Ctrl-C in the interpreter's own start,
    # before any code of ours runs, is Python's ("init_import_site")
    urls = [f"{server.base}/slow/4/{i}" for i in range(4)]
    code, _out, err = _interrupted(
        ["scrape", *urls, "--delay", "0", "--workers", "2"],
        lambda proc: any(_ignores_sigint(pid) for pid in _children(proc.pid)), after)
    assert code == 130, err
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
    assert b"interrupted" in err  # also with the records on stdout


def test_every_record_written_before_ctrl_c_on_stdout_is_whole(server):
    urls = [f"{server.base}/plainhtml", f"{server.base}/slow/20"]
    code, out, err = _interrupted(["scrape", *urls, "--delay", "0", "--workers", "1"],
                                  lambda proc: server.hits["/slow/20"] > 0, 0.2)
    assert code == 130 and b"interrupted; the records so far were written" in err
    assert all(line.startswith(b"{") and line.endswith(b"}") for line in out.splitlines())


# review 29, of the fixes above


def test_cookie_names_browsers_take_are_taken():
    assert Settings(cookies={"arr[0]": "1", "__Host-sid": "x"}).cookies == (
        ("arr[0]", "1"), ("__Host-sid", "x"))


def test_a_pickled_settings_is_not_checked_against_the_file_system_again(tmp_path):
    import pickle

    folder = tmp_path / "cache"
    settings = Settings(cache=str(folder))
    folder.write_text("a file now")  # (a worker restarted later would fail every start)
    assert pickle.loads(pickle.dumps(settings)).cache == str(folder)
    with pytest.raises(ValueError):
        Settings(cache=str(folder))


def test_too_many_workers_crosses_a_pickle():
    import pickle

    from scrapekit.workers import TooManyWorkers

    again = pickle.loads(pickle.dumps(TooManyWorkers("--workers", 500, 2064, 256)))
    assert isinstance(again, TooManyWorkers) and again.limit == 256 and "ulimit -n" in str(again)


def test_a_flag_name_is_put_for_the_subject_only():
    from scrapekit.cli import _flag_named

    assert _flag_named("Settings.proxy must start with one of http://, got 'Settings.proxy'") \
        == "--proxy must start with one of http://, got 'Settings.proxy'"
    assert _flag_named("Settings.headers: 'X' is no header name") == "--header: 'X' is no header name"


@pytest.mark.parametrize("doc", [
    b'<!DOCTYPE html><meta charset=utf-8><title>Site</title><body><a href="/a">a</a></body>',
    b'<html><body><ul><li><item><link>https://ex.example/x</link></item></li></ul></body></html>',
    b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
])
def test_an_html_page_is_refused_at_its_first_element_before_any_entry(doc):
    from scrapekit.sources import SourceError, _entries

    got = []
    with pytest.raises(SourceError, match="an HTML page"):
        for entry in _entries(doc, "https://ex.example/feed"):
            got.append(entry)
    assert got == []


def test_a_str_subclass_input_is_fetched_as_its_string(server):
    class Url(str):
        pass

    record = scrapekit.scrape(Url(f"{server.base}/plainhtml"), Settings(workers=1, delay=0))
    assert type(record.url) is str and record.error is None


def test_sigterm_while_starting_exits_143_with_one_line():
    proc = subprocess.Popen([sys.executable, "-c", "import time, scrapekit._entry as e; "
                             "import signal; signal.signal(signal.SIGTERM, e._stopped); "
                             "print('ready', flush=True); time.sleep(30)"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline() == b"ready\n"
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 143 and err == b"scrapekit: interrupted while starting\n"


def test_a_worker_ignores_ctrl_c_before_it_imports_anything(tmp_path):
    from scrapekit.workers import _WORKER_MAIN

    fake = tmp_path / "scrapekit"  # a scrapekit whose worker module takes a while to import
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "worker.py").write_text("import sys, time\nprint('importing', flush=True)\n"
                                    "time.sleep(1.5)\ndef main():\n    print('main ran')\n")
    proc = subprocess.Popen([sys.executable, "-c", _WORKER_MAIN], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={"PYTHONPATH": str(tmp_path)})
    assert proc.stdout.readline() == b"importing\n"  # inside the import now
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and out == b"main ran\n", err
    assert b"KeyboardInterrupt" not in err


def test_a_ctrl_c_ignored_by_whoever_started_the_command_stays_ignored():
    # (a script's background job: its shell starts it with SIGINT ignored)
    code = ("import signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
            "import scrapekit._entry as e, scrapekit.cli as cli; "
            "cli.main = lambda: print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN) or 0; "
            "sys.exit(e.main())")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert r.returncode == 0 and r.stdout == b"True\n", r.stderr
