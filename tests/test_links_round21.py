"""Related links agree with the body on what the article's text is (twenty-first round): an
in-body link must sit where the body kept its text, on pages written for the test. The body's
raw paragraphs and its text are given as the body extractor hands them over."""

from __future__ import annotations

from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links

URL = "https://n.example/2008/01/this-story.html"
SOURCE = "https://o.example/2008/01/report.html"
TEXT = ["The coach said the team would play its young players in the last game of the year. " * 3,
        "Fans at the stadium cheered the rookies who scored twice in the first half of the match. " * 3,
        "The season ends next week with a match against the league leaders at the home ground. " * 3]
BOX = ("Other news today: the mayor opened a new bridge over the river, the council voted on "
       "the budget, the weather stays cold and wet for the rest of the week in the whole region. ") * 3
OTHER = "https://n.example/2008/01/mayor-opens-bridge.html"


def story(side: str, before: str = "") -> str:
    """A 2008 page: a wrapper holding the text (a source in its first sentence) and a column
    beside it with a paragraph of other news and a link."""
    return ("<html><body><div id='wrap'>" + before + "<div id='story'>"
            f"<p>{TEXT[0]} As the <a href='{SOURCE}'>report</a> said.</p>"
            f"<p>{TEXT[1]}</p><p>{TEXT[2]}</p></div>{side}</div></body></html>")


def links(html: str, paragraphs: list[str], text: list[str]) -> list[tuple[str, str]]:
    return [(link.kind, link.url)
            for link in extract_related_links(parse(html, URL), paragraphs, "\n\n".join(text))]


FIRST = TEXT[0] + " As the report said."
COLUMN = (f"<div id='column'><p>{BOX}</p><p>{BOX}</p>"
          f"<a href='{OTHER}'>Mayor opens the new bridge over the river</a></div>")


def test_a_column_the_body_dropped_gives_no_in_body_link():
    # the raw paragraphs hold the column (it widens their container to the wrapper); the body
    # kept the story's three paragraphs only: the column's link is not the article's
    raw = [FIRST, TEXT[1], TEXT[2], BOX, BOX]
    assert links(story(COLUMN), raw, [FIRST, TEXT[1], TEXT[2]]) == [("inBody", SOURCE)]


def test_a_column_the_body_kept_keeps_its_link():
    raw = [FIRST, TEXT[1], TEXT[2], BOX, BOX]
    assert links(story(COLUMN), raw, raw) == [("inBody", SOURCE), ("inBody", OTHER)]


def test_a_link_in_a_kept_paragraph_outside_the_kept_text_stays():
    # a "Read also" line the body kept, in the column: kept blocks give their links wherever
    read = f"Read also: <a href='{OTHER}'>the mayor opens the new bridge over the river</a>"
    column = f"<div id='column'><p>{BOX}</p><p>{BOX}</p><p>{read}</p></div>"
    line = "Read also: the mayor opens the new bridge over the river"
    raw = [FIRST, TEXT[1], TEXT[2], BOX, BOX, line]
    assert links(story(column), raw, [FIRST, TEXT[1], TEXT[2], line]) \
        == [("inBody", SOURCE), ("inBody", OTHER)]


def test_a_paragraph_outside_the_container_the_body_dropped_gives_no_link():
    # a teaser paragraph above the text, outside its container: a raw paragraph the body
    # dropped gives no in-body link; kept, it gives one
    short = BOX[:len(BOX) // 3].strip()  # (a fifth of the text: the container stays the story's)
    teaser = f"<p>{short} <a href='{OTHER}'>More on the bridge</a></p>"
    html = ("<html><body><div id='top'>" + teaser + "</div><div id='story'>"
            f"<p>{TEXT[0]} As the <a href='{SOURCE}'>report</a> said.</p>"
            f"<p>{TEXT[1]}</p><p>{TEXT[2]}</p></div></body></html>")
    raw = [short + " More on the bridge", FIRST, TEXT[1], TEXT[2]]
    assert links(html, raw, raw[1:]) == [("inBody", SOURCE)]
    assert links(html, raw, raw) == [("inBody", OTHER), ("inBody", SOURCE)]
