"""Session 19's fixes, each with a test that fails without it."""

from __future__ import annotations

import pytest


def test_with_dask_a_non_string_input_says_what_it_was(tmp_path):
    """A None or a number among the inputs of a Dask run got the record of the string "None"
    ("URL has no scheme"); a run in one process says "input is NoneType, not a URL"."""
    pytest.importorskip("distributed")
    from scrapekit import Settings
    from scrapekit.distributed import merge_parts, run_sharded

    out = tmp_path / "parts"
    manifest = run_sharded([None, 5, "not a url"], "local", out,
                           Settings(workers=1, robots=False, retries=0), local_workers=1)
    assert manifest["records"] == 3
    records = {r["url"]: r["error"] for r in merge_parts(out)}
    assert set(records) == {"None", "5", "not a url"}
    assert records["None"]["kind"] == records["5"]["kind"] == "invalid_url"
    assert records["None"]["message"] == "input is NoneType, not a URL"
    assert records["5"]["message"] == "input is int, not a URL"
    assert "NoneType" not in records["not a url"]["message"]


def test_merge_parts_gives_the_record_of_an_input_that_is_not_utf8(tmp_path):
    """Review 35 (HIGH): a list line holding a byte that is not UTF-8 (read as a lone
    surrogate) got its record in the part file, written as valid UTF-8, but merge_parts counted
    the input under its raw text, skipped the record and said the shard never ran."""
    pytest.importorskip("distributed")
    from scrapekit import Settings
    from scrapekit.distributed import merge_parts, run_sharded

    out = tmp_path / "parts"
    inputs = [b"sur\xffrogate".decode("utf-8", "surrogateescape"), "plain", None]
    manifest = run_sharded(inputs, "local", out, Settings(workers=1, robots=False, retries=0),
                           local_workers=1)
    merged = list(merge_parts(out))
    assert manifest["records"] == len(merged) == 3
    assert {r["error"]["kind"] for r in merged} == {"invalid_url"}


def test_scrape_bag_gives_a_record_for_inputs_that_are_no_string():
    """Review 35 (MEDIUM): scrape_bag raised AttributeError ('NoneType' object has no attribute
    'strip') or TypeError (bytes) while building its graph: no record at all."""
    pytest.importorskip("dask")
    from pathlib import PurePosixPath

    from scrapekit import Settings
    from scrapekit.distributed import scrape_bag

    inputs = [None, 5, b"not a url", PurePosixPath("/tmp/x")]
    records = scrape_bag(inputs, Settings(workers=1, robots=False, retries=0)).compute()
    got = sorted((r["url"], r["error"]["message"]) for r in records)
    assert got == sorted([("None", "input is NoneType, not a URL"),
                          ("5", "input is int, not a URL"),
                          ("PurePosixPath('/tmp/x')", "input is PurePosixPath, not a URL"),
                          ("not a url", got[[u for u, _ in got].index("not a url")][1])])
    assert "NoneType" not in dict(got)["not a url"]


class _BrokenRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no")


def test_an_input_whose_repr_raises_or_is_huge_still_gets_its_record():
    """Review 35 (LOW): one input whose repr raised (a caller's class, an int past Python's
    digit limit) stopped the whole run; a 10 MB repr became a 10 MB url."""
    import scrapekit
    from scrapekit.sources import NOT_A_STRING_REPR

    inputs = [_BrokenRepr(), 10 ** 5000, ["x" * 10_000_000], "also not a url"]
    records = [a.to_dict() for a in scrapekit.scrape_many(
        inputs, settings=scrapekit.Settings(workers=1, robots=False, retries=0), ordered=True)]
    assert len(records) == 4
    assert records[0]["url"] == "<_BrokenRepr object (repr failed: RuntimeError)>"
    assert records[0]["error"]["message"] == "input is _BrokenRepr, not a URL"
    assert records[1]["error"]["message"] == "input is int, not a URL"
    assert "repr failed: ValueError" in records[1]["url"]
    assert len(records[2]["url"]) == NOT_A_STRING_REPR + 3
    assert records[3]["url"] == "also not a url"


