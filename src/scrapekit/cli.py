"""The command line: a thin layer over the library.

    scrapekit scrape URL... | -i urls.txt | -   [options]
    scrapekit extract FILE.html|DIR|file://...|- [--url URL] [options]
    scrapekit schema

Exit status: 0 when the run completed (failed URLs are error records; also when there was
nothing to do, said on stderr), 2 for usage errors (one line: a missing path, a URL given to
``extract``, ``--url`` with several files, an output file another run is writing, ``--resume``
on a file that is not scrapekit output), 1 when the run could not proceed (output not
writable, or deleted or replaced during the run, or a pipe closed by its reader before the
last record; an input list that is binary data or breaks while read, after the records of the
lines before; no sitemap or feed could be read), 130 when
interrupted (with a hint to rerun with ``--resume`` when that applies), 143 on SIGTERM (handled
as Ctrl-C: records so far complete, output closed, summary printed).
"""

from __future__ import annotations

import argparse
import itertools
import logging
import math
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, NoReturn

from . import __version__, evaluate
from .errors import CacheUnusable, MissingExtra, NotResumable, ScrapekitError, SourceError, TooManyWorkers
from .pipeline import scrape_many
from .progress import Tally
from .record import Article, json_schema
from .redact import install_log_filter
from .settings import Settings
from .sinks import (BINARY_FORMATS, FORMATS, OutputGone, OutputInUse, Sink, check_fields,
                    completed_inputs, dumps, open_sink, skip_completed)
from .sources import (HTML_SUFFIXES, WARC_SUFFIXES, check_url_file, feed_urls,
                      file_url_path, local_paths, read_url_file, sitemap_urls, url_lines)


class UsageError(Exception):
    pass


