"""Body rule of the sixth round: a lead the fast extractor left out (prose right before the
body's first paragraph in the DOM: a bold lead before the first <p>) goes before the body;
text the body holds is passed over, the page's description (a deck) and non-prose end the walk."""

import scrapekit
from scrapekit.extractors.body_dom import lead_paragraphs
from scrapekit.extractors.document import parse

LEAD = ("The harbour board says it will close the old ferry pier for urgent repairs when the "
        "winter timetable begins next month.")
PARAS = [
    "Morning commuters will be sent to the north terminal, where two extra boats are to run "
    "every half hour until the work on the pier is done.",
    "Officials said the repairs would cost less than the board had feared, and that the pier "
    "should reopen in good time for the busy summer season.",
    "The pier, built in 1911, was last repaired after a storm in 1987 and has been closed to "
    "cars since an inspection found cracks in two of its piles.",
]


def _page(before: str, description: str = "") -> str:
    meta = f"<meta name='description' content='{description}'>" if description else ""
    paras = "\n".join(f"<P>\n{p}" for p in PARAS)
    return (f"<html><head><title>Ferry pier to close</title>{meta}</head><body>"
            "<div id='nav'><a href='/'>Home</a> | <a href='/news'>News</a></div>"
            f"<div class='story'><h2>Ferry pier to close</h2><img src='p.jpg'>\n{before}\n"
            f"{paras}\n</div></body></html>")


def _lead(html: str, paragraphs: list[str], seen=lambda t: False, deck=lambda t: False):
    return lead_paragraphs(parse(html), paragraphs, seen, deck)


def test_a_bold_lead_before_the_first_paragraph_opens_the_body():
    html = _page(f"<B>{LEAD}</B>")
    body = scrapekit.extract(html, "http://example.org/pier").article_body
    assert body is not None
    assert body.startswith(LEAD + "\n\n" + PARAS[0])
    assert body.count(LEAD) == 1
    assert _lead(html, PARAS) == [LEAD]


def test_the_lead_is_found_before_a_first_paragraph_that_is_plain_text():
    html = ("<html><body><div class='post'><span>" + LEAD + "</span><br><span>" + PARAS[0]
            + "</span><br><span>" + PARAS[1] + "</span></div></body></html>")
    assert _lead(html, PARAS[:2]) == [LEAD]


def test_a_lead_in_the_parents_previous_sibling():
    text = "<div class='text'>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"
    html = f"<html><body><p class='intro'>{LEAD}</p>{text}</body></html>"
    assert _lead(html, PARAS) == [LEAD]
    # a container of blocks is no paragraph: the walk ends there
    html = f"<html><body><div class='intro'><p>{LEAD}</p></div>{text}</body></html>"
    assert _lead(html, PARAS) == []


def test_no_lead_from_short_lines_headings_links_or_the_description():
    assert _lead(_page("<b>Updated: March 3, 2009.</b>"), PARAS) == []  # under 15 words
    assert _lead(_page(f"<b>{LEAD[:-1]}</b>"), PARAS) == []  # no sentence end
    assert _lead(_page(f"<h3>{LEAD}</h3>"), PARAS) == []  # a heading ends the walk
    linked = f"<p><a href='/a'>{LEAD}</a></p>"
    assert _lead(_page(linked), PARAS) == []  # link text
    deck = _page(f"<B>{LEAD}</B>", description=LEAD)
    assert _lead(deck, PARAS, deck=lambda t: t == LEAD) == []
    body = scrapekit.extract(deck, "http://example.org/pier").article_body
    assert body is not None and LEAD not in body  # the description is a deck: left out


def test_text_the_body_holds_is_passed_over_and_the_walk_goes_on():
    html = _page(f"<p>{LEAD}</p><p>Photo: the pier in 1987, after the storm.</p>")
    # the caption is no prose: the walk ends before the lead
    assert _lead(html, PARAS) == []
    held = "Photo: the pier in 1987, after the storm."
    assert _lead(html, PARAS, seen=lambda t: t == held) == [LEAD]
    assert _lead(html, PARAS, seen=lambda t: True) == []


def test_no_lead_when_the_first_paragraph_is_not_in_the_dom():
    assert _lead(_page(f"<B>{LEAD}</B>"), ["A paragraph the page does not print at all, anywhere."]) == []
    assert _lead(_page(f"<B>{LEAD}</B>"), ["Too short."]) == []
