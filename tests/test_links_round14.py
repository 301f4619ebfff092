"""Related links, fourteenth round (issue 16), on pages written for the test."""

from __future__ import annotations

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
