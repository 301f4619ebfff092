"""Headline: the article's title as the publisher states it, without site-name prefixes or suffixes.

Candidates: the JSON-LD headline, og:title / twitter:title / meta headline, microdata headline,
<title>, and the printed headings (h1, [itemprop=headline], the article header's h2), leaving
out headings that sit in navigation (breadcrumbs, menus, lists, footers, teasers). Titles from
metadata have the site name stripped by comparing their separator-delimited parts with the
names the site goes by. The choice, in order of evidence:

0. og:title when the JSON-LD article states the same title (headline or name): the two
   declarations agree on every such page of meta-fundus (163 of 164, the other differs only in
   quotation marks), also where the page prints another heading. Otherwise the metadata titles
   that another one shows to be a variant are left out: a live blog's rolling "Topic LIVE: ..."
   title when a plain one exists, and a title that only adds words after the first word of
   another (search keywords, a section/site/date tail the site-name stripping missed);
1. a metadata title that a printed heading confirms (the same words, punctuation aside; the
   heading may carry a kicker/overline or a subtitle as separate elements: each part counts);
   og:title is tried before the JSON-LD headline, so when the page prints both an SEO title
   and the social/editorial one, the printed editorial one wins;
   1b. metadata and heading put different kickers before the same headline: that headline;
2. a printed heading and a metadata title of which one contains the other: the metadata form
   (it carries the kicker the h1 leaves out, or leaves out the h1's extra dek), unless what the
   metadata adds is only a separator-delimited tail (site, section, date);
3. without a JSON-LD headline, the page's only <h1> over the social/SEO titles (og:title,
   twitter:title), unless one of them is that h1 with words left out;
4. when no printed heading agrees with any: the JSON-LD headline, then og:title, ... (an h1
   that no metadata confirms is often a section or teaser title: preferring it here lost 7
   pages of 258 on meta-fundus);
5. without metadata titles, <title> (a host name at either end dropped: "Forbes.com: ..."):
   of the headings inside it, those linking to a front page name the site or blog ("Seth's
   Blog" -> /seths_blog/); of the others the first h1, then the longest (a section's name is
   printed as an h1 too: "U.S. & World"); with only a name inside, <title> without it at its
   start or end (an old blog prints the post's title nowhere else); else the first printed
   heading sharing words with <title>, else <title> (the headings are a widget's or a
   sidebar's), else the first heading.
A metadata title cut short with an ellipsis is left out when another title gives it in full.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborNode

from . import patterns
from .document import Page, block_ancestors, ld_text
from .text import collapse, fold

MAX_HEADLINE = 400
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


def site_names(page: Page) -> set[str]:
    """Folded names the site goes by: og:site_name, JSON-LD publisher, host labels (memoised)."""
    cached = page.cache.get("site_names")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    names: set[str] = set()
    for key in patterns.PUBLISHER_META_KEYS:
        for value in page.meta.get(key, ()):
            names.add(fold(value.lstrip("@")))
    art = page.article_object()
    pub = art.get("publisher") if art else None
    if isinstance(pub, list):
        pub = pub[0] if pub else None
    if isinstance(pub, dict):
        names.add(fold(ld_text(pub.get("name"))))
    for obj in page.jsonld_objects(frozenset({"WebSite"})):
        names.add(fold(ld_text(obj.get("name"))))
    if page.url:
        try:
            host = (urlsplit(page.url).hostname or "").removeprefix("www.")
        except ValueError:
            host = ""
        if host:
            names.add(fold(host))
            labels = host.split(".")
            names.add(fold(labels[0]))
            if len(labels) >= 3 and labels[-2] in patterns.SECOND_LEVEL_SUFFIXES:
                names.add(fold(labels[-3]))  # news.bbc.co.uk -> "bbc"
            elif len(labels) >= 2:
                names.add(fold(labels[-2]))  # edition.cnn.com -> "cnn"
    names.discard("")
    page.cache["site_names"] = names
    return names


def _is_site_name(part: str, sites: set[str]) -> bool:
    key = fold(part)
    if not key:
        return True
    key_nospace = key.replace(" ", "")
    for site in sites:
        site_nospace = site.replace(" ", "")
        if key == site or key_nospace == site_nospace:
            return True
        if len(key_nospace) >= 3 and len(site_nospace) >= 3 and (
                key_nospace in site_nospace or site_nospace in key_nospace):
            if len(key.split()) <= 4:
                return True
    return False


def strip_site_name(title: str, sites: set[str]) -> str:
    """Drop leading/trailing separator-delimited parts that name the site."""
    parts = patterns.TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    start, end = 0, len(parts)
    while end - start > 1 and _is_site_name(parts[end - 1], sites):
        end -= 1
    while end - start > 1 and _is_site_name(parts[start], sites):
        start += 1
    if (start, end) == (0, len(parts)):
        return title
    seps = patterns.TITLE_SEPARATORS.findall(title)  # only now: a long <title> is one scan less
    out = parts[start]
    for i in range(start + 1, end):
        out += seps[i - 1] + parts[i]
    return out.strip()


# -- printed headings ----------------------------------------------------------------------------

def _segments(node: LexborNode, depth: int = 0, inline: frozenset[str] = patterns.INLINE_TAGS) -> list[str]:
    """The heading's text as rendered pieces: block children (and <br>) start a new piece,
    inline children join the text around them without a space (as a browser shows them)."""
    pieces: list[str] = [""]
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            pieces[-1] += child.text_content or ""
        elif tag in patterns.SKIP_TEXT_TAGS or tag == "#comment" or tag is None:
            continue
        elif tag == "br":
            pieces.append("")
        elif tag in inline and depth < 6:
            inner = _segments(child, depth + 1, inline)
            pieces[-1] += inner[0]
            pieces.extend(inner[1:])
        elif depth < 6:
            pieces.extend(_segments(child, depth + 1, inline))
            pieces.append("")
    return pieces


def rendered_lines(node: LexborNode) -> list[str]:
    """The element's text as the lines a browser shows (block children and <br> break them)."""
    return [line for line in (collapse(p) for p in _segments(node)) if line]


