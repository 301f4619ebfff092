"""Body helpers that read the selectolax tree (the page is never parsed again here).

``continuation``: some layouts cut the article into sibling chunks (an ad slot between two
``<div class="body">`` blocks); the main-content extractor then keeps only the first chunk.
The paragraphs of following chunks (same tag and class as the chunk that holds the last
extracted paragraph, or as one of its two nearest ancestors) are the rest of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator

from selectolax.lexbor import LexborNode

from . import patterns
from .document import Page, css_first_below
from .text import class_words, collapse


def last_paragraph_node(page: Page, paragraphs: list[str]) -> LexborNode | None:
    """The last <p> of the document whose text is one of the last extracted paragraphs."""
    body = page.tree.body
    if body is None:
        return None
    wanted = {p for p in paragraphs[-patterns.BODY_CONT_MATCH_LAST:] if len(p) >= 40}
    if not wanted:
        return None
    last = None
    for node in page.select("p"):
        if " ".join(node.text(deep=True).split()) in wanted:
            last = node
    return last


def _nearest_article(node: LexborNode | None) -> int | None:
    while node is not None:
        if node.tag == "article":
            return node.mem_id
        node = node.parent
    return None


def _chunk_paragraphs(chunk: LexborNode) -> list[str]:
    out = []
    for p in chunk.css("p"):
        text = collapse(p.text(deep=True))
        if text:
            out.append(text)
    return out


def continuation(page: Page, paragraphs: list[str]) -> list[str]:
    """Paragraphs of the article's later chunks that the extractor missed (often none)."""
    node = last_paragraph_node(page, paragraphs)
    if node is None:
        return []
    have = set(paragraphs)
    level = node.parent
    for _ in range(patterns.BODY_CONT_LEVELS):
        if level is None or level.tag in ("body", "html", "article", "main"):
            return []
        cls = level.attributes.get("class")
        if cls:
            found: list[str] = []
            article = _nearest_article(level)
            sib = level.next
            while sib is not None:
                if sib.tag == level.tag and sib.attributes.get("class") == cls:
                    if sib.css_first("h1, article") is not None or _nearest_article(sib) != article:
                        break
                    found.extend(p for p in _chunk_paragraphs(sib) if p not in have)
                sib = sib.next
            words = sum(len(p.split()) for p in found)
            if words >= patterns.BODY_CONT_MIN_WORDS:
                return found
            if found:
                return []
        level = level.parent
    return []


def script_html_paragraphs(page: Page) -> list[str]:
    """Paragraphs of article HTML shipped inside scripts (Next.js ``self.__next_f.push`` flight
    data), for pages whose DOM has no text until JavaScript runs. A last resort: only called
    when the DOM and JSON-LD gave nothing. Parses the small HTML fragments found, never the page."""
    import json

    from selectolax.lexbor import LexborHTMLParser

    out: list[str] = []
    for node in page.tree.css("script"):
        text = node.text(deep=True) or ""
        match = patterns.BODY_SCRIPT_PUSH.match(text)
        if not match:
            continue
        try:
            payload = json.loads(match.group(1))
        except ValueError:
            continue
        for item in payload if isinstance(payload, list) else ():
            if not isinstance(item, str) or "<p" not in item:
                continue
            fragment = LexborHTMLParser(item)
            for p in fragment.css("p"):
                para = collapse(p.text(deep=True))
                if para and para not in out:
                    out.append(para)
    words = sum(len(p.split()) for p in out)
    return out if words >= patterns.BODY_SCRIPT_MIN_WORDS else []


