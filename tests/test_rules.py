"""Per-site rules: every field pinned by a rule wins, shows as "rule"; invalid files name the line."""

import subprocess
import sys

import pytest

from scrapekit import Settings
from scrapekit.errors import RulesError
from scrapekit.extractors import extract
from scrapekit.rules import Rules, load_rules, parse_rules

from conftest import SEED_HTML, SEED_URL

PAGE = """<!doctype html><html lang="en"><head><title>Generic title | Site</title>
<meta property="og:title" content="Generic title">
<meta property="article:published_time" content="2020-01-01T00:00:00Z">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Generic title",
 "alternativeHeadline": "The JSON-LD alternative", "author": [{"@type": "Person", "name": "Ld One"},
 {"@type": "Person", "name": "Ld Two"}], "datePublished": "2020-01-01"}</script>
</head><body>
<h1>Generic title</h1>
<div class="story"><h2 class="story-title">The pinned headline</h2>
<p class="credit">By Jane Roe and John Poe</p>
<span class="stamp" data-x="1"><time datetime="2024-05-03T15:47:42+02:00">3 May</time></span>
<span class="upd">June 4, 2024</span>
<div class="newsletter"><p>Sign up for our newsletter to get the news every morning in your inbox.</p></div>
<div class="story-body"><p>First paragraph of the pinned body, long enough to count as text.</p>
<div class="ad">ADVERTISEMENT buy now</div>
<ul><li>A list item of the body.</li></ul>
<p>Second paragraph of the pinned body, with a <a href="/inline">link</a> inside it.</p></div>
<aside class="related"><a href="/a#top">Related A</a> <a href="https://other.example/b">Related B</a>
<a href="/a">Related A again</a> <a href="mailto:x@y.z">mail</a></aside>
</div>
<article><p>Generic article text that the generic extractor would pick as the body of this page.
It goes on for a while so that it looks like the main content of the page to any extractor.</p></article>
</body></html>"""
URL = "https://www.news.example/2024/05/story"

RULES = """
[[site]]
hosts = ["other.example"]
headline = "h1"

[[site]]
hosts = ["news.example", "*.news.example"]
headline = "h2.story-title"
byline = ".credit"
datePublished = ".stamp time"
dateModified = ".upd"
body = "div.story-body"
relatedLinks = "aside.related"
description = "$.alternativeHeadline"
remove = ["div.newsletter", ".ad"]
"""


def test_every_rule_field_wins_and_shows_as_rule():
    art = extract(PAGE, url=URL, rules=parse_rules(RULES))
    assert art.ok
    assert art.headline == "The pinned headline"
    assert art.byline == "By Jane Roe and John Poe"
    assert [a.name for a in art.authors] == ["Jane Roe", "John Poe"]  # read from the byline rule
    assert art.date_published == "2024-05-03T15:47:42+02:00"  # the datetime attribute
    assert art.date_published_raw == "2024-05-03T15:47:42+02:00"
    assert art.date_modified == "2024-06-04"  # no attribute: the text
    assert art.article_body == ("First paragraph of the pinned body, long enough to count as text."
                                "\n\nA list item of the body.\n\nSecond paragraph of the pinned "
                                "body, with a link inside it.")
    assert "ADVERTISEMENT" not in art.article_body and "newsletter" not in art.article_body
    assert [(l.url, l.text, l.kind) for l in art.related_links] == [
        ("https://www.news.example/a", "Related A", "related"),
        ("https://other.example/b", "Related B", "related")]
    assert art.description == "The JSON-LD alternative"
    assert art.word_count == len(art.article_body.split())
    sources = art.extraction.field_sources
    for key in ("headline", "byline", "authors", "datePublished", "dateModified", "articleBody",
                "relatedLinks", "description"):
        assert sources[key] == "rule", key


def test_without_rules_or_for_other_hosts_the_generic_extractor_answers():
    for rules, url in ((None, URL), (parse_rules(RULES), "https://unrelated.example/x")):
        art = extract(PAGE, url=url, rules=rules)
        assert art.headline == "Generic title"
        assert "rule" not in art.extraction.field_sources.values()


def test_authors_and_jsonld_paths():
    rules = parse_rules('[[site]]\nhosts = ["*.example"]\nauthors = "$.author.name"\n'
                        'headline = "$.alternativeHeadline"\ndatePublished = "$.datePublished"\n')
    art = extract(PAGE, url=URL, rules=rules)
    assert [a.name for a in art.authors] == ["Ld One", "Ld Two"]
    assert art.headline == "The JSON-LD alternative"
    assert art.date_published == "2020-01-01"
    assert art.extraction.field_sources["authors"] == "rule"


