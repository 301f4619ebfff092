"""Related links: a block under a generic "more stories" heading (the thirty-third round), on
pages written for the test. "More Stories", "Read More Articles", "Weitere Beiträge" name no
subject: such a block is the site's latest stories unless most of its items are on the
article's own subject; "More on <X>", "Read more", "Related stories" are not asked."""

from __future__ import annotations

import pytest

from scrapekit.extractors.document import parse
from scrapekit.extractors.links import _extract
from scrapekit.extractors.links_blocks import FEATURES
from scrapekit.extractors.links_feedhead import generic_feed, generic_heading
from scrapekit.extractors.links_model import LogisticModel

SITE = "https://news.example"
URL = f"{SITE}/2024/05/03/city-council-approves-new-tram-line-to-harbour/"
TEXT = ["The city council approved the new tram line to the harbour on Thursday evening. " * 3,
        "The tram line will cost the city forty million and open to passengers in 2027. " * 3,
        "Harbour residents welcomed the council vote on the tram after years of delays. " * 3]
# the day's other stories: each shares a word with the article (the harbour, its residents:
# the beat), none is on its subject
OFF = [(f"{SITE}/2024/05/03/harbour-museum-reopens/", "Harbour museum reopens after long restoration"),
       (f"{SITE}/2024/05/02/police-search-for-hiker/", "Residents search for missing hiker in hills"),
       (f"{SITE}/2024/05/02/bakery-wins-bread-award/", "Million visitors for the summer festival")]
ON = [(f"{SITE}/2024/04/11/council-debates-harbour-tram-costs/", "Council debates harbour tram line costs"),
      (f"{SITE}/2024/03/02/tram-line-to-harbour-planned/", "Tram line to the harbour planned by council"),
      (f"{SITE}/2024/02/20/harbour-residents-ask-for-tram/", "Harbour residents ask council for tram line")]


def links(heading: str, items: list[tuple[str, str]], model: LogisticModel | None = None
          ) -> list[tuple[str, str]]:
    """The article and, after it, a box of ``items`` under ``heading``; the block model
    accepts every block unless ``model`` is given (the veto is what is tested)."""
    lis = "".join(f"<li><a href='{u}'>{t}</a></li>" for u, t in items)
    html = ("<html><head><title>City council approves new tram line to harbour</title></head>"
            "<body><h1>City council approves new tram line to harbour</h1><div class='story'>"
            f"<p>{TEXT[0]}</p><p>{TEXT[1]}</p><p>{TEXT[2]}</p></div>"
            f"<div class='box'><h3>{heading}</h3><ul>{lis}</ul></div></body></html>")
    found = _extract(parse(html, URL), TEXT, model=model or LogisticModel.constant(FEATURES),
                     body_text="\n\n".join(TEXT))
    return [(link.kind, link.url) for link in found]


@pytest.mark.parametrize("heading", ["More Stories", "More Popular Stories", "READ MORE ARTICLES",
                                     "More Auto News...", "Weitere Beiträge", "Other stories"])
def test_a_generic_more_stories_block_off_the_subject_gives_no_link(heading):
    assert links(heading, OFF) == []


@pytest.mark.parametrize("heading", ["More Stories", "Weitere Beiträge"])
def test_a_generic_more_stories_block_on_the_subject_stays_related(heading):
    assert links(heading, ON) == [("related", u) for u, _ in ON]


@pytest.mark.parametrize("heading", ["Related Stories", "More on the tram line", "Read more",
                                     "Mehr zum Thema", "More related stories"])
def test_headings_naming_a_subject_or_a_relation_are_not_asked(heading):
    assert links(heading, OFF) == [("related", u) for u, _ in OFF]


@pytest.mark.parametrize("heading,generic", [
    ("More Stories", True), ("More Popular Stories", True), ("Read More Articles:", True),
    ("Weitere Beiträge", True), ("Otras noticias", True), ("Autres articles", True),
    ("Read more", False), ("More", False), ("More on Slate Book Review", False),
    ("More from Ask an Advisor", False), ("Weitere Beiträge zum Thema", False),
    ("More related stories", False), ("Mehr zu Iran", False), ("", False)])
def test_generic_heading(heading, generic):
    assert generic_heading(heading) is generic


def test_a_block_of_untitled_links_under_a_generic_heading_is_a_feed():
    # no item long enough to be a story's title: nothing says it is on the subject
    node = parse("<ul><li><a href='/a'>1</a></li><li><a href='/b'>More</a></li></ul>").tree.body
    assert generic_feed([node], "More Stories", lambda text: True)
    assert not generic_feed([node], "Related Stories", lambda text: False)
