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
