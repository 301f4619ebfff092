"""Related links: the definition pinned on small pages, and the labelled set held to its bar.

The labelled pages are in tests/fixtures/links/ (README.md there says how each was labelled);
``python -m benchmarks.links`` prints the same scores with a peer and the cost.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

import scrapekit
from benchmarks.links import split_of
from pagekit import BODY, page
from scrapekit.decode import decode_html
from scrapekit.extractors.body import extract_body
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links
from scrapekit.extractors.text import scrub
from scrapekit.urlkeys import match_key

LINKS = Path(__file__).parent / "fixtures" / "links"
URL = "https://n.example/2024/05/this-story"


def links_of(body: str, head: str = "", url: str = URL) -> list[tuple[str, str, str | None]]:
    art = scrapekit.extract(page(head, body), url=url)
    return [(link.kind, link.url, link.text) for link in art.related_links]


def article(inner: str = "") -> str:
    """An article whose second paragraph carries ``inner`` at its end."""
    return ("<article><h1>A headline for the story</h1>" + BODY
            + BODY.replace("</p>", " " + inner + "</p>", 1) + BODY + "</article>")


# -- the definition -----------------------------------------------------------------------------

def test_links_exclude_chrome_and_resolve_against_base():
    html = page(
        "<base href='https://cdn.example/news/'>",
        "<header><nav><a href='/world/story-in-nav'>Nav story</a></nav></header>"
        "<article><h1>T</h1>"
        + BODY.replace("for a while.", "for a while, <a href='other-story?utm_source=x&amp;id=7#top'>"
                       "see other story</a>.", 1)
        + BODY + BODY +
        "<p><a href='javascript:void(0)'>js</a> <a href='mailto:a@b.c'>mail</a> "
        "<a href='/files/report.pdf'>pdf</a> <a href='#section'>anchor</a></p>"
        "<div class='share'><a href='https://twitter.com/intent/tweet?u=1'>Tweet</a></div>"
        "</article>"
        "<aside class='related-stories'><h2>Related</h2><ul>"
        "<li><a href='https://n.example/2024/another'>Another article sentence</a></li>"
        "<li><a href='https://n.example/2024/another?fbclid=zzz'>Another real sentence</a></li>"
        "</ul></aside>"
        "<footer><a href='/2024/footer-story'>Footer story</a></footer>")
    art = scrapekit.extract(html, url="https://n.example/2024/this-story")
    assert [(link.kind, link.url, link.text) for link in art.related_links] == [
        ("inBody", "https://cdn.example/news/other-story?id=7", "see other story"),
        ("related", "https://n.example/2024/another", "Another article sentence"),
    ]


def test_nav_header_footer_and_sidebar_feeds_are_excluded():
    body = ("<header><a href='/2024/01/header-story'>Header story</a></header>"
            "<nav><ul><li><a href='/2024/01/nav-story'>Nav story</a></li></ul></nav>"
            "<div class='breadcrumbs'><a href='/news/world/2024/crumb'>World</a></div>"
            + article("<a href='/2024/04/earlier-story'>an earlier story</a>.")
            + "<aside class='sidebar most-popular'><h3>Most read</h3><ul>"
              "<li><a href='/2024/05/popular-one'>Popular one</a></li>"
              "<li><a href='/2024/05/popular-two'>Popular two</a></li></ul></aside>"
            "<footer><a href='/2024/01/footer-story'>Footer story</a></footer>")
    assert links_of(body) == [
        ("inBody", "https://n.example/2024/04/earlier-story", "an earlier story")]


def test_share_comment_ad_and_newsletter_links_are_excluded():
    body = article("<a href='https://other.example/report/2024/findings'>the findings</a>.").replace(
        "</article>",
        "<div class='social-share'><a href='https://www.facebook.com/sharer/sharer.php?u=x'>Share</a>"
        "<a href='https://twitter.com/intent/tweet?text=x'>Tweet</a>"
        "<a href='whatsapp://send?text=x'>WhatsApp</a></div>"
        "<div class='newsletter-signup'><a href='/2024/newsletter-offer'>Sign up</a></div>"
        "<div class='ad-slot'><a href='https://ads.example/click/1'>Buy now</a></div>"
        "<section id='comments'><p>Reader: <a href='https://spam.example/a/b'>my blog</a></p></section>"
        "</article>")
    assert links_of(body) == [
        ("inBody", "https://other.example/report/2024/findings", "the findings")]


def test_tracking_parameters_are_stripped_and_real_ones_kept():
    body = article("<a href='https://other.example/a/story?id=42&amp;utm_source=tw&amp;utm_medium=x"
                   "&amp;fbclid=abc&amp;gclid=def&amp;page=2'>a story</a>.")
    assert links_of(body) == [("inBody", "https://other.example/a/story?id=42&page=2", "a story")]


def test_relative_urls_resolve_against_the_page_url():
    body = article("<a href='../04/older-story'>older</a>, <a href='/2023/01/other'>other</a> "
                   "and <a href='//cdn.example/2024/x/y'>proto</a>.")
    assert [u for _, u, _ in links_of(body)] == [
        "https://n.example/2024/04/older-story", "https://n.example/2023/01/other",
        "https://cdn.example/2024/x/y"]


def test_base_href_is_honoured():
    body = article("<a href='2024/rel-story'>rel</a>.")
    assert links_of(body, head="<base href='https://mirror.example/path/'>") == [
        ("inBody", "https://mirror.example/path/2024/rel-story", "rel")]


def test_schemes_anchors_files_and_self_links_are_excluded():
    body = article("<a href='#note-1'>note</a> <a href='javascript:void(0)'>js</a> "
                   "<a href='mailto:x@y.z'>mail</a> <a href='tel:+1555'>call</a> "
                   "<a href='/files/report.PDF'>pdf</a> <a href='/img/photo.jpg'>photo</a> "
                   f"<a href='{URL}#comments'>this page</a> "
                   "<a href='https://other.example/2024/real-story'>real</a>.")
    assert links_of(body) == [("inBody", "https://other.example/2024/real-story", "real")]


def test_tag_author_and_section_pages_are_excluded():
    body = article("<a href='/tag/elections'>elections</a>, <a href='/author/jane-doe'>Jane</a>, "
                   "<a href='/topics/climate/'>climate</a>, <a href='/world'>World</a>, "
                   "<a href='/'>home</a>, <a href='https://n.example/2024/03/story-text'>story</a>.")
    assert links_of(body) == [("inBody", "https://n.example/2024/03/story-text", "story")]


def test_duplicates_keep_the_first_and_text_is_collapsed():
    body = article("<a href='https://o.example/x/1'>  first\n   mention </a> and "
                   "<a href='https://o.example/x/1#again'>second</a> and "
                   "<a href='https://www.o.example/x/1/'>third</a>.")
    assert links_of(body) == [("inBody", "https://o.example/x/1", "first mention")]


def test_inline_related_line_is_in_body_and_related_block_by_heading_is_related():
    body = ("<article><h1>A headline for the story</h1>" + BODY
            + "<p><strong>Related:</strong> <a href='/2024/04/inline-one'>The inline one</a></p>"
            + BODY + BODY + "</article>"
            "<div class='box'><h3>Mehr zum Thema</h3><ul>"
            "<li><a href='/2024/04/more-one'>More article text, one sentence</a></li>"
            "<li><a href='/2024/04/more-two'>More real article text here</a></li></ul></div>")
    assert links_of(body) == [
        ("inBody", "https://n.example/2024/04/inline-one", "The inline one"),
        ("related", "https://n.example/2024/04/more-one", "More article text, one sentence"),
        ("related", "https://n.example/2024/04/more-two", "More real article text here"),
    ]


@pytest.mark.parametrize("heading", [
    "Links:", "Lees meer", "Taip pat skaitykite", "Passend zum Artikel", "Zum selben Thema",
    "Sur le même thème", "You may like", "이 기사와 관련된 기사", "Přečtěte si také",
    "Weitere Beiträge zum Thema", "Weitere Informationen", "More:"])
def test_related_headings_in_several_languages(heading):
    body = (article() + f"<div class='box'><h3>{heading}</h3><ul>"
            "<li><a href='/2024/04/more-one'>More article text, one sentence</a></li>"
            "<li><a href='/2024/04/more-two'>More real article text here</a></li></ul></div>")
    assert [k for k, _, _ in links_of(body)] == ["related", "related"]


def test_related_block_by_class_and_jsonld_related_link():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H", '
          '"relatedLink": ["https://n.example/2024/01/from-jsonld"]}</script>')
    body = article() + ("<section class='article-related'><a href='/2024/02/rel-a'>Related article sentence</a>"
                        "<a href='/2024/02/rel-b'>Real article text again</a></section>")
    assert links_of(body, head=ld) == [
        ("related", "https://n.example/2024/02/rel-a", "Related article sentence"),
        ("related", "https://n.example/2024/02/rel-b", "Real article text again"),
        ("related", "https://n.example/2024/01/from-jsonld", None),
    ]


@pytest.mark.parametrize("html", [
    "", "<html>", "<a href='http://[::1'>broken</a>", "<p>" + "<div>" * 3000 + "x",
    "<body><a href='%%%'>x</a><a href='http://'>y</a><a href=' '>z</a></body>",
])
def test_never_raises(html):
    doc = parse(html, "https://n.example/a")
    assert isinstance(extract_related_links(doc, ["x"]), list)


# -- issue 16: site-wide lists, widget links, the article itself -----------------------------------

def _feed(cls: str, heading: str, n: int = 3, tag: str = "aside") -> str:
    items = "".join(f"<li><a href='/2024/05/feed-story-{i}'>Feed story number {i} about "
                    f"something else entirely</a></li>" for i in range(n))
    return f"<{tag} class='{cls}'><h3>{heading}</h3><ul>{items}</ul></{tag}>"


@pytest.mark.parametrize("heading", ["Most read", "Meistgelesen", "Lo más visto", "MEST LÄST",
                                     "Les plus lus", "Popular now", "Latest news", "Trending"])
def test_related_blocks_headed_as_site_wide_feeds_are_not_related(heading):
    body = article() + _feed("related-stories", heading)
    assert links_of(body) == []


def test_related_blocks_whose_class_says_trending_are_not_related():
    body = article() + _feed("c-posts c-posts--articleTrending c-posts--relatedVideos", "Videos")
    assert links_of(body) == []


def test_a_block_outside_the_article_headed_with_the_site_name_is_site_wide():
    head = "<meta property='og:site_name' content='Example News'>"
    assert links_of(article() + _feed("related", "More Stories From Example News"), head) == []
    # the same block headed for the article's subject stays related
    assert len(links_of(article() + _feed("related", "More on this story"), head)) == 3


TITLE = "<meta property='og:title' content='Ministers approve the harbour budget'>"
UNRELATED_LIST = ("<ul><li><a href='/2024/05/a'>Canada condemns settlement expansion</a></li>"
                  "<li><a href='/2024/05/b'>Deadliest coal mine explosion in years</a></li>"
                  "<li><a href='/2024/05/c'>Hiker dies after fall on mountain trail</a></li></ul>")
UNRELATED_LINES = ("<p><strong>MORE:</strong> <a href='/2024/05/a'>Canada condemns settlement "
                   "expansion</a></p><p><strong>MORE:</strong> <a href='/2024/05/b'>Deadliest "
                   "coal mine explosion in years</a></p><p><strong>MORE:</strong> "
                   "<a href='/2024/05/c'>Hiker dies after fall on mountain trail</a></p>")


@pytest.mark.parametrize("inserted", [UNRELATED_LIST, UNRELATED_LINES])
def test_stories_set_in_the_text_that_are_not_about_it_are_not_in_body(inserted):
    """A list, or a run of 'MORE:' lines, of the day's other stories set between the
    paragraphs; the same about the article's subject stays in the text."""
    body = ("<article><h1>Ministers approve the harbour budget</h1>" + BODY + inserted + BODY
            + BODY + "</article>")
    assert links_of(body, TITLE) == []
    topical = inserted.replace("Canada condemns settlement expansion", "Harbour budget: the "
                               "ministers").replace("Deadliest coal mine explosion in years",
                                                    "What the budget means for the harbour")
    assert [k for k, _, _ in links_of(body.replace(inserted, topical), TITLE)] == ["inBody"] * 3


