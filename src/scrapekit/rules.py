"""Per-site rules: CSS selectors (or JSON-LD paths) that pin a field for the hosts they name.

A rules file is TOML, one ``[[site]]`` table per group of hosts::

    [[site]]
    hosts = ["example.com", "*.example.org"]         # hostname globs (fnmatch)
    headline = "h1.story-title"                      # CSS selector: its text
    byline = ".byline"                               # its text; authors are read from it
    authors = ".byline a"                            # one author per match
    datePublished = "time[itemprop=datePublished]"   # its datetime (or content) attribute, else its text
    dateModified = "time.updated"
    body = "div.story-body"                          # paragraphs of every match
    relatedLinks = "aside.related a"                 # links of every match
    description = "$.description"                    # "$." starts a JSON-LD path
    remove = ["div.newsletter", ".ad"]               # removed before any extraction

A rule wins over the generic extractor for its field when it finds a value (its source is then
``"rule"`` in ``fieldSources``); a selector that matches nothing leaves the generic value. The
first ``[[site]]`` whose globs match the page's host (or the host without ``www.``) applies.
An invalid file raises :class:`scrapekit.errors.RulesError` naming the line.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase, translate
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .errors import RulesError

if TYPE_CHECKING:
    from .extractors.document import Page
    from .record import Article

FIELDS: dict[str, str] = {
    "headline": "headline", "byline": "byline", "authors": "authors",
    "datePublished": "datePublished", "dateModified": "dateModified",
    "body": "articleBody", "articleBody": "articleBody", "relatedLinks": "relatedLinks",
    "description": "description",
}
"""Rule key -> the record key it pins."""
LIST_KEYS = ("hosts", "remove")
JSONLD_PREFIX = "$."
BODY_BLOCKS = "p, h2, h3, h4, h5, h6, li, blockquote, pre, figcaption"
MAX_RULES_BYTES = 1_000_000
MAX_SITES = 10_000
MAX_HOSTS = 100_000
"""Host globs in a whole file."""
MAX_OTHER_GLOBS = 1_000
"""Globs other than an exact host or ``*.suffix`` (one combined regex: kept small)."""
MAX_MATCHES = 500
BARE_URL = re.compile(r"^(?:https?:)?//\S*$", re.I)
"""A JSON-LD value that is only a URL: no name or text."""
"""Nodes read per selector (a bounded list, whatever the page)."""


@dataclass(frozen=True)
class SiteRule:
    """The rules of one ``[[site]]`` table."""

    hosts: tuple[str, ...]
    fields: tuple[tuple[str, str], ...] = ()
    """(record key, selector or JSON-LD path), in file order."""
    remove: tuple[str, ...] = ()

    def matches(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        bare = host[4:] if host.startswith("www.") else host
        return any(fnmatchcase(host, glob) or fnmatchcase(bare, glob) for glob in self.hosts)


def _is_glob(text: str) -> bool:
    return any(c in text for c in "*?[")


class HostIndex:
    """Which site (its index in file order) a host belongs to, built once per rules file:
    exact hosts and ``*.suffix`` globs in dicts (a lookup per label of the host), any other
    glob in one combined regex. The same answer as trying each site's globs in order."""

    def __init__(self, sites: tuple[SiteRule, ...]) -> None:
        self.exact: dict[str, int] = {}
        self.suffix: dict[str, int] = {}
        others: list[str] = []
        for n, site in enumerate(sites):
            for glob in site.hosts:
                if not _is_glob(glob):
                    self.exact.setdefault(glob, n)
                elif glob.startswith("*.") and not _is_glob(glob[1:]):
                    self.suffix.setdefault(glob[1:], n)
                else:
                    others.append(f"(?P<s{n}_{len(others)}>{translate(glob)})")
        self.others = re.compile("|".join(others), re.S) if others else None

    def _first(self, host: str) -> int | None:
        found = [self.exact.get(host)]
        dot = host.find(".")
        while dot != -1:
            found.append(self.suffix.get(host[dot:]))
            dot = host.find(".", dot + 1)
        if self.others is not None:
            match = self.others.fullmatch(host)
            if match and match.lastgroup:
                found.append(int(match.lastgroup[1:].split("_", 1)[0]))
        return min((n for n in found if n is not None), default=None)

    def lookup(self, host: str) -> int | None:
        host = host.lower().rstrip(".")
        found = [self._first(host)]
        if host.startswith("www."):
            found.append(self._first(host[4:]))
        return min((n for n in found if n is not None), default=None)


