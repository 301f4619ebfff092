"""Related links: the site's own fronts, hubs and place indexes linked from the text (the
thirty-sixth round, links_fronts), on pages written for the test. The guide (5.2) excludes
index pages even when the text links them: a same-site address without a query and without a
date or an id in its path is a front when it ends in an index file (a deep section's
default.stm, an archive's index.html, the home page as /index.html), a hub when its slug ends
in a hub word, a place page under a places folder. A story (a date or an id in the path),
another site's index.html (a product page) and an address with a query keep their links."""

from __future__ import annotations

from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links
from scrapekit.extractors.links_fronts import site_front

SITE = "https://news.example.co.uk"
URL = f"{SITE}/sport/football/2024/03/11/cup-final-report-4711.html"
STORY = f"{SITE}/sport/football/2024/03/10/cup-semi-final-report-4702.html"
TEXT = ["The cup final was decided in extra time, after a goal in the last minute of normal "
        "time had levelled the score for the visitors. " * 2,
        "The winners now meet the league champions in the season's opening match in August, "
        "the first time the two clubs meet in a final. " * 2]


def links(target: str, text: str = "the league's page") -> list[tuple[str, str]]:
    html = (f"<html><body><article><h1>Cup final report</h1>"
            f"<p>{TEXT[0]} Their <a href='{STORY}'>semi-final</a> went the same way.</p>"
            f"<p>{TEXT[1]} More on <a href='{target}'>{text}</a>.</p></article></body></html>")
    paragraphs = [TEXT[0] + " Their semi-final went the same way.",
                  TEXT[1] + f" More on {text}."]
    found = extract_related_links(parse(html, URL), paragraphs, "\n\n".join(paragraphs))
    return [(link.kind, link.url) for link in found]


def test_a_deep_section_front_written_with_its_index_file_gives_no_link():
    front = f"{SITE}/sport1/hi/football/eng_prem/default.stm"
    found = links(front, "Premier League")
    assert ("inBody", STORY) in found  # the text's story stays
    assert all(url != front for _, url in found)


def test_an_archive_front_and_the_home_page_as_index_html_give_none():
    for front in (f"{SITE}/editorial/story/v-archive/index.html", f"{SITE}/index.html"):
        assert all(url != front for _, url in links(front, "Editorial Archive"))


def test_a_hub_named_by_its_slug_s_last_word_gives_none():
    hub = f"{SITE}/middle-east-crisis-news-hub/"
    assert all(url != hub for _, url in links(hub, "Middle East crisis"))


def test_a_place_page_under_a_places_folder_gives_none():
    place = f"{SITE}/locations/milan-museums-exhibitions/"
    assert all(url != place for _, url in links(place, "Milan"))


def test_stories_other_sites_and_queries_keep_their_links():
    for kept in (f"{SITE}/2008/US/01/15/cup.final.preview/index.html",  # a date: a story
                 "https://software.example/products/launcher/index.html",  # another site
                 f"{SITE}/sport/index.php?story=cup-final",  # a query: a script's page
                 f"{SITE}/features/how-a-club-became-a-hub-of-youth-football-48211"):
        assert ("inBody", kept) in links(kept, "the preview"), kept


def test_site_front_asks_the_same_site_only():
    front = f"{SITE}/editorial/index.html"
    assert site_front(front, "example.co.uk", "example.co.uk")
    assert not site_front(front, "example.co.uk", "other.example")
    assert not site_front(f"{SITE}/locations/a/b/c/", "example.co.uk", "example.co.uk")
