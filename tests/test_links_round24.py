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


def story(sentence: str) -> list[tuple[str, str]]:
    """The story's three paragraphs with ``sentence`` ending the second one (running text)."""
    html = ("<html><body><div id='story'>"
            f"<p>{TEXT[0]} As the <a href='{SOURCE}'>report</a> said.</p>"
            f"<p>{TEXT[1]} {sentence}</p><p>{TEXT[2]}</p></div></body></html>")
    plain = " ".join(parse(f"<p>{sentence}</p>").tree.body.text(separator=" ").split())
    paragraphs = [TEXT[0] + " As the report said.", TEXT[1] + " " + plain, TEXT[2]]
    return [(link.kind, link.url)
            for link in extract_related_links(parse(html, URL), paragraphs,
                                              "\n\n".join(paragraphs))]


@pytest.mark.parametrize("sentence", [
    "In <a href='{u}'>comments</a> filed with the agency last month, the club objected.",
    "The historian Thomas <a href='{u}'>More</a> wrote Utopia.",
    "New tariffs <a href='{u}'>add to costs</a> for farmers, a study found.",
    "Households should <a href='{u}'>save to invest</a> in heat pumps, the report said.",
    "One reader wrote in the <a href='{u}'><b>comments</b></a> that prices had doubled.",
    "El informe (<a href='{u}'>más</a>) lo confirma.",
    "Read the <!-- l --><a href='{u}'>comments</a><!-- /l --> filed with the agency.",
])
def test_a_tool_word_inside_a_sentence_keeps_its_link(sentence):
    """A word of running text is no tool, whatever it says (review 10)."""
    assert ("inBody", TOOL) in story(sentence.format(u=TOOL))


@pytest.mark.parametrize("line", [
    "Posted by the sports desk at 10:00 | <a href='{u}'>Comments</a> (3)",
    "<span><a href='{u}'>More...</a></span>",
    "<a href='{u}'>Post to Facebook</a> | <a href='{u}x'>Add to Digg</a>",
    "<a href='{u}'>Comments</a> <a href='{u}s'>Share</a> <a href='{u}p'>Print</a>",
    "Posted at 10:00 <a href='{u}'>Comments</a> <a href='{u}s'>Share</a>",
    "Have your say\u00a0\u2013\u00a0<a href='{u}'>Comments</a>",
])
def test_a_tool_set_apart_on_its_line_still_gives_no_link(line):
    found = links(line.format(u=TOOL))
    assert ("inBody", TOOL) not in found
    assert ("inBody", SOURCE) in found
