"""The date extractor's shortcuts give the results of what they replace (issue 14's speed bar).

- printed(): one regex per month with the numbers left open, compared after the match, answers
  as the per-day regex it replaces (kept here as the reference) on generated texts and on pages;
- the htmldate fallback runs on the page's lxml tree and still finds a printed date, or none.
"""

import gzip
import random
import re
from datetime import date
from pathlib import Path

import pytest

from pagekit import BODY, page
from scrapekit.extractors import dates, patterns
from scrapekit.extractors.dates import _ascii_digits, _visible_text, extract_dates, printed
from scrapekit.extractors.document import parse

FIXTURES = Path(__file__).parent / "fixtures"


def reference_printed(pg, day, visible=False):
    """printed() as it was: a regex built and compiled for the day asked about (a numeric
    "01/11/2008" read in the page's order only when both numbers could be a month; the HTML
    without its comments)."""
    y, m, d = day.year, day.month, day.day
    names = "|".join(re.escape(n) for n in patterns.MONTH_NAMES[m])
    dayfirst = dates.day_first(dates.date_locale(pg))
    ambiguous = d <= 12 and d != m
    forms = (
        rf"{y}[-/.]0?{m}[-/.]0?{d}(?!\d)",
        rf"(?<!\d)0?{d}\.\s?0?{m}\.\s?(?:{y}|{y % 100:02d})(?!\d)",
        rf"(?<!\d)0?{d}[/-]0?{m}[/-]{y}(?!\d)" if dayfirst or not ambiguous else "(?!)",
        rf"(?<!\d)0?{m}[/-]0?{d}[/-]{y}(?!\d)" if not dayfirst or not ambiguous else "(?!)",
        rf"{y}\s*[年년]\s*0?{m}\s*[月월]\s*0?{d}(?!\d)",
        rf"(?<!\d)0?{d}(?:\.|er|º|st|nd|rd|th)?\s*(?:de\s+)?(?:{names})\.?(?:/\w+)?,?\s*(?:de\s+)?{y}(?!\d)",
        rf"(?<!\w)(?:{names})\.?\s+0?{d}(?:st|nd|rd|th)?,?\s+{y}(?!\d)",
    )
    text = _ascii_digits(_visible_text(pg) if visible else re.sub(r"<!--.*?-->", " ", pg.html, flags=re.S))
    regex = re.compile("|".join(forms), re.IGNORECASE)
    for year in (str(y), f"{y % 100:02d}"):
        start, seen = text.find(year), 0
        while start >= 0 and seen < dates._MAX_YEAR_HITS:
            if regex.search(text, max(0, start - dates._AROUND_YEAR), start + len(year) + dates._AROUND_YEAR):
                return True
            start, seen = text.find(year, start + 1), seen + 1
    return False


DAYS = [date(2021, 3, 4), date(2021, 10, 12), date(2008, 1, 1), date(2019, 12, 31),
        date(2023, 4, 28), date(2010, 5, 10), date(2001, 2, 3), date(2020, 11, 20)]
PIECES = ["2021", "21", "2008", "08", "2023", "23", "2010", "10", "2001", "01", "2020", "20",
          "2019", "19", "3", "03", "4", "04", "12", "012", "1", "31", "28", "5", "05", "11", "003",
          "-", "/", ".", ". ", " ", "  ", ", ", ",", "年", "月", "日", "년", "월", "de ", "st", "th",
          "er", "º", "x", "a", "<b>", "march", "Mar", "März", "october", "Oct.", "janvier", "jan",
          "décembre", "Dec", "april", "abril", "mayo", "May", "November", "nov", "feb", "/March",
          "١٢", "٢٠٢١", "\u00a0", "\n", "12021", "2021-03-04", "04.03.2021", "Oct 12, 2021",
          "28 April 2023", "2023年4月28日", "3/4/2021", "4/3/2021", "12-10-2021"]


def _fake_page(text):
    return parse(page("", f"<p>{text}</p>"), None)


def test_printed_agrees_with_the_per_day_regex_on_generated_texts():
    rng = random.Random(14)
    hits = 0
    for _ in range(6000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 14)))
        pg = _fake_page(text)
        for day in rng.sample(DAYS, 3):
            for visible in (False, True):
                expected = reference_printed(pg, day, visible)
                assert printed(pg, day, visible) == expected, (text, day, visible)
                hits += expected
    assert hits > 500  # the texts do print the days often: both answers are exercised


