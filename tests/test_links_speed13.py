"""Related links, speed round (session 13): the cheaper paragraph key, the heading test told
by a label's first two letters and the text-block pass's four-character start answer what
the old code answered. The old functions are copied here as they were (main at 59304d7)."""

from __future__ import annotations

import random
import sys

from scrapekit.extractors import links, patterns
from scrapekit.extractors.document import parse

# every character str.split() cuts at (str.isspace), and characters whose case mapping is
# odd: a final sigma, a dotted / dotless i, the Kelvin sign, a ligature, a sharp s
WHITE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
ODD = "ΣσςİıKﬁßẞǅΐ"
WORDS = ("Related", "related stories", "READ MORE", "Read also", "rEaD nExT", "Mehr zum Thema",
         "See also", "You may also like", "More on", "Lire aussi", "Ещё по теме", "関連記事",
         "관련기사", "Reach out", "Rel", "Re", "R", "Seen", "more:", "Morning", "Latest")


def _old_key(text: str | None) -> str:
    if not text:
        return ""
    return "".join(text[:120].split()).casefold()[:60]


def _old_is_heading_text(text: str) -> bool:
    if len(text) > patterns.RELATED_HEADING_MAX * 2:
        return False
    stripped = text.lstrip(links._LEAD)
    start = stripped[:3]
    if len(start) == 3 and len(text) - len(stripped) <= 21 and not (
            start[0].isspace() or start[1].isspace() or start[2].isspace()):
        start = start.lower()
        return (start in patterns.RELATED_HEADING_PREFIXES
                or start[:2] in patterns.RELATED_HEADING_PREFIXES) and links._heading_label(text)
    head = " ".join(text[:24].split()).lstrip(links._LEAD)
    if len(head) >= 3:
        head = head[:3].lower()
        if head not in patterns.RELATED_HEADING_PREFIXES \
                and head[:2] not in patterns.RELATED_HEADING_PREFIXES:
            return False
    return links._heading_label(text)


def _old_start(text: str) -> str:
    """The text-block pass's start of a block's key, as it was computed."""
    return "".join(text[:links.KEY_START * 4].split()).casefold()[:links.KEY_START]


def _new_start(text: str) -> str:
    """... and as the pass computes it now (links._scan, inline there)."""
    lead = text[:links.KEY_START]
    return (lead.casefold() if lead.isalnum() else
            "".join(text[:links.KEY_START * 4].split()).casefold())[:links.KEY_START]


def _texts(n: int, seed: int = 13) -> list[str]:
    """Odd texts: labels with lead characters, white space of every kind, case games."""
    rng = random.Random(seed)
    pieces = [links._LEAD, WHITE, ODD, "abcXYZ019_-", "éüñøåçÀÉ", "中文日本語かなカナ한국어",
              "Привет мир", "&#;<>"]
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(0, 5)):
            if rng.random() < 0.4:
                word = rng.choice(WORDS)
                word = "".join(c.upper() if rng.random() < 0.3 else c for c in word)
                parts.append(word)
            else:
                chars = rng.choice(pieces)
                parts.append("".join(rng.choice(chars) for _ in range(rng.randint(1, 30))))
        out.append("".join(parts))
    return out


def _every_character() -> list[str]:
    """Each code point at the start, in the middle and after a lead of white space."""
    out = []
    for c in map(chr, range(sys.maxunicode + 1)):
        if 0xD800 <= ord(c) <= 0xDFFF:
            continue  # (lone surrogates: no parsed text holds one)
        out.extend((c + "elated stories", " \n" + c + "e", c * 4 + " more"))
    return out


def test_heading_pairs_are_two_characters_of_every_prefix() -> None:
    assert all(len(p) >= 2 for p in patterns.RELATED_HEADING_PREFIXES)
    assert patterns.RELATED_HEADING_PAIRS == {p[:2] for p in patterns.RELATED_HEADING_PREFIXES}


def test_printable_text_holds_no_white_space_but_the_space() -> None:
    assert [c for c in WHITE if c.isprintable()] == [" "]
    assert len(("a" + WHITE + "b").split()) == 2  # str.split() cuts at each of them


def test_key_heading_and_start_answer_as_before_on_odd_texts() -> None:
    texts = _texts(20_000) + _every_character() + list(WORDS) + ["", " ", "ab", "a"]
    for text in texts:
        assert links._key(text) == _old_key(text), repr(text)
        assert links._is_heading_text(text) == _old_is_heading_text(text), repr(text)
        if len(text) >= links.MIN_KEY or len(text) >= links.KEY_START:
            assert _new_start(text) == _old_start(text), repr(text)


def test_headings_with_odd_leads_still_head_their_blocks() -> None:
    # a label with white space and lead characters before it, in upper case, and a block
    # whose first words only look like one ("Reach out")
    story = "".join(f"<p>Paragraph {i} of the story about the harbour and the ships that "
                    f"sail from it every morning.</p>" for i in range(6))
    html = ("<html><body><article>" + story + "</article>"
            "<div class='box-title'>\n\t \u2003— RELATED STORIES</div>"
            "<ul><li><a href='/news/2024/harbour-ships-one'>Harbour ships sail again</a></li>"
            "<li><a href='/news/2024/harbour-ships-two'>The harbour's ships and their crews</a></li></ul>"
            "<h3>Reach out to our newsroom</h3>"
            "<ul><li><a href='/contact/newsroom-tips'>Send us your tips about the harbour</a></li></ul>"
            "</body></html>")
    page = parse(html, "https://example.org/news/2024/harbour-story")
    paragraphs = [f"Paragraph {i} of the story about the harbour and the ships that sail from "
                  f"it every morning." for i in range(6)]
    scan = links._scan(page.tree.body, paragraphs)
    texts = [" ".join(h.text().split()) for h in scan.headings]
    assert texts == ["— RELATED STORIES"]
