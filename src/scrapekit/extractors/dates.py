"""Publication and modification dates, kept apart, each with the raw string it came from.

Never an invented value: a date is kept only when the text states its year, month and day
("08:00", "2021", "March 5", a copyright year give nothing; dateutil would fill the rest in
from today). Numeric dates are read in the order of the page's language (day first unless it
writes them month first; a page declaring none, or only "en", by its country domain; a page
with neither by what it prints: a numeric date whose order is certain, a time in a US zone, a
month name of another language than English, else the one reading whose day it prints with a
month name; else an ambiguous "01/11/2008" is no date); month names are read in some thirty
languages. The evidence, strongest first: the JSON-LD article, <meta>, microdata, the printed
date elements (not in links, teasers, comments or the site's header and navigation, where a
date bar shows the visit day; not a printed "Updated ..."), a labelled printed date, the URL's
date (numeric or "/2019/nov/18/"), then htmldate, whose guess is kept only when the page prints
that day (not a copyright year's January 1st, not today, not in an HTML comment; an ambiguous
"01/11/2008" only in the page's order). A label before a numeric date is read past ("Article
Launched: 01/11/2008"); a dotted date with a US clock zone ("10.06.08, 6:20 PM ET") is month
first; an upcoming event's date is not the article's. Two checks on the chosen value:
- the URL states another day, far away: the value some other evidence agrees with, else none;
- a UTC timestamp, where the page shows its local time (an offset stated with another of its
  dates and the local day printed, or a local clock time stated for the same instant): the
  same instant in the page's offset.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from ..adapters import htmldate as htmldate_adapter
from . import patterns
from .document import Page, block_ancestors, labelled_texts
from .headline import label_matches
from .metadata import normalize_language
from .text import collapse

MIN_YEAR = 1990
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_START = re.compile(r"^\d{4}-?\d{2}-?\d{2}(?:[T ]|$)")
_YEAR_FIRST = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b")
_DOTTED = re.compile(r"^\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b")
_ISO_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([+-]\d{2}:?\d{2})\b")
_MAX_RAW = 80
_AROUND_YEAR = 60  # characters either side of a year that printed() reads
_MAX_YEAR_HITS = 300
# two defaults differing in every date field: a field the text does not state shows up as a
# difference between the two parses
_DEFAULTS = (datetime(2001, 2, 3), datetime(2004, 5, 6))
_ZONES = {name: timezone(timedelta(hours=hours))
          for name, hours in patterns.metadata.ZONE_ABBREVIATIONS.items()}
_US_ZONES = {name: timezone(timedelta(hours=hours))
             for name, hours in patterns.metadata.US_ZONE_ABBREVIATIONS.items()}


def _zones(text: str) -> Callable[[str | None, int | None], timezone | None]:
    """dateutil's ``tzinfos`` for ``text``: a printed numeric offset wins; then a zone name of
    the tables (US ones only in a month-before-day date); else None (a naive time)."""
    us = bool(_MONTH_BEFORE_DAY.search(text))

    def zone(name: str | None, offset: int | None) -> timezone | None:
        if offset is not None:
            return timezone(timedelta(seconds=offset))
        return _ZONES.get(name or "") or (_US_ZONES.get(name or "") if us else None)
    return zone
_MONTHS = {name: month for month, names in patterns.MONTH_NAMES.items() for name in names}
_MONTH_BEFORE_DAY = re.compile(patterns.metadata.MONTH_BEFORE_DAY.format(
    months="|".join(map(re.escape, sorted(_MONTHS, key=len, reverse=True)))), re.IGNORECASE)


def _plausible(d: date) -> bool:
    return MIN_YEAR <= d.year <= datetime.now(timezone.utc).year + 1


_DIGIT_BLOCKS = (0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0E50, 0xFF10)
_NON_ASCII_DIGIT = re.compile("[" + "".join(f"{chr(z)}-{chr(z + 9)}" for z in _DIGIT_BLOCKS) + "]")


def _ascii_digits(text: str) -> str:
    """Arabic-Indic, Persian, N'Ko, Devanagari, Bengali, Thai and full-width digits as ASCII
    (a regex pass: str.translate costs ~0.2 us a character on a non-ASCII page)."""
    if text.isascii():
        return text
    return _NON_ASCII_DIGIT.sub(lambda m: str(int(m.group())), text)


def day_first(lang: str | None) -> bool:
    """Are ambiguous numeric dates (01-11-2023) day first on a page in this language?"""
    code = normalize_language(lang) if lang else None
    if not code:
        return False  # dateutil's (and the US's) reading when nothing says otherwise
    parts = code.split("-")
    key = parts[0] if len(parts) == 1 else f"{parts[0]}-{parts[-1]}"
    return key not in patterns.MONTH_FIRST_LANGS


def date_locale(page: Page) -> str | None:
    """The language whose date order the page uses: its declared language; for a page that
    declares none, or only "en", its country domain's ("de" for a .de page without lang, day
    first for a .co.uk one); None when nothing tells (memoised)."""
    if "date_locale" in page.cache:
        return page.cache["date_locale"]  # type: ignore[no-any-return]
    lang = normalize_language(page.lang) if page.lang else None
    if lang in (None, "en") and page.url:
        try:
            tld = (urlsplit(page.url).hostname or "").rsplit(".", 1)[-1].lower()
        except ValueError:
            tld = ""
        if len(tld) == 2 and tld.isalpha():  # a country's domain
            month_first = tld in patterns.MONTH_FIRST_TLDS
            lang = "en-US" if month_first else f"{lang or 'und'}-{tld.upper()}"  # und: BCP 47's unknown
    page.cache["date_locale"] = lang
    return lang


def numeric_order(page: Page) -> bool | None:
    """The order of the page's numeric dates: day first (True), month first (False), or None
    when nothing tells (memoised). Its declared language (a bare "en": month first), else its
    country domain (see date_locale); a page with neither: what it prints (_order_printed)."""
    if "numeric_order" in page.cache:
        return page.cache["numeric_order"]  # type: ignore[no-any-return]
    locale = date_locale(page)
    order = day_first(locale) if locale is not None else _order_printed(page)
    page.cache["numeric_order"] = order
    return order


def _order_printed(page: Page) -> bool | None:
    """The numeric date order the page's own text shows: a numeric date whose order is
    certain (a number above 12: "13/01/2008" day first, "01/13/2008" month first; a US clock
    zone after it: "01/11/2008 11:25 PM PST" month first), else a time in a US zone anywhere
    (month first), else a date with a month name of a language other than English (those
    write numeric dates day first); None when it shows none, or both. English month names
    tell nothing (British and US pages print them)."""
    text = _ascii_digits(_visible_text(page)[:_ORDER_TEXT])
    votes = set()
    for m in _NUMERIC_DATE.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        if 12 < a <= 31 and 1 <= b <= 12:
            votes.add(True)
        elif 12 < b <= 31 and 1 <= a <= 12:
            votes.add(False)
        elif patterns.US_CLOCK_ZONE.match(text, m.end() + 1, m.end() + _CLOCK_AFTER):
            votes.add(False)
    if votes:
        return votes.pop() if len(votes) == 1 else None
    if patterns.US_CLOCK_ZONE_ANYWHERE.search(text):
        return False  # the page tells its times in a US zone ("5:32 PM EST")
    for regex, group in ((patterns.DATE_DAY_MONTH_YEAR, 2), (patterns.DATE_MONTH_DAY_YEAR, 1)):
        for m in regex.finditer(text):
            words = {w.strip(".") for w in m.group(group).casefold().split()}
            if _month(m.group(group)) and not words & _ENGLISH_MONTHS:
                return True
    return None


_ORDER_TEXT = 200_000
_CLOCK_AFTER = 30
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})\2(?:\d{4}|\d{2})(?![\d/-])")
_AMBIGUOUS_NUMERIC = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(?:\d{4}|\d{2})\b")
_ENGLISH_MONTHS = frozenset(patterns.ENGLISH_MONTH_NAMES)


def _month(word: str) -> int | None:
    """The month a name stands for, in any language of patterns.MONTH_NAMES."""
    word = word.casefold().strip(". ")
    found = _MONTHS.get(word)
    if found:
        return found
    tries = [w.strip(".") for w in re.split(r"[\s/]+", word) if w.strip(".")]
    months = {_MONTHS[w] for w in tries if w in _MONTHS}
    return months.pop() if len(months) == 1 else None


def _named_month_date(text: str) -> date | None:
    """A date with a month name (any listed language) or in CJK form, within a longer text."""
    m = patterns.DATE_CJK.search(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        y = mo = d = 0
        for regex, order in ((patterns.DATE_DAY_MONTH_YEAR, "dmy"), (patterns.DATE_MONTH_DAY_YEAR, "mdy")):
            for m in regex.finditer(text):
                day, name = (m.group(1), m.group(2)) if order == "dmy" else (m.group(2), m.group(1))
                month = _month(name)
                if month:
                    y, mo, d = int(m.group(3)), month, int(day)
                    break
            if y:
                break
        if not y:
            return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _dateutil(text: str, dayfirst: bool) -> datetime | None:
    """dateutil's reading, only when the text states year, month and day itself."""
    try:
        from dateutil import parser as du_parser  # type: ignore[import-untyped]
        with warnings.catch_warnings():  # other zone names ("CST": ambiguous) parse as naive
            warnings.simplefilter("ignore")
            one, two = (du_parser.parse(text, fuzzy=False, dayfirst=dayfirst, default=d,
                                        tzinfos=_zones(text))
                        for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError, ImportError):
        return None
    return one if one.date() == two.date() else None


