"""htmldate behind one door: the date fallback's call, and the one internal it swaps.

htmldate's text search ends with dateparser (``htmldate.extractors._external_date``): its first
call compiles the rules of all ~200 locales (~8 s and ~40 MB per process), and what it returns
for the strings htmldate's own patterns could not read is mostly a wrong January 1st ("3.
maaliskuuta 2023" -> 2023-01-01). The swap is made only on the htmldate versions it was tested
with (``TESTED``); on any other version htmldate runs as published (slower; its January 1sts
are still caught by the caller's printed-date check).

Two more things, same answers, less work (also only on the tested versions):
- the page goes in as an lxml tree parsed by :mod:`scrapekit.adapters.lxml_page` (comments
  kept, as htmldate's own parse keeps them), whose elements get their class in C, not from
  lxml.html's Python lookup; when trafilatura parses the very same string, the tree is shared
  with it (htmldate copies it before pruning: cheaper than a second parse), else htmldate
  prunes it in place (``core.deepcopy`` skipped for the call), a copy left for trafilatura
  first when its string is htmldate's without the opening doctype declaration (same elements);
- htmldate's ``core.date_candidates`` (every element of the page walked in Python, each asked
  :func:`htmldate.core.is_date_candidate`) asks only the elements that predicate can accept
  (an id, class or itemprop holding one of its cue words, or a <footer>/<small>): same
  elements, same order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from .switch import Switch, install, original, source_matches

TESTED = ((1, 9), (1, 12))
"""htmldate versions [low, high) whose internals this module was written against."""
TESTED_TREE = ((1, 11), (1, 12))
"""htmldate versions [low, high) given the shared tree and the narrowed date_candidates (their
``load_html``, ``repair_faulty_html``, ``date_candidates`` and ``is_date_candidate`` as read)."""

def version() -> tuple[int, ...] | None:
    """The installed htmldate's version as numbers, None when it is not installed."""
    try:
        from htmldate import __version__
    except ImportError:
        return None
    parts = []
    for piece in str(__version__).split(".")[:3]:
        digits = "".join(c for c in piece if c.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def internals_supported() -> bool:
    """May this module reach htmldate's internals (a tested version)? Checked once."""
    known = _SUPPORTED.get(TESTED)
    if known is None:
        found = version()
        known = _SUPPORTED[TESTED] = found is not None and TESTED[0] <= found[:2] < TESTED[1]
    return known


_SUPPORTED: dict[tuple[tuple[int, int], tuple[int, int]], bool] = {}


def tree_supported() -> bool:
    """May htmldate get the shared tree and the narrowed candidate search? Checked once."""
    known = _SUPPORTED.get(TESTED_TREE)
    if known is None:
        found = version()
        known = found is not None and TESTED_TREE[0] <= found[:2] < TESTED_TREE[1]
        if known:
            try:
                from htmldate import core, utils

                known = all(callable(getattr(core, name, None)) for name in (
                    "date_candidates", "is_date_candidate", "deepcopy")) and all(
                    source_matches(original(core, name), digest)
                    for name, digest in REPLACED_SOURCES.items()) and isinstance(
                    getattr(core, "ALWAYS_TAGS", None), frozenset) and callable(
                    getattr(utils, "repair_faulty_html", None))
            except ImportError:
                known = False
        _SUPPORTED[TESTED_TREE] = known
    return known


# is_date_candidate accepts an element only if its id, class or itemprop holds one of these
# (its tests: "date"/"datum" with D lowered, in the first of id and class or in itemprop;
# ID_CLASS_CUES in the first of id and class; CLASS_CUES in the class; "footer-info-lastmod" in
# the id), for the cue regexes as written in TESTED_TREE's htmldate (checked before use).
_CUES = ("[Mm]eta|time|publish|footer",
         "info|post_detail|block-content|byline|subline|posted|submitted|created-post|"
         "publication|author|autor|field-content|fa-clock-o|fa-calendar|fecha|parution")
_DATE_WORDS = ("date", "Date", "datum", "Datum")
_ID_WORDS = (*_DATE_WORDS, "meta", "Meta", "time", "publish", "footer")
_LITERALS: list[tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]] = []


def _literal_tests() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
    """(id, class, itemprop) regexes of the literals an accepted element holds, or None when
    htmldate's cue regexes are not the ones they were read from."""
    from htmldate import core

    if (getattr(getattr(core, "ID_CLASS_CUES", None), "pattern", None),
            getattr(getattr(core, "CLASS_CUES", None), "pattern", None)) != _CUES:
        return None
    if not _LITERALS:
        def regex(words: tuple[str, ...]) -> re.Pattern[str]:
            return re.compile("|".join(map(re.escape, words)))

        _LITERALS.append((regex(_ID_WORDS), regex(_ID_WORDS + tuple(_CUES[1].split("|"))),
                          regex(_DATE_WORDS)))
    return _LITERALS[0]


