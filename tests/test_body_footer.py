"""The site's footer under the article (eleventh body round): a copyright notice after the
body's last long prose paragraph opens it."""

import scrapekit
from pagekit import BODY, page
from scrapekit.extractors.body import site_footer

PROSE = ("This is a long paragraph of the article, with more than twenty words in it, so that "
         "it reads as prose and ends a sentence.")


def _kept(texts, keep=None):
    keep = [True] * len(texts) if keep is None else keep
    return [t for t, k in zip(texts, site_footer(texts, keep)) if k]


def test_lines_around_a_copyright_notice_after_the_text_are_the_footer():
    texts = [PROSE, PROSE, "Corporate links:", "- Feeds", "Privacy Policy (c) 2007 example.com",
             "1854 Example Road, Springfield 10260.", "Tel 555-0100, Fax 555-0101",
             "Contact us: Example Internet"]
    assert _kept(texts) == [PROSE, PROSE]


def test_a_sentence_before_the_notice_and_the_text_before_it_stay():
    quote = '"I only keep the real unusual," she said.'
    texts = [PROSE, "A short line of the article", PROSE, quote, "Menu line",
             "© 2024 Example News"]
    assert _kept(texts) == [PROSE, "A short line of the article", PROSE, quote]


def test_a_notice_before_the_last_long_paragraph_opens_no_footer():
    # a photo credit in the middle of the text: the article goes on after it
    texts = [PROSE, "Photo: © 2024 Example Agency", "A caption without a full stop", PROSE,
             "Short closing line"]
    assert _kept(texts) == texts


def test_no_long_paragraph_or_no_notice_changes_nothing():
    short = ["A short line.", "Another one", "© 2024 Example News", "Contact us"]
    assert _kept(short) == short
    assert _kept([PROSE, "Contact us", "Tel 555-0100"]) == [PROSE, "Contact us", "Tel 555-0100"]
    # blocks the earlier rules dropped stay dropped, and count for nothing
    texts = [PROSE, PROSE, "Links", "© 2024 Example News", "Tel 555-0100"]
    assert site_footer(texts, [True, False, True, False, True]) == [True, False, False, False,
                                                                     False]


def test_site_footer_on_a_page():
    html = page("<title>A story</title>",
                "<div class='story'><h1>A story</h1>" + BODY + BODY +
                "<p>Corporate links:</p><p>Example News (c) 2008 example.com</p>"
                "<p>1854 Example Road, Springfield 10260</p>"
                "<p>Tel 555-0100, Fax 555-0101</p></div>")
    body = scrapekit.extract(html, "https://example.com/a").article_body
    assert "sentence of real article text" in body
    assert "Corporate links" not in body and "Tel 555-0100" not in body
    assert "Example Road" not in body


def test_the_replay_cuts_the_footer_as_the_extractor_does():
    """benchmarks.body_train.replay (the cached pages' replay) applies site_footer too."""
    from benchmarks import body_train

    texts = [PROSE, PROSE, "Corporate links:", "© 2024 Example News", "Tel 555-0100"]
    page_ = {"texts": texts, "kinds": ["p"] * 5, "headline": "", "titles": [], "main": "",
             "page_words": 60, "rescue": "", "set": "scrapinghub"}
    assert body_train.replay(page_, [True, True, True, False, True]) == PROSE + "\n\n" + PROSE


def test_a_picture_credit_after_the_text_opens_no_footer():
    texts = [PROSE, PROSE, "Photo: © 2024 Example Agency", "- 200 g flour", "- 2 eggs"]
    assert _kept(texts) == texts
    texts = [PROSE, "Bild: Example Agency (c) 2024", "Zutaten"]
    assert _kept(texts) == texts
