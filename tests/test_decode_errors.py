"""extraction.decodeErrors: how many bytes of the page did not decode (each a U+FFFD)."""

from __future__ import annotations

import jsonschema

import scrapekit
from scrapekit.decode import undecoded

PARA = "<p>Der Caf\u00e9 am Markt hat heute wieder ge\u00f6ffnet, sagte der Inhaber am Montag.</p>"
PAGE = ("<html><head><meta charset='utf-8'><title>T</title></head><body><article>"
        "<h1>Caf\u00e9 news</h1>" + PARA * 8 + "</article></body></html>")


def _errors(data: bytes | str) -> int | None:
    record = scrapekit.extract(data, url="https://example.com/a").to_dict()
    jsonschema.validate(record, scrapekit.json_schema())
    return record["extraction"]["decodeErrors"]


def test_a_clean_page_has_none() -> None:
    assert _errors(PAGE.encode()) == 0


def test_stray_bytes_in_a_utf8_page_are_counted() -> None:
    damaged = PAGE.encode().replace("ge\u00f6ffnet".encode(), b"ge\xf6ffnet", 3)
    assert _errors(damaged) == 3


def test_text_input_was_not_decoded() -> None:
    assert _errors(PAGE) is None


def test_a_replacement_character_the_page_holds_is_no_error() -> None:
    assert _errors(PAGE.replace("Montag", "Montag \ufffd").encode()) == 0
    assert undecoded(b"a\xef\xbf\xbd\xff", "a\ufffd\ufffd") == 1


def test_an_error_record_after_decoding_says_it_too() -> None:
    record = scrapekit.extract(b"<html><body>\xff</body></html>",
                               url="https://example.com/b").to_dict()
    assert record["error"] is not None
    assert record["extraction"]["decodeErrors"] is not None
