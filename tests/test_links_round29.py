"""Related links: a related list's posts whose permalinks are shaped like a section front
(the twenty-ninth round), on pages written for the test. A blog's root-level permalink with a
short slug (/french-bread/) is a post when its anchor says so (rel="bookmark") and it sits in a
block judged related; every other anchor of that shape stays a section front."""

from __future__ import annotations

from scrapekit.extractors.document import parse
from scrapekit.extractors.links import _extract, _front_page
from scrapekit.extractors.links_blocks import FEATURES
from scrapekit.extractors.links_model import LogisticModel
from scrapekit.extractors.links_permalinks import bookmark, permalink_story

SITE = "https://bakes.example"
URL = f"{SITE}/turn-stuffing-into-bread-pudding-for-breakfast/"
TEXT = ["Leftover stuffing from the holiday dinner makes a bread pudding for breakfast. " * 3,
        "Soak the stuffing in eggs and milk overnight, then bake the bread pudding an hour. " * 3,
        "Serve the bread pudding warm with a little syrup and a cup of strong coffee. " * 3]
LONG = f"{SITE}/french-bread-pizza-for-a-quick-dinner/"
SHORT = f"{SITE}/french-bread/"


def links(items: str, inline: str = "") -> list[tuple[str, str]]:
    """The post (``inline`` closing its last paragraph) and a "Related Posts" list of
    ``items`` after it; the block model accepts every block (the list's judgement is not
    what is tested)."""
    html = ("<html><body><div class='entry'>"
            f"<p>{TEXT[0]}</p><p>{TEXT[1]}</p><p>{TEXT[2]}{inline}</p></div>"
            "<div class='related-posts'><h3>Related Posts</h3><ul>"
            f"<li><a rel='bookmark' href='{LONG}'>French Bread Pizza for a Quick Dinner</a></li>"
            f"{items}</ul></div></body></html>")
    inline_text = " ".join(parse(f"<p>{inline}</p>").tree.body.text(separator=" ").split())
    paragraphs = [TEXT[0], TEXT[1], TEXT[2] + (" " + inline_text if inline_text else "")]
    found = _extract(parse(html, URL), paragraphs, model=LogisticModel.constant(FEATURES),
                     body_text="\n\n".join(paragraphs))
    return [(link.kind, link.url) for link in found]


def test_a_related_post_s_short_permalink_is_a_post():
    found = links(f"<li><a rel='bookmark' href='{SHORT}'>French Bread</a></li>")
    assert ("related", LONG) in found
    assert ("related", SHORT) in found


def test_a_related_post_titled_by_its_slug_is_no_index_page():
    named = f"{SITE}/what-is-brioche/"
    found = links(f"<li><a rel='bookmark' href='{named}'>What Is Brioche?</a></li>")
    assert ("related", named) in found


def test_without_the_permalink_type_a_page_named_by_its_text_stays_an_index_page():
    named = f"{SITE}/what-is-brioche/"
    found = links(f"<li><a href='{named}'>What Is Brioche?</a></li>")
    assert ("related", LONG) in found
    assert all(url != named for _, url in found)


def test_rel_may_name_other_types_too():
    found = links(f"<li><a rel='Bookmark nofollow' href='{SHORT}'>French Bread</a></li>")
    assert ("related", SHORT) in found


def test_without_the_permalink_type_it_stays_a_section_front():
    found = links(f"<li><a href='{SHORT}'>French Bread</a></li>"
                  f"<li><a rel='category tag' href='{SITE}/bread-recipes/'>Bread Recipes</a></li>")
    assert ("related", LONG) in found
    assert all(url not in (SHORT, f"{SITE}/bread-recipes/") for _, url in found)


