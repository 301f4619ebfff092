"""wordCount in languages written without spaces (pages and sentences written for these tests)."""

import pytest

import scrapekit
from scrapekit.extractors.text import word_count

JA = "東京では今日、大雨が降りました。電車は遅れていますが、夜には晴れるでしょう。"
ZH = "今天北京下了大雨，很多市民选择留在家里。气象台表示，明天天气将会好转。"


@pytest.mark.parametrize("text, expected", [
    (None, 0), ("", 0), ("Hello,  world\n", 2),
    ("東京では今日、大雨が降りました。", 14),          # 14 kanji / kana; 、 and 。 are not words
    ("今天北京下了大雨，很多市民选择留在家里。", 18),  # fullwidth comma and 。 are not words
    ("「東京」・大阪 iPhone 15", 6),                  # 東 京 大 阪 + iPhone + 15
    ("ｶﾀｶﾅ", 4),                                     # half-width katakana
    ("서울에서 비가 왔다", 3),                         # Korean: words between spaces
    ("Café à Noël", 3),
])
def test_word_count(text, expected):
    assert word_count(text) == expected


@pytest.mark.parametrize("sentence", [JA, ZH])
def test_word_count_of_a_cjk_article_counts_each_character(sentence):
    """A ~1,500-character Japanese or Chinese article had wordCount 1 (no spaces to split on)."""
    paragraphs = "".join(f"<p>{i}{sentence * 4}</p>" for i in range(10))  # 0-9: one word each
    html = (f"<html><head><title>天気</title></head><body><article><h1>天気のニュース</h1>"
            f"{paragraphs}</article></body></html>")
    art = scrapekit.extract(html, "https://example.com/news/1")
    assert art.article_body and len(art.article_body) > 1400
    punctuation = sum(art.article_body.count(c) for c in "、。，")
    letters = sum(1 for c in art.article_body if not c.isspace()) - punctuation
    assert art.word_count == letters


def test_a_cjk_list_page_stays_a_list():
    """The list rule weighs its headline links' words against the body's: both counted alike
    (counted by spaces, 8 headlines were 8 words against a body of 93)."""
    heads = ["東京で大雨、電車に遅れ", "北海道で初雪を観測しました", "大阪の新しい美術館が開館",
             "名古屋城の修復工事が完了", "京都の紅葉が見頃を迎える", "福岡で国際会議が始まる",
             "沖縄の海でサンゴが回復", "仙台の祭りに多くの観光客"]
    items = "".join(f'<li><h3><a href="/news/{i}">{h}</a></h3></li>' for i, h in enumerate(heads))
    html = (f"<html><head><title>ニュース一覧</title></head><body><h1>ニュース一覧</h1>"
            f"<ul>{items}</ul></body></html>")
    art = scrapekit.extract(html, "https://example.com/news/")
    assert art.word_count > 80 and art.page_type == "list"
