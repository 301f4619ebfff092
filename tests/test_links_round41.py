"""Related links: a story card's picture link, whose text is only the white space around its
image, is no title (the forty-first round). A card links its story twice, from the picture and
from the headline; the block's items took the longer raw text, and an indented picture link's
white space is often longer than the headline. The off-topic veto and the generic-feed test then
read no title: a box of stories on the article's subject was refused. Pages written for the
test."""

from __future__ import annotations

from scrapekit.extractors.document import parse
from scrapekit.extractors.links import _extract
from scrapekit.extractors.links_anchors import item_texts
from scrapekit.extractors.links_blocks import FEATURES
from scrapekit.extractors.links_model import LogisticModel

SITE = "https://cars.example"
URL = f"{SITE}/news/ford-escape-video-road-test-headlines"
TITLE = "Ford Escape video road test and the day's headlines"
TEXT = ["Our video road test of the new Ford Escape looks at its engines and its cabin. " * 3,
        "The Escape competes with the Honda CR-V and the Toyota RAV4 in the crossover class. " * 3,
        "We also drove the CR-V on the same roads to compare the two crossovers. " * 3]
ON = ["2013 Ford Escape video road test", "2013 Honda CR-V video road test",
      "Ford Escape crossover first drive review"]
OFF = ["Tennis final goes to five sets in the heat", "City council votes on the new budget",
       "Museum opens a hall of ancient coins"]
PAD = "\n" + " " * 40 + "\n" + " " * 40 + "\n"  # an indented picture link's white space


def card(i: int, title: str) -> str:
    url = f"{SITE}/news/{1000 + i}-{'-'.join(title.lower().split())}"
    return (f"<div class='card'><a href='{url}'>{PAD}<img src='/i/{i}.jpg'>{PAD}</a>"
            f"<a href='{url}'>{title}</a></div>")


def page(titles: list[str], heading: str = "Also see", cls: str = "related-videos") -> str:
    cards = "".join(card(i, t) for i, t in enumerate(titles))
    return (f"<html><head><title>{TITLE}</title></head><body><h1>{TITLE}</h1>"
            f"<div class='entry'><p>{TEXT[0]}</p><p>{TEXT[1]}</p><p>{TEXT[2]}</p></div>"
            f"<div class='{cls}'><h3>{heading}</h3>{cards}</div></body></html>")


def related(html: str) -> list[str]:
    """The related links of the page, judged by a model that accepts every block (only the
    vetoes refuse)."""
    n = len(FEATURES)
    model = LogisticModel(FEATURES, (0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0, 0.0)
    found = _extract(parse(html, URL), TEXT, model=model, body_text="\n\n".join(TEXT))
    return [link.url for link in found if link.kind == "related"]


def test_an_item_s_text_is_its_headline_not_its_picture_link_s_white_space():
    box = parse(page(ON), URL).select_first("div.related-videos")
    assert sorted(item_texts([box]).values()) == sorted(ON)


def test_a_box_of_cards_on_the_subject_is_not_refused_as_off_topic():
    assert len(related(page(ON))) == 3


def test_a_box_of_cards_off_the_subject_still_is():
    assert related(page(OFF)) == []


def test_a_generic_more_stories_box_of_cards_on_the_subject_is_related():
    assert len(related(page(ON, heading="More Stories", cls="related"))) == 3

