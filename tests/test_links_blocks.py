"""The learned link-block model: the packaged file, and what it decides on pages written here."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest

import scrapekit
from pagekit import page
from scrapekit.extractors import links_blocks
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links
from scrapekit.extractors.text import collapse
from scrapekit.extractors.links_model import MODEL_VERSION, LogisticModel

URL = "https://n.example/2024/05/harbour-cranes-arrive"
TEXT = ("<p>" + "The harbour authority said the new container cranes arrive in spring, and the "
        "terminal expansion doubles the harbour capacity by next year. " * 3 + "</p>")
ARTICLE = ("<article><h1>New cranes arrive as the harbour expands</h1>"
           + TEXT * 4 + "</article>")


def items(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"<li><a href='{href}'>{text}</a></li>" for href, text in pairs)


TOPICAL = items([
    ("/2024/04/harbour-terminal-expansion-approved", "Harbour terminal expansion approved by council"),
    ("/2024/03/container-cranes-ordered", "Authority orders four container cranes for the terminal"),
    ("/2024/02/harbour-capacity-record", "Harbour capacity reaches a record as traffic grows"),
])
SITE_WIDE = items([
    ("/2024/05/football-derby-result", "Late goal settles the football derby at home"),
    ("/2024/05/weather-storm-warning", "Storm warning issued for the weekend weather"),
    ("/2024/05/celebrity-wedding-photos", "Celebrity wedding photos shared by the couple"),
    ("/2024/05/election-polls-tighten", "Election polls tighten ahead of the vote"),
])


def related_of(html: str) -> list[str]:
    art = scrapekit.extract(page("", html), url=URL)
    return [link.url for link in art.related_links if link.kind == "related"]


def test_packaged_model_loads_with_the_expected_shape_and_version():
    module = links_blocks
    data = json.loads(resources.files("scrapekit.extractors").joinpath(
        "models", module.MODEL_FILE).read_text("utf-8"))
    assert data["version"] == MODEL_VERSION and data["kind"] == "logistic"
    assert data["features"] == list(module.FEATURES)
    model = module.load_model()
    assert model is module.load_model()  # read once
    assert len(model.coef) == len(model.mean) == len(model.scale) == len(module.FEATURES)
    assert all(s > 0 for s in model.scale)
    assert 0.3 <= model.threshold <= 0.9


def test_a_model_trained_on_other_features_is_refused():
    data = links_blocks.load_model().to_dict()
    features = links_blocks.FEATURES
    with pytest.raises(ValueError):
        LogisticModel.from_dict({**data, "features": data["features"][:-1]}, features)
    with pytest.raises(ValueError):
        LogisticModel.from_dict({**data, "version": MODEL_VERSION + 1}, features)
    with pytest.raises(ValueError):
        LogisticModel.from_dict(data, features[::-1])
    with pytest.raises(ValueError):
        LogisticModel.from_dict({**data, "scale": [0.0] * len(features)}, features)
    assert LogisticModel.from_dict(data, features) == links_blocks.load_model()


def test_probability_is_the_logistic_of_the_standardised_sum():
    model = LogisticModel(("a", "b"), (1.0, 0.0), (2.0, 1.0), (1.0, -2.0), 0.5, 0.5)
    assert model.probability([3.0, 0.0]) == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert model.accepts([3.0, 0.0]) and not model.accepts([1.0, 1.0])
    assert model.probability([1.0, 100.0]) == 0.0  # no overflow far out
    assert LogisticModel.constant(("a",)).accepts([123.0])


def test_a_topical_related_block_is_related():
    html = ARTICLE + f"<section class='related-stories'><h2>Related stories</h2><ul>{TOPICAL}</ul></section>"
    assert related_of(html) == [
        "https://n.example/2024/04/harbour-terminal-expansion-approved",
        "https://n.example/2024/03/container-cranes-ordered",
        "https://n.example/2024/02/harbour-capacity-record"]


@pytest.mark.parametrize("heading, cls", [
    ("Most read", "box"), ("Latest news", "box"), ("Popular now", "box"), ("Meistgelesen", "box"),
    ("Related stories", "related-stories"), ("", "stories-list")])
def test_a_site_wide_list_is_not_related_whatever_its_heading(heading, cls):
    # the day's other stories share no word with the article: never its related links
    html = ARTICLE + f"<section class='{cls}'><h2>{heading}</h2><ul>{SITE_WIDE}</ul></section>"
    assert related_of(html) == []


def test_the_same_page_keeps_the_related_block_and_drops_the_feed():
    html = (ARTICLE + f"<section class='related-stories'><h2>Related stories</h2><ul>{TOPICAL}</ul>"
            f"</section><section class='box'><h2>Most read</h2><ul>{SITE_WIDE}</ul></section>")
    got = related_of(html)
    assert len(got) == 3 and all("harbour" in u or "cranes" in u for u in got), got


@pytest.mark.parametrize("widget", [
    "?rate=5", "?replytocom=12", "?print=1", "/print/", "/share/", "?vote=up"])
def test_widget_links_in_the_text_are_not_in_body(widget):
    inner = (f"<a href='/2024/05/harbour-cranes-arrive{widget}'>rate this</a> and "
             "<a href='https://port.example/report/2024/capacity'>the capacity report</a>")
    html = ARTICLE.replace("next year. </p>", f"next year, see {inner}.</p>", 1)
    art = scrapekit.extract(page("", html), url=URL)
    assert [(link.kind, link.url) for link in art.related_links] == [
        ("inBody", "https://port.example/report/2024/capacity")]


def test_links_to_the_article_itself_are_dropped_from_related_blocks():
    own = items([(URL + "?utm_source=box", "New cranes arrive as the harbour expands"),
                 ("/2024/05/harbour-cranes-arrive/?share=1", "Harbour cranes, the story")])
    html = ARTICLE + f"<section class='related-stories'><h2>Related</h2><ul>{own}{TOPICAL}</ul></section>"
    got = related_of(html)
    assert not any("harbour-cranes-arrive" in u for u in got), got
    assert len(got) == 3


def test_a_side_box_inside_the_article_wrapper_gives_no_in_body_links():
    # a wrapper holding the text and a side column: the column's story list is not the text's
    side = ("<div class='side_box'><ul>" + items([
        ("/2024/05/other-gadget-review", "Review: another gadget for the desk"),
        ("/2024/05/deals-of-the-day", "Deals of the day on laptops and phones")]) + "</ul></div>")
    inner = "<a href='https://port.example/report/2024/capacity'>the capacity report</a>"
    html = ("<h1>New cranes arrive as the harbour expands</h1><div class='content'>"
            + TEXT.replace("next year. </p>", f"next year, see {inner}.</p>", 1) + TEXT
            + side + TEXT * 2 + "</div>")
    art = scrapekit.extract(page("", html), url=URL)
    assert [(link.kind, link.url) for link in art.related_links] == [
        ("inBody", "https://port.example/report/2024/capacity")]


def test_topic_pages_below_a_topics_folder_are_index_pages():
    inner = ("<a href='/topics/country/united-states.html'>United States</a> and "
             "<a href='/2024/05/cranes-explained.html'>how cranes work</a>")
    html = ARTICLE.replace("next year. </p>", f"next year, says {inner}.</p>", 1)
    art = scrapekit.extract(page("", html), url=URL)
    assert [link.url for link in art.related_links] == [
        "https://n.example/2024/05/cranes-explained.html"]


@pytest.mark.parametrize("heading", ["Recommended for you", "La rédaction vous conseille",
                                     "Die Redaktion empfiehlt", "Most read", "Meistgelesen"])
def test_a_feed_headed_as_site_wide_is_not_related_even_when_on_topic(heading):
    # recommendation and "most read" feeds are the site's, not the article's (a hard veto on
    # top of the model: they may well hold stories on the same subject)
    html = ARTICLE + f"<section class='related-stories'><h2>{heading}</h2><ul>{TOPICAL}</ul></section>"
    assert related_of(html) == []


def test_stems_of_text_without_spaces_are_kanji_and_katakana_pairs():
    title = links_blocks.stems("日本代表がネーションズリーグで優勝")
    teaser = links_blocks.stems("ネーションズリーグ決勝、日本代表の戦い方")
    other = links_blocks.stems("東京の天気は明日から雨になる見込み")
    assert "日本" in title and "代表" in title
    assert title & teaser
    assert not title & other
    assert links_blocks.stems("Council votes on the budget") == {"counc", "votes", "budge"}


def test_an_unusable_model_file_leaves_the_rules_deciding_and_every_link_kept(monkeypatch, caplog):
    from scrapekit.extractors import links_model

    html = (ARTICLE.replace("arrive in spring", "arrive in <a href='/2024/01/cranes-ordered'>spring"
                            "</a>", 1)
            + f"<section class='related-stories'><h2>Related stories</h2><ul>{TOPICAL}</ul></section>")
    with_model = scrapekit.extract(page("", html), url=URL).related_links
    in_body = [link.url for link in with_model if link.kind == "inBody"]
    assert in_body == ["https://n.example/2024/01/cranes-ordered"]
    monkeypatch.setattr(links_blocks, "MODEL_FILE", "missing.json")
    monkeypatch.setattr(links_model, "_LOADED", {})
    for _ in range(3):  # read once, warned once
        links = scrapekit.extract(page("", html), url=URL).related_links
        assert [link.url for link in links if link.kind == "inBody"] == in_body
    assert [r.levelname for r in caplog.records if "missing.json" in r.getMessage()] == ["WARNING"]


def test_a_trending_list_the_body_took_for_text_stays_chrome():
    # the body extractor may keep a list's headline-long titles as paragraphs; the list is
    # still mostly links under a site-wide class: none of its links is the text's, even when
    # its stories are on the subject
    trending = ("<section class='list-widget-trending'><ol>" + "".join(
        f"<li><p><a href='/2024/05/story-{i}'>Harbour story of the day that many people read, "
        f"number {i} of the list</a></p></li>" for i in range(1, 5)) + "</ol></section>")
    inner = "<a href='https://port.example/report/2024/capacity'>the capacity report</a>"
    html = ("<article><h1>New cranes arrive as the harbour expands</h1>"
            + TEXT.replace("next year. </p>", f"next year, see {inner}.</p>", 1) + TEXT
            + trending + TEXT * 2 + "</article>")
    doc = parse(page("", html), URL)
    paragraphs = [collapse(p.text(deep=True)) for p in doc.tree.body.css("p")]  # lists included
    assert [(link.kind, link.url) for link in extract_related_links(doc, paragraphs)] == [
        ("inBody", "https://port.example/report/2024/capacity")]


@pytest.mark.parametrize("html, heading", [
    # a class-named box whose first line is a label div (not an h-tag, not a *title* class)
    ("<div class='block-relatedstories'><div class='content'><div class='top'>Related Stories"
     "</div><div class='middle'><a href='/a'>A story</a><br><a href='/b'>B story</a></div></div></div>",
     "Related Stories"),
    # a box that opens with a link has no label
    ("<div class='block-relatedstories'><a href='/a'>A story</a><div>Related</div></div>", ""),
    # a long first line is text, not a label
    ("<div class='block-relatedstories'><p>" + "A long blurb that runs on and on. " * 3
     + "</p><a href='/a'>A story</a></div>", ""),
])
def test_a_blocks_heading_may_be_its_first_short_line(html, heading):
    node = parse(page("", html), URL).tree.body.css_first("div")
    assert links_blocks.block_heading(node) == heading


def test_css_first_below_passes_over_the_node_itself():
    from selectolax.lexbor import LexborHTMLParser
    from scrapekit.extractors.document import css_first_below
    tree = LexborHTMLParser("<div id='a'><p>x</p><div id='b'>y</div></div><div id='c'>z</div>")
    outer, leaf = tree.css_first("#a"), tree.css_first("#c")
    assert outer.css_first("div").mem_id == outer.mem_id  # lexbor's own answer: itself
    assert css_first_below(outer, "div").attributes["id"] == "b"
    assert css_first_below(outer, "p").tag == "p"
    assert css_first_below(leaf, "div") is None
