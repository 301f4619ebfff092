"""Related links: fixes from a second review of the link rules (a block taking itself as its
heading, the in-page dedup's loose key, the closing-paragraph rule, click-slot values, the
closing-block walk's cost, the trainer's missing-data guard), each on a page written for the
test."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from scrapekit.extractors.links import _has_teaser
from scrapekit.extractors.links_blocks import block_heading

ITEMS = ["Harbour board delays the pier vote after engineers report cracks",
         "Pier repairs: what the engineers found under the old harbour deck"]


def _list(cls: str) -> str:
    items = "".join(f"<li><a href='https://n.example/2024/04/story-{i}'>{t}</a></li>"
                    for i, t in enumerate(ITEMS))
    return f"<h3>Most read</h3><ul class='{cls}'>{items}</ul>"


def test_a_block_whose_own_class_names_a_title_reads_the_heading_before_it():
    for cls in ("related-list", "related-titles", "story-header", "list-heading"):
        tree = LexborHTMLParser(f"<body><div>{_list(cls)}</div></body>")
        assert block_heading(tree.css_first("ul")) == "Most read", cls


def test_a_title_inside_a_titled_block_is_still_its_heading():
    html = ("<body><div class='box-title'><span class='label-title'>Related stories</span>"
            f"<a href='/a'>{ITEMS[0]}</a></div></body>")
    tree = LexborHTMLParser(html)
    assert block_heading(tree.css_first("div")) == "Related stories"


def test_a_headline_element_is_no_teaser_card_of_itself():
    tree = LexborHTMLParser(f"<body><h3><a href='/a'>{ITEMS[0]}</a> <a href='/b'>{ITEMS[1]}</a>"
                            "</h3><div><h3>x</h3></div><div><h3><img src='/i.png'></h3></div>"
                            "<div><p>no card</p></div></body>")
    h3, card, nested, plain = (tree.css_first(s) for s in
                               ("body > h3", "div", "div:nth-of-type(2)", "div:nth-of-type(3)"))
    assert not _has_teaser(h3)
    assert _has_teaser(card) and _has_teaser(nested)
    assert not _has_teaser(plain)
