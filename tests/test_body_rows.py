"""Body rule of the fifth round: an old table layout's row that holds the page's head (site
name, section, headline, byline and date) before the article's text is cut after it, and a long row that ends in the site's copyright footer before it."""

import scrapekit
from scrapekit.extractors.body import trim_rows, title_forms

STORY = ("The harbour board voted on Tuesday to close the old ferry pier for repairs, a decision "
         "that will send morning commuters to the north terminal until the spring.")
MORE = ("Officials said the work would cost less than the board had feared, and that the pier "
        "would reopen in good time for the summer season.")


def _page(cell: str) -> str:
    return ("<html><head><title>Harbour board closes old ferry pier - Bayside Courier</title>"
            "</head><body><table><tr><td><a href='/'>Home</a> <a href='/news'>News</a></td>"
            f"</tr><tr><td>{cell}</td></tr></table></body></html>")


def test_a_row_opening_with_the_page_head_is_cut_after_the_title_and_date():
    cell = ("<font size=1>Bayside Courier</font> Local News <b>Harbour board closes old ferry "
            "pier</b><br>By Jane Roe - March 3, 2009 4:10 PM EST<br>BAYSIDE - " + STORY
            + "<br><br>" + MORE)
    body = scrapekit.extract(_page(cell), "http://example.org/a").article_body
    assert body is not None
    assert body.startswith("BAYSIDE - The harbour board voted")
    assert "Local News" not in body and "Jane Roe" not in body and "PM EST" not in body
    assert MORE in body


def test_title_forms_are_the_headline_and_the_titles_segments():
    forms = title_forms("Harbour board closes old ferry pier",
                        ["Harbour board closes old ferry pier - Bayside Courier | Local News"])
    assert forms[0] == "Harbour board closes old ferry pier - Bayside Courier | Local News"
    assert "Harbour board closes old ferry pier" in forms
    assert "Local News" not in forms  # under BODY_ROW_HEAD_MIN_WORDS words


def test_the_cut_needs_a_row_near_the_top_a_title_early_in_it_and_text_after_it():
    forms = title_forms("Harbour board closes old ferry pier", [])
    head = "| Bayside Courier Harbour board closes old ferry pier March 3, 2009 "
    texts = [head + STORY + " |", MORE]
    keep = [True, True]
    assert trim_rows(texts, ["row", "p"], keep, forms) == [STORY + " |", MORE]
    # a paragraph that opens with the headline's words is the lede: untouched
    lede = "Harbour board closes old ferry pier, and " + STORY
    assert trim_rows([lede, MORE], ["p", "p"], keep, forms) == [lede, MORE]
    # the title further in than BODY_ROW_HEAD_WITHIN words: a data row or text that quotes it
    late = "| " + "word " * 60 + "Harbour board closes old ferry pier. " + STORY + " |"
    assert trim_rows([late, MORE], ["row", "p"], keep, forms) == [late, MORE]
    # too little after the title: the row stays whole
    short = "| Harbour board closes old ferry pier March 3, 2009 Read on |"
    assert trim_rows([short, MORE], ["row", "p"], keep, forms) == [short, MORE]
    # a date far after the title is the article's, not the head's: only the title goes
    far = ("| Harbour board closes old ferry pier " + STORY + " The vote of March 3, 2009 "
           "ended a long dispute. |")
    assert trim_rows([far], ["row"], [True], forms) == [far[len("| Harbour board closes "
                                                                    "old ferry pier "):]]
    # a sentence between the title and a date is the article's: only the title goes
    lede = ("| Harbour board closes old ferry pier The board voted on March 3, 2009 to close "
            "the pier, and " + STORY + " |")
    assert trim_rows([lede], ["row"], [True], forms) == [lede[len("| Harbour board closes old "
                                                                  "ferry pier "):]]
    # dropped blocks are left out; only the first BODY_ROW_HEAD_BLOCKS kept ones are looked at
    rows = ["| menu |", "| x |", "| y |", "| z |", head + STORY]
    assert trim_rows(rows, ["row"] * 5, [False, True, True, True, True], forms) == \
        ["| x |", "| y |", "| z |", head + STORY]


