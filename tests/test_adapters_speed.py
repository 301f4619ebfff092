"""Speed-ups of issue 14 (third round) inside the adapters give the answers of what they replace:

- trafilatura's section prunes (OVERALL_DISCARD_XPATH, in ``prune_unwanted_sections``) through
  prefilters: same matches, same tree, for the call of our cascade only;
- one lxml parse shared by htmldate and trafilatura (adapters/lxml_page.py): htmldate's answer
  and trafilatura's tree are those of their own parses;
- htmldate's ``date_candidates`` narrowed (only the elements holding a cue word asked): same
  elements, same order.
"""

from __future__ import annotations

import gzip
import random
import re
from pathlib import Path

import pytest
from lxml import etree
from lxml.etree import XPath
from lxml.html import fromstring

from pagekit import BODY, page
from scrapekit.adapters import htmldate as hd_adapter
from scrapekit.adapters import lxml_page
from scrapekit.adapters import trafilatura as adapter
from scrapekit.extractors.dates import extract_dates
from scrapekit.extractors.document import parse
from scrapekit.extractors.text import scrub

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://example.com/news/a-story"
TEXT = "This is a sentence of real article text that goes on for a while. " * 6


def _fixture_pages():
    for f in sorted((FIXTURES / "body").glob("*.html.gz")):
        yield f.name, gzip.decompress(f.read_bytes()).decode("utf-8")
    for f in sorted((FIXTURES / "meta").glob("*.html.gz"))[:12]:
        yield f.name, gzip.decompress(f.read_bytes()).decode("utf-8", "replace")


PAGES = list(_fixture_pages())
SECTIONS = page("", (
    "<article><h1>Title</h1>" + BODY
    + f"<div class='share-bar'>Share this {TEXT}</div>tail one"
    + f"<div class='x hidden'>Hidden {TEXT}</div><span style='display:none'>none {TEXT}</span>"
    + f"<p id='reply-3'>reply {TEXT}</p><div aria-hidden='true'>aria {TEXT}</div>"
    + f"<section role='Navigation'>nav {TEXT}</section><div class='caption'>cap</div>"
    + BODY + "</article>"))


# -- trafilatura: section prunes --------------------------------------------------------------

def _section_expressions():
    from trafilatura.xpaths import OVERALL_DISCARD_XPATH

    return list(OVERALL_DISCARD_XPATH)


def test_installed_trafilatura_section_prunes_all_have_prefilters():
    for expression in _section_expressions():
        assert adapter._section_prefilter(expression) is not None, expression.path


def _alternatives(expression) -> list[str]:
    """Strings each regex alternative (and contains() literal) of the expression matches."""
    source = expression.path
    found = []
    for pattern in re.findall(r"re:test\([^,]+,\s*'([^']*)'\)", source):
        for alt in pattern.split("|"):
            alt = re.sub(r"\[(.)[^\]]*\]", r"\1", alt)          # [Aa] -> A
            alt = alt.replace("(?:", "").replace(")", "").replace("^", "")
            found += [alt.replace("-?", "-"), alt.replace("-?", ""), alt.replace("?", "")]
    found += re.findall(r"contains\([^,]+,\s*'([^']*)'\)", source)
    found += re.findall(r"starts-with\([^,]+,\s*'([^']*)'\)", source)
    found += re.findall(r"@class='([^']*)'", source)
    return sorted({a for a in found if a})


