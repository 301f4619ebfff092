"""Review 26 of the thirty-first to thirty-third related-links rounds, on pages written for the
test; each test failed before its fix. A plain "Read more" expander (or any control) is no
related label (links_labels); the author's-bio test asks only the text's closing paragraphs,
the name as written, a person's name, and no conjunction after it (links_bio); a generic
heading naming a relation ("Weitere ähnliche Artikel") is no feed heading (links_feedhead)."""

from __future__ import annotations

import json

from scrapekit.extractors import extract_article
from scrapekit.extractors.patterns.links import GENERIC_FEED_HEADING

SITE = "https://metro-news.example"
URL = f"{SITE}/2024/05/02/city-council-approves-new-tram-line"
TEXT = ("The city council approved the new tram line on Thursday after a long debate about the "
        "harbour route and its cost. ")
BEAT = [("/2024/04/11/tram-line-route-published", "Tram line route published for the harbour"),
        ("/2024/03/02/council-delays-tram-vote", "Council delays its vote on the tram line"),
        ("/2024/01/20/old-town-traffic-study", "Old town traffic study backs a tram line"),
        ("/2024/01/02/harbour-tram-depot-plan", "Harbour tram depot plan goes to the council")]


def _items(stories=BEAT) -> str:
    return "".join(f"<li><a href='{SITE}{u}'>{t}</a></li>" for u, t in stories)


def related_after(label_html: str) -> list[str]:
    html = (f"<html><head><title>City council approves new tram line</title></head><body>"
            f"<main><article><h1>City council approves new tram line</h1>"
            + "".join(f"<p>{TEXT * 3}</p>" for _ in range(4))
            + f"</article>{label_html}<ul class='list'>{_items()}</ul></main></body></html>")
    return [link.url for link in extract_article(html, URL).related_links
            if link.kind == "related"]


def test_a_read_more_expander_or_a_control_is_no_related_label():
    for label in ("<div class='exp js-expand'>Read more</div>", "<div class='x'>Leer más</div>",
                  "<div>Lees meer</div>", "<div>More</div>", "<div>Read more…</div>",
                  "<div class='q7' role='button'>Related stories</div>",
                  "<div class='q7' aria-expanded='false'>Related stories</div>"):
        assert related_after(label) == [], label
    # the design's case still holds: a plain "Related stories" label over the beat's stories
    assert len(related_after("<div class='q7'>Related stories</div>")) == len(BEAT)


def _page(author: str, paras: list[str], kind: str = "Person") -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle",
            "headline": "The rail reform bill", "author": {"@type": kind, "name": author}}
    return (f"<html><head><script type='application/ld+json'>{json.dumps(data)}</script></head>"
            f"<body><main><article><h1>The rail reform bill</h1>"
            + "".join(f"<p>{p}</p>" for p in paras) + "</article></main></body></html>")


LINK = "https://parliament.example/bills/2024/rail-reform"
FILL = ("Our railways carry more passengers than ever, yet the rules that govern them were "
        "written for a network half its size and a fraction of its traffic. ") * 2


def in_body(author: str, paras: list[str], kind: str = "Person") -> list[str]:
    return [link.url for link in extract_article(_page(author, paras, kind), URL).related_links
            if link.kind == "inBody"]


def test_the_bio_test_leaves_leads_group_authors_and_sentences_about_more_than_the_author():
    link = f"<a href='{LINK}'>the rail reform bill</a>"
    # a standfirst naming the author, and a short press release's lead: leads, not bios
    assert in_body("Maria Lopez", [f"Maria Lopez, the transport minister, introduced {link} "
                                   "in March. Here she explains why.", FILL, FILL, FILL]) == [LINK]
    assert in_body("Acme Robotics", [f"Acme Robotics, a maker of trains, today announced {link}.",
                                     FILL], "Organization") == [LINK]
    # a closing paragraph about more than the author; a group author's sentence
    assert in_body("Jane Doe", [FILL, FILL, f"Jane Doe and colleagues published {link} in "
                                             "full last week."]) == [LINK]
    assert in_body("The Conversation", [FILL, FILL, f"The conversation between the two leaders "
                                                     f"turned to {link}."], "Organization") == [LINK]
    # the rule's own case: the author's bio closing the text
    assert in_body("Jane Doe", [FILL, FILL, f"Jane Doe is a rail engineer who wrote about "
                                             f"{link} for ten years."]) == []


def test_a_generic_heading_naming_a_relation_is_no_feed_heading():
    for heading in ("Weitere ähnliche Artikel", "Weitere verwandte Artikel", "Mehr ähnliche Beiträge",
                    "Other relevant articles", "More recommended stories", "More similar stories"):
        assert GENERIC_FEED_HEADING.match(heading) is None, heading
    for heading in ("More Stories", "Weitere Beiträge", "More Likely stories", "Other stories"):
        assert GENERIC_FEED_HEADING.match(heading) is not None, heading


def test_a_story_set_as_its_own_folder_with_an_index_file_is_no_front():
    # (the lead's read of the thirty-sixth round: an index file in a folder named by a slug of
    # several words is a story, not a section front)
    from scrapekit.extractors.links_fronts import site_front

    assert not site_front("https://a.example/features/why-the-tram-was-late/index.html",
                          "a.example", "a.example")
    assert site_front("https://a.example/sport/football/eng_prem/default.stm", "a.example",
                      "a.example")
    assert site_front("https://a.example/index.html", "a.example", "a.example")
