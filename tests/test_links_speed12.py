"""Links speed round (session 12): each change gives the answers of the code it replaced."""

from __future__ import annotations

import re

from scrapekit.extractors import patterns
from scrapekit.extractors.links_blocks import _LONG_WORD, stems


STEM_TEXTS = [
    "",
    "The council approved the harbour budget on Tuesday, after weeks of debate.",
    "snake_case_words and e-mail addresses (someone@example.org) and 2024-05-06 dates",
    "Straße GROSS Maße Größenordnung İstanbul ǅemal ﬁnancial ½ 12345 ١٢٣٤٥٦ x²³⁴⁵⁶",
    "«Überraschung»: l'économie, l’arrière-pays; co-operation—again... «quoted»",
    "東京都の新しい計画について 政府は発表した カタカナ語 and English words",
    "tab\tseparated\nnew-line\u00a0nbsp\u2003emspace words_here",
    "abcd abcde abcdef ABCDE abcd_ _abcde ab-cdefg abcdefg.",
]


def _stems_by_regex(text: str) -> set[str]:
    """The stems as the regex alone finds them (the code before this round)."""
    out = set(_LONG_WORD.findall(" ".join(set(text.casefold().split())))) - patterns.STOP_WORDS
    if text.isascii() or not patterns.CJK_CHAR.search(text):
        return out
    for run in patterns.CJK_RUN.findall(text):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


def test_word_characters_are_alnum_or_underscore() -> None:
    # what the sliced path relies on: \w takes exactly str.isalnum's characters and "_"
    word = re.compile(r"\w")
    for code in range(0x110000):
        c = chr(code)
        assert (word.fullmatch(c) is not None) == (c.isalnum() or c == "_"), hex(code)


def test_stems_same_as_regex() -> None:
    texts = STEM_TEXTS
    for text in texts:
        assert stems(text) == _stems_by_regex(text), text


def test_scan_headings_found_once_in_page_order() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from scrapekit.extractors.links import _scan

    html = """<body>
      <div class="header-title">Related stories</div>
      <p class="section-title">Read more</p>
      <h3 class="heading">Not a label here at all, a long line of text that says something</h3>
      <nav><ul><li class="menu-header">Related</li></ul></nav>
      <span class="Title Heading">See also</span>
      <div class="page-header"><p>Some text of the article that is long enough.</p></div>
    </body>"""
    body = LexborHTMLParser(html).body
    assert body is not None
    found = [(n.tag, n.text(deep=True).strip()) for n in _scan(body, []).headings]
    assert found == [("p", "Read more"), ("div", "Related stories"), ("li", "Related"),
                     ("span", "See also")]


def test_has_own_text() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from scrapekit.extractors.links import _has_own_text

    html = """<body>
      <div id="a"> <p>child text only</p> \u00a0 <!-- a comment --> </div>
      <div id="b"><p>child</p> own words <span>more</span></div>
      <div id="c">\n\t <b>bold</b>\u2003</div>
      <div id="d"></div>
      <table><tr><td id="e">cell text<br>second line</td></tr></table>
    </body>"""
    tree = LexborHTMLParser(html)
    found = {n.attributes["id"]: _has_own_text(n) for n in tree.css("[id]")}
    # (a no-break space or an em space alone is blank too: str.strip drops it)
    assert found == {"a": False, "b": True, "c": False, "d": False, "e": True}


def test_host_segment_needs_a_dot() -> None:
    # clean_link_url runs HOST_SEGMENT only on a path holding a "." (every match holds one: the
    # "\.(?:com|org|...)/" ending no alternative goes around)
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    # the pattern's top-level sequence holds a literal "." (a "|" of the whole pattern would
    # make it one BRANCH item: a form without it would fail this)
    top = list(sre_parse.parse(patterns.HOST_SEGMENT.pattern))
    assert (sre_constants.LITERAL, ord(".")) in top
    for path in ("/entry/mobile.nytimes.com/2016/story", "/a/www.example.de/b",
                 "/x/WWW2.Site.CO.UK.com/"):
        match = patterns.HOST_SEGMENT.search(path)
        assert match is not None and "." in match.group(0)
    assert patterns.HOST_SEGMENT.search("/entry/mobile-nytimes-com/2016/story") is None