def test_an_embedded_tweet_stays_an_embed_even_when_its_text_is_body_text():
    tweet = ("<blockquote class='twitter-tweet'><p>" + "A tweet quoted at length in the story "
             "text goes on. " * 3 + "<a href='https://t.co/abc'>https://t.co/abc</a></p>"
             "<p>" + "The second paragraph of the quoted tweet goes on too. " * 3 + "</p>&mdash; "
             "<a href='https://twitter.com/someone/status/123'>May 1, 2024</a></blockquote>")
    html = page("", "<article><h1>A headline for the story</h1>" + BODY + tweet + BODY + BODY
                + "</article>")
    doc = parse(html, URL)
    paragraphs = list(extract_body(doc).paragraphs)
    assert any(p.startswith("A tweet quoted") for p in paragraphs)  # the body keeps its text
    assert extract_related_links(doc, paragraphs) == []


@pytest.mark.parametrize("widget", [
    f"<a href='{URL}?rate=5'>5 stars</a>", "<a href='/2024/05/other?rate=4'>4</a>",
    "<a href='/2024/05/other-story?replytocom=12'>Reply</a>",
    "<a href='/print/2024/05/this-story'>this page</a>",
    "<a href='https://www.google.com/preferences/source?q=n.example'>Add us on Google</a>",
    "<a href='https://n.example/2024/05/prefs'>Add Example News as a preferred source on Google</a>",
    "<a href='/2024/05/this-story-printable'>Print</a>",
])
def test_widget_links_are_not_in_body(widget):
    body = article(widget + " and <a href='https://o.example/2024/05/real'>a real source</a>.")
    assert links_of(body) == [("inBody", "https://o.example/2024/05/real", "a real source")]