def test_section_prefilters_never_miss_a_match():
    """Elements with ids, classes, styles and roles made of the expressions' own regex
    alternatives, alone and in random combinations: every element an expression selects is
    one its prefilter lets through, and the prefiltered matches are the expression's."""
    rng = random.Random(14)
    for expression in _section_expressions():
        spec = adapter._section_prefilter(expression)
        words = _alternatives(expression) + ["content", "x", "post-body", "Hidden", "HIDE"]
        tags = sorted(spec[0] or {"div", "p", "span", "td", "li", "a"})
        parts = []
        for tag in tags:
            for word in words:
                parts.append(f"<{tag} id='{word}'>x</{tag}><{tag} class='a {word}'>x</{tag}>"
                             f"<{tag} class='{word} b'>x</{tag}>")
            for _ in range(300):
                attrs = {name: " ".join(rng.sample(words, rng.randint(1, 3)))
                         for name in rng.sample(["id", "class", "style", "role"], rng.randint(1, 3))}
                if rng.random() < 0.1:
                    attrs["aria-hidden"] = "true"
                if rng.random() < 0.05:
                    attrs["data-component"] = "MostPopularStories"
                parts.append(f"<{tag} " + " ".join(f"{k}=\"{v}\"" for k, v in attrs.items())
                             + ">x</" + tag + ">")
        tree = fromstring(f"<html><body><div>{''.join(parts)}</div></body></html>")
        expected = expression(tree)
        assert len(expected) > 100  # the elements do exercise the expression
        assert adapter._section_matches(tree, spec) == expected, expression.path[:80]


@pytest.mark.parametrize("name,html", [("sections", SECTIONS), *PAGES],
                         ids=["sections", *[p[0] for p in PAGES]])
def test_prune_nodes_is_trafilaturas(name, html):
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.xpaths import DISCARD_IMAGE_ELEMENTS, OVERALL_DISCARD_XPATH

    html = scrub(html)
    for nodelist, backup in ((OVERALL_DISCARD_XPATH, True), (OVERALL_DISCARD_XPATH, False),
                             (OVERALL_DISCARD_XPATH + DISCARD_IMAGE_ELEMENTS, False)):
        ours, theirs = adapter._lxml_tree(html), adapter._lxml_tree(html)
        adapter._prune_nodes(ours, nodelist, with_backup=backup)
        prune_unwanted_nodes(theirs, nodelist, with_backup=backup)
        assert etree.tostring(ours) == etree.tostring(theirs)


def test_section_prunes_really_prune_and_the_replacement_is_for_the_call_only():
    from trafilatura import main_extractor
    from trafilatura.htmlprocessing import prune_unwanted_nodes

    from scrapekit.adapters.switch import original

    options = adapter._options(URL)
    _, text = adapter._sequence(adapter._lxml_tree(SECTIONS), lambda: None, options, URL)
    assert "real article text" in text
    for gone in ("Share this", "Hidden", "none", "reply", "aria", "nav "):
        assert gone not in text
    assert original(main_extractor, "prune_unwanted_nodes") is prune_unwanted_nodes
    assert not adapter._SECTIONS.active  # outside the call: trafilatura's own function runs


# -- one parse for htmldate and trafilatura ---------------------------------------------------

def test_taken_tree_drops_comments_and_keeps_their_tails():
    html = page("", "<p>before<!-- a comment -->after</p><!-- x --><div>d</div>")
    cache: dict = {}
    tree = lxml_page.tree(html, cache)
    assert tree.xpath("count(//comment())") == 2
    assert lxml_page.take_tree(html + " ", cache) is None and not cache  # another string
    tree = lxml_page.tree(html, cache)
    taken = lxml_page.take_tree(html, cache)
    assert taken is tree and not cache
    own = lxml_page.parse(html, remove_comments=True)
    assert etree.tostring(taken) == etree.tostring(own)
    assert taken.findtext(".//p") == "beforeafter"


DATED = [
    page("", "<!-- posted 2019-03-04 --><div class='meta'>Posted on 2021-03-04 by x.</div>" + BODY),
    page("", "<p>Written 12 October 2019 in caf\u00e9</p><footer>\u00a9 2020</footer>" + BODY),
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
    "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html><head></head><body>"
    "<span class='date'>May 3, 2018</span>" + BODY + "</body></html>",
    "<html/>\n<body><p>On 2017-06-07 it rained.</p>" + BODY + "</body>",
    "<div><p>2016-05-04 a fragment, no html tag</p></div>",
]


@pytest.mark.parametrize("html", DATED + [p[1] for p in PAGES])
def test_htmldate_on_the_shared_tree_answers_as_on_its_own_parse(html):
    from htmldate import find_date

    html = scrub(html)
    with hd_adapter._without_dateparser():
        expected = find_date(html, url=None, original_date=True, extensive_search=True,
                             outputformat="%Y-%m-%d")
    cache: dict = {}
    assert hd_adapter.find_date(html, None, cache) == expected
    assert hd_adapter.find_date(html, None, None) == expected
    if cache:  # shared: trafilatura takes the tree htmldate read (a copy was pruned)
        taken = adapter._lxml_tree(html, cache)
        own = adapter._lxml_tree(html)
        assert etree.tostring(taken) == etree.tostring(own)


