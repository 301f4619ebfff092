"""Related links: headline lines on pages of the table era (the thirtieth round), on pages
written for the test. On a page with no HTML5 sectioning element laid out with tables, an
in-body anchor that is its block's whole text set as a headline (title case, no sentence end)
is a site's list kept with the text, not the text's link; every other anchor keeps its link."""

from __future__ import annotations

from scrapekit.extractors.document import parse
from scrapekit.extractors.links import _extract
from scrapekit.extractors.links_prose import headline_line, old_page, title_case

SITE = "https://gadgets.example"
URL = f"{SITE}/news/2008/01/pocket-radio-review.html"
SOURCE = "https://maker.example/pocket-radio"
TEXT = ["The new pocket radio arrived this week, and we spent three days listening to it. " * 2,
        "Its maker says the battery lasts a week; ours lasted five days of steady use. " * 2]
OTHER = f"{SITE}/news/2008/01/desk-lamps.html"


def links(line: str, wrapper: str = "table", tables: int = 2) -> list[tuple[str, str]]:
    """The article (a sentence linking the maker) in a layout of ``tables`` tables, its text
    followed by ``line`` (a paragraph the body keeps with the text); ``wrapper`` "article"
    sets the text in an HTML5 element instead of the layout's cell."""
    text = (f"<p>{TEXT[0]} The <a href='{SOURCE}'>maker's page</a> lists the bands.</p>"
            f"<p>{TEXT[1]}</p>{line}")
    main = f"<article>{text}</article>" if wrapper == "article" else text
    extra = "".join("<table><tr><td>Poll</td></tr></table>" for _ in range(tables - 1))
    html = (f"<html><body><table><tr><td>{main}</td></tr></table>{extra}</body></html>")
    line_text = " ".join(parse(line).tree.body.text(separator=" ").split()) if line else ""
    paragraphs = [TEXT[0] + " The maker's page lists the bands.", TEXT[1]] + \
        ([line_text] if line_text else [])
    found = _extract(parse(html, URL), paragraphs, body_text="\n\n".join(paragraphs))
    return [(link.kind, link.url) for link in found]


def test_a_headline_line_on_a_page_of_the_table_era_gives_no_link():
    found = links(f"<p><a href='{OTHER}'>Desk Lamps That Follow the Sun</a></p>")
    assert ("inBody", SOURCE) in found
    assert all(url != OTHER for _, url in found)


def test_a_headline_line_with_a_bullet_gives_none_either():
    found = links(f"<ul><li>» <a href='{OTHER}'>Desk Lamps That Follow the Sun</a></li></ul>")
    assert all(url != OTHER for _, url in found)


def test_on_a_page_with_html5_elements_the_line_keeps_its_link():
    found = links(f"<p><a href='{OTHER}'>Desk Lamps That Follow the Sun</a></p>",
                  wrapper="article")
    assert ("inBody", OTHER) in found


def test_on_a_page_of_one_table_the_line_keeps_its_link():
    found = links(f"<p><a href='{OTHER}'>Desk Lamps That Follow the Sun</a></p>", tables=1)
    assert ("inBody", OTHER) in found


def test_a_sentence_or_a_lower_case_line_keeps_its_link():
    assert ("inBody", OTHER) in links(
        f"<p><a href='{OTHER}'>Find more desk lamps in our review.</a></p>")
    assert ("inBody", OTHER) in links(
        f"<p><a href='{OTHER}'>The desk lamps we tried this winter</a></p>")


def test_a_link_in_running_text_keeps_its_link():
    found = links(f"<p>We also tried <a href='{OTHER}'>Desk Lamps That Follow the Sun</a> "
                  "last month, with mixed results.</p>")
    assert ("inBody", OTHER) in found


def test_title_case():
    assert title_case("How to Be Creative")
    assert title_case("Stop Stealing Dreams [Video & eBook] from Seth Godin")
    assert title_case("Making the Case on National...")  # a cut headline's ellipsis
    assert not title_case("Why Chromebooks?")
    assert not title_case("The logistics of moving to Chromebooks")
    assert not title_case("http://maker.example/pocket-radio")
    assert not title_case("間違いの指摘をしていただける方はメール")  # a caseless script


def test_headline_line_and_old_page():
    body = parse("<html><body><table><tr><td><p>» <a href='/x'>Desk Lamps</a></p>"
                 "<p>See <a href='/y'>Desk Lamps</a> here</p></td></tr></table>"
                 "<table></table></body></html>").tree.body
    first, second = body.css("a")
    assert headline_line(first, first.parent)
    assert not headline_line(second, second.parent)
    assert not headline_line(first, None)
    assert old_page(body)
    assert not old_page(parse("<html><body><section></section><table></table><table></table>"
                              "</body></html>").tree.body)
