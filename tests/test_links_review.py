"""Related links: fixes from a review of the link rules, each on a page written for the test
(menu-line, repeat, one-story box, social class word, contact offer rules; a deep nest of
unclosed bold tags)."""

from __future__ import annotations

import time

from pagekit import page
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links

URL = "https://news.example/2024/05/10/harbour-pier-closes.html"
S1 = "The harbour board voted on Tuesday to close the old ferry pier for repairs next month. " * 3
S2 = "Morning commuters will be sent to the north terminal while two extra boats run every hour. " * 3
S3 = "Officials said the repairs would cost less than feared and the pier should reopen by summer. " * 3


def found(middle: str, middle_text: str, before: str = "", after: str = "") -> list[tuple[str, str]]:
    """The links of a three-paragraph story whose second paragraph is S2 + ``middle``."""
    html = f"{before}<div class='story'><p>{S1}</p><p>{S2} {middle}</p><p>{S3}</p></div>{after}"
    doc = parse(page("", html), URL)
    paragraphs = [S1.strip(), f"{S2} {middle_text}", S3.strip()]
    return [(link.kind, link.url) for link in extract_related_links(doc, paragraphs)]


PORTS = "https://ports.example/2024/05/annual-review"
AUDIT = "https://audit.example/2024/05/ferry-audit"


def test_links_separated_by_a_dot_or_bar_in_a_sentence_are_no_menu_line():
    middle = (f"The figures come from two reports (<a href='{PORTS}'>Ports Authority</a> · "
              f"<a href='{AUDIT}'>State Audit</a>) published this week.")
    assert found(middle, "The figures come from two reports (Ports Authority · State Audit) "
                         "published this week.") == [("inBody", PORTS), ("inBody", AUDIT)]
    middle = (f"Download the report: <a href='{PORTS}'>PDF</a> | "
              f"<a href='{PORTS}-web'>web version</a>.")
    assert found(middle, "Download the report: PDF | web version.") == [
        ("inBody", PORTS), ("inBody", f"{PORTS}-web")]


def test_a_menu_line_of_its_own_still_gives_no_links():
    menu = " | ".join(f"<a href='https://news.example/{s}/'>{s.title()}</a>"
                      for s in ("sport", "business", "weather"))
    html = (f"<div class='story'><p>{S1}</p><p>{S2}</p><p>{menu}</p><p>{S3}</p></div>")
    doc = parse(page("", html), URL)
    assert extract_related_links(doc, [S1.strip(), S2.strip(), S3.strip()]) == []


def test_a_query_added_to_a_page_kept_without_one_is_another_page():
    middle = ("See the operator's <a href='https://ferry.example/timetable'>timetable page</a> and "
              "the <a href='https://ferry.example/timetable?route=north'>new north timetable</a>.")
    assert found(middle, "See the operator's timetable page and the new north timetable.") == [
        ("inBody", "https://ferry.example/timetable"),
        ("inBody", "https://ferry.example/timetable?route=north")]


def test_a_bare_page_after_one_of_its_query_variants_is_another_page():
    # the other order: the variant first, then the bare page (two pages, both kept)
    middle = ("See the <a href='https://ferry.example/timetable?route=north'>new north "
              "timetable</a> and the operator's <a href='https://ferry.example/timetable'>timetable "
              "page</a>.")
    assert found(middle, "See the new north timetable and the operator's timetable page.") == [
        ("inBody", "https://ferry.example/timetable?route=north"),
        ("inBody", "https://ferry.example/timetable")]


def test_a_page_with_and_without_its_click_code_is_one_link_as_first_written():
    # a link that says where it was clicked (a slot word, a site's own click code the scorer's
    # key drops) and the bare page, in either order, are one page, kept once as first written;
    # a short generic name (?cid=12) is kept as written
    story = "https://ferry.example/2024/05/pier-vote"
    for query in ("xid=homepage", "iref=pc_rellink_01", "from=nav_top", "ico=related_story"):
        for first, second in ((f"{story}?{query}", story), (story, f"{story}?{query}")):
            middle = (f"The <a href='{first}'>vote</a> came after <a href='{second}'>a long "
                      f"debate</a>, at <a href='https://ferry.example/cost?cid=12'>a cost</a>.")
            assert found(middle, "The vote came after a long debate, at a cost.") == [
                ("inBody", first), ("inBody", "https://ferry.example/cost?cid=12")], (first, second)


