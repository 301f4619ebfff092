"""Related links, fourteenth round (issue 16), on pages written for the test."""

from __future__ import annotations

import re

from pagekit import page
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links

URL = "https://blog.example/2012/11/four-short-links.html"


def found(html: str, paragraphs: list[str]) -> list[tuple[str, str]]:
    doc = parse(page("", html), URL)
    return [(link.kind, link.url) for link in extract_related_links(doc, paragraphs)]


ITEMS = [("https://kick.example/projects/copter", "Tilt-to-Fly Copter",
          " - this looks totally awesome and hackable, and the protocol is documented."),
         ("https://game.example/privacy", "The Privacy Game",
          " - a game designed to show how privacy and consent work online."),
         ("https://stats.example/", "statwing", " - very easy analysis and visualization of data.")]


def test_a_text_that_is_all_list_items_gives_its_links():
    # the body extractor marks each list item "- ": its DOM text has no dash, so no paragraph
    # was found in the page and the post's links were lost
    items = "".join(f"<li><a href='{u}'>{t}</a>{rest}</li>" for u, t, rest in ITEMS)
    html = (f"<div class='post'><h1>Four short links</h1><div class='entry-content'><ol>{items}"
            f"</ol></div></div><div id='sidebar'><ul><li><a href='/about/'>About this blog</a>"
            f"</li></ul></div>")
    paragraphs = [f"- {t}{rest}" for _, t, rest in ITEMS]
    assert found(html, paragraphs) == [("inBody", u) for u, _, _ in ITEMS]


def test_a_dialogue_line_keeps_its_own_dash():
    line = "- We will not leave, said the mayor to the crowd gathered outside the town hall."
    html = (f"<div class='post'><p>{line} <a href='https://town.example/2012/11/statement'>"
            f"Read the statement</a>.</p><p>More text follows here about the town hall.</p></div>")
    paragraphs = [f"{line} Read the statement.", "More text follows here about the town hall."]
    assert found(html, paragraphs) == [("inBody", "https://town.example/2012/11/statement")]


S1 = "The council voted on Tuesday to close the old library and move its books to the school. " * 2
S2 = "Residents who spoke at the meeting asked for a bus line to the new site before winter. " * 2
SOURCE = "https://news.example/2012/11/06/council-votes-to-close-the-library"


def credit_page(line: str) -> tuple[str, list[str]]:
    html = (f"<div class='entry'><p>{S1} See <a href='{SOURCE}'>the minutes</a>.</p>"
            f"<p>{S2}</p><p><em>{line}</em></p></div>")

    plain = re.sub(r"<[^>]+>", "", line)
    return html, [f"{S1} See the minutes.", S2, plain]


def test_a_republication_or_guest_credit_line_gives_no_in_body_link():
    # the article itself on the blog it came from, or the writer's own site / sponsor: the guide's
    # "syndication credits" and "the article itself" (section 5.6, 5.8), not the text's links
    for line in ["Cross-posted from <a href='https://project.example/'>The Project</a>",
                 "This post is from <a href='https://agilist.example/'>Pragmatic Agilist</a> by "
                 "Elena. Click <a href='https://agilist.example/2012/10/lumberjack.html'>here</a> "
                 "to see the original post in full.",
                 "This article was originally published by <a href='https://wire.example/'>Wire"
                 "</a>. Read the <a href='https://wire.example/story-1'>original article</a>.",
                 "Reprinted with permission from <a href='https://mag.example/1'>the magazine</a>.",
                 "Post written by <a href='https://writer.example/'>Leo</a>.",
                 "This was written by copywriter Gayle on behalf of <a href='https://agency.example/'>"
                 "an agency</a> specialising in lead generation."]:
        html, paragraphs = credit_page(line)
        assert found(html, paragraphs) == [("inBody", SOURCE)], line


def test_a_sentence_saying_where_a_report_was_published_keeps_its_link():
    line = ("The report, <a href='https://study.example/report'>published by the state</a>, was "
            "written by three planners.")
    html, paragraphs = credit_page(line)
    assert found(html, paragraphs) == [("inBody", SOURCE), ("inBody", "https://study.example/report")]


def test_credit_words_inside_a_sentence_are_prose_and_keep_their_links():
    # the credit forms count only where a sentence starts; inside one they are the text's own words
    for line in ["The study, <a href='https://study.example/report'>originally published in a "
                 "medical journal</a> in 2009, found that children read more.",
                 "The letter, written by the mayor on behalf of the residents, asked the state for "
                 "<a href='https://study.example/report'>money from the library fund</a>.",
                 "The council's plan was reprinted from <a href='https://study.example/report'>the "
                 "town gazette</a> and handed out at the meeting.",
                 "Her first novel, which was originally published in 1962, <a "
                 "href='https://study.example/report'>is being reissued</a> next month."]:
        html, paragraphs = credit_page(line)
        assert found(html, paragraphs) == [("inBody", SOURCE),
                                           ("inBody", "https://study.example/report")], line
