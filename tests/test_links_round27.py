"""Twenty-seventh round (related links): a candidate block made of several lists, each under
its own heading, that holds a block under a related heading is not one list of stories: only
that block is judged, the other lists (a section's feed) give no link. Pages written for the
test; the block model is replaced by one that accepts every block, so that the cases test the
rules alone."""

from __future__ import annotations

from scrapekit.extractors import links_blocks
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import _extract
from scrapekit.extractors.links_model import LogisticModel
from scrapekit.extractors.links_sections import headed_sections

URL = "https://n.example/2008/05/lions-beat-rovers.html"
TEXT = ["The Lions beat the Rovers three goals to one at the harbour stadium on Saturday, and "
        "the Lions coach praised his young strikers after the match. " * 2,
        "The Rovers manager said his defence had let the Lions through too easily in the second "
        "half, and that the Rovers must improve before the cup match. " * 2]
ACCEPT_ALL = LogisticModel.constant(links_blocks.FEATURES)


def story(n: int, title: str) -> str:
    return f"<li><a href='https://n.example/2008/05/story-{n}.html'>{title}</a></li>"


LIONS = [story(1, "Lions coach names young strikers for the Rovers match"),
         story(2, "Lions striker scores twice against the Rovers again")]
ROVERS = [story(3, "Rovers manager blames defence after Lions defeat"),
          story(4, "Rovers face the Lions again in the cup next month")]


def page(box: str) -> str:
    return ("<html><head><title>Lions beat Rovers</title></head><body><div id='story'>"
            "<h1>Lions beat Rovers</h1>" + "".join(f"<p>{t}</p>" for t in TEXT)
            + "</div>" + box + "</body></html>")


def links(html: str) -> list[tuple[str, str]]:
    return [(link.kind, link.url.rsplit("/", 1)[-1])
            for link in _extract(parse(html, URL), TEXT, model=ACCEPT_ALL,
                                 body_text="\n\n".join(TEXT))]


def test_headed_lists_holding_no_other_candidate_stay_one_block():
    # two headed lists with no related heading or name inside: judged as one (the model's call)
    box = ("<div class='related-stories'>"
           f"<h3>Lions</h3><ul>{''.join(LIONS)}</ul><h3>Rovers</h3><ul>{''.join(ROVERS)}</ul></div>")
    assert len([kind for kind, _ in links(page(box)) if kind == "related"]) == 4


def test_a_related_section_of_several_lists_is_judged_alone():
    # a related box holding a "Related Stories" section and a section feed ("Sports"): only
    # the related section's stories are related links
    box = ("<div class='related-wrapper'>"
           f"<div class='sec'><h3>Related Stories</h3><ul>{''.join(LIONS)}</ul></div>"
           f"<div class='sec'><h3>Sports</h3><ul>{''.join(ROVERS)}</ul></div></div>")
    assert links(page(box)) == [("related", "story-1.html"), ("related", "story-2.html")]


def test_story_cards_with_linked_headlines_are_no_sections():
    # one list of story cards, each headline a linked heading: no section heading
    cards = "".join(f"<div class='card'><h3><a href='https://n.example/2008/05/s{i}.html'>Lions "
                    f"striker scores twice against the Rovers in game {i}</a></h3>"
                    f"<a href='https://n.example/2008/05/s{i}.html'>Lions and Rovers meet again in "
                    f"game {i}</a><a href='https://n.example/2008/05/t{i}.html'>The Rovers "
                    f"defence in game {i}</a></div>" for i in range(3))
    html = page(f"<div class='related-stories'><h2>Related Stories</h2>{cards}</div>")
    box = parse(html, URL).tree.css_first("div.related-stories")
    assert headed_sections([box]) == 0


def test_a_topic_list_named_related_by_its_class_is_not_taken_with_the_related_section():
    # the second list is a topic's feed whose box is classed "related": inside a block of
    # several headed lists only a block found by a related heading is judged
    box = ("<div class='related-wrapper'>"
           f"<div class='sec'><h3>Related Stories</h3><ul>{''.join(LIONS)}</ul></div>"
           f"<div class='related-list'><h3>Rovers</h3><ul>{''.join(ROVERS)}</ul></div></div>")
    assert links(page(box)) == [("related", "story-1.html"), ("related", "story-2.html")]
