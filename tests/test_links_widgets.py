"""Related links, fifteenth round (issue 16): widget links set in the text area are not the
article's links, by their own text: a corrections form ("Report a typo"), an e-mail-this-story
button, a picture's enlarge button, a player's plug-in download, a blog's trackback address
(the guide's 5.1, 5.5, 5.6), and next / previous buttons written as bare words or with arrows
("< Prev", "Next >", "«« Previous Tip") (5.1); a sentence naming the same things keeps its
link. On a page written for the test."""

from __future__ import annotations

import pytest
from test_links_promo import SOURCE, found

TARGET = "https://n.example/2024/05/council-budget-widget-target"


@pytest.mark.parametrize("anchor", [
    "Report a Typo", "Report an error", "Submit a correction",
    "E-mail article", "Email this story", "Send to a friend",
    "Enlarge Photo", "View larger image",
    "Get the Flash Player", "trackback",
    "< Prev", "Next >", "«« Previous Tip", "Next How-to »»", "Previous",
])
def test_a_widget_link_in_the_text_area_is_not_in_body(anchor):
    assert found(f"<a href='{TARGET}'>{anchor}</a>") == [SOURCE]


@pytest.mark.parametrize("anchor", [
    "a typo in the council's own report",
    "an error in the figures",
    "the next budget",
    "the previous mayor's plan",
    "Next steps for the roads fund",
])
def test_a_link_that_only_names_the_same_things_stays_in_body(anchor):
    line = f"Earlier this year the council found <a href='{TARGET}'>{anchor}</a>, the minutes show."
    assert found(line) == [SOURCE, ("inBody", TARGET)]
