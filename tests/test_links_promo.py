"""Related links, twelfth round (issue 16): an in-text link whose own text is a subscription,
membership or donation call is not the article's link (the labelling guide's 5.1), while a
sentence or a headline that only names subscribers or a donation keeps its link; on a page
written for the test."""

from __future__ import annotations

import re

import pytest

from pagekit import page
from scrapekit.extractors.document import parse
from scrapekit.extractors.links import extract_related_links

URL = "https://n.example/2024/05/council-budget-vote"
S1 = "The council voted on Monday to delay the budget after a long meeting on the cost of roads. "
S2 = "The mayor said the delay would give the finance committee time to review the figures. "
SRC = "<a href='https://source.example/2024/05/report'>the auditor's report</a>"


def found(extra: str) -> list[tuple[str, str]]:
    html = (f"<article><h1>Council delays budget vote</h1><p>{S1 * 2} As {SRC} shows.</p>"
            f"<p>{S2 * 2}</p><p>{extra}</p><p>{S1}{S2}</p></article>")
    text = re.sub(r"<[^>]+>", "", extra)
    paragraphs = [f"{S1 * 2} As the auditor's report shows.", S2 * 2, text, S1 + S2]
    doc = parse(page("", html), URL)
    return [(link.kind, link.url) for link in extract_related_links(doc, paragraphs)]


SOURCE = ("inBody", "https://source.example/2024/05/report")


@pytest.mark.parametrize("anchor", [
    "Subscribe to keep reading",
    "Get access to our fastest growing investor subscription",
    "Become a Member",
    "Get 75% off an annual subscription to our royal newsletter",
    "Donate today",
])
def test_a_subscription_or_donation_call_in_the_text_is_not_in_body(anchor):
    line = f"Want more? <a href='https://offers.example/2024/05/annual-plan-offer-page'>{anchor}</a> for the full analysis."
    assert found(line) == [SOURCE]


@pytest.mark.parametrize("anchor, target", [
    ("Pro Subscribers Get Discounts on Games", "https://games.example/2024/05/pro-discounts"),
    ("a donation to the food bank", "https://foodbank.example/news/council-gift"),
    ("sell off or donate", "https://archive.example/1975/01/shelters"),
    # a link that names subscribers, a membership or a newsletter as its subject or source
    ("Netflix lost 200,000 subscribers", "https://stream.example/2024/05/netflix-q1"),
    ("Finland's bid for NATO membership", "https://nato.example/2024/05/finland-bid"),
    ("the Axios AM newsletter", "https://axios.example/2024/05/05/am"),
])
def test_a_link_that_only_names_subscribers_or_a_donation_stays_in_body(anchor, target):
    line = f"Earlier this year the council made <a href='{target}'>{anchor}</a>, the minutes show."
    assert found(line) == [SOURCE, ("inBody", target)]