class Terminated(KeyboardInterrupt):
    """SIGTERM (timeout, docker, Kubernetes): the run stops as on Ctrl-C, exit 143."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def _handle_sigterm() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2
        self.exit(2, f"scrapekit: error: {message} (see '{self.prog} --help')\n")


def _pair(sep: str, what: str):  # type: ignore[no-untyped-def]
    def parse(text: str) -> tuple[str, str]:
        key, found, value = text.partition(sep)
        if not found or not key.strip():
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}")
        return key.strip(), value.strip()
    return parse


def _number(kind: type, minimum: float):  # type: ignore[no-untyped-def]
    """argparse type: a number of `kind` that is at least `minimum`."""
    def parse(text: str):  # type: ignore[no-untyped-def]
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {'a whole number' if kind is int else 'a number'}"
                                             f", got {text!r}") from None
        if not math.isfinite(value):  # nan passes every comparison; inf would wait for ever
            raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected a number >= {minimum}, got {text}")
        return value
    return parse


_positive_int = _number(int, 1)


def _seconds(text: str) -> float:
    """argparse type: a duration in seconds, > 0 (0 would fail every page)."""
    value = _number(float, 0)(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected seconds > 0, got {text}")
    return value


def _non_negative(kind: type):  # type: ignore[no-untyped-def]
    return _number(kind, 0)


def _fields(text: str) -> list[str]:
    fields = [f.strip() for f in text.split(",") if f.strip()]
    if not fields:
        raise argparse.ArgumentTypeError("no field names given")
    try:
        return check_fields(fields)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


_DEFAULTS = Settings(workers=1)  # for the defaults --help shows (workers: one per core)
GROUPS = ("input", "fetching", "extraction", "output", "run")


def _groups(p: argparse.ArgumentParser) -> dict[str, argparse._ArgumentGroup]:
    """The option groups of a command, by name: a new flag goes into the group it belongs to
    (``groups["output"].add_argument(...)``), and --help lists them in this order."""
    titles = {"input": "input", "fetching": "fetching (network)",
              "extraction": "extraction", "output": "output", "run": "run"}
    return {name: p.add_argument_group(titles[name]) for name in GROUPS}


def _add_extraction(g: argparse._ArgumentGroup) -> None:
    g.add_argument("--workers", type=_positive_int, metavar="N",
                   help="worker processes (default: one per core); with scrape, each fetches "
                   "and extracts the hosts it owns")
    g.add_argument("--extract-timeout", type=_non_negative(float), metavar="S",
                   help=f"seconds one page may take to extract (default "
                   f"{_DEFAULTS.extract_timeout:g}; 0: no limit)")


def _add_output(g: argparse._ArgumentGroup) -> None:
    g.add_argument("-o", "--output", metavar="FILE",
                   help="write records here (default: stdout); the file is locked while the run "
                   "writes it")
    g.add_argument("--format", choices=FORMATS, default="jsonl",
                   help="jsonl (default, one record per line), json, csv (objects flattened to "
                   "columns such as error.kind), md, or parquet (typed columns; needs -o FILE "
                   "and scrapekit[parquet])")
    g.add_argument("--fields", type=_fields, metavar="K,K",
                   help="keep only these record keys; dotted paths reach into objects "
                   "(error.kind, fetch.status, mainImage.url)")
    g.add_argument("--ordered", action="store_true",
                   help="records in input order (default: as they complete); a bounded reorder "
                   "buffer: a slow page holds back at most 4096 records")


def _add_run(g: argparse._ArgumentGroup) -> None:
    g.add_argument("--limit", type=_non_negative(int), metavar="N", help="stop after N inputs")
    g.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")
    g.add_argument("-v", "--verbose", action="count", default=0, help="log to stderr (-vv: debug)")


def _add_fetching(net: argparse._ArgumentGroup) -> None:
    d = _DEFAULTS
    net.add_argument("--concurrency", type=_positive_int, metavar="N",
                     help=f"requests in flight (default {d.concurrency})")
    net.add_argument("--per-host", type=_positive_int, metavar="N",
                     help=f"requests in flight per host (default {d.per_host})")
    net.add_argument("--delay", type=_non_negative(float), metavar="S",
                     help=f"minimum seconds between requests to one host (default {d.delay:g}; "
                     "robots.txt Crawl-delay raises it)")
    net.add_argument("--timeout", type=_seconds, metavar="S",
                     help=f"seconds for one whole request (default {d.timeout:g})")
    net.add_argument("--connect-timeout", type=_seconds, metavar="S",
                     help=f"seconds to open a connection (default {d.connect_timeout:g})")
    net.add_argument("--read-timeout", type=_seconds, metavar="S",
                     help=f"seconds of silence allowed between two chunks (default "
                     f"{d.read_timeout:g})")
    net.add_argument("--retries", type=_non_negative(int), metavar="N",
                     help="retries on connect errors, timeouts and HTTP 408, 425, 429, 500, "
                     f"502, 503, 504 (default {d.retries})")
    net.add_argument("--retry-budget", type=_non_negative(float), metavar="S",
                     help="total seconds one URL may take over all its attempts and waits "
                     f"(default {d.retry_budget:g}; 0 = no limit beyond --retries)")
    net.add_argument("--retry-after-max", type=_non_negative(float), metavar="S",
                     help=f"longest Retry-After honoured; longer means no retry (default "
                     f"{d.retry_after_max:g})")
    net.add_argument("--max-redirects", type=_non_negative(int), metavar="N",
                     help=f"redirect hops followed (default {d.max_redirects}; loops are "
                     "detected at once)")
    net.add_argument("--cache", metavar="DIR",
                     help="on-disk HTTP cache so re-runs do not re-fetch (needs scrapekit[cache])")
    net.add_argument("--cache-ttl", type=_non_negative(float), metavar="S",
                     help="seconds a cached page stays fresh (default: until the cache is deleted)")
    net.add_argument("--block-private-addresses", action="store_true",
                     help="refuse URLs and redirects resolving to loopback, private, link-local "
                     "or metadata addresses (for untrusted URL lists)")
    net.add_argument("--user-agent", metavar="UA",
                     help="User-Agent header, also the agent robots.txt rules are matched "
                     f"against (default {d.user_agent!r})")
    net.add_argument("--header", action="append", type=_pair(":", "K:V"), default=[],
                     metavar="K:V", help="extra request header; repeatable")
    net.add_argument("--cookie", action="append", type=_pair("=", "K=V"), default=[],
                     metavar="K=V", help="cookie sent with every request; repeatable")
    net.add_argument("--proxy", metavar="URL",
                     help="proxy for all requests: http://, https:// or socks5:// (needs "
                     "scrapekit[socks]; default: the *_PROXY environment variables)")
    net.add_argument("--http2", action="store_true", help="use HTTP/2 where offered (needs scrapekit[http2])")
    net.add_argument("--no-robots", action="store_true", help="do not obey robots.txt")
    net.add_argument("--max-bytes", type=_positive_int, metavar="N",
                     help=f"largest page body accepted, decoded (default {d.max_bytes})")
    net.add_argument("--max-host-failures", type=_non_negative(int), metavar="N",
                     help="consecutive connect errors/timeouts after which a host's remaining "
                     f"URLs fail at once as 'connect' records (default {d.max_host_failures}; "
                     "0: never)")
    net.add_argument("--no-extract", action="store_true",
                     help="fetch only: records carry the fetch block, no article fields")
    net.add_argument("--fetch-processes", type=_positive_int, metavar="N",
                     help="with --no-extract: processes that fetch, hosts split between them "
                     "(default: --workers)")


def _add_features(g: argparse._ArgumentGroup, render: bool) -> None:
    """Per-site rules and rendering (scrapekit.rules, scrapekit.render)."""
    g.add_argument("--rules", metavar="FILE.toml",
                   help="per-site CSS selectors / JSON-LD paths that pin fields (see README)")
    if render:
        g.add_argument("--render", choices=("never", "auto", "always"),
                       help="render pages in headless Chromium: auto = only JavaScript app "
                       "shells with no article text (default never; needs scrapekit[render])")
        g.add_argument("--render-timeout", type=_seconds, metavar="S",
                       help="seconds one page's render may take (default 30)")
        g.add_argument("--browser", metavar="PATH",
                       help="Chromium executable (default: $SCRAPEKIT_BROWSER, else chromium "
                       "on PATH)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="scrapekit", description="Web article scraper and extractor: URLs in, "
                     "one JSON record per input out (an article or an error record).")
    parser.add_argument("--version", action="version", version=f"scrapekit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sc = sub.add_parser("scrape", help="fetch URLs and extract articles",
                        description="Fetch URLs and extract one record per input URL.")
    g = _groups(sc)
    sc.add_argument("urls", nargs="*", metavar="URL", help="URLs to scrape; '-' reads a list from stdin")
    g["input"].add_argument("-i", "--input", action="append", default=[], metavar="FILE",
                            help="file with one URL per line (blank lines and # comments "
                            "skipped); repeatable")
    g["input"].add_argument("--sitemap", action="append", default=[], metavar="URL",
                            help="scrape the pages a sitemap lists (indexes and .xml.gz "
                            "followed); repeatable")
    g["input"].add_argument("--feed", action="append", default=[], metavar="URL",
                            help="scrape the articles of an RSS or Atom feed; repeatable")
    _add_fetching(g["fetching"])
    _add_extraction(g["extraction"])
    _add_features(g["extraction"], render=True)
    _add_output(g["output"])
    g["output"].add_argument("--resume", action="store_true",
                             help="with -o FILE (jsonl): skip inputs already recorded there, "
                             "append the rest")
    g["output"].add_argument("--warc-out", metavar="FILE.warc.gz",
                             help="also archive every HTTP response (WARC/1.1), for offline "
                             "re-extraction")
    _add_run(g["run"])
    g["run"].add_argument("--dask", metavar="SCHEDULER",
                          help="run on a Dask cluster ('local' starts one; else "
                          "tcp://host:8786); -o is then a directory of JSONL parts (needs "
                          "scrapekit[dask])")

    ex = sub.add_parser("extract", help="extract articles from local HTML files (offline)",
                        description="Extract one record per local HTML page (.html, .htm, "
                        ".html.gz) and per HTML response of a WARC file; directories are "
                        "walked for them; file:// URLs work too. No network (to fetch URLs, "
                        "use 'scrapekit scrape').")
    g = _groups(ex)
    ex.add_argument("paths", nargs="+", metavar="FILE", help="HTML files, directories or file:// URLs; "
                    "'-' reads one page from stdin")
    g["input"].add_argument("--url", help="the page's original URL: the record's url and the "
                            "base for links (one HTML file only)")
    _add_extraction(g["extraction"])
    _add_features(g["extraction"], render=False)
    _add_output(g["output"])
    _add_run(g["run"])
    evaluate.add_parser(sub, _seconds)

    sub.add_parser("schema", help="print the JSON Schema of a record")
    return parser


_FIELD_FLAGS = {"headers": "--header", "cookies": "--cookie", "robots": "--no-robots",
                "extract": "--no-extract"}
"""A Settings field's flag where it is not the field's name in dashes."""


def _flag_named(message: str) -> str:
    """A Settings error as the command line says it: ``Settings.proxy`` -> ``--proxy``."""
    return re.sub(r"^Settings\.(\w+)",  # (the message's subject: not a value it quotes)
                  lambda m: _FIELD_FLAGS.get(m[1], "--" + m[1].replace("_", "-")), message)


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The Settings a command line asks for: flag --per-host -> field per_host, and so on."""
    changes: dict[str, object] = {}
    for name in ("concurrency", "per_host", "delay", "timeout", "connect_timeout", "read_timeout",
                 "retries", "retry_budget", "retry_after_max", "max_redirects", "cache",
                 "cache_ttl", "user_agent", "proxy", "max_bytes", "workers", "extract_timeout",
                 "limit", "fetch_processes", "max_host_failures", "rules", "render", "render_timeout", "browser"):
        value = getattr(args, name, None)
        if value is not None:
            changes[name] = value
    if getattr(args, "header", None):
        changes["headers"] = tuple(args.header)
    if getattr(args, "cookie", None):
        changes["cookies"] = tuple(args.cookie)
    if getattr(args, "http2", False):
        changes["http2"] = True
    if getattr(args, "block_private_addresses", False):
        changes["block_private_addresses"] = True
    if getattr(args, "no_robots", False):
        changes["robots"] = False
    if getattr(args, "no_extract", False):
        changes["extract"] = False
    return Settings(**changes)  # type: ignore[arg-type]