def test_the_teardown_keeps_other_warnings_that_mention_a_cancelled_error(caplog):
    import logging

    from scrapekit.distributed import _quiet_teardown

    logger = logging.getLogger("distributed.worker.state_machine")
    with caplog.at_level(logging.INFO, logger=logger.name):
        with _quiet_teardown():
            logger.warning("Async instruction for <Task x> ended with CancelledError")
            logger.error("Unhandled exception in async instruction for <Task y>: "
                         "CancelledError")
    assert [r.levelname for r in caplog.records if r.name == logger.name] == ["ERROR"]


# -- review 36: the Dask run directory and --resume ------------------------------------------------

def _refused(hosts: range, tag: str) -> list[str]:
    # port 9 on loopback refuses at once: a record per input without any network
    return [f"http://127.0.0.{h}:9/{tag}" for h in hosts]


def test_a_changed_shard_loses_its_old_part_before_its_new_inputs_are_written(tmp_path):
    """Review 36 (HIGH): a run over a changed list that died after the spool left the old part
    beside the new shard inputs; the next --resume found the shard "unchanged" with a part and
    skipped it: 45 of 58 inputs lost, exit 0."""
    pytest.importorskip("distributed")
    from scrapekit import Settings
    from scrapekit.distributed import _spool_shards, merge_parts, run_sharded

    settings = Settings(workers=1, robots=False, retries=0, delay=0)
    out = tmp_path / "run"
    first = _refused(range(1, 5), "a")
    run_sharded(first, "local", out, settings, partitions=2, local_workers=1)
    parts = sorted(p.name for p in out.glob("part-*.jsonl"))
    assert len(parts) == 2
    second = first + _refused(range(5, 9), "b")
    _spool_shards(iter(second), out, 2, 1, None)  # ... and the run dies here
    changed = [s for s in parts if (out / s).exists()]
    # every shard whose inputs changed lost its part with the change
    assert len(changed) < 2
    manifest = run_sharded(second, "local", out, settings, partitions=2, local_workers=1,
                           resume=True)
    assert manifest["records"] == len(list(merge_parts(out))) == len(second)


def test_resume_runs_a_shard_again_when_its_part_is_not_whole(tmp_path):
    """Review 36 (MEDIUM): --resume trusted any existing part of an unchanged shard: a part cut
    short lost its inputs for good, and the run said nothing."""
    pytest.importorskip("distributed")
    from scrapekit import Settings
    from scrapekit.distributed import merge_parts, run_sharded

    settings = Settings(workers=1, robots=False, retries=0, delay=0)
    out = tmp_path / "run"
    inputs = _refused(range(1, 5), "a") + _refused(range(1, 5), "b")
    run_sharded(inputs, "local", out, settings, partitions=2, local_workers=1)
    part = sorted(out.glob("part-*.jsonl"))[0]
    lines = part.read_bytes().splitlines(keepends=True)
    part.write_bytes(b"".join(lines[:-1]))  # one record fewer
    manifest = run_sharded(inputs, "local", out, settings, partitions=2, local_workers=1,
                           resume=True)
    statuses = sorted(s["status"] for s in manifest["shards"])
    assert statuses == ["done", "skipped"]
    assert len(list(merge_parts(out))) == len(inputs)


def test_the_dask_summary_says_inputs_without_a_record():
    from scrapekit.cli import dask_summary

    manifest = {"inputs": 5, "records": 4, "errors": {}, "elapsedSeconds": 1.0,
                "failedShards": []}
    assert dask_summary(manifest).endswith("; 1 input(s) have no record")


# -- review 36: appending to an archive (--resume --warc-out) -----------------------------------

def _archive(path, n):
    import test_warc  # (its fake fetch results, written by the recorder)

    return test_warc._write(path, test_warc._fake_results(n))