def test_htmldate_replacements_are_for_the_call_only():
    from htmldate import core

    assert hd_adapter.tree_supported()
    hd_adapter.find_date(DATED[0], None, {})
    hd_adapter.find_date(DATED[1], None, None)
    tree = lxml_page.parse(scrub(DATED[0]))
    assert core.deepcopy(tree) is not tree  # outside our calls htmldate copies as published
    with hd_adapter._without_dateparser(copy=False):
        assert core.deepcopy(tree) is tree
    assert not (hd_adapter._NO_DATEPARSER.active or hd_adapter._NARROWED.active
                or hd_adapter._NO_COPY.active)


def test_narrowed_date_candidates_are_htmldates():
    from htmldate import core

    from scrapekit.adapters.switch import original as library_own

    original = library_own(core, "date_candidates")
    assert original.__module__ == "htmldate.core"
    seen = 0
    for _name, html in PAGES:
        tree = lxml_page.parse(scrub(html))
        for extensive in (True, False):
            assert hd_adapter._date_candidates(tree, extensive) == original(tree, extensive)
        seen += len(original(tree, True))
    assert seen > 50  # the pages do have candidates


def test_dates_step_leaves_the_tree_for_the_body_step():
    html = page("", "<p>Updated sometime.</p><p class='posted'>Posted 2021-03-04.</p>" + BODY)
    html = html.replace("<html", "\n<html", 1)  # htmldate and trafilatura parse the same string
    pg = parse(html, "https://example.com/a-story")
    found = extract_dates(pg)
    assert found["published"] == "2021-03-04"
    assert "lxml_page" in pg.cache  # htmldate ran on the shared tree
    assert adapter.main_content(pg) is not None
    assert "lxml_page" not in pg.cache  # taken by the body step


