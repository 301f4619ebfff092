"""Related links: a related block headed by a plain label (the thirty-first round), on pages
written for the test. A "Related Articles" label set in a bare div or label (no heading
tag, no heading or title class, not bold) before a list of stories heads a candidate block like
any heading; a label inside a link, a button or a text block, or set in the article text, does
not (links_labels); labels are collected by the scan (``_Scan.labels``)."""

from __future__ import annotations

from scrapekit.extractors.document import parse
from scrapekit.extractors.links import _extract, _scan
from scrapekit.extractors.links_blocks import FEATURES
from scrapekit.extractors.links_model import LogisticModel

SITE = "https://news.example"
URL = f"{SITE}/2024/05/02/city-council-approves-new-tram-line"
TEXT = ["The city council approved the new tram line on Thursday after a long debate. " * 3,
        "The tram line will link the harbour to the university by the end of next year. " * 3,
        "Council members said the tram line would cut traffic in the old town by a third. " * 3]
STORIES = [(f"{SITE}/2024/04/11/tram-line-route-published", "Tram line route published for the harbour"),
           (f"{SITE}/2024/03/02/council-delays-tram-vote", "Council delays its vote on the tram line"),
           (f"{SITE}/2024/01/20/old-town-traffic-study", "Old town traffic study backs a tram line")]


def _items() -> str:
    return "".join(f"<li><a href='{u}'>{t}</a></li>" for u, t in STORIES)


def links(after: str, inside: str = "") -> list[tuple[str, str]]:
    """The article (``inside`` set after its second paragraph) and ``after`` after it; the
    block model accepts every block (the judgement is not what is tested)."""
    html = ("<html><body><div class='story-body'>"
            f"<p>{TEXT[0]}</p><p>{TEXT[1]}</p>{inside}<p>{TEXT[2]}</p></div>"
            f"{after}</body></html>")
    found = _extract(parse(html, URL), TEXT, model=LogisticModel.constant(FEATURES),
                     body_text="\n\n".join(TEXT))
    return [(link.kind, link.url) for link in found]


def test_a_plain_div_label_heads_a_related_list():
    found = links(f"<div class='x1'><div class='q7'>Related Articles</div><ul>{_items()}</ul></div>")
    assert [("related", u) for u, _ in STORIES] == found


def test_a_label_element_heads_a_related_list_too():
    found = links("<section><label class='green'>More stories like this one</label>"
                  f"<ul>{_items()}</ul></section>")
    assert [("related", u) for u, _ in STORIES] == found


def test_a_span_is_no_plain_label():
    assert links(f"<section><span class='green'>More stories like this one</span>"
                 f"<ul>{_items()}</ul></section>") == []


def test_a_label_with_an_icon_heads_a_related_list():
    found = links("<div class='x1'><label class='category'><i class='icon'> </i>More stories "
                  f"like this one</label><div class='grid'><ul>{_items()}</ul></div></div>")
    assert [("related", u) for u, _ in STORIES] == found


def test_no_label_no_block():
    assert links(f"<div class='x1'><div class='q7'>Elsewhere</div><ul>{_items()}</ul></div>") == []


def test_a_link_s_own_words_head_nothing():
    after = (f"<div class='x1'><a href='{SITE}/more-news'><span>Read more</span></a>"
             f"<ul>{_items()}</ul></div>")
    assert links(after) == []


def test_labels_in_links_buttons_text_blocks_or_boxes_are_not_plain_labels():
    html = ("<html><body><div class='story-body'>"
            f"<p>{TEXT[0]}</p><div class='inline'><div>Read also</div></div><p>{TEXT[1]}</p>"
            f"<p>{TEXT[2]}</p></div>"
            "<a href='/x'><span>Read more</span></a><button><span>Related</span></button>"
            "<p><span>Related</span> stories below</p><div><div>See also</div></div>"
            "<div><span>Related</span></div><div class='q'></div>"
            "<div>Related <b>Articles</b></div><label><i class='icon'></i>Read next</label>"
            "<label>Related <a href='/y'>stories</a></label>"
            "</body></html>")
    scan = _scan(parse(html, URL).tree.body, TEXT)
    assert [" ".join(node.text(separator=" ").split()) for node in scan.labels] == [
        "Read also", "See also", "Read next"]


def test_a_label_in_the_article_text_heads_no_related_block():
    inside = (f"<div class='teaser'><div class='t1'>Related Articles</div><ul>{_items()}</ul>"
              "</div>")
    assert all(kind != "related" for kind, _ in links("", inside=inside))