def test_a_query_on_a_path_ending_in_a_slash_names_its_page():
    middle = ("Jane Roe wrote on <a href='https://jane.example/blog/?p=41&amp;c=2'>her blog</a>, in "
              "<a href='https://jane.example/blog/?p=41'>a post on the accounts</a>.")
    assert [u for _, u in found(middle, "Jane Roe wrote on her blog, in a post on the accounts.")] \
        == ["https://jane.example/blog/?p=41&c=2", "https://jane.example/blog/?p=41"]


def test_a_tracking_repeat_of_a_kept_link_is_still_dropped():
    middle = ("See <a href='https://ferry.example/timetable?route=north&amp;xid=home'>the north "
              "timetable</a> (<a href='https://ferry.example/timetable?route=north'>again</a>).")
    assert found(middle, "See the north timetable (again).") == [
        ("inBody", "https://ferry.example/timetable?route=north&xid=home")]
    # a story with a click-tracking query, then the same story bare
    middle = ("In a push to <a href='https://news.example/2024/05/09/vote-nears/?xid=home'>win the "
              "vote</a>, he <a href='https://news.example/2024/05/09/vote-nears/'>spoke to them</a>.")
    assert found(middle, "In a push to win the vote, he spoke to them.") == [
        ("inBody", "https://news.example/2024/05/09/vote-nears/?xid=home")]


def test_a_link_rejected_later_does_not_block_the_real_one():
    hidden = ("<a style='display:none' href='https://ferry.example/timetable?route=north&amp;aff=x'>"
              "cheap pills</a>")
    html_text = "See the north timetable."
    middle = f"See <a href='https://ferry.example/timetable?route=north'>the north timetable</a>."
    html = f"<div class='story'><p>{S1}{hidden}</p><p>{S2} {middle}</p><p>{S3}</p></div>"
    doc = parse(page("", html), URL)
    links = extract_related_links(doc, [S1.strip() + " cheap pills", f"{S2} {html_text}", S3.strip()])
    assert [(link.kind, link.url) for link in links] == [
        ("inBody", "https://ferry.example/timetable?route=north")]


def _story_box(text: str) -> str:
    return (f"<h1>Harbour board closes the old ferry pier</h1><div class='story'><p>{S1}</p>"
            f"<aside class='read-more-links'><h5>Read More</h5><ul><li>"
            f"<a href='https://news.example/2024/04/01/transfer-window.html'>{text}</a>"
            f"</li></ul></aside><p>{S2}</p><p>{S3}</p></div>")


def test_a_one_story_box_whose_link_text_names_no_subject_is_not_judged_off_subject():
    doc = parse(page("", _story_box("Click here")), URL)
    links = extract_related_links(doc, [S1.strip(), S2.strip(), S3.strip()])
    assert [(link.kind, link.url) for link in links] == [
        ("inBody", "https://news.example/2024/04/01/transfer-window.html")]
    # a box naming another subject is still dropped
    doc = parse(page("", _story_box("Football clubs chase signings as transfer window opens")), URL)
    assert extract_related_links(doc, [S1.strip(), S2.strip(), S3.strip()]) == []