def _warn(message: str) -> None:
    print(f"scrapekit: warning: {message}", file=sys.stderr, flush=True)


STDIN = "standard input"


def _scrape_inputs(args: argparse.Namespace, settings: Settings,
                   failed: list[str] | None = None) -> Iterator[str]:
    """The inputs of ``scrape``; a sitemap or feed that gives no URL and reports an error is
    added to ``failed`` (its kind, address and why), after its warnings."""
    for kind, url in [("sitemap", u) for u in args.sitemap] + [("feed", u) for u in args.feed]:
        errors: list[str] = []

        def on_error(message: str, errors: list[str] = errors) -> None:
            _warn(message)
            errors.append(message)

        read = sitemap_urls if kind == "sitemap" else feed_urls
        count = 0
        for item in read(url, settings, on_error=on_error):
            count += 1
            yield item
        if not count and errors and failed is not None:
            failed.append(f"the {kind} {errors[0]}")
    for path in args.input:
        if path == "-":
            yield from url_lines(sys.stdin.buffer, STDIN)
        else:
            yield from read_url_file(path)
    for url in args.urls:
        if url == "-":
            yield from url_lines(sys.stdin.buffer, STDIN)
        else:
            yield url


class _Counted:
    """An input iterator that counts what it yields (to tell "nothing to do" apart)."""

    def __init__(self, items: Iterable[str]) -> None:
        self._it = iter(items)
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        for item in self._it:
            self.count += 1
            yield item


