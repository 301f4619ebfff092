"""Related links: the definition pinned on small pages."""

import scrapekit

from pagekit import BODY, page


def test_links_exclude_chrome_and_resolve_against_base():
    html = page(
        "<base href='https://cdn.example/news/'>",
        "<header><nav><a href='/world/story-in-nav'>Nav story</a></nav></header>"
        "<article><h1>T</h1>"
        + BODY.replace("for a while.", "for a while, <a href='other-story?utm_source=x&amp;id=7#top'>"
                       "see other story</a>.", 1)
        + BODY + BODY +
        "<p><a href='javascript:void(0)'>js</a> <a href='mailto:a@b.c'>mail</a> "
        "<a href='/files/report.pdf'>pdf</a> <a href='#section'>anchor</a></p>"
        "<div class='share'><a href='https://twitter.com/intent/tweet?u=1'>Tweet</a></div>"
        "</article>"
        "<aside class='related-stories'><h2>Related</h2><ul>"
        "<li><a href='https://n.example/2024/another'>Another</a></li>"
        "<li><a href='https://n.example/2024/another?fbclid=zzz'>Another again</a></li>"
        "</ul></aside>"
        "<footer><a href='/2024/footer-story'>Footer story</a></footer>")
    art = scrapekit.extract(html, url="https://n.example/2024/this-story")
    assert [(link.kind, link.url, link.text) for link in art.related_links] == [
        ("inBody", "https://cdn.example/news/other-story?id=7", "see other story"),
        ("related", "https://n.example/2024/another", "Another"),
    ]