def test_a_selector_that_matches_nothing_leaves_the_generic_value():
    art = extract(PAGE, url=URL, rules=parse_rules('[[site]]\nhosts = ["news.example"]\n'
                                                   'headline = "h5.absent"\n'))
    assert art.headline == "Generic title"
    assert art.extraction.field_sources["headline"] != "rule"


def test_a_rule_body_makes_an_article_of_a_page_the_generic_extractor_rejects():
    html = ('<html><body><footer id="x"><span>Log in first.</span><span>Or register.</span>'
            '</footer></body></html>')  # (5 words and no headline: not an article)
    assert extract(html, url="https://a.example/p").error.kind == "not_article"
    art = extract(html, url="https://a.example/p",
                  rules=parse_rules('[[site]]\nhosts = ["a.example"]\nbody = "#x span"\n'))
    assert art.ok
    assert art.article_body == "Log in first.\n\nOr register."


@pytest.mark.parametrize("text, line, words", [
    ('[[site]]\nhosts = ["a.example"]\nheadlin = "h1"\n', 3, "unknown key 'headlin'"),
    ('[[site]]\nhosts = ["a.example"]\n\n[[site]]\nhosts = ["b.example"]\nbody = "div[["\n', 6,
     "invalid CSS selector"),
    ('[[site]]\nheadline = "h1"\n', 1, "needs hosts"),
    ('[[site]]\nhosts = ["a"]\nremove = "div.x"\nbyline = 3\n', 4, "byline must be"),
    ('[[site]]\nhosts = ["a"\n', 2, "not valid TOML"),
    ('title = "x"\n[[site]]\nhosts = ["a"]\n', 1, "unknown top-level key"),
])
def test_invalid_rules_name_the_line(text, line, words):
    with pytest.raises(RulesError) as info:
        parse_rules(text, "rules.toml")
    assert info.value.line == line
    assert f"rules.toml, line {line}: " in str(info.value) and words in str(info.value)


