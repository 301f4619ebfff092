"""Related links: a run of headline links set in or after the text, each line one story's link
with at most a kicker ("NEWS"), a bullet or a time stamp besides it, gives no in-body link when
its stories are not about the article (guide 5.3 / 5.4: the site's feed); a run on the
article's subject stays in-body (guide 3.4). The forty-fourth round (links_feedlines.py); pages
written for the test."""

from __future__ import annotations

from pagekit import page
from scrapekit.extractors.body import extract_body
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links
from scrapekit.extractors.links_feedlines import Line, lines, link_line

SITE = "https://news.example"
URL = f"{SITE}/2008/01/15/volcano-erupts-iceland.html"
TITLE = "Volcano erupts in southern Iceland, flights grounded"
S1 = ("A volcano erupted under a glacier in southern Iceland on Tuesday, sending a plume of ash "
      "high into the sky and grounding flights across the north of Europe. ")
S2 = ("Scientists at the meteorological office said the eruption could last for weeks, and "
      "farmers near the glacier were told to keep their animals indoors. ")
S3 = ("Airlines cancelled hundreds of flights as the ash cloud drifted south over the sea, "
      "and the airport authority said it would review the ban every six hours. ")
SRC = f"<a href='https://met.example/volcano/report'>the meteorological office's report</a>"
OFF = ["Troubled actor dies at the age of 25", "Union might keep writers from the awards",
       "Talk show host is getting her own network", "Music company to cut up to 2,000 jobs"]
ON = ["Iceland volcano: the ash cloud in pictures", "How the glacier eruption grounded flights",
      "Volcano ash: what travellers need to know", "Iceland farmers move animals from glacier"]


def story(i: int, title: str) -> str:
    return f"{SITE}/2008/01/{10 + i}/{'-'.join(title.lower().replace(':', '').split())}.html"


def kicker_feed(titles: list[str]) -> str:
    return "".join(f"<em>NEWS</em> <a href='{story(i, t)}'>{t}</a><br>"
                   for i, t in enumerate(titles))


def stamp_feed(titles: list[str]) -> str:
    return "".join(f"&bull; <a href='{story(i, t)}'>{t}</a>&nbsp;<u>1/15/2008, {7 - i}:50 p.m."
                   f" CST</u><br>" for i, t in enumerate(titles))


def in_body(feed: str) -> list[str]:
    html = page(f"<title>{TITLE}</title>",
                f"<h1>{TITLE}</h1><div class='story'><p>{S1}</p><p>{S2} See {SRC}.</p>"
                f"<p>{S3}</p>{feed}</div>")
    doc = parse(html, URL)
    body = extract_body(doc)
    return [link.url for link in extract_related_links(doc, body.paragraphs, body.text)
            if link.kind == "inBody"]


def test_a_kicker_led_feed_off_the_subject_after_the_text_gives_no_in_body_link():
    assert in_body(kicker_feed(OFF)) == ["https://met.example/volcano/report"]


def test_a_wire_feed_with_time_stamps_off_the_subject_gives_no_in_body_link():
    assert in_body(f"<div class='wire'>{stamp_feed(OFF)}</div>") == [
        "https://met.example/volcano/report"]


def test_a_run_of_links_on_the_article_subject_stays_in_body():
    assert in_body(kicker_feed(ON)) == ["https://met.example/volcano/report"] + [
        story(i, t) for i, t in enumerate(ON)]


def test_two_link_lines_are_no_feed():
    assert in_body(kicker_feed(OFF[:2])) == ["https://met.example/volcano/report"] + [
        story(i, t) for i, t in enumerate(OFF[:2])]


def test_link_lines_and_a_sentence_with_a_link():
    root = parse(page("", "<div><b>NEWS</b> <a href='/a'>A headline of a story</a><br>"
                          "<a href='/b'>Another headline</a> 12:30 p.m. CST<br>"
                          "The council said in <a href='/c'>a statement</a> that it would vote"
                          " again next week on the plan.</div>"), URL).tree.body
    found = lines(root)
    assert [link_line(line) for line in found] == [True, True, False]
    assert isinstance(found[0], Line) and found[0].rest == "NEWS"
