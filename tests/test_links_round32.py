"""Related links: the author's bio kept with the text (the thirty-second round), on pages
written for the test. A paragraph the body keeps that opens with the name of the article's own
author followed by words about them is the author's bio: its links are not the text's. Every
other paragraph keeps its links: one opening with another person's name, the author's name
followed by a colon (an interviewer's line) or set inside a sentence, and any paragraph on a
page whose author is not known or named by one word."""

from __future__ import annotations

import json

from scrapekit.extractors.authors import extract_byline_authors
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links
from scrapekit.extractors.links_bio import _opens_bio, author_names

SITE = "https://careers.example"
URL = f"{SITE}/2012/05/follow-up-after-the-interview/"
SOURCE = "https://survey.example/reports/hiring-2012"
OWN = "https://janedoe-coaching.example/free-tools/job-search"
SHOW = "https://tv.example/shows/morning/2011/12/job-hunting-tips"
TEXT = ["Most candidates never write to the recruiter after an interview, and lose the job to "
        "the one who does. " * 2,
        "A short note the same day, naming one thing you learned, is enough to be remembered. " * 2]


def page(closing: str, author: str | None = "Jane Doe") -> str:
    data = {"@context": "https://schema.org", "@type": "BlogPosting",
            "headline": "Follow up after the interview"}
    if author:
        data["author"] = {"@type": "Person", "name": author}
    return (f"<html><head><script type='application/ld+json'>{json.dumps(data)}</script></head>"
            f"<body><article><h1>Follow up after the interview</h1>"
            f"<p>{TEXT[0]} A <a href='{SOURCE}'>hiring survey</a> puts it at four in ten.</p>"
            f"<p>{TEXT[1]}</p>{closing}</article></body></html>")


def links(closing: str, author: str | None = "Jane Doe") -> list[tuple[str, str]]:
    """The page's links; the body keeps the closing paragraph with the text."""
    closing_text = " ".join(parse(closing).tree.body.text(separator=" ").split())
    paragraphs = [TEXT[0] + " A hiring survey puts it at four in ten.", TEXT[1], closing_text]
    found = extract_related_links(parse(page(closing, author), URL), paragraphs,
                                  "\n\n".join(paragraphs))
    return [(link.kind, link.url) for link in found]


BIO = (f"<p><em><strong>Jane Doe</strong> has been featured in three business magazines. You "
       f"can learn more about <a href='{OWN}'>the fundamentals of a job search</a> on her site, "
       f"and watch her on <a href='{SHOW}'>the morning show</a>.</em></p>")


def test_the_author_s_bio_kept_with_the_text_gives_no_in_body_link():
    found = links(BIO)
    assert ("inBody", SOURCE) in found  # the text's own link stays
    assert all(url not in (OWN, SHOW) for _, url in found)


def test_a_bio_opening_with_the_name_then_a_comma_gives_none_either():
    found = links(f"<p>Jane Doe, a career coach in Leeds, runs <a href='{OWN}'>a free "
                  f"job-search course</a>.</p>")
    assert ("inBody", SOURCE) in found
    assert all(url != OWN for _, url in found)


def test_a_paragraph_opening_with_another_person_s_name_keeps_its_link():
    found = links(f"<p>John Roe has been hiring for ten years and <a href='{OWN}'>wrote down "
                  f"his rules</a> for follow-up notes.</p>")
    assert ("inBody", OWN) in found


def test_the_author_s_name_before_a_colon_or_inside_a_sentence_keeps_the_link():
    assert ("inBody", OWN) in links(f"<p>Jane Doe: what do you tell candidates about "
                                    f"<a href='{OWN}'>follow-up notes</a>?</p>")
    assert ("inBody", OWN) in links(f"<p>As Jane Doe wrote last year, a note "
                                    f"<a href='{OWN}'>can be short</a>.</p>")


def test_no_known_author_or_a_one_word_name_leaves_every_link():
    assert ("inBody", OWN) in links(BIO.replace("Jane Doe", "Staff"), author="Staff")
    assert ("inBody", OWN) in links(BIO, author=None)


def test_author_names_and_the_bio_opening():
    doc = parse(page(BIO), URL)
    assert author_names(doc) == ("Jane Doe",)
    # memoised on the page: asked again, the same answer, and a copy of the list
    first = extract_byline_authors(doc)
    second = extract_byline_authors(doc)
    assert first == second and first[1] is not second[1]
    assert _opens_bio("Jane Doe makes frequent appearances on news programmes.", ("Jane Doe",))
    assert _opens_bio("@Jane Doe, a coach", ("Jane Doe",))
    assert not _opens_bio("Jane Doe Reports: the week in jobs", ("Jane Doe",))
    assert not _opens_bio("Jane Doe's new book is out.", ("Jane Doe",))
    # a long paragraph opening so is text
    assert ("inBody", OWN) in links(f"<p>Jane Doe makes a point about <a href='{OWN}'>notes</a>"
                                    + " and goes on about it" * 40 + ".</p>")
