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
from dataclasses import dataclass, field
from fnmatch import fnmatchcase, translate
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from .errors import RulesError
from .urlkeys import is_ip_address

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
    for host in hosts:  # (a URL or host:port would never match a page; IPv6 holds colons)
        if (any(c in host for c in "/:@") and not is_ip_address(host)) \
                or any(c.isspace() for c in host):
            raise fail(f"hosts: {host!r} is no host name: write it as \"example.com\" (no "
                       "scheme, port or path)", "hosts")
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


__all__ = ["Rules", "SiteRule", "coerce_rules", "load_rules", "parse_rules"]
