"""Article body: the main text, one paragraph per block, blank line between paragraphs.

trafilatura (fast mode: no readability/justext fallback; favour recall) finds the main
content; scrapekit walks its block tree (paragraph, heading, list item, table row) and:

- appends the article's later chunks when the layout cut it into same-class sibling blocks
  that the extractor stopped before (body_dom.continuation);
- drops what trafilatura keeps but a reader would not call article text: paragraphs and list
  items that are one link's text (related-story teasers) and a heading introducing them; a
  heading that opens the body and repeats the title, or repeats the description near the top
  (the standfirst); boilerplate lines (share prompts, newsletter sign-ups, "Read more",
  "Related:", follow-us and contact lines, photo credits, copyright); standalone date lines;
  repeats of the headline, byline or date strings.

Fallbacks, in order, when that leaves nothing: the blocks with only the line rules applied, the
JSON-LD ``articleBody``, article HTML shipped in Next.js flight-data scripts.
Measured by ``python -m benchmarks.body``; every rule is a table in patterns/body.py.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import patterns
from .body_dom import continuation, script_html_paragraphs
from .document import Page
from .text import collapse, fold

log = logging.getLogger("scrapekit.extractors.body")


@dataclass(frozen=True)
class Body:
    text: str | None
    paragraphs: tuple[str, ...]
    """Paragraphs as the main-content extractor found them, before boilerplate removal
    (the link extractor uses them to locate the article container in the DOM)."""
    source: str | None


@dataclass(frozen=True)
class Block:
    """One paragraph of the extracted content."""

    text: str
    kind: str
    """trafilatura's element: p, head, item (list item), row (table row), quote, code, ..."""
    link_ratio: float
    """Share of the block's text inside links (1.0: the block is one link's text)."""


# -- main content: trafilatura ------------------------------------------------------------------

def _unit_blocks(unit, kind: str, out: list[Block]) -> None:  # type: ignore[no-untyped-def]
    from trafilatura.xml import xmltotxt

    for line in xmltotxt(unit, False).split("\n"):
        line = collapse(line)
        if line:
            out.append(Block(line, kind, 0.0))


def blocks_from_tree(body) -> list[Block]:  # type: ignore[no-untyped-def]
    """trafilatura's output tree (``Document.body``) as a list of blocks."""
    out: list[Block] = []
    if body is None:
        return out
    if body.text and body.text.strip():
        out.append(Block(collapse(body.text), "p", 0.0))
    for child in body:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "list":
            items = [c for c in child if c.tag == "item"]
            if items:
                for item in items:
                    _unit_blocks(item, "item", out)
                continue
        if child.tag == "table":
            rows = list(child.iter("row"))
            if rows:
                for row in rows:
                    _unit_blocks(row, "row", out)
                continue
        _unit_blocks(child, child.tag, out)
    return out


_EDGE_CHARS = "".join(chr(c) for c in range(0x2030) if not chr(c).isalnum())


def link_key(text: str) -> str:
    """Comparison key of a block or link text: lower case, collapsed, no edge punctuation."""
    return " ".join(text.split()).lower().strip(_EDGE_CHARS)


def _may_be_link_block(b: Block) -> bool:
    return (b.kind in ("p", "item") and len(b.text) <= patterns.BODY_LINK_BLOCK_MAX_CHARS
            and len(b.text.split()) >= patterns.BODY_LINK_BLOCK_MIN_WORDS)


def mark_links(blocks: list[Block], page: Page) -> list[Block]:
    """Blocks whose whole text is the text of one of the page's links get link_ratio 1."""
    body = page.tree.body
    wanted = {link_key(b.text) for b in blocks if _may_be_link_block(b)}
    wanted.discard("")
    if body is None or not wanted:
        return blocks
    shortest = min(len(k) for k in wanted)
    found = set()
    for a in body.css("a[href]"):
        text = a.text(deep=True)
        if len(text) >= shortest:  # a key is never longer than its raw text
            key = link_key(text)
            if key in wanted:
                found.add(key)
    if not found:
        return blocks
    return [Block(b.text, b.kind, 1.0) if _may_be_link_block(b) and link_key(b.text) in found
            else b for b in blocks]


