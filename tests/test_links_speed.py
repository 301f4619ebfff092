"""Related links, speed round (session 9): helpers that stand in for a css call per element
must find what the css call finds. On pages written for the test."""

from __future__ import annotations

import time

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrapekit.extractors import links
from scrapekit.extractors.links_blocks import link_share


def _root(html: str, selector: str = "article") -> LexborNode:
    node = LexborHTMLParser(html).css_first(selector)
    assert node is not None
    return node


def _by_css(root: LexborNode) -> dict[int, list[int]]:
    """What a css call on each p element at or below root and on each child of root finds."""
    out = {}
    for element in [*root.css("p"), *root.iter()]:
        found = [a.mem_id for a in element.css("a[href]")]
        if found:
            out[element.mem_id] = found
    return out


def _held(root: LexborNode) -> dict[int, list[int]]:
    held = links._anchors_held(root, root.css("a[href]"))
    return {mid: [a.mem_id for a in anchors] for mid, anchors in held.items()}


def test_anchors_held_are_what_a_css_call_on_each_element_finds() -> None:
    root = _root("<article><p>Text <a href='/a'>a</a> and <b><a href='/b'>b</a></b>.</p>"
                 "<div class='box'><span><a href='/c'>c</a></span><p><a>no href</a></p>"
                 "<p><i><a href='/d'>d</a></i> <a href='/e'>e</a></p></div>"
                 "<p>No link at all.</p><a href='/f'>f</a>"
                 # a p inside a p: HTML content in an svg's foreignObject
                 "<p>Outer <a href='/g'>g</a><svg><foreignObject><p>Inner <a href='/h'>h</a></p>"
                 "</foreignObject></svg></p></article>")
    held = _held(root)
    assert held == _by_css(root)
    inner = [p for p in root.css("p") if p.text().startswith("Inner")][0]
    outer = [p for p in root.css("p") if p.text().startswith("Outer")][0]
    assert len(held[inner.mem_id]) == 1 and len(held[outer.mem_id]) == 2  # both counted


def test_anchors_held_by_a_root_that_is_a_paragraph() -> None:
    root = _root("<p>One <a href='/a'>a</a> and <a href='/b'>b</a>.</p>", "p")
    held = _held(root)
    assert held == _by_css(root)
    assert held[root.mem_id] == [a.mem_id for a in root.css("a[href]")]  # (and each its own)


def test_anchors_held_stay_linear_in_a_deep_nest_of_unclosed_tags() -> None:
    # an anchor at every level of 3,000 unclosed <b>: a walk to the root from each would be
    # quadratic (4.5 million steps); the memoised walk visits each element once
    root = _root("<article><p>" + "<b><a href='/x'>x</a>" * 3000 + "</p></article>")
    t0 = time.process_time()
    held = links._anchors_held(root, root.css("a[href]"))
    assert time.process_time() - t0 < 2.0
    assert len(held[root.css_first("p").mem_id]) == 3000


def test_link_share_with_the_anchors_given_is_the_same() -> None:
    for html in ("<div>Read <a href='/a'>the whole story here</a> today.</div>",
                 "<div><a href='/a'>only a link</a></div>", "<div><a href='/a'></a></div>",
                 "<div>No link.</div>", "<div></div>"):
        node = _root(html, "div")
        assert link_share(node, node.css("a[href]")) == link_share(node)
