"""Related links, seventeenth round (issue 16): one decision per page. A story page none of
whose own-site links (three or more) is shaped like a story (an id, a date or a slug of words in
the address) links no story: what the rules let through is its service furniture (a TV station's
"Community Calendar", "Upload your videos", a classifieds box), and it returns no link. One
story-shaped link, or a page whose own address is not a story's, keeps every link. On pages
written for the test."""

from __future__ import annotations

import re

import pytest

from pagekit import page
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links
from scrapekit.extractors.links_page import story_shaped

URL = "https://tv.example/news/state/stories/tv080112_billboards.html"
S1 = "The state board voted on Friday to limit digital billboards along the highways near the city. "
S2 = "Drivers and safety groups had asked for the limit after a year of complaints about glare. "
FURNITURE = [
    ("https://tv.example/community/calendar.html", "Community Calendar"),
    ("https://tv.example/video/yourvideo.html", "Upload your videos"),
    ("https://tv.example/classifieds/realestate/listings.html", "Search homes for sale"),
]
STORY = ("https://tv.example/news/state/stories/tv080110_board_hearing.html", "the board's hearing")


def found(links: list[tuple[str, str]], url: str = URL) -> list[tuple[str, str]]:
    lines = [f"{S1} See <a href='{href}'>{text}</a> for more." for href, text in links]
    html = (f"<table><tr><td><h1>Board limits digital billboards</h1><p>{S1 * 2}</p>"
            + "".join(f"<p>{line}</p>" for line in lines)
            + f"<p>{S2 * 2}</p></td></tr></table>")
    paragraphs = [S1 * 2, *(re.sub(r"<[^>]+>", "", line) for line in lines), S2 * 2]
    doc = parse(page("", html), url)
    return [(link.kind, link.url) for link in extract_related_links(doc, paragraphs)]


def test_a_story_page_whose_own_links_are_all_service_pages_returns_none():
    assert found(FURNITURE) == []


def test_one_story_shaped_link_keeps_every_link():
    assert found(FURNITURE + [STORY]) == [("inBody", href) for href, _ in FURNITURE + [STORY]]


def test_a_page_whose_own_address_is_no_story_keeps_its_links():
    assert found(FURNITURE, url="https://tv.example/news/billboards") \
        == [("inBody", href) for href, _ in FURNITURE]


def test_two_service_links_are_too_few_to_judge_the_page():
    assert found(FURNITURE[:2]) == [("inBody", href) for href, _ in FURNITURE[:2]]


def test_links_to_other_sites_are_not_judged_by_their_shape():
    other = [("https://agency.example/", "the transport agency"),
             ("https://safety.example/about", "a safety group")]
    assert found(other + FURNITURE[:2]) == [("inBody", href) for href, _ in other + FURNITURE[:2]]


@pytest.mark.parametrize("url, shaped", [
    ("https://n.example/2008/01/12/board-vote", True),        # a date
    ("https://n.example/news/view.bg?articleid=1065237", True),  # an id in the query
    ("https://n.example/news/city-votes-on-budget", True),    # a slug of words
    ("https://n.example/news/board_hearing.html", True),
    ("https://n.example/community/calendar.html", False),
    ("https://n.example/health/sponsor/dentistry/index.htm", False),  # the index of a section
    ("https://n.example/news/", False),
    ("https://n.example/", False),
])
def test_story_shaped(url, shaped):
    assert story_shaped(url) is shaped