def normalize_date(raw: str, lang: str | None = None) -> str | None:
    """ISO 8601 for a date string: date only, or date-time with offset when given; else None.
    ``lang``: the page's language, for the order of day and month in numeric dates."""
    return _normalize(raw, day_first(lang))


def _ambiguous(text: str) -> bool:
    """"01/11/2008": both numbers could be the month (not "04/04/2008", not "13/01/2008")."""
    m = _AMBIGUOUS_NUMERIC.match(text)
    return m is not None and m.group(1).lstrip("0") != m.group(3).lstrip("0") \
        and max(int(m.group(1)), int(m.group(3))) <= 12


def _normalize(raw: str, dayfirst: bool | None) -> str | None:
    """normalize_date with the numeric order given: day first, month first, or None when the
    page does not tell (an ambiguous "01/11/2008" is then no date)."""
    text = _ascii_digits(collapse(raw))
    if not text or len(text) > _MAX_RAW:
        return None
    if _ISO_DAY.match(text):
        try:
            d = date.fromisoformat(text)
        except ValueError:
            return None
        return d.isoformat() if _plausible(d) else None
    parsed: datetime | None = None
    if _ISO_START.match(text):
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            pass
    if parsed is None:
        # dotted numeric dates (28.04.2023) are day-first wherever they are written
        # (a date opening with its year is year-month-day wherever it is written)
        dotted = bool(_DOTTED.match(text)) and not patterns.US_CLOCK_ZONE.search(text)
        if dayfirst is None and patterns.US_CLOCK_ZONE.search(text):
            dayfirst = False  # "01/11/2008 11:25 PM PST": a US page's date
        if dayfirst is None and not dotted and _ambiguous(text):
            return None  # nothing on the page says which number is the month
        parsed = _dateutil(text, (dotted or bool(dayfirst)) and not _YEAR_FIRST.match(text))
    if parsed is None:
        named = _named_month_date(text)
        if named is None:
            label = patterns.DATE_LABEL_PREFIX.match(text)
            return _normalize(text[label.end():], dayfirst) if label else None
        return named.isoformat() if _plausible(named) else None
    if not _plausible(parsed):
        return None
    if not _HAS_TIME.search(text) and parsed.time() == datetime.min.time():
        return parsed.date().isoformat()
    return parsed.isoformat()


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


