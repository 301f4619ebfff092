"""Speed-ups of issue 14 (second round) give the answers of the slower code they replace:

- links._is_heading_text decides most blocks from a prefix of their text;
- body.link_key strips the edge characters by set lookups, not str.strip;
- Page.select runs the byline selectors' ``a[href*='...' i]`` and ``[class*=... i]`` parts as a
  cheaper selector (document.NarrowedSelector) and tells its matches apart itself;
- headline.label_matches reads the node's attributes once.
"""

from __future__ import annotations

import random

from scrapekit.extractors import body, document, links, patterns
from scrapekit.extractors.headline import label_matches
from selectolax.lexbor import LexborHTMLParser


def _whole_text_rule(text: str) -> bool:
    """The rule before the prefix short-cut (kept here as the reference)."""
    if len(text) > patterns.RELATED_HEADING_MAX * 2:
        return False
    label = " ".join(text.split()).lstrip(links._LEAD)
    start = label[:3].lower()
    if start not in patterns.RELATED_HEADING_PREFIXES and start[:2] not in patterns.RELATED_HEADING_PREFIXES:
        return False
    return (bool(label) and len(label) <= patterns.RELATED_HEADING_MAX
            and patterns.RELATED_HEADING.match(label) is not None)


CASES = [
    "Related", "Related stories", "  \n\t Related:  ", "- Read more", "» Mehr zum Thema",
    "Lire aussi", "Leggi anche:", "You may also like...", "More from the author",
    "\u00a0\u2014 \u2022 Read more", " " * 30 + "Related", "-" * 22 + " Related articles",
    "R e l", "Re", "R", "", "   ", "İa related", "\u0130ab", "Ａｂｃ related",
    "Read\nmore", "READ MORE", "The minister said on Tuesday that the plan would go ahead",
    "x" * 121, "Related " + "x" * 70, "Also read: the day's news",
    " " * 22 + "\u0130aRelated", " " * 22 + "ReLated news",
]


def test_prefix_short_cut_gives_the_whole_text_answers() -> None:
    assert any(_whole_text_rule(t) for t in CASES)  # the cases hold headings and non-headings
    assert not all(_whole_text_rule(t) for t in CASES)
    for text in CASES:
        assert links._is_heading_text(text) is _whole_text_rule(text), text


def test_label_matches_with_read_attributes() -> None:
    tree = LexborHTMLParser('<div class="site-nav main" id="x" role="navigation">a</div>'
                            '<div class="no-nav">b</div>')
    first, second = tree.css("div")
    regex = patterns.HEADLINE_NAV_ATTR
    for node in (first, second):
        assert label_matches(node, regex, ("class", "id", "role")) is label_matches(
            node, regex, ("class", "id", "role"), node.attributes)
    assert label_matches(first, regex, ("class", "id", "role"))


def test_link_key_is_the_strip_it_replaces() -> None:
    def reference(text: str) -> str:
        return " ".join(text.split()).lower().strip(body._EDGE_CHARS)

    rng = random.Random(14)
    alphabet = " .,!?-\u2013\u2014\u00ab\u00bb\"'()[]abcXYZ0\u00e9\u2029\u3000\u00a0\u2026|*#\u0130"
    texts = ["", " ", "...", "A title.", "\u00ab Quote \u00bb", "- item", "word"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))) for _ in range(20000)]
    for text in texts:
        assert body.link_key(text) == reference(text), repr(text)
    assert body.link_key(" - Read more... ") == "read more"


NARROW_PAGE = """<html><body>
<a href='/AUTHOR/x'>1</a><a href="/Autor/x/authors/y/author/">2</a><a href>3</a><a>4</a>
<svg><a href="/author/z">5</a></svg><a class="byline" href="/author/\u0130/JOURNALIST/">6</a>
<a href="/aut">7</a><a href="/jou/">8</a><span class="author byline" rel=author>9</span>
<A HREF="/AuTeUr/">10</A><a href="/\u0130author/x">11</a><a href="/authorS/">12</a>
<a href="https://example.com/autoren/jane" class="author-name">13</a>
<div class="authority"><a href="/journal/">14</a><a href="/Journalist/x">15</a></div>
<p class="AUTHORITY author-name">16</p><p class="Authentication">17</p><p class="BYLINE author">18</p>
<p class="author__Name authorname byline-x">19</p><p class="auth">20</p><p id="byline" class="Author">21</p>
</body></html>"""


