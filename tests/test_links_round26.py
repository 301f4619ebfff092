"""Related links (twenty-sixth round): a candidate block the block model refused in doubt is
related when it says so three ways at once: classed related, headed related in so many words
(the heading's whole text, in several languages; never a site's, a section's or a topic's
name), its items the site's own articles (links_explicit). Pages written for the test; the
block model is replaced by one whose answer the test sets."""

from __future__ import annotations

import pytest

from scrapekit.extractors import links_blocks, links_explicit
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import _extract
from scrapekit.extractors.links_model import LogisticModel

URL = "https://n.example/2019/05/rookies-score-twice.html"
TEXT = ["The coach said the rookies would play in the last game of the year at the home ground. " * 3,
        "Fans at the stadium cheered the rookies who scored twice in the first half of the match. " * 3,
        "The season ends next week with a match against the league leaders at the home ground. " * 3]
ITEMS = [("https://n.example/2019/05/rookies-win-the-derby.html", "Rookies win the derby at the home ground"),
         ("https://n.example/2019/05/coach-praises-the-rookies.html", "Coach praises the rookies after the match"),
         ("https://n.example/2019/04/league-leaders-lose-again.html", "League leaders lose again before the season ends")]
FEATURES = links_blocks.FEATURES
N = len(FEATURES)
# the model in doubt: says 0.5 to every block and wants 0.6 (refuses every block)
DOUBT = LogisticModel.constant(FEATURES, threshold=0.6)
# the model sure: says sigmoid(-2) = 0.12 to every block
SURE = LogisticModel(FEATURES, (0.0,) * N, (1.0,) * N, (0.0,) * N, -2.0, 0.5)


def page(heading: str, items=ITEMS, cls: str = "related-posts") -> str:
    lis = "".join(f"<li><a href='{href}'>{text}</a></li>" for href, text in items)
    return ("<html><body><div id='story'>" + "".join(f"<p>{t}</p>" for t in TEXT) + "</div>"
            f"<div class='{cls}'><h3>{heading}</h3><ul>{lis}</ul></div></body></html>")


def related(html: str, model: LogisticModel = DOUBT) -> list[str]:
    return [link.url for link in _extract(parse(html, URL), TEXT, model=model)
            if link.kind == "related"]


def test_a_block_headed_and_classed_related_over_the_sites_articles_is_related():
    assert related(page("Related posts")) == [href for href, _ in ITEMS]


@pytest.mark.parametrize("heading", ["Related Stories:", "See also", "Mehr zum Thema",
                                     "Lire aussi", "関連記事", "Читайте также"])
def test_the_heading_table_speaks_several_languages(heading):
    assert related(page(heading)) == [href for href, _ in ITEMS]


@pytest.mark.parametrize("heading", ["More from The Daily Example", "Also in Sport",
                                     "Related: Rookies", "You may also like", "Recommended",
                                     "Related topics"])
def test_a_heading_naming_the_site_a_section_or_a_topic_is_not_enough(heading):
    assert related(page(heading)) == []


def test_an_item_on_another_site_leaves_the_models_refusal():
    other = [*ITEMS[:2], ("https://o.example/2019/05/rookies.html", "Rookies at another paper today")]
    assert related(page("Related posts", other)) == []
    # a section front is no link at all (clean_link_url): the block's items are its articles
    hub = [*ITEMS[:2], ("https://n.example/sport/", "Sport")]
    assert related(page("Related posts", hub)) == [href for href, _ in ITEMS[:2]]


def test_a_block_not_classed_related_leaves_the_models_refusal():
    assert related(page("Related posts", cls="box")) == []


def test_a_model_that_is_sure_keeps_its_refusal():
    assert SURE.probability([0.0] * N) < links_explicit.MIN_PROBABILITY
    assert related(page("Related posts"), SURE) == []


def test_explicit_heading_and_own_articles():
    assert links_explicit.explicit_heading("Related")
    assert links_explicit.explicit_heading("» More on this story")
    assert not links_explicit.explicit_heading("")
    assert not links_explicit.explicit_heading("Related " + "news " * 20)
    hub = lambda path: path == "/sport/"  # noqa: E731
    assert links_explicit.own_articles([("n.example", "/a-1"), ("n.example", "/b-2")], "n.example", hub)
    assert not links_explicit.own_articles([("n.example", "/a-1"), ("n.example", "/a-1")],
                                           "n.example", hub)  # one distinct article
    assert not links_explicit.own_articles([("n.example", "/a-1"), ("n.example", "/")],
                                           "n.example", hub)  # the home page
    assert not links_explicit.own_articles([("n.example", "/a-1"), ("n.example", "/b")], "", hub)
