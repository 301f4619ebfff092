"""isAccessibleForFree and pageType on pages written for these tests (tests/fixtures/features)."""

import pytest

import scrapekit
from scrapekit.extractors import extract

from conftest import FIXTURES, SEED_HTML, SEED_URL

PAGES = FIXTURES / "features"


def record(name: str, url: str | None = None):
    html = (PAGES / name).read_bytes()
    return extract(html, url=url or f"https://example.com/news/{name.removesuffix('.html')}")


@pytest.mark.parametrize("name, page_type, type_source, free, free_source", [
    ("paywalled.html", "article", "jsonld", False, "jsonld"),   # JSON-LD isAccessibleForFree + hasPart
    ("teaser.html", "article", "meta", False, "dom"),          # paywall overlay + "subscribe to continue"
    ("free.html", "article", "body", True, "meta"),            # article:content_tier = free
    ("liveblog.html", "liveblog", "jsonld", None, None),       # LiveBlogPosting
    ("liveblog-markup.html", "liveblog", "dom", None, None),   # timestamped live-post entries only
    ("video.html", "video", "meta", None, None),               # og:type video.other
    ("gallery.html", "gallery", "dom", None, None),            # a gallery of 8 figures, little text
])
def test_page_type_and_access(name, page_type, type_source, free, free_source):
    art = record(name)
    assert art.ok, art.error
    assert art.page_type == page_type
    assert art.is_accessible_for_free is free
    sources = art.extraction.field_sources
    assert sources["pageType"] == type_source
    assert sources.get("isAccessibleForFree") == free_source


def test_unknown_access_is_null_on_a_plain_article():
    art = extract(SEED_HTML, url=SEED_URL)
    assert art.page_type == "article"
    assert art.is_accessible_for_free is None
    assert "isAccessibleForFree" not in art.extraction.field_sources


def test_a_long_article_with_a_paywall_class_is_not_called_a_teaser():
    html = (PAGES / "teaser.html").read_text()
    long = "<p>" + "Residents spoke at length about the plan and its costs. " * 60 + "</p>"
    art = extract(html.replace("<div class=\"paywall-overlay\">", long + "<div class=\"paywall-overlay\">"),
                  url="https://example.com/news/x")
    assert art.word_count > 250
    assert art.is_accessible_for_free is None


def test_url_segment_gives_the_type_when_nothing_else_does():
    html = (PAGES / "free.html").read_text().replace('content="free"', 'content="metered"')
    art = extract(html, url="https://example.com/live/election-night")
    assert (art.page_type, art.extraction.field_sources["pageType"]) == ("liveblog", "url")
    assert art.is_accessible_for_free is None  # metered: unknown for this reader


def test_a_page_of_headlines_is_a_list():
    items = "".join(f'<li><h3><a href="/news/story-{i}">Story number {i} of the day</a></h3></li>'
                    for i in range(8))
    html = f"<html><body><h1>Latest news</h1><ul>{items}</ul></body></html>"
    art = extract(html, url="https://example.com/news/")
    assert art.page_type == "list"
    assert art.extraction.field_sources["pageType"] == "dom"
    d = art.to_dict()
    assert d["pageType"] == "list" and d["isAccessibleForFree"] is None


def test_new_keys_in_every_record_and_schema():
    schema = scrapekit.json_schema()
    record = scrapekit.extract(SEED_HTML, url=SEED_URL).to_dict()
    for key in ("isAccessibleForFree", "pageType"):  # in every record; optional in the schema
        assert key in schema["properties"] and key in record and key not in schema["required"]
    assert "rule" in schema["properties"]["extraction"]["properties"]["fieldSources"][
        "additionalProperties"]["enum"]


@pytest.mark.parametrize("meta, free", [
    ('<meta name="paywall" content="locked">', False),
    ('<meta name="paywall" content="premium">', False),
    ('<meta name="paywall" content="subscription">', False),
    ('<meta name="article:paywall" content="free">', True),
    ('<meta name="paywall" content="yes">', False),
    ('<meta name="paywall" content="false">', True),
    ('<meta name="paywall" content="1">', False),
    ('<meta name="paywall" content="maybe">', None),
])
def test_paywall_meta_words_name_the_access_flags_answer_the_paywall(meta, free):
    body = "<p>" + " ".join(["word"] * 60) + "</p>"
    html = (f"<html><head>{meta}<title>T</title></head><body><h1>Headline here</h1>"
            f"<article>{body}</article></body></html>")
    art = extract(html, url="https://x.example/a")
    assert art.is_accessible_for_free is free
    assert art.extraction.field_sources.get("isAccessibleForFree") == (
        "meta" if free is not None else None)