_OPTIONS: list[object] = []
_PARSER: list[object] = []
_PREFILTERS: dict[str, tuple | None] = {}
_LITERALS: dict[tuple[str, ...], re.Pattern[str]] = {}
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
        from lxml.etree import ElementDefaultClassLookup
        from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
        from trafilatura.utils import HTML_PARSER

        parser = HTML_PARSER.copy()
        parser.set_element_class_lookup(ElementDefaultClassLookup(
            element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction,
            entity=HtmlEntity))
        _PARSER.append(parser)
    return _PARSER[0]


def _lxml_tree(html: str):  # type: ignore[no-untyped-def]
    """The page for trafilatura, parsed by lxml as trafilatura would, without its repair pass
    over the whole string (the HTML is already scrubbed of invalid characters).

    lxml gets UTF-8 bytes (its parser is set to UTF-8): the same tree as from the str, which
    libxml2 would convert from Python's internal 2- or 4-byte form itself, more slowly."""
    from lxml.html import fromstring

    beginning = html[:50].lower()
    if "doctype" in beginning:  # libxml2 chokes on some doctypes (trafilatura does the same)
        first, sep, rest = html.partition("\n")
        html = _DOCTYPE.sub("", first, count=1) + sep + rest
    tree = fromstring(html.encode("utf-8", "surrogatepass"), parser=_parser())
    if tree is None or len(tree) < 1 or ("html" not in beginning and len(tree) < 2):
        return None
    return tree


def _prefilter(expression):  # type: ignore[no-untyped-def]
    """(tags, id literals, class literals, the expression applied to one element) for a
    trafilatura prune expression listed in patterns.BODY_PRUNE_PREFILTERS, else None."""
    import hashlib

    from lxml.etree import XPath

    source = " ".join(expression.path.split())
    key = hashlib.sha1(source.encode()).hexdigest()[:16]
    if key not in _PREFILTERS:
        spec = patterns.BODY_PRUNE_PREFILTERS.get(key)
        if spec is None or not source.startswith(".//*["):
            _PREFILTERS[key] = None
        else:
            tags, ids, classes = spec
            on_self = XPath("self::*" + source[len(".//*"):], namespaces=_XPATH_NS)
            _PREFILTERS[key] = (tags, ids, classes, on_self)
    return _PREFILTERS[key]


def _literals(words: Iterable[str]) -> re.Pattern[str]:
    """A regex finding any of these literals (never matching when there are none)."""
    key = tuple(sorted(set(words)))
    if key not in _LITERALS:
        _LITERALS[key] = re.compile("|".join(map(re.escape, key)) if key else "(?!)")
    return _LITERALS[key]


def _prune(tree, expressions) -> None:  # type: ignore[no-untyped-def]
    """trafilatura's ``prune_unwanted_nodes(tree, [expression])`` for each expression in turn
    (its matches deleted, tails kept), same result. An expression listed in
    patterns.BODY_PRUNE_PREFILTERS is evaluated only on the elements whose id or class holds
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
    from trafilatura.htmlprocessing import convert_tags, tree_cleaning
    from trafilatura.main_extractor import extract_content
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    def pruned(tree):  # type: ignore[no-untyped-def]
        forum = _forum_thread_page(tree)
        _prune(tree, [*RAW_TREE_PRUNE_XPATH, *(() if forum else REMOVE_COMMENTS_AND_LISTS_XPATH)])
        return tree

    cleaned = convert_tags(tree_cleaning(pruned(tree), options), options, url)
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


def _trafilatura_body(page: Page):  # type: ignore[no-untyped-def]
    """trafilatura's main-content tree (its ``Document.body``), or None.

    The page is parsed by lxml here and run through trafilatura's extraction cascade
    (:func:`_sequence`), which skips what ``bare_extraction`` adds on top for this use: a deep
    copy of the input tree and a text rendering the body does not use. If those internals are
    missing or changed, ``bare_extraction`` is called instead."""
    from trafilatura import bare_extraction

    options = _options(page.url)
    tree = None
    try:
        tree = _lxml_tree(page.html)
    except Exception as exc:  # noqa: BLE001 - let trafilatura load the string itself
        log.debug("lxml parse failed on %s: %r", page.url, exc)
    if tree is not None and _cascade_applies(options):
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


def _trafilatura_blocks(page: Page) -> list[Block]:
    return blocks_from_tree(_trafilatura_body(page))


# -- cleaning -----------------------------------------------------------------------------------

def _combine(rules: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One case-sensitive regex for a table of rules, matched against the lower-cased line
    (Python's re skips its literal-prefix search under IGNORECASE: ~3x slower)."""
    return re.compile("|".join(f"(?:{rx.pattern})" for rx in rules))