def test_a_social_class_word_on_an_inline_wrapper_in_a_sentence_is_no_chrome():
    link = "https://news.example/2024/05/chair-interview"
    for cls in ("twitter-handle", "facebook-link"):
        middle = (f"The chair <span class='{cls}'><a href='{link}'>said in a full interview</a>"
                  f"</span> that funds are ready.")
        assert found(middle, "The chair said in a full interview that funds are ready.") == [
            ("inBody", link)], cls
    # on a block (a share bar) it still is
    bar = f"<div class='twitter-bar'><a href='{link}'>said in a full interview</a></div>"
    html = f"<div class='story'><p>{S1}</p>{bar}<p>{S2}</p><p>{S3}</p></div>"
    doc = parse(page("", html), URL)
    assert extract_related_links(doc, [S1.strip(), S2.strip(), S3.strip()]) == []


def test_a_title_starting_like_a_contact_offer_is_a_link():
    guide = "https://charity.example/guides/get-in-touch-with-your-mp"
    middle = f"The charity's guide, <a href='{guide}'>Get in touch with your MP</a>, explains it."
    assert found(middle, "The charity's guide, Get in touch with your MP, explains it.") == [
        ("inBody", guide)]
    for offer in ("Get in touch", "contact us by email", "request a call with Harbour staff"):
        middle = f"Questions? <a href='https://news.example/help/{len(offer)}'>{offer}</a>."
        assert found(middle, f"Questions? {offer}.") == [], offer


def test_thousands_of_unclosed_bold_tags_take_linear_time():
    def cost(depth: int) -> float:
        html = (f"<div><p>{S1}<a href='https://a.example/x/1'>src</a></p></div>"
                + "<b>x " * depth + "</b>" * depth)
        doc = parse(page("", html), URL)
        best = float("inf")
        for _ in range(3):
            t0 = time.process_time()
            links = extract_related_links(doc, [S1.strip() + " src"])
            best = min(best, time.process_time() - t0)
        assert [link.url for link in links] == ["https://a.example/x/1"]
        return best

    small, big = cost(250), cost(4000)
    # 16 times the tags: linear is ~16 times the cost, quadratic ~256 times
    assert big < max(60 * small, 0.05), (small, big)



def test_the_link_key_of_a_url_without_a_query_is_that_of_its_click_coded_copy():
    from scrapekit.urlkeys import match_key

    assert match_key("https://Ferry.example/2024/05/pier/") == "ferry.example/2024/05/pier?"
    assert match_key("https://www.ferry.example/2024/05/pier?iref=rel_01") == \
        match_key("https://ferry.example/2024/05/pier")
    assert match_key("https://ferry.example") == match_key("https://ferry.example/?ico=top") \
        == "ferry.example/?"
    assert match_key("https://ferry.example/pier?route=north") == "ferry.example/pier?route=north"


def test_a_paragraph_opening_with_spaces_and_a_folded_letter_is_still_found():
    # the paragraph key's first characters are read off the block's first characters (the
    # scan's cheap test): spacing and a letter that case-folds to two (ß -> ss) change nothing
    opening = "\n   \u1e9ee  Stra\u00dfe closed: the harbour board voted to shut the road. " * 2
    html = (f"<div class='story'><p>{S1}</p><p>{opening} See <a href='{PORTS}'>the review</a>."
            f"</p><p>{S3}</p></div>")
    from scrapekit.extractors.links import _scan

    doc = parse(page("", html), URL)
    text = " ".join(f"{opening} See the review.".split())
    scan = _scan(doc.tree.body, [S1.strip(), text, S3.strip()])
    assert [node.tag for node in scan.matched] == ["p", "p", "p"]
    assert [link.url for link in extract_related_links(doc, [S1.strip(), text, S3.strip()])] \
        == [PORTS]


def test_related_heading_texts_read_the_same_through_the_quick_start_test():
    from scrapekit.extractors.links import _is_heading_text

    for text in ("Related", "  - Related stories", "\u3010\u95a2\u9023\u8a18\u4e8b\u3011",
                 "\u2003Related", "Mehr zum\n  Thema", "R e l a t e d", "-" * 22 + "Related"):
        assert _is_heading_text(text) is (text not in ("R e l a t e d",)), text
    for text in ("Most read", "Latest news", "The harbour board voted on Tuesday", "Rel", ""):
        assert _is_heading_text(text) is False, text
