"""trafilatura, reached below its public API: the one module that does (version-checked).

scrapekit runs trafilatura's extraction cascade itself (``_sequence``: same result as
``trafilatura.core.trafilatura_sequence`` for scrapekit's settings, less work) and reads its
output tree. Those internals change between releases, so they are used only on the versions
listed in SUPPORTED (checked once, on first use); on any other version, or if a name is missing,
the public ``bare_extraction`` gives the same tree, more slowly.

Public helpers: :func:`main_content` (the main-content tree), :func:`unit_text` (a block's
text, as trafilatura renders it), :func:`default_extraction` (trafilatura's default
settings, full cascade: the second opinion for suspicious pages).
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from .lxml_page import take_tree
from .switch import Switch, install, original, source_matches
from .trafilatura_prefilters import (BODY_PRUNE_PREFILTERS, FRAME_PREFILTERS,
                                     SECTION_PRUNE_PREFILTERS)

log = logging.getLogger("scrapekit.adapters.trafilatura")

SUPPORTED = ((2, 3),)
"""trafilatura (major, minor) versions whose internals this module was written against."""


def version() -> tuple[int, ...]:
    import trafilatura

    return tuple(int(x) for x in re.findall(r"\d+", trafilatura.__version__)[:3])


def internals_supported() -> bool:
    """Is the installed trafilatura one whose internals this module knows?"""
    if "ok" not in _STATE:
        try:
            _STATE["ok"] = version()[:2] in SUPPORTED
        except Exception:  # noqa: BLE001 - no trafilatura or an odd version string
            _STATE["ok"] = False
        if not _STATE["ok"]:
            log.warning("trafilatura %s: internals not supported, using bare_extraction",
                        _STATE.get("v"))
    return bool(_STATE["ok"])


_STATE: dict[str, Any] = {}

_OPTIONS: list[Any] = []  # trafilatura's Extractor (imported when first needed)
_PARSER: list[object] = []
_PREFILTERS: dict[str, tuple | None] = {}
_LITERALS: dict[tuple[str | bool, ...], re.Pattern[str]] = {}
_XPATH_NS = {"re": "http://exslt.org/regular-expressions"}
_DOCTYPE = re.compile(r"^< ?! ?DOCTYPE[^>]*/[^<>]*>", re.IGNORECASE)


def _options(url: str | None):  # type: ignore[no-untyped-def]
    """trafilatura's Extractor settings, built once (reading its config costs ~0.5 ms a call):
    fast (no readability/justext fallback), favour recall, no comments, tables kept."""
    from trafilatura.settings import Extractor

    if not _OPTIONS:
        _OPTIONS.append(Extractor(output_format="python", fast=True, recall=True, comments=False,
                                  tables=True, images=False, links=False, dedup=False))
    opts = copy.copy(_OPTIONS[0])
    opts.url = opts.source = url
    return opts


def _parser():  # type: ignore[no-untyped-def]
    """trafilatura's HTML parser (same settings) whose elements are all ``HtmlElement``, chosen
    in C: lxml.html's own lookup calls a Python method for every element it hands out (for
    form-field classes trafilatura never uses), ~5% of the cascade's time."""
    if not _PARSER:
        from lxml.etree import ElementDefaultClassLookup  # type: ignore[import-untyped]
        from lxml.html import (HtmlComment, HtmlElement, HtmlEntity,  # type: ignore[import-untyped]
                               HtmlProcessingInstruction)
        from trafilatura.utils import HTML_PARSER

        parser = HTML_PARSER.copy()
        parser.set_element_class_lookup(ElementDefaultClassLookup(
            element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction,
            entity=HtmlEntity))
        _PARSER.append(parser)
    return _PARSER[0]


def parse_text(html: str) -> str:
    """The string :func:`_lxml_tree` parses: the page without a doctype on its first line
    that libxml2 chokes on (trafilatura removes it too); the page itself when it has none."""
    if "doctype" in html[:50].lower():
        first, sep, rest = html.partition("\n")
        return _DOCTYPE.sub("", first, count=1) + sep + rest
    return html