class KeyText:
    """``probe in "\\n".join(keys)`` without scanning all the keys for each probe (a page of
    thousands of short blocks, each with a link, made that links x text).

    A probe without a newline is in the joined text iff it is inside one key. A probe of three
    or more space-separated pieces has its interior pieces as whole tokens (``split(" ")``) of
    that key: only the keys holding its rarest interior piece are read. A probe of one or two
    pieces lies inside two adjacent tokens of the key: it is a prefix of a suffix (starting in
    the first token) of such a token pair, found by bisection in their sorted list; keys with a
    token longer than LONG_TOKEN are read instead. The indexes are built on first
    need; answers are remembered."""

    LONG_TOKEN = 40

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = keys if isinstance(keys, (set, frozenset)) else set(keys)
        self._memo: dict[str, bool] = {}
        self._posting: dict[str, list[str]] | None = None
        self._suffixes: list[str] | None = None
        self._all: str | None = None  # all the keys, joined (as before)
        self._long = ""  # the keys with a token longer than LONG_TOKEN, joined

    def __contains__(self, probe: str) -> bool:
        if probe in self.keys or not probe:
            return True
        if not self.keys:
            return False
        if "\n" in probe:  # may span two keys: the joined text itself (never from a key())
            return probe in "\n".join(self.keys)
        hit = self._memo.get(probe)
        if hit is None:
            hit = self._memo[probe] = self._find(probe)
        return hit

    def _find(self, probe: str) -> bool:
        pieces = probe.split(" ")
        if len(pieces) >= 3:
            posting = self._posting if self._posting is not None else self._index_tokens()
            interior = pieces[1:-1]
            if not all(p in posting for p in interior):
                return False
            rarest = min(interior, key=lambda p: len(posting[p]))
            holding = posting[rarest]
            if 2 * len(holding) > len(self.keys):  # a common word: all the keys, joined once
                if self._all is None:
                    self._all = "\n".join(self.keys)
                return probe in self._all
            return probe in "\n".join(holding)  # one pass in C over the keys holding it
        suffixes = self._suffixes if self._suffixes is not None else self._index_pairs()
        at = bisect_left(suffixes, probe)
        if at < len(suffixes) and suffixes[at].startswith(probe):
            return True
        return probe in self._long

    def _index_tokens(self) -> dict[str, list[str]]:
        posting: dict[str, list[str]] = {}
        for k in self.keys:
            for token in set(k.split(" ")):
                posting.setdefault(token, []).append(k)
        self._posting = posting
        return posting

    def _index_pairs(self) -> list[str]:
        pairs: set[tuple[str, str | None]] = set()
        cap, long = self.LONG_TOKEN, []
        for k in self.keys:
            tokens = k.split(" ")
            if any(len(t) > cap for t in tokens):
                long.append(k)
                continue
            pairs.update(zip(tokens, tokens[1:]))
            pairs.add((tokens[-1], None))
        self._long = "\n".join(long)
        suffixes: set[str] = set()
        for first, second in pairs:
            pair = first if second is None else first + " " + second
            suffixes.update(pair[i:] for i in range(len(first) + (second is not None)))
        self._suffixes = sorted(suffixes)
        return self._suffixes


def link_shares(page: Page, keys: set[str], key,  # type: ignore[no-untyped-def]
                links: set[str] | frozenset[str] = frozenset(),
                link_key=None) -> tuple[dict[str, float], set[str]]:
    """Share of the text inside links, for the page's block elements (paragraphs, list items,
    table rows and cells, headings, divs) whose ``key(text)`` is one of ``keys``: each link's
    text is counted for its ancestors up to its BODY_LINK_SHARE_LEVELS-th block ancestor (inline
    wrappers such as <font> and <span> not counted as levels).

    An ancestor's text is read only while the one below it on the way up is short enough to be
    one of the keys (an element holds its children's text: above a long one, all are long).

    Also returns which of ``links`` are the ``link_key`` of a link's text (<a href>)."""
    body = page.tree.body
    if body is None or not (keys or links):
        return {}, set()
    limit = max((len(k) for k in keys), default=0) + patterns.BODY_LINK_SHARE_SLACK
    shortest = min((len(k) for k in links), default=0)
    blob = KeyText(keys)  # "in blob": in the text of one of the keys
    found: set[str] = set()
    linked: dict[int, int] = {}
    chains: list[list[LexborNode]] = []
    roots, tags, inline = (patterns.CONTENT_ROOT_TAGS, patterns.BODY_LINK_SHARE_TAGS,
                           patterns.BODY_LINK_SHARE_INLINE)
    max_levels = patterns.BODY_LINK_SHARE_LEVELS
    link_words = 0
    for a in body.css("a"):
        raw = a.text(deep=True)
        words = raw.split()
        if not words:
            continue
        link_words += len(words)
        flat = " ".join(words).lower()  # the keys' form when the text has plain edges
        plain = flat[0].isalnum() and flat[-1].isalnum()
        if links and len(raw) >= shortest:
            lk = flat if plain else link_key(raw)
            if lk in links and "href" in a.attributes:
                found.add(lk)
        if len(flat) > limit:
            continue  # every block holding this link is longer than any key
        if (flat if plain and "|" not in flat else key(raw)) not in blob:
            continue  # in none of the blocks (an element matching a key holds only its links)
        n = len(flat) - flat.count(" ")
        chain: list[LexborNode] = []
        node, levels = a.parent, 0
        while node is not None and levels < max_levels:
            tag = node.tag
            if tag in roots:
                break
            if tag in tags:
                mem_id = node.mem_id
                linked[mem_id] = linked.get(mem_id, 0) + n
                chain.append(node)
                levels += tag not in inline
            node = node.parent
        chains.append(chain)
    texts: dict[int, str | None] = {}  # None: too long to be a key
    out: dict[str, float] = {}
    for chain in chains:
        for node in chain:
            mem_id = node.mem_id
            if mem_id not in texts:
                text = node.text(deep=True, separator=" ")
                texts[mem_id] = text if len(text) <= limit or len(collapse(text)) <= limit \
                    else None
                if texts[mem_id] is not None:
                    k = key(text)
                    if k in keys:
                        total = len("".join(text.split()))
                        share = min(1.0, linked[mem_id] / total) if total else 0.0
                        out[k] = max(out.get(k, 0.0), share)
            if texts[mem_id] is None:
                break
    page.cache["body_link_words"] = link_words
    return out, found