def test_own_profile_host_told_first() -> None:
    from scrapekit.extractors.links import _own_profile

    assert _own_profile("https://twitter.com/nikkan_gendai", "nikkan-gendai.com")
    assert not _own_profile("https://twitter.com/someone_else", "nikkan-gendai.com")
    assert not _own_profile("https://twitter.com/bbc", "bbc.co.uk")  # a name under 4 letters
    assert not _own_profile("https://www.nikkan-gendai.com/nikkangendai", "nikkan-gendai.com")
    assert not _own_profile("https://twitter.com/nikkangendai/status/1", "nikkan-gendai.com")


def _label_ids(body, selector: str, check: bool) -> list[int]:  # type: ignore[no-untyped-def]
    from scrapekit.extractors.links import _label_class

    out: list[int] = []
    for node in body.css(selector):
        if (not check or _label_class(node)) and (not out or out[-1] != node.mem_id):
            out.append(node.mem_id)  # (a node comes once per selector it matches)
    return out


def test_label_class_on_the_wide_selector_is_labels() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from scrapekit.extractors.links import LABEL_WORDS, LABELS, LABELS_WIDE

    # LABEL_WORDS are LABELS' words; LABELS_WIDE's words are parts of them
    assert LABELS == ", ".join(f"[class*={w} i]" for w in ("heading", "title", "header"))
    assert set(LABEL_WORDS) == {"heading", "title", "header"}
    assert LABELS_WIDE == "[class*=head i], [class*=title i]"
    classes = ["TiTlE", "x-HEADER y", "subheading", "headline", "masthead", "t\u0130tle",
               "\uff34\uff29\uff34\uff2c\uff25", "head-title", "Title-\u212aeeper", "thead",
               "header-title heading", "caf\u00e9-TITLE"]
    html = "<body>" + "".join(f'<div class="{c}">{c}</div>' for c in classes) + "</body>"
    body = LexborHTMLParser(html).body
    assert _label_ids(body, LABELS_WIDE, True) == _label_ids(body, LABELS, False)
    assert len(_label_ids(body, LABELS, False)) == 7


def test_label_class_on_the_link_pages() -> None:
    from benchmarks.links import load_set
    from selectolax.lexbor import LexborHTMLParser

    from scrapekit.extractors.links import LABELS, LABELS_WIDE

    for page in load_set():
        body = LexborHTMLParser(page["html"]).body
        if body is not None:
            assert _label_ids(body, LABELS_WIDE, True) == _label_ids(body, LABELS, False)


def test_link_line_runs() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from scrapekit.extractors.links import _anchors_held, _link_line_runs

    html = """<body><article>
      <p>The council met on Monday to discuss the harbour budget for next year.</p>
      <p><a href="/a">MORE: The first story of the day</a></p>
      <!-- a slot -->
      <p><a href="/b">MORE: The second story of the day</a></p>
      <p>The vote was postponed after a long debate about <a href="/c">the plan</a>.</p>
      <p><a href="/d">MORE: A lone line between paragraphs</a></p>
      <div>a box</div>
      <p><a href="/e">MORE: After a box, not a run</a></p>
    </article></body>"""
    root = LexborHTMLParser(html).css_first("article")
    assert root is not None
    held = _anchors_held(root, root.css("a[href]"))
    runs = [[p.text(deep=True).strip()[6:12] for p in run] for run in _link_line_runs(root, held)]
    assert runs == [["The fi", "The se"]]


_FOLDED = ("INDEX_PATHS", "SIGNUP_PATHS", "HOST_SEGMENT")
# (the second round's twins: a block's names)
_FOLDED_NAMES = ("RELATED_CLASS", "NOT_RELATED_CLASS", "FEED_CLASS", "SIDEBAR_CLASS")


def _upper_letters(items: list) -> list[str]:  # type: ignore[type-arg]
    """The upper-case ASCII letters a parsed regex (re._parser) names (literals, class
    members and ranges), in any branch, group, repeat or lookaround."""
    from re import _constants as c  # type: ignore[attr-defined]

    out: list[str] = []
    for op, av in items:
        if op in (c.LITERAL, c.NOT_LITERAL):
            out += [chr(av)] if "A" <= chr(av) <= "Z" else []
        elif op is c.IN:
            for kind, value in av:
                if kind is c.LITERAL and "A" <= chr(value) <= "Z":
                    out.append(chr(value))
                elif kind is c.RANGE and value[0] <= ord("Z") and value[1] >= ord("A"):
                    out.append(f"{chr(value[0])}-{chr(value[1])}")
        elif op is c.BRANCH:
            for branch in av[1]:
                out += _upper_letters(list(branch))
        elif op is c.SUBPATTERN:
            out += _upper_letters(list(av[3]))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            out += _upper_letters(list(av[2]))
        elif op in (c.ASSERT, c.ASSERT_NOT):
            out += _upper_letters(list(av[1]))
        elif op is c.ATOMIC_GROUP:
            out += _upper_letters(list(av))
    return out


