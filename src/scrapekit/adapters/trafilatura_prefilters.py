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

# The main extractor's frame search (BODY_XPATH) takes the first element of each expression's
# answer: the first element, in document order, of the listed tags that passes the test. Those
# tests call two EXSLT regexes per element of the tags. An element can only pass if its id or
# class holds one of these literals (compared ignoring case, as some tests do) or it carries one
# of the attributes named. Key: as above (expressions ``.//*[...][1]`` or ``(.//*[...])[1]``).
# Value: (tags, id literals, class literals, attributes whose presence makes a candidate).
FRAME_PREFILTERS: dict[str, tuple[frozenset[str], tuple[str, ...], tuple[str, ...],
                                  tuple[str, ...]]] = {
    # .//*[self::article or self::div or self::main or self::section][@class='post' or
    #   @class='entry' or @itemprop='articleBody' or @id='articleContent' or
    #   re:test(@id, '(?:entry|article|art)-content|article__content|article(?:-|__)?body|
    #   articleBody|body-text') or re:test(@class, 'post[-_]text|post-body|post-?entry|
    #   post[-_]?content|postContent|post_inner_wrapper|article-?text|articleText|
    #   (?:entry|page|text|article|art)-content|article__content|article(?:-|__)?body|
    #   articleBody|ArticleContent|body-text|article__container')][1]
    "0673ee2ffbbe2eb7": (frozenset({"article", "div", "main", "section"}),
                         ("content", "body"), ("post", "entry", "article", "content", "body"),
                         ("itemprop",)),
    # (.//*[self::article or self::div or self::main or self::section][@role='article' or
    #   @id='article' or @id='story' or @class='postarea' or @class='art-postcontent' or
    #   @class='text' or @class='cell' or @class='story' or re:test(@id, '^primary|story-body')
    #   or re:test(@class, 'fulltext', 'i') or re:test(@class, '^article |post-bodycopy|
    #   story-?content|(?:theme|blog|section|single)-content|single-post|main-column|
    #   wpb_text_column|story-body|field-body')])[1]
    "0a4c7447b2d457e9": (frozenset({"article", "div", "main", "section"}),
                         ("article", "story", "primary"),
                         ("post", "art-postcontent", "text", "cell", "story", "article",
                          "content", "main-column", "field-body"),
                         ("role",)),
    # (.//*[self::article or self::div or self::main or self::section][@id='content' or
    #   @class='content' or re:test(@id, 'content-main|content-body|contentBody') or
    #   re:test(@class, 'content[-_]main|content(?:-|__)body') or
    #   contains(translate(@id, 'CM','cm'), 'main-content') or
    #   contains(translate(@class, 'CM','cm'), 'main-content') or
    #   contains(translate(@class, 'CP','cp'), 'page-content')])[1]
    "1c6c92144a4770dc": (frozenset({"article", "div", "main", "section"}), ("content",),
                         ("content",), ()),
}