def _error(message: str) -> None:
    print(f"scrapekit: error: {message}", file=sys.stderr, flush=True)


def _open_output(args: argparse.Namespace, append: bool = False) -> Sink | int:
    """The run's sink, or the exit status when the output cannot be opened (1: not writable;
    2: another run holds the file's lock)."""
    try:
        return open_sink(args.output, args.format, args.fields, append=append)
    except OutputInUse as exc:
        _error(exc.message)
        return 2
    except ScrapekitError as exc:  # e.g. --format parquet without pyarrow
        _error(exc.message)
        return 1
    except OSError as exc:
        _error(f"cannot write {args.output}: {exc.strerror or exc}")
        return 1


def _same_path(a: str, b: str) -> bool:
    """Do two command-line paths name one file: the same file on disk, or (one not made yet)
    the same resolved path?"""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return os.path.realpath(a) == os.path.realpath(b)


def _written_over(outputs: Iterable[str | None], inputs: Iterable[str]) -> str | None:
    """Why the run would write over its own input (an output naming an input file, an input
    folder holding an output the walk would read as a page, two outputs on one file), or None.
    Checked before any file is opened: opening an output truncates it."""
    named = [o for o in outputs if o not in (None, "-")]
    for i, out in enumerate(named):
        for other in named[i + 1:]:
            if _same_path(out, other):
                return f"{out} and {other} are one file: give each output its own path"
        for raw in inputs:
            if raw == "-":
                continue
            if os.path.isdir(raw):
                inside = os.path.realpath(out).startswith(os.path.join(os.path.realpath(raw), ""))
                if inside and out.lower().endswith(HTML_SUFFIXES + WARC_SUFFIXES):
                    return (f"{out} would be written inside {raw}, which is read as input: "
                            f"write it elsewhere or with another suffix")
            elif _same_path(out, raw):
                return f"{out} is also an input: writing it would destroy it; write elsewhere"
    return None


CHECK_OUTPUT_EVERY = 2.0  # seconds between checks that the output file is still there


