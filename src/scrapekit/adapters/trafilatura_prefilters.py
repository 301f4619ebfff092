"""Data for :mod:`scrapekit.adapters.trafilatura`: prefilters for trafilatura's own prune
expressions. They describe that library's internals (keyed by its expressions' source), so
they live with its adapter, not with the extractors' rule tables."""

from __future__ import annotations

# trafilatura's raw-tree prunes (RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH) walk every
# element of the page through libxml2's XPath engine and EXSLT regex callbacks (~4 ms a page).
# Each one can only match an element of a few tags whose id or class contains one of a few
# literals (its regexes need them), so body.py walks those elements once, keeps the ones
# holding a literal, and evaluates trafilatura's own expression on them alone: same matches.
# Key: sha1 (first 16 hex digits) of the expression's source, whitespace collapsed; a source
# not listed here (another trafilatura version) is evaluated as it is, on the whole tree.
# Value: (tags, literals one of which the id must contain, ... the class must contain).
BODY_PRUNE_PREFILTERS: dict[str, tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]] = {
    # .//*[self::div or self::section or self::aside][re:test(@id|@class,
    #   'mvp-post-add-(?:box|wrap)|infinite-?scroll')][not(.//h1) or ...]
    "f1e18cc2572d0470": (frozenset({"div", "section", "aside"}),
                         ("mvp-post-add-", "infinite"), ("mvp-post-add-", "infinite")),
    # .//*[self::div or self::section or self::aside][contains(@class, 'elementor-share-buttons')]
    "12b073ccb20e9633": (frozenset({"div", "section", "aside"}), (), ("elementor-share-buttons",)),
    # .//*[self::div or self::list or self::section or self::details or self::ol or self::ul][
    #   re:test(@id, '^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)') or
    #   re:test(@class, '^[Cc]omment(?!ary)|(?:article|post)-comments')][...]
    "98cf895224cd33bc": (frozenset({"div", "list", "section", "details", "ol", "ul"}),
                         ("omment", "comol", "disqus_thread"), ("omment",)),
}

# trafilatura's main extractor prunes every candidate frame, and on many pages the whole page
# again for its wild-text recovery, with OVERALL_DISCARD_XPATH (``prune_unwanted_sections``):
# three EXSLT regex tests per element, each a call from libxml2 into Python (~1.6 ms a page).
# An element can only match if its id or class holds one of the literals below (every
# alternative of the expression's regexes and contains() tests needs one) or it carries one
# of the attributes named (their tests read them). Key: as above. Value: (tags, or None for
# any element; id literals; class literals; attributes whose presence makes a candidate).
SECTION_PRUNE_PREFILTERS: dict[str, tuple[frozenset[str] | None, tuple[str, ...], tuple[str, ...],
                                          tuple[str, ...]]] = {
    # .//*[self::div or self::item or self::list or self::p or self::section or self::span][
    #   @data-lp-replacement-content or contains(translate(@role, 'N', 'n'), 'nav') or
    #   contains(@data-component, 'MostPopularStories') or re:test(@id|@class, 'cookie') or
    #   re:test(@id, '^shar|social|...|^ad-') or re:test(@class, '^shar|social|...|nfoline')]
    "f3dbdb2392f1c3e0": (
        frozenset({"div", "item", "list", "p", "section", "span"}),
        ("cookie", "shar", "social", "viral", "newsletter", "syndication", "tags", "sidebar",
         "banner", "bread", "button", "author", "jp-", "dpsp-content", "bmdh", "footer",
         "Footer", "Share", "nav", "Nav", "menu", "related", "message-container", "premium",
         "ad-"),
        ("cookie", "shar", "social", "viral", "newsletter", "syndication", "tags", "sidebar",
         "banner", "bread", "button", "author", "nav", "ZendeskForm", "avigation", "menu",
         "bar", " ad ", "ad-", "dfp", "outbrain", "taboola", "criteo", "paid", "widget",
         "footer", "Footer", "byline", "Byline", "sociable", "embed", "tag-list", "consent",
         "modal-content", "permission", "elated", "next-", "-stories", "most-popular",
         "more-on", "meta", "rating", "attachment", "timestamp", "user-info", "user-profile",
         "-icon", "article-infos", "message-container", "slide", "viewport", "overlay",
         "options", "expand", "obfuscated", "blurred", "mol-factbox", "yin", "zlylin",
         "nfoline"),
        ("data-lp-replacement-content", "role", "data-component"),
    ),
    # .//*[@class='comments-title' or starts-with(@id|@class, 'reply-') or
    #   re:test(@id|@style, 'hidden') or contains(@style, 'display:none') or ... or
    #   re:test(@id, 'reader-comments|akismet') or re:test(@class, '^hide-|comments-title|
    #   nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print| hidden| hide|
    #   noprint|notloaded') or @aria-hidden='true']
    "8d16edbf0d12a374": (
        None,
        ("reply-", "hidden", "reader-comments", "akismet"),
        ("comments-title", "reply-", "hide", "hidden", "nocomments", "message", "akismet",
         "suggest-links", "noprint", "notloaded"),
        ("style", "aria-hidden"),
    ),
}
