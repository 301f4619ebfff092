"""Related links and the body extractor's cleaned text (issue 16, tenth round): a paragraph the
body drops from the end of its text gives no in-body link; one it drops between kept
paragraphs still does. Pages written for the test."""

from __future__ import annotations

from pagekit import page
from scrapekit.extractors import extract_article
from scrapekit.extractors.body import extract_body
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links

URL = "https://n.example/2024/05/this-story"
S1 = "The first paragraph of the story says what happened at the council meeting on Monday. " * 3
S2 = "The second paragraph of the story gives the background of the decision and its cost. " * 3
S3 = "The third paragraph quotes the mayor, who defended the vote in front of the press corps. " * 3
READ = "Read more: <a href='https://n.example/2024/04/the-vote-before'>The council's vote in April</a>"
PROMO = ("Our reporting on the town is backed by readers like you: "
         "<a href='https://n.example/support-local-news'>find out how to help</a>")
HTML = (f"<article><p>{S1}</p><p>{S2}</p><p>{READ}</p><p>{S3}</p><p>{PROMO}</p></article>"
        "<footer><a href='https://n.example/about'>About</a></footer>")
RAW = [S1.strip(), S2.strip(), "Read more: The council's vote in April", S3.strip(),
       "Our reporting on the town is backed by readers like you: find out how to help"]


def found(body_text: str | None) -> list[tuple[str, str]]:
    doc = parse(page("", HTML), URL)
    return [(link.kind, link.url) for link in extract_related_links(doc, RAW, body_text)]


def test_a_closing_paragraph_the_body_dropped_gives_no_in_body_link():
    kept = "\n\n".join([S1.strip(), S2.strip(), S3.strip()])
    assert found(kept) == [("inBody", "https://n.example/2024/04/the-vote-before")]


def test_without_the_cleaned_text_every_paragraph_counts():
    assert found(None) == [("inBody", "https://n.example/2024/04/the-vote-before"),
                           ("inBody", "https://n.example/support-local-news")]


def test_a_paragraph_kept_in_trimmed_form_still_ends_the_text():
    # the body kept the last paragraph shortened (a trailing credit cut off): it is still the
    # text's end, so nothing before it counts as a closing paragraph
    kept = "\n\n".join([S1.strip(), S2.strip(), S3.strip()[:-30],
                        "Our reporting on the town is backed by readers like you"])
    assert len(found(kept)) == 2


def test_no_kept_paragraph_means_no_closing_paragraphs():
    assert len(found("An unrelated lead the body found elsewhere on the page.")) == 2


def test_the_record_drops_a_closing_line_the_body_drops():
    # end to end: a credit line closing the text, which the body extractor drops, gives no link
    # in the record; the read-more line between the paragraphs stays
    credit = "<p>Photo: <a href='https://photos.example/jane'>Jane Doe for Town News</a></p>"
    html = f"<article><p>{S1}</p><p>{S2}</p><p>{READ}</p><p>{S3}</p>{credit}</article>"
    article = extract_article(page("", html), URL)
    assert "Jane Doe" not in (article.article_body or "")
    assert [link.url for link in article.related_links] == ["https://n.example/2024/04/the-vote-before"]
    # the body's raw paragraphs alone (before its boilerplate removal) would give it
    doc = parse(page("", html), URL)
    assert "https://photos.example/jane" in [
        link.url for link in extract_related_links(doc, extract_body(doc).paragraphs)]
