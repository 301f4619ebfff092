"""Related links on older news pages (nineteenth round), on pages written for the test."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from test_links_urls import REAL_URL, URL, links_of

PAGE = quote(URL, safe="")


@pytest.mark.parametrize("href", [
    f"https://bookmarks.example/submit?phase=2&url={PAGE}%3Freferrer%3Dbookmarks&title=A+story",
    f"https://www.saver.example/post?url={PAGE}&title=A+story",
    f"https://vine.example/_wine/save?aff=news&u={PAGE}&h=A+story",
])
def test_another_sites_submit_button_for_this_page_is_not_content(href):
    assert links_of(f"<a href='{href}'>Bookmark this</a>") == [("inBody", REAL_URL)]


@pytest.mark.parametrize("href", [
    # a redirect carries its target besides the page it came from: a link to the target
    f"https://go.example/?id=7X1&url=https%3A%2F%2Fshop.example%2Fdeal&sref={PAGE}",
    # another page's address, a path with an id, or the site's own page: not this page's button
    "https://bookmarks.example/submit?url=https%3A%2F%2Fo.example%2F2024%2F05%2Fother",
    f"https://forum.example/thread/4411?from={PAGE}",
])
def test_links_that_only_mention_the_page_are_kept(href):
    assert links_of(f"<a href='{href}'>this one</a>") == [("inBody", href), ("inBody", REAL_URL)]


@pytest.mark.parametrize("text, href", [
    # a section addressed by its name in the query
    ("Opinion", "https://n.example/Index_Services.asp?chid=259&name=Opinion"),
    ("World news", "https://n.example/list.php?sec=world-news"),
    # a person's page named surname first
    ("James Harden", "https://n.example/sports/m-baskbl/mtt/harden_james00.html"),
    ("Ty Abbott", "https://n.example/sports/mbb/roster/abbott-ty"),
])
def test_a_page_named_by_the_anchor_text_in_its_query_or_surname_first_is_not_content(text, href):
    assert links_of(f"<a href='{href}'>{text}</a>") == [("inBody", REAL_URL)]


@pytest.mark.parametrize("text, href", [
    # a story addressed by its title (longer than a section's name), another site's page, a
    # query value that is not the anchor text
    ("PlayStation Store updated", "https://n.example/article.php?title=PlayStation+Store+updated&id=9460"),
    ("Opinion", "https://o.example/Index_Services.asp?chid=259&name=Opinion"),
    ("Opinion", "https://n.example/story.asp?id=259&name=Budget"),
    # another site's page about the person, a story with an id, a name in the slug's order with
    # a story's words beside it
    ("James Harden", "https://o.example/sports/mtt/harden_james00.html"),
    ("James Harden", "https://n.example/2024/05/harden-james-trade"),
    ("Harden traded", "https://n.example/sports/harden-traded-to-houston"),
])
def test_stories_other_sites_and_other_queries_are_kept(text, href):
    assert links_of(f"<a href='{href}'>{text}</a>") == [("inBody", href), ("inBody", REAL_URL)]


def test_an_item_addressed_by_a_long_number_beside_its_name_is_kept():
    href = "https://n.example/help/?faq=249364625099845&ref_query=activity+log"
    assert links_of(f"<a href='{href}'>Activity Log</a>") == [("inBody", href), ("inBody", REAL_URL)]


def test_the_cheap_first_checks_keep_what_the_full_checks_find() -> None:
    # review 7: the prefilters missed hyphenated names and a percent-encoded address
    from scrapekit.extractors.links import _person_page, _shares_page, _site

    site = _site("s.example")
    assert _person_page("https://s.example/mtt/dupont_jean-pierre01.html", "Jean-Pierre Dupont",
                        site)
    assert _person_page("https://s.example/p/jong-un_kim.html", "Kim Jong-un", site)
    assert _shares_page("https://share.example/submit?u=%68ttps%3A%2F%2Fs.example%2Fa",
                        {"s.example/a": {}}, site)