def page_words(page: Page, enough: int = 0) -> int:
    """Words of the page's visible text outside links (scripts, styles and templates not
    counted; the link words counted by :func:`link_shares` when it ran). If the whole text has
    at most ``enough`` words, that count is returned (an upper bound, cheaper)."""
    body = page.tree.body
    if body is None:
        return 0
    total = len(body.text(deep=True, separator=" ").split())
    if total <= enough:
        return total
    link_words = page.cache.get("body_link_words")  # counted by link_shares
    selector = patterns.BODY_NOT_TEXT_SELECTOR + ("" if link_words is not None else ", a")
    for node in body.css(selector):
        total -= len(node.text(deep=True, separator=" ").split())
    return max(0, total - (link_words or 0))


def densest_paragraphs(page: Page) -> list[str]:
    """The paragraphs (<p> of at least BODY_DENSE_P_MIN_WORDS words) of the element whose
    direct <p> children hold the most such words, if at least BODY_DENSE_MIN_WORDS: a
    readability-style last resort on the selectolax tree."""
    body = page.tree.body
    if body is None:
        return []
    groups: dict[int, list[str]] = {}
    words: dict[int, int] = {}
    for p in page.select("p"):
        parent = p.parent
        if parent is None:
            continue
        text = _collapsed_p(page, p)
        n = text.count(" ") + 1 if text else 0  # collapsed: words joined by single spaces
        if n >= patterns.BODY_DENSE_P_MIN_WORDS:
            groups.setdefault(parent.mem_id, []).append(text)
            words[parent.mem_id] = words.get(parent.mem_id, 0) + n
    if not words:
        return []
    best = max(words, key=words.__getitem__)
    return groups[best] if words[best] >= patterns.BODY_DENSE_MIN_WORDS else []


def first_paragraph_node(page: Page, first: str) -> LexborNode | None:
    """Where the body's first paragraph starts in the DOM: the first <p> whose text it is, else
    the first text node it starts with (raised to its outermost inline wrapper)."""
    body = page.tree.body
    word = _FIRST_WORD.match(first)  # a cheap test before collapsing a text
    if body is None or len(first) < patterns.BODY_LEAD_FIRST_MIN_CHARS or word is None:
        return None
    for node in page.select("p"):
        raw = node.text(deep=True)
        if word[1] in raw and _collapsed_p(page, node, raw) == first:
            return node
    # elements with a text node of their own holding the word (found by lexbor, in C)
    for parent in body.css(f':lexbor-contains("{word[1]}")'):
        for node in parent.iter(include_text=True):
            if node.tag == "-text" and word[1] in (node.text_content or ""):
                text = collapse(node.text_content)
                if len(text) >= patterns.BODY_LEAD_TEXT_MIN_CHARS and first.startswith(text):
                    while node.parent is not None and node.parent.tag in patterns.BODY_LEAD_INLINE:
                        node = node.parent
                    return node
    return None


