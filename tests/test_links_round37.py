"""Related links: a block the block model refused in doubt whose stories mostly name one and the
same subject word of the article's title and lead is related (the thirty-seventh round,
links_subject.py), on pages written for the test."""

from __future__ import annotations

from scrapekit.extractors.document import parse
from scrapekit.extractors.links import _extract
from scrapekit.extractors.links_anchors import anchors_below
from scrapekit.extractors.links_blocks import FEATURES
from scrapekit.extractors.links_model import LogisticModel
from scrapekit.extractors.links_subject import common_subject, subject_words

SITE = "https://games.example"
URL = f"{SITE}/c/overwatch-season-brings-three-new-heroes"
TITLE = "Overwatch season brings three new heroes"
TEXT = ["The new Overwatch season brings three heroes, a map and a ranked reset next week. " * 3,
        "Players of Overwatch tried the heroes on the test server and found them strong. " * 3,
        "The developers promised balance patches for the heroes within the first month. " * 3]
ON = ["Overwatch map bug lets players leave the arena early",
      "Overwatch comic hints at a hero from the old town",
      "Overwatch director talks about the next big patch",
      "Overwatch league team signs a support player"]
OFF = ["Racing game sequel gets a release date in spring",
       "Handheld console sales climb after the holidays"]


def judged(titles: list[str], heading: str = "", intercept: float = 0.0) -> list[tuple[str, str]]:
    """The article and a box of ``titles`` after it (classed related, no heading), judged by a
    model that says ``intercept``'s probability to every block (0: 0.5) with the threshold 0.6:
    every block is refused by the model."""
    urls = [f"{SITE}/c/story-{i}-{t.lower().split()[1]}" for i, t in enumerate(titles)]
    items = "".join(f"<li><a href='{u}'>{t}</a></li>" for u, t in zip(urls, titles))
    head = f"<h3>{heading}</h3>" if heading else ""
    html = (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>"
            f"<div class='entry'><p>{TEXT[0]}</p><p>{TEXT[1]}</p><p>{TEXT[2]}</p></div>"
            f"<div class='related-stories'>{head}<ul>{items}</ul></div></body></html>")
    n = len(FEATURES)
    model = LogisticModel(FEATURES, (0.0,) * n, (1.0,) * n, (0.0,) * n, intercept, 0.6)
    found = _extract(parse(html, URL), TEXT, model=model, body_text="\n\n".join(TEXT))
    return [(link.kind, link.url) for link in found if link.kind == "related"]


def test_a_refused_box_whose_stories_name_the_article_s_subject_is_related():
    found = judged(ON)
    assert len(found) == 4 and all(kind == "related" for kind, _ in found)


def test_three_of_four_are_enough():
    assert len(judged(ON[:3] + OFF[:1])) == 4


def test_half_the_stories_are_not():
    assert judged(ON[:2] + OFF) == []


def test_two_stories_are_too_few():
    assert judged(ON[:2]) == []


def test_below_the_doubt_the_model_s_refusal_stands():
    assert judged(ON, intercept=-1.4) == []  # probability 0.2


def test_the_vetoes_still_apply():
    assert judged(ON, heading="Most Popular") == []  # a site-wide heading


def test_common_subject_counts_distinct_titles_of_the_title_and_lead_words():
    html = "<div>" + "".join(f"<a href='/s{i}'>{t}</a>" for i, t in enumerate(ON[:3] + ON[:1])) \
        + "</div>"
    group = [parse(html, URL).tree.body.css_first("div")]
    lead = subject_words(TITLE)
    assert common_subject(group, lead, 0.45, anchors_below)
    assert not common_subject(group, lead, 0.2, anchors_below)
    assert not common_subject(group, subject_words("Racing news"), 0.45, anchors_below)
    assert not common_subject(group, set(), 0.45, anchors_below)