def _parts(node: LexborNode, depth: int = 0) -> list[str]:
    """Pieces of a heading worth comparing: its element children's texts (kicker, headline,
    subtitle), or the rendered pieces when the heading is flat."""
    parts: list[str] = []
    for child in node.iter(include_text=True):
        if child.tag in patterns.SKIP_TEXT_TAGS or child.tag == "#comment":
            continue
        text = collapse(child.text_content if child.tag == "-text" else
                        " ".join(_segments(child)))
        if text:
            parts.append(text)
    if len(parts) == 1 and node.child is not None and depth < 6:
        only = [c for c in node.iter() if c.tag not in patterns.SKIP_TEXT_TAGS]
        if len(only) == 1:  # <h1><a><span>kicker</span><span>title</span></a></h1>
            return _parts(only[0], depth + 1)
    return parts


def heading_text(node: LexborNode, inline: frozenset[str] = patterns.INLINE_TAGS) -> str:
    """Rendered text of an element (scripts, styles, buttons left out). ``inline``: the tags
    whose text joins its neighbours without a space; every other element is a word break."""
    return collapse(" ".join(_segments(node, 0, inline)))


def label_matches(node: LexborNode, regex: re.Pattern[str], attrs: tuple[str, ...] = ("class", "id"),
                  values: dict[str, str | None] | None = None) -> bool:
    """Does a class/id token of the node match? Tokens that negate ("without-sidebar",
    "withSidebar", "no-breadcrumb", "has-comments") do not count. ``values``: the node's
    ``attributes`` when already read (each read builds a dict of them all)."""
    if values is None:
        values = node.attributes
    for key in attrs:
        value = values.get(key)
        if value and regex.search(value):
            for token in value.split():
                if regex.search(token) and not token.lower().startswith(patterns.CLASS_NEGATED):
                    return True
    return False


