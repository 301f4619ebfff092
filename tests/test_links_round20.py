"""Related links on older news pages (twentieth round): a table cell of links beside the text,
on pages written for the test."""

from __future__ import annotations

import scrapekit
from pagekit import page

URL = "https://n.example/2008/01/this-story.html"
SOURCE = "https://o.example/2008/01/report.html"
TEXT = ("<p>" + "The coach said the team would play its young players in the last game. " * 5,
        "<p>" + "Fans at the stadium cheered the rookies who scored twice in the first half. " * 5,
        "<p>" + "The season ends next week with a match against the league leaders at home. " * 5)


def table_page(cell: str) -> str:
    """A 2008 page: the text (with a source written in a sentence) and an inset table of links
    set beside its second paragraph."""
    return ("<div id='story'><h1>The coach keeps faith in the young players</h1>"
            + TEXT[0] + f"as the <a href='{SOURCE}'>report</a> said.</p>"
            + "<div class='inset'><table width='170' align='right'><tr><td>" + cell
            + "</td></tr></table></div>" + TEXT[1] + "</p>" + TEXT[2] + "</p></div>")


def links_of(cell: str) -> list[tuple[str, str]]:
    html = page("", table_page(cell))
    return [(link.kind, link.url) for link in scrapekit.extract(html, url=URL).related_links]


INSET = ("<b><a href='/2008/01/blog-coach.html'>Newsflash: the coach looks like a film star"
         "</a></b><br>Twenty-one days to go. "
         "<b><a href='/2008/01/blog-entries.html'>See more blog entries</a></b><br>"
         "<b><a href='/2008/01/game-photos.html'>Schedule, game photos</a></b><br>"
         "<a href='/2008/01/cell-headlines.html'>Check headlines</a> on your cell.")


def test_a_cell_of_loose_links_beside_the_text_gives_no_in_body_link():
    assert links_of(INSET) == [("inBody", SOURCE)]


def test_a_cell_with_fewer_links_or_links_written_in_paragraphs_keeps_them():
    # two links: not a box of links
    two = ("<a href='/2008/01/blog-coach.html'>Newsflash</a> and "
           "<a href='/2008/01/game-photos.html'>photos</a>")
    assert links_of(two) == [("inBody", SOURCE),
                             ("inBody", "https://n.example/2008/01/blog-coach.html"),
                             ("inBody", "https://n.example/2008/01/game-photos.html")]
    # the same links written in a paragraph of the cell (a list of stories set as text) stay
    para = "<p>" + INSET + "</p>"
    assert len(links_of(para)) == 5
