"""A huge text (one 20 MB paragraph) costs the body step a bounded number of passes: word
bounds stop counting past their bound, a paragraph is collapsed once per page, a long line is
not scanned for every notice keyword. Same answers as the full counts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scrapekit.extractors import body, body_dom, patterns
from scrapekit.extractors.document import parse

WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2003\u3000"


@given(st.text(alphabet=st.sampled_from("ab-" + WHITESPACE), max_size=60),
       st.integers(min_value=0, max_value=12))
def test_word_bounds_answer_as_full_counts(text, bound):
    words = len(text.split())
    assert body.at_most_words(text, bound) == (words <= bound)
    assert body.word_total(text) == words
    capped = body.word_total(text, bound)
    assert capped == min(words, bound)
    assert (capped >= bound) == (words >= bound) and (capped <= bound)


@given(st.text(alphabet=st.sampled_from("ab\u200b\ud7ff" + WHITESPACE), max_size=60))
def test_long_text_word_count_without_a_list_is_exact(text):
    """Above LONG_LINE characters a text whose words are one space apart is counted by its
    spaces (any other white space is unprintable, so isprintable() rules it out)."""
    long_line = body.LONG_LINE
    body.LONG_LINE = 0
    try:
        assert body.word_total(text) == len(text.split())
    finally:
        body.LONG_LINE = long_line


def test_a_huge_collapsed_text_is_counted_without_splitting():
    class Text(str):
        def split(self, *args):  # the fast path never gets here
            raise AssertionError("split")

    assert body.word_total(Text("word " * 5_000 + "end")) == 5_001


def test_a_paragraph_is_collapsed_once_per_page(monkeypatch):
    text = "word " * 200_000
    page = parse(f"<html><body><article><p>{text}</p></article></body></html>",
                 "https://e.example/x")
    big = []
    real = body_dom.collapse

    def counting(value):
        if value and len(value) > 100_000:
            big.append(1)
        return real(value)

    monkeypatch.setattr(body_dom, "collapse", counting)
    paragraphs = body_dom.densest_paragraphs(page)
    assert paragraphs == [text.strip()]
    assert body_dom.first_paragraph_node(page, paragraphs[0]) is not None
    assert len(big) == 1  # the densest-container fallback and the lead's search share it


class _Keywords(list):
    scanned = 0

    def __iter__(self):
        type(self).scanned += 1
        return super().__iter__()


def test_a_long_line_is_not_scanned_for_each_notice_keyword(monkeypatch):
    monkeypatch.setattr(patterns, "BODY_NOTICE_KEYWORDS", _Keywords(patterns.BODY_NOTICE_KEYWORDS))
    long_line = "word " * (body.LONG_LINE // 4)
    assert not body._is_notice(long_line)
    assert _Keywords.scanned == 0
    assert not body._is_notice("a short line")
    assert _Keywords.scanned == 1  # a short line: the keyword scan is still the first test
