"""Review 22 (session 15) of the twenty-eighth and twenty-ninth rounds, on pages written for
the test: a one-column layout table keeps its article's links; ``rel="bookmark"`` says nothing
on a page whose theme puts it on every link; a permalink to the article itself is no related
link; a "related" list of the site's newest posts, linked again on the page, stays refused."""

from __future__ import annotations

from scrapekit.extractors.document import parse
from scrapekit.extractors.links import _extract, extract_related_links
from scrapekit.extractors.links_blocks import FEATURES
from scrapekit.extractors.links_model import LogisticModel
from scrapekit.extractors.links_table import table_layout

TEXT = ["Leftover stuffing from the holiday dinner makes a bread pudding for breakfast. " * 3,
        "Soak the stuffing in eggs and milk overnight, then bake the bread pudding an hour. " * 3,
        "Serve the bread pudding warm with a little syrup and a cup of strong coffee. " * 3]
SITE = "https://bakes.example"
POSTS = [f"{SITE}/bread-pudding-with-brioche-and-raisins/",
         f"{SITE}/savory-bread-pudding-for-brunch/",
         f"{SITE}/overnight-french-toast-bake-for-breakfast/"]
TITLES = ["Bread pudding with brioche and raisins", "Savory bread pudding for brunch",
          "Overnight french toast bake for breakfast"]


def _links(html: str, url: str, model: LogisticModel | None = None) -> list[tuple[str, str]]:
    found = _extract(parse(html, url), TEXT, model=model or LogisticModel.constant(FEATURES),
                     body_text="\n\n".join(TEXT))
    return [(link.kind, link.url) for link in found]


def _post(related: str, head: str = "", nav: str = "") -> str:
    return (f"<html><head>{head}</head><body><nav>{nav}</nav><div class='entry'>"
            f"<p>{TEXT[0]}</p><p>{TEXT[1]}</p><p>{TEXT[2]}</p></div>"
            f"<div class='related-posts'><h3>Related Posts</h3><ul>{related}</ul></div>"
            "</body></html>")


def _item(url: str, title: str, rel: str = "bookmark") -> str:
    return f"<li><a rel='{rel}' href='{url}'>{title}</a></li>"


# -- round 28: a one-column table ---------------------------------------------------------

def test_an_article_alone_in_a_one_column_layout_table_keeps_its_lists_links():
    documents = ["https://council.example/minutes/2024-03-12-full-council",
                 "https://tenders.example/notices/harbour-dredging-contract-8812"]
    story = (f"<p>{TEXT[0]}</p><p>{TEXT[1]}</p><h3>Documents</h3><ul>"
             + "".join(f"<li><a href='{u}'>{u.rsplit('/', 1)[1].replace('-', ' ')}</a></li>"
                       for u in documents)
             + f"</ul><p>{TEXT[2]}</p>")
    found = {}
    for layout, html in (("table", f"<table><tr><td class='main'>{story}</td></tr></table>"),
                         ("div", f"<div class='main'>{story}</div>")):
        page = parse(f"<html><body>{html}</body></html>", "https://news.example/2024/03/plan")
        found[layout] = [(link.kind, link.url) for link in extract_related_links(
            page, TEXT, "\n\n".join(TEXT))]
        if layout == "table":
            assert not table_layout(page.tree.css_first("td.main"))
    assert found["table"] == found["div"]
    assert ("inBody", documents[0]) in found["table"]


def test_a_cell_beside_another_is_a_table_layouts():
    tree = parse("<table><tr><td class='nav'>Home</td><td class='main'><div class='box'>x</div>"
                 "</td></tr></table>").tree
    assert table_layout(tree.css_first("td.main")) and table_layout(tree.css_first("div.box"))


# -- round 29: rel="bookmark" -------------------------------------------------------------

def test_a_theme_that_marks_every_link_a_permalink_gets_no_section_front_as_related():
    url = f"{SITE}/turn-stuffing-into-bread-pudding/"
    related = _item(POSTS[0], TITLES[0]) + _item(f"{SITE}/dinner/", "Dinner")
    marked_nav = f"<a rel='bookmark' href='{SITE}/'>Home</a>"
    assert ("related", f"{SITE}/dinner/") in _links(_post(related), url)  # the round's case
    found = _links(_post(related, nav=marked_nav), url)
    assert ("related", POSTS[0]) in found
    assert ("related", f"{SITE}/dinner/") not in found


