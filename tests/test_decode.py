import codecs

import pytest

from scrapekit.decode import decode_html
from scrapekit.errors import DecodeError

TEXT = "<html><head>{meta}</head><body><p>" + "Stra\u00dfe und \u00c4pfel, ca f\u00e9. " * 30 + "</p></body></html>"


def test_http_charset_wins():
    data = TEXT.format(meta="").encode("latin-1")
    assert decode_html(data, "text/html; charset=ISO-8859-1") == (TEXT.format(meta=""), "cp1252")


def test_bom_beats_a_lying_header():
    data = codecs.BOM_UTF8 + TEXT.format(meta="").encode("utf-8")
    text, enc = decode_html(data, "text/html; charset=windows-1251")
    assert enc == "utf-8" and "Stra\u00dfe" in text


def test_meta_charset_used_without_header():
    html = TEXT.format(meta='<meta http-equiv="Content-Type" content="text/html; charset=latin-1">')
    assert decode_html(html.encode("latin-1"))[1] == "cp1252"


def test_lying_meta_charset_falls_back():
    html = TEXT.format(meta='<meta charset="utf-8">')
    text, enc = decode_html(html.encode("latin-1"))  # says utf-8, is latin-1
    assert "Stra\u00dfe" in text and enc != "utf-8"


def test_undeclared_utf8():
    html = TEXT.format(meta="")
    assert decode_html(html.encode("utf-8")) == (html, "utf-8")


def test_unknown_charset_label_is_ignored():
    html = TEXT.format(meta="")
    assert decode_html(html.encode("utf-8"), "text/html; charset=x-no-such")[1] == "utf-8"


def test_binary_junk_is_a_decode_error():
    with pytest.raises(DecodeError):
        decode_html(bytes(range(32)) * 100)