_DROP_LINE = _combine(patterns.BODY_DROP_LINES)
_DROP_SHORT_LINE = _combine(patterns.BODY_DROP_SHORT_LINES)


def _is_boilerplate(text: str) -> bool:
    low = text.lower()
    if _DROP_LINE.match(low):  # every rule there is anchored at the start
        return True
    return (len(low) <= patterns.BODY_SHORT_LINE
            and any(k in low for k in patterns.BODY_SHORT_LINE_KEYWORDS)
            and _DROP_SHORT_LINE.search(low) is not None)


def _is_date_line(text: str) -> bool:
    if len(text) > patterns.BODY_DATE_LINE_MAX or not patterns.BODY_DATE_LINE.search(text):
        return False
    rest = re.findall(r"[^\W\d_]{2,}", patterns.BODY_DATE_WORDS.sub(" ", text))
    return len(rest) <= patterns.BODY_DATE_LINE_LEFTOVER


def _is_link_block(b: Block) -> bool:
    """A paragraph or list item that is all link: a teaser for another page (not a heading,
    which may be a linked product or section name, nor a bare URL the article cites)."""
    return (b.link_ratio >= patterns.BODY_LINK_BLOCK_RATIO and _may_be_link_block(b)
            and not patterns.BODY_URL_LINE.match(b.text))


def _words(text: str) -> set[str]:
    return set(fold(text).split())


def _similar(a: set[str], b: set[str]) -> bool:
    """Word overlap (share of the smaller set) at least BODY_TITLE_OVERLAP."""
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= patterns.BODY_TITLE_OVERLAP


def _is_prefix_of_any(key: str, texts: list[str]) -> bool:
    """key equals one of texts, or one of them is key cut short ("...")."""
    for t in texts:
        if key == t or (len(t) >= 40 and key.startswith(t)):
            return True
    return False


