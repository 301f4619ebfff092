"""Related links: a block headed by its previous sibling classed as a heading (the thirty-fifth
round), on pages written for the test. ``<div class="heading-h3">More Great Stories</div><ul>``
set in the article: the list's heading is the div (links_classhead), so the heading vetoes
(generic "more stories", site-wide words) judge it as they judge an h3's list."""

from __future__ import annotations

import pytest

from scrapekit.extractors.document import parse
from scrapekit.extractors.links import _extract
from scrapekit.extractors.links_blocks import FEATURES, block_heading
from scrapekit.extractors.links_classhead import classed_heading
from scrapekit.extractors.links_model import LogisticModel
from test_links_round33 import OFF, TEXT, URL  # the thirty-third round's article and stories


def links(label: str, cls: str = "heading-h3") -> list[tuple[str, str]]:
    """The article with, set in its text, a list of the OFF stories under a ``label`` in a div
    of class ``cls``; the block model accepts every block (the heading is what is tested)."""
    lis = "".join(f"<li><a href='{u}'>{t}</a></li>" for u, t in OFF)
    html = ("<html><head><title>City council approves new tram line to harbour</title></head>"
            "<body><h1>City council approves new tram line to harbour</h1><div class='story'>"
            f"<p>{TEXT[0]}</p><p>{TEXT[1]}</p><div class='{cls}'>{label}</div><ul>{lis}</ul>"
            f"<p>{TEXT[2]}</p></div></body></html>")
    found = _extract(parse(html, URL), TEXT, model=LogisticModel.constant(FEATURES),
                     body_text="\n\n".join(TEXT))
    return [(link.kind, link.url) for link in found]


@pytest.mark.parametrize("label,cls", [("More Great Stories", "heading-h3"),
                                       ("More Stories", "section-title"),
                                       ("Most Popular", "list-header")])
def test_a_feed_label_classed_as_a_heading_heads_the_list(label, cls):
    # (the generic "more stories" labels fail without links_classhead: the unheaded list was
    # judged by the model alone; "Most Popular" is also caught by the in-text site-wide rule)
    assert links(label, cls) == []


def test_a_related_label_classed_as_a_heading_keeps_the_list():
    assert links("Related Stories") == [("related", u) for u, _ in OFF]


@pytest.mark.parametrize("html,heading", [
    ("<div class='heading-h3'>More Great Stories</div><ul><li><a href='/a'>A</a></li></ul>",
     "More Great Stories"),
    ("<div class='Block-Title'>Most Popular</div><ul><li><a href='/a'>A</a></li></ul>",
     "Most Popular"),
    # no heading class, a link of its own, or a long text: no heading
    ("<div class='intro'>More Great Stories</div><ul><li><a href='/a'>A</a></li></ul>", ""),
    ("<div class='title'><a href='/s'>More Great Stories</a></div><ul><li><a href='/a'>A</a>"
     "</li></ul>", ""),
    (f"<div class='title'>{'word ' * 20}</div><ul><li><a href='/a'>A</a></li></ul>", "")])
def test_block_heading_reads_a_classed_previous_sibling(html, heading):
    ul = parse(f"<html><body>{html}</body></html>").tree.body.css_first("ul")
    assert block_heading(ul) == heading


def test_classed_heading():
    body = parse("<html><body><span class='widget-header'>Weitere Beiträge</span>"
                 "<div class='header'></div></body></html>").tree.body
    assert classed_heading(body.css_first("span"))
    assert not classed_heading(body.css_first("div"))
