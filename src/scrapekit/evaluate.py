"""``scrapekit eval GOLD.jsonl``: score scrapekit on the user's own labelled pages.

The gold file has one JSON object a line: ``url``, ``html`` (a path relative to the gold
file; ``.html.gz`` read too) and the expected values under record key names, any of them
absent (or null) when not labelled::

    {"url": "https://example.com/a", "html": "pages/a.html", "headline": "...",
     "authors": ["Jane Doe"], "datePublished": "2024-05-03", "articleBody": "...",
     "relatedLinks": ["https://example.com/b"]}

Metrics, the same as the project's benchmarks:

- headline: exact match after Unicode (NFKC), quote/dash, case and whitespace normalisation;
  the share of labelled pages matched.
- authors: micro-averaged precision / recall over names (normalised, a leading "By" dropped);
  the score is their F1.
- datePublished: the same calendar day (the first 10 characters of the ISO date).
- articleBody: 4-token shingles (tokens ``\\w+``); precision averaged over pages whose output
  has a shingle, recall over pages whose gold has one; the score is the F1 of those two means.
- relatedLinks: micro-averaged precision / recall over URLs (host without ``www.``, path
  without a trailing slash, tracking parameters dropped); the score is their F1.

With nothing predicted, precision is 1.0 (nothing wrong was said); with nothing expected,
recall is 1.0. ``--min FIELD=VALUE`` (also ``FIELD.precision``, ``FIELD.recall`` for the
fields scored by them: authors, articleBody, relatedLinks) makes the
command exit 1 when a score is below VALUE, or when no page labels that field.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from .errors import GoldError
from .record import Article
from .settings import Settings
from .urlkeys import match_key

log = logging.getLogger(__name__)

FIELDS = ("headline", "authors", "datePublished", "articleBody", "relatedLinks")
"""Scored record keys, in table order."""
GOLD_KEYS = frozenset({"url", "html", *FIELDS})
"""Keys a gold line may hold; any other is said once (it is not scored)."""
SPLIT_FIELDS = ("authors", "articleBody", "relatedLinks")
"""Fields scored by precision and recall (the others by the share of pages matched)."""
NGRAM = 4
MAX_GOLD_LINES = 100_000
MAX_GOLD_LINE_BYTES = 10_000_000
"""One labelled page (its expected articleBody included)."""
MAX_GOLD_BYTES = 500_000_000
_WORD = re.compile(r"\w+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                         "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " "})
_BY = re.compile(r"^(?:by|von|par|por|di|door|av|af)\s+")


@dataclass
class GoldPage:
    line: int
    url: str
    html: Path
    expected: dict[str, Any]


# -- normalisation --------------------------------------------------------------------------------

def norm_text(text: Any) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES).casefold()
    return " ".join(text.split())


def norm_name(name: Any) -> str:
    text = _BY.sub("", norm_text(name))
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


norm_url = match_key
"""A link's matching key: :func:`scrapekit.urlkeys.match_key` (the pipeline's tracking list)."""


def shingles(text: str | None) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < NGRAM:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + NGRAM]) for i in range(len(tokens) - NGRAM + 1))


# -- scoring ----------------------------------------------------------------------------------------

@dataclass
class _Counts:
    """Micro counts of a set-valued field (authors, related links)."""

    tp: int = 0
    predicted: int = 0
    expected: int = 0

    def add(self, expected: set[str], predicted: set[str]) -> None:
        self.tp += len(expected & predicted)
        self.predicted += len(predicted)
        self.expected += len(expected)

    def scores(self) -> dict[str, float]:
        p = self.tp / self.predicted if self.predicted else 1.0
        r = self.tp / self.expected if self.expected else 1.0
        return {"precision": p, "recall": r, "score": _f1(p, r)}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scorer:
    """Accumulates per-page comparisons; :meth:`result` gives the per-field scores."""

    pages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    headline_hits: int = 0
    date_hits: int = 0
    authors: _Counts = field(default_factory=_Counts)
    links: _Counts = field(default_factory=_Counts)
    body_precisions: list[float] = field(default_factory=list)
    body_recalls: list[float] = field(default_factory=list)

    def add(self, expected: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
        """Score one page; returns its per-field outcome (for the JSON report)."""
        out: dict[str, Any] = {}
        for key in FIELDS:
            if expected.get(key) is None:
                continue
            self.pages[key] += 1
            out[key] = getattr(self, f"_{key}")(expected[key], record)
        return out

    def _headline(self, gold: Any, record: dict[str, Any]) -> bool:
        hit = norm_text(record.get("headline")) == norm_text(gold)
        self.headline_hits += hit
        return hit

    def _datePublished(self, gold: Any, record: dict[str, Any]) -> bool:
        got = record.get("datePublished") or ""
        hit = bool(got) and got[:10] == str(gold)[:10]
        self.date_hits += hit
        return hit

    def _authors(self, gold: Any, record: dict[str, Any]) -> dict[str, int]:
        expected = {norm_name(n) for n in (gold if isinstance(gold, list) else [gold])} - {""}
        predicted = {norm_name(a.get("name")) for a in record.get("authors") or ()} - {""}
        self.authors.add(expected, predicted)
        return {"matched": len(expected & predicted), "predicted": len(predicted),
                "expected": len(expected)}

    def _relatedLinks(self, gold: Any, record: dict[str, Any]) -> dict[str, int]:
        expected = {norm_url(u) for u in (gold if isinstance(gold, list) else [gold])
                    if isinstance(u, str)}
        predicted = {norm_url(link["url"]) for link in record.get("relatedLinks") or ()}
        self.links.add(expected, predicted)
        return {"matched": len(expected & predicted), "predicted": len(predicted),
                "expected": len(expected)}

    def _articleBody(self, gold: Any, record: dict[str, Any]) -> dict[str, float | None]:
        truth, pred = shingles(str(gold)), shingles(record.get("articleBody"))
        tp = sum((truth & pred).values())
        p = tp / sum(pred.values()) if pred else None
        r = tp / sum(truth.values()) if truth else None
        if p is not None:
            self.body_precisions.append(p)
        if r is not None:
            self.body_recalls.append(r)
        return {"precision": p, "recall": r}

    def result(self) -> dict[str, dict[str, Any]]:
        res: dict[str, dict[str, Any]] = {}
        for key in FIELDS:
            n = self.pages[key]
            entry: dict[str, Any] = {"pages": n, "score": None}
            if n:
                if key == "headline":
                    entry["score"] = self.headline_hits / n
                elif key == "datePublished":
                    entry["score"] = self.date_hits / n
                elif key == "authors":
                    entry.update(self.authors.scores())
                elif key == "relatedLinks":
                    entry.update(self.links.scores())
                else:
                    p = sum(self.body_precisions) / len(self.body_precisions) \
                        if self.body_precisions else 0.0
                    r = sum(self.body_recalls) / len(self.body_recalls) if self.body_recalls else 0.0
                    entry.update(precision=p, recall=r, score=_f1(p, r))
            res[key] = entry
        return res


# -- the gold file -----------------------------------------------------------------------------

def _iso_day(value: object) -> bool:
    """Does a gold date start with a calendar day, as the scorer compares it (its first 10
    characters against the record's)?"""
    if not isinstance(value, str) or not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return False  # (not 20240503: the records write 2024-05-03)
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def read_gold(path: str | Path) -> list[GoldPage]:
    """The gold file's pages; GoldError (naming the line) for a malformed one."""
    gold = Path(path)
    pages: list[GoldPage] = []
    try:
        fh = open(gold, "rb")
    except OSError as exc:
        raise GoldError(f"cannot read {gold}: {exc.strerror or exc}") from None
    total = 0
    unknown: set[str] = set()  # keys warned about (once each)
    with fh:
        for number in range(1, MAX_GOLD_LINES + 2):
            raw = fh.readline(MAX_GOLD_LINE_BYTES + 1)
            if not raw:
                break
            if number > MAX_GOLD_LINES:
                raise GoldError(f"{gold}: more than {MAX_GOLD_LINES} lines")
            if len(raw) > MAX_GOLD_LINE_BYTES:
                raise GoldError(f"{gold}, line {number}: over {MAX_GOLD_LINE_BYTES} bytes "
                                "(the page's HTML goes in its own file, named by \"html\")")
            total += len(raw)
            if total > MAX_GOLD_BYTES:
                raise GoldError(f"{gold}, line {number}: the file is over {MAX_GOLD_BYTES} bytes")
            if not raw.strip():
                continue
            try:
                item = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise GoldError(f"{gold}, line {number}: not JSON ({exc})") from None
            if not isinstance(item, dict) or not isinstance(item.get("url"), str) \
                    or not isinstance(item.get("html"), str):
                raise GoldError(f"{gold}, line {number}: needs \"url\" and \"html\" strings")
            html = (gold.parent / item["html"])
            if not html.is_file():
                raise GoldError(f"{gold}, line {number}: no file {html}")
            for key in item.keys() - unknown - GOLD_KEYS:  # (a typo, "headlin", scores nothing)
                unknown.add(key)
                log.warning("%s, line %d: %r is not scored (fields: %s)", gold, number, key,
                            ", ".join(FIELDS))
            expected = {k: item[k] for k in FIELDS if item.get(k) is not None}
            if "datePublished" in expected and not _iso_day(expected["datePublished"]):
                raise GoldError(f"{gold}, line {number}: datePublished "
                                f"{str(expected['datePublished'])[:40]!r} is not an ISO 8601 "
                                "date (YYYY-MM-DD, a time may follow): it would score 0 on "
                                "every page")
            pages.append(GoldPage(number, item["url"], html, expected))
    return pages


def evaluate(pages: Iterable[GoldPage], settings: Settings | None = None) -> dict[str, Any]:
    """Extract each gold page (offline, with ``settings.rules``) and score it field by field.

    Returns ``{"fields": {field: score or None}, "details": {...}, "pages": [...]}``."""
    from .extractors import extract
    from .worker import read_local as _read_local

    s = settings or Settings()
    scorer = Scorer()
    per_page: list[dict[str, Any]] = []
    for page in pages:
        try:
            body = _read_local(page.html, s.max_bytes)
            record = extract(body, url=page.url, timeout=s.extract_timeout, rules=s.rules)
        except Exception as exc:  # noqa: BLE001 - an unreadable page scores as empty output
            from .record import error_record

            record = error_record(page.url, exc)
        outcome = scorer.add(page.expected, record.to_dict())
        error = record.error.kind if record.error else None
        per_page.append({"line": page.line, "url": page.url, "error": error, **outcome})
    details = scorer.result()
    return {"fields": {k: v["score"] for k, v in details.items()}, "details": details,
            "pages": per_page}


# -- command line ------------------------------------------------------------------------------

def _threshold(text: str) -> tuple[str, float]:
    name, found, value = text.partition("=")
    key, _, part = name.strip().partition(".")
    parts = ("", "score", "precision", "recall") if key in SPLIT_FIELDS else ("", "score")
    if not found or key not in FIELDS or part not in parts:
        raise argparse.ArgumentTypeError(
            f"expected FIELD=VALUE with FIELD one of {', '.join(FIELDS)} (or FIELD.precision, "
            f"FIELD.recall for {', '.join(SPLIT_FIELDS)}), got {text!r}")
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in 0..1, got {value!r}") from None
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"expected a number in 0..1, got {value}")
    return name.strip(), number