def _run(records: Iterable[Article], args: argparse.Namespace, total: int | None, sink: Sink,
         tally: Tally | None = None, nothing: Callable[[], str | None] | None = None,
         resumable: bool = False, failed: Callable[[], bool] | None = None) -> int:
    """Write ``records`` to ``sink`` with progress; the exit status. ``nothing()`` says why
    there was no input at all (None if there was some); ``failed()``: the run had no input
    because its sources failed, an error the caller prints: no status line before it;
    ``resumable``: an interrupted run ends with the --resume hint."""
    from .progress import Progress

    tally = tally or Tally()
    progress = Progress(tally, total=total, quiet=args.quiet)
    code = 0
    hint = None
    checked = time.monotonic()
    try:
        for article in records:
            record = article.to_dict()
            sink.write(record)
            tally.add(record)
            progress.update()
            if time.monotonic() - checked >= CHECK_OUTPUT_EVERY:
                checked = time.monotonic()
                sink.check()
    except KeyboardInterrupt as exc:
        code = 143 if isinstance(exc, Terminated) else 130
        hint = _records_hint(args.output, "interrupted; ", "", resumable) \
            if args.output not in (None, "-") else "interrupted; the records so far were written"
    except BrokenPipeError:  # the reader went away (| head): the rest is not delivered
        _error(f"output closed by its reader after {sink.count} record(s); the run stopped, "
               "the other inputs were not written")
        code = 1
    except OutputGone as exc:
        _error(exc.message)
        code = 1
    except SourceError as exc:  # an input list that cannot be read further (the inputs read
        _error(str(exc))        # before it are recorded)
        code = 1
        if args.output not in (None, "-") and tally.done:
            hint = _records_hint(args.output, "", "fix the input and ", resumable)
    except OSError as exc:
        _error(f"cannot write output: {exc.strerror or exc}")
        code = 1
    except ScrapekitError as exc:  # a record the format cannot hold (never expected)
        _error(exc.message)
        code = 1
    finally:
        try:
            sink.close()
        except OutputGone as exc:
            if code != 1:
                _error(exc.message)
            code = 1
        except (OSError, ScrapekitError) as exc:  # (a Parquet footer, JSON's closing ']')
            if code == 0:  # (after an earlier error its message is the one said)
                what = exc.message if isinstance(exc, ScrapekitError) else exc.strerror or exc
                where = args.output if args.output not in (None, "-") else "standard output"
                _error(f"cannot write output: {what}: {where} is incomplete")
            code = code or 1
        if code == 0 and failed is not None and failed():
            progress.quiet = True  # the bar stops; the error line is the one message
        progress.close(nothing() if nothing is not None and code == 0 else None, hint)
    return code


def _check_resumed_keys(args: argparse.Namespace) -> None:
    """A warning when the records already in a resumed output have other keys than this run
    writes (another ``--fields``, or none): the file would mix two shapes of record."""
    from .record import RECORD_KEYS
    from .sinks import first_record_keys

    before = first_record_keys(args.output)
    now = list(args.fields or RECORD_KEYS)
    if before is not None and set(before) != set(now):
        _warn(f"--resume: the records in {args.output} have the keys {','.join(before)[:200]}, "
              f"this run writes {','.join(now)[:200]}: the file will hold both (give the "
              "--fields of the first run to keep one shape)")


def _records_hint(output: str, lead: str, fix: str, resumable: bool) -> str:
    """Where the records of a run that stopped early are, and (``resumable``) how to go on."""
    where = f"{lead}the records so far are in {output}"
    return f"{where}: {fix}run the same command with --resume to do only the rest" \
        if resumable else where


def _inputs_with_total(items: Iterable[str], peek: int = 100_000) -> tuple[Iterator[str], int | None]:
    """Count the inputs when there are few enough to hold (for the progress bar's total). An
    input list that breaks meanwhile is raised after the inputs read before it."""
    it = iter(items)
    head: list[str] = []
    try:
        head.extend(itertools.islice(it, peek))
    except SourceError as exc:
        return itertools.chain(head, _raised(exc)), len(head)
    if len(head) < peek:
        return iter(head), len(head)
    return itertools.chain(head, it), None


