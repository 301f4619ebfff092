"""The extraction's shortcuts give the results of the slow paths they replace (issue #7).

- body: scrapekit's run of trafilatura's cascade (prefiltered prunes, no tree copies, bytes to
  lxml, C-side element classes) gives trafilatura's own ``trafilatura_sequence`` result;
- text: the fast junk test and whitespace collapse agree with the regexes they replace;
- dates: htmldate never takes the page for a URL to download.
"""

import gzip
import random
import re
import unicodedata
from pathlib import Path

import pytest
from lxml import etree
from lxml.etree import XPath
from lxml.html import HtmlElement, fromstring

from pagekit import BODY, page
from scrapekit.adapters import trafilatura as body_mod
from scrapekit.extractors import patterns
from scrapekit.extractors.dates import _from_htmldate, extract_dates
from scrapekit.extractors.document import parse
from scrapekit.extractors.text import _JUNK, collapse, fold, scrub

trafilatura_core = pytest.importorskip("trafilatura.core")
BODY_FIXTURES = Path(__file__).parent / "fixtures" / "body"
URL = "https://example.com/news/a-story"
TEXT = "This is a sentence of real article text that goes on for a while. " * 6

COMMENTS = (
    f"<div id='comments'><p>First comment. {TEXT}</p></div>tail after comments"
    f"<ul class='comment-list'><li>A listed comment {TEXT}</li></ul>"
    f"<section class='post-comments'><p>Section comment {TEXT}</p></section>"
    f"<div id='comol-1'><p>comol {TEXT}</p></div>"
    f"<div id='disqus_thread'><p>disqus {TEXT}</p></div>"
    f"<div class='Comments'><div id='comment-7'><p>nested {TEXT}</p></div>inner tail</div>"
    f"<div class='commentary'><p>Commentary is article text. {TEXT}</p></div>"
    f"<ol id='commentlist'><li>ordered comment {TEXT}</li></ol>"
)
RAW_PRUNES = (
    f"<div class='infinite-scroll'><p>Next story without a title. {TEXT}</p></div>"
    f"<div id='infinitescroll'><h1>Next story</h1><p>With a title. {TEXT}</p></div>"
    f"<div id='mvp-post-add-box'><h1>Appended</h1><p>Appended story. {TEXT}</p></div>"
    f"<section class='x elementor-share-buttons'>Share on Facebook, Twitter</section>"
)
FORUM_LD = ('<script type="application/ld+json">{"@type": "DiscussionForumPosting", '
            '"headline": "A thread"}</script>')
SYNTHETIC = {
    "comments": page("", f"<article><h1>Title</h1>{BODY}{COMMENTS}{BODY}</article>"),
    "raw-prunes": page("", f"<main><article><h1>Title</h1>{BODY}{RAW_PRUNES}{BODY}</article>"
                           "</main>"),
    "forum": page(FORUM_LD, f"<div class='thread'><h1>A thread</h1>{BODY}{COMMENTS}</div>"),
    "short": page("", "<div><p>Too short for the main extractor.</p><span>Loose text "
                      "that only the baseline takes.</span></div>"),
    "json-ld-body": page('<script type="application/ld+json">{"@type": "NewsArticle", '
                         f'"articleBody": "{TEXT}"}}</script>', "<div>nothing</div>"),
}


def _fixture_pages():
    for f in sorted(BODY_FIXTURES.glob("*.html.gz")):
        yield f.name, gzip.decompress(f.read_bytes()).decode("utf-8")


CASES = [*SYNTHETIC.items(), *_fixture_pages()]


@pytest.mark.parametrize("name,html", CASES, ids=[c[0] for c in CASES])
def test_cascade_gives_trafilaturas_result(name, html):
    html = scrub(html)
    options = body_mod._options(URL)
    assert body_mod._cascade_applies(options)
    theirs_tree = body_mod._lxml_tree(html)
    theirs, theirs_text, _, _ = trafilatura_core.trafilatura_sequence(theirs_tree, options, URL)
    ours, ours_text = body_mod._sequence(body_mod._lxml_tree(html),
                                         lambda: body_mod._lxml_tree(html), options, URL)
    assert ours_text == theirs_text
    assert etree.tostring(ours) == etree.tostring(theirs)


