"""Related links: finding the article text when the page does not set it in <p> (issue 16,
third round), on pages written for the test."""

from __future__ import annotations

from pagekit import page
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links

URL = "https://n.example/2024/05/this-story"
S1 = "The first paragraph of the story says what happened at the council meeting on Monday. " * 3
S2 = "The second paragraph of the story gives the background of the decision and its cost. " * 3
S3 = "The third paragraph quotes the mayor, who defended the vote in front of the press corps. " * 3
SRC = "<a href='https://source.example/2024/05/report'>the report</a>"
NAV = "<div><a href='https://n.example/2024/05/latest-one'>Latest one</a></div>"


def found(html: str, paragraphs: list[str]) -> list[tuple[str, str]]:
    doc = parse(page("", html), URL)
    return [(link.kind, link.url) for link in extract_related_links(doc, paragraphs)]


def test_text_set_in_divs_with_line_breaks_gives_its_links():
    text = (f"<div class='story'><div>{S1} As {SRC} shows.<br><br>{S2}</div>"
            f"<div>{S3}</div></div>{NAV}")
    paragraphs = [f"{S1} As the report shows.", S2, S3]
    assert found(text, paragraphs) == [("inBody", "https://source.example/2024/05/report")]


def test_text_set_in_table_cells_gives_its_links():
    text = (f"<table><tr><td>{S1} See {SRC}.</td></tr><tr><td>{S2}</td></tr></table>{NAV}")
    assert found(text, [f"{S1} See the report.", S2]) == [
        ("inBody", "https://source.example/2024/05/report")]


def test_text_boxes_spanning_the_whole_page_are_not_the_text():
    # the only div whose text is a body paragraph is a footer line: the page around it is not
    # the article, and its many links are not in-body links
    links = "".join(f"<a href='https://n.example/2024/05/story-{i}'>Story number {i}</a> "
                    for i in range(40))
    footer = "Example News, 1 Main Street, Springfield, phone 555 0100, all rights kept"
    html = f"<div><div>{links}</div><div>{S1}</div><div>{footer}</div></div>"
    assert found(html, [footer]) == []


def test_a_body_paragraph_classed_like_a_paywall_is_still_text():
    html = (f"<article><h1>The headline of the story</h1><p class='paywall'>{S1} See {SRC}.</p>"
            f"<p class='paywall'>{S2}</p><p>{S3}</p></article>"
            "<div class='paywall'><a href='https://n.example/subscribe-now'>Subscribe</a></div>")
    doc = parse(page("", html), URL)
    from scrapekit.extractors.body import extract_body
    assert [(x.kind, x.url) for x in extract_related_links(doc, extract_body(doc).paragraphs)] == [
        ("inBody", "https://source.example/2024/05/report")]


def test_a_read_more_line_is_in_body_only_when_it_shares_a_subject_word_with_the_text():
    on = "<p>READ MORE: <a href='https://n.example/2024/05/council-budget-vote'>Council budget " \
         "decision delayed after meeting</a></p>"
    off = "<p>READ MORE: <a href='https://n.example/2024/05/beach-parking'>Sydney beach parking " \
          "fines soar this summer</a></p>"
    html = f"<article><h1>The headline of the story</h1><p>{S1}</p>{on}<p>{S2}</p>{off}<p>{S3}</p></article>"
    assert found(html, [S1, S2, S3]) == [("inBody", "https://n.example/2024/05/council-budget-vote")]


def test_a_container_far_longer_than_the_text_gives_only_the_links_of_its_running_text():
    # the text is one div with <br>s the paragraph matching does not find, so the container is
    # the page-wide wrapper: its teaser lines (only a link) are not the article's links, the
    # link set in the running text is
    teasers = "".join(f"<div><a href='https://n.example/2024/05/other-{i}'>Other story number {i} "
                      f"of the day about something else</a></div>" for i in range(12))
    feed = "".join(f"<li><a href='https://n.example/guide/guide-{i}'>Guide {i}</a>"
                   f"<a href='https://n.example/guide/guide-{i}'><p>{S3}</p></a></li>"
                   for i in range(6))
    html = (f"<div id='wrap'><div>{teasers}</div><div class='content'>{S1} As {SRC} "
            f"shows.<br><br>{S2}</div><p>{S3[:60]}</p><p>{S3[60:120]}</p><ul>{feed}</ul></div>")
    paragraphs = [S3[:60], S3[60:120], f"{S1} As the report shows. {S2}"]
    assert found(html, paragraphs) == [("inBody", "https://source.example/2024/05/report")]


def test_a_container_about_as_long_as_the_text_keeps_its_teaser_lines():
    # the same teaser line in a container that is the text: an in-body read-this line
    line = "<div><a href='https://n.example/2024/05/council-vote'>Council vote on the budget</a></div>"
    html = f"<div id='wrap'><p>{S1}</p>{line}<p>{S2}</p></div><div>{NAV}</div>"
    assert found(html, [S1, S2]) == [("inBody", "https://n.example/2024/05/council-vote")]


def test_a_box_in_the_text_under_a_most_popular_heading_gives_no_links():
    cards = "".join(f"<div class='tumb'><a href='https://n.example/diet-{i}.html'>Diet {i}</a>"
                    f"<div class='body'>A popular diet with results in two weeks, number {i}.</div>"
                    "</div>" for i in range(4))
    for heading in ("Most popular diets", "Самые популярные диеты"):
        html = (f"<div id='ct'><h1>The headline of the story</h1><p>{S1} See {SRC}.</p>"
                f"<p>{S2}</p><p>{S3}</p><div id='box'><h2>{heading}</h2>{cards}</div></div>")
        assert found(html, [f"{S1} See the report.", S2, S3]) == [
            ("inBody", "https://source.example/2024/05/report")], heading
    # the same box under a heading that is no feed's keeps its links (as in-body text)
    html = (f"<div id='ct'><h1>The headline of the story</h1><p>{S1} See {SRC}.</p>"
            f"<p>{S2}</p><p>{S3}</p><div id='box'><h2>The diets compared</h2>{cards}</div></div>")
    assert len(found(html, [f"{S1} See the report.", S2, S3])) == 5