def _raised(exc: BaseException) -> Iterator[str]:
    raise exc
    yield ""  # pragma: no cover - makes this a generator


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "schema":
        sys.stdout.buffer.write(dumps(json_schema(), indent=True) + b"\n")
        return 0
    if args.command == "eval":
        logging.basicConfig(level=(logging.WARNING, logging.INFO, logging.DEBUG)[min(args.verbose, 2)],
                            format="scrapekit: %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
        try:
            settings = settings_from_args(args)
        except (ValueError, TypeError) as exc:
            parser.error(_flag_named(str(exc)))
        return evaluate.run(args, settings)
    _handle_sigterm()
    logging.basicConfig(level=(logging.WARNING, logging.INFO, logging.DEBUG)[min(args.verbose, 2)],
                        format="scrapekit: %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    install_log_filter(capture_warnings=True)  # user:password never reaches stderr, whoever logs
    try:
        settings = settings_from_args(args)
    except (ValueError, TypeError) as exc:
        parser.error(_flag_named(str(exc)))
    if getattr(args, "fetch_processes", None) is not None and not getattr(args, "no_extract", False):
        parser.error("--fetch-processes applies with --no-extract (with extraction, each of the "
                     "--workers processes fetches and extracts the hosts it owns)")
    dashes = [*getattr(args, "urls", ()), *getattr(args, "input", ()), *getattr(args, "paths", ())]
    if "-" in dashes and sys.stdin is None:  # started with stdin closed (<&-)
        parser.error("'-' reads stdin, but stdin is closed")
    if args.format in BINARY_FORMATS and args.output in (None, "-"):
        parser.error(f"--format {args.format} writes a binary file: give -o FILE")
    try:
        if args.command == "scrape":
            return _scrape(parser, args, settings)
        return _extract(parser, args, settings)
    except KeyboardInterrupt as exc:  # before any record (reading a sitemap, a slow stdin)
        if not args.quiet:
            print("scrapekit: interrupted before the first record", file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130


def _scrape(parser: argparse.ArgumentParser, args: argparse.Namespace, settings: Settings) -> int:
    if not (args.urls or args.input or args.sitemap or args.feed):
        parser.error("give URLs, -i FILE, --sitemap URL, --feed URL, or - to read stdin")
    from .fetch.client import check_options  # (the network stack: only a run that fetches)

    try:
        check_options(settings)  # (an option's package missing: said once, before any fetch)
        if settings.render != "never" and not args.dask:  # (with --dask the browser is the
            from .render import check_renderer             # workers': each shard checks it)

            check_renderer(settings)  # (Playwright or the browser missing: the same)
    except (MissingExtra, CacheUnusable) as exc:
        parser.error(_flag_named(exc.message))
    except ValueError as exc:  # (a proxy variable of the environment no fetch can use)
        parser.error(str(exc))
    if args.resume and (not args.output or args.output == "-" or args.format != "jsonl"):
        parser.error("--resume needs -o FILE (or -o DIR with --dask) and the jsonl format")
    if args.resume and args.fields and "url" not in args.fields:
        parser.error("--resume finds finished inputs by their url: keep url in --fields")
    if args.dask and (not args.output or args.output == "-" or args.format != "jsonl"
                      or args.fields or args.warc_out or args.ordered):
        parser.error("--dask writes JSONL parts: it needs -o DIR, and no --format, --fields, "
                     "--ordered or --warc-out")
    for path in args.input:
        if path != "-":
            try:
                check_url_file(path)  # unreadable, binary data: stop before any fetch
            except SourceError as exc:
                _error(str(exc))
                return 1
            except OSError as exc:
                parser.error(f"cannot read {path}: {exc.strerror or exc}")
    failed: list[str] = []
    counted = _Counted(_scrape_inputs(args, settings, failed))
    inputs: Iterator[str] = iter(counted)
    if args.dask:
        try:
            return _scrape_dask(inputs, args, settings)
        except ValueError as exc:  # a malformed scheduler address
            parser.error(f"--dask {args.dask}: {exc}")
        except SourceError as exc:  # the inputs are read (and split) before any shard runs
            _error(str(exc))
            return 1
    # (the pages scrape reads from disk, file:// URLs, are inputs too; those inside a list
    # file are not known before it is read)
    clash = _written_over((args.output, args.warc_out), [*args.input, *(
        str(path) for url in args.urls if (path := file_url_path(url)) is not None)])
    if clash:
        parser.error(clash)
    _check_fd_room(parser, settings)
    sink = _open_output(args, append=args.resume)  # locked before --resume reads the file
    if isinstance(sink, int):
        return sink
    tally = Tally()
    recorder = None
    try:  # the sink is open (and locked): close it on every way out before _run
        doing = f"cannot read {args.output}"
        if args.resume:
            try:
                done = completed_inputs(args.output)
            except NotResumable as exc:
                sink.close()
                _error(exc.message)
                return 2
            inputs = skip_completed(inputs, done, on_skip=tally.skipped)
            _check_resumed_keys(args)
        total = None
        doing = "cannot read the inputs"
        if not ("-" in args.urls or "-" in args.input or args.sitemap or args.feed):
            inputs, total = _inputs_with_total(inputs)  # a stream starts at once, total unknown
        if args.warc_out:
            from .warc import WarcRecorder

            doing = f"cannot write {args.warc_out}"
            archived: set[str] = set()
            if args.resume:
                from .errors import WarcDamaged
                from .warc_append import MAX_TORN, resume_archive

                if not args.quiet:
                    print(f"scrapekit: checking {args.warc_out} before appending to it",
                          file=sys.stderr, flush=True)
                try:
                    biggest = 2 * settings.max_bytes + 2**21  # (one pair, headers included)
                    cut, archived = resume_archive(args.warc_out, done,
                                                   max_torn=max(MAX_TORN, biggest))
                except WarcDamaged as exc:
                    sink.close()
                    _error(exc.message)
                    return 2
                if cut:
                    print(f"scrapekit: {args.warc_out} ended inside a record (a killed run): "
                          f"its last {cut} bytes were cut, the records before them kept",
                          file=sys.stderr)
            recorder = WarcRecorder(args.warc_out, settings, append=args.resume)
            recorder.archived = archived
    except BaseException as exc:
        sink.close()  # a JSON array or Parquet file stays valid
        if not isinstance(exc, OSError):
            raise
        _error(f"{doing}: {exc.strerror or exc}")
        return 1

    def nothing() -> str | None:
        return None if counted.count else _nothing_wording(args)

    def sources_failed() -> bool:
        return not counted.count and bool(failed)

    try:
        code = _run(scrape_many(inputs, settings, recorder=recorder, ordered=args.ordered), args, total, sink, tally,
                    nothing, resumable=args.format == "jsonl", failed=sources_failed)
    finally:
        if recorder is not None:
            recorder.close()
    if code == 0 and sources_failed():
        _error(f"no URL to scrape: {'; '.join(failed)}")
        return 1
    return code


def _check_fd_room(parser: argparse.ArgumentParser, settings: Settings) -> None:
    """A usage error, before any work, when the worker processes asked for need more open
    files than ``ulimit -n`` allows (and the limit cannot be raised that far)."""
    from .workers import ensure_fd_room, pool_size

    flag = "--fetch-processes" if not settings.extract and settings.fetch_processes else "--workers"
    try:
        ensure_fd_room(pool_size(settings), flag)
    except TooManyWorkers as exc:
        parser.error(f"{flag} {exc.processes} needs about {exc.needed} open files, over the "
                     f"limit of {exc.limit} (ulimit -n): lower {flag} or raise ulimit -n")


def _nothing_wording(args: argparse.Namespace) -> str:
    """Why a scrape had no input at all, worded for the inputs given (when no source failed:
    that is an error, said on its own line)."""
    documents = bool(args.sitemap or args.feed)
    lists = bool(args.input or args.urls)
    if documents and not lists:
        return "nothing to do: the sitemaps and feeds given list no page URL"
    if documents:
        return ("nothing to do: the inputs given hold no URL (the sitemaps and feeds list none; "
                "blank lines and # comments in lists are skipped)")
    return "nothing to do: the inputs given hold no URL (blank lines and # comments are skipped)"


def _scrape_dask(inputs: Iterable[str], args: argparse.Namespace, settings: Settings) -> int:
    from .distributed import route_dask_logs, run_sharded
    from .progress import format_errors

    route_dask_logs(logging.CRITICAL if args.quiet else
                    (logging.WARNING, logging.INFO, logging.DEBUG)[min(args.verbose, 2)])

    finished: list[dict[str, Any]] = []
    started = time.monotonic()

    def shard_done(summary: dict[str, Any]) -> None:
        finished.append(summary)
        if not args.quiet:
            errors = summary.get("errors") or {}
            failed = f", {sum(errors.values())} failed ({format_errors(errors)})" if errors else ""
            print(f"scrapekit: shard {summary.get('shard')} {summary.get('status')}: "
                  f"{summary.get('records', 0)} records{failed} on {summary.get('worker', '?')} "
                  f"in {summary.get('seconds', '?')} s", file=sys.stderr, flush=True)

    try:
        # the cluster's workers are the parallelism: one scrapekit worker process per Dask
        # worker unless --workers says otherwise (also when it names the core count)
        manifest = run_sharded(inputs, args.dask, args.output, settings, resume=args.resume,
                               shard_workers=args.workers or 1, progress=shard_done)
    except OutputInUse as exc:
        _error(exc.message)
        return 2
    except OSError as exc:
        _error(str(exc))
        return 1
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: what the finished shards hold
        if not args.quiet:
            print(f"scrapekit: {_interrupted_dask(finished, time.monotonic() - started)}\n"
                  f"scrapekit: {_records_hint(args.output, 'interrupted; ', '', True)}",
                  file=sys.stderr, flush=True)
        return 143 if isinstance(exc, Terminated) else 130
    if not args.quiet:
        print(f"scrapekit: {dask_summary(manifest)}; parts and manifest.json in {args.output}",
              file=sys.stderr)
    return 1 if manifest["failedShards"] or manifest["records"] < manifest["inputs"] else 0


def _interrupted_dask(finished: list[dict[str, Any]], seconds: float) -> str:
    """The summary of a Dask run stopped early: the shards that finished, in words."""
    from collections import Counter

    done = [s for s in finished if s.get("status") == "done"]
    if not done:
        return "interrupted before any shard finished"
    errors: Counter[str] = Counter()
    for shard in done:
        errors.update(shard.get("errors") or {})
    partial = {"inputs": sum(s.get("inputs", 0) for s in done),
               "records": sum(s.get("records", 0) for s in done), "errors": errors,
               "elapsedSeconds": seconds,
               "failedShards": [s["shard"] for s in finished if s.get("status") == "failed"]}
    return f"interrupted after {len(done)} finished shard(s): {dask_summary(partial)}"


def dask_summary(manifest: dict[str, Any]) -> str:
    """A run manifest in words: ``"5 done, 4 ok, 1 failed (invalid_url 1), 2.0 pages/s"``."""
    from .progress import format_errors

    if not manifest["inputs"]:
        return "nothing to do: the inputs given hold no URL"
    errors = sum(manifest["errors"].values())
    words = format_errors(manifest["errors"])
    rate = manifest["records"] / manifest["elapsedSeconds"] if manifest["elapsedSeconds"] else 0
    line = (f"{manifest['records']} done, {manifest['records'] - errors} ok, {errors} failed"
            + (f" ({words})" if words else "") + f", {rate:.1f} pages/s")
    failed = manifest["failedShards"]
    if failed:
        line += f"; {len(failed)} shard(s) failed: {', '.join(str(x) for x in failed)}"
    short = manifest["inputs"] - manifest["records"]
    if short > 0 and not failed:  # (a failed shard's inputs are said above)
        line += f"; {short} input(s) have no record"
    return line


def _check_extract_paths(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Usage errors before any work: URLs (for ``scrape``), missing paths, ``-`` (standard
    input) twice, ``--url`` with anything but one HTML file."""
    from .warc import is_warc_path

    if args.paths.count("-") > 1:
        parser.error("- (standard input, one page) is given more than once")
    path: Path | None  # each file in turn; then the one --url page, or None
    for raw in args.paths:
        if raw == "-":
            continue
        scheme = raw.split("://", 1)[0].lower() if "://" in raw else ""
        if scheme and scheme != "file":
            parser.error(f"{raw} is a URL: extract reads local files; to fetch it use "
                         f"'scrapekit scrape {raw}'")
        path = file_url_path(raw) or Path(raw)
        if not path.exists():
            parser.error(f"{raw}: no such file or directory")
    if args.url is not None:
        single = args.paths[0] if len(args.paths) == 1 else None
        path = (file_url_path(single) or Path(single)) if single else None
        if path is None or (single != "-" and (path.is_dir() or is_warc_path(str(path)))):
            parser.error("--url names the one page it belongs to: give exactly one HTML file "
                         "with it (not several, a folder or a WARC file)")


def _extract(parser: argparse.ArgumentParser, args: argparse.Namespace,
             settings: Settings) -> int:
    from .offline import spooled_stdin
    from .warc import WarcStats, extract_paths, is_warc_path

    _check_extract_paths(parser, args)
    clash = _written_over((args.output,), [str(file_url_path(p) or p) for p in args.paths])
    if clash:
        parser.error(clash)
    _check_fd_room(parser, settings)
    stats = WarcStats()
    counted = _Counted(local_paths(args.paths))
    paths, total = _inputs_with_total(counted)
    listed = list(paths) if total is not None else None
    if listed is not None:
        paths = iter(listed)
        if any(p != "-" and is_warc_path(p) for p in listed):
            total = None  # a WARC holds an unknown number of pages
    sink = _open_output(args)
    if isinstance(sink, int):
        return sink

    def nothing() -> str | None:
        if counted.count:
            return None
        return (f"nothing to do: no HTML or WARC files ({', '.join(HTML_SUFFIXES + WARC_SUFFIXES)})"
                f" in {', '.join(args.paths)}")

    with ExitStack() as stack:
        try:
            stdin = (stack.enter_context(spooled_stdin(sys.stdin.buffer, settings.max_bytes))
                     if "-" in args.paths else None)  # one page, within the page size cap
        except BaseException as exc:  # stopped (or failed) while the page was read: the
            sink.close()               # output is closed whole ([] for json) all the same
            if isinstance(exc, KeyboardInterrupt):
                return 143 if isinstance(exc, Terminated) else 130
            raise
        code = _run(extract_paths(paths, settings, url=args.url, stats=stats, ordered=args.ordered,
                                  stdin=stdin), args, total, sink, nothing=nothing)
    if stats.files and not args.quiet:
        print(f"scrapekit: {stats.summary()}", file=sys.stderr)
    if code == 0 and stats.damaged:
        return 1  # an archive read only in part is an input that broke while read, as a URL
    return code   # list's is: its records are written, and a script sees the loss in the code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