def test_the_article_itself_is_never_a_link():
    canonical = "<link rel='canonical' href='https://n.example/2024/05/canonical-story'>"
    box = ("<aside class='related'><h3>Related</h3><ul>"
           f"<li><a href='{URL}?ref=box&amp;page=1'>This story again</a></li>"
           "<li><a href='/2024/05/canonical-story#comments'>Canonical</a></li>"
           "<li><a href='/2024/05/canonical-story?utm_source=x&amp;wgt=trending'>Canonical 2</a></li>"
           "<li><a href='/2024/05/another'>Another story</a></li>"
           "<li><a href='/2024/05/third-one'>A third story</a></li></ul></aside>")
    assert [u for _, u, _ in links_of(article() + box, canonical)] == [
        "https://n.example/2024/05/another", "https://n.example/2024/05/third-one"]


def test_same_script_path_with_another_id_is_another_article():
    url = "https://n.example/news/view.php?idx=8576&page=1"
    body = article("<a href='/news/view.php?idx=8577'>the next one</a> and "
                   "<a href='/news/view.php?idx=8576&amp;rate=1'>rate</a> and "
                   "<a href='/news/view.php?idx=8576&amp;page=1&amp;view=all'>all</a>.")
    assert links_of(body, url=url) == [
        ("inBody", "https://n.example/news/view.php?idx=8577", "the next one")]


# -- the page's own address as the base ------------------------------------------------------------

CANONICAL = "https://n.example/2024/05/the-story"


@pytest.mark.parametrize("head, canonical", [
    (f"<link rel='canonical' href='{CANONICAL}'>", CANONICAL),
    (f"<meta property='og:url' content='{CANONICAL}'>", CANONICAL),
    # a relative canonical cannot be a base: og:url is, and the canonical resolves against it
    (f"<link rel='canonical' href='/2024/05/rel'><meta property='og:url' content='{CANONICAL}'>",
     "https://n.example/2024/05/rel"),
])
def test_without_a_url_the_stated_address_is_the_base(head, canonical):
    body = article("<a href='/2024/04/older'>older</a>.")
    for url in (None, "", "file:///tmp/saved/page.html"):
        art = scrapekit.extract(page(head, body), url=url)
        assert art.url == (url or "")
        assert art.canonical_url == canonical
        assert [(l.kind, l.url) for l in art.related_links] == [
            ("inBody", "https://n.example/2024/04/older")]


def test_a_given_http_url_wins_over_the_stated_address():
    head = "<link rel='canonical' href='https://other.example/x/canonical'>"
    art = scrapekit.extract(page(head, article("<a href='/2024/04/older'>older</a>.")),
                            url="https://n.example/2024/05/input")
    assert [l.url for l in art.related_links] == ["https://n.example/2024/04/older"]


def test_without_any_address_relative_links_are_dropped():
    art = scrapekit.extract(page("", article("<a href='/2024/04/older'>older</a> and "
                                             "<a href='https://o.example/a/b'>abs</a>.")))
    assert [l.url for l in art.related_links] == ["https://o.example/a/b"]


