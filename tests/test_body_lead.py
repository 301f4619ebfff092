"""Body rule of the sixth round: a lead the fast extractor left out (prose right before the
body's first paragraph in the DOM: a bold lead before the first <p>, a <p> before the body's
container) goes before the body; text the body holds is passed over, the page's description (a
deck) and non-prose end the walk."""

import pytest

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


def _page(before: str) -> str:
    paras = "\n".join(f"<P>\n{p}" for p in PARAS)
    return ("<html><head><title>Ferry pier to close</title></head><body>"
            "<div id='nav'><a href='/'>Home</a> | <a href='/news'>News</a></div>"
            f"<div class='story'><h2>Ferry pier to close</h2><img src='p.jpg'>\n{before}\n"
            f"{paras}\n</div></body></html>")


def _lead(html: str, paragraphs: list[str], seen=lambda t: False, deck=lambda t: False):
    return lead_paragraphs(parse(html), paragraphs, seen, deck)


def _intro_page(intro: str, description: str = "") -> str:
    meta = f"<meta name='description' content='{description}'>" if description else ""
    return (f"<html><head><title>Ferry pier to close</title>{meta}</head><body>{intro}"
            "<div class='text'>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div></body></html>")


def test_a_lead_the_fast_extractor_leaves_out_opens_the_body(monkeypatch):
    import scrapekit.extractors.body as body_module

    html = _intro_page(f"<p class='intro'>{LEAD}</p>")
    body = scrapekit.extract(html, "http://example.org/pier").article_body
    assert body is not None
    assert body.startswith(LEAD + "\n\n" + PARAS[0])
    assert body.count(LEAD) == 1
    monkeypatch.setattr(body_module, "with_lead", lambda page, body: body)
    without = scrapekit.extract(html, "http://example.org/pier").article_body
    assert without is not None and LEAD not in without  # trafilatura's fast mode misses it
    # the page's description repeated above the body is a deck: left out
    deck = _intro_page(f"<p class='intro'>{LEAD}</p>", description=LEAD)
    monkeypatch.undo()
    body = scrapekit.extract(deck, "http://example.org/pier").article_body
    assert body is not None and LEAD not in body and body.startswith(PARAS[0])


def test_a_bold_lead_before_the_first_paragraph():
    assert _lead(_page(f"<B>{LEAD}</B>"), PARAS) == [LEAD]


def test_the_lead_is_found_before_a_first_paragraph_that_is_plain_text():
    html = ("<html><body><div class='post'><span>" + LEAD + "</span><br><span>" + PARAS[0]
            + "</span><br><span>" + PARAS[1] + "</span></div></body></html>")
    assert _lead(html, PARAS[:2]) == [LEAD]


def test_a_lead_in_the_parents_previous_sibling():
    assert _lead(_intro_page(f"<p class='intro'>{LEAD}</p>"), PARAS) == [LEAD]
    # a container of blocks is no paragraph: the walk ends there
    assert _lead(_intro_page(f"<div class='intro'><p>{LEAD}</p></div>"), PARAS) == []


def test_a_lead_in_a_div_or_blockquote_that_holds_no_blocks():
    # lexbor's css matches the element itself: a text-only <div> was taken for a container of
    # blocks, and its lead never counted (seventh round's fix)
    assert _lead(_intro_page(f"<div class='intro'>{LEAD}</div>"), PARAS) == [LEAD]
    assert _lead(_intro_page(f"<blockquote>{LEAD}</blockquote>"), PARAS) == [LEAD]
    assert _lead(_intro_page(f"<div class='intro'><span>{LEAD}</span></div>"), PARAS) == [LEAD]
    # ... but a <div> or <blockquote> around blocks is a container: the walk ends there
    assert _lead(_intro_page(f"<blockquote><p>{LEAD}</p></blockquote>"), PARAS) == []
    assert _lead(_intro_page(f"<div><div>{LEAD}</div></div>"), PARAS) == []


def test_no_lead_from_short_lines_headings_links_or_the_description():
    assert _lead(_page("<b>Updated: March 3, 2009.</b>"), PARAS) == []  # under 15 words
    assert _lead(_page(f"<b>{LEAD[:-1]}</b>"), PARAS) == []  # no sentence end
    assert _lead(_page(f"<h3>{LEAD}</h3>"), PARAS) == []  # a heading ends the walk
    linked = f"<p><a href='/a'>{LEAD}</a></p>"
    assert _lead(_page(linked), PARAS) == []  # link text
    assert _lead(_page(f"<B>{LEAD}</B>"), PARAS, deck=lambda t: t == LEAD) == []


def test_text_the_body_holds_is_passed_over_and_the_walk_goes_on():
    html = _page(f"<p>{LEAD}</p><p>Photo: the pier in 1987, after the storm.</p>")
    # the caption is no prose: the walk ends before the lead
    assert _lead(html, PARAS) == []
    held = "Photo: the pier in 1987, after the storm."
    assert _lead(html, PARAS, seen=lambda t: t == held) == [LEAD]
    assert _lead(html, PARAS, seen=lambda t: True) == []


def test_no_lead_when_the_first_paragraph_is_not_in_the_dom():
    absent = "A paragraph the page does not print at all, anywhere on it."
    assert _lead(_page(f"<B>{LEAD}</B>"), [absent]) == []
    assert _lead(_page(f"<B>{LEAD}</B>"), ["Too short."]) == []


@pytest.mark.parametrize("intro", [
    # a notice in a plain <p>, a classed banner, a photo caption, a credit in a span: never a lead
    "<p>We use cookies to give you the best possible experience on our website. By continuing "
    "to browse the site you agree to our use of cookies.</p>",
    "<p class='cookie-banner'>This website stores small files on your device to run the site "
    "and to measure how readers find their way through our pages.</p>",
    "<p class='caption'>Commuters queue for the ferry at the old pier on Monday morning, a week "
    "before the harbour board's vote to close it.</p>",
    "<span class='photoCredit'>Photo taken from the harbour wall by our staff photographer on "
    "a grey Monday morning before the board's vote.</span>",
])
def test_notices_captions_and_chrome_classed_text_are_no_lead(intro):
    body = scrapekit.extract(_intro_page(intro), "http://example.org/pier").article_body
    assert body is not None and body.startswith(PARAS[0])
    # the same text, classed as nothing and reading as prose, is a lead (the rule still works)
    lead = ("<p>The harbour board says it will close the old ferry pier for urgent repairs "
            "when the winter timetable begins next month.</p>")
    body = scrapekit.extract(_intro_page(lead), "http://example.org/pier").article_body
    assert body is not None and body.startswith(LEAD)


@pytest.mark.parametrize("label", ["READ MORE:", "Photo:", "Related:", "Video:"])
def test_a_labelled_caption_or_pointer_line_is_no_lead(label):
    # a text-only <div> counts as a lead since the seventh round; a line opening with a label
    # (a caption, a pointer to another story) is not the article's lead, prose as it may read
    assert _lead(_intro_page(f"<div>{label} {LEAD}</div>"), PARAS) == []
    assert _lead(_intro_page(f"<div>{LEAD}</div>"), PARAS) == [LEAD]
