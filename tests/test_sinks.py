import csv
import io
import json

from scrapekit.record import Article, Author, Link
from scrapekit.sinks import CSVSink, JSONArraySink, JSONLinesSink, md_escape, render_markdown


class Buf(io.BytesIO):
    def close(self):  # keep the bytes readable after the sink closes
        pass


def rec(**kw):
    return Article(url="https://a.example/x", **kw).to_dict()


def test_jsonl_one_line_per_record_even_with_lone_surrogates():
    buf = Buf()
    sink = JSONLinesSink(buf)
    sink.write(rec(headline="ok"))
    sink.write(rec(headline="bad \udc80 surrogate"))
    lines = buf.getvalue().decode("utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["headline"].startswith("bad ")


def test_json_array_is_valid_json_empty_or_not():
    for n in (0, 2):
        buf = Buf()
        sink = JSONArraySink(buf)
        for _ in range(n):
            sink.write(rec())
        sink.close()
        assert len(json.loads(buf.getvalue())) == n


def test_csv_flat_columns_and_formula_injection_neutralised():
    buf = Buf()
    sink = CSVSink(buf)
    sink.write(rec(headline="=HYPERLINK(\"http://evil\")", authors=(Author("A, B"),),
                   article_body="line1\nline2 \"quoted\""))
    rows = list(csv.reader(io.StringIO(buf.getvalue().decode())))
    header, row = rows
    cells = dict(zip(header, row))
    assert cells["headline"].startswith("'=")
    assert json.loads(cells["authors"])[0]["name"] == "A, B"
    assert cells["articleBody"] == "line1\nline2 \"quoted\""


def test_markdown_escapes_structure():
    assert md_escape("# not a heading") == "\\# not a heading"
    assert md_escape("[x](y)") == "\\[x\\](y)"
    md = render_markdown(rec(headline="H", article_body="- item\n\n> quote",
                             related_links=(Link("https://a.example/y", "Y", "inBody"),)))
    assert "\\- item" in md and "\\> quote" in md
    assert "Related article: [Y](<https://a.example/y>)" in md


def test_csv_columns_come_from_the_schema_so_error_kind_is_always_a_column():
    from scrapekit.record import ErrorInfo, FetchInfo, Image

    buf = Buf()
    sink = CSVSink(buf)
    sink.write(rec(headline="ok", main_image=Image("https://a.example/i.jpg", "cap"),
                   fetch=FetchInfo(status=200), keywords=("a", "b")))
    sink.write(rec(error=ErrorInfo("timeout", "took too long")))
    header, ok, bad = list(csv.reader(io.StringIO(buf.getvalue().decode())))
    assert "error" not in header and "mainImage" not in header and "fetch" not in header
    assert header[-3:] == ["error.kind", "error.message", "error.status"]
    first, second = dict(zip(header, ok)), dict(zip(header, bad))
    assert first["mainImage.url"] == "https://a.example/i.jpg" and first["fetch.status"] == "200"
    assert first["error.kind"] == "" and second["error.kind"] == "timeout"
    assert json.loads(first["keywords"]) == ["a", "b"]  # lists stay JSON
    assert json.loads(first["extraction.fieldSources"]) == {}


def test_dotted_fields_select_into_objects_and_unknown_paths_are_refused():
    import pytest

    from scrapekit.fields import check_fields, select_fields
    from scrapekit.record import ErrorInfo

    record = rec(error=ErrorInfo("http_status", "HTTP 404", status=404))
    assert select_fields(record, ["url", "error.kind", "error.status", "mainImage.url"]) == {
        "url": "https://a.example/x", "error.kind": "http_status", "error.status": 404,
        "mainImage.url": None}
    for bad in ("error.nope", "authors.name", "url.x", "nope"):
        with pytest.raises(ValueError, match="unknown field"):
            check_fields([bad])


def test_output_file_lock_and_gone(tmp_path):
    import fcntl
    import os

    import pytest

    from scrapekit.sinks import OutputGone, OutputInUse, open_sink

    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"url": "kept"}\n')
    sink = open_sink(str(path), append=True)
    with pytest.raises(OutputInUse, match="another run"):
        open_sink(str(path))  # would truncate: refused, and the file is untouched
    assert path.read_bytes() == b'{"url": "kept"}\n'
    with open(path, "rb") as other, pytest.raises(BlockingIOError):
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # a real advisory lock
    sink.write(rec())
    sink.check()  # still there
    path.unlink()
    with pytest.raises(OutputGone, match="deleted"):
        sink.close()
    sink = open_sink(str(path))
    sink.write(rec())
    os.replace(path, tmp_path / "moved.jsonl")
    path.write_bytes(b"")  # another file now at the path
    with pytest.raises(OutputGone, match="replaced"):
        sink.close()
    sink = open_sink(str(path))  # the lock went with the closed file
    sink.write(rec())
    sink.close()
    assert path.read_bytes().count(b"\n") == 1


def test_progress_without_a_terminal_shows_total_and_eta(monkeypatch):
    from scrapekit import progress as progress_mod
    from scrapekit.progress import Progress, Tally

    monkeypatch.setattr(progress_mod, "LINE_EVERY", 0.0)
    out = io.StringIO()
    tally = Tally()
    tally.started -= 10  # 10 s in
    bar = Progress(tally, total=40, stream=out)
    for _ in range(10):
        tally.add(rec())
    bar.update()
    line = out.getvalue().strip()
    assert line.startswith("scrapekit: 10/40 done, 10 ok, 0 failed") and line.endswith("ETA 30s")
    tally.skipped()
    bar.close(hint="interrupted")
    assert out.getvalue().splitlines()[-2:] == [
        out.getvalue().splitlines()[-2], "scrapekit: interrupted"]
    assert "1 already done, 10 done" in out.getvalue().splitlines()[-2]
