"""Related links: a box after the text the body kept (twenty-third round), on pages written for
the test. The body's raw paragraphs and its text are given as the body extractor hands them
over."""

from __future__ import annotations

from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links

URL = "https://n.example/2019/05/this-story.html"
SOURCE = "https://o.example/2019/05/report.html"
TEXT = ["The coach said the team would play its young players in the last game of the year. " * 3,
        "Fans at the stadium cheered the rookies who scored twice in the first half of the match. " * 3,
        "The season ends next week with a match against the league leaders at the home ground. " * 3]
FIRST = TEXT[0] + " As the report said."
BLOG = "https://janedoe.example/2019/05/rookies-score-twice.html"
BIO = "Jane Doe writes about sport for the paper and keeps a blog of her own on the game"
NEXT = "https://n.example/2019/05/next-story.html"


def story(after: str) -> str:
    """A page: the story's container, its three paragraphs (a source in the first), then
    ``after`` inside the same container."""
    return ("<html><body><div id='story'>"
            f"<p>{TEXT[0]} As the <a href='{SOURCE}'>report</a> said.</p>"
            f"<p>{TEXT[1]}</p><p>{TEXT[2]}</p>{after}</div></body></html>")


def links(html: str, paragraphs: list[str], text: list[str]) -> list[tuple[str, str]]:
    return [(link.kind, link.url)
            for link in extract_related_links(parse(html, URL), paragraphs, "\n\n".join(text))]


KEPT = [FIRST, TEXT[1], TEXT[2]]
BIO_BOX = f"<div class='note'><p>{BIO}: <a href='{BLOG}'>Jane's sport blog</a>.</p></div>"


def test_a_box_after_the_kept_text_gives_no_in_body_link():
    # an author's bio in a box after the text, a paragraph the body did not keep
    assert links(story(BIO_BOX), KEPT, KEPT) == [("inBody", SOURCE)]


def test_a_box_the_body_dropped_from_its_raw_paragraphs_gives_none_either():
    raw = KEPT + [f"{BIO}: Jane's sport blog."]
    assert links(story(BIO_BOX), raw, KEPT) == [("inBody", SOURCE)]


def test_a_box_holding_a_kept_paragraph_keeps_its_links():
    line = f"{BIO}: Jane's sport blog."
    assert links(story(BIO_BOX), KEPT + [line], KEPT + [line]) \
        == [("inBody", SOURCE), ("inBody", BLOG)]


def test_a_paragraph_after_the_text_not_in_a_box_keeps_its_link():
    # the same line written as the text's last paragraph (no box around it): the text's own
    after = f"<p>{BIO}: <a href='{BLOG}'>Jane's sport blog</a>.</p>"
    assert links(story(after), KEPT, KEPT) == [("inBody", SOURCE), ("inBody", BLOG)]


def test_a_box_before_the_last_kept_paragraph_keeps_its_link():
    html = ("<html><body><div id='story'>"
            f"<p>{TEXT[0]} As the <a href='{SOURCE}'>report</a> said.</p>{BIO_BOX}"
            f"<p>{TEXT[1]}</p><p>{TEXT[2]}</p></div></body></html>")
    assert links(html, KEPT, KEPT) == [("inBody", SOURCE), ("inBody", BLOG)]


def test_a_next_story_button_in_a_trailing_box_still_drops_its_target():
    # the box's "Next story" button is not a link, but it still says its target is no link of
    # the article's (the story is linked in the text too)
    html = ("<html><body><div id='story'>"
            f"<p>{TEXT[0]} As the <a href='{SOURCE}'>report</a> said, "
            f"<a href='{NEXT}'>the next match</a> is on.</p>"
            f"<p>{TEXT[1]}</p><p>{TEXT[2]}</p>"
            f"<div class='note'><p><a href='{NEXT}'>Next story</a></p></div></div></body></html>")
    first = TEXT[0] + " As the report said, the next match is on."
    assert links(html, [first, TEXT[1], TEXT[2]], [first, TEXT[1], TEXT[2]]) \
        == [("inBody", SOURCE)]



