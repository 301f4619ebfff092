"""Review 27 (of this session's input-path fixes and related-links rounds 35-36): each test
failed before its fix."""

import subprocess
import sys

from conftest import SEED_PAGE


def test_scrape_output_naming_a_page_it_reads_by_a_file_url_is_refused(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(SEED_PAGE.read_bytes())
    r = subprocess.run([sys.executable, "-m", "scrapekit", "scrape", page.as_uri(), "-o",
                        str(page)], capture_output=True, timeout=120)
    assert r.returncode == 2 and b"also an input" in r.stderr, r.stderr.decode()
    assert page.read_bytes() == SEED_PAGE.read_bytes()


def test_idna2008_names_are_valid_hosts_and_an_undecodable_a_label_is_not():
    import pytest

    from scrapekit.errors import InvalidURL
    from scrapekit.fetch.urls import check_url

    assert check_url("https://xn--strae-oqa.de/artikel") == "https://xn--strae-oqa.de/artikel"
    assert check_url("https://xn--fa-hia.de/") == "https://xn--fa-hia.de/"
    with pytest.raises(InvalidURL, match="domain name"):
        check_url("http://xn--zz/")


def test_story_slugs_ending_in_a_hub_word_or_under_a_places_folder_are_no_fronts():
    from scrapekit.extractors.links_fronts import site_front

    def front(path: str) -> bool:
        return site_front(f"https://a.example{path}", "a.example", "a.example")

    for story in ("/news/airport-becomes-a-regional-hub", "/culture/saving-the-family-archive",
                  "/culture/the-lost-archives", "/places/best-beaches-in-sardinia",
                  "/orte/koeln-dom-restaurierung-abgeschlossen"):
        assert not front(story), story
    for hub in ("/middle-east-crisis-news-hub/", "/locations/milan-museums-exhibitions/",
                "/archive/", "/editorial/story/v-archive/index.html"):
        assert front(hub), hub


def test_a_caption_title_or_a_meta_header_is_no_block_heading():
    from selectolax.lexbor import LexborHTMLParser

    from scrapekit.extractors.links_classhead import classed_heading

    def first(html: str):
        return LexborHTMLParser(html).body.child

    assert not classed_heading(first("<div class='caption-title'>Photo: Jane Doe / Agency</div>"))
    assert not classed_heading(first("<div class='entry-header-meta'>May 2, 2024</div>"))
    assert not classed_heading(first("<div class='subtitle'>More stories</div>"))
    assert classed_heading(first("<div class='heading-h3'>More Great Stories</div>"))
    assert classed_heading(first("<div class='section-title'>Related</div>"))


def test_an_entry_named_child_of_an_entry_keeps_its_parent_s_link():
    from scrapekit.sources import _entries

    doc = (b"<rss><channel><item><link>http://e.example/A</link><url>img.jpg</url></item>"
           b"<item><link>http://e.example/B</link></item></channel></rss>")
    assert [u for _, u in _entries(doc, "http://e.example/feed")] == [
        "http://e.example/A", "http://e.example/B"]


def test_a_bare_ampersand_in_a_feed_s_url_is_kept_however_the_document_is_cut():
    # review 27 (older): the recovering parser dropped "&y" of "?x=1&y=2" (another address
    # was fetched); CDATA sections, comments and references stay as they are
    import random

    from scrapekit.sources import _bare_amps_escaped, _entries

    feed = (b"<rss><channel><item><link>https://e.example/a?x=1&y=2</link></item>"
            b"<item><link><![CDATA[https://e.example/b?x=1&y=2]]></link></item>"
            b"<!-- a & b --><item><link>https://e.example/c?x=1&amp;y=2&#38;z</link></item>"
            b"</channel></rss>")
    assert [u for _, u in _entries(feed, "https://e.example/feed")] == [
        "https://e.example/a?x=1&y=2", "https://e.example/b?x=1&y=2",
        "https://e.example/c?x=1&y=2&z"]
    whole = b"".join(_bare_amps_escaped([feed]))
    assert b"<!-- a & b -->" in whole and b"[CDATA[https://e.example/b?x=1&y=2]]" in whole
    rng = random.Random(7)
    for _ in range(300):  # a piece may end inside any token: the result is the same
        cuts = sorted(rng.sample(range(1, len(feed)), rng.randint(1, 40)))
        pieces = [feed[a:b] for a, b in zip([0, *cuts], [*cuts, len(feed)])]
        assert b"".join(_bare_amps_escaped(pieces)) == whole
    utf16 = '<rss><channel><item><link>https://e.example/a</link></item></channel></rss>'.encode(
        "utf-16")
    assert b"".join(_bare_amps_escaped([utf16])) == utf16