def test_folded_twins_are_the_regexes_without_ignorecase_and_lower_case() -> None:
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    for name in _FOLDED + _FOLDED_NAMES:
        regex, twin = getattr(patterns, name), getattr(patterns, f"{name}_FOLDED")
        assert regex.flags & re.IGNORECASE and not twin.flags & re.IGNORECASE, name
        assert twin.pattern == regex.pattern, name
        assert _upper_letters(list(sre_parse.parse(regex.pattern))) == [], name
    # the walker sees them where they would be
    assert _upper_letters(list(sre_parse.parse(r"/a(?:b|(?!x[A-C]))Q*"))) == ["A-C", "Q"]


def test_path_search_is_the_regex() -> None:
    from benchmarks.links import load_set
    from selectolax.lexbor import LexborHTMLParser
    from urllib.parse import urlsplit

    from scrapekit.extractors.links_blocks import search_folded as _path_search

    paths = {"/TAGS/Foo", "/Author/JOHN-SMITH", "/NEWSLETTER", "/Newsletter-Sign-Up/x",
             "/entry/MOBILE.NYTIMES.COM/2016/a", "/Companies/ACME/overview", "/News/2024/05/x",
             "/ThemA/iran-222.HTML", "/Login_2/", "/tags/\u017fport", "/\u0130ndex", "/Kategorie/",
             "/2019/11/13/", "/Archive/2019/", "/users/K\u212aelvin", "/caf\u00e9/tag/x"}
    for page in load_set():
        for a in LexborHTMLParser(page["html"]).css("a[href]"):
            try:
                paths.add(urlsplit((a.attrs.get("href") or "").strip()).path)
            except ValueError:
                continue
    assert len(paths) > 10_000
    for name in _FOLDED:
        regex, twin = getattr(patterns, name), getattr(patterns, f"{name}_FOLDED")
        for path in paths:
            folded = path.lower() if path.isascii() else None
            assert _path_search(regex, twin, path, folded) == (regex.search(path) is not None), \
                (name, path)


# -- the second round (session 12) ----------------------------------------------------------------

def test_stems_both_paths_same_as_regex(monkeypatch) -> None:
    # the whole-text regex pass (texts up to STEMS_DIRECT_MAX) and the distinct words' path
    # give the stems of the regex over the distinct words
    from scrapekit.extractors import links_blocks

    texts = [*STEM_TEXTS, "abcd abcde abcdef ABCDE abcd_ _abcde ab-cdefg abcdefg. " * 50]
    for limit in (-1, links_blocks.STEMS_DIRECT_MAX):
        monkeypatch.setattr(links_blocks, "STEMS_DIRECT_MAX", limit)
        for text in texts:
            assert stems(text) == _stems_by_regex(text), (limit, text)


def test_anchor_memo_selects_once_per_node() -> None:
    from selectolax.lexbor import LexborHTMLParser

    from scrapekit.extractors.links_anchors import AnchorMemo, anchors_below

    tree = LexborHTMLParser('<div id="box"><a href="/a">A</a><a>no href</a>'
                            '<p><a href="/b">B</a></p></div><a href="/c">C</a>')
    box = tree.css_first("#box")
    memo = AnchorMemo()
    first = memo(box)
    assert [a.attrs.get("href") for a in first] == ["/a", "/b"]
    assert [a.mem_id for a in first] == [a.mem_id for a in anchors_below(box)]
    assert memo(tree.css_first("#box")) is first  # another node object of the same element
    assert [a.attrs.get("href") for a in memo(tree.body)] == ["/a", "/b", "/c"]


