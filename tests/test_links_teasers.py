"""Related links: boxes of story cards set inside the article text with no name or heading
that says related (issue 16, fourth round), on pages written for the test."""

from __future__ import annotations

import scrapekit
from pagekit import page
from test_links_blocks import TEXT, URL

TOPICAL = [("/2024/04/harbour-terminal-expansion-approved", "Harbour terminal expansion approved by council"),
           ("/2024/03/container-cranes-ordered", "Authority orders four container cranes for the terminal")]
OFF_TOPIC = [("/2024/05/football-derby-result", "Late goal settles the football derby at home"),
             ("/2024/05/celebrity-wedding-photos", "Celebrity wedding photos shared by the couple")]
SOURCE = "<p>The plans are in <a href='https://port.example/report/2024/plan'>the port's report</a>.</p>"


def cards(stories: list[tuple[str, str]], part: str = "<img src='/i.jpg' alt=''>") -> str:
    return "<div class='x1'>" + "".join(
        f"<div class='x2'>{part}<h3><a href='{href}'>{text}</a></h3></div>" for href, text in stories
    ) + "</div>"


def links_of(box: str) -> list[tuple[str, str]]:
    html = ("<article><h1>New cranes arrive as the harbour expands</h1>" + TEXT + SOURCE + TEXT
            + box + TEXT * 2 + "</article>")
    return [(link.kind, link.url) for link in scrapekit.extract(page("", html), url=URL).related_links]


def test_a_box_of_story_cards_on_the_subject_is_related_not_in_body():
    assert links_of(cards(TOPICAL)) == [
        ("inBody", "https://port.example/report/2024/plan"),
        ("related", "https://n.example/2024/04/harbour-terminal-expansion-approved"),
        ("related", "https://n.example/2024/03/container-cranes-ordered")]


def test_a_box_of_story_cards_off_the_subject_gives_no_link():
    assert links_of(cards(OFF_TOPIC)) == [("inBody", "https://port.example/report/2024/plan")]


def test_a_single_story_card_stays_an_in_body_read_this_line():
    assert links_of(cards(TOPICAL[:1])) == [
        ("inBody", "https://port.example/report/2024/plan"),
        ("inBody", "https://n.example/2024/04/harbour-terminal-expansion-approved")]


def test_story_links_without_card_parts_stay_in_body():
    # a plain run of links closing a passage (no picture, no headline element) is text
    box = "<div class='x1'>" + "".join(f"<div><a href='{h}'>{t}</a></div>" for h, t in TOPICAL) + "</div>"
    assert [kind for kind, _ in links_of(box)] == ["inBody", "inBody", "inBody"]


def test_story_card_walks_visit_each_element_once(monkeypatch):
    """Each anchor walks up to the container; the walks share their verdicts, so a deep chain
    of nested boxes costs one test per element, not one per element per anchor below it."""
    import scrapekit
    from scrapekit.extractors import links as links_module

    calls = []
    real = links_module._own_chrome
    monkeypatch.setattr(links_module, "_own_chrome", lambda node, *a: calls.append(1) or real(node, *a))
    n = 300
    html = ("<html><head><title>Deep page</title></head><body><article><h1>Deep page</h1><p>"
            + "Real article sentence here. " * 30 + "</p>"
            + "".join(f"<div><a href='/x{i}'>link {i} text</a>" for i in range(n))
            + "</div>" * n + "</article></body></html>")
    scrapekit.extract(html, "https://example.com/a")
    assert 0 < len(calls) <= 5 * n  # one walk per anchor without sharing: ~n * n / 2
