"""Related links: an article text set in several chunks between ads (issue 16, fourth round),
on pages written for the test."""

from __future__ import annotations

from pagekit import page
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links
from scrapekit.extractors.text import collapse
from test_links_blocks import TEXT, URL

FIRST = "<p>The plans are in <a href='https://port.example/report/2024/plan'>the port's report</a>.</p>"
LATER = ("<p class='paywall'>The unions answered in <a href='https://union.example/2024/05/reply'>"
         "a reply of their own</a>, as they had promised in the spring.</p>")


def chunk(inner: str, cls: str = "body__inner") -> str:
    return f"<div class='grid'><div class='{cls}'>{inner}</div></div>"


def links_of(body: str) -> list[tuple[str, str]]:
    """The links when the body extractor kept the first chunk's text only (as it does on The
    New Yorker's pages)."""
    doc = parse(page("", body), URL)
    first = doc.tree.body.css_first("div.body__inner")
    paragraphs = [collapse(p.text(deep=True)) for p in first.css("p")]
    return [(link.kind, link.url) for link in extract_related_links(doc, paragraphs)]


def test_links_of_the_later_chunks_of_the_text_are_in_body():
    ad = "<div class='full-bleed-ad'><div class='ad-slot'>Advertisement</div></div>"
    body = ("<h1>New cranes arrive as the harbour expands</h1>"
            + chunk(TEXT * 3 + FIRST + TEXT) + ad + chunk(TEXT.replace("<p>", "<p class='paywall'>")
                                                         + LATER + TEXT.replace("<p>", "<p class='paywall'>")))
    assert links_of(body) == [("inBody", "https://port.example/report/2024/plan"),
                              ("inBody", "https://union.example/2024/05/reply")]


def test_a_list_of_teasers_with_the_texts_classes_is_no_chunk():
    teasers = "".join(f"<p><a href='/2024/0{i}/story-{i}'>Another story of the day, number {i}, "
                      f"to read now</a></p>" for i in range(1, 4))
    body = ("<h1>New cranes arrive as the harbour expands</h1>"
            + chunk(TEXT * 3 + FIRST + TEXT) + chunk(teasers))
    assert links_of(body) == [("inBody", "https://port.example/report/2024/plan")]