def test_repeated_href_gives_one_link_with_its_first_text() -> None:
    # take() stops early for an href read before (a junk URL, or a link kept already): the
    # same links as reading every anchor through
    from scrapekit.extractors.body import extract_body
    from scrapekit.extractors.document import parse
    from scrapekit.extractors.links import extract_related_links

    text = ("The harbour council approved the new budget on Tuesday after weeks of debate "
            "about the ferry terminal and the cost of dredging the old channel. ")
    html = ("<html><body><article>"
            f'<p>{text}<a href="/news/ferry-terminal-plan-123">the ferry terminal plan</a> '
            f'and <a href="/news/ferry-terminal-plan-123">its first draft</a>, '
            f'<a href="mailto:x@example.org">mail</a> <a href="/tag/ferry">ferries</a> '
            f'<a href="/tag/ferry">more ferries</a>. {text}</p>'
            f"<p>{text}{text}</p><p>{text}</p></article></body></html>")
    page = parse(html, "https://news.example.org/news/budget-approved-456")
    body = extract_body(page)
    links = extract_related_links(page, body.paragraphs, body.text)
    assert [(link.url, link.text) for link in links] == [
        ("https://news.example.org/news/ferry-terminal-plan-123", "the ferry terminal plan")]


def test_widget_text_parts_answer_as_the_whole_pattern() -> None:
    from scrapekit.extractors.links import _widget_text

    phrases = ["preferred source", "Bevorzugte Quelle", "Datenschutz anpassen", "privacy settings",
               "Print", "share this", "Rate", "Reply", "About us", "Privacy Policy", "Terms & Conditions",
               "site map", "Contact us", "get in touch with our team", "Get in touch with your MP",
               "Report a typo", "E-mail this article", "Send to a friend", "Enlarge this photo",
               "View larger image", "Get the Adobe Flash Player", "Trackback URL", "Sharks return",
               "Printing press closes", "The council's preferred source of funds", "", "»", "\u212a"]
    texts = [f"{lead}{p}{tail}" for p in phrases for lead in ("", "» ", "\n", "A story: ", "x")
             for tail in ("", " »", "\n", " today", ".")]
    for text in texts:
        assert _widget_text(text) == (patterns.WIDGET_TEXT.search(text) is not None), repr(text)
    assert _anchored(patterns.WIDGET_TEXT_START)
    assert patterns.WIDGET_TEXT.pattern == \
        f"{patterns.WIDGET_TEXT_ANYWHERE.pattern}|{patterns.WIDGET_TEXT_START.pattern}"


def _anchored(pattern: re.Pattern[str]) -> bool:
    """Does every form of the pattern start with "^" (a .match asks it what a search did)?"""
    from re import _constants as sre_constants, _parser as sre_parse

    at_start = (sre_constants.AT, sre_constants.AT_BEGINNING)
    parsed = sre_parse.parse(pattern.pattern, pattern.flags).data
    if parsed[0] == at_start:  # (the parser takes the forms' common "^" out in front of them)
        return True
    return len(parsed) == 1 and parsed[0][0] is sre_constants.BRANCH \
        and all(form.data[0] == at_start for form in parsed[0][1][1])


def test_widget_url_parts_answer_as_the_whole_pattern() -> None:
    from scrapekit.extractors.links import _widget_url

    paths = ["news.google.com/preferences/source", "www.google.co.uk/preferences/source?q=1",
             "google.com/search", "creativecommons.org/licenses/by-nc/4.0/",
             "x.creativecommons.org/publicdomain/zero/", "example.org/creativecommons.org/licenses/",
             "example.org/news/print", "example.org/Print/", "example.org/printer", "example.org/share/x",
             "example.org/images", "example.org/IMG/1.jpg", "example.org/imagesx", "example.org/rate",
             "example.org/vote/", "example.org/email", "example.org/story-123", "\u212aexample.org/img/"]
    for path in paths:
        assert _widget_url(path) == (patterns.WIDGET_URLS.search(path) is not None), path
    assert _anchored(patterns.WIDGET_URLS_START)
    assert not _anchored(patterns.WIDGET_URLS_ANYWHERE)


def test_names_search_is_the_regex() -> None:
    from benchmarks.links import load_set
    from selectolax.lexbor import LexborHTMLParser

    from scrapekit.extractors.links_blocks import fold_ascii, names, search_folded

    texts = {"RelatedStories", "MOST-READ", "\u212aelvin-related", "caf\u00e9-Recommend", "Side-Bar",
             "\u017fidebar", "ReadMore", "More-On x", "promoTeaser", "\u0130ndex-list"}
    for page in load_set()[::4]:
        for node in LexborHTMLParser(page["html"]).css("[class], [id]"):
            texts.add(names(node))
    assert len(texts) > 5_000
    for name in _FOLDED_NAMES:
        regex, twin = getattr(patterns, name), getattr(patterns, f"{name}_FOLDED")
        for text in texts:
            assert search_folded(regex, twin, text, fold_ascii(text)) == \
                (regex.search(text) is not None), (name, text)