def test_comment_and_raw_prunes_really_prune():
    """The pages above exercise the prefiltered prunes (not only pages they leave alone)."""
    options = body_mod._options(URL)
    html = SYNTHETIC["comments"]
    _, text = body_mod._sequence(body_mod._lxml_tree(html), lambda: None, options, URL)
    for gone in ("First comment", "A listed comment", "Section comment", "comol", "disqus",
                 "nested", "ordered comment"):
        assert gone not in text
    assert "Commentary is article text" in text and "tail after comments" in text
    _, text = body_mod._sequence(body_mod._lxml_tree(SYNTHETIC["raw-prunes"]), lambda: None,
                                 options, URL)
    assert "Next story without a title" not in text and "Appended story" not in text
    assert "With a title" in text and "Share on Facebook" not in text
    _, text = body_mod._sequence(body_mod._lxml_tree(SYNTHETIC["forum"]), lambda: None,
                                 options, URL)
    assert "First comment" in text  # a forum thread's comments are its content


def test_installed_trafilatura_prunes_all_have_prefilters():
    """A trafilatura whose prune expressions changed still works (they are evaluated whole),
    but loses the shortcut: this says so, so that the table can be brought up to date."""
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    for expression in [*RAW_TREE_PRUNE_XPATH, *REMOVE_COMMENTS_AND_LISTS_XPATH]:
        assert body_mod._prefilter(expression) is not None, expression.path


@pytest.mark.parametrize("source", [
    ".//*[self::div][contains(@class, 'promo')]",  # not in the table: evaluated on the whole tree
    ".//*[self::div or self::section][re:test(@id, '^(?:[Cc]omment(?!ary)|comol)')]",
])
def test_prune_without_prefilter_is_trafilaturas(source):
    from trafilatura.htmlprocessing import prune_unwanted_nodes

    expression = XPath(source, namespaces={"re": "http://exslt.org/regular-expressions"})
    html = page("", "<div class='promo'>ad</div>tail<div id='comments'>c</div>" + BODY)
    ours, theirs = body_mod._lxml_tree(html), body_mod._lxml_tree(html)
    assert body_mod._prefilter(expression) is None
    body_mod._prune(ours, [expression])
    prune_unwanted_nodes(theirs, [expression])
    assert etree.tostring(ours) == etree.tostring(theirs)
    assert etree.tostring(ours) != etree.tostring(body_mod._lxml_tree(html))  # something went


def test_prefilter_literals_cover_their_expressions():
    """Each listed expression only matches elements holding one of its literals: on elements
    of every listed tag with ids/classes built from the expression's own regex alternatives,
    the expression never matches one the literals miss."""
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    names = ["comment", "Comment", "comments", "commentary", "comol", "disqus_thread",
             "dsq-comments", "article-comments", "post-comments", "mvp-post-add-box",
             "mvp-post-add-wrap", "infinite-scroll", "infinitescroll", "elementor-share-buttons",
             "share", "content", "x"]
    for expression in [*RAW_TREE_PRUNE_XPATH, *REMOVE_COMMENTS_AND_LISTS_XPATH]:
        tags, ids, classes, _ = body_mod._prefilter(expression)
        parts = []
        for tag in sorted(tags):
            for name in names:
                parts.append(f"<{tag} id='{name}'>x</{tag}><{tag} class='a {name}'>x</{tag}>")
        tree = fromstring(f"<html><body>{''.join(parts)}</body></html>")
        for el in expression(tree):
            assert (any(x in (el.get("id") or "") for x in ids)
                    or any(x in (el.get("class") or "") for x in classes))


