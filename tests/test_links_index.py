"""Related links: index pages linked from the text without an index word in their URL (issue
16, fourth round), on pages written for the test."""

from __future__ import annotations

import pytest

from test_links_urls import links_of

REAL = ("inBody", "https://o.example/2024/05/real")


@pytest.mark.parametrize("href, text", [
    ("https://n.example/noticias.php?cat=19", "Polícia"),
    ("https://n.example/noticias.php?tag=arrombamento", "arrombamento"),
    ("https://n.example/?author=2", "the author"),
    ("https://n.example/music/the-doobie-brothers", "The Doobie Brothers"),
    ("https://n.example/wydarzenia/swiat/polityka", "Polityka"),
    ("https://www.n.example/partners/european-space-agency/", "European Space Agency"),
    ("https://n.example/kultur/essen/Café-Crème.html", "Café Crème"),
])
def test_entity_and_listing_pages_of_the_site_are_not_content(href, text):
    assert links_of(f"<a href='{href}'>{text}</a>") == [REAL]


@pytest.mark.parametrize("href, text", [
    # another site's page named like its link (an encyclopedia entry, a shop's affiliate tag)
    ("https://en.wikipedia.example/wiki/Black_Death", "Black Death"),
    ("https://shop.example/dp/B07N8RPRF7/?tag=news-20", "Echo Dot"),
    # the site's own articles: an id, or a slug longer than the link text
    ("https://n.example/37282-europa-clipper.html", "Europa Clipper"),
    ("https://n.example/science/europa-clipper-launch-delayed-again", "Europa Clipper"),
    ("https://n.example/science/space/europa-clipper", "the probe that NASA is sending"),
])
def test_named_pages_elsewhere_and_the_sites_articles_are_kept(href, text):
    assert links_of(f"<a href='{href}'>{text}</a>") == [("inBody", href), REAL]