def test_settings_load_a_path_and_the_cli_reports_a_usage_error(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(RULES)
    settings = Settings(rules=str(path), workers=1)
    assert isinstance(settings.rules, Rules) and len(settings.rules.sites) == 2
    assert load_rules(path) == settings.rules
    with pytest.raises(RulesError):
        Settings(rules=str(tmp_path / "missing.toml"))
    bad = tmp_path / "bad.toml"
    bad.write_text('[[site]]\nhosts = ["a.example"]\n\nbodyy = "div"\n')
    page = tmp_path / "page.html"
    page.write_bytes(SEED_HTML)
    proc = subprocess.run([sys.executable, "-m", "scrapekit", "extract", str(page), "--rules",
                           str(bad)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert f"{bad}, line 4: unknown key 'bodyy'" in proc.stderr


def test_cli_extract_applies_the_rules_in_worker_processes(tmp_path):
    import json

    path = tmp_path / "rules.toml"
    path.write_text('[[site]]\nhosts = ["*.themoscowtimes.com"]\nheadline = "title"\n')
    page = tmp_path / "page.html"
    page.write_bytes(SEED_HTML)
    proc = subprocess.run([sys.executable, "-m", "scrapekit", "extract", str(page), "--url", SEED_URL,
                           "--rules", str(path), "--workers", "2", "-q"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["extraction"]["fieldSources"]["headline"] == "rule"
    assert record["headline"].endswith("The Moscow Times")  # the <title>, suffix and all


def test_the_readme_example_file_is_valid_and_applies():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    block = re.search(r"## Per-site rules.*?```toml\n(.*?)```", readme, re.S).group(1)
    rules = parse_rules(block, "README")
    site = rules.for_url("https://www.example.com/a")
    assert site is not None and rules.for_url("https://news.example.org/b") is site
    assert rules.for_url("https://example.org/b") is None  # "*.example.org" needs a subdomain
    html = ('<html><body><h1 class="story-title">Pinned</h1><p class="standfirst">Dek.</p>'
            '<div class="story-body"><p>One two three four five six seven eight nine.</p>'
            '<div class="ad">Buy</div></div></body></html>')
    art = extract(html, url="https://example.com/a", rules=rules)
    assert (art.headline, art.description) == ("Pinned", "Dek.")
    assert art.article_body == "One two three four five six seven eight nine."


LD_PAGE = """<html><head><script type="application/ld+json">{"@context": "https://schema.org",
 "@type": "NewsArticle", "headline": "H",
 "author": [{"@type": "Person", "url": "https://x.example/staff/jd"}, "https://x.example/staff/ab"],
 "relatedLink": [{"@type": "WebPage", "name": "Other story", "url": "https://x.example/other"},
  {"@type": "WebPage", "name": "Nameless", "@id": "https://x.example/by-id"},
  {"@type": "WebPage", "name": "No link at all"}, "Just words"]}</script></head>
<body><h1>H</h1><article><p>""" + "word " * 80 + """</p></article></body></html>"""


def test_jsonld_rules_take_links_from_urls_and_names_from_names_never_invent():
    rules = parse_rules('[[site]]\nhosts=["x.example"]\nrelatedLinks="$.relatedLink"\n'
                        'authors="$.author"\n')
    art = extract(LD_PAGE, url="https://x.example/news/a", rules=rules)
    assert [(link.url, link.text) for link in art.related_links] == [
        ("https://x.example/other", "Other story"), ("https://x.example/by-id", "Nameless")]
    assert art.extraction.field_sources["relatedLinks"] == "rule"
    # an author given only as a URL has no name: the rule finds nothing, so it does not apply
    assert all(not a.name.startswith("http") for a in art.authors)
    assert art.extraction.field_sources.get("authors") != "rule"


def test_host_lookup_is_indexed_and_keeps_file_order():
    sites = [f'[[site]]\nhosts=[{",".join(f"{chr(34)}h{i}x{j}.ex{chr(34)}" for j in range(10))}]\n'
             f'headline="h{i}"\n' for i in range(5000)]
    text = ('[[site]]\nhosts=["*.early.ex", "a?c.ex"]\nheadline="early"\n' + "".join(sites)
            + '[[site]]\nhosts=["h4999x9.ex", "*.late.ex", "x.early.ex", "[ab]bc.ex"]\n'
            'headline="late"\n')
    rules = parse_rules(text)
    import time
    started = time.perf_counter()
    for _ in range(200):
        assert rules.for_url("https://nomatch.example/a") is None
    assert time.perf_counter() - started < 2.0  # was ~0.2 s per page with fnmatch per glob
    def head(url):
        site = rules.for_url(url)
        return site and dict(site.fields)["headline"]
    assert head("https://www.h17x3.ex/") == "h17"
    assert head("https://h4999x9.ex/") == "h4999"  # the first site naming it wins
    assert head("https://x.early.ex/") == "early" and head("https://a.b.late.ex/") == "late"
    assert head("https://abc.ex/") == "early" and head("https://bbc.ex/") == "late"
    assert head("https://late.ex/") is None  # "*.late.ex" needs a subdomain
    # the same answers as trying every site's globs in order (a small file: fnmatch caches
    # every pattern it compiles, which for the big one would hold on to hundreds of MB)
    small = parse_rules('[[site]]\nhosts=["*.early.ex", "a?c.ex"]\n'
                        '[[site]]\nhosts=["h0x0.ex", "x.early.ex", "[ab]bc.ex", "*"]\n')
    for url in ("https://www.x.early.ex", "https://WWW.BBC.EX.", "https://h0x0.ex",
                "https://abc.ex", "https://early.ex", "https://other.example"):
        host = url.split("//")[1].lower().rstrip(".")
        expected = next((s for s in small.sites if s.matches(host)), None)
        assert expected is not None and small.for_url(url) is expected


def test_too_many_hosts_or_globs_is_a_clear_error():
    many = "".join(f'[[site]]\nhosts=[{",".join(f"{chr(34)}*h{i}x{j}{chr(34)}" for j in range(10))}]\n'
                   for i in range(101))
    with pytest.raises(RulesError, match="more than 1000 host globs"):
        parse_rules(many)
    import scrapekit.rules as rules_module
    old = rules_module.MAX_HOSTS
    rules_module.MAX_HOSTS = 5
    try:
        with pytest.raises(RulesError, match="more than 5 hosts"):
            parse_rules('[[site]]\nhosts=["a", "b", "c"]\n[[site]]\nhosts=["d", "e", "f"]\n')
    finally:
        rules_module.MAX_HOSTS = old


def test_requires_python_covers_tomllib():
    """rules.py imports tomllib (stdlib from 3.11): the package must not claim older Pythons."""
    import re
    import tomllib
    from pathlib import Path

    meta = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    low = re.fullmatch(r">=\s*(\d+)\.(\d+)", meta["project"]["requires-python"].strip())
    assert low and (int(low[1]), int(low[2])) >= (3, 11)