def test_the_articles_own_permalink_is_no_related_link():
    own = f"{SITE}/stuffing-pudding/"
    related = _item(POSTS[0], TITLES[0]) + _item(own, "Stuffing Pudding")
    head = f"<link rel='canonical' href='{own}'>"
    found = _links(_post(related, head=head), f"{SITE}/?p=4211")
    assert ("related", POSTS[0]) in found
    assert all(url != own for _, url in found)


def test_a_related_list_of_the_sites_newest_posts_linked_again_stays_refused():
    """The model refuses it in doubt; its items are the "Recent Posts" list's too: a feed."""
    items = "".join(_item(u, t) for u, t in zip(POSTS, TITLES))
    recent = "".join(f"<li><a href='{u}'>{t}</a></li>" for u, t in zip(POSTS, TITLES))
    html = ("<html><body><div class='entry'>"
            f"<p>{TEXT[0]}</p><p>{TEXT[1]}</p><p>{TEXT[2]}</p></div>"
            f"<div class='related-posts'><h3>Related Posts</h3><ul>{items}</ul></div>"
            f"<div class='widget'><h3>Recent Posts</h3><ul>{recent}</ul></div></body></html>")
    n = len(FEATURES)
    doubt = LogisticModel(FEATURES, (0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0, 0.6)
    url = f"{SITE}/turn-stuffing-into-bread-pudding/"
    assert _links(html, url, doubt) == []
    alone = html.replace(recent, "")
    assert _links(alone, url, doubt) == [("related", u) for u in POSTS]  # the round's case


# -- review 23 of those fixes -------------------------------------------------------------

def test_a_posts_own_permalink_in_its_articles_header_or_footer_leaves_the_mark_meaningful():
    """Themes put the post's "Posted on" permalink (rel=bookmark) in the article's own header or
    footer; that, or a root-relative post path, is no sign that the theme marks every link."""
    url = f"{SITE}/turn-stuffing-into-bread-pudding/"
    short = f"{SITE}/dinner-rolls/"
    related = _item(POSTS[0], TITLES[0]) + _item(short, "Dinner Rolls")
    for wrapper in ("header", "footer"):
        html = _post(related).replace(
            "<div class='entry'>", f"<article><{wrapper} class='entry-{wrapper}'><a rel='bookmark' "
            f"href='{url}'>December 5, 2026</a></{wrapper}><div class='entry'>", 1
        ).replace("</div><div class='related-posts'>", "</div></article><div class='related-posts'>")
        assert ("related", short) in _links(html, url), wrapper
    relative = _item("/2024/bread-pudding-with-brioche/", "Bread pudding with brioche") \
        + _item(short, "Dinner Rolls")
    assert ("related", short) in _links(_post(relative), url)


def test_a_sidebar_cell_spanning_rows_makes_a_table_layout():
    tree = parse("<table><tr><td rowspan='2' class='nav'>Home</td><td>Banner</td></tr>"
                 "<tr><td class='main'><div class='box'>x</div></td></tr></table>").tree
    assert table_layout(tree.css_first("td.main"))
    one_column = parse("<table><tr><td class='main'><table><tr><td>a</td><td>b</td></tr></table>"
                       "</td></tr></table>").tree
    assert not table_layout(one_column.css_first("td.main"))  # a nested table's columns


# -- review 24 of those fixes -------------------------------------------------------------

def test_a_one_column_page_with_a_two_cell_masthead_is_no_table_layout():
    tree = parse("<table><tr><td>Logo</td><td>December 5</td></tr>"
                 "<tr><td colspan='2' class='main'>story</td></tr></table>").tree
    assert not table_layout(tree.css_first("td.main"))


def test_navigation_inside_the_article_still_marks_the_theme():
    from scrapekit.extractors.links_permalinks import marks_everything

    def marks(body: str) -> bool:
        return marks_everything(parse(f"<html><body>{body}</body></html>").tree.root)
    assert marks("<article><header><nav><a rel='bookmark' href='/dinner/'>Dinner</a></nav>"
                 "</header><p>x</p></article>")
    assert not marks("<article><header><a rel='bookmark' href='/p/'>May 5</a></header></article>")
    assert marks("<div><a rel='bookmark' href='./'>Home</a></div>")
    assert not marks("<div><a rel='bookmark' href='https://s.example/?p=12'>Bread</a></div>")
