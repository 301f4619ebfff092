"""One lxml parse of a page, shared by htmldate (the date fallback) and trafilatura (the body).

Both libraries parse the page with lxml's HTML parser and the same settings, except that
trafilatura's drops comments and htmldate's keeps them (its pattern search reads them). When
the date step needs htmldate, the page is parsed here, comments kept, for htmldate. If
trafilatura would parse the very same string (after each library's own repairs of the first
lines; they differ on some doctypes), the tree is left in the page's memo: htmldate copies it
before pruning (cheaper than a parse), and the body step takes it, drops its comments
(``strip_tags``: their tails stay, as when the parser drops them) and hands it to trafilatura
instead of parsing the page again. When trafilatura's string is htmldate's without the doctype
declaration that opens it (an XHTML doctype: trafilatura removes it, htmldate keeps it), the
elements are the same (the declaration only gives the document its DTD, which changes how lxml
serialises the tree, not what it holds; trafilatura never serialises its input): a copy is
left in the memo (:func:`leave_copy`, cheaper than a parse; a copy of an element carries no
DTD, as trafilatura's own parse has none) and htmldate prunes the tree in place, DTD and all,
as on its own parse. Otherwise htmldate prunes it in place and trafilatura parses its own.

The parser picks every element's class in C (``HtmlElement``): lxml.html's own lookup calls a
Python method for every element it hands out, for form-field classes neither library uses.
Public lxml API only: no library internals here.
"""

from __future__ import annotations

import re
from typing import Any

_PARSERS: dict[bool, Any] = {}
_KEY = "lxml_page"


def parser(remove_comments: bool = False):  # type: ignore[no-untyped-def]
    """lxml's HTML parser with htmldate's and trafilatura's settings (UTF-8, no default doctype,
    no ids collected, processing instructions dropped; comments as asked), elements' classes
    chosen in C."""
    if remove_comments not in _PARSERS:
        from lxml.etree import ElementDefaultClassLookup  # type: ignore[import-untyped]
        from lxml.html import (HtmlComment, HtmlElement, HtmlEntity,  # type: ignore[import-untyped]
                               HTMLParser, HtmlProcessingInstruction)

        made = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                          remove_comments=remove_comments, remove_pis=True)
        made.set_element_class_lookup(ElementDefaultClassLookup(
            element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction,
            entity=HtmlEntity))
        _PARSERS[remove_comments] = made
    return _PARSERS[remove_comments]


def parse(text: str, remove_comments: bool = False):  # type: ignore[no-untyped-def]
    """``lxml.html.fromstring`` of the text as UTF-8 bytes (the parser is set to UTF-8: the
    same tree as from the str, which libxml2 would convert from Python's internal form itself,
    more slowly)."""
    from lxml.html import fromstring

    return fromstring(text.encode("utf-8", "surrogatepass"), parser=parser(remove_comments))


def tree(text: str, cache: dict[str, Any] | None):  # type: ignore[no-untyped-def]
    """The tree of ``text`` (comments kept); with ``cache``, left there for :func:`take_tree`.
    None when lxml gives no element to work on (the caller then lets its library parse the
    page itself)."""
    try:
        parsed = parse(text)
    except Exception:  # noqa: BLE001 - the library parses (and reports) it itself
        parsed = None
    if parsed is None or len(parsed) < 1:
        return None
    if cache is not None:
        cache[_KEY] = (text, parsed)
    return parsed


_DECLARATION = re.compile(r"<!doctype[^<>]*>", re.IGNORECASE)
_FULL_PAGE = re.compile(r"\s*<html", re.IGNORECASE)


def declaration_only(text: str, other: str) -> bool:
    """Is ``text`` the string ``other`` after one doctype declaration (``<!DOCTYPE ...>``), with
    ``other`` a whole page (``<html`` after blanks, as lxml.html's ``fromstring`` tells a whole
    document: the document's root element is returned for both)? Then both parse to the same
    elements."""
    cut = len(text) - len(other)
    return (cut > 0 and text.endswith(other) and _DECLARATION.fullmatch(text, 0, cut) is not None
            and _FULL_PAGE.match(other) is not None)


def leave_copy(text: str, tree, cache: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    """Leave a copy of ``tree`` in ``cache`` for :func:`take_tree` as the tree of ``text``
    (a string that parses to the same elements, see :func:`declaration_only`)."""
    from copy import deepcopy

    cache[_KEY] = (text, deepcopy(tree))


def take_tree(text: str, cache: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The tree :func:`tree` parsed, if it was parsed from this very string, without its
    comments; removed from ``cache`` (its taker changes it). None otherwise."""
    entry = cache.pop(_KEY, None)
    if entry is None or entry[0] != text:
        return None
    from lxml.etree import Comment, strip_tags

    tree = entry[1]
    strip_tags(tree, Comment)
    return tree