@pytest.mark.parametrize("name", ["a.warc", "a.warc.gz"])
def test_a_torn_last_record_is_cut_so_records_appended_after_it_can_be_read(tmp_path, name):
    """Review 36 (HIGH): --resume --warc-out appended after a record a kill had cut short;
    every record the resumed run archived was unreadable behind the damage."""
    from scrapekit.warc import WarcRecorder, WarcStats, iter_warc
    from scrapekit.warc_append import prepare_append as cut_torn_tail

    import test_warc

    path = tmp_path / name
    _archive(path, 3)
    data = path.read_bytes()
    offsets = [p.offset for p in iter_warc(path)]
    path.write_bytes(data[:offsets[2] + 300])  # inside the third page's response record
    cut = cut_torn_tail(path)
    assert 0 < cut < len(data) - offsets[2]
    with WarcRecorder(path, test_warc.FAST, append=True) as rec:  # the resumed run
        assert rec.write(test_warc._fake_results(1)[0])
    stats = WarcStats()
    urls = [p.url for p in iter_warc(path, stats)]
    assert not stats.damaged
    assert urls == [f"http://127.0.0.1:8000/article/{i}" for i in (0, 1, 0)]
    assert cut_torn_tail(path) == 0  # a whole file is left as it is


def test_an_archive_damaged_before_its_end_is_refused_for_appending(tmp_path):
    from scrapekit.errors import WarcDamaged
    from scrapekit.warc import iter_warc
    from scrapekit.warc_append import prepare_append as cut_torn_tail

    path = tmp_path / "a.warc"
    _archive(path, 3)
    data = path.read_bytes()
    middle = [p.offset for p in iter_warc(path)][1] + 2000
    path.write_bytes(data[:middle] + b"\x1b[2J\x00garbage\r\n" + data[middle:])
    with pytest.raises(WarcDamaged, match="repair it or write to a new file") as caught:
        cut_torn_tail(path)
    assert "\x1b" not in str(caught.value)  # the file's own bytes are escaped
    assert path.read_bytes()[:middle] == data[:middle]  # nothing cut