def _near_length(n: int, lengths: list[int]) -> bool:
    """Could a text of n characters fold to the same key as one of these lengths?"""
    return any(abs(n - m) <= m // 3 + 10 for m in lengths)


def select_blocks(blocks: list[Block], skip: Iterable[str | None],
                  titles: Iterable[str | None] = (),
                  descriptions: Iterable[str | None] = ()) -> list[str]:
    """Article paragraphs out of the extracted blocks (see the module doc for the rules).

    ``skip``: headline, byline, date strings (blocks equal to one are dropped); ``titles``:
    other forms of the title (og:title, <title>): a heading that opens the body and shares most
    of its words with one of them (or the headline) is the headline again; ``descriptions``:
    the page summary: a heading near the top that repeats it is the standfirst."""
    skip = [s for s in skip if s]
    skip_keys = {fold(s) for s in skip}
    skip_keys.discard("")
    skip_lens = [len(s) for s in skip]
    n = len(blocks)
    keep = [True] * n
    top = [i for i, b in enumerate(blocks[: patterns.BODY_TOP_BLOCKS]) if b.kind == "head"]
    if top:  # folding titles and descriptions costs: only when a heading opens the body
        title_words = [w for w in (_words(t) for t in (*skip[:1], *titles) if t) if w]
        desc_keys = [k for k in (fold(d) for d in descriptions if d) if k]
        for i in top:
            text = blocks[i].text
            if i == 0 and any(_similar(_words(text), w) for w in title_words):
                keep[i] = False
            elif desc_keys and _is_prefix_of_any(fold(text), desc_keys):
                keep[i] = False
    for i, b in enumerate(blocks):
        if not keep[i]:
            continue
        if (_is_link_block(b) or _is_boilerplate(b.text) or _is_date_line(b.text)
                or (_near_length(len(b.text), skip_lens) and fold(b.text) in skip_keys)):
            keep[i] = False
    # a heading (or short line) that only introduces dropped link blocks goes with them
    for i, b in enumerate(blocks):
        if not keep[i] or len(b.text.split()) > patterns.BODY_INTRO_MAX_WORDS:
            continue
        j = i + 1
        if j < n and not keep[j] and _is_link_block(blocks[j]):
            if b.kind == "head" or b.text.isupper():
                keep[i] = False
    return [b.text for b, k in zip(blocks, keep) if k]


def clean_paragraphs(paragraphs: Iterable[str], skip: Iterable[str | None]) -> list[str]:
    """Drop boilerplate lines and repeats of the headline, byline or date lines."""
    return select_blocks([Block(p, "p", 0.0) for p in paragraphs], skip)


# -- entry point --------------------------------------------------------------------------------

def _jsonld_paragraphs(page: Page) -> list[str]:
    art = page.article_object()
    value = art.get("articleBody") if art else None
    if isinstance(value, str) and collapse(value):
        return [p for p in (collapse(x) for x in value.split("\n")) if p]
    return []


def _page_titles(page: Page) -> list[str]:
    titles = [v for key in ("og:title", "twitter:title") for v in page.meta.get(key, ())]
    node = page.tree.css_first("title")
    if node is not None:
        titles.append(node.text(deep=True))
    return titles


def _page_descriptions(page: Page) -> list[str]:
    return [v for key in ("og:description", "description", "twitter:description")
            for v in page.meta.get(key, ())]


def body_from_blocks(page: Page, blocks: list[Block], skip: Iterable[str | None]) -> Body:
    """The body out of the main-content blocks (rules above), JSON-LD as the fallback."""
    skip = tuple(skip)
    if blocks:
        try:
            blocks = mark_links(blocks, page)
            more = continuation(page, [b.text for b in blocks])
            blocks = blocks + [Block(p, "p", 0.0) for p in more]
        except Exception as exc:  # noqa: BLE001 - the DOM helpers must not lose the body
            log.debug("DOM body rules failed on %s: %r", page.url, exc)
    raw = [b.text for b in blocks]
    source = "body" if raw else None
    paragraphs = select_blocks(blocks, skip, _page_titles(page), _page_descriptions(page))
    if not paragraphs and blocks:  # every block looked like boilerplate: keep the text anyway
        paragraphs = clean_paragraphs(raw, skip) or raw
    if not paragraphs:
        try:
            paragraphs = clean_paragraphs(_jsonld_paragraphs(page), skip)
        except Exception as exc:  # noqa: BLE001 - odd JSON-LD shapes
            log.debug("JSON-LD body failed on %s: %r", page.url, exc)
            paragraphs = []
        if paragraphs:
            raw, source = paragraphs, "jsonld"
    if not paragraphs:
        try:
            raw = script_html_paragraphs(page)
        except Exception as exc:  # noqa: BLE001
            log.debug("script body failed on %s: %r", page.url, exc)
            raw = []
        paragraphs = clean_paragraphs(raw, skip)
        source = "body"
    text = "\n\n".join(paragraphs) or None
    return Body(text=text, paragraphs=tuple(raw), source=source if text else None)


def extract_body(page: Page, skip: Iterable[str | None] = ()) -> Body:
    try:
        blocks = _trafilatura_blocks(page)
    except Exception as exc:  # trafilatura bugs on odd pages must not lose the other fields
        log.debug("trafilatura failed on %s: %r", page.url, exc)
        blocks = []
    return body_from_blocks(page, blocks, skip)
