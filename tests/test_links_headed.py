"""Related links, twelfth round (issue 16): a paragraph of the text that opens with a related
heading ("Related:", "関連記事") and lists several stories is a related block (the labelling
guide's 4.1), while one story after the label is a read-also line of the text (3.3); on a page
written for the test."""

from __future__ import annotations

from pagekit import page
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links

URL = "https://n.example/2024/05/council-budget-vote"
S1 = "The council voted on Monday to delay the budget after a long meeting on the cost of roads. "
S2 = "The mayor said the delay would give the finance committee time to review the figures. "
STORIES = [("https://n.example/2024/04/council-budget-draft", "Council publishes its budget draft"),
           ("https://n.example/2024/03/roads-cost-rise", "Cost of road repairs rises again"),
           ("https://n.example/2024/02/finance-committee-review", "Finance committee to review taxes")]


def found(label: str, stories: list[tuple[str, str]]) -> list[tuple[str, str]]:
    line = f"{label} " + " ".join(f"<a href='{u}'>{t}</a>" for u, t in stories)
    text = f"{label} " + " ".join(t for _, t in stories)
    html = (f"<article><h1>Council delays budget vote</h1><p>{S1 * 2}</p><p>{line}</p>"
            f"<p>{S2 * 2}</p><p>{S1}{S2}</p></article>")
    doc = parse(page("", html), URL)
    paragraphs = [S1 * 2, text, S2 * 2, S1 + S2]
    return [(link.kind, link.url) for link in extract_related_links(doc, paragraphs)]


def test_a_paragraph_headed_related_with_several_stories_is_a_related_block():
    for label in ("RELATED LINKS:", "・関連記事"):
        assert found(label, STORIES) == [("related", u) for u, _ in STORIES]


def test_one_or_two_stories_after_a_read_more_label_stay_in_body():
    assert found("Read more:", STORIES[:1]) == [("inBody", STORIES[0][0])]
    assert found("Read more:", STORIES[:2]) == [("inBody", u) for u, _ in STORIES[:2]]


def test_several_stories_in_a_paragraph_without_a_related_label_stay_in_body():
    assert found("Earlier coverage of the vote:", STORIES) == [("inBody", u) for u, _ in STORIES]
