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


def _texts(items: list) -> list[str]:  # type: ignore[type-arg]
    """Short texts a parsed regex (re._parser) matches: one with the first choice everywhere,
    and one more for each other choice of each branch, class or optional part."""
    from re import _constants as c  # type: ignore[attr-defined]

    def one(op: object, av: object) -> list[str]:
        if op is c.LITERAL:
            return [chr(av)]  # type: ignore[arg-type]
        if op is c.NOT_LITERAL:
            return ["a" if av != ord("a") else "b"]
        if op is c.ANY:
            return ["x"]
        if op is c.AT:  # a word boundary, the start or the end: a space stands for it
            return [" "]
        if op is c.IN:
            out = []
            for kind, value in av:  # type: ignore[union-attr]
                if kind is c.LITERAL:
                    out.append(chr(value))
                elif kind is c.RANGE:
                    out.append(chr(value[0]))
                elif kind is c.CATEGORY:
                    out.append(" " if value in (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD) else "a")
            return out or ["a"]
        if op is c.BRANCH:
            return [t for branch in av[1] for t in _texts(list(branch))]  # type: ignore[index]
        if op is c.SUBPATTERN:
            return _texts(list(av[3]))  # type: ignore[index]
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _, sub = av  # type: ignore[misc]
            texts = _texts(list(sub))
            return ([""] if low == 0 else []) + [t * max(1, low) for t in texts]
        raise AssertionError(f"no text for {op}")

    options = [one(op, av) for op, av in items]
    base = [opts[0] for opts in options]
    out = ["".join(base)]
    for i, opts in enumerate(options):
        out += ["".join(base[:i] + [o] + base[i + 1:]) for o in opts[1:]]
    return out


def test_every_form_of_link_boilerplate_holds_a_cue() -> None:
    import re

    from scrapekit.extractors import patterns

    regex = patterns.LINK_BOILERPLATE
    texts = _texts(list(re._parser.parse(regex.pattern, regex.flags)))  # type: ignore[attr-defined]
    assert len(texts) > 100
    for text in texts:
        for line in (text, text.upper(), f"Some words before. {text.title()} and after"):
            assert regex.search(line) is not None, line  # the texts are the regex's own
            assert links._link_boilerplate(line), line


def test_link_boilerplate_is_the_regex_on_texts_with_and_without_cues() -> None:
    from scrapekit.extractors import patterns

    for line in ("Follow us on Twitter for more.", "The mayor said the plan would go ahead.",
                 "Sign up for our newsletter here", "The app was downloaded a million times.",
                 "Folge uns: Abonnieren Sie den Podcast", "ſign up for the newsletter",  # a twin
                 "“Sign up” for the newsletter — it’s free", "Tap ‘Follow’ on İnstagram",
                 "Approved by the council on Monday after a long debate about the harbour."):
        assert links._link_boilerplate(line) == (patterns.LINK_BOILERPLATE.search(line) is not None)


def test_case_twins_are_every_character_a_case_insensitive_regex_matches_to_an_ascii_letter() -> None:
    import re
    import sys

    from scrapekit.extractors import patterns

    letter = re.compile("[a-z]", re.IGNORECASE)
    twins = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if letter.fullmatch(chr(c)))
    assert twins == patterns.CASE_TWINS