@pytest.mark.parametrize("text,day,expected", [
    ("Posted 2021-03-04 by", date(2021, 3, 4), True),
    ("Posted 2021-3-4 by", date(2021, 3, 4), True),
    ("Posted 2021-03-045 by", date(2021, 3, 4), False),
    ("am 04.03.21 um", date(2021, 3, 4), True),
    ("am 4. 3. 2021 um", date(2021, 3, 4), True),
    ("on 12/10/2021", date(2021, 10, 12), False),  # day first: not on an "en" page (Dec 10)
    ("on 10/12/2021", date(2021, 10, 12), True),   # month first
    ("on 010/012/2021", date(2021, 10, 12), True),
    ("on 0010/12/2021", date(2021, 10, 12), False),
    ("2021年10月12日", date(2021, 10, 12), True),
    ("12. Oktober 2021", date(2021, 10, 12), True),
    ("12 de octubre de 2021", date(2021, 10, 12), True),
    ("October 12th, 2021", date(2021, 10, 12), True),
    ("October 12, 2020", date(2021, 10, 12), False),
    ("November 12, 2021", date(2021, 10, 12), False),
    ("112 October 2021", date(2021, 10, 12), False),
    ("© 2021", date(2021, 1, 1), False),
])
def test_printed_forms(text, day, expected):
    pg = _fake_page(text)
    assert printed(pg, day) is expected
    assert reference_printed(pg, day) is expected


def _fixture_pages():
    for f in sorted((FIXTURES / "body").glob("*.html.gz")):
        yield f.name, gzip.decompress(f.read_bytes()).decode("utf-8")
    for f in sorted((FIXTURES / "meta").rglob("*.html*")):
        data = f.read_bytes()
        yield f.name, (gzip.decompress(data) if f.suffix == ".gz" else data).decode("utf-8", "replace")


@pytest.mark.parametrize("name,html", list(_fixture_pages()), ids=lambda v: v if len(v) < 80 else "")
def test_printed_agrees_with_the_per_day_regex_on_pages(name, html):
    pg = parse(html, None)
    found = re.findall(r"(?<!\d)((?:19|20)\d\d)[-/.](\d\d)[-/.](\d\d)(?!\d)", html)
    days = {date(2008, 1, 1), date(2023, 4, 28)}
    for y, m, d in found[:20]:
        try:
            days.add(date(int(y), int(m), int(d)))
        except ValueError:
            pass
    for day in sorted(days):
        for visible in (False, True):
            assert printed(pg, day, visible) == reference_printed(pg, day, visible), day


# -- Page.select: one walk of the tree per selector and page -----------------------------------

def _all_fixture_trees():
    for name, html in _fixture_pages():
        yield name, parse(html, "https://example.com/a")


def test_wider_selectors_match_everything_their_selectors_match():
    """SELECTOR_WITHIN's claims hold on real pages (a selector whose wider one matches nothing
    is skipped), and Page.select answers as tree.css does, in the same order."""
    from scrapekit.extractors.document import SELECTOR_WITHIN

    seen_nonempty = 0
    for name, pg in _all_fixture_trees():
        for selector, wider in SELECTOR_WITHIN.items():
            assert selector != wider
            inner = [n.mem_id for n in pg.tree.css(selector)]
            outer = {n.mem_id for n in pg.tree.css(wider)}
            assert set(inner) <= outer, (name, selector)
            assert [n.mem_id for n in pg.select(selector)] == inner, (name, selector)
            seen_nonempty += bool(inner)
    assert seen_nonempty > 20  # the fixtures do exercise the selectors


def test_select_skips_the_walk_when_the_wider_selector_matches_nothing(monkeypatch):
    pg = parse(page("", "<article><p>No dates here.</p></article>"), None)
    asked = []
    real = type(pg.tree).css

    class Counting:
        def __init__(self, tree):
            self.tree = tree

        def css(self, selector):
            asked.append(selector)
            return real(self.tree, selector)

    pg.tree = Counting(pg.tree)
    pg.tree_changed()
    assert pg.select("time[pubdate]") == [] and pg.select("article time[datetime]") == []
    assert asked == ["time"]  # one walk, for the wider selector; none for the two asked
    assert pg.select("time[pubdate]") == [] and asked == ["time"]  # memoised


def test_selections_are_forgotten_when_the_tree_changes():
    from scrapekit.extractors.site_rules import remove_nodes
    from scrapekit.rules import parse_rules

    html = page("<link rel='canonical' href='https://example.com/c'>",
                "<article><time>2 May 2020</time>" + BODY + "</article>")
    pg = parse(html, None)  # no input URL: parse reads the canonical link for the base URL
    assert len(pg.select("time")) == 1 and pg.select_first('link[rel~="canonical" i][href]')
    rule = parse_rules('[[site]]\nhosts = ["example.com"]\nremove = ["time", "link"]\n').sites[0]
    remove_nodes(pg, rule)
    pg.tree_changed()
    assert pg.select("time") == [] and pg.select_first('link[rel~="canonical" i][href]') is None


# -- the htmldate adapter ------------------------------------------------------------------------