# -- where a printed date sits ------------------------------------------------------------------

def _site_chrome(node: LexborNode) -> bool:
    """Is the node in the site's header, navigation or footer, outside the article? A <header>
    holding the page's h1 is the article's own header, not the site's."""
    current: LexborNode | None = node.parent
    for _ in range(40):
        if current is None or current.tag in ("body", "html"):
            return False
        if current.tag in ("article", "main"):
            return False
        if current.tag in patterns.SITE_CHROME_TAGS or current.tag == "footer":
            return True
        if (current.tag == "header" or label_matches(current, patterns.SITE_CHROME_ATTR)) \
                and current.css_first("h1") is None:
            return True
        current = current.parent
    return False


def _elsewhere(node: LexborNode) -> bool:
    """A date inside a link or a teaser/related/comment block belongs to another text; one in
    the site's header or navigation is the visit day."""
    return any(n.tag == "a" or label_matches(n, patterns.DATE_EXCLUDE)
               for n in block_ancestors(node, 8)) or _site_chrome(node)


# -- candidates ------------------------------------------------------------------------------------

def _jsonld_values(page: Page, key: str) -> Iterator[tuple[str, str]]:
    art = page.article_object()
    if art:
        value = art.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str):
            yield value, "jsonld"


def _dom_values(page: Page, selectors: tuple[str, ...],
                published: bool = True) -> Iterator[tuple[str, str]]:
    """Printed dates under these selectors; for the publication date, none labelled as an
    update ("Last Updated: 11 January 2008")."""
    for selector in selectors:
        for node in [n for n in page.select(selector)[:8] if not _elsewhere(n)][:3]:
            attrs = node.attributes
            value = attrs.get("datetime") or attrs.get("content")
            if not value:
                value = node.text(deep=True, separator=" ")
                if published and value and patterns.UPDATED_LABEL.search(value):
                    continue
            if value and len(value) <= _MAX_RAW:
                yield collapse(value), "dom"