def add_parser(sub: Any, seconds: Callable[[str], float]) -> argparse.ArgumentParser:
    """The ``eval`` subcommand (called from cli.build_parser, which passes its type for
    durations, so --extract-timeout is checked as its other timeouts are)."""

    ev = sub.add_parser("eval", help="score scrapekit on your labelled pages (GOLD.jsonl)",
                        description="Extract the pages of a gold file (one JSON object a line: "
                        "url, html path, expected headline, authors, datePublished, articleBody, "
                        "relatedLinks) and score each field.")
    ev.add_argument("gold", metavar="GOLD.jsonl")
    ev.add_argument("--json", metavar="OUT", help="also write the scores as JSON")
    ev.add_argument("--min", action="append", default=[], type=_threshold, metavar="FIELD=VALUE",
                    help="exit 1 when FIELD's score is below VALUE (e.g. headline=0.9); repeatable")
    ev.add_argument("--rules", metavar="FILE.toml", help="per-site rules to apply")
    ev.add_argument("--extract-timeout", type=seconds, metavar="S",
                    help="seconds one page may take to extract (default 20)")
    ev.add_argument("-v", "--verbose", action="count", default=0, help="log to stderr")
    return ev


def _get(details: dict[str, dict[str, Any]], name: str) -> float | None:
    key, _, part = name.partition(".")
    value = details[key].get(part or "score")
    return value if details[key]["pages"] else None