@dataclass(frozen=True)
class Rules:
    """A parsed rules file: the site rules in file order (picklable, for the workers)."""

    sites: tuple[SiteRule, ...] = ()
    source: str | None = None
    index: HostIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", HostIndex(self.sites))

    def for_url(self, url: str | None) -> SiteRule | None:
        if not url or not self.sites:
            return None
        try:
            host = urlsplit(url).hostname
        except ValueError:
            return None
        if not host:
            return None
        n = self.index.lookup(host)
        return self.sites[n] if n is not None else None


# -- loading and validation -------------------------------------------------------------------

def _site_lines(text: str) -> list[tuple[int, int]]:
    """(first, last) line numbers (1-based) of each ``[[site]]`` table, in order."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines, 1) if re.match(r"\s*\[\[\s*site\s*\]\]", line)]
    out = []
    for n, start in enumerate(starts):
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(lines)
        out.append((start, end))
    return out


def _key_line(text: str, span: tuple[int, int] | None, key: str) -> int | None:
    lines = text.splitlines()
    first, last = span or (1, len(lines))
    pattern = re.compile(rf"""\s*["']?{re.escape(key)}["']?\s*=""")
    for number in range(first, last + 1):
        if pattern.match(lines[number - 1]):
            return number
    return span[0] if span else None


def _check_selector(selector: str) -> None:
    LexborHTMLParser("<p></p>").css(selector)


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return None
    return [v.strip() for v in value]


def _site(table: Any, text: str, span: tuple[int, int] | None, path: str | None) -> SiteRule:
    def fail(message: str, key: str | None = None) -> RulesError:
        line = _key_line(text, span, key) if key else (span[0] if span else None)
        return RulesError(message, path=path, line=line)

    if not isinstance(table, dict):
        raise fail("each [[site]] must be a table")
    hosts = _strings(table.get("hosts"))
    if not hosts:
        raise fail("[[site]] needs hosts = [\"example.com\", ...] (hostname globs)", "hosts")
    fields: list[tuple[str, str]] = []
    for key, value in table.items():
        if key in LIST_KEYS:
            continue
        if key not in FIELDS:
            known = ", ".join([*LIST_KEYS, *FIELDS])
            raise fail(f"unknown key {key!r} (known: {known})", key)
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{key} must be a CSS selector or a JSON-LD path ($.a.b), as a string", key)
        value = value.strip()
        if not value.startswith(JSONLD_PREFIX):
            try:
                _check_selector(value)
            except Exception as exc:  # noqa: BLE001 - selectolax's own error type varies
                raise fail(f"{key}: invalid CSS selector {value!r} ({exc})", key) from None
        elif not all(value[len(JSONLD_PREFIX):].split(".")):
            raise fail(f"{key}: invalid JSON-LD path {value!r}", key)
        fields.append((FIELDS[key], value))
    remove = _strings(table.get("remove", []))
    if remove is None:
        raise fail("remove must be a list of CSS selectors", "remove")
    for selector in remove:
        try:
            _check_selector(selector)
        except Exception as exc:  # noqa: BLE001
            raise fail(f"remove: invalid CSS selector {selector!r} ({exc})", "remove") from None
    return SiteRule(hosts=tuple(h.lower() for h in hosts), fields=tuple(fields),
                    remove=tuple(remove))


def parse_rules(text: str, path: str | None = None) -> Rules:
    """Rules from TOML text; raises RulesError (with the line) for anything invalid."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        if line is None and "end of document" in str(exc):
            line = max(1, len(text.splitlines()))
        raise RulesError(f"not valid TOML: {exc}", path=path, line=line) from None
    unknown = [key for key in data if key != "site"]
    if unknown:
        raise RulesError(f"unknown top-level key {unknown[0]!r}: rules go in [[site]] tables",
                         path=path, line=_key_line(text, None, unknown[0]))
    tables = data.get("site", [])
    if not isinstance(tables, list):
        raise RulesError("site must be an array of tables: write [[site]]", path=path,
                         line=_key_line(text, None, "site"))
    if len(tables) > MAX_SITES:
        raise RulesError(f"more than {MAX_SITES} [[site]] tables", path=path)
    hosts = [h for t in tables if isinstance(t, dict) for h in _strings(t.get("hosts")) or ()]
    if len(hosts) > MAX_HOSTS:
        raise RulesError(f"more than {MAX_HOSTS} hosts in all [[site]] tables", path=path)
    others = sum(1 for h in hosts if _is_glob(h) and not (h.startswith("*.")
                                                          and not _is_glob(h[1:])))
    if others > MAX_OTHER_GLOBS:
        raise RulesError(f"more than {MAX_OTHER_GLOBS} host globs other than exact hosts and "
                         "\"*.domain\" ones (each such glob is tried on every page)", path=path)
    spans = _site_lines(text)
    sites = tuple(_site(table, text, spans[n] if n < len(spans) else None, path)
                  for n, table in enumerate(tables))
    return Rules(sites=sites, source=path)


def load_rules(path: str | os.PathLike[str]) -> Rules:
    """Read and validate a rules file (RulesError for an unreadable or invalid one)."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            raw = fh.read(MAX_RULES_BYTES + 1)
    except OSError as exc:
        raise RulesError(f"cannot read the rules file: {exc.strerror or exc}", path=name) from None
    if len(raw) > MAX_RULES_BYTES:
        raise RulesError(f"rules file over {MAX_RULES_BYTES} bytes", path=name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RulesError(f"not UTF-8 ({exc.reason} at byte {exc.start})", path=name) from None
    return parse_rules(text, name)


def coerce_rules(value: Rules | str | os.PathLike[str] | None) -> Rules | None:
    """Settings.rules as given (a path or Rules) -> Rules."""
    if value is None or isinstance(value, Rules):
        return value
    if isinstance(value, (str, Path, os.PathLike)):
        return load_rules(value)
    raise RulesError(f"rules must be a path or Rules, not {type(value).__name__}")


# -- applying ---------------------------------------------------------------------------------

def remove_nodes(page: Page, rule: SiteRule) -> None:
    """Drop the rule's ``remove`` selectors from the tree, before any field is read."""
    for selector in rule.remove:
        for node in page.tree.css(selector)[:MAX_MATCHES]:
            node.decompose()


def _jsonld_values(page: Page, path: str) -> list[Any]:
    keys = path[len(JSONLD_PREFIX):].split(".")
    obj = page.article_object()
    roots = [obj] if obj is not None and keys[0] in obj else [o for o in page.jsonld if keys[0] in o]
    values: list[Any] = roots[:1]
    for key in keys:
        nxt: list[Any] = []
        for value in values:
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and key in item:
                    nxt.append(item[key])
        values = nxt
    flat: list[Any] = []
    for value in values:
        flat.extend(value if isinstance(value, list) else [value])
    return flat[:MAX_MATCHES]


def _texts(page: Page, selector: str) -> list[str]:
    from .extractors.document import ld_text
    from .extractors.text import collapse

    if selector.startswith(JSONLD_PREFIX):
        out = []
        for value in _jsonld_values(page, selector):
            if isinstance(value, dict):  # a thing: its name, never its URL or @id
                value = value.get("name")
            text = ld_text(value)
            if text and not BARE_URL.match(text):
                out.append(text)
        return out
    return [t for t in (collapse(n.text(deep=True, separator=" "))
                        for n in page.tree.css(selector)[:MAX_MATCHES]) if t]


def _date_raw(page: Page, selector: str) -> str | None:
    if selector.startswith(JSONLD_PREFIX):
        return next(iter(_texts(page, selector)), None)
    from .extractors.text import collapse

    for node in page.tree.css(selector)[:MAX_MATCHES]:
        attrs = node.attributes
        raw = collapse(attrs.get("datetime") or attrs.get("content")
                       or node.text(deep=True, separator=" "))
        if raw:
            return raw
    return None


def _paragraphs(node: LexborNode) -> list[str]:
    from .extractors.text import collapse

    blocks = node.css(BODY_BLOCKS)
    if not blocks:
        text = collapse(node.text(deep=True, separator=" "))
        return [text] if text else []
    chosen = {b.mem_id for b in blocks}
    out = []
    for block in blocks:
        parent, nested = block.parent, False
        while parent is not None and parent.mem_id != node.mem_id:
            if parent.mem_id in chosen:
                nested = True
                break
            parent = parent.parent
        text = collapse(block.text(deep=True, separator=" ")) if not nested else ""
        if text:
            out.append(text)
    return out


def _body(page: Page, selector: str) -> str | None:
    if selector.startswith(JSONLD_PREFIX):
        paragraphs = _texts(page, selector)
    else:
        paragraphs = [p for node in page.tree.css(selector)[:MAX_MATCHES] for p in _paragraphs(node)]
    return "\n\n".join(paragraphs) or None


def _links(page: Page, selector: str) -> list[tuple[str, str | None]]:
    from .extractors.document import ld_text
    from .extractors.text import or_none

    pairs: list[tuple[str, str | None]] = []
    if selector.startswith(JSONLD_PREFIX):
        for value in _jsonld_values(page, selector):
            if isinstance(value, dict):  # a thing: its url (or @id), named by its name
                href, name = value.get("url") or value.get("@id"), ld_text(value.get("name"))
            else:
                href, name = value, None
            if isinstance(href, str) and (BARE_URL.match(href.strip()) or href.startswith("/")):
                pairs.append((href.strip(), name or None))  # a URL, not a word made one
    else:
        for node in page.tree.css(selector)[:MAX_MATCHES]:
            anchors = [node] if node.tag == "a" else node.css("a[href]")[:MAX_MATCHES]
            pairs.extend((a.attributes.get("href") or "", or_none(a.text(deep=True)))
                         for a in anchors)
    out: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for href, text in pairs:
        url = page.absolute(href.split("#", 1)[0]) if href else None
        if url and url.lower().startswith(("http://", "https://")) and url not in seen:
            seen.add(url)
            out.append((url, text))
    return out


def _names(texts: list[str], split: bool = False) -> list[str]:
    """Author names: each element's text as it is (the rule chose the element), or with
    ``split``, a byline's names ("By A and B" -> A, B)."""
    from .extractors.authors import split_names
    from .extractors.text import collapse

    names: list[str] = []
    for text in texts:
        for name in (split_names(text) if split else [text]):
            name = collapse(name)
            if name and name not in names:
                names.append(name)
    return names


def rule_values(page: Page, rule: SiteRule) -> dict[str, Any]:
    """The values the rule finds on the page, by record key (keys it finds nothing for absent)."""
    from .extractors.dates import normalize_date

    found: dict[str, Any] = {}
    for key, selector in rule.fields:
        if key in ("headline", "byline", "description"):
            value: Any = next(iter(_texts(page, selector)), None)
        elif key == "authors":
            value = _names(_texts(page, selector)) or None
        elif key in ("datePublished", "dateModified"):
            raw = _date_raw(page, selector)
            iso = normalize_date(raw) if raw else None
            value = (iso, raw) if iso else None
        elif key == "articleBody":
            value = _body(page, selector)
        else:  # relatedLinks
            value = _links(page, selector) or None
        if value is not None:
            found[key] = value
    if "byline" in found and "authors" not in found:
        found["authors"] = _names([found["byline"]], split=True) or None
        if found["authors"] is None:
            del found["authors"]
    return found


def apply_rule(article: Article, page: Page, rule: SiteRule) -> Article:
    """The article with every field the rule found replaced; fieldSources say "rule"."""
    from .extractors.text import word_count
    from .record import Author, Link

    values = rule_values(page, rule)
    if not values:
        return article
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key == "headline":
            changes["headline"] = value
        elif key == "byline":
            changes["byline"] = value
        elif key == "description":
            changes["description"] = value
        elif key == "authors":
            changes["authors"] = tuple(Author(name=n, name_raw=n) for n in value)
        elif key == "datePublished":
            changes["date_published"], changes["date_published_raw"] = value
        elif key == "dateModified":
            changes["date_modified"], changes["date_modified_raw"] = value
        elif key == "articleBody":
            changes["article_body"] = value
            changes["word_count"] = word_count(value)
        elif key == "relatedLinks":
            changes["related_links"] = tuple(Link(url=u, text=t, kind="related") for u, t in value)
    sources = dict(article.extraction.field_sources)
    sources.update({key: "rule" for key in values})
    return replace(article, **changes,
                   extraction=replace(article.extraction, field_sources=sources))