def _is_navigation(node: LexborNode, memo: dict[int, bool] | None = None) -> bool:
    """Is the heading in navigation (a nav tag above it, or a nav label on it or above)?
    ``memo``: element -> does its label say navigation (headings share their ancestors)."""
    memo = {} if memo is None else memo
    for current in block_ancestors(node, 12):
        if current is not node and current.tag in patterns.HEADLINE_NAV_TAGS:
            return True
        mem_id = current.mem_id
        labelled = memo.get(mem_id)
        if labelled is None:
            values = current.attributes
            labelled = memo[mem_id] = (
                any(k.startswith("data-") and "crumb" in k for k in values)
                or label_matches(current, patterns.HEADLINE_NAV_ATTR, ("class", "id", "role"), values))
        if labelled:
            return True
    return False


def _front_of(href: str, page_url: str | None) -> bool:
    """May ``href`` be a front page above the page (not the page's own permalink, "/hello-world",
    nor another site)? Unknown without the page's URL: yes."""
    if not page_url:
        return True
    try:
        target, here = urlsplit(urljoin(page_url, href)), urlsplit(page_url)
    except ValueError:
        return False
    front = target.path.rstrip("/")
    return (target.hostname == here.hostname and here.path.rstrip("/") != front
            and here.path.startswith(front + "/"))


class _Heading:
    __slots__ = ("text", "folded", "keys", "tag", "home", "root")

    def __init__(self, node: LexborNode, page_url: str | None = None):
        self.tag = node.tag
        self.text = heading_text(node)
        link = node.css_first("a[href]")
        href = (link.attributes.get("href") or "") if link is not None else None
        try:
            path = urlsplit(href).path if href is not None else None
        except ValueError:
            path = None
        self.home = path in ("", "/")  # the site's name linking to its home page (a logo)
        # ... or to a section's or blog's front ("/blog", "/seths_blog/"): one short segment
        self.root = self.home or (path is not None and bool(patterns.FRONT_PAGE_PATH.match(path))
                                  and _front_of(href or "", page_url))
        parts = _parts(node)
        self.folded = fold(self.text)
        keys = {self.folded}
        for i in range(1, len(parts)):
            keys.add(fold(" ".join(parts[i:])))   # without the kicker
            keys.add(fold(" ".join(parts[:i])))   # without the subtitle
        keys.update(fold(p) for p in parts if len(p) >= patterns.MIN_CONTAINED_HEADLINE)
        keys.discard("")
        # spaces dropped too: a kicker set as a block without a space ("Demo" + "Der 9. Juli")
        self.keys = keys | {k.replace(" ", "") for k in keys}


def _key(text: str) -> str:
    return fold(text).replace(" ", "")


def _after_kicker(value: str) -> str | None:
    """'Kicker: Headline' -> 'Headline' (the part after the first kicker separator)."""
    parts = patterns.KICKER_SEPARATOR.split(value, maxsplit=1)
    if len(parts) == 2 and len(parts[1]) >= patterns.MIN_CONTAINED_HEADLINE and len(parts[0]) <= 60:
        return parts[1].strip()
    return None


def _headings(page: Page) -> list[_Heading]:
    out: list[_Heading] = []
    seen: set[int] = set()
    navigation: dict[int, bool] = {}
    for selector, _weight in patterns.HEADLINE_DOM_SELECTORS:
        for node in page.select(selector)[: patterns.HEADLINE_MAX_NODES]:
            if node.mem_id in seen or node.tag in ("meta", "link", "title"):
                continue
            seen.add(node.mem_id)
            if _is_navigation(node, navigation):
                continue
            heading = _Heading(node, page.url)
            if heading.text and len(heading.text) <= MAX_HEADLINE and any(k for k in heading.keys):
                out.append(heading)
            if len(out) >= patterns.HEADLINE_MAX_NODES:
                return out
    return out