XHTML = ("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
         "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">")


def test_declaration_only_is_one_doctype_before_a_whole_page():
    rest = "\n<html><body><p>x</p></body></html>"
    assert lxml_page.declaration_only(XHTML + rest, rest)
    assert not lxml_page.declaration_only(XHTML + "<p>x</p>", "<p>x</p>")  # not a whole page
    assert not lxml_page.declaration_only("< !DOCTYPE a/b>" + rest, rest)  # text to libxml2
    assert not lxml_page.declaration_only(XHTML + "<br/>" + rest, "<br/>" + rest)
    assert not lxml_page.declaration_only(rest, rest)


def test_xhtml_page_leaves_a_copy_for_the_body_step():
    """htmldate keeps an XHTML doctype, trafilatura removes it: the elements are the same, so
    the dates step leaves a copy of its tree (taken before htmldate prunes it) for the body step,
    and htmldate answers as on its own parse."""
    from htmldate import find_date

    html = XHTML + "\n<html><head><title>T</title></head><body><!-- c --><p class='posted'>" \
        "Posted 2021-03-04.</p><p>Updated sometime.</p>" + BODY + "</body></html>"
    pg = parse(html, "https://example.com/a-story")
    with hd_adapter._without_dateparser():
        expected = find_date(pg.html, url=pg.url, original_date=True, extensive_search=True,
                             outputformat="%Y-%m-%d")
    assert extract_dates(pg)["published"] == expected == "2021-03-04"
    assert "lxml_page" in pg.cache
    taken = adapter._lxml_tree(pg.html, pg.cache)
    assert "lxml_page" not in pg.cache
    own = adapter._lxml_tree(pg.html)
    assert etree.tostring(taken) == etree.tostring(own)
    assert taken.findtext(".//p") == "Posted 2021-03-04."  # not pruned by htmldate


def test_narrowed_walk_keeps_every_element_that_could_be_one():
    """The narrowed walk keeps every <footer>/<small> and every element whose id, class or
    itemprop holds a cue word that htmldate accepts (of id and class, the first written),
    in document order, as htmldate's own."""
    from htmldate import core

    from scrapekit.adapters.switch import original

    tree = fromstring("<html><body><div><p>a</p><footer>f</footer><small>s</small>"
                      "<span itemprop='datePublished'>x</span><i data-x='date'>y</i>"
                      "<b class='date'>z</b><u id='meta'>w</u><em id='x' class='date'>v</em>"
                      "<s class='byline' id='top'>t</s><q class='posted'>q</q></div></body></html>")
    found = hd_adapter._date_candidates(tree, True)
    assert [e.tag for e in found] == ["footer", "small", "span", "b", "u", "s", "q"]
    assert found == original(core, "date_candidates")(tree, True)


@pytest.mark.parametrize("name,html", [("sections", SECTIONS), *PAGES[:8]],
                         ids=["sections", *[p[0] for p in PAGES[:8]]])
def test_second_opinion_with_prefilters_is_trafilaturas(name, html):
    import trafilatura
    from trafilatura import main_extractor

    pg = parse(scrub(html), URL)
    assert adapter.default_extraction(pg) == (
        trafilatura.extract(pg.html, url=pg.url, include_comments=False) or "")
    assert isinstance(main_extractor.BODY_XPATH[0], XPath)  # restored after the call


def test_frame_search_finds_trafilaturas_frame():
    """Each listed frame expression gives the first element of the expression's own answer,
    on pages built from its literals (and on the fixture pages)."""
    from trafilatura.xpaths import BODY_XPATH

    frames = adapter._frames(BODY_XPATH)
    assert sum(isinstance(f, adapter._FirstFrame) for f in frames) == 3
    words = ["post", "entry", "post-body", "article-text", "ArticleContent", "text", "cell",
             "story", "postarea", "main-content", "Main-Content", "page-content", "content",
             "contentBody", "fulltext", "FullText", "primary", "article ", "x", "side"]
    rng = random.Random(7)
    docs = []
    for _ in range(200):
        parts = []
        for _ in range(rng.randint(1, 6)):
            tag = rng.choice(["div", "section", "article", "main", "span", "p"])
            attr = rng.choice(["id", "class", "role", "itemprop"])
            parts.append(f"<{tag} {attr}='{rng.choice(words)}'><p>t</p></{tag}>")
        docs.append(fromstring(f"<html><body><div>{''.join(parts)}</div></body></html>"))
    docs += [adapter._lxml_tree(scrub(h)) for _n, h in PAGES]
    hits = 0
    for tree in docs:
        for expression, frame in zip(BODY_XPATH, frames):
            theirs = next((s for s in expression(tree) if s is not None), None)
            ours = next(iter(frame(tree)), None)
            assert ours is theirs, str(expression)[:80]
            hits += ours is not None and frame is not expression
    assert hits > 100


def test_date_candidates_literals_are_read_from_the_installed_htmldate(monkeypatch):
    """The cue words are those of the installed htmldate's regexes; with other regexes the
    narrowing keeps every element with an id, class or itemprop (and still answers alike)."""
    from htmldate import core

    assert hd_adapter._literal_tests() is not None
    html = page("", "<div class='entry'><span class='when'>2020-01-02</span>"
                    "<p class='posted-on'>3 May 2019</p><small>x</small></div>" + BODY)
    tree = lxml_page.parse(html)
    expected = core.date_candidates(tree, True)
    assert [e.get("class") for e in expected] == ["posted-on", None]
    monkeypatch.setattr(core, "CLASS_CUES", re.compile("when|posted"))
    assert hd_adapter._literal_tests() is None
    changed = core.date_candidates(tree, True)
    assert [e.get("class") for e in changed] == ["when", "posted-on", None]
    assert hd_adapter._date_candidates(tree, True) == changed


LINKY = page("", "<article><h1>Title</h1>" + BODY
             + "<div class='x'><p><a href='/a'>One link</a> <a href='/b'>Two link</a></p>"
             + "<ul><li><a href='/c'>three</a></li><li><a href='/d'>four</a></li></ul></div>"
             + "<div><div><div><p>short <a href='/e'>linked</a></p></div></div></div>"
             + "<p><a href='/f'>" + "A very long link text that goes on " * 5 + "</a></p>"
             + "<ul><li><p><a href='/g'>item paragraph link</a></p></li></ul>"
             + BODY + "</article>")


@pytest.mark.parametrize("name,html", [("linky", LINKY), *PAGES], ids=["linky", *[p[0] for p in PAGES]])
def test_delete_by_link_density_is_trafilaturas(name, html):
    from trafilatura.htmlprocessing import convert_tags, delete_by_link_density, tree_cleaning

    options = adapter._options(URL)
    html = scrub(html)
    for tag in ("div", "list", "p", "head", "quote", "x-y"):
        for backtracking, precision in ((True, False), (False, False), (False, True)):
            ours, theirs = (convert_tags(tree_cleaning(adapter._lxml_tree(html), options),
                                         options, URL) for _ in range(2))
            adapter._delete_by_link_density(ours, tag, backtracking, precision)
            delete_by_link_density(theirs, tag, backtracking, precision)
            assert etree.tostring(ours) == etree.tostring(theirs), (tag, backtracking)


def test_link_density_deletes_something_on_the_linky_page():
    from trafilatura.htmlprocessing import convert_tags, tree_cleaning

    options = adapter._options(URL)
    tree = convert_tags(tree_cleaning(adapter._lxml_tree(LINKY), options), options, URL)
    before = etree.tostring(tree)
    for tag in ("div", "list", "p"):
        adapter._delete_by_link_density(tree, tag, True)
    assert etree.tostring(tree) != before and "real article text" in " ".join(tree.itertext())


def test_other_threads_and_direct_callers_run_the_libraries_as_published():
    """The replacements are per thread (adapters/switch.py): while one thread is inside a
    scrapekit call, another thread calling trafilatura's or htmldate's internals gets their own
    code, and nothing is left replaced after an exception inside the call."""
    import threading

    from htmldate import core
    from trafilatura import main_extractor

    from scrapekit.adapters.switch import original

    inside, release, seen = threading.Event(), threading.Event(), {}

    def ours() -> None:
        with adapter._prefiltered_sections(), hd_adapter._without_dateparser(copy=False):
            seen["ours"] = (list(main_extractor.BODY_XPATH) is not None,
                            adapter._SECTIONS.active, hd_adapter._NO_COPY.active)
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=ours)
    worker.start()
    assert inside.wait(5)
    try:  # this thread, meanwhile: the libraries as published
        assert not adapter._SECTIONS.active and not hd_adapter._NO_COPY.active
        tree = lxml_page.parse(scrub(DATED[0]))
        assert core.deepcopy(tree) is not tree
        assert list(main_extractor.BODY_XPATH) == list(original(main_extractor, "BODY_XPATH"))
    finally:
        release.set()
        worker.join(5)
    assert seen["ours"] == (True, True, True)
    with pytest.raises(TimeoutError):
        with adapter._prefiltered_sections():
            raise TimeoutError("the extraction's time budget")
    assert not adapter._SECTIONS.active
    assert list(main_extractor.BODY_XPATH) == list(original(main_extractor, "BODY_XPATH"))


