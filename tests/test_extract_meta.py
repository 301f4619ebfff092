"""Headline, byline/authors, dates and other metadata on small pages that pin each rule."""

import pytest

import scrapekit
from scrapekit.extract.authors import clean_name, split_names
from scrapekit.extract.dates import normalize_date
from scrapekit.extract.headline import strip_site_name
from scrapekit.extract.metadata import normalize_language

from pagekit import BODY, page


@pytest.mark.parametrize("title,expected", [
    ("Big News Today | Example Times", "Big News Today"),
    ("Example Times - Big News Today", "Big News Today"),
    ("Big News Today \u2013 Example Times", "Big News Today"),
    ("Big News Today - Part 2 | example.com", "Big News Today - Part 2"),
    ("Big News Today", "Big News Today"),
])
def test_site_name_is_stripped_from_titles(title, expected):
    assert strip_site_name(title, {"example times", "example", "example com"}) == expected


def test_headline_prefers_visible_h1_confirmed_by_metadata():
    html = page("<title>Storm hits coast, thousands evacuated | Daily Planet</title>"
                "<meta property='og:site_name' content='Daily Planet'>",
                "<h1>Storm hits coast, thousands evacuated</h1>" + BODY)
    art = scrapekit.extract(html, url="https://dailyplanet.example/2024/01/02/storm")
    assert art.headline == "Storm hits coast, thousands evacuated"
    assert art.extraction.field_sources["headline"] == "dom"


def test_headline_falls_back_to_og_title_without_suffix():
    html = page("<meta property='og:title' content='Quiet day at the market - Daily Planet'>"
                "<meta property='og:site_name' content='Daily Planet'>", BODY)
    assert scrapekit.extract(html).headline == "Quiet day at the market"


def test_byline_and_authors_split_and_cleaned():
    html = page("", "<h1>T</h1><div class='byline'>By Jane Doe, Staff Writer and "
                "<a href='/people/john-roe'>John Roe</a></div>" + BODY)
    art = scrapekit.extract(html, url="https://n.example/a")
    assert art.byline == "By Jane Doe, Staff Writer and John Roe"


@pytest.mark.parametrize("raw,names", [
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("Von Anna Schmidt und Peter M\u00fcller", ["Anna Schmidt", "Peter M\u00fcller"]),
    ("Par Marie Dupont et Jean Martin", ["Marie Dupont", "Jean Martin"]),
    ("Jane Doe, John Roe & Max Mustermann", ["Jane Doe", "John Roe", "Max Mustermann"]),
])
def test_author_splitting(raw, names):
    assert [clean_name(p) for p in split_names(raw)] == names


def test_jsonld_authors_win_and_emails_and_site_names_are_rejected():
    html = page(
        '<meta property="og:site_name" content="Daily Planet">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H",'
        '"author": [{"@type": "Person", "name": "Lois Lane", "url": "/staff/lois"},'
        '{"@type": "Person", "name": "editor@dailyplanet.example"},'
        '{"@type": "Organization", "name": "Daily Planet"}]}</script>', "<h1>H</h1>" + BODY)
    art = scrapekit.extract(html, url="https://dailyplanet.example/news/h")
    assert [(a.name, a.url) for a in art.authors] == [
        ("Lois Lane", "https://dailyplanet.example/staff/lois")]
    assert art.extraction.field_sources["authors"] == "jsonld"


def test_published_and_modified_are_kept_apart():
    html = page('<meta property="article:published_time" content="2024-02-03T10:00:00+01:00">'
                '<meta property="article:modified_time" content="2024-02-04T08:30:00Z">',
                "<h1>T</h1>" + BODY)
    art = scrapekit.extract(html)
    assert art.date_published == "2024-02-03T10:00:00+01:00"
    assert art.date_modified == "2024-02-04T08:30:00+00:00"
    assert art.date_modified_raw == "2024-02-04T08:30:00Z"


def test_printed_date_is_parsed_without_inventing_a_time():
    html = page("", "<h1>T</h1><time>March 07, 2023</time>" + BODY)
    art = scrapekit.extract(html)
    assert art.date_published == "2023-03-07" and art.date_published_raw == "March 07, 2023"


def test_date_from_url_as_a_last_structured_resort():
    art = scrapekit.extract(page("", "<h1>T</h1>" + BODY), url="https://n.example/2021/05/17/story")
    assert art.date_published == "2021-05-17"
    assert art.extraction.field_sources["datePublished"] == "url"


@pytest.mark.parametrize("raw,iso", [
    ("2023-03-07", "2023-03-07"), ("2023-03-07T18:00:00Z", "2023-03-07T18:00:00+00:00"),
    ("7 March 2023", "2023-03-07"), ("not a date", None), ("1850-01-01", None), ("", None),
])
def test_normalize_date(raw, iso):
    assert normalize_date(raw) == iso


def test_metadata_fields():
    html = page('<link rel="canonical" href="/a/canonical">'
                '<meta name="description" content="  A   summary. ">'
                '<meta property="og:image" content="/img/lead.jpg">'
                '<meta name="keywords" content="alpha, beta, alpha">',
                "<h1>T</h1>" + BODY, lang="de_AT")
    art = scrapekit.extract(html, url="https://n.example/a/b")
    assert art.canonical_url == "https://n.example/a/canonical"
    assert art.description == "A summary."
    assert art.main_image.url == "https://n.example/img/lead.jpg"
    assert art.keywords == ("alpha", "beta")
    assert art.in_language == "de-AT"


@pytest.mark.parametrize("raw,code", [("en", "en"), ("en_US", "en-US"), ("zh-Hant-TW", "zh-Hant-TW"),
                                      ("", None), ("123", None)])
def test_normalize_language(raw, code):
    assert normalize_language(raw) == code