def test_narrowed_byline_selectors_select_what_lexbor_selects() -> None:
    assert document.BYLINE_ANY in document.NARROWED  # the cheaper walk is in use
    tree = LexborHTMLParser(NARROW_PAGE)
    for selector, narrowed in document.NARROWED.items():
        expected = [n.mem_id for n in tree.css(selector)]
        got = [n.mem_id for n in narrowed.select(tree)]
        assert got == expected, selector
        assert len(got) > len(set(got))  # the page has elements listed twice: repeats kept
        assert len(got) < len(tree.css(narrowed.selector))  # the cheaper walk finds more
    page = document.parse(NARROW_PAGE, "https://example.com/")
    for selector, _w in patterns.BYLINE_SELECTORS:
        assert [n.mem_id for n in page.select(selector)] == [n.mem_id for n in page.tree.css(selector)]


def test_navigation_memo_gives_the_answers_without_it() -> None:
    from scrapekit.extractors.headline import _is_navigation

    tree = LexborHTMLParser(
        '<body><div class="site-menu"><h2>Menu one</h2><h2>Menu two</h2></div>'
        '<div class="story"><h1>The story</h1><h2>Part two</h2></div>'
        '<div data-crumbs="1"><h3>Home</h3></div><nav><div><h2>In nav</h2></div></nav></body>')
    memo: dict[int, bool] = {}
    answers = [(h.text(), _is_navigation(h, memo)) for h in tree.css("h1, h2, h3")]
    assert answers == [(h.text(), _is_navigation(h)) for h in tree.css("h1, h2, h3")]
    assert dict(answers) == {"Menu one": True, "Menu two": True, "The story": False,
                             "Part two": False, "Home": True, "In nav": True}
    assert memo  # the shared ancestors were remembered


def test_fold_drops_the_marks_the_character_filter_dropped() -> None:
    import unicodedata

    from scrapekit.extractors.text import _PUNCT, collapse, fold

    def reference(text: str) -> str:
        text = unicodedata.normalize("NFKD", collapse(text)).casefold()
        if not text.isascii():
            text = "".join(c for c in text if not unicodedata.combining(c))
        return " ".join(_PUNCT.sub(" ", text).split())

    rng = random.Random(7)
    alphabet = "aeiouÇçéèêëñøåÅİıßẞ\u0301\u0308\u0327\u20dd\u0e31\u05b0ĳﬁ  -.Москва日本語"
    texts = ["Die schöne Überschrift über Köln", "Ça été très élégant", "Москва", "", "ascii only"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    for text in texts:
        assert fold(text) == reference(text), repr(text)
    assert fold("Überschrift") == "uberschrift"


def test_block_features_rows_for_wanted_blocks_only_are_the_same() -> None:
    from scrapekit.extractors.body_model import FEATURES, block_features

    texts = ["Title of the story", "Home | News | Sport", "A long paragraph of article text. " * 12,
             "Read more", "Another paragraph, with a quote and 12 digits.", "Share this", "End."]
    kinds = ["head", "item", "p", "p", "p", "item", "p"]
    ratios = [0.0, 1.0, 0.1, 1.0, 0.0, 1.0, 0.0]
    reasons = [1, 4, 0, 3, 0, 6, 0]
    wanted = [not r for r in reasons]
    args = (texts, kinds, ratios, reasons, 1, ["Title of the story"], ["A summary"])
    full = block_features(*args)
    some = block_features(*args, wanted=wanted)
    assert len(some) == len(full) == len(texts)
    for row, partial, want in zip(full, some, wanted):
        assert len(row) == len(FEATURES)
        assert partial == (row if want else [])


def test_an_ascii_letter_or_digit_always_survives_folding() -> None:
    """headline._page_title skips fold() when the title holds one (fold is non-empty then)."""
    from scrapekit.extractors.headline import _ASCII_ALNUM
    from scrapekit.extractors.text import fold

    chars = [chr(c) for c in range(0x80)] + ["\u0301", "\u00a0", "\u2014", "\u00e9", "\u0130"]
    for ch in (c for c in map(chr, range(0x80)) if _ASCII_ALNUM.match(c)):
        for around in chars:
            assert fold(around + ch + around), repr(around + ch + around)
    assert not fold("\u2014 \u0301 -- ")
