"""URL identity (scrapekit.urlkeys): which query parameters are tracking noise, for the fetch's
duplicate check (dedup_key) and for matching links (match_key, the scorers' key)."""

from __future__ import annotations

import pytest

from scrapekit.urlkeys import dedup_key, is_tracking, match_key


@pytest.mark.parametrize("key, value", [
    ("utm_source", "x"), ("fbclid", "abc"), ("iref", "pc_rellink_01"), ("ico", "mosaic_tag"),
    ("intcmp", "home"), ("icmp", "a"), ("pickup_list_click1", "true"), ("clickSource", "story-heading"),
    ("WT.nav", "top-news"), ("refsource", "Blog"), ("cm_mmc", "Linkshare-_-x"),
    ("tag", "cleaf_relstory_manual"), ("tag", "pc_related_2"), ("from", "article_sidebar_3"),
])
def test_sites_own_click_tracking_is_tracking(key, value):
    assert is_tracking(key, value)


@pytest.mark.parametrize("key, value", [
    ("tag", "slatmaga-20"),          # a shop's affiliate tag: the link's own parameter, kept
    ("tag", "arrombamento"),         # a tag listing
    ("tag", "world_news"),           # a tag with an underscore, no page slot
    ("from", "relatedEntities"),     # not a slot code (camelCase, one word)
    ("id", "67088534"), ("page", "2"), ("icon", "x"), ("ticket", "1"), ("topic", "ico"),
])
def test_content_parameters_are_not_tracking(key, value):
    assert not is_tracking(key, value)


def test_match_key_drops_click_tracking_on_both_sides():
    labelled = "https://www.asahi.example/articles/AS123.html?iref=pc_rellink_01"
    found = "https://asahi.example/articles/AS123.html?iref=com_7_list_01"
    assert match_key(labelled) == match_key(found) == "asahi.example/articles/AS123.html?"
    assert match_key("https://j.example/article/35/?tag=cleaf_relstory_manual") \
        == match_key("https://j.example/article/35/")
    # a shop's affiliate tag and a listing's tag still tell pages apart
    assert match_key("https://shop.example/dp/B07?tag=slatmaga-20") != match_key("https://shop.example/dp/B07")
    assert match_key("https://n.example/?tag=a") != match_key("https://n.example/?tag=b")


def test_dedup_key_drops_click_tracking_and_keeps_the_rest():
    assert dedup_key("https://n.example/a?id=7&ico=top_story&pickup_list_click2=true") \
        == dedup_key("https://n.example/a?id=7") == "https://n.example/a?id=7"
    assert dedup_key("https://n.example/a?tag=cleaf_relstory_manual&p=2") == "https://n.example/a?p=2"
    assert dedup_key("https://n.example/list?tag=elections") == "https://n.example/list?tag=elections"