# -- metadata titles ---------------------------------------------------------------------------

def _metadata_titles(page: Page, sites: set[str]) -> list[tuple[str, str]]:
    """(title with the site name stripped, source), og:title first, deduplicated."""
    found: list[tuple[str, str]] = []
    for value in page.meta.get("og:title", ())[:1]:
        found.append((collapse(value), "meta"))
    art = page.article_object()
    if art:
        for key in ("headline", "name", "alternativeHeadline"):
            value = ld_text(art.get(key))
            if value:
                found.append((value, "jsonld"))
                break
    for key in patterns.HEADLINE_META_KEYS[1:]:
        for value in page.meta.get(key, ())[:1]:
            found.append((collapse(value), "meta"))
    for value in page.microdata.get("headline", ())[:1]:
        found.append((collapse(value), "microdata"))
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for value, source in found:
        value = strip_site_name(value, sites) if value else ""
        key = fold(value)
        if key and key not in seen and len(value) <= MAX_HEADLINE:
            seen.add(key)
            out.append((value, source))
    return out


def _page_title(page: Page, sites: set[str]) -> str:
    node = page.select_first("title")
    title = strip_site_name(collapse(node.text()), sites) if node is not None else ""
    # an ASCII letter or digit survives folding: no need to fold a (possibly giant) <title>
    return title if _ASCII_ALNUM.search(title) or fold(title) else ""


def _contained(dom: str, meta: str) -> str | None:
    """When one title contains the other: the one to keep, else None."""
    d, m = fold(dom), fold(meta)
    if min(len(d), len(m)) < patterns.MIN_CONTAINED_HEADLINE or d == m:
        return None
    if d in m:
        # metadata = heading + " | Section" (a tail) -> the heading; kicker + heading -> metadata
        i = collapse(meta).casefold().find(collapse(dom).casefold())
        if i >= 0 and patterns.TITLE_TAIL.match(collapse(meta)[i + len(collapse(dom)):]):
            return dom
        return meta
    if m in d:
        return meta
    return None


def _extends(longer: str, shorter: str) -> bool:
    """Is ``longer`` ``shorter`` with words added after its first word ("reports of leaks" ->
    "reports of information leaks"; "here's how to check" -> "... how to check if you have
    the rare buck")? A kicker put before it does not count (the headings decide those)."""
    long_words, short_words = fold(longer).split(), fold(shorter).split()
    if len(short_words) < 2 or len(long_words) <= len(short_words) or long_words[0] != short_words[0]:
        return False
    rest = iter(long_words)
    return all(word in rest for word in short_words)  # in order: consumes the iterator


