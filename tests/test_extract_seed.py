"""The seed article (../shared/seed-article.txt) as a test, on a Moscow Times-shaped page."""

import pytest

import scrapekit

from conftest import SEED_HTML, SEED_URL


@pytest.fixture(scope="module")
def art():
    return scrapekit.extract(SEED_HTML, url=SEED_URL)


def test_headline(art):
    assert art.headline == "Bakhmut's Capture Key to 'Further Offensive' in Ukraine \u2013 Russia"


def test_byline_and_authors(art):
    assert art.byline == "By AFP"
    assert [a.name for a in art.authors] == ["AFP"]


def test_date(art):
    assert art.date_published.startswith("2023-03-07")
    assert art.date_published_raw


def test_body_is_the_article_text_only(art):
    body = art.article_body
    assert body.startswith("Russia has reaffirmed")
    assert body.endswith("which has been virtually flattened.")
    assert "\n\nIn Kyiv, Ukrainian President" in body  # paragraphs kept apart
    for chrome in ("Subscribe", "Share on Facebook", "All rights reserved", "Most read",
                   "Related article", "Privacy policy", "Wagner Chief Says", "By AFP",
                   "Russian Defense Ministry"):
        assert chrome not in body
    assert art.word_count == len(body.split())


def test_related_links(art):
    links = [(link.kind, link.url, link.text) for link in art.related_links]
    assert links[0] == (
        "inBody",
        "https://www.themoscowtimes.com/2023/03/06/russias-losses-in-bakhmut-5-times-higher-than-"
        "ukraines-nato-estimates-a80398",
        "Russia's Losses in Bakhmut 5 Times Higher Than Ukraine's, NATO Estimates",
    )
    urls = [u for _, u, _ in links]
    assert ("https://www.themoscowtimes.com/2023/03/07/wagner-chief-says-bakhmut-defenses-holding"
            "-a80410") in urls  # fragment dropped
    assert "https://www.themoscowtimes.com/2023/03/06/un-chief-guterres-heads-to-kyiv-a80401" in urls
    assert all("utm_" not in u and "fbclid" not in u for u in urls)
    assert not any(x in u for u in urls for x in ("/tag/", "/author/", "facebook.com", "twitter.com",
                                                  "/about", "/privacy", "popular-story",
                                                  "support-independent"))


def test_metadata(art):
    assert art.canonical_url == SEED_URL
    assert art.publisher == "The Moscow Times"
    assert art.in_language == "en"
    assert art.main_image.url.endswith("shoigu.jpg")
    assert art.main_image.caption == "Russian Defense Minister Sergei Shoigu. Russian Defense Ministry"
    assert art.keywords == ("Ukraine war", "Bakhmut")
    assert art.extraction.field_sources["articleBody"] == "body"
    assert art.error is None
