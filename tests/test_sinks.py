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