def test_the_other_url_tests_still_apply():
    found = links(f"<li><a rel='bookmark' href='{SITE}/'>Bakes home of french bread</a></li>"
                  f"<li><a rel='bookmark' href='{SITE}/about-us/'>About our french bread</a></li>"
                  f"<li><a rel='bookmark' href='{SITE}/tag/bread/'>French bread stories</a></li>"
                  f"<li><a rel='bookmark' href='{SITE}/french-bread/?cat=4'>French bread</a></li>"
                  "<li><a rel='bookmark' href='https://other.example/bread/'>Bread elsewhere</a>"
                  "</li>")
    urls = {url for _, url in found}
    assert ("related", LONG) in found
    assert not urls & {f"{SITE}/", f"{SITE}/about-us/", f"{SITE}/tag/bread/",
                       f"{SITE}/french-bread/?cat=4"}


def test_a_text_link_of_that_shape_stays_a_section_front():
    found = links("", f" See more in <a rel='bookmark' href='{SHORT}'>French Bread</a> today.")
    assert all(url != SHORT for _, url in found)


def test_permalink_story_asks_only_of_bookmarked_anchors():
    page = parse("<html><body><a rel='bookmark' href='/french-bread/'>x</a>"
                 "<a href='/french-bread/'>y</a>"
                 "<a rel='bookmark' href='/french-bread-pizza-for-a-quick-dinner/'>z</a>"
                 "</body></html>", URL)
    marked, plain, long = page.tree.body.css("a")

    def clean(href):  # a stand-in for links.clean_link_url: the long slug only
        url = page.absolute(href)
        return (url, "long-key") if url == LONG else None

    def front(href):
        return (page.absolute(href), "front-key")

    assert bookmark(marked) and not bookmark(plain)
    assert permalink_story(marked, clean, front) == (SHORT, "front-key")
    assert permalink_story(plain, clean, front) is None
    assert permalink_story(long, clean, front) == (LONG, "long-key")


def test_front_page_is_a_same_site_link_refused_only_for_its_shape():
    page = parse("<html><body></body></html>", URL)
    assert _front_page("/french-bread/", page, "bakes.example")[0] == SHORT
    for href in ("/", "/about-us/", "/tag/bread/", "/french-bread/?cat=4", "/french-bread.pdf",
                 "https://other.example/bread/", LONG):
        assert _front_page(href, page, "bakes.example") is None, href
    assert _front_page("/french-bread/", page, "") is None


# -- a block refused in doubt that is a list of posts by their permalinks ------------------------

POSTS = [f"{SITE}/bread-pudding-with-brioche-and-raisins/",
         f"{SITE}/savory-bread-pudding-for-brunch/",
         f"{SITE}/overnight-french-toast-bake-for-breakfast/"]


def judged(heading: str = "Related Posts", cls: str = "related-posts", rel: str = "bookmark",
           intercept: float = 0.0) -> list[tuple[str, str]]:
    """The post and a list of three posts after it, judged by a model that says ``intercept``'s
    probability to every block (0: 0.5) with the threshold 0.6: every block is refused."""
    items = "".join(f"<li><a rel='{rel}' href='{url}'>{title}</a></li>" for url, title in zip(
        POSTS, ["Bread pudding with brioche and raisins", "Savory bread pudding for brunch",
                "Overnight french toast bake for breakfast"]))
    html = ("<html><body><div class='entry'>"
            f"<p>{TEXT[0]}</p><p>{TEXT[1]}</p><p>{TEXT[2]}</p></div>"
            f"<div class='{cls}'><h3>{heading}</h3><ul>{items}</ul></div></body></html>")
    n = len(FEATURES)
    model = LogisticModel(FEATURES, (0.0,) * n, (1.0,) * n, (0.0,) * n, intercept, 0.6)
    found = _extract(parse(html, URL), TEXT, model=model, body_text="\n\n".join(TEXT))
    return [(link.kind, link.url) for link in found]


def test_a_related_list_of_permalinks_refused_in_doubt_is_related():
    assert judged() == [("related", url) for url in POSTS]


def test_without_permalinks_the_model_s_refusal_stands():
    assert judged(rel="nofollow") == []


def test_below_the_doubt_the_model_s_refusal_stands():
    assert judged(intercept=-1.4) == []  # probability 0.2


def test_a_list_that_does_not_say_related_by_heading_and_class_stays_refused():
    assert judged(heading="Breakfast Ideas") == []
    assert judged(cls="widget-posts") == []