def _date_candidates(tree, extensive_search: bool):  # type: ignore[no-untyped-def]
    """htmldate's ``core.date_candidates``, same list: with extensive search it keeps, of every
    descendant element, the <footer>/<small> ones and those ``is_date_candidate`` accepts, which
    needs an id, class or itemprop attribute holding one of its cue words; the elements are
    walked as htmldate walks them, and only those holding a cue word asked (an XPath selecting
    the elements with such an attribute costs three times the walk: libxml2 builds a node set
    for each attribute test)."""
    from htmldate import core

    tests = _literal_tests()
    if not extensive_search or core.ALWAYS_TAGS != frozenset({"footer", "small"}) or tests is None:
        return original(core, "date_candidates")(tree, extensive_search)
    from lxml.etree import Element  # type: ignore[import-untyped]

    accepts = core.is_date_candidate
    always = core.ALWAYS_TAGS
    ids, classes, props = tests
    found = []
    for e in tree.iterdescendants(Element):
        if e.tag in always:
            found.append(e)
            continue
        get = e.get
        value = get("id")
        if not (value and ids.search(value)):
            value = get("class")
            if not (value and classes.search(value)):
                value = get("itemprop")
                if not (value and props.search(value)):
                    continue
        if accepts(e):
            found.append(e)
    return found


def _same(tree):  # type: ignore[no-untyped-def]
    return tree


def _no_date(string: str) -> None:
    return None


REPLACED_SOURCES = {"date_candidates": "d274518897b7bbba", "is_date_candidate": "c6adcb357b226d0a"}
"""SHA-1 prefixes of the sources of the htmldate functions the narrowed candidate search
reproduces (htmldate.core, 1.11.0): another source runs htmldate's own."""
_NO_DATEPARSER, _NARROWED, _NO_COPY = Switch(), Switch(), Switch()


def _installed(name: str) -> bool:
    """Dispatchers in htmldate (put in place when missing; see :mod:`.switch`): its text search without
    dateparser ("dateparser"), the narrowed date_candidates and no copy of a tree ("tree"), in
    force only for scrapekit's own calls, in the calling thread."""
    from htmldate import core, extractors

    if name == "dateparser":  # checked on every call: a program may have set its own function
        return install(extractors, "_external_date", _NO_DATEPARSER, _no_date)
    return (install(core, "date_candidates", _NARROWED, _date_candidates)
            and install(core, "deepcopy", _NO_COPY, _same))


@contextmanager
def _without_dateparser(copy: bool = True) -> Iterator[None]:
    """htmldate's text search without dateparser (and, on TESTED_TREE versions, with the
    narrowed date_candidates, and with ``copy`` False no copy of a tree it is given: a tree
    parsed for it alone), for this thread's call only."""
    if not internals_supported() or not _installed("dateparser"):
        yield
        return
    with ExitStack() as stack:
        stack.enter_context(_NO_DATEPARSER.on())
        if tree_supported() and _installed("tree"):
            stack.enter_context(_NARROWED.on())
            if not copy:
                stack.enter_context(_NO_COPY.on())
        yield


def _tree(html: str, cache: dict[str, object] | None):  # type: ignore[no-untyped-def]
    """(tree, shared): the page as htmldate would parse it (its repairs of the first lines,
    comments kept), parsed by :mod:`.lxml_page`; ``shared``: left in ``cache`` for trafilatura,
    which parses the very same string (then htmldate must copy it before pruning, as it does
    with any tree; otherwise it may prune it in place: when trafilatura's string is this one
    without its doctype declaration, a copy is left for it first). (None, False): let
    htmldate parse the string itself."""
    if cache is None or not tree_supported():
        return None, False
    from htmldate.utils import repair_faulty_html

    from . import lxml_page
    from .trafilatura import parse_text

    beginning = html[:50].lower()
    text = repair_faulty_html(html, beginning)
    theirs = parse_text(html)
    shared = text == theirs
    tree = lxml_page.tree(text, cache if shared else None)
    if tree is not None and "html" not in beginning and len(tree) < 2:
        return None, False  # htmldate rejects such a tree: let it say so itself
    if tree is not None and not shared and lxml_page.declaration_only(text, theirs):
        lxml_page.leave_copy(theirs, tree, cache)  # trafilatura's, before htmldate prunes
    return tree, shared


def find_date(html: str, url: str | None, cache: dict[str, object] | None = None) -> str | None:
    """htmldate's ``original_date`` guess (YYYY-MM-DD) for a page, or None. A page that does
    not start with a tag goes in as UTF-8 bytes: given a string that looks like a URL,
    find_date would download it instead, and extraction does no I/O (a page starting with "<"
    goes in as it is: htmldate would decode the bytes back to the same string, ~0.2 ms a
    page; or, with ``cache`` (the page's memo), as the tree :mod:`.lxml_page` shares with
    trafilatura). Any failure of htmldate is "no date"."""
    try:
        from htmldate import find_date as _find_date

        page: object
        tree, shared = None, False
        if html.lstrip()[:1] == "<":
            tree, shared = _tree(html, cache)
            page = html if tree is None else tree
        else:
            page = html.encode("utf-8", "replace")
        with _without_dateparser(copy=tree is None or shared):
            found = _find_date(page, url=url, original_date=True,
                               extensive_search=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - htmldate is a best-effort fallback
        return None
    return found or None


def warm() -> None:
    """Build htmldate's month-name table now (each worker does it once, at start)."""
    if internals_supported():
        from htmldate.extractors import month_words

        month_words()
