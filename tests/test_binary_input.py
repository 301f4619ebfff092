"""The same bytes give the same record kind from the library and the CLI: a PDF (or another
known binary format) handed to ``scrapekit.extract(bytes)`` is ``not_html``, as
``scrapekit extract file`` and ``extract_files`` say, not ``not_article``."""

from __future__ import annotations

import subprocess
import sys

import orjson
import pytest

import scrapekit

BODIES = {
    "pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" * 20,
    "png": b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"<html><p>words</p></html>" * 10,
    "zip": b"PK\x03\x04" + b"<html><body><article><p>text</p></article></body></html>" * 10,
}


@pytest.mark.parametrize("name", sorted(BODIES))
def test_library_and_cli_agree_on_binary_bytes(name, tmp_path):
    data = BODIES[name]
    path = tmp_path / "report.html"  # named as a page: the content decides
    path.write_bytes(data)
    for given in (data, bytearray(data), memoryview(data)):
        art = scrapekit.extract(given, url="https://example.com/report",
                                content_type="text/html")
        assert art.error is not None and art.error.kind == "not_html", art.error
        assert art.page_type is None and art.article_body is None
    lib = scrapekit.extract(data, url="https://example.com/report")
    files = list(scrapekit.extract_files([str(path)]))
    proc = subprocess.run([sys.executable, "-m", "scrapekit", "extract", str(path)],
                          capture_output=True, timeout=120)
    cli = orjson.loads(proc.stdout.splitlines()[0])
    assert lib.error.kind == files[0].error.kind == cli["error"]["kind"] == "not_html"
    assert "not HTML" in lib.error.message


def test_html_bytes_and_text_starting_like_a_format_name_are_still_pages():
    page = (b"<html><head><title>PDF tips</title></head><body><article><h1>PDF tips</h1><p>"
            + b"How to save a page as a PDF file, step by step, with words. " * 10
            + b"</p></article></body></html>")
    art = scrapekit.extract(page, url="https://example.com/tips")
    assert art.error is None and art.headline == "PDF tips"
    text = scrapekit.extract(page.decode(), url="https://example.com/tips")
    assert text.error is None