def test_lxml_tree_reads_the_string_not_a_declared_charset():
    html = ("<html><head><meta charset='iso-8859-1'><title>x</title></head><body><p>caf\u00e9 "
            "\u65e5\u672c \U0001f600</p></body></html>")
    tree = body_mod._lxml_tree(html)
    assert tree.findtext(".//p") == "caf\u00e9 \u65e5\u672c \U0001f600"
    assert isinstance(tree.find(".//p"), HtmlElement)  # trafilatura calls text_content()
    assert tree.find(".//p").text_content() == tree.findtext(".//p")


# -- text helpers ----------------------------------------------------------------------------------

JUNK_SAMPLES = ["\x00", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\x7f", "\x80", "\x9f", "\u00ad",
                "\ud800", "\udfff", "\ufffe", "\uffff", "\u200b", "\u200c", "\u200d", "\u2060",
                "\ufeff"]
CLEAN_SAMPLES = ["\t", "\n", "\r", " ", "\u00a0", "\u00a9", "\u00c2", "\u0100", "\u2028", "\u2061",
                 "\u200e", "\ufffd", "\U0001f600", "\u00ac", "\u00ae"]


@pytest.mark.parametrize("base", ["a" * 5000, "caf\u00e9 " * 1000, "\u65e5\u672c" * 2000,
                                  "\U0001f600 x" * 1000])
def test_scrub_agrees_with_the_regex(base):
    for ch in JUNK_SAMPLES + CLEAN_SAMPLES:
        for text in (ch + base, base + ch, base[:2500] + ch + base[2500:]):
            assert scrub(text) == _JUNK.sub("", text), repr(ch)
    mixed = "\u00ad".join(JUNK_SAMPLES + CLEAN_SAMPLES) + base
    assert scrub(mixed) == _JUNK.sub("", mixed)
    assert scrub(base) is base  # nothing to remove: no copy


def test_scrub_removes_junk_from_long_pages():
    text = ("<p>soft\u00adhyphen zero\u200bwidth ctrl\x01 c1\x85 bom\ufeff</p>" + "x" * 3000)
    assert scrub(text) == "<p>softhyphen zerowidth ctrl c1 bom</p>" + "x" * 3000


def test_collapse_and_fold_agree_with_the_regexes():
    rng = random.Random(7)
    alphabet = ("ab \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2009\u200a\u2028\u2029"
                "\u202f\u205f\u3000\u00e9e\u0301.,;-_'\u2019\u00c5\u00df")
    ws = re.compile(r"\s+")
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        assert collapse(text) == ws.sub(" ", scrub(text)).strip()
        old = unicodedata.normalize("NFKD", ws.sub(" ", scrub(text)).strip()).casefold()
        old = "".join(c for c in old if not unicodedata.combining(c))
        assert fold(text) == ws.sub(" ", re.sub(r"[^\w\s]", " ", old)).strip()


# -- dates -----------------------------------------------------------------------------------------

def test_htmldate_never_downloads_a_page_that_looks_like_a_url(monkeypatch):
    import htmldate.utils

    fetched = []
    monkeypatch.setattr(htmldate.utils, "fetch_url", lambda url, *a, **k: fetched.append(url))
    for text in ("https://example.com/some/page", "http://127.0.0.1:9/x"):
        extract_dates(parse(text, text))
    assert fetched == []


def test_htmldate_fallback_still_finds_a_date():
    html = page("", "<div><p>Posted on 2021-03-04 by someone.</p>" + BODY + "</div>")
    assert _from_htmldate(parse(html, "https://example.com/x")) == ("2021-03-04", "2021-03-04")


def test_trafilaturas_own_entry_point_when_its_internals_are_missing(monkeypatch):
    def missing(*args, **kwargs):
        raise ImportError("trafilatura internals moved")

    monkeypatch.setattr(body_mod, "_sequence", missing)
    html = page("", f"<article><h1>Title</h1>{BODY}{BODY}</article>")
    body = body_mod._trafilatura_body(parse(html, URL))
    assert body is not None and "real article text" in " ".join(body.itertext())
