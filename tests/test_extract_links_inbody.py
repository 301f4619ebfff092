"""Related links: the in-body link model (issue 16, seventh round), its features read off pages
written for the test, its file, and how it gates the rules' in-body candidates."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest

import scrapekit
from benchmarks.links_train_inbody import DEFAULT_THRESHOLD
from pagekit import page
from scrapekit.extractors import links as links_module
from scrapekit.extractors import links_inbody, links_model, patterns
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import _boilerplate_line, _extract
from scrapekit.extractors.links_model import LogisticModel
from scrapekit.extractors.text import collapse

URL = "https://n.example/2024/05/harbour-cranes-arrive-early"
F = links_inbody.INBODY_FEATURES
P1 = ("The harbour authority said on Monday that the new container cranes arrive in spring, "
      "and that the expansion doubles the capacity of the terminal by the end of next year. ")
P2 = ("Dock workers welcomed the plan but asked for talks on shifts, and the city council "
      "will vote on the budget for the access roads at its meeting in two weeks. ")
P3 = ("Shipping lines have asked for longer opening hours since the canal reopened, and the "
      "operator expects more calls from the largest vessels once the quay is deepened. ")
P4 = ("Environmental groups want a study of the effects on the estuary before any dredging "
      "starts, and a court will hear their case in the autumn. ")


def features(body: str, lenient: bool = False) -> dict[str, dict[str, float]]:
    """URL -> {feature: value} of every in-body candidate of an article page."""
    doc = parse(page("", body), URL)
    paragraphs = [collapse(p.text(deep=True, separator=" ")) for p in doc.tree.css("article p, "
                                                                                    "article li")]
    rows: list[tuple[list[float], str]] = []
    _extract(doc, paragraphs, collect_links=rows, lenient=lenient)
    return {url: dict(zip(F, x)) for x, url in rows}


def article(*blocks: str) -> str:
    return "<article><h1>New cranes arrive as the harbour expands</h1>" + "".join(blocks) + \
        "</article>"


def test_the_packaged_model_reads_and_is_the_trainers():
    data = json.loads(resources.files("scrapekit.extractors").joinpath(
        "models", links_inbody.MODEL_FILE).read_text("utf-8"))
    model = LogisticModel.from_dict(data, F)
    assert model.threshold == DEFAULT_THRESHOLD
    assert links_inbody.load_model() == model
    assert len(set(F)) == len(F)


# -- the features, each on and off ----------------------------------------------------------

SOURCE = "https://port.example/reports/2024/harbour-capacity-study"
PAGE = article(
    f"<p>{P1} The <a href='{SOURCE}'>capacity study</a> says so.</p>",
    f"<p>{P2} <a href='https://n.example/2024/04/council-votes-on-harbour-roads'>Council votes "
    "on harbour roads</a> and <a href='https://twitter.com/janedoe' rel='nofollow'>Jane Doe</a>"
    " said it too.</p>",
    f"<ul><li>{P3} See <a href='https://other.example/'>other.example</a>.</li></ul>",
    f"<p><strong><a href='https://n.example/2024/03/quay-deepening-plan?id=7'>Quay "
    "deepening plan</a></strong></p>",
    f"<table><tr><td>{P1} And <a href='https://docs.example/a/b/c/d/e/f/g'>the table</a>.</td>"
    "</tr></table>",
    f"<p>{P4} Read <a href='https://port.example/notes/last-one'>the last note</a>.</p>",
)


@pytest.mark.parametrize("url, name, value", [
    # URL shape
    (SOURCE, "same_site", 0.0),
    ("https://n.example/2024/04/council-votes-on-harbour-roads", "same_site", 1.0),
    ("https://other.example/", "external_root", 1.0),
    (SOURCE, "external_root", 0.0),
    (SOURCE, "path_depth", 3.0),
    ("https://docs.example/a/b/c/d/e/f/g", "path_depth", 6.0),   # capped
    (SOURCE, "slug_words", math.log1p(3)),
    (SOURCE, "has_id", 1.0),
    ("https://port.example/notes/last-one", "has_id", 0.0),
    ("https://n.example/2024/03/quay-deepening-plan?id=7", "has_query", 1.0),
    (SOURCE, "has_query", 0.0),
    # anchor text
    (SOURCE, "anchor_words", math.log1p(2)),
    ("https://twitter.com/janedoe", "anchor_name", 1.0),
    (SOURCE, "anchor_name", 0.0),
    ("https://n.example/2024/04/council-votes-on-harbour-roads", "anchor_in_slug", 1.0),
    ("https://twitter.com/janedoe", "anchor_in_slug", 0.0),  # "janedoe" is no word of it
    ("https://other.example/", "anchor_is_host", 1.0),
    (SOURCE, "anchor_is_host", 0.0),
    ("https://twitter.com/janedoe", "rel_marked", 1.0),
    (SOURCE, "rel_marked", 0.0),
    ("https://twitter.com/janedoe", "social_profile", 1.0),
    (SOURCE, "social_profile", 0.0),
    ("https://n.example/2024/03/quay-deepening-plan?id=7", "emphasised", 1.0),
    (SOURCE, "emphasised", 0.0),
    # its paragraph
    (SOURCE, "in_paragraph", 1.0),
    (SOURCE, "first_paragraph", 1.0),
    ("https://port.example/notes/last-one", "last_paragraph", 1.0),
    (SOURCE, "last_paragraph", 0.0),
    ("https://n.example/2024/04/council-votes-on-harbour-roads", "block_links", math.log1p(2)),
    (SOURCE, "block_links", math.log1p(1)),
    ("https://n.example/2024/03/quay-deepening-plan?id=7", "short_block", 1.0),
    ("https://n.example/2024/03/quay-deepening-plan?id=7", "anchor_first", 1.0),
    (SOURCE, "short_block", 0.0),
    (SOURCE, "anchor_first", 0.0),
    ("https://other.example/", "in_list", 1.0),
    ("https://docs.example/a/b/c/d/e/f/g", "in_table", 1.0),
    (SOURCE, "in_list", 0.0),
    # the page
    (SOURCE, "page_text_links", math.log1p(7)),
])
def test_each_feature_reads_its_signal(url, name, value):
    found = features(PAGE)
    assert found[url][name] == pytest.approx(value), (name, found[url])


def test_block_length_follows_the_paragraph():
    found = features(PAGE)
    x = found[SOURCE]
    assert x["block_length"] == pytest.approx(math.log1p(len(f"{P1} The capacity study says so.")),
                                              abs=0.05)
    assert x["links_per_paragraph"] > 0


def test_a_link_in_a_heading_says_where_it_sits():
    body = article(f"<p>{P1}</p>",
                   "<h2><a href='https://n.example/2024/05/harbour-timeline-of-the-works'>The "
                   "timeline of the harbour works</a></h2>",
                   f"<p>{P2} <a href='https://port.example/speech/2024/quay'>the speech</a></p>",
                   f"<p>{P3}</p>")
    found = features(body)
    assert found["https://n.example/2024/05/harbour-timeline-of-the-works"]["in_heading"] == 1.0
    assert found["https://port.example/speech/2024/quay"]["in_heading"] == 0.0


def test_a_hub_shaped_path_is_seen_when_the_rules_let_it_through():
    # the hand rules drop a same-site section front; with them off (training) the feature says it
    body = article(f"<p>{P1} More on <a href='/harbour/cranes'>cranes</a> and on "
                   f"<a href='/2024/01/crane-order-placed'>the order</a>.</p>", f"<p>{P2}</p>")
    assert "https://n.example/harbour/cranes" not in features(body)
    found = features(body, lenient=True)
    assert found["https://n.example/harbour/cranes"]["hub_shape"] == 1.0
    assert found["https://n.example/2024/01/crane-order-placed"]["hub_shape"] == 0.0


# -- the gate ---------------------------------------------------------------------------------

def _only(name: str, weight: float) -> LogisticModel:
    """A model that looks at one feature only (0/1 valued): yes unless it is on."""
    coef = tuple(weight if f == name else 0.0 for f in F)
    return LogisticModel(F, (0.0,) * len(F), (1.0,) * len(F), coef, 5.0, 0.5)


def test_the_model_drops_the_candidates_it_says_no_to_and_keeps_the_rest():
    doc = parse(page("", PAGE), URL)
    paragraphs = [collapse(p.text(deep=True, separator=" ")) for p in doc.tree.css("article p")]
    everything = [link.url for link in _extract(doc, paragraphs, inbody_model=_only("same_site",
                                                                                    0.0))]
    assert SOURCE in everything and "https://twitter.com/janedoe" in everything
    gated = [link.url for link in _extract(doc, paragraphs, inbody_model=_only("anchor_name",
                                                                               -10.0))]
    assert gated == [u for u in everything if u != "https://twitter.com/janedoe"]


def test_the_packaged_model_keeps_a_source_in_the_text_and_drops_a_name_page(monkeypatch):
    # a same-site page named by a person's name (a reporter's page), short slug, no id: the
    # rules keep it (its slug is not the name alone), the model does not
    body = article(f"<p>{P1} The <a href='{SOURCE}'>harbour capacity study</a> says so, writes "
                   "<a href='/jane-doe-reporter'>Jane Doe</a>.</p>", f"<p>{P2}</p>", f"<p>{P3}</p>")
    links = [link.url for link in scrapekit.extract(page("", body), url=URL).related_links]
    assert links == [SOURCE]
    monkeypatch.setattr(links_module, "load_inbody_model", lambda: None)  # the rules alone
    links = [link.url for link in scrapekit.extract(page("", body), url=URL).related_links]
    assert links == [SOURCE, "https://n.example/jane-doe-reporter"]


def test_a_text_holding_a_single_link_is_left_to_the_rules():
    assert links_inbody.MIN_TEXT_LINKS == 2
    alone = article(f"<p>{P1} Writes <a href='/jane-doe-reporter'>Jane Doe</a>.</p>",
                    f"<p>{P2}</p>", f"<p>{P3}</p>")
    links = [link.url for link in scrapekit.extract(page("", alone), url=URL).related_links]
    assert links == ["https://n.example/jane-doe-reporter"]  # the model would say no (above)


def test_an_unusable_model_file_leaves_every_candidate_to_the_rules(monkeypatch, caplog):
    monkeypatch.setattr(links_inbody, "MODEL_FILE", "missing-inbody.json")
    monkeypatch.setattr(links_model, "_LOADED", {})
    assert links_inbody.load_model() is None
    doc = parse(page("", PAGE), URL)
    paragraphs = [collapse(p.text(deep=True, separator=" ")) for p in doc.tree.css("article p")]
    kept = [link.url for link in _extract(doc, paragraphs)]
    assert kept == [link.url for link in _extract(doc, paragraphs, inbody_model=_only(
        "same_site", 0.0))]
    assert [r.levelname for r in caplog.records if "missing-inbody" in r.getMessage()] == [
        "WARNING"]


# -- cost: the boilerplate line test's cheap prefilter ------------------------------------------

@pytest.mark.parametrize("line", [
    "Follow us on Twitter for more news.", "She can be reached at jane@n.example.",
    "Write to Jane Doe at jane@n.example.", "Download the N app for the latest news.",
    "Sign up for our morning newsletter.", "On Twitter: Follow the reporter.",
    "Jetzt vorbestellen!", "Pre-order it now.", "Use our submission form.", "How to listen",
    "Listen: https://n.example/pod", "Listen live on the radio.", "Abonnieren Sie den Podcast.",
    "Abonnez-vous !", "On Spotify, Deezer and Apple Podcasts.", "Subscribe to our podcast.",
    "Our newsletters: sign up today.", "Anmelden zum Newsletter", "N is committed to publishing "
    "a diversity of letters.", "We'd like to hear what you think.", "Here's our email:",
    "letters@n.example", "Our standards: the trust principles.", "She is the author of two "
    "books.", "Contact the author.", "More articles from Jane.", "Abone olun.",
    "Read our privacy policy and the terms.", "Terms of use and privacy.",
    "FOLLOW US ON INSTAGRAM",
])
def test_the_boilerplate_prefilter_lets_every_boilerplate_line_through(line):
    assert patterns.LINK_BOILERPLATE.search(line) is not None, line  # the line is boilerplate
    assert _boilerplate_line(line)


def test_the_boilerplate_prefilter_skips_ordinary_text():
    assert not _boilerplate_line(P1)
    assert not _boilerplate_line("The council follows the plan.")  # a word, not the pattern
