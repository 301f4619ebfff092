"""Related links: the site's own service pages (terms, privacy, advertising, feeds, contact,
subscription options) are never content links (eighteenth round), on pages written for the
test."""

from __future__ import annotations

import pytest

from test_links_urls import REAL_URL, links_of


@pytest.mark.parametrize("href", [
    "https://n.example/webfeeds.aspx",
    "https://n.example/premiumcontentsubscription/PremiumContentUnSubscribe.aspx?Frozen=true",
    "https://n.example/tools_and_services/services/advertising/",
    "https://n.example/tools_and_services/services/terms_and_conditions/",
    "https://n.example/services/syndication/",
    "https://n.example/privacy-policy.html",
    "https://n.example/about-us/",
])
def test_the_sites_own_service_pages_are_not_content(href):
    assert links_of(f"<a href='{href}'>here</a>") == [("inBody", REAL_URL)]


@pytest.mark.parametrize("href", [
    # another site's policy is a source; a story about privacy or advertising is a story
    "https://o.example/privacy-policy.html",
    "https://n.example/tech/privacy-rules-tighten-for-apps",
    "https://n.example/2024/05/advertising",
    "https://n.example/business/how-to-unsubscribe-from-every-streaming-service",
    "https://n.example/media/advertising-market-shrinks-again",
    # a help centre's article (a product's blog pointing to how a feature works) is content
    "https://n.example/help/?faq=208427865914727",
])
def test_stories_and_other_sites_policies_are_kept(href):
    assert links_of(f"<a href='{href}'>this one</a>") == [("inBody", href), ("inBody", REAL_URL)]


@pytest.mark.parametrize("text", ["About Us", "Feedback", "Privacy Policy", "Terms & Conditions",
                                  "Site map"])
def test_service_pages_named_whole_are_not_content_however_addressed(text):
    href = "https://n.example/Index_info.asp?I=A"
    assert links_of(f"<a href='{href}'>{text}</a>") == [("inBody", REAL_URL)]


@pytest.mark.parametrize("text", ["feedback from readers", "the company's privacy policy changes",
                                  "About us, a memoir"])
def test_a_story_named_with_a_service_word_is_kept(text):
    href = "https://n.example/Index_info.asp?I=A"
    assert links_of(f"<a href='{href}'>{text}</a>") == [("inBody", href), ("inBody", REAL_URL)]
