"""body_dom.KeyText: the exact answers of ``probe in "\\n".join(keys)``, in time near-linear
in the page (a page of thousands of paragraphs, each with a link, was links x text)."""

import random
import time

import scrapekit
from scrapekit.extractors.body import dom_key
from scrapekit.extractors.body_dom import KeyText

WORDS = ["a", "ab", "b", "ba", "foo", "bar", "foobar", "x", "", "12", "é", "|", "-", "na"]


def _text(rng: random.Random, most: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, most)))


def _probes(rng: random.Random, keys: list[str]) -> list[str]:
    """Random texts and slices of the keys cut anywhere (inside words: '<a>Foo</a>bar')."""
    out = [_text(rng, 6) for _ in range(40)]
    for k in keys:
        i = rng.randint(0, len(k))
        j = rng.randint(i, len(k))
        out += [k[i:j], k[:j], k[i:], k, k + " a", "a " + k]
    return out + ["", " ", "  ", "\n", "a\nb", "x" * 50]


def test_keytext_answers_as_the_joined_text_does():
    rng = random.Random(9)
    for _ in range(400):
        keys = {_text(rng, 8) for _ in range(rng.randint(0, 8))}
        if rng.random() < 0.2:
            keys.add("y" * rng.randint(38, 45) + " " + _text(rng, 3))  # a long token
        blob = "\n".join(keys)
        index = KeyText(keys)
        for probe in _probes(rng, sorted(keys)):
            assert (probe in index) == (probe in blob), (probe, keys)


def test_keytext_matches_on_dom_keys_of_links_with_partial_word_edges():
    keys = {dom_key(t) for t in ["Foobar and more", "Read the story here", "Jane Doe",
                                 "A long long title of a story | section"]}
    index = KeyText(keys)
    blob = "\n".join(keys)
    for probe in ["foo", "oobar and", "bar and more", "the story", "ad the sto", "doe", "jane d",
                  "title of a story section", "story |", "and more read", "e doe", "x"]:
        assert (probe in index) == (probe in blob), probe


def _story_links(n: int) -> str:
    return "".join(f'<p>Text text text <a href="/news/story-{i}-slug-words">Story number {i} '
                   "words here</a> more text here.</p>" for i in range(n))


def test_a_paragraph_with_a_link_twelve_thousand_times_is_near_linear(monkeypatch):
    from scrapekit.extractors import body

    spent, link_shares = [0.0], body.link_shares

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.process_time()
        try:
            return link_shares(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - started

    monkeypatch.setattr(body, "link_shares", timed)
    html = "<html><body>" + _story_links(12_000) + "</body></html>"
    started = time.process_time()
    art = scrapekit.extract(html, url="https://e.example/x")
    assert time.process_time() - started < 20.0
    assert art.url == "https://e.example/x"
    # 2.3 s when each link's text was looked for in all the keys' text (0.15 s indexed)
    assert 0.0 < spent[0] < 1.0, f"link_shares took {spent[0]:.2f}s"