def test_htmldate_adapter_gives_htmldates_answer_for_the_page_as_text_or_bytes():
    """A page starting with a tag goes to htmldate as a string (no encode/decode round trip):
    the same answer as the bytes; anything else (a URL-looking text) still goes as bytes."""
    from htmldate import find_date

    from scrapekit.adapters import htmldate as adapter

    cases = [page("", f"<div class='meta'>Posted on 2021-03-04 by someone.</div>{BODY}"),
             "  \n" + page("", f"<p>Written 12 October 2019 in caf\u00e9 \u65e5\u672c</p>{BODY}"),
             page("", BODY)]
    cases += [html for _name, html in _fixture_pages()][:6]
    answers = []
    for html in cases:
        with adapter._without_dateparser():
            expected = find_date(html.encode("utf-8"), url=None, original_date=True,
                                 extensive_search=True, outputformat="%Y-%m-%d")
        assert adapter.find_date(html, None) == expected
        answers.append(expected)
    assert answers[0] == "2021-03-04" and answers[1] == "2019-10-12" and answers[2] is None


def test_old_page_without_date_metadata_gets_its_printed_date_or_none():
    """The fallback chain on a page with no date markup: htmldate's day when the page prints
    it; never a day made from a year alone (a copyright line) or from a month."""
    printed_day = page("", "<div class='story'><h1>Storm</h1><p class='info'>March 5, 2009</p>"
                           f"{BODY}<p>\u00a9 2009 Example News</p></div>")
    got = extract_dates(parse(printed_day, "https://example.com/storm.html"))
    assert (got["published"], got["published_source"]) == ("2009-03-05", "dom")
    copyright_only = page("", f"<div class='story'><h1>Storm</h1>{BODY}"
                              "<p>\u00a9 2009 Example News. Archive: March 2009</p></div>")
    got = extract_dates(parse(copyright_only, "https://example.com/storm.html"))
    assert got["published"] is None and got["published_raw"] is None


def test_one_walk_for_meta_base_and_scripts_finds_what_separate_queries_find():
    from scrapekit.extractors import document

    extra = page("<base href='/x/'><meta name='a' content='1'>"
                 "<script type='Application/LD+JSON'>{\"@type\": \"NewsArticle\"}</script>"
                 "<script type='application/ld+json '>{\"@type\": \"Thing\"}</script>", BODY)
    pages = [("extra", extra), *_fixture_pages()]
    for name, html in pages:
        pg = parse(html, None)
        nodes = pg.tree.css(document._HEAD_NODES)
        assert [n.mem_id for n in nodes if n.tag == "meta"] == [n.mem_id for n in pg.tree.css("meta")]
        assert [n.mem_id for n in nodes if n.tag == "script" and document._is_jsonld(n)] == \
            [n.mem_id for n in pg.tree.css(document.JSONLD_SCRIPT)], name
        first_base = pg.tree.css_first("base[href]")
        ours = next((n for n in nodes if n.tag == "base" and "href" in n.attributes), None)
        assert (ours.mem_id if ours else None) == (first_base.mem_id if first_base else None)
        assert pg.jsonld == document.read_jsonld(pg.tree) and pg.meta == document.read_meta(pg.tree)
    assert [o["@type"] for o in parse(extra, None).jsonld] == ["NewsArticle"]


def test_head_walk_selections_are_the_selectors_own():
    """CANONICAL_LINK, OG_URL, <title> and <html> read off the one head walk: the elements
    tree.css finds, in its order, on tricky markup and on the fixture pages."""
    from scrapekit.extractors import document

    tricky = page("<link rel='Canonical alternate' href='https://a.example/1'>"
                  "<link rel='canonicalx' href='https://a.example/2'><link rel='canonical'>"
                  "<link rel=' \tCANONICAL\n' href='/3'><link rel='canonical\u00a0x' href='/4'>"
                  "<meta property='OG:URL' content='https://a.example/5'>"
                  "<meta property='og:url'><meta property=' og:url' content='/6'>"
                  "<title>First</title>",
                  "<svg><title>svg title</title></svg><title>second</title>" + BODY)
    for name, html in [("tricky", tricky), *_fixture_pages()]:
        pg = parse(html, None)
        for selector in (document.CANONICAL_LINK, document.OG_URL, "title"):
            assert [n.mem_id for n in pg.select(selector)] == \
                [n.mem_id for n in pg.tree.css(selector)], (name, selector)
        assert pg.tree.root.mem_id == pg.tree.css_first("html").mem_id
    pg = parse(tricky, None)
    assert [n.attributes["href"] for n in pg.select(document.CANONICAL_LINK)] == \
        ["https://a.example/1", "/3"]
    assert [n.attributes["content"] for n in pg.select(document.OG_URL)] == ["https://a.example/5"]
    assert pg.base_url == "https://a.example/1"