def _candidates(page: Page, jsonld_key: str, meta_keys: tuple[str, ...], micro_key: str,
                dom: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    yield from _jsonld_values(page, jsonld_key)
    for key in meta_keys:
        for value in page.meta.get(key, ())[:1]:
            yield value, "meta"
    for value in page.microdata.get(micro_key, ())[:1]:
        yield value, "microdata"
    yield from _dom_values(page, dom, published=jsonld_key == "datePublished")


def _read(page: Page, raw: str) -> str | None:
    """A date string of the page, its numeric order the page's. Where the page does not tell
    it, an ambiguous "01/08/08" is the reading whose day the page prints otherwise ("Jan 08,
    2008"), when only one of the two is; else none."""
    order = numeric_order(page)
    iso = _normalize(raw, order)
    if iso is not None or order is not None:
        return iso
    readings = {r for r in (_normalize(raw, True), _normalize(raw, False)) if r}
    stated = [r for r in readings if printed(page, _day(r), visible=True)]  # type: ignore[arg-type]
    return stated[0] if len(stated) == 1 else None


def _parsed(page: Page, candidates: Iterator[tuple[str, str]]) -> Iterator[tuple[str, str, str]]:
    """(iso, raw, source) of the candidates that read as a full date."""
    for raw, source in candidates:
        iso = _read(page, raw)
        if iso:
            yield iso, collapse(raw), source


def _first(page: Page, candidates: Iterator[tuple[str, str]]) -> tuple[str | None, str | None, str | None]:
    return next(_parsed(page, candidates), (None, None, None))


def _from_label(page: Page) -> tuple[str | None, str | None]:
    """A printed date after a label: "<strong>Datum</strong> 28.04.2023", "<dt>Published</dt>
    <dd>May 3, 2024</dd>" (only tried when no structured date exists: it walks many nodes)."""
    for node, text in labelled_texts(page, patterns.PUBLISHED_LABELS):
        if _elsewhere(node):
            continue
        m = patterns.DATE_IN_TEXT.search(text)
        if m:
            iso = _read(page, m.group(0))
            if iso:
                return iso, collapse(m.group(0))
        named = _named_month_date(_ascii_digits(collapse(text[:400])))
        if named and _plausible(named):
            return named.isoformat(), collapse(text)[:_MAX_RAW]
    return None, None


def _from_url(page: Page) -> tuple[str | None, str | None]:
    if not page.url:
        return None, None
    m = patterns.DATE_IN_URL.search(page.url) or patterns.DATE_IN_URL_SLASHED.search(page.url)
    month: int | None = int(m.group(2)) if m else None
    if not m:
        m = patterns.DATE_IN_URL_NAMED.search(page.url)
        month = _month(m.group(2)) if m else None
    if not m or month is None:
        return None, None
    try:
        d = date(int(m.group(1)), month, int(m.group(3)))
    except ValueError:
        return None, None
    return (d.isoformat(), m.group(0).strip("/")) if _plausible(d) else (None, None)


# -- is a day printed on the page? -----------------------------------------------------------------

def _visible_text(page: Page) -> str:
    if "visible_text" not in page.cache:
        body = page.tree.body
        page.cache["visible_text"] = body.text(deep=True, separator=" ") if body is not None else ""
    return page.cache["visible_text"]  # type: ignore[no-any-return]


def _page_text(page: Page, visible: bool) -> str:
    """The page's HTML (or visible text) with every digit in ASCII (memoised)."""
    key = "printed_visible" if visible else "printed_html"
    if key not in page.cache:
        page.cache[key] = _ascii_digits(_visible_text(page) if visible else _without_comments(page.html))
    return page.cache[key]  # type: ignore[no-any-return]


# A comment's start, or an element whose content is raw text: a "<!--" in a script string or a
# textarea opens no comment that runs on into the page.
_COMMENT_OR_RAW = re.compile(r"<!--|<(script|style|textarea|title|xmp|iframe|noembed|noframes)"
                             r"(?=[\s/>])", re.IGNORECASE)
_RAW_END = {tag: re.compile(rf"</{tag}(?=[\s/>])", re.IGNORECASE)
            for tag in ("script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                        "noframes")}
_SHOWN_RAW = frozenset({"textarea", "title"})  # text the reader sees: a "<!--" in it is text
_COMMENT_END = re.compile(r"--!?>")


def _without_comments(html: str) -> str:
    """The HTML without its comments, as the HTML tokenizer reads them: a date in one (a
    developer's "Modified: 24th August 2007") is not stated by the page. "<!-->" and "<!--->"
    are empty comments, a comment ends at "-->" or "--!>", an unclosed one runs to the end. In a
    textarea or title "<!--" is text; in a script or style the old hiding comments
    ("<script><!-- ... //--></script>", a developer's dated notes in them) are dropped too, but
    none runs past the element's end tag."""
    if "<!--" not in html:
        return html
    parts, pos = [], 0
    while True:
        m = _COMMENT_OR_RAW.search(html, pos)
        if m is None:
            parts.append(html[pos:])
            break
        tag = (m.group(1) or "").lower()
        if tag:
            close = _RAW_END[tag].search(html, m.end())
            stop = close.start() if close is not None else len(html)
            parts.append(html[pos:m.end()])
            content = html[m.end():stop]
            parts.append(content if tag in _SHOWN_RAW else _drop_comments(content))
            pos = stop
            continue
        parts.append(html[pos:m.start()])
        pos = _comment_end(html, m.end())
        if pos < 0:
            break
    return " ".join(parts)


def _comment_end(html: str, body: int) -> int:
    """Where a comment whose "<!--" ends at ``body`` ends (-1: it runs to the end)."""
    if html.startswith(">", body):
        return body + 1  # "<!-->": empty
    if html.startswith("->", body):
        return body + 2  # "<!--->"
    end = _COMMENT_END.search(html, body)
    return end.end() if end is not None else -1


def _drop_comments(text: str) -> str:
    """A raw text's "<!-- ... -->" runs dropped (an unclosed one runs to the text's end)."""
    parts, pos = [], 0
    while (start := text.find("<!--", pos)) >= 0:
        parts.append(text[pos:start])
        pos = _comment_end(text, start + 4)
        if pos < 0:
            return " ".join(parts)
    parts.append(text[pos:])
    return " ".join(parts)


# The forms a day is printed in, with the numbers left open: one regex per month (its names
# are the only part that depends on the day), compiled once per process, and the numbers a
# match captures compared with the day's. A per-day regex cost ~3 ms to compile on every page
# that asked. The alternatives cannot match at the same place as each other (separators and
# digit runs differ), so at each place the one that matches is the only candidate.
# (group: last group of the alternative, which names it in Match.lastgroup)
_DAY_FORMS = (
    r"(?P<y1>\d{4})[-/.](?P<m1>\d{1,3})[-/.](?P<d1>\d{1,3})(?!\d)",              # 2023-04-28
    r"(?<!\d)(?P<d2>\d{1,3})\.\s?(?P<m2>\d{1,3})\.\s?(?P<y2>\d{4}|\d{2})(?!\d)",   # 28.04.2023, 28.4.23
    r"(?<!\d)(?P<a3>\d{1,3})[/-](?P<b3>\d{1,3})[/-](?P<y3>\d{4})(?!\d)",            # 28/04/2023, 04/28/2023
    r"(?P<y5>\d{4})\s*[年년]\s*(?P<m5>\d{1,3})\s*[月월]\s*(?P<d5>\d{1,3})(?!\d)",   # 2023年4月28日
    r"(?<!\d)(?P<d6>\d{1,3})(?:\.|er|º|st|nd|rd|th)?\s*(?:de\s+)?(?:{names})\.?(?:/\w+)?,?\s*"
    r"(?:de\s+)?(?P<y6>\d{4})(?!\d)",                                                 # 28 April 2023
    r"(?<!\w)(?:{names})\.?\s+(?P<d7>\d{1,3})(?:st|nd|rd|th)?,?\s+(?P<y7>\d{4})(?!\d)",  # April 28, 2023
)
_DAY_REGEXES: dict[int, re.Pattern[str]] = {}


def _day_regex(month: int) -> re.Pattern[str]:
    regex = _DAY_REGEXES.get(month)
    if regex is None:
        names = "|".join(re.escape(n) for n in patterns.MONTH_NAMES[month])
        regex = re.compile("|".join(form.replace("{names}", names) for form in _DAY_FORMS),
                           re.IGNORECASE)
        _DAY_REGEXES[month] = regex
    return regex


def _states_day(match: re.Match[str], day: date, dayfirst: bool | None = False) -> bool:
    """Do the numbers the match captured write this day ("04" and "4" for April)? A numeric
    "01/11/2008" writes one day only, in the page's order (``dayfirst``), when both numbers
    could be a month."""
    def is_(group: str, value: int) -> bool:
        return match.group(group) in (str(value), f"0{value}")

    year = str(day.year)
    form = match.lastgroup
    if form == "d1":
        return match.group("y1") == year and is_("m1", day.month) and is_("d1", day.day)
    if form == "y2":
        return (match.group("y2") in (year, f"{day.year % 100:02d}") and is_("m2", day.month)
                and is_("d2", day.day))
    if form == "y3":
        if match.group("y3") != year:
            return False
        day_month = is_("a3", day.day) and is_("b3", day.month)
        month_day = is_("a3", day.month) and is_("b3", day.day)
        if day_month and month_day:
            return True  # the same number twice ("04/04/2023")
        if max(int(match.group("a3")), int(match.group("b3"))) <= 12:
            if dayfirst is None:
                return False  # the page does not say which number is the month
            return day_month if dayfirst else month_day
        return day_month or month_day
    if form == "d5":
        return match.group("y5") == year and is_("m5", day.month) and is_("d5", day.day)
    if form == "y6":
        return match.group("y6") == year and is_("d6", day.day)
    if form == "y7":
        return match.group("y7") == year and is_("d7", day.day)
    return False


def _day_in(regex: re.Pattern[str], text: str, start: int, end: int, day: date,
            dayfirst: bool | None = False) -> bool:
    """Is the day written in text[start:end] (every place a form matches is tried)? A window
    without the day's number in it cannot write the day: no regex search there."""
    if str(day.day) not in text[start:end]:
        return False
    found = regex.search(text, start, end)
    while found is not None:
        if _states_day(found, day, dayfirst):
            return True
        found = regex.search(text, found.start() + 1, end)
    return False


def printed(page: Page, day: date, visible: bool = False) -> bool:
    """Does the page state this day with its day, month and year: anywhere in its HTML
    (metadata and attributes too), or with ``visible`` in the text it shows?"""
    y = day.year
    text = _page_text(page, visible)
    regex = _day_regex(day.month)
    # only around the places the year is written (a page is long; a year is rare in it)
    years = (str(y), f"{y % 100:02d}")
    dayfirst = numeric_order(page)
    for year in years:
        start, seen = text.find(year), 0
        while start >= 0 and seen < _MAX_YEAR_HITS:
            if _day_in(regex, text, max(0, start - _AROUND_YEAR), start + len(year) + _AROUND_YEAR,
                       day, dayfirst):
                return True
            start, seen = text.find(year, start + 1), seen + 1
    return False


def warm() -> None:
    """Compile the printed-day regexes now (each worker does it once, at start)."""
    for month in patterns.MONTH_NAMES:
        _day_regex(month)


def _from_htmldate(page: Page) -> tuple[str | None, str | None]:
    """htmldate's guess, kept when the page prints that day and it is not today (a header's
    date bar) - a January 1st from a copyright year or a year alone is not printed as a day."""
    found = htmldate_adapter.find_date(page.html, page.url, page.cache)
    day = _day(found)
    if day is None or day >= datetime.now(timezone.utc).date() - timedelta(days=1):
        return None, None
    return (found, found) if printed(page, day) else (None, None)


# -- checks on the chosen value ---------------------------------------------------------------------

def _agrees(a: date | None, b: date | None) -> bool:
    return a is not None and b is not None and abs((a - b).days) <= 1


def _against_url(page: Page, found: tuple[str, str, str]) -> tuple[str | None, str | None, str | None]:
    """A URL that states another day far from the chosen date: the first candidate agreeing
    with the URL, else the chosen one if a second source confirms it, else nothing."""
    url_iso, url_raw = _from_url(page)
    url_day, day = _day(url_iso), _day(found[0])
    if url_day is None or day is None or abs((day - url_day).days) <= patterns.URL_DATE_TOLERANCE_DAYS:
        return found
    others = list(_parsed(page, _candidates(
        page, "datePublished", patterns.PUBLISHED_META_KEYS, "datePublished",
        patterns.PUBLISHED_DOM_SELECTORS)))
    for iso, raw, source in others:
        if _agrees(_day(iso), url_day):
            return iso, raw, source
    if sum(_agrees(_day(iso), day) for iso, _r, _s in others) >= 2:
        return found
    return None, None, None


def _page_offset(page: Page) -> timezone | None:
    """A non-UTC offset the page states for one of its dates (its own time zone)."""
    values: list[str] = []
    art = page.article_object()
    for key in ("datePublished", "dateModified", "dateCreated"):
        value = art.get(key) if art else None
        if isinstance(value, str):
            values.append(value)
    for key in patterns.PUBLISHED_META_KEYS + patterns.MODIFIED_META_KEYS:
        values.extend(page.meta.get(key, ())[:1])
    values.extend(n.attributes.get("datetime") or "" for n in page.select("time[datetime]")[:5])
    for value in values:
        m = _ISO_OFFSET.search(value or "")
        if m:
            sign = -1 if m.group(1)[0] == "-" else 1
            hours, minutes = int(m.group(1)[1:3]), int(m.group(1)[-2:])
            if hours or minutes:
                return timezone(sign * timedelta(hours=hours, minutes=minutes))
    return None


def _local_clock_offset(page: Page, instant: datetime) -> timezone | None:
    """The offset implied by a local clock time the page states for the same instant without
    an offset ("Thursday, December 22, 2016, 06:47 PM" next to 2016-12-23T00:47:31Z: -06:00)."""
    for iso, _raw, _source in _parsed(page, _candidates(
            page, "datePublished", patterns.PUBLISHED_META_KEYS, "datePublished",
            patterns.PUBLISHED_DOM_SELECTORS)):
        if "T" not in iso:
            continue
        local = datetime.fromisoformat(iso)
        if local.tzinfo is not None:
            continue
        seconds = (local - instant.replace(tzinfo=None)).total_seconds()
        minutes = 15 * round(seconds / 900)  # offsets are whole quarter hours
        if abs(seconds - 60 * minutes) < 90 and 0 < abs(minutes) <= 14 * 60:
            return timezone(timedelta(minutes=minutes))
    return None


def _localized(page: Page, iso: str) -> str:
    """A UTC timestamp as the same instant in the page's own offset, when the page shows its
    local time: an offset stated with another of its dates (and the local day printed, the UTC
    one not), or a local clock time stated for the same instant."""
    if not iso.endswith("+00:00") or "T" not in iso:
        return iso
    instant = datetime.fromisoformat(iso)
    utc_day = instant.date()
    offset = _page_offset(page)
    if offset is not None:
        local = instant.astimezone(offset)
        if local.date() != utc_day and printed(page, local.date(), visible=True) \
                and not printed(page, utc_day, visible=True):
            return local.isoformat()
        return iso
    offset = _local_clock_offset(page, instant)
    if offset is not None and instant.astimezone(offset).date() != utc_day:
        return instant.astimezone(offset).isoformat()
    return iso


def extract_dates(page: Page) -> dict[str, str | None]:
    """datePublished(+Raw,+source) and dateModified(+Raw,+source)."""
    pub, pub_raw, pub_src = _first(page, _candidates(
        page, "datePublished", patterns.PUBLISHED_META_KEYS, "datePublished",
        patterns.PUBLISHED_DOM_SELECTORS))
    contradicted = False
    if pub is not None:
        pub, pub_raw, pub_src = _against_url(page, (pub, pub_raw, pub_src))  # type: ignore[arg-type]
        contradicted = pub is None  # the page and its URL disagree: no guess between them
    if pub is None and not contradicted:
        pub, pub_raw = _from_label(page)
        pub_src = "dom" if pub else None
    if pub is None and not contradicted:
        pub, pub_raw = _from_url(page)
        pub_src = "url" if pub else None
    if pub is None and not contradicted:
        pub, pub_raw = _from_htmldate(page)
        pub_src = "dom" if pub else None
    if pub is not None:
        pub = _localized(page, pub)
    mod, mod_raw, mod_src = _first(page, _candidates(
        page, "dateModified", patterns.MODIFIED_META_KEYS, "dateModified",
        patterns.MODIFIED_DOM_SELECTORS))
    return {
        "published": pub, "published_raw": pub_raw, "published_source": pub_src,
        "modified": mod, "modified_raw": mod_raw, "modified_source": mod_src,
    }
