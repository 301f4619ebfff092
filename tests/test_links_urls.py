"""Related links: which URLs are content (issue 16, third round), on pages written for the
test."""

from __future__ import annotations

import pytest

import scrapekit
from pagekit import BODY, page

URL = "https://n.example/2024/05/this-story"
REAL_URL = "https://o.example/2024/05/real"
REAL = f"<a href='{REAL_URL}'>a real source</a>"


def links_of(inner: str, url: str = URL) -> list[tuple[str, str]]:
    body = ("<article><h1>A headline for the story</h1>" + BODY
            + BODY.replace("</p>", " " + inner + " and " + REAL + ".</p>", 1) + BODY + "</article>")
    return [(link.kind, link.url) for link in scrapekit.extract(page("", body), url=url).related_links]


@pytest.mark.parametrize("href", [
    "https://n.example/suscripciones/premium/upgrade/",
    "https://n.example/tr/p/abonelik-talep-formu/1001",
    "https://n.example/anmelden/?redirect_to=https%3A%2F%2Fn.example%2F",
    "https://n.example/service/newsletter-morning-briefing-1.5249977",
    "https://n.example/hemeroteca/2024-10-15/",
    "https://n.example/2019/11/13/",
    "https://n.example/archive/2019",
    "https://help.revcontent.com/en/knowledge/privacy-policy",
    "https://n.example/2024/05/this-story/2",
    "https://app.adjust.com/b885nen?redirect_ios=https%3A%2F%2Fapps.apple.com%2Fapp%2Fid1",
    "https://n.example/entry/mobile.othernews.com/2016/11/23/us/a-story.html",
    "https://n.example/?hprecirc-bullet=",
    "https://n.example/login",
    "https://n.example/abo/",
    "https://n.example/abonnement-premium/",
    "https://n.example/entry/www.othernews.com/a-story.html",
    # a directory's entry pages are index pages (an artist directory, linked from the text)
    "https://n.example/artist-directory/c/creedence-clearwater-revival?ns_type=hidden",
    "https://n.example/directory/restaurants/",
])
def test_sign_up_archive_ad_network_and_next_page_links_are_not_content(href):
    assert links_of(f"<a href='{href}'>this one</a>") == [("inBody", "https://o.example/2024/05/real")]


@pytest.mark.parametrize("href", [
    "https://blog.example/archives/7451",
    "https://n.example/archive/39710",
    "https://n.example/city/police-register-371-cases/a1",
    "https://n.example/2019/11/13/a-story-of-that-day",
    "https://web.archive.org/web/20120312045406/http://agency.example.org/guidance/page.shtml",
    "https://n.example/?p=123",
    # article slugs that open with a sign-up word, and topic folders named like a host
    "https://n.example/2024/05/02/register-to-vote-deadline-is-today",
    "https://n.example/politique/inscription-sur-les-listes-electorales-date-limite-123456.html",
    "https://n.example/wirtschaft/abo-falle-im-netz-verbraucherschuetzer-warnen-100.html",
    "https://n.example/tech/subscription-fatigue-streaming-prices-2024",
    "https://n.example/tech/login-outage-hits-millions-of-users",
    "https://n.example/dev/asp.net/new-release-story-123",
    "https://n.example/business/amazon.com/earnings-beat-story",
    # an old server's story file under a team's folder (.stm like .shtml)
    "https://n.example/sport2/low/football/teams/t/tottenham_hotspur/7165540.stm",
    "https://n.example/news/2024/05/new-directory-of-local-charities-launched",
])
def test_articles_whose_path_looks_like_an_index_are_kept(href):
    assert links_of(f"<a href='{href}'>this one</a>") == [
        ("inBody", href), ("inBody", "https://o.example/2024/05/real")]


@pytest.mark.parametrize("caption", [
    "<figure><img src='a.jpg'><figcaption>Photo: <a href='https://photos.example/p/1'>J. Doe"
    "</a></figcaption></figure>",
    "<div class='wp-caption-text'>Photo <a href='https://photos.example/p/1'>J. Doe</a></div>",
    "<span class='image-credit'><a href='https://photos.example/p/1'>J. Doe</a></span>",
])
def test_caption_and_photo_credit_links_are_not_in_body(caption):
    assert links_of(caption) == [("inBody", "https://o.example/2024/05/real")]


def test_links_in_a_hover_card_inside_a_sentence_are_not_in_body():
    card = ("<span class='rollover-people'><a href='https://n.example/people/mayor'>The Mayor</a>"
            "<span class='rollover-people-block'><a href='https://n.example/2024/04/mayor-story'>"
            "The mayor's earlier story in the card</a></span></span>")
    assert links_of(card) == [("inBody", "https://o.example/2024/05/real")]


def test_links_of_a_picture_in_the_text_are_not_in_body():
    figure = ("<figure><a href='https://n.example/articles/image/sports/367061/287149'>"
              "<img src='a.jpg' alt=''> The team before the match</a></figure>")
    assert links_of(figure) == [("inBody", "https://o.example/2024/05/real")]


def test_the_sites_own_social_profile_is_a_follow_link_and_others_are_content():
    url = "https://www.harbour-daily.example/2024/05/this-story"
    own = ("<a href='https://twitter.com/harbour_daily'>our feed</a>, "
           "<a href='https://www.facebook.com/harbourdaily/'>our page</a>")
    assert links_of(own, url=url) == [("inBody", "https://o.example/2024/05/real")]
    person = "<a href='https://www.instagram.com/a_baker/'>@a_baker</a>"
    assert links_of(person, url=url) == [("inBody", "https://www.instagram.com/a_baker/"),
                                         ("inBody", "https://o.example/2024/05/real")]


def test_a_generated_styling_class_on_text_links_is_no_chrome():
    styled = ("<a class='tagStyle_18h2erd-o_O-style_1i5d9um' href='https://shop.example/dp/B00BQ5RY1G'>"
              "Harmony remote for $169.99</a>")
    assert links_of(styled) == [("inBody", "https://shop.example/dp/B00BQ5RY1G"),
                                ("inBody", "https://o.example/2024/05/real")]
    tagged = "<a class='tag-link' href='https://shop.example/dp/B00BQ5RY1G'>Harmony remote</a>"
    assert links_of(tagged) == [("inBody", "https://o.example/2024/05/real")]


@pytest.mark.parametrize("href", [
    # a story (here or on another site) that carries the page as a referrer is a story
    "https://n.example/2024/05/other-story?referrer=https%3A%2F%2Fn.example%2F2024%2F05%2Fthis-story",
    "https://o.example/2024/05/cited-report?from=https://n.example/2024/05/this-story",
])
def test_a_story_carrying_the_page_as_referrer_stays(href):
    found = links_of(f"<a href='{href}'>a story on the same subject</a>")
    assert [kind for kind, url in found if url.split("?")[0] == href.split("?")[0]] == ["inBody"]


@pytest.mark.parametrize("href", [
    "https://s.example/go/item?u=http://[PERMALINK]",  # an unfilled share template
    "https://s.example/go/item?url=https://[url]/&title=x",
    "https://s.example/go/item?url=http://x]/a",
])
def test_an_unparsable_address_in_a_query_loses_no_other_link(href):
    # urlsplit raises on these: the page's other links must survive whatever the rules do
    assert ("inBody", "https://o.example/2024/05/real") in links_of(f"<a href='{href}'>the full list</a>")