def test_a_long_row_is_cut_before_its_copyright_footer():
    footer = (" Copyright 2009 The Bayside Courier. All rights reserved. This material may not be "
              "published, broadcast, rewritten or redistributed. |")
    row = "| " + STORY + " " + MORE + " " + STORY.replace("Tuesday", "Monday")
    assert trim_rows([row + footer], ["row"], [True], []) == [row]
    # a short row (under BODY_ROW_TAIL_MIN_WORDS words): left to the line rules
    short = "| " + STORY + " Copyright 2009 The Bayside Courier. |"
    assert trim_rows([short], ["row"], [True], []) == [short]
    # a copyright year in the row's first half is the article's subject, not a footer
    early = ("| The (c) 2009 notice on the photo was wrong, the court heard. " + STORY + " "
             + MORE + " |")
    assert trim_rows([early], ["row"], [True], []) == [early]
    # more than a footer's words after the notice: a row that mentions a copyright goes on
    mention = "| " + STORY + " " + MORE + " It is (c) 2009 the court's. " + (MORE + " ") * 4 + "|"
    assert trim_rows([mention], ["row"], [True], []) == [mention]
    # a paragraph is not a merged cell: the line rules judge it whole
    assert trim_rows([row[2:] + footer], ["p"], [True], []) == [row[2:] + footer]


def test_a_row_footer_is_cut_in_a_whole_page():
    cell = (STORY + "<br><br>" + MORE + "<br><br>" + STORY.replace("Tuesday", "Monday")
            + " Copyright 2009 The Bayside Courier. All rights reserved.")
    body = scrapekit.extract(_page(cell), "http://example.org/a").article_body
    assert body is not None and MORE in body
    assert "Copyright" not in body and "rights reserved" not in body


def test_a_title_mentioned_mid_sentence_in_a_row_is_no_head():
    forms = title_forms("Harbour board closes old ferry pier", [])
    # in lower case where the headline is capitalised: a sentence that mentions it
    lower = ("| Residents packed the town hall on Monday night to hear why the harbour board "
             "closes old ferry pier services for a year. " + STORY + " |")
    assert trim_rows([lower], ["row"], [True], forms) == [lower]
    # after a lower-case prose word of the same sentence, even with the headline's capitals
    quoted = ("| Readers wrote to ask about our story Harbour board closes old ferry pier, "
              "which ran on Monday. " + STORY + " |")
    assert trim_rows([quoted], ["row"], [True], forms) == [quoted]
    # a notice ending in a full stop before the head is no sentence holding the title: cut
    notice = ("| There is a more recent version of this story. Harbour board closes old ferry "
              "pier March 3, 2009 " + STORY + " |")
    assert trim_rows([notice], ["row"], [True], forms) == [STORY + " |"]
    # end to end: the row's first sentence stays
    body = scrapekit.extract(_page(lower[2:-2] + "<br><br>" + MORE), "http://example.org/a")
    assert body.article_body is not None and body.article_body.startswith("| Residents packed")


def test_a_row_footer_is_found_in_the_original_text_and_not_inside_a_sentence():
    # lower() makes "İ" two characters: the cut must still fall right before the notice
    row = "| " + "İstanbul " * 5 + STORY + " " + MORE + " " + STORY.replace("Tuesday", "Monday")
    footer = " Copyright 2009 The Bayside Courier. All rights reserved. |"
    assert trim_rows([row + footer], ["row"], [True], []) == [row]
    # "all rights reserved" inside a sentence near the end is the article's text
    ruling = ("| " + STORY + " " + MORE + " The judge ruled that all rights reserved to the "
              "author under the 1998 contract remain with her estate. |")
    assert trim_rows([ruling], ["row"], [True], []) == [ruling]
    # ... and at a segment's start, after a notice without a year, it is the footer
    alone = "| " + STORY + " " + MORE + " " + STORY + " The Bayside Courier. All rights reserved."
    assert trim_rows([alone], ["row"], [True], []) == [alone[:alone.index(" All rights")]]