_FIRST_WORD = re.compile(r"\W*(\w+)")


def _collapsed_p(page: Page, node: LexborNode, raw: str | None = None) -> str:
    """``collapse(node.text(deep=True))`` of a <p>, once per page (the densest-container
    fallback and the lead's search both read it: a 20 MB paragraph cost ~1 s each time).
    ``raw``: its text, when the caller has it already."""
    done: dict[int, str] = page.cache.setdefault("body_p_collapsed", {})
    text = done.get(node.mem_id)
    if text is None:
        text = done[node.mem_id] = collapse(node.text(deep=True) if raw is None else raw)
    return text


def _units_before(node: LexborNode) -> Iterator[tuple[str, LexborNode | None, bool]]:
    """The paragraph units before ``node`` among its siblings, nearest first: (text, element,
    inline), where a unit is a sibling element, or a run of text and inline elements between
    <br>s and blocks (then the element is the one that ends the run, if any)."""
    run: list[str] = []

    def flush() -> str:
        text = collapse(" ".join(reversed(run)))
        run.clear()
        return text

    sib = node.prev
    while sib is not None:
        tag = sib.tag or "-"  # (a processing instruction, <?php ... ?>, has no name: passed)
        if tag == "-text":
            run.append(sib.text_content or "")
        elif tag in patterns.BODY_LEAD_INLINE and not _chrome_classed(sib):
            run.append(sib.text(deep=True, separator=" "))
        elif tag == "br" or not (tag.startswith(("-", "#")) or tag in patterns.BODY_LEAD_PASS
                                 or _chrome_classed(sib)):
            text = flush()
            if text:
                yield text, sib, True
            if tag != "br":
                yield collapse(sib.text(deep=True, separator=" ")), sib, False
        sib = sib.prev
    text = flush()
    if text:
        yield text, None, True


def _chrome_classed(node: LexborNode) -> bool:
    """Does the element's class or id hold a chrome or caption word (BODY_LEAD_CHROME_WORDS)?"""
    attrs = node.attributes
    return not patterns.BODY_LEAD_CHROME_WORDS.isdisjoint(class_words(attrs.get("class"),
                                                                      attrs.get("id")))


def _is_lead_prose(text: str, node: LexborNode | None, inline: bool) -> bool:
    if len(text.split()) < patterns.BODY_LEAD_MIN_WORDS or not patterns.BODY_LEAD_END.search(text) \
            or patterns.BODY_LEAD_LABEL.match(text):
        return False
    if inline or node is None:
        return True
    chars = len(text.replace(" ", ""))
    linked = sum(len("".join(a.text(deep=True).split())) for a in node.css("a"))
    return linked < patterns.BODY_LEAD_MAX_LINK_SHARE * chars


def lead_paragraphs(page: Page, paragraphs: list[str], seen: Callable[[str], bool],
                    deck: Callable[[str], bool]) -> list[str]:
    """Prose paragraphs right before the body's first paragraph in the DOM that the body lacks
    (a lead in bold or plain text before the first <p>, a first paragraph in another
    container): see BODY_LEAD_*. ``seen(text)``: the body holds this text (passed over);
    ``deck(text)``: it repeats the page's description (the walk ends). Often none."""
    node = first_paragraph_node(page, paragraphs[0]) if paragraphs else None
    found: list[str] = []
    for _ in range(patterns.BODY_LEAD_LEVELS + 1):
        if node is None:
            break
        for text, element, inline in _units_before(node):
            if not text:
                continue
            block = inline or (element is not None and (
                element.tag == "p" or (element.tag in ("div", "blockquote")
                                       and css_first_below(element, patterns.BODY_LEAD_BLOCKS)
                                       is None)))
            if (block and seen(text)) or patterns.BODY_LEAD_NOTICE.search(text):
                continue
            if not (block and _is_lead_prose(text, element, inline)) or deck(text):
                return found[::-1]
            found.append(text)
        if found:
            break
        node = node.parent
        if node is not None and node.tag in patterns.BODY_LEAD_TOP:
            break
    return found[::-1]