def _lxml_tree(html: str, cache: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    """The page for trafilatura, parsed by lxml as trafilatura would, without its repair pass
    over the whole string (the HTML is already scrubbed of invalid characters).

    lxml gets UTF-8 bytes (its parser is set to UTF-8): the same tree as from the str, which
    libxml2 would convert from Python's internal 2- or 4-byte form itself, more slowly. With
    ``cache`` (the page's memo): the tree the date step had parsed from the same string
    (:mod:`.lxml_page`), comments dropped, when there is one."""
    from lxml.html import fromstring

    beginning = html[:50].lower()
    html = parse_text(html)
    tree = take_tree(html, cache) if cache is not None else None
    if tree is None:
        tree = fromstring(html.encode("utf-8", "surrogatepass"), parser=_parser())
    if tree is None or len(tree) < 1 or ("html" not in beginning and len(tree) < 2):
        return None
    return tree


def _listed(expression, table: dict, memo: dict):  # type: ignore[no-untyped-def]
    """(table's spec, the expression applied to one element) for an expression whose source
    (whitespace collapsed; key: its sha1's first 16 hex digits) is listed in ``table`` and
    starts with ``.//*[``, else None; memoised in ``memo``."""
    import hashlib

    from lxml.etree import XPath

    source = " ".join(str(getattr(expression, "path", "")).split())
    key = hashlib.sha1(source.encode()).hexdigest()[:16]
    if key not in memo:
        spec = table.get(key)
        if spec is None or not source.startswith(".//*["):
            memo[key] = None
        else:
            memo[key] = (spec, XPath("self::*" + source[len(".//*"):], namespaces=_XPATH_NS))
    return memo[key]


def _prefilter(expression):  # type: ignore[no-untyped-def]
    """(tags, id literals, class literals, the expression applied to one element) for a
    trafilatura prune expression listed in BODY_PRUNE_PREFILTERS, else None."""
    found = _listed(expression, BODY_PRUNE_PREFILTERS, _PREFILTERS)
    return None if found is None else (*found[0], found[1])


def _literals(words: Iterable[str], ignore_case: bool = False) -> re.Pattern[str]:
    """A regex finding any of these literals (never matching when there are none)."""
    key: tuple[*tuple[str, ...], bool] = (*sorted(set(words)), ignore_case)
    if key not in _LITERALS:
        _LITERALS[key] = re.compile("|".join(map(re.escape, key[:-1])) if key[:-1] else "(?!)",
                                    re.IGNORECASE if ignore_case else 0)
    return _LITERALS[key]


def _prune(tree, expressions) -> None:  # type: ignore[no-untyped-def]
    """trafilatura's ``prune_unwanted_nodes(tree, [expression])`` for each expression in turn
    (its matches deleted, tails kept), same result. An expression listed in
    BODY_PRUNE_PREFILTERS is evaluated only on the elements whose id or class holds
    one of its literals, found in one walk for all of them before any deletion (an element
    deleted with an earlier match's subtree is then deleted from that detached subtree: no
    change to the page)."""
    from trafilatura.xml import delete_element

    specs = [_prefilter(x) for x in expressions]
    known = [s for s in specs if s is not None]
    candidates: list = []
    if known:
        tags = sorted({t for s in known for t in s[0]})
        ids = _literals(x for s in known for x in s[1])
        classes = _literals(x for s in known for x in s[2])
        for el in tree.iter(*tags):
            ident, cls = el.get("id"), el.get("class")
            if (ident and ids.search(ident)) or (cls and classes.search(cls)):
                candidates.append(el)
    for expression, spec in zip(expressions, specs):
        if spec is None:
            matches = expression(tree)
        else:  # evaluated on every candidate before any is deleted, as the XPath is
            tags, ids, classes, on_self = spec
            matches = [el for el in candidates if el.tag in tags and el is not tree
                       and on_self(el)]
        for el in matches:
            delete_element(el)


_SECTION_PREFILTERS: dict[str, tuple | None] = {}
_SECTION_SPECS: dict[object, tuple | None] = {}  # by expression object (module constants)


def _section_prefilter(expression):  # type: ignore[no-untyped-def]
    """(tags or None, id literals regex, class literals regex, attribute names, the expression
    applied to one element) for an expression listed in SECTION_PRUNE_PREFILTERS, else None."""
    if expression in _SECTION_SPECS:
        return _SECTION_SPECS[expression]
    found = _listed(expression, SECTION_PRUNE_PREFILTERS, _SECTION_PREFILTERS)
    spec = None
    if found is not None:
        (tags, ids, classes, attrs), on_self = found
        spec = (tuple(sorted(tags)) if tags else None, _literals(ids), _literals(classes),
                attrs, on_self)
    _SECTION_SPECS[expression] = spec
    return spec


def _candidates(elements, ids: re.Pattern[str], classes: re.Pattern[str],
                attrs: tuple[str, ...]) -> Iterator:  # type: ignore[type-arg]
    """The elements whose id holds one of the ``ids`` literals, whose class holds one of the
    ``classes`` literals, or that carry one of ``attrs``, in their order."""
    for el in elements:
        get = el.get
        ident = get("id")
        if ident and ids.search(ident):
            yield el
            continue
        cls = get("class")
        if cls and classes.search(cls):
            yield el
            continue
        for name in attrs:
            if get(name) is not None:
                yield el
                break


def _section_matches(tree, spec) -> list:  # type: ignore[no-untyped-def]
    """The elements the spec's expression selects under ``tree``, in document order: its test
    applied only to the descendants (of its tags) whose id or class holds one of its literals
    or that carry one of its attributes."""
    from lxml.etree import Element

    tags, ids, classes, attrs, on_self = spec
    elements = tree.iterdescendants(*tags) if tags else tree.iterdescendants(Element)
    return [el for el in _candidates(elements, ids, classes, attrs) if on_self(el)]


class _FirstFrame:
    """A BODY_XPATH expression listed in FRAME_PREFILTERS, as the main extractor uses it (the
    first element of its answer): the first element of its tags, in document order, that
    passes its test, the test applied only to the elements whose id or class holds one of its
    literals or that carry one of its attributes; [] when none does."""

    def __init__(self, expression, spec, on_self) -> None:  # type: ignore[no-untyped-def]
        tags, ids, classes, attrs = spec
        self.expression, self.tags, self.attrs, self.on_self = expression, tuple(sorted(tags)), \
            attrs, on_self
        self.ids, self.classes = _literals(ids, True), _literals(classes, True)

    def __call__(self, tree) -> list:  # type: ignore[no-untyped-def]
        elements = tree.iterdescendants(*self.tags)
        for el in _candidates(elements, self.ids, self.classes, self.attrs):
            if self.on_self(el):
                return [el]
        return []

    def __str__(self) -> str:
        return str(self.expression)


_FRAMES: dict[int, list] = {}


def _frames(expressions: list) -> list:  # type: ignore[type-arg]
    """BODY_XPATH with each expression listed in FRAME_PREFILTERS as a :class:`_FirstFrame`
    (memoised for the list object)."""
    import hashlib

    from lxml.etree import XPath

    key = id(expressions)
    if key not in _FRAMES:
        frames = []
        for expression in expressions:
            source = " ".join(str(getattr(expression, "path", "")).split())
            spec = FRAME_PREFILTERS.get(hashlib.sha1(source.encode()).hexdigest()[:16])
            test = None
            if source.startswith(".//*[") and source.endswith("][1]"):
                test = source[len(".//*"):-len("[1]")]
            elif source.startswith("(.//*[") and source.endswith("])[1]"):
                test = source[len("(.//*"):-len(")[1]")]
            if spec is None or test is None:
                frames.append(expression)
            else:
                on_self = XPath("self::*" + test, namespaces=_XPATH_NS)
                frames.append(_FirstFrame(expression, spec, on_self))
        _FRAMES[key] = [expressions, frames]  # the list kept: its id stays its own
    return _FRAMES[key][1]  # type: ignore[no-any-return]


def _prune_nodes(tree, nodelist, with_backup: bool = False):  # type: ignore[no-untyped-def]
    """trafilatura's ``htmlprocessing.prune_unwanted_nodes``, same result: each expression's
    matches (listed ones through :func:`_section_matches`) deleted, tails kept; with
    ``with_backup``, all matches found first, and the outermost deleted only if they leave
    more than a seventh of the text (trafilatura's guard)."""
    from trafilatura.xml import delete_element

    specs = [_section_prefilter(x) for x in nodelist]

    def matches(expression, spec):  # type: ignore[no-untyped-def]
        return expression(tree) if spec is None else _section_matches(tree, spec)

    if not with_backup:
        for expression, spec in zip(nodelist, specs):
            for subtree in matches(expression, spec):
                delete_element(subtree)
        return tree
    found = dict.fromkeys(el for x, spec in zip(nodelist, specs) for el in matches(x, spec))
    outer = [el for el in found if not any(a in found for a in el.iterancestors())]
    old_len = len(tree.text_content())
    if old_len - sum(len(el.text_content()) for el in outer) > old_len / 7:
        for el in outer:
            delete_element(el)
    return tree


_LINKED: dict[str, Any] = {}
_TAG_NAME = re.compile(r"[a-z][a-z0-9]*")


def _delete_by_link_density(subtree, tagname: str, backtracking: bool = False,  # type: ignore[no-untyped-def]
                            favor_precision: bool = False):
    """trafilatura's ``htmlprocessing.delete_by_link_density``, same result: its test
    (``link_density_test``) keeps every element without a <ref> below it, so only the elements
    (of the tag, the subtree itself included) holding one are tested, found by one XPath."""
    from trafilatura.htmlprocessing import link_density_test
    from trafilatura.utils import trim
    from trafilatura.xml import delete_element

    if tagname not in _LINKED:
        from lxml.etree import XPath

        _LINKED[tagname] = XPath(f"descendant-or-self::{tagname}[descendant::ref]") \
            if _TAG_NAME.fullmatch(tagname) else None
    linked = _LINKED[tagname]
    if linked is None:
        from trafilatura import main_extractor

        return original(main_extractor, "delete_by_link_density")(
            subtree, tagname, backtracking, favor_precision)
    deletions = []
    len_threshold = 200 if favor_precision else 100
    depth_threshold = 1 if favor_precision else 3
    for elem in linked(subtree):
        result, short_with_links = link_density_test(elem, favor_precision)
        if result or (backtracking and short_with_links and len(elem) >= depth_threshold
                      and len(trim(elem.text_content())) < len_threshold):
            parent = elem.getparent()  # a paragraph holding a list item's content is kept
            if tagname == "p" and parent is not None and parent.tag in ("item", "td", "th"):
                continue
            deletions.append(elem)
    for elem in dict.fromkeys(deletions):
        delete_element(elem)
    return subtree


REPLACED_SOURCES = {"prune_unwanted_nodes": "8eda45b1b12f6bf2",
                    "delete_by_link_density": "dfc3f7a066e953eb",
                    "link_density_test": "a142e301f1f6df2b"}
"""SHA-1 prefixes of the sources of the trafilatura functions the replacements reproduce
(trafilatura.htmlprocessing, 2.3.1): another source, even within 2.3, runs trafilatura's own."""
_SECTIONS = Switch()
_SECTIONS_READY: list[bool] = []


def _sections_installed() -> bool:
    """Dispatchers for trafilatura's main extractor (installed once): its section prunes, frame
    search and link-density deletion run :func:`_prune_nodes`, :func:`_frames`' list and
    :func:`_delete_by_link_density` while a scrapekit call is inside
    :func:`_prefiltered_sections` in that thread, trafilatura's own code for everybody else."""
    if not _SECTIONS_READY:
        from trafilatura import htmlprocessing, main_extractor

        _SECTIONS_READY.append(
            isinstance(original(main_extractor, "BODY_XPATH"), list)
            and all(source_matches(getattr(htmlprocessing, name, None), digest)
                    for name, digest in REPLACED_SOURCES.items())
            and all(install(main_extractor, name, _SECTIONS, ours) for name, ours in (
                ("prune_unwanted_nodes", _prune_nodes), ("BODY_XPATH", _frames),
                ("delete_by_link_density", _delete_by_link_density))))
        linear = _linear_extract(main_extractor) if _SECTIONS_READY[0] else None
        if linear is not None:  # on another source of _extract, trafilatura's own runs
            install(main_extractor, "_extract", _SECTIONS, linear)
    return _SECTIONS_READY[0]


EXTRACT_SOURCE = "ecbdddb80470f201"
"""SHA-1 prefix of the source of ``main_extractor._extract`` (trafilatura 2.3.1) whose
trailing-title loop :func:`_linear_extract` rewrites: another source runs trafilatura's own."""
_TRAILING_TITLES = (
    "        while len(result_body) > 0 and (result_body[-1].tag in NOT_AT_THE_END):\n"
    "            delete_element(result_body[-1], keep_tail=False)\n")
"""The loop as published: ``len()`` of an lxml element counts its children, once per title
removed, so n trailing titles after m blocks cost O(n * (m + n)) (16,000 <h1>: ~0.9 s)."""
_TRAILING_TITLES_LINEAR = (
    "        last = result_body[-1] if len(result_body) > 0 else None\n"
    "        while last is not None and last.tag in NOT_AT_THE_END:\n"
    "            last, title = last.getprevious(), last\n"
    "            delete_element(title, keep_tail=False)\n")
"""The same removals, from the last child backwards: after one is removed its previous sibling
is the last child (``getprevious`` and ``[-1]`` see the same element nodes), so one count of
the children in all."""


def _linear_extract(main_extractor):  # type: ignore[no-untyped-def]
    """trafilatura's ``main_extractor._extract`` with the trailing-title loop above made
    linear, the rest its own source (compiled against its module's globals, so its helpers
    and the other dispatchers apply); None when the source is not the one checked."""
    import inspect

    published = original(main_extractor, "_extract")
    if not source_matches(published, EXTRACT_SOURCE):
        return None
    lines, first = inspect.getsourcelines(published)
    source = "".join(lines)
    if source.count(_TRAILING_TITLES) != 1:
        return None
    import linecache

    text = ("\n" * (first - 1)  # the function's first line where the published file has it
            + source.replace(_TRAILING_TITLES, _TRAILING_TITLES_LINEAR))
    name = f"{inspect.getsourcefile(published)} (scrapekit: linear trailing titles)"
    code = compile(text, name, "exec")
    # a traceback quotes the compiled text, not the published file (two lines longer here)
    linecache.cache[name] = (len(text), None, text.splitlines(keepends=True), name)
    defined: dict[str, Any] = {}
    exec(code, vars(main_extractor), defined)  # noqa: S102 - the checked source, one loop changed
    return defined["_extract"]


@contextmanager
def _prefiltered_sections() -> Iterator[None]:
    """trafilatura's main extractor with the prefiltered section prunes, frame search and
    link-density deletion, for this thread's call only (see :mod:`.switch`: other threads, and
    trafilatura called directly, run it as published)."""
    if not _sections_installed():
        yield
        return
    with _SECTIONS.on():
        yield


TREE_CLEANING_SOURCE = "c7babdd89ea00bae"
"""SHA-1 prefix of the source of ``htmlprocessing.tree_cleaning`` (trafilatura 2.3.1) that
:func:`_tree_cleaning` reproduces: another source runs trafilatura's own."""
_CLEANING_READY: list[bool] = []


def _delete_listed(tree, tags: list[str]) -> None:  # type: ignore[no-untyped-def]
    """trafilatura's ``for tag in tags: for el in tree.iter(tag): delete_element(el)``, same
    tree, in one walk of the page instead of one per tag (51 tags: ~0.3 ms a page).

    What that loop deletes, tag by tag: the tag's elements still in the tree, in document
    order, up to and including the first that holds another of the tag (lxml's iterator has
    already stepped to that descendant before the element is deleted, and goes on inside the
    detached element: the rest of the page is not visited for that tag); the tree's own root,
    when it is of the tag, is taken from its parent if it has one (lxml puts a fragment's
    element in a <body>; ``delete_element`` does nothing without a parent) and the walk goes on
    inside it. Elements inside an element deleted before are no longer in the tree."""
    from itertools import islice

    from trafilatura.xml import delete_element

    by_tag: dict[str, list] = {}  # type: ignore[type-arg]
    for el in tree.iter(*tags):  # the elements of every tag, document order
        by_tag.setdefault(el.tag, []).append(el)
    if not by_tag:
        return
    gone: set = set()  # type: ignore[type-arg]  # elements no longer in the tree
    for tag in tags:
        for el in by_tag.get(tag, ()):
            if el is tree:  # the walk's top: taken from its parent if it has one (a fragment's
                delete_element(el)  # <body>), while the walk goes on inside it
                continue
            if el in gone or el.getparent() is None:
                continue
            nested = False
            if len(el):  # an element with children (most here have none: scripts, inputs)
                nested = next(islice(el.iter(tag), 1, None), None) is not None
                gone.update(el.iter(*tags))
            delete_element(el)  # (a childless one is never reached again: no need to note it)
            if nested:
                break


def _tree_cleaning(tree, options):  # type: ignore[no-untyped-def]
    """trafilatura's ``htmlprocessing.tree_cleaning``, same result, its deletion of the cleaned
    tags in one walk (:func:`_delete_listed`). On another source, trafilatura's own runs."""
    from trafilatura import htmlprocessing as h

    if not _CLEANING_READY:
        _CLEANING_READY.append(source_matches(h.tree_cleaning, TREE_CLEANING_SOURCE))
    if not _CLEANING_READY[0]:
        return h.tree_cleaning(tree, options)
    from copy import deepcopy

    from lxml.etree import strip_tags

    # from here to the end: trafilatura's code, but for the deletion loop
    h.recover_math(tree)
    cleaning_list, stripping_list = h.MANUALLY_CLEANED.copy(), h.MANUALLY_STRIPPED.copy()
    clean_forms = "form" in cleaning_list
    if clean_forms:
        cleaning_list.remove("form")
    if not options.tables:
        cleaning_list.extend(["table", "td", "th", "tr"])
    else:
        for elem in tree.iter("figure", "table"):
            if elem.find(".//table") is not None if elem.tag == "figure" else \
                    elem.get("role") in ("presentation", "none"):
                elem.tag = "div"
    if options.images:
        cleaning_list = [e for e in cleaning_list if e not in h.PRESERVE_IMG_CLEANING]
        stripping_list.remove("img")
    strip_tags(tree, stripping_list)
    tcopy = None
    if (options.focus == "recall" and tree.find(".//p") is not None
            and ("p" in cleaning_list or not any(next(p.iterancestors(cleaning_list), tree) is tree
                                                 for p in tree.iter("p")))):
        tcopy = deepcopy(tree)
    _delete_listed(tree, cleaning_list)
    if tcopy is not None and tree.find(".//p") is None:
        tree = tcopy
    if clean_forms:
        h._handle_forms(tree)
    return h.prune_html(tree, options.focus)


def _sequence(tree, reparse, options, url: str | None):  # type: ignore[no-untyped-def]
    """trafilatura's extraction cascade (``core.trafilatura_sequence``) for scrapekit's
    settings, on the page's lxml tree (modified): (body, text). ``reparse()``: the page's tree
    again.

    With fast mode, favour recall and no comments, the cascade is: raw-tree prunes (comment
    sections too unless the page is a forum thread), cleaning and tag conversion, the main
    extractor, and trafilatura's baseline when that found too little. Same result, less
    work: the prunes go through :func:`_prune`, and the tree is cleaned in place instead of
    copied twice (once for the baseline, which is rare: the page is parsed again for it; once
    for the readability/justext comparison that fast mode skips)."""
    from trafilatura.core import _forum_thread_page, baseline
    from trafilatura.htmlprocessing import convert_tags
    from trafilatura.main_extractor import extract_content
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    def pruned(tree):  # type: ignore[no-untyped-def]
        forum = _forum_thread_page(tree)
        _prune(tree, [*RAW_TREE_PRUNE_XPATH, *(() if forum else REMOVE_COMMENTS_AND_LISTS_XPATH)])
        return tree

    cleaned = convert_tags(_tree_cleaning(pruned(tree), options), options, url)
    with _prefiltered_sections():
        body, text = extract_content(cleaned, options)
    if len(text) < options.min_extracted_size:  # the rescue: baseline on the page tree
        raw = reparse()
        if raw is not None:
            b_body, b_text, b_len = baseline(pruned(raw))
            if b_len > len(text):
                body, text = b_body, b_text
    return body, text


def _cascade_applies(options) -> bool:  # type: ignore[no-untyped-def]
    """The settings :func:`_sequence` reproduces trafilatura's cascade for."""
    return bool(options.fast and options.focus == "recall" and not options.comments)


def _trafilatura_body(page):  # type: ignore[no-untyped-def]
    """trafilatura's main-content tree (its ``Document.body``) for a page (``.html``, ``.url``),
    or None.

    The page is parsed by lxml here and run through trafilatura's extraction cascade
    (:func:`_sequence`), which skips what ``bare_extraction`` adds on top for this use: a deep
    copy of the input tree and a text rendering the body does not use. If those internals are
    missing or changed (or the version is not in SUPPORTED), ``bare_extraction`` is called
    instead."""
    from trafilatura import bare_extraction

    options = _options(page.url)
    tree = None
    try:
        tree = _lxml_tree(page.html, getattr(page, "cache", None))
    except Exception as exc:  # noqa: BLE001 - let trafilatura load the string itself
        log.debug("lxml parse failed on %s: %r", page.url, exc)
    if tree is not None and _cascade_applies(options) and internals_supported():
        try:
            body, text = _sequence(tree, lambda: _lxml_tree(page.html), options, page.url)
        except (ImportError, TypeError, AttributeError) as exc:  # another trafilatura version
            log.debug("trafilatura internals unavailable: %r", exc)
        except ValueError:
            return None
        else:
            return body if len(text) >= options.min_output_size else None
    doc = bare_extraction(page.html, url=page.url, options=_options(page.url))
    return getattr(doc, "body", None) if doc is not None else None


def main_content(page):  # type: ignore[no-untyped-def]
    """trafilatura's main-content tree for the page (fast, recall, tables, no comments)."""
    return _trafilatura_body(page)


def unit_text(unit) -> str:  # type: ignore[no-untyped-def]
    """A block's text as trafilatura renders it (no formatting)."""
    from trafilatura.xml import xmltotxt

    return xmltotxt(unit, False)


def default_extraction(page) -> str:  # type: ignore[no-untyped-def]
    """trafilatura's own result with its default settings (full cascade: readability and
    jusText comparison, recall escalation), comments excluded, as text (its main extractor's
    section prunes and frame search prefiltered, on a supported version: same result)."""
    import trafilatura

    if not internals_supported():
        return trafilatura.extract(page.html, url=page.url, include_comments=False) or ""
    with _prefiltered_sections():
        return trafilatura.extract(page.html, url=page.url, include_comments=False) or ""
