"""Sinks used from Python: ``Sink.write`` takes an Article as well as its record dict (an
Article used to be written with its snake_case attributes as keys), refuses anything else, and
a sink is a context manager that closes on the way out, an exception too (a Parquet file then
still gets its footer)."""

from __future__ import annotations

import pytest

from scrapekit.record import Article, Author, ErrorInfo, FetchInfo
from scrapekit.sinks import OutputInUse, open_sink

ARTICLE = Article(url="https://example.com/a", headline="A headline", authors=(Author("Ann"),),
                  article_body="Some words here.", word_count=3, fetch=FetchInfo(status=200))
ERROR = Article(url="https://example.com/b", error=ErrorInfo(kind="http_status", message="404",
                                                             status=404))
TEXT_FORMATS = ("jsonl", "json", "csv", "md")


def _write(path, fmt, records, fields=None) -> bytes:
    sink = open_sink(str(path), fmt, fields)
    for record in records:
        sink.write(record)
    sink.close()
    return path.read_bytes()


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_an_article_is_written_as_its_record(tmp_path, fmt):
    as_dicts = _write(tmp_path / f"d.{fmt}", fmt, [ARTICLE.to_dict(), ERROR.to_dict()])
    as_articles = _write(tmp_path / f"a.{fmt}", fmt, [ARTICLE, ERROR])
    assert as_articles == as_dicts
    assert b"headline" in as_articles and b"word_count" not in as_articles
    if fmt != "md":
        assert b"wordCount" in as_articles
    picked = _write(tmp_path / f"f.{fmt}", fmt, [ARTICLE], fields=["url", "wordCount"])
    assert picked == _write(tmp_path / f"g.{fmt}", fmt, [ARTICLE.to_dict()],
                            fields=["url", "wordCount"])


def test_an_article_is_written_as_its_record_in_parquet(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    _write(tmp_path / "d.parquet", "parquet", [ARTICLE.to_dict(), ERROR.to_dict()])
    _write(tmp_path / "a.parquet", "parquet", [ARTICLE, ERROR])
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.equals(pq.read_table(tmp_path / "d.parquet"))
    assert table.column("wordCount").to_pylist() == [3, 0]


@pytest.mark.parametrize("bad", [object(), ["https://example.com/a"], "a record", None])
def test_anything_else_is_a_type_error(tmp_path, bad):
    with open_sink(str(tmp_path / "out.jsonl")) as sink:
        with pytest.raises(TypeError, match="record dicts or scrapekit.Article"):
            sink.write(bad)
    assert (tmp_path / "out.jsonl").read_bytes() == b""


def test_a_sink_is_a_context_manager_that_closes(tmp_path):
    path = tmp_path / "out.jsonl"
    with open_sink(str(path)) as sink:
        sink.write(ARTICLE)
        with pytest.raises(OutputInUse):
            open_sink(str(path))  # held for the block
    assert sink.stream.closed
    open_sink(str(path)).close()  # the lock went with the close


def test_a_parquet_file_gets_its_footer_when_the_block_raises(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "out.parquet"
    with pytest.raises(RuntimeError, match="boom"):
        with open_sink(str(path), "parquet") as sink:
            sink.write(ARTICLE)
            sink.write(ERROR.to_dict())
            raise RuntimeError("boom")
    table = pq.read_table(path)
    assert table.column("url").to_pylist() == [ARTICLE.url, ERROR.url]