def test_extract_in_threads_equals_extract_in_sequence():
    from concurrent.futures import ThreadPoolExecutor

    import scrapekit

    pages = [html for _name, html in PAGES] * 3
    alone = [scrapekit.extract(html, URL).to_dict() for html in pages]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda html: scrapekit.extract(html, URL).to_dict(), pages))
    strip = [{**r, "extraction": {**r["extraction"], "elapsedMs": None}} for r in alone]
    assert [{**r, "extraction": {**r["extraction"], "elapsedMs": None}} for r in together] == strip


def test_replacements_stand_down_when_the_library_source_changed(monkeypatch):
    """A patch release that changes a function the replacements reproduce (same version
    numbers) runs the library's own code: the sources are checked by hash, not only the
    version."""
    from scrapekit.adapters.switch import source_matches

    from trafilatura.htmlprocessing import prune_unwanted_nodes

    assert source_matches(prune_unwanted_nodes, adapter.REPLACED_SOURCES["prune_unwanted_nodes"])
    assert not source_matches(prune_unwanted_nodes, "0" * 16)
    assert not source_matches(len, adapter.REPLACED_SOURCES["prune_unwanted_nodes"])  # no source
    monkeypatch.setattr(adapter, "REPLACED_SOURCES", {"prune_unwanted_nodes": "0" * 16})
    monkeypatch.setattr(adapter, "_SECTIONS_READY", [])
    assert not adapter._sections_installed()
    with adapter._prefiltered_sections():
        assert not adapter._SECTIONS.active
    monkeypatch.setattr(hd_adapter, "REPLACED_SOURCES", {"date_candidates": "0" * 16})
    monkeypatch.setattr(hd_adapter, "_SUPPORTED", {})
    assert not hd_adapter.tree_supported()
    html = scrub(DATED[0])
    assert hd_adapter.find_date(html, None, {}) == "2021-03-04"  # htmldate's own search