def test_resume_with_a_damaged_archive_stops_before_fetching(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "a.warc"
    _archive(path, 3)
    data = path.read_bytes()
    path.write_bytes(data[:4000] + b"garbage\r\n" + data[4000:])
    out = tmp_path / "out.jsonl"
    out.write_text("")
    proc = subprocess.run([sys.executable, "-m", "scrapekit", "scrape", "http://127.0.0.1:9/x",
                           "-o", str(out), "--warc-out", str(path), "--resume"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "is damaged" in proc.stderr and "write to a new file" in proc.stderr
    assert out.read_text() == ""


def test_a_byte_that_is_not_utf8_is_written_as_the_replacement_character():
    """Review 36 (LOW): it was written as "?", so an input with such a byte and the real URL
    with a "?" in its place had one --resume key: the real page was never fetched."""
    from scrapekit.jsonbytes import dumps, sanitize
    from scrapekit.sinks import skip_completed

    bad = b"http://127.0.0.1:9/p/x\xff".decode("utf-8", "surrogateescape")
    real = "http://127.0.0.1:9/p/x?"
    assert sanitize(bad) == "http://127.0.0.1:9/p/x\ufffd"
    assert b"\\ufffd" in dumps({"url": bad}) or "\ufffd".encode() in dumps({"url": bad})
    from collections import Counter

    done = Counter({sanitize(bad): 1})  # the bad line's record is in the file
    assert list(skip_completed([real, bad], done)) == [real]


def test_a_spool_left_by_a_killed_run_is_removed_by_the_next(tmp_path):
    from scrapekit.distributed import SHARDS_DIR, _spool_shards

    shards = tmp_path / SHARDS_DIR
    shards.mkdir()
    (shards / ".spool-deadbeef").write_bytes(b"x" * 1000)
    (shards / ".new-00000").write_bytes(b"y")
    _spool_shards(iter(["http://127.0.0.1:9/a"]), tmp_path, None, 1, None)
    assert sorted(p.name for p in shards.iterdir() if p.name.startswith(".")) == []


def test_a_redirected_input_is_its_records_url_when_extracted_from_the_archive(server, token,
                                                                                tmp_path):
    """Review 36 (MEDIUM): `extract` of a --warc-out archive gave the final URL (after the
    redirects) as a record's url, so its record could not be joined to the scrape's."""
    import scrapekit
    from scrapekit.warc import WarcRecorder, extract_warc

    inputs = [f"{server.base}/redirect/1/{token}", f"{server.base}/article/{token}"]
    path = tmp_path / "a.warc.gz"
    settings = scrapekit.Settings(workers=1, retries=0, delay=0)
    with WarcRecorder(path, settings) as rec:
        scraped = {a.url: a for a in scrapekit.scrape_many(inputs, settings=settings,
                                                          recorder=rec)}
    assert set(scraped) == set(inputs)
    records = {r.url: r for r in extract_warc([path], settings)}
    assert set(records) == set(inputs)
    redirected = records[inputs[0]]
    assert redirected.fetch.final_url == f"{server.base}/article/seed"
    assert redirected.headline == scraped[inputs[0]].headline


def test_a_resumed_run_does_not_archive_again_a_page_archived_without_its_record(
        server, token, tmp_path):
    """Review 36 (HIGH): with --ordered, up to 4,096 pages are archived before their records
    are written; a kill -9 then --resume archived each of them twice."""
    import subprocess
    import sys

    from scrapekit.fetch.client import FetchResult
    from scrapekit.warc import WarcRecorder, iter_warc

    archived = f"{server.base}/article/{token}-1"
    fresh = f"{server.base}/article/{token}-2"
    path = tmp_path / "a.warc.gz"
    with WarcRecorder(path) as rec:  # the killed run archived one page and recorded none
        assert rec.write(FetchResult(url=archived, final_url=archived, status=200,
                                     content_type="text/html", body=b"<html>x</html>",
                                     headers=[("content-type", "text/html")], attempts=1),
                         archived)
    out = tmp_path / "out.jsonl"
    out.write_text("")
    proc = subprocess.run([sys.executable, "-m", "scrapekit", "scrape", archived, fresh, "-o",
                           str(out), "--warc-out", str(path), "--resume", "--delay", "0",
                           "--retries", "0"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert len(out.read_text().splitlines()) == 2  # both recorded
    assert sorted(r.input_url for r in iter_warc(path)) == sorted([archived, fresh])


# -- review 37: what appending may cut, seal or trust ----------------------------------------------

def test_damage_before_the_last_record_is_refused_not_cut(tmp_path):
    """Review 37 (HIGH): a response's Content-Length made larger three records from the end
    read as "file ends inside a record": the whole records after it were cut off."""
    from scrapekit.errors import WarcDamaged
    from scrapekit.warc import iter_warc
    from scrapekit.warc_append import prepare_append

    path = tmp_path / "a.warc"
    _archive(path, 4)
    data = path.read_bytes()
    third = [p.offset for p in iter_warc(path)][2]
    head_end = data.index(b"\r\n\r\n", third)
    header = data[third:head_end]
    length = header.split(b"Content-Length: ")[1].split(b"\r\n")[0]
    bigger = header.replace(b"Content-Length: " + length,
                            b"Content-Length: " + str(int(length) + 900).encode())
    path.write_bytes(data[:third] + bigger + data[head_end:])
    before = path.read_bytes()
    with pytest.raises(WarcDamaged):
        prepare_append(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("name,cut", [("a.warc.gz", 1), ("a.warc.gz", 8), ("a.warc.gz", 10),
                                      ("a.warc", 1), ("a.warc", 4)])
def test_a_last_record_missing_its_seal_is_sealed_and_kept(tmp_path, name, cut):
    """Review 37 (HIGH): a cut in the last gzip trailer (up to 10 bytes) or the last CRLFs
    went unnoticed; every record appended after it was unreadable."""
    import test_warc
    from scrapekit.warc import WarcRecorder, WarcStats, iter_warc
    from scrapekit.warc_append import prepare_append

    path = tmp_path / name
    _archive(path, 2)
    whole = [p.url for p in iter_warc(path, html_only=False)]
    path.write_bytes(path.read_bytes()[:-cut])
    assert prepare_append(path) == 0
    with WarcRecorder(path, test_warc.FAST, append=True) as rec:
        assert rec.write(test_warc._fake_results(1)[0])
    stats = WarcStats()
    urls = [p.url for p in iter_warc(path, stats, html_only=False)]
    assert not stats.damaged
    assert urls == whole + ["http://127.0.0.1:8000/article/0"]


def test_appending_to_a_named_pipe_is_refused_not_waited_on(tmp_path):
    import os

    from scrapekit.errors import WarcDamaged
    from scrapekit.warc import WarcRecorder
    from scrapekit.warc_append import prepare_append

    fifo = tmp_path / "a.warc"
    os.mkfifo(fifo)
    with pytest.raises(WarcDamaged, match="not a regular file"):
        prepare_append(fifo)
    with pytest.raises(OSError, match="named pipe"):
        WarcRecorder(fifo)


def test_only_whole_pages_of_the_last_run_count_as_archived(tmp_path):
    """Review 37 (MEDIUM): a 503 archived by the killed run kept the resumed run's 200 out of
    the archive; an older run's pages in the same file did too."""
    from scrapekit.fetch.client import FetchResult
    from scrapekit.warc import WarcRecorder
    from scrapekit.warc_append import prepare_append

    def result(url, status, body=b"<html><p>x</p></html>"):
        return FetchResult(url=url, final_url=url, status=status, content_type="text/html",
                           body=body, headers=[("content-type", "text/html")], attempts=1)

    path = tmp_path / "a.warc.gz"
    with WarcRecorder(path) as rec:  # an older run
        rec.write(result("http://h.example/old", 200), "http://h.example/old")
    with WarcRecorder(path, append=True) as rec:  # the killed run
        rec.write(result("http://h.example/ok", 200), "http://u:pw@h.example/ok")
        rec.write(result("http://h.example/down", 503), "http://h.example/down")
    seen: dict[int, list[tuple[str, str | None]]] = {}
    prepare_append(path, lambda res, run: seen.setdefault(run, []).append(
        (res.input_url, res.skip)))
    assert seen == {1: [("http://h.example/old", None)],
                    2: [("http://h.example/ok", None), ("http://h.example/down", "http_status")]}
    from scrapekit.warc_append import resume_archive

    # the killed run's whole page without a record is not archived again; its 503, the older
    # run's page and a page already recorded are
    assert resume_archive(path, {"http://h.example/x": 1}) == (0, {"http://h.example/ok"})
    assert resume_archive(path, {"http://h.example/ok": 1}) == (0, set())


def test_a_crafted_input_field_with_control_characters_is_not_the_records_url(tmp_path):
    import json

    from scrapekit.fetch.client import FetchResult
    from scrapekit.warc import WarcRecorder, iter_warc

    path = tmp_path / "a.warc"
    with WarcRecorder(path) as rec:
        rec.write(FetchResult(url="http://h.example/a", final_url="http://h.example/a",
                              status=200, content_type="text/html", body=b"<p>x</p>",
                              headers=[("content-type", "text/html")], attempts=1),
                  "http://h.example/a")
    data = path.read_bytes()
    field = json.dumps("http://h.example/a").encode()
    path.write_bytes(data.replace(field, json.dumps("http://x/\x1b[2J").encode().ljust(
        len(field))))
    (res,) = list(iter_warc(path))
    assert res.input_url is None and res.record_url == "http://h.example/a"


# -- review 38 ---------------------------------------------------------------------------------------

def _torn_then_appended(path, keep: int):
    """The archive cut to ``keep`` bytes, made ready, one record appended: what reads back."""
    import test_warc
    from scrapekit.warc import WarcRecorder, WarcStats, iter_warc
    from scrapekit.warc_append import prepare_append

    path.write_bytes(path.read_bytes()[:keep])
    prepare_append(path)
    with WarcRecorder(path, test_warc.FAST, append=True) as rec:
        rec.write(test_warc._fake_results(1)[0])
    stats = WarcStats()
    urls = [p.url for p in iter_warc(path, stats, html_only=False)]
    return urls, stats


def test_a_tail_cut_inside_the_last_content_length_is_cut_not_taken_as_whole(tmp_path):
    """Review 38 (HIGH): a file ending at "Content-Length:" (no digits) read as a whole record
    of length 0 (warcio's reading of ""), so the next run's records ran on from it."""
    path = tmp_path / "a.warc"
    _archive(path, 2)
    data = path.read_bytes()
    last = data.rindex(b"Content-Length:")
    for keep in (last + len(b"Content-Length:"), last + len(b"Content-Length: ")):
        path.write_bytes(data)
        urls, stats = _torn_then_appended(path, keep)
        assert not stats.damaged, (keep, stats.damaged)
        assert urls[-1] == "http://127.0.0.1:8000/article/0"


@pytest.mark.parametrize("name", ["a.warc", "a.warc.gz"])
def test_a_write_torn_in_the_first_bytes_of_a_record_is_cut_not_refused(tmp_path, name):
    """Review 38 (MEDIUM): "WA" .. "WARC/1." at the end read as an invalid record: refused."""
    import gzip

    path = tmp_path / name
    _archive(path, 2)
    whole = path.read_bytes()
    for start in (b"WA", b"WARC/1."):
        torn = gzip.compress(b"WARC/1.1\r\n")[:12] if name.endswith(".gz") else start
        path.write_bytes(whole + torn)
        urls, stats = _torn_then_appended(path, len(whole) + len(torn))
        assert not stats.damaged, (start, stats.damaged)
        assert urls[-1] == "http://127.0.0.1:8000/article/0"


def test_a_whole_record_right_after_damage_is_never_cut(tmp_path):
    """Review 38 (MEDIUM): a whole record that starts straight after a damaged one (no CRLFs
    between) was not seen, and cut with the damage."""
    from scrapekit.errors import WarcDamaged
    from scrapekit.warc import iter_warc
    from scrapekit.warc_append import prepare_append

    path = tmp_path / "a.warc"
    _archive(path, 2)
    data = path.read_bytes()
    last = data.rindex(b"WARC/1.1\r\n")  # the last record (a request), whole
    before = data[:last]
    damaged = before[:len(before) - 500]  # half of the response before it lost
    path.write_bytes(damaged + data[last:])
    with pytest.raises(WarcDamaged):
        prepare_append(path)
    assert path.read_bytes() == damaged + data[last:]


# -- review 39 ---------------------------------------------------------------------------------------

_HTTP = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 27\r\n\r\n"
         b"<html><p>hello</p></html>\r\n")


def _arc() -> bytes:
    body = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://t.arc 0.0.0.0 20240101000000 text/plain %d\n" % len(body) + body + b"\n"
    for i in range(3):
        out += (b"http://a.example/%d 1.2.3.4 20240101000000 text/html %d\n" % (i, len(_HTTP))
                + _HTTP + b"\n")
    return out


def _warc_record(kind: bytes, block: bytes, length: bytes = b"%d") -> bytes:
    return (b"WARC/1.1\r\nWARC-Type: " + kind + b"\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
            b"WARC-Target-URI: http://a.example/x\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
            % str(abs(hash(block)) % 10**12).encode() + length % len(block)
            + b"\r\n\r\n" + block + b"\r\n\r\n")


def test_an_arc_file_is_read_and_never_cut(tmp_path):
    """Review 39 (MEDIUM): the Content-Length check (WARC only) failed every ARC record: the
    file read as damaged at offset 0 and the append check cut it to nothing."""
    from scrapekit.warc import WarcStats, iter_warc
    from scrapekit.warc_append import prepare_append

    path = tmp_path / "a.warc"
    path.write_bytes(_arc())
    assert prepare_append(path) == 0 and path.read_bytes() == _arc()
    stats = WarcStats()
    list(iter_warc(path, stats))
    assert stats.records == 4 and not stats.damaged


def test_a_content_length_with_a_plus_sign_is_a_length(tmp_path):
    """Review 39: warcio reads "+N" (int() does); the check said "no Content-Length"."""
    from scrapekit.warc import WarcStats, iter_warc
    from scrapekit.warc_append import prepare_append

    path = tmp_path / "a.warc"
    data = _warc_record(b"response", _HTTP) + _warc_record(b"response", _HTTP, b"+%d")
    path.write_bytes(data)
    stats = WarcStats()
    assert len(list(iter_warc(path, stats))) == 2 and not stats.damaged
    assert prepare_append(path) == 0 and path.read_bytes() == data


def test_a_torn_archive_in_one_gzip_stream_is_refused(tmp_path):
    """Review 39 (MEDIUM): an archive gzipped whole after a run and then cut read as whole; an
    append after it made every record unreadable."""
    import gzip

    from scrapekit.errors import WarcDamaged
    from scrapekit.warc_append import prepare_append

    whole = gzip.compress(b"".join(_warc_record(b"response", _HTTP) for _ in range(20)))
    path = tmp_path / "a.warc.gz"
    path.write_bytes(whole)
    assert prepare_append(path) == 0  # whole: appended to as it is
    path.write_bytes(whole[:int(len(whole) * 0.8)])
    with pytest.raises(WarcDamaged, match="is damaged|does not end whole"):
        prepare_append(path)
    assert path.read_bytes() == whole[:int(len(whole) * 0.8)]  # nothing cut
    # records that differ: the first ones read whole, the stream's end is torn
    import os

    whole = gzip.compress(b"".join(_warc_record(b"response", _HTTP.replace(
        b"hello", os.urandom(4).hex()[:5].encode())) for _ in range(200)))
    path.write_bytes(whole[:int(len(whole) * 0.9)])
    with pytest.raises(WarcDamaged, match="does not end whole"):
        prepare_append(path)



# -- review 40: torn writes of our own recorder that must be cut, not refused ------------------------

@pytest.mark.parametrize("quote", [b"WARC/1.0\n", b"WARC/1.1\r\nWARC-Type: response\r\n",
                                   b"see WARC/1.0\n inline"])
@pytest.mark.parametrize("name", ["a.warc", "a.warc.gz"])
def test_a_torn_page_that_quotes_a_warc_header_is_cut(tmp_path, name, quote):
    """Review 40: a page body quoting a record's first line, torn after the quote, read as a
    whole record after the damage: the archive was refused."""
    import test_warc
    from scrapekit.fetch.client import FetchResult
    from scrapekit.warc import WarcRecorder, iter_warc

    path = tmp_path / name
    _archive(path, 2)
    whole = path.read_bytes()
    body = b"<html><pre>" + quote + b"</pre>" + b"<p>text</p>" * 200 + b"</html>"
    url = "http://127.0.0.1:8000/quoting"
    with WarcRecorder(path, test_warc.FAST, append=True) as rec:
        rec.write(FetchResult(url=url, final_url=url, status=200, content_type="text/html",
                              body=body, headers=[("content-type", "text/html")], attempts=1))
    data = path.read_bytes()
    response = [p.offset for p in iter_warc(path) if p.url == url][0]
    keep = (response + 1200) if name == "a.warc" else response + (len(data) - response) // 3
    urls, stats = _torn_then_appended(path, keep)
    assert not stats.damaged, stats.damaged
    assert urls[-1] == "http://127.0.0.1:8000/article/0"
    assert url not in urls and len(path.read_bytes()) > len(whole) // 2


def test_a_plain_archive_torn_in_its_first_record_starts_afresh(tmp_path):
    """Review 40 (LOW): a run killed while writing the first record (its warcinfo) left a
    file --resume refused; a plain one is cut to nothing (no whole record to lose)."""
    path = tmp_path / "a.warc"
    _archive(path, 1)
    urls, stats = _torn_then_appended(path, 100)
    assert not stats.damaged and urls[-1] == "http://127.0.0.1:8000/article/0"
