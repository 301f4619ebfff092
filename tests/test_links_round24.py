"""Related links: in-body anchors that name a tool of the page, not a source (twenty-fourth
round), on pages written for the test. The body's raw paragraphs and its text are given as the
body extractor hands them over."""

from __future__ import annotations

import pytest

from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links

URL = "https://n.example/2008/01/this-story.html"
SOURCE = "https://o.example/2008/01/report.html"
TOOL = "https://n.example/2008/01/coach-picks-rookies.html"
TEXT = ["The coach said the team would play its young players in the last game of the year. " * 3,
        "Fans at the stadium cheered the rookies who scored twice in the first half of the match. " * 3,
        "The season ends next week with a match against the league leaders at the home ground. " * 3]
LINE = "Readers can have their say on the decision"


def links(line: str) -> list[tuple[str, str]]:
    """The story's three paragraphs (a source in the first) and ``line``, a last paragraph the
    body kept with the text (an older page's tool line)."""
    html = ("<html><body><div id='story'>"
            f"<p>{TEXT[0]} As the <a href='{SOURCE}'>report</a> said.</p>"
            f"<p>{TEXT[1]}</p><p>{TEXT[2]}</p><p>{line}</p></div></body></html>")
    paragraphs = [TEXT[0] + " As the report said.", TEXT[1], TEXT[2],
                  " ".join(parse(f"<p>{line}</p>").tree.body.text(separator=" ").split())]
    return [(link.kind, link.url)
            for link in extract_related_links(parse(html, URL), paragraphs,
                                              "\n\n".join(paragraphs))]


@pytest.mark.parametrize("label", ["Comments", "More...", "MORE UPDATES »", "Kommentare",
                                   "Post to the bookmarking site", "Add the RSS Feed",
                                   "Get free email updates"])
def test_an_anchor_naming_a_tool_of_the_page_gives_no_in_body_link(label):
    found = links(f"{LINE}: <a href='{TOOL}'>{label}</a>")
    assert ("inBody", TOOL) not in found
    assert ("inBody", SOURCE) in found


@pytest.mark.parametrize("label", ["Read more", "more games for the rookies",
                                   "comments by the coach"])
def test_a_sentence_s_link_opening_with_the_same_words_keeps_its_link(label):
    found = links(f"{LINE}: <a href='{TOOL}'>{label}</a>")
    assert ("inBody", TOOL) in found