# -- a review of the round: three kinds of right links the rule dropped ----------------------
RULING = "https://league.example/2019/05/appeal-ruling.html"
REPORT = "https://ministry.example/2019/05/annual-report.html"


def wrapped(after: str, box: str = "para") -> str:
    """The story with each paragraph in its own box (``box``: its class), then ``after``."""
    return ("<html><body><div id='story'>"
            f"<div class='{box}'><p>{TEXT[0]} As the <a href='{SOURCE}'>report</a> said.</p></div>"
            f"<div class='{box}'><p>{TEXT[1]}</p></div><div class='{box}'><p>{TEXT[2]}</p></div>"
            f"{after}</div></body></html>")


def test_a_last_paragraph_kept_trimmed_in_its_own_box_keeps_its_link():
    # the body kept the last paragraph without its photo credit, a key too short for the kept
    # blocks to match it: the box has the shape of the kept paragraphs' (a page wrapping each
    # paragraph), so it is the text's, as the same paragraph bare is
    last = (f"<div class='para'><p>The final is on Sunday, <a href='{RULING}'>says the league</a>. "
            "Photo: J. Doe / Town News</p></div>")
    raw = KEPT + ["The final is on Sunday, says the league. Photo: J. Doe / Town News"]
    text = KEPT + ["The final is on Sunday, says the league."]
    assert links(wrapped(last), raw, text) == [("inBody", SOURCE), ("inBody", RULING)]


def test_a_paragraph_in_a_box_of_the_text_paragraphs_shape_keeps_its_link():
    # a last paragraph the body never saw, wrapped as the text's paragraphs are: the text's own
    after = f"<div class='para'><p>{BIO}: <a href='{BLOG}'>Jane's sport blog</a>.</p></div>"
    assert links(wrapped(after), KEPT, KEPT) == [("inBody", SOURCE), ("inBody", BLOG)]
    # a box of another shape after the same wrapped text is still set after the text
    assert links(wrapped(BIO_BOX), KEPT, KEPT) == [("inBody", SOURCE)]


def test_a_link_in_a_sentence_of_a_dropped_closing_paragraph_in_a_box_is_kept():
    # the body dropped the closing paragraph (a copyright line ends it): the closing rule
    # decides, and a link inside its sentence stays, in a box of its own or wrapped as the text
    line = (f"<p>The final is on Sunday, <a href='{RULING}'>the league says</a>. Copyright 2019 "
            "Town News. All rights reserved.</p>")
    raw = KEPT + ["The final is on Sunday, the league says. Copyright 2019 Town News. All rights "
                  "reserved."]
    for html in (story(f"<div class='endnote'>{line}</div>"),
                 wrapped(f"<div class='para'>{line}</div>")):
        assert links(html, raw, KEPT) == [("inBody", SOURCE), ("inBody", RULING)]
    # a promo closing the text in such a box still gives none
    promo = f"<div class='endnote'><p><a href='{NEXT}'>Subscribe to our sport letter</a></p></div>"
    assert links(story(promo), KEPT + ["Subscribe to our sport letter"], KEPT) \
        == [("inBody", SOURCE)]


def test_a_source_line_right_after_the_text_keeps_its_link():
    # "Source: the ministry's annual report" in a box of its own right after the text: its one
    # link is the text's source, as the same line written as a bare paragraph is
    line = f"Source: the ministry's <a href='{REPORT}'>annual report</a> on the state of the game."
    plain = "Source: the ministry's annual report on the state of the game."
    box = f"<div class='source'><p>{line}</p></div>"
    for raw in (KEPT, KEPT + [plain]):
        assert links(story(box), raw, KEPT) == [("inBody", SOURCE), ("inBody", REPORT)]
    # not a source line: after another box, with a second link, or without a source's label
    assert links(story(BIO_BOX + box), KEPT, KEPT) == [("inBody", SOURCE)]
    two = f"<div class='source'><p>{line} See also <a href='{RULING}'>the ruling</a>.</p></div>"
    assert links(story(two), KEPT, KEPT) == [("inBody", SOURCE)]
    unlabelled = box.replace("Source: the", "The")
    assert links(story(unlabelled), KEPT, KEPT) == [("inBody", SOURCE)]
