"""URL identity (scrapekit.urlkeys): which query parameters are tracking noise, for the fetch's
duplicate check (dedup_key) and for matching links (match_key, the scorers' key)."""

from __future__ import annotations

import pytest

import time

from scrapekit.urlkeys import dedup_key, is_likely_tracking, is_tracking, match_key


@pytest.mark.parametrize("key, value", [
    ("utm_source", "x"), ("fbclid", "abc"), ("iref", "pc_rellink_01"), ("ico", "mosaic_tag"),
    ("intcmp", "home"), ("icmp", "a"), ("pickup_list_click1", "true"), ("clickSource", "story-heading"),
    ("WT.nav", "top-news"), ("refsource", "Blog"), ("cm_mmc", "Linkshare-_-x"),
    ("tag", "cleaf_relstory_manual"), ("tag", "pc_related_2"), ("from", "article_sidebar_3"),
])
def test_sites_own_click_tracking_is_likely_tracking(key, value):
    assert is_likely_tracking(key, value)


@pytest.mark.parametrize("key, value", [
    ("tag", "slatmaga-20"),          # a shop's affiliate tag: the link's own parameter, kept
    ("tag", "arrombamento"),         # a tag listing
    ("tag", "world_news"),           # a tag with an underscore, no page slot
    ("from", "relatedEntities"),     # not a slot code (camelCase, one word)
    ("id", "67088534"), ("page", "2"), ("icon", "x"), ("ticket", "1"), ("topic", "ico"),
])
def test_content_parameters_are_not_tracking(key, value):
    assert not is_likely_tracking(key, value) and not is_tracking(key, value)


def test_match_key_drops_click_tracking_on_both_sides():
    labelled = "https://www.asahi.example/articles/AS123.html?iref=pc_rellink_01"
    found = "https://asahi.example/articles/AS123.html?iref=com_7_list_01"
    assert match_key(labelled) == match_key(found) == "asahi.example/articles/AS123.html?"
    assert match_key("https://j.example/article/35/?tag=cleaf_relstory_manual") \
        == match_key("https://j.example/article/35/")
    # a shop's affiliate tag and a listing's tag still tell pages apart
    assert match_key("https://shop.example/dp/B07?tag=slatmaga-20") != match_key("https://shop.example/dp/B07")
    assert match_key("https://n.example/?tag=a") != match_key("https://n.example/?tag=b")


def test_dedup_key_drops_only_what_never_names_a_page():
    """The duplicate check merges two inputs only on parameters that are tracking on every site:
    a wrong merge would give one input the other page's record. A site's own click codes,
    slot-like tag values and short generic names (cid, src, ref) may name content: kept."""
    assert dedup_key("https://n.example/a?id=7&utm_source=x&fbclid=abc") \
        == dedup_key("https://n.example/a?id=7") == "https://n.example/a?id=7"
    for a, b in [("?tag=world_ranking", "?tag=fifa_ranking"), ("?tag=summer_footer_sale", ""),
                 ("?from=inbox_module", "?from=archive_module"), ("?cid=12", "?cid=13"),
                 ("?clickurl=https%3A%2F%2Fa.example%2F", "?clickurl=https%3A%2F%2Fb.example%2F"),
                 ("?ico=1", "?ico=2"), ("?ref=main", "?ref=dev"), ("?src=a.pdf", "?src=b.pdf")]:
        assert dedup_key("https://golf.example/news/" + a) != dedup_key("https://golf.example/news/" + b)
    assert dedup_key("https://n.example/list?tag=elections") == "https://n.example/list?tag=elections"
    # but the scorer's key still treats them as the same link (a wrong merge costs one link there)
    assert match_key("https://n.example/a?ico=top_story&id=7") == match_key("https://n.example/a?id=7")


def test_a_long_slot_like_value_is_checked_in_linear_time():
    value = "a" + "_rel" * 8000 + "!"
    t0 = time.process_time()
    assert not is_likely_tracking("tag", value)
    match_key(f"https://n.example/?tag={value}")
    assert time.process_time() - t0 < 0.2  # the unbounded pattern took ~2 s here