# -- trafilatura: tree cleaning in one walk (speed round, session 9) ----------------------------

NESTED = ("<html><body><aside>a<aside>b</aside>c</aside>t1<aside>d</aside><p>x<nav>n<nav>m</nav>"
          "</nav>y</p><nav>z</nav><script>s</script>tail<footer><script>q</script></footer>"
          "<svg><svg><use/></svg></svg><p>para</p></body></html>")


@pytest.mark.parametrize("name,html", [("nested", NESTED), ("sections", SECTIONS), *PAGES],
                         ids=["nested", "sections", *[p[0] for p in PAGES]])
def test_tree_cleaning_in_one_walk_is_trafilaturas(name, html):
    from trafilatura.htmlprocessing import tree_cleaning

    options = adapter._options(URL)
    html = scrub(html)
    ours = adapter._tree_cleaning(adapter._lxml_tree(html), options)
    theirs = tree_cleaning(adapter._lxml_tree(html), options)
    assert etree.tostring(ours) == etree.tostring(theirs)


def test_tree_cleaning_keeps_lxmls_iterator_quirk():
    """trafilatura's per-tag loop stops at an element holding another of its tag (lxml's
    iterator goes on inside the deleted element): a later <aside> or <nav> stays, and so it
    does here."""
    ours = adapter._tree_cleaning(adapter._lxml_tree(NESTED), adapter._options(URL))
    assert etree.tostring(ours) == (b"<html><body>t1<aside>d</aside><p>xy</p><nav>z</nav>tail"
                                    b"<p>para</p></body></html>")


def test_tree_cleaning_stands_down_when_trafilaturas_source_changed(monkeypatch):
    from trafilatura import htmlprocessing

    from scrapekit.adapters.switch import source_matches

    assert source_matches(htmlprocessing.tree_cleaning, adapter.TREE_CLEANING_SOURCE)
    monkeypatch.setattr(adapter, "TREE_CLEANING_SOURCE", "0" * 16)
    monkeypatch.setattr(adapter, "_CLEANING_READY", [])
    called = []
    real = htmlprocessing.tree_cleaning
    monkeypatch.setattr(htmlprocessing, "tree_cleaning", lambda *a: called.append(1) or real(*a))
    adapter._tree_cleaning(adapter._lxml_tree(NESTED), adapter._options(URL))
    assert called


def test_tree_cleaning_on_a_fragment_whose_root_is_a_cleaned_tag():
    """A page lxml reads as a fragment: its root element has a parent (<body>); trafilatura
    takes it from there and goes on cleaning inside it, and so does the one walk."""
    from lxml.html import fragment_fromstring
    from trafilatura.xml import delete_element

    html = ("<aside><p>a<aside>b<aside>c</aside></aside></p><aside>d</aside>"
            "<nav>e<nav>f</nav></nav><nav>g</nav></aside>")
    tags = ["aside", "nav"]
    theirs, ours = fragment_fromstring(html), fragment_fromstring(html)
    for tag in tags:
        for el in theirs.iter(tag):
            delete_element(el)
    adapter._delete_listed(ours, tags)
    assert etree.tostring(ours) == etree.tostring(theirs) == \
        b"<aside><p>a</p><aside>d</aside><nav>g</nav></aside>"
    assert ours.getparent() is None
