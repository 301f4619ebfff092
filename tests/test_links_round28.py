"""Related links: the article's container in a table layout (twenty-eighth round), on pages
written for the test. The body's raw paragraphs and its text are given as the body extractor
hands them over."""

from __future__ import annotations

from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links
from scrapekit.extractors.links_table import table_layout

URL = "https://n.example/news/2008/01/harbour-plan.html"
SOURCE = "https://council.example/reports/harbour-2008.pdf.html"
STUDY = "https://uni.example/research/harbour-study-2007.html"
SECTIONS = ["https://n.example/features/article3273947.ece",
            "https://n.example/features/article3273948.ece",
            "https://n.example/in-pictures/article2312113.ece",
            "https://n.example/in-pictures/article2413756.ece"]
TEXT = ["The council approved the new harbour plan on Tuesday after a long debate in the chamber. " * 3,
        "Fishermen said the new quay would bring more boats back to the town within two years. " * 3,
        "Work on the first stage is due to start in the spring and to end before the summer. " * 3]
LINE = (f"Readers can find the <a href='{STUDY}'>study</a> that the plan is based on, with its "
        "figures for boats and jobs, on the university's site.")


def page(layout: str) -> str:
    """The story's paragraphs (a source in the first, a running-text line the body did not
    locate between the others) and, in the same element between them, a box of section links
    (an inset); ``layout``: "table" (the element is a cell of
    the page's layout table) or "div"."""
    story = (f"<p>{TEXT[0]} As the <a href='{SOURCE}'>council's report</a> says.</p>"
             "<div class='editorsChoice'><div class='box'>"
             f"<p><a href='{SECTIONS[0]}'>Records</a></p><p><a href='{SECTIONS[1]}'>Gigs</a></p>"
             f"<p>2007 In Pictures <a href='{SECTIONS[2]}'>January and February</a> "
             f"<a href='{SECTIONS[3]}'>March and April</a></p></div></div>"
             f"<p>{TEXT[1]}</p><div class='note'>{LINE}</div><p>{TEXT[2]}</p>")
    if layout == "table":
        return (f"<html><body><table><tr><td class='nav'>Home</td><td class='main'>{story}</td>"
                "</tr></table></body></html>")
    return f"<html><body><div class='main'>{story}</div></body></html>"


def links(layout: str) -> list[tuple[str, str]]:
    paragraphs = [TEXT[0] + " As the council's report says.", TEXT[1], TEXT[2]]
    return [(link.kind, link.url)
            for link in extract_related_links(parse(page(layout), URL), paragraphs,
                                              "\n\n".join(paragraphs))]


def test_a_box_of_links_in_a_table_layout_s_cell_gives_no_in_body_link():
    found = links("table")
    for url in SECTIONS:
        assert ("inBody", url) not in found
    # the text's own links stay: a body paragraph's, and one set in running text
    assert ("inBody", SOURCE) in found
    assert ("inBody", STUDY) in found


def test_the_same_box_in_a_div_layout_is_left_to_the_other_rules():
    found = links("div")
    assert ("inBody", SOURCE) in found and ("inBody", STUDY) in found
    assert ("inBody", SECTIONS[0]) in found  # (not this rule's: the container is no cell)


def test_table_layout_is_told_by_the_container_s_cell_or_an_ancestor_cell():
    tree = parse(page("table"), URL).tree
    assert table_layout(tree.css_first("td.main"))
    assert table_layout(tree.css_first("div.box"))
    assert not table_layout(parse(page("div"), URL).tree.css_first("div.main"))