def format_table(details: dict[str, dict[str, Any]]) -> str:
    def num(value: float | None) -> str:
        return f"{value:9.3f}" if value is not None else f"{'-':>9}"

    lines = [f"{'field':<15}{'pages':>6}{'score':>9}{'precision':>10}{'recall':>9}"]
    for key, entry in details.items():
        lines.append(f"{key:<15}{entry['pages']:>6}{num(entry['score'])}"
                     f"{num(entry.get('precision')):>10}{num(entry.get('recall'))}")
    return "\n".join(lines)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """``scrapekit eval``: 0, 1 when a --min threshold is unmet, 2 for an unusable gold file."""
    try:
        pages = read_gold(args.gold)
    except GoldError as exc:
        print(f"scrapekit: error: {exc}", file=sys.stderr)
        return 2
    report = evaluate(pages, settings)
    details = report["details"]
    print(format_table(details))
    failed = []
    for name, minimum in args.min:
        value = _get(details, name)
        if value is None or value < minimum:
            failed.append(f"{name} = {'no labelled page' if value is None else f'{value:.3f}'}"
                          f" < {minimum:g}")
    report["thresholds"] = {name: minimum for name, minimum in args.min}
    report["passed"] = not failed
    if args.json:
        try:
            Path(args.json).write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
        except OSError as exc:
            print(f"scrapekit: error: cannot write {args.json}: {exc.strerror or exc}",
                  file=sys.stderr)
            return 1
    for line in failed:
        print(f"scrapekit: below threshold: {line}", file=sys.stderr)
    return 1 if failed else 0


def scores_of(records: Iterable[Article], gold: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Score records already extracted against gold dicts, pairwise (library use)."""
    scorer = Scorer()
    for record, expected in zip(records, gold):
        scorer.add({k: expected[k] for k in FIELDS if expected.get(k) is not None},
                   record.to_dict())
    return scorer.result()
