"""--format parquet: typed columns read back with pyarrow, row groups written as records come."""

import subprocess
import sys

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from conftest import FIXTURES  # noqa: E402

from scrapekit.record import (  # noqa: E402
    Article, Author, ErrorInfo, ExtractionInfo, FetchInfo, Image, Link,
)
from scrapekit.sinks import open_sink  # noqa: E402


def articles(n):
    for i in range(n):
        if i % 3 == 2:
            yield Article(url=f"https://a.example/{i}", error=ErrorInfo("timeout", "slow"),
                          fetch=FetchInfo(status=None, attempts=4))
        else:
            yield Article(url=f"https://a.example/{i}", headline=f"H{i}", word_count=i,
                          authors=(Author("Ann Lee", "By Ann Lee"),), keywords=("x", "y"),
                          related_links=(Link(f"https://a.example/r{i}", "R", "related"),),
                          main_image=Image("https://a.example/i.jpg"),
                          extraction=ExtractionInfo({"headline": "jsonld", "byline": "dom"}, 7),
                          fetch=FetchInfo(status=200, content_type="text/html", attempts=1))


def test_typed_columns_and_row_groups(tmp_path, monkeypatch):
    from scrapekit import parquet

    monkeypatch.setattr(parquet, "ROW_GROUP_RECORDS", 10)
    path = tmp_path / "a.parquet"
    sink = open_sink(str(path), "parquet")
    sizes = {}
    for i, article in enumerate(articles(25)):
        sink.write(article.to_dict())
        sizes[i] = path.stat().st_size
    sink.close()
    assert sizes[8] < 100 < sizes[9] - sizes[8]  # the first row group hit the disk at record 10
    assert sizes[10] == sizes[18]
    meta = pq.ParquetFile(path).metadata
    assert meta.num_rows == 25 and meta.num_row_groups == 3
    table = pq.read_table(path)
    schema = table.schema
    assert schema.field("wordCount").type == pa.int64()
    assert schema.field("headline").type == pa.string()
    assert schema.field("authors").type == pa.list_(pa.struct(
        [("name", pa.string()), ("nameRaw", pa.string()), ("url", pa.string())]))
    assert schema.field("keywords").type == pa.list_(pa.string())
    assert pa.types.is_struct(schema.field("error").type)
    assert schema.field("error").type.field("status").type == pa.int64()
    assert schema.field("fetch").type.field("status").type == pa.int64()
    sources = schema.field("extraction").type.field("fieldSources").type  # no Arrow map:
    assert sources == pa.list_(pa.struct([("key", pa.string()), ("value", pa.string())]))
    # all null in this file, typed all the same (the schema is explicit)
    assert table.column("canonicalUrl").null_count == 25
    assert schema.field("canonicalUrl").type == pa.string()
    assert schema.field("description").type == pa.string()
    rows = table.to_pylist()
    assert [r["url"] for r in rows] == [f"https://a.example/{i}" for i in range(25)]
    assert rows[0]["authors"] == [{"name": "Ann Lee", "nameRaw": "By Ann Lee", "url": None}]
    assert rows[2]["error"] == {"kind": "timeout", "message": "slow", "status": None}
    assert rows[0]["error"] is None and rows[1]["mainImage"]["url"] == "https://a.example/i.jpg"
    assert rows[0]["extraction"] == {"fieldSources": [{"key": "headline", "value": "jsonld"},
                                                      {"key": "byline", "value": "dom"}],
                                     "elapsedMs": 7, "decodeErrors": None}
    # DuckDB-style queries on the struct columns work on the Arrow table
    kinds = pa.compute.struct_field(table.column("error"), "kind")
    assert kinds.null_count == 17 and kinds.drop_null().to_pylist() == ["timeout"] * 8


def test_dotted_fields_become_typed_columns_and_surrogates_survive(tmp_path):
    path = tmp_path / "b.parquet"
    sink = open_sink(str(path), "parquet", ["url", "error.kind", "fetch.status", "headline"])
    for article in articles(3):
        sink.write(article.to_dict())
    sink.write(Article(url="https://a.example/s", headline="bad \udc80 surrogate").to_dict())
    sink.close()
    table = pq.read_table(path)
    assert table.column_names == ["url", "error.kind", "fetch.status", "headline"]
    assert table.schema.field("fetch.status").type == pa.int64()
    assert table.column("error.kind").to_pylist() == [None, None, "timeout", None]
    assert table.column("headline").to_pylist()[-1].startswith("bad ")


def test_cli_parquet_of_the_fixtures_and_usage(tmp_path):
    path = tmp_path / "articles.parquet"
    r = subprocess.run([sys.executable, "-m", "scrapekit", "extract", str(FIXTURES / "body"),
                        "--format", "parquet", "-o", str(path), "-q", "--workers", "1"],
                       capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    table = pq.read_table(path)
    pages = [p for p in (FIXTURES / "body").iterdir() if ".htm" in p.name]
    assert table.num_rows == len(pages) >= 5
    assert sum(1 for h in table.column("headline").to_pylist() if h) >= 0.9 * table.num_rows
    assert table.schema.field("articleBody").type == pa.string()
    r = subprocess.run([sys.executable, "-m", "scrapekit", "extract", str(FIXTURES / "body"),
                        "--format", "parquet"], capture_output=True, timeout=60)
    assert r.returncode == 2 and b"-o FILE" in r.stderr and len(r.stderr.splitlines()) == 1


def test_without_pyarrow_the_error_says_how_to_install_and_the_file_is_untouched(tmp_path):
    import os

    fake = tmp_path / "fake" / "pyarrow"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('pyarrow is not installed here')\n")
    out = tmp_path / "old.parquet"
    out.write_bytes(b"an earlier result")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake.parent), os.environ.get("PYTHONPATH", "")])}
    r = subprocess.run([sys.executable, "-m", "scrapekit", "extract", str(FIXTURES / "body"),
                        "--format", "parquet", "-o", str(out)], capture_output=True, timeout=60,
                       env=env)
    assert r.returncode == 1
    assert r.stderr.decode().strip().splitlines() == [
        "scrapekit: error: --format parquet needs pyarrow: pip install 'scrapekit[parquet]'"]
    assert out.read_bytes() == b"an earlier result"