def _prune(metas: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Leave out the metadata titles another one shows to be a variant of the headline: a live
    blog's rolling "Topic LIVE: ..." title when a title without the label exists, and a
    rewrite that only adds words to another title (keywords for search, a site tail)."""
    plain = [m for m in metas if not patterns.LIVE_LABEL.search(m[0])]
    metas = plain or metas
    return [m for m in metas if not any(_extends(m[0], other[0]) for other in metas)]


def _untruncated(metas: list[tuple[str, str]], others: list[str]) -> list[tuple[str, str]]:
    """Leave out a title cut short with an ellipsis ("Storm hits coast, thousands...") when
    another metadata title, a heading or <title> gives it in full."""
    full = [m[0] for m in metas] + others
    out = []
    for value, source in metas:
        cut = patterns.TRUNCATED_TITLE.sub("", value)
        if cut != value and len(fold(cut)) >= 10 and any(
                fold(f).startswith(fold(cut)) and len(fold(f)) > len(fold(cut))
                and not patterns.TRUNCATED_TITLE.search(f) for f in full):
            continue
        out.append((value, source))
    return out


def _declared_twice(page: Page, sites: set[str]) -> str | None:
    """og:title, when the JSON-LD article gives the same title (as its headline or name)."""
    art = page.article_object()
    raw = page.meta.get("og:title")
    if not art or not raw:
        return None
    og = strip_site_name(collapse(raw[0]), sites)
    if len(og) > MAX_HEADLINE or _is_site_name(og, sites):
        return None
    for key in ("headline", "name"):
        value = ld_text(art.get(key))
        if value and _key(strip_site_name(value, sites)) == _key(og):
            return og
    return None


def _related(a: str, b: str) -> bool:
    """Do two titles share a word of 4+ characters (or, in scripts without spaces, 3 characters
    in a row)?"""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    words = {w for w in fold(a).split() if len(w) >= 4}
    if any(w in fold(b).split() for w in words):
        return True
    m = SequenceMatcher(None, ka, kb, autojunk=False).find_longest_match(0, len(ka), 0, len(kb))
    return m.size >= 3 and not ka[m.a:m.a + m.size].isascii()


def _sole_h1(page: Page, headings: list[_Heading], metas: list[tuple[str, str]]) -> str | None:
    """The printed headline when the page states none in JSON-LD but has a metadata title: the
    page's only <h1> (outside navigation; not the site's name or a link to its home page),
    unless a metadata title is that h1 with words left out (a shortened social title of the
    same headline, kept as in rule 0's pruning)."""
    art = page.article_object()
    if art and ld_text(art.get("headline")):
        return None
    h1s = [h for h in headings if h.tag == "h1"]
    if len(h1s) != 1 or headings[0] is not h1s[0]:
        return None
    text = h1s[0].text
    if not metas or h1s[0].home or _is_site_name(text, site_names(page)) or any(
            _extends(text, value) for value, _source in metas):
        return None
    return text


def _without_hosts(title: str) -> str:
    """'Forbes.com: Headline', 'Headline - FOXNews.com' -> 'Headline': a host name at an end of
    <title> is the site's name, also when the page's URL is unknown. The patterns look at the
    title's ends only (TITLE_HOST_EDGE characters: they backtrack on long runs of "-a-a")."""
    edge = patterns.TITLE_HOST_EDGE
    found = patterns.TITLE_HOST_PREFIX.match(title[:edge])
    out = title[found.end():] if found else title
    tail = out[-edge:]
    found = patterns.TITLE_HOST_SUFFIX.search(tail)
    if found:
        out = out[:len(out) - len(tail) + found.start()]
    return out.strip() if len(fold(out)) >= 3 else title


def _edge_cut(title: str, name: str) -> str | None:
    """<title> without ``name`` at its start or its end, where a separator parts them
    ("Seth's Blog: The importance of going first" - "Seth's Blog"); None when it is not there."""
    key = re.escape(collapse(name))
    if not key:
        return None
    start = re.match(key, title, re.IGNORECASE)
    if start:
        sep = patterns.TITLE_EDGE_SEPARATOR.match(title[start.end():])
        if sep:
            return title[start.end() + sep.end():].strip() or None
    end = re.search(f"(?:{key})$", title, re.IGNORECASE)
    if end:
        head = title[:end.start()]
        sep = patterns.TITLE_EDGE_SEPARATOR.match(head[::-1])
        if sep:
            return head[:len(head) - sep.end()].strip() or None
    return None


def _from_title(title: str, headings: list[_Heading]) -> tuple[str, str] | None:
    """Step 5 with <title> and printed headings only. Of the headings inside <title>, those
    linking to a front page name the site or the blog ("Seth's Blog" -> /seths_blog/); of the
    others (a section's name is printed as a heading too: "U.S. & World"), the h1 first, then
    the longest. With only a name inside: <title> without it at its start or end (the post's
    title is printed nowhere else). None: no heading is inside <title>."""
    key = f" {fold(title)} "
    inside = [h for h in headings if h.folded and f" {h.folded} " in key]
    content = [h for h in inside if not h.root]
    if content:  # the first h1 of the most words, else the first heading of the most words
        return max(content, key=lambda h: (h.tag == "h1", len(h.folded.split()))).text, "dom"
    for name in inside:
        rest = _edge_cut(title, name.text)
        if rest is not None and len(fold(rest).split()) >= 2:
            return rest, "meta"
    return None


def _deep_heading(page: Page, title: str) -> tuple[str, str] | None:
    """Past the first headings (a blog's sidebar prints a dozen h2s before the post's): the
    first h1-h3, not in navigation, of at least three words that is inside <title> and most of
    it ("xbox360: Soul Calibur IV turns into ..." holds the post's h2 after a site prefix)."""
    key = f" {fold(title)} "
    navigation: dict[int, bool] = {}
    for node in page.select("h1, h2, h3")[:patterns.HEADLINE_DEEP_NODES]:
        text = heading_text(node)
        folded = fold(text)
        if (len(folded.split()) >= 3 and f" {folded} " in key
                and 2 * len(folded) >= len(key) and not _is_navigation(node, navigation)):
            return text, "dom"
    return None


def extract_headline(page: Page) -> tuple[str | None, str | None]:
    """(headline, source). See the module docstring for the order of evidence."""
    sites = site_names(page)
    # 0. og:title and the JSON-LD article agree: two declarations outweigh a printed heading
    agreed = _declared_twice(page, sites)
    if agreed:
        return agreed, "meta"
    headings = _headings(page)
    title = _page_title(page, sites)
    metas = _prune(_untruncated(_metadata_titles(page, sites),
                                [h.text for h in headings] + ([title] if title else [])))
    # 1. a metadata title confirmed by a printed heading: its text, or a part of it (the heading
    #    without its kicker or without its subtitle). Microdata is read off the heading itself,
    #    so it confirms nothing.
    for value, source in metas:
        if source == "microdata":
            continue
        key = fold(value)
        for heading in headings:
            if key in heading.keys or _key(value) in heading.keys:
                if fold(heading.text) == key and heading.text == value:
                    return heading.text, "dom"
                return value, source  # same words: the metadata has the punctuation
    # 1b. metadata and heading put different kickers before the same headline
    for value, source in metas:
        core = _after_kicker(value) if source != "microdata" else None
        if core and any(_key(core) in heading.keys and _key(core) != _key(heading.text)
                        for heading in headings):
            return core, source
    if headings:
        first = headings[0].text
        # 2. heading and metadata title, one inside the other (a heading inside <title>, with
        #    no metadata title: step 5 decides, the heading may be the site's name)
        by_title = [(title, "meta")] if title and (metas or fold(first) not in fold(title)) else []
        for value, source in metas + by_title:
            kept = _contained(first, value)
            if kept is not None:
                return (first, "dom") if kept is first else (value, source)
    # 3. no JSON-LD headline: the page's one <h1> over a social/SEO title it does not confirm
    sole = _sole_h1(page, headings, metas)
    if sole is not None:
        return sole, "dom"
    # 4. structured titles (site names stripped)
    for value, source in metas:
        if source == "jsonld":
            return value, source
    if metas:
        return metas[0]
    # 5. <title> without a host name at its ends; the heading that is most of it, or it without
    #    a short heading (the site's name) at an end; else the first printed heading that shares
    #    words with it; itself when none does (the headings are then a widget's or a sidebar's:
    #    "Original text", "Related posts")
    title = _without_hosts(title) if title else title
    if title:
        found = (_from_title(title, headings) if headings else None) or _deep_heading(page, title)
        if found is not None and len(found[0]) <= MAX_HEADLINE:
            return found
    if headings and patterns.MIN_CONTAINED_HEADLINE <= len(title) <= MAX_HEADLINE:
        for heading in headings:
            if _related(heading.text, title):
                return heading.text, "dom"
        return title, "meta"  # a headline-long <title> sharing no word with any heading
    if headings:
        return headings[0].text, "dom"
    if title and len(title) <= MAX_HEADLINE:
        return title, "meta"
    return None, None