def test_cli_extract_of_a_saved_page_without_url_keeps_its_relative_links():
    seed = Path(__file__).parent.parent / "examples" / "moscowtimes-bakhmut.html"
    r = subprocess.run([sys.executable, "-m", "scrapekit", "extract", str(seed), "--format", "md"],
                       capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode()
    for link in ("https://www.themoscowtimes.com/2023/03/06/russias-losses-in-bakhmut-5-times-higher"
                 "-than-ukraines-nato-estimates-a80398",
                 "https://www.themoscowtimes.com/2023/03/07/wagner-chief-says-bakhmut-defenses-holding-a80410",
                 "https://www.themoscowtimes.com/2023/03/06/un-chief-guterres-heads-to-kyiv-a80401"):
        assert link in out
    r = subprocess.run([sys.executable, "-m", "scrapekit", "extract", str(seed)],
                       capture_output=True, timeout=120)
    record = json.loads(r.stdout.decode().splitlines()[0])
    assert record["url"] == str(seed)
    assert record["canonicalUrl"].startswith("https://www.themoscowtimes.com/2023/03/07/bakhmuts-capture")
    assert len(record["relatedLinks"]) == 3


# -- the labelled set -------------------------------------------------------------------------------

def _norm(url: str) -> str:
    """The scorer's key (scrapekit.urlkeys.match_key): tracking parameters, host case, www.,
    trailing slash and query order do not matter."""
    return match_key(url)


def _scores(labels: dict, names: list[str]) -> tuple[float, float]:
    matched = predicted = expected = 0
    for name in names:
        item = labels[name]
        html, _ = decode_html(gzip.decompress((LINKS / name).read_bytes()))
        doc = parse(scrub(html), item["url"])
        got = {(_norm(link.url), link.kind)
               for link in extract_related_links(doc, extract_body(doc).paragraphs)}
        want = {(_norm(link["url"]), link["kind"]) for link in item["links"]}
        matched += len(got & want)
        predicted += len(got)
        expected += len(want)
    return matched / predicted, matched / expected


def _split(item: dict) -> str:
    """The benchmark's split (benchmarks/links.py: by batch, batch 2 by site hash)."""
    return split_of(item)


@pytest.fixture(scope="module")
def labels() -> dict:
    return json.loads((LINKS / "labels.json").read_text("utf-8"))


def test_labelled_set_covers_three_sources_and_both_splits(labels):
    assert len(labels) >= 100
    assert {item["source"] for item in labels.values()} == {
        "scrapinghub", "meta-fundus", "meta-postlight"}
    assert sum(_split(item) == "validation" for item in labels.values()) >= 20
    assert sum(_split(item) == "validation-2" for item in labels.values()) >= 40
    assert sum(_split(item) == "validation-3" for item in labels.values()) >= 50
    assert sum(_split(item) == "validation-4" for item in labels.values()) >= 50
    assert sum(_split(item) == "tuning-7" for item in labels.values()) == sum(
        item.get("batch") == 7 for item in labels.values()) >= 30
    assert "validation-6" not in {_split(item) for item in labels.values()}


def test_first_labelled_batch_stays_above_the_bar(labels):
    precision, recall = _scores(labels, [n for n, i in labels.items() if i.get("batch", 1) == 1])
    assert precision >= 0.95, f"precision {precision:.1%}"
    assert recall >= 0.90, f"recall {recall:.1%}"


@pytest.mark.parametrize("split, floor_p, floor_r", [
    # regression floors a little under today's figures (issue 16's bar, 95% / 90% on both
    # splits, is not met yet: see `python -m benchmarks.links`). Since the sixth round the block
    # model is trained on batches 1-6, so every part here is in-sample (the unseen-site figure is
    # a fresh blind batch's, scored by the lead)
    ("tuning", 0.94, 0.92), ("validation", 0.87, 0.88), ("validation-2", 0.93, 0.90),
    # validation-3 (batch 4): labelled blind, first scored on the frozen model at 83.6% / 76.9%,
    # 82.3% / 79.4% after the third and fourth rounds; training data since the fifth (88.8% /
    # 78.4% in-sample after the sixth)
    ("validation-3", 0.86, 0.76),
    # validation-4 (batch 5): labelled blind in the fourth round, 89.4% / 87.7% on the code before
    # that round, 92.2% / 87.2% after it; training data since the fifth (93.0% / 84.7% after the
    # sixth: the refit on batches 1-6 keeps fewer of its related boxes)
    ("validation-4", 0.91, 0.83),
    # validation-5 (batch 6): labelled blind during the fifth round: 61.2% / 84.1% on the code
    # before that round, 71.0% / 84.1% after it (held out); training data since the sixth
    # (91.0% / 85.6% in-sample, cross-validated the same; 95.0% / 85.6% after the eighth round,
    # whose rules were read off it)
    ("validation-5", 0.92, 0.82),
    # tuning-7 (batch 7): validation-6 until the eighth round: labelled blind in the sixth
    # round, scored blind three times (61.3% / 78.7% on the code as of its labelling, 62.9% /
    # 78.7% after the sixth round, 63.6% / 77.2% with the reverted seventh round), then retired
    # into tuning and diagnosis (its differences read page by page): 91.9% / 80.3% after the
    # eighth round's rules, read off it
    ("tuning-7", 0.88, 0.77),
])
def test_splits_stay_above_their_floors(labels, split, floor_p, floor_r):
    precision, recall = _scores(labels, [n for n, i in labels.items() if _split(i) == split])
    assert precision >= floor_p, f"{split} precision {precision:.1%}"
    assert recall >= floor_r, f"{split} recall {recall:.1%}"


def test_links_to_the_articles_own_section_fronts_are_dropped():
    # three-segment fronts: the short-slug hub rule does not catch them
    url = "https://news.example.com/news/business/biz-monday/article120329158.html"
    items = "".join(f"<li><a href='{href}'>{text}</a></li>" for href, text in [
        ("/news/business/biz-monday/", "More from Biz Monday"),
        ("/news/business/biz-monday/article120329200.html",
         "Real article sentences: bond yields rise"),
        ("/news/business/biz-monday/article120329300.html", "More article text, sentence by sentence"),
    ])
    got = links_of(article() + f"<aside class='related'><h3>Related stories</h3><ul>{items}</ul>"
                   "</aside>", url=url)
    urls = [u for _, u, _ in got]
    assert "https://news.example.com/news/business/biz-monday/article120329200.html" in urls
    assert not any(u.rstrip("/").endswith("/biz-monday") for u in urls), urls


def test_an_empty_related_box_does_not_take_the_next_headed_box():
    # the "Read also" box is filled by script (empty in the page); the box after it has its own
    # heading of the same shape: its links are that box's, not related stories
    cards = "".join(f"<article class='card'><a href='/2024/05/column-{i}'>Column {i}: real "
                    f"article sentences, a while</a></article>" for i in range(3))
    sidebar = ("<aside class='sidebar'><div class='sidebar__content'>"
               "<section class='block'><div class='section-title'><div class='section-title__top'>"
               "<div class='section-title__title'><span>Read also</span></div></div></div>"
               "<div class='block__content'></div></section>"
               "<div class='banner'></div>"
               "<section class='block block--columns'><div class='section-title'>"
               "<div class='section-title__top'><div class='section-title__title'>"
               f"<span>Columns</span></div></div></div>{cards}</section></div></aside>")
    got = links_of(article() + sidebar)
    assert not [u for kind, u, _ in got if "column-" in u], got


def test_a_this_might_interest_you_feed_is_not_related():
    # German "this might interest you too" boxes are recommendation feeds; the items here share
    # words with the article, so only the heading tells them apart from "Mehr zum Thema"
    items = "".join(f"<li><a href='/2024/05/story-{i}'>Story {i}: a sentence of real article "
                    f"text</a></li>" for i in range(3))
    for heading, n in (("Das könnte Sie auch interessieren", 0), ("Mehr zum Thema", 3)):
        box = f"<section class='teaser-box'><h3>{heading}</h3><ul>{items}</ul></section>"
        got = [link for link in links_of(article() + box) if link[0] == "related"]
        assert len(got) == n, (heading, got)


def test_xml_links_are_files_only_when_named_like_feeds():
    inner = ("see <a href='https://journals.example.org/view/journals/hydr/19/4/jhm-d-17-0158_1.xml'>"
             "the study</a>, <a href='https://n.example/feed.xml'>our feed</a>, "
             "<a href='https://n.example/sitemap-news.xml'>the sitemap</a> and "
             "<a href='https://other.example/rss.xml'>theirs</a>")
    urls = [u for _, u, _ in links_of(article(inner))]
    assert urls == ["https://journals.example.org/view/journals/hydr/19/4/jhm-d-17-0158_1.xml"]


# -- the sixth round: rules read off the cross-validation over batches 1-6 ------------------------

RESCUE = ("<p>Police officers rescued the kidnapped girl from a motel room on Monday night, "
          "hours after the kidnapping was reported by her mother, and arrested the suspect "
          "in the hallway.</p>")


def rescue_story(between: list[str]) -> str:
    """A story about a rescued girl whose paragraphs are interleaved with ``between``."""
    parts = ["<article><h1>Video shows officers rescue kidnapped girl</h1>"]
    for i in range(max(4, len(between) + 1)):
        parts.append(RESCUE.replace("Monday", f"Monday ({i})"))
        if i < len(between):
            parts.append(between[i])
    return page("", "".join(parts) + "</article>")


def test_one_story_boxes_of_one_shape_off_the_subject_give_no_links():
    # the day's other headlines, each in its own box between two paragraphs (NBC DFW)
    # (each shares one word with the title: the beat, not the subject)
    titles = ["Man shot at a downtown gas station dies, officers say",
              "Three hospitalized after wrong-way crash on the highway, video",
              "City council approves budget for new officers",
              "Kidnapped girl rescued by officers in another city"]
    boxes = [f"<div class='embedded article'><ul><li><h3><a href='/2024/05/news-{i}'>{t}</a>"
             f"</h3></li></ul></div>" for i, t in enumerate(titles)]
    got = scrapekit.extract(rescue_story(boxes), url=URL).related_links
    # the one box naming the story's subject (kidnapped, rescued girl) stays an in-body line
    assert [(link.kind, link.url) for link in got] == [("inBody", "https://n.example/2024/05/news-3")]


def test_one_story_boxes_on_the_subject_stay_in_body():
    titles = ["Kidnapped girl: how the officers found the motel room",
              "Suspect arrested in the motel hallway after the kidnapping",
              "The mother who reported the kidnapping speaks"]
    boxes = [f"<div class='embedded article'><a href='/2024/05/more-{i}'>{t}</a></div>"
             for i, t in enumerate(titles)]
    got = scrapekit.extract(rescue_story(boxes), url=URL).related_links
    assert [link.kind for link in got] == ["inBody"] * 3


def test_a_list_of_stories_sharing_only_the_place_is_not_in_body():
    # a closing list of the city's other crime stories: each shares one word (the place) with
    # the title, but most of its words are not in the text (Berliner Morgenpost)
    def story(items: list[str]) -> str:
        links = "".join(f"<li><a href='/2024/05/city-{i}'>{t}</a></li>" for i, t in enumerate(items))
        return rescue_story([]).replace("<h1>", "<h1>Springfield: ").replace(
            "motel room", "Springfield motel room").replace("</article>", f"<ul>{links}</ul></article>")

    off = story(["Fentanyl: zombie drug spreading through Springfield",
                 "How fraudsters in Springfield target pensioners",
                 "Springfield statistics: crime figures alarming"])
    assert not scrapekit.extract(off, url=URL).related_links
    on = story(["Kidnapped girl rescued: officers describe the motel room",
                "Suspect arrested after the kidnapping, police say",
                "Mother reported the kidnapping hours before the rescue"])
    assert [link.kind for link in scrapekit.extract(on, url=URL).related_links] == ["inBody"] * 3


@pytest.mark.parametrize("style", [
    "position:absolute; top:0; left:-9999px;", "display: none", "visibility:hidden",
    "text-indent:-10000px",
])
def test_links_hidden_by_their_style_are_not_links(style):
    planted = (f"<div style='{style}'><a href='https://themes.example/'>Download Premium "
               "WordPress Themes Free</a></div>")
    body = article("see <a href='https://o.example/2024/05/real'>a real source</a>.")
    got = links_of(body.replace("</article>", planted + "</article>"))
    assert got == [("inBody", "https://o.example/2024/05/real", "a real source")]
    shown = planted.replace(style, "position:relative; left:-12px")
    got = links_of(body.replace("</article>", shown + "</article>"))
    assert ("inBody", "https://themes.example/", "Download Premium WordPress Themes Free") in got


def test_a_channel_subscribe_button_is_a_widget():
    inner = ("<a href='https://www.youtube.com/c/newschannel?sub_confirmation=1'>Subscribe on "
             "YouTube!</a> and <a href='https://www.youtube.com/watch?v=abc123'>the video</a>")
    assert [u for _, u, _ in links_of(article(inner))] == ["https://www.youtube.com/watch?v=abc123"]


@pytest.mark.parametrize("year, kept", [(2016, True), (2014, True), (2022, False)])
def test_a_related_box_of_stories_dated_years_after_the_article_is_not_related(year, kept):
    # a "More on" box filled with the site's latest stories when the page was saved (pagesix:
    # 2022 stories under a 2016 article); older stories may be the story's background
    items = "".join(f"<li><a href='/{year}/0{i + 1}/1{i}/story-{i}'>Story {i}: a sentence of real "
                    f"article text</a></li>" for i in range(3))
    head = "<meta property='article:published_time' content='2016-12-19T10:00:00Z'>"
    box = f"<section class='related-stories'><h3>Related stories</h3><ul>{items}</ul></section>"
    got = [u for kind, u, _ in links_of(article() + box, head=head,
                                        url="https://n.example/2016/12/19/this-story/")
           if kind == "related"]
    assert len(got) == (3 if kept else 0), got


@pytest.mark.parametrize("year, kept", [(2016, True), (2022, False)])
def test_story_dates_written_as_one_number_in_the_url_count_for_the_later_stories_veto(year, kept):
    # /article/20220809-2413074/: the date as one number at a path segment's start (a box of
    # 2022 stories under a 2016 article is the site's latest, filled when the page was saved)
    items = "".join(f"<li><a href='/techplus/article/{year}08{i + 10}-24{i}3074/'>Story {i}: a "
                    f"sentence of real article text</a></li>" for i in range(3))
    box = f"<section class='related-stories'><h3>Related stories</h3><ul>{items}</ul></section>"
    got = [u for kind, u, _ in links_of(article() + box, url="https://n.example/article/20161219-775563/")
           if kind == "related"]
    assert len(got) == (3 if kept else 0), got


@pytest.mark.parametrize("href, text, kept", [
    ("/Coach/Major-Applewhite-49", "Major Applewhite", False),  # a person's page, by name and id
    ("/boulevard/queen-elizabeth-ii--per145383/", "Queen Elizabeth II.", False),
    ("/nutrition/leptin-101", "Leptin", True),                  # one word: an article's title
    ("/2024/05/major-applewhite-hired-49", "Major Applewhite", True),  # a dated story
    ("/stories/major-applewhite-interview-49", "Major Applewhite", True),
])
def test_a_same_site_page_named_by_its_link_text_and_an_id_is_an_index_page(href, text, kept):
    got = [u for _, u, _ in links_of(article(f"<a href='{href}'>{text}</a>"))]
    assert got == ([f"https://n.example{href}"] if kept else []), got


@pytest.mark.parametrize("href", [
    "https://creativecommons.org/licenses/by-nc/4.0/",
    "https://n.example/article/img/2019/03/05/42049/26698.html",
    # company pages (index pages), by name, ticker or id (second review)
    "https://o.example/markets/companies/TSLA.O/",
    "https://o.example/company/apple/overview",
    "https://o.example/company/1035/",
])
def test_licences_image_and_company_pages_are_not_links(href):
    inner = (f"<a href='{href}'>the licence, picture or company</a> and "
             "<a href='https://o.example/2024/05/real'>a real source</a>")
    assert [u for _, u, _ in links_of(article(inner))] == ["https://o.example/2024/05/real"]


@pytest.mark.parametrize("text", ["- Next Auto News", "Previous Auto News -", "Next article",
                                  "Article suivant", "Nächster Artikel"])
def test_next_and_previous_story_buttons_are_not_links(text):
    real = "<a href='https://o.example/2024/05/real'>a real source</a>"
    button = f"<p><a href='/2024/05/other-story'>{text}</a></p>"
    html = article(real).replace("</article>", button + "</article>")
    assert [u for _, u, _ in links_of(html)] == ["https://o.example/2024/05/real"]
    html = html.replace(text, "Next, the council voted on the story")  # another text stays
    assert len(links_of(html)) == 2


def test_a_previous_story_named_in_a_sentence_is_a_link():
    """The button's words in running text are a source (found by review)."""
    inner = ("as the paper reported in a <a href='/2024/05/other-story'>previous story</a>, "
             "the plan was dropped")
    assert [u for _, u, _ in links_of(article(inner))] == ["https://n.example/2024/05/other-story"]


@pytest.mark.parametrize("href, text", [
    ("/news/tesla-recall-12345678", "Tesla recall"),        # a slug and a long article number
    ("/sport/arsenal-chelsea-123456.html", "Arsenal Chelsea"),
])
def test_a_story_named_by_its_slug_and_a_long_number_is_a_link(href, text):
    """Found by review: the name + id rule is for short or typed ids (person pages)."""
    got = [u for _, u, _ in links_of(article(f"<a href='{href}'>{text}</a>"))]
    assert got == [f"https://n.example{href}"], got


def test_a_source_link_beside_pre_order_words_is_kept():
    line = ("<p>Customers can pre-order the phone from Friday, the company said in "
            "<a href='https://o.example/2024/05/announcement'>its announcement</a>.</p>")
    html = article().replace("</article>", line + "</article>")
    assert [u for _, u, _ in links_of(html)] == ["https://o.example/2024/05/announcement"]


@pytest.mark.parametrize("href", [
    "https://o.example/companies/retail-giant-reports-profit/article68412345.ece",
    "https://o.example/companies/2024/05/retail-giant-reports-profit",
])
def test_stories_filed_under_companies_are_links(href):
    got = [u for _, u, _ in links_of(article(f"<a href='{href}'>the results</a>"))]
    assert got == [href], got


def test_a_link_in_the_hidden_rest_of_the_text_is_kept():
    """A "read more" expander hides the rest of the story by its style: links in its
    paragraphs are the article's (found by review)."""
    rest = ("<div style='display:none'>" + BODY.replace(
        "</p>", " and <a href='https://o.example/2024/05/hidden-source'>a source</a></p>", 1)
        + "</div>")
    html = article().replace("</article>", rest + "</article>")
    assert "https://o.example/2024/05/hidden-source" in [u for _, u, _ in links_of(html)]


def test_classed_links_in_running_text_are_not_story_boxes():
    """Text set in a div with <br>s, its links classed: sentences, not one-story boxes
    (found by review)."""
    s = ("The agency said the new rules would take effect next year after a long review "
         "process by officials. ")
    texts = ["a statement released on Tuesday", "critics have long argued",
             "an earlier investigation by reporters", "according to the filing"]
    body = ("<div class='article-body'><h1>Agency issues new rules on drone flights</h1>"
            + "".join(s * 2 + f"Then <a class='inline-link' href='https://o{i}.example/2024/05/x'>"
                      f"{t}</a> it said. " + s + "<br><br>" for i, t in enumerate(texts))
            + "</div>")
    got = {u for _, u, _ in links_of(body, url="https://n.example/2024/05/this-story")}
    assert {f"https://o{i}.example/2024/05/x" for i in range(4)} <= got, got



@pytest.mark.parametrize("line", [
    "<p><i>On Twitter: Follow </i><a href='https://twitter.com/reporter'>Jane Reporter</a><i> and "
    "get more coverage at </i><a href='https://twitter.com/desk'>The Desk</a>.</p>",
    "<p>Images: <a href='http://pexels.example/'>Pexels</a></p>",
    "<p>Foto: <a href='https://agency.example/photographer'>Agency</a></p>",
    "<p>The new issue is out on Friday. <a href='https://shop.example/issue-5'>Hier können Sie sie "
    "schon jetzt vorbestellen!</a></p>",
    "<p>Want to share your home? <a href='/2024/05/house-tour-submission-form'>House Tour "
    "Submission Form</a></p>",
    # the eighth round: an image-source credit (Popsugar), a bracketed Japanese ad marker (phpspot)
    "<p>Image Source: <a href='http://photographer.example/'>Jane Doe</a></p>",
    "<p><a href='http://ads.example/entry/2017/03/05/101809'>[PR] 英単語を忘却曲線アプリで記憶する方法</a></p>",
])
def test_credit_follow_and_promo_lines_give_no_links(line):
    assert _only_the_source_with(line)


def _only_the_source_with(extra: str) -> bool:
    """Does an article citing one source, with ``extra`` after its text, give that link only?"""
    body = article("see <a href='https://o.example/2024/05/real'>a real source</a>.")
    got = links_of(body.replace("</article>", extra + "</article>"))
    return got == [("inBody", "https://o.example/2024/05/real", "a real source")]


def test_a_photos_headline_in_a_list_is_a_story_not_a_credit():
    items = ("<ul><li><a href='/2024/05/photos-europa-moon'>Photos: Europa, the icy moon of "
             "Jupiter</a></li></ul>")
    body = article().replace("</article>", items + "</article>")
    assert [u for _, u, _ in links_of(body)] == ["https://n.example/2024/05/photos-europa-moon"]


@pytest.mark.parametrize("href", ["https://crunchbase.example/organization/wework",
                                  "https://n.example/nkd/company/?scode=8570",
                                  "https://n.example/companies/acme-corp"])
def test_company_and_organisation_pages_are_index_pages(href):
    inner = (f"<a href='{href}'>The Company</a> and "
             "<a href='https://o.example/2024/05/real'>a real source</a>")
    assert [u for _, u, _ in links_of(article(inner))] == ["https://o.example/2024/05/real"]


@pytest.mark.parametrize("label", ["【関連記事】", "[Related articles]", "Related articles"])
def test_a_bracketed_related_label_in_the_text_introduces_a_related_list(label):
    # Nikkei sets "【関連記事】" (related articles) as a paragraph before a list in the text
    items = "".join(f"<li>・<a href='/2024/05/kidnapping-{i}'>{t}</a></li>" for i, t in enumerate([
        "Kidnapped girl rescued: officers describe the motel room",
        "Suspect arrested after the kidnapping, police say",
        "Mother reported the kidnapping hours before the rescue"]))
    html = rescue_story([]).replace("</article>", f"<div><p>{label}</p><ul>{items}</ul></div>"
                                    + RESCUE + "</article>")
    got = scrapekit.extract(html, url=URL).related_links
    assert [link.kind for link in got] == ["related"] * 3, got


def test_spam_hidden_inside_a_paragraph_is_still_dropped():
    """The hidden style below the article's paragraph counts (second review)."""
    inner = ("<span style='display:none'><a href='https://spam.example/t'>Premium Themes</a>"
             "</span> and <a href='https://o.example/2024/05/real'>a real source</a>")
    assert [u for _, u, _ in links_of(article(inner))] == ["https://o.example/2024/05/real"]


def test_a_next_article_button_with_its_title_is_not_a_link():
    real = "<a href='https://o.example/2024/05/real'>a real source</a>"
    button = "<p><a href='/2024/05/other-story'>Next article: Council votes to close library</a></p>"
    html = article(real).replace("</article>", button + "</article>")
    assert [u for _, u, _ in links_of(html)] == ["https://o.example/2024/05/real"]


# -- the eighth round: rules read off batches 6 and 7 (validation-5, tuning-7) ----------------------

def _links_with(html: str, paragraphs: list[str], url: str = URL) -> list[tuple[str, str]]:
    """The links of a page given the body paragraphs (as the body extractor may have found
    them, teaser headlines included)."""
    doc = parse(html, url)
    return [(link.kind, link.url) for link in extract_related_links(doc, paragraphs)]


def test_the_container_holds_most_of_the_text_not_most_of_the_paragraphs():
    # the body extractor took a teaser grid's headlines for text (MDR's "Mehr aus der Region",
    # Tokyo Shimbun's category list): many short blocks, little text. The article element holds
    # most of the text, so it is the container, and the grid's links are not in-body
    text = ["Officers rescued the kidnapped girl from a motel room on Monday night, hours after "
            f"her mother reported the kidnapping ({i}), and arrested the suspect in the hallway "
            "of the motel, the police said on Tuesday morning." for i in range(7)]
    paras = [f"<p>{t}</p>" for t in text]
    paras[1] = paras[1].replace("the police said", "<a href='/2024/05/the-police-said'>the "
                                "police said</a>")
    headlines = [f"Council votes on the new bus lane number {i}" for i in range(8)]
    grid = "".join(f"<div class='box'><h3>Kicker <a href='/2024/05/teaser-{i}'>{h}</a></h3>"
                   f"<span><a href='/2024/05/teaser-{i}-video'>with video</a></span></div>"
                   for i, h in enumerate(headlines))
    html = page("", f"<div class='wrapper'><article><h1>Girl rescued from a motel</h1>{''.join(paras)}"
                    f"</article><div class='more'>{grid}</div></div>")
    got = _links_with(html, ["Girl rescued from a motel", *text, *[f"Kicker {h}" for h in headlines]])
    assert got == [("inBody", "https://n.example/2024/05/the-police-said")]
    # a text found in few blocks is not narrowed to one long block (half of them at least)
    got = _links_with(html, [text[0], headlines[0]])
    assert ("inBody", "https://n.example/2024/05/the-police-said") in got


def test_a_failure_keeps_the_record_and_warns_with_type_and_url(monkeypatch, caplog):
    import logging

    import scrapekit.extractors.links as links_mod

    def broken(page, paragraphs, body_text=None):
        raise KeyError("secret page text")

    monkeypatch.setattr(links_mod, "_extract", broken)
    doc = parse(page("", article("see <a href='/2024/05/x'>x</a>.")), URL)
    with caplog.at_level(logging.WARNING, logger="scrapekit.extractors.links"):
        assert extract_related_links(doc, extract_body(doc).paragraphs) == []
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    message = warnings[0].getMessage()
    assert "KeyError" in message and URL in message
    assert "secret page text" not in message and warnings[0].exc_info is None
    # the whole record is still made, with no links
    art = scrapekit.extract(page("", article("see <a href='/2024/05/x'>x</a>.")), url=URL)
    assert not art.related_links and art.headline and art.article_body


def test_short_side_box_headings_are_not_text_boxes():
    # the text set in one div with <br>s (not found in p / li), and side boxes whose short div
    # headings the body extractor took for text (WinFuture): the headings are labels, not
    # paragraphs, so they do not pull the container out over the side column
    lines = [f"Line {i} of the text about the new mobile tariff, which costs less than the old "
             "one and gives more data every month." for i in range(6)]
    text = "<br><br>".join(lines).replace(
        "Line 2 of", "Line 2 of <a href='https://shop.example/tariff'>the tariff</a> of", 1)
    heads = ["Pictures of the network", "Posts from our forum", "Deals of the day"]
    side = "".join(f"<div class='box'><div class='boxHead'>{h}</div><ul>"
                   f"<li><a href='/forum/topic-{i}'>A forum topic about routers {i}</a></li>"
                   f"<li><a href='/forum/user-{i}'>user{i}</a></li></ul></div>"
                   for i, h in enumerate(heads))
    html = page("", "<div id='wrap'><div id='center'><h1>The new mobile tariff</h1>"
                    f"<h2>Cheap minutes for normal surfers</h2><div id='content'>{text}</div></div>"
                    f"<div id='right'>{side}</div></div>")
    got = _links_with(html, ["The new mobile tariff", "Cheap minutes for normal surfers", *lines, *heads])
    assert got == [("inBody", "https://shop.example/tariff")]


@pytest.mark.parametrize("nav", [
    # a label right before the story's title (phpspot's "前の記事 ≪：<title>")
    "<div class='navi'>前の記事 ≪：<a href='/2024/05/older-story'>An older story's long title</a><br>"
    "次の記事 ≫：<a href='/2024/05/newer-story'>A newer story's long title</a></div>",
    "<p>Next story: <a href='/2024/05/newer-story'>A newer story's long title</a></p>",
    # a button, and the same story's card under it (AutoIndustriya's "Next Auto News")
    "<div class='next'><p><a href='/2024/05/newer-story'>- Next Auto News</a></p>"
    "<div><a href='/2024/05/newer-story'><h5>A newer story's long title</h5></a></div></div>",
])
def test_next_and_previous_story_buttons_by_label_and_target(nav):
    assert _only_the_source_with(nav)


def test_a_previous_story_named_in_a_sentence_stays():
    inner = ("as the <a href='/2024/04/previous-story'>previous story</a> said, and the next "
             "article will tell")
    assert [u for _, u, _ in links_of(article(inner))] == ["https://n.example/2024/04/previous-story"]


@pytest.mark.parametrize("line", [
    "<p>You're welcome to email us or to <a href='/speak-to-us'>request a call with our staff</a> "
    "if you have feedback you would rather discuss privately, and we will try to respond "
    "promptly to every question that comes in this way or in the comments.</p>",
    "<p>The story is part of a special series that explores energy issues. For more, visit "
    "<a href='https://series.example/'>The Energy Challenge</a>.</p>",
])
def test_contact_offers_and_series_promos_give_no_links(line):
    assert _only_the_source_with(line)


def test_the_articles_own_next_page_by_file_name_is_not_a_link():
    url = "https://n.example/pcuser/articles/1902/22/news089.html"
    inner = ("<a href='news089_2.html'>the benchmark results</a>, "
             "<a href='news090_2.html'>another story's page</a> and <a href='/2024/x_2.html'>x</a>")
    got = [u for _, u, _ in links_of(article(inner), url=url)]
    assert got == ["https://n.example/pcuser/articles/1902/22/news090_2.html",
                   "https://n.example/2024/x_2.html"]


def test_the_sites_filtered_listings_are_index_pages():
    inner = ("see <a href='/game/a-long-game-name/?filter=news'>the game's news</a> and "
             "<a href='https://shop.example/list?filter=red'>red ones</a>")
    assert [u for _, u, _ in links_of(article(inner))] == ["https://shop.example/list?filter=red"]
