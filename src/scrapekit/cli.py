"""The command line: a thin layer over the library.

    scrapekit scrape URL... | -i urls.txt | -   [options]
    scrapekit extract FILE.html|DIR|file://... [--url URL] [options]
    scrapekit schema

Exit status: 0 when the run completed (failed URLs are error records), 2 for usage errors,
1 when the run could not proceed (output not writable), 130 when interrupted (Ctrl-C), 143 on
SIGTERM (handled as Ctrl-C: records so far complete, output closed, summary printed).
"""

from __future__ import annotations

import argparse
import itertools
import logging
import signal
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import NoReturn

from . import __version__
from .pipeline import scrape_many
from .record import Article, json_schema
from .settings import Settings
from .sinks import FORMATS, check_fields, completed_inputs, dumps, open_sink, skip_completed
from .sources import SourceError, feed_urls, local_paths, read_url_file, sitemap_urls, url_lines


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
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
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


def _add_output(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("output")
    g.add_argument("-o", "--output", metavar="FILE", help="write records here (default: stdout)")
    g.add_argument("--format", choices=FORMATS, default="jsonl",
                   help="jsonl (default, one record per line), json, csv or md")
    g.add_argument("--fields", type=_fields, metavar="K,K", help="keep only these record keys")
    g.add_argument("--ordered", action="store_true",
                   help="records in input order (default: as they complete); a bounded reorder "
                   "buffer: a slow page holds back at most 4096 records")
    g.add_argument("--workers", type=_positive_int, metavar="N",
                   help="worker processes, each fetching and extracting the hosts it owns "
                   "(default: one per core)")
    g.add_argument("--extract-timeout", type=_non_negative(float), metavar="S",
                   help="seconds one page may take to extract (default 20; 0: no limit)")
    g.add_argument("--limit", type=_non_negative(int), metavar="N", help="stop after N inputs")
    g.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")
    g.add_argument("-v", "--verbose", action="count", default=0, help="log to stderr (-vv: debug)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="scrapekit", description="Web article scraper and extractor: URLs in, "
                     "one JSON record per input out (an article or an error record).")
    parser.add_argument("--version", action="version", version=f"scrapekit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sc = sub.add_parser("scrape", help="fetch URLs and extract articles",
                        description="Fetch URLs and extract one record per input URL.")
    sc.add_argument("urls", nargs="*", metavar="URL", help="URLs to scrape; '-' reads a list from stdin")
    sc.add_argument("-i", "--input", action="append", default=[], metavar="FILE",
                    help="file with one URL per line (blank lines and # comments skipped); repeatable")
    sc.add_argument("--sitemap", action="append", default=[], metavar="URL",
                    help="scrape the pages a sitemap lists (indexes and .xml.gz followed); repeatable")
    sc.add_argument("--feed", action="append", default=[], metavar="URL",
                    help="scrape the articles of an RSS or Atom feed; repeatable")
    sc.add_argument("--warc-out", metavar="FILE.warc.gz",
                    help="also archive every HTTP response (WARC/1.1), for offline re-extraction")
    sc.add_argument("--dask", metavar="SCHEDULER",
                    help="run on a Dask cluster ('local' starts one; else tcp://host:8786); "
                    "-o is then a directory of JSONL parts (needs scrapekit[dask])")
    sc.add_argument("--resume", action="store_true",
                    help="with -o FILE (jsonl): skip inputs already recorded there, append the rest")
    net = sc.add_argument_group("fetching")
    net.add_argument("--concurrency", type=_positive_int, metavar="N", help="requests in flight (default 64)")
    net.add_argument("--per-host", type=_positive_int, metavar="N", help="requests in flight per host (default 1)")
    net.add_argument("--delay", type=_non_negative(float), metavar="S",
                     help="minimum seconds between requests to one host (default 1; robots.txt "
                     "Crawl-delay raises it)")
    net.add_argument("--timeout", type=_seconds, metavar="S",
                     help="seconds for one whole request (default 30)")
    net.add_argument("--connect-timeout", type=_seconds, metavar="S",
                     help="seconds to open a connection (default 10)")
    net.add_argument("--read-timeout", type=_seconds, metavar="S",
                     help="seconds of silence allowed between two chunks")
    net.add_argument("--retries", type=_non_negative(int), metavar="N",
                     help="retries on connect errors, timeouts and HTTP 408, 425, 429, 500, "
                     "502, 503, 504 (default 3)")
    net.add_argument("--retry-budget", type=_non_negative(float), metavar="S",
                     help="total seconds one URL may take over all its attempts and waits")
    net.add_argument("--retry-after-max", type=_non_negative(float), metavar="S",
                     help="longest Retry-After honoured; longer means no retry")
    net.add_argument("--max-redirects", type=_non_negative(int), metavar="N",
                     help="redirect hops followed (default 10; loops are detected at once)")
    net.add_argument("--cache", metavar="DIR",
                     help="on-disk HTTP cache so re-runs do not re-fetch (needs scrapekit[cache])")
    net.add_argument("--cache-ttl", type=_non_negative(float), metavar="S",
                     help="seconds a cached page stays fresh (default: until the cache is deleted)")
    net.add_argument("--block-private-addresses", action="store_true",
                     help="refuse URLs and redirects resolving to loopback, private, link-local "
                     "or metadata addresses (for untrusted URL lists)")
    net.add_argument("--user-agent", metavar="UA")
    net.add_argument("--header", action="append", type=_pair(":", "K:V"), default=[],
                     metavar="K:V", help="extra request header; repeatable")
    net.add_argument("--cookie", action="append", type=_pair("=", "K=V"), default=[],
                     metavar="K=V", help="cookie sent with every request; repeatable")
    net.add_argument("--proxy", metavar="URL",
                     help="proxy for all requests: http://, https:// or socks5:// (needs scrapekit[socks])")
    net.add_argument("--http2", action="store_true", help="use HTTP/2 where offered (needs scrapekit[http2])")
    net.add_argument("--no-robots", action="store_true", help="do not obey robots.txt")
    net.add_argument("--max-bytes", type=_positive_int, metavar="N",
                     help="largest page body accepted, decoded (default 10485760)")
    net.add_argument("--max-host-failures", type=_non_negative(int), metavar="N",
                     help="consecutive connect errors/timeouts after which a host's remaining "
                     "URLs fail at once as 'connect' records (default 5; 0: never)")
    net.add_argument("--no-extract", action="store_true",
                     help="fetch only: records carry the fetch block, no article fields")
    net.add_argument("--fetch-processes", type=_positive_int, metavar="N",
                     help="with --no-extract: processes that fetch, hosts split between them "
                     "(default: --workers)")
    _add_output(sc)

    ex = sub.add_parser("extract", help="extract articles from local HTML files (offline)",
                        description="Extract one record per local HTML page (.html, .htm, .html.gz) and per HTML response of a WARC file; directories are "
                        "walked for them; file:// URLs work too. No network.")
    ex.add_argument("paths", nargs="+", metavar="FILE", help="HTML files, directories or file:// URLs")
    ex.add_argument("--url", help="the page's original URL: the record's url and the base for links")
    _add_output(ex)

    sub.add_parser("schema", help="print the JSON Schema of a record")
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The Settings a command line asks for: flag --per-host -> field per_host, and so on."""
    changes: dict[str, object] = {}
    for name in ("concurrency", "per_host", "delay", "timeout", "connect_timeout", "read_timeout",
                 "retries", "retry_budget", "retry_after_max", "max_redirects", "cache",
                 "cache_ttl", "user_agent", "proxy", "max_bytes", "workers", "extract_timeout",
                 "limit", "fetch_processes", "max_host_failures"):
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


def _scrape_inputs(args: argparse.Namespace, settings: Settings) -> Iterator[str]:
    for url in args.sitemap:
        yield from sitemap_urls(url, settings, on_error=_warn)
    for url in args.feed:
        try:
            yield from feed_urls(url, settings)
        except SourceError as exc:
            _warn(str(exc))
    for path in args.input:
        if path == "-":
            yield from url_lines(sys.stdin.buffer)
        else:
            yield from read_url_file(path)
    for url in args.urls:
        if url == "-":
            yield from url_lines(sys.stdin.buffer)
        else:
            yield url


def _run(records: Iterable[Article], args: argparse.Namespace, total: int | None,
         append: bool = False) -> int:
    from .progress import Progress, Tally

    try:
        sink = open_sink(args.output, args.format, args.fields, append=append)
    except OSError as exc:
        print(f"scrapekit: error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    tally = Tally()
    progress = Progress(tally, total=total, quiet=args.quiet)
    code = 0
    try:
        for article in records:
            record = article.to_dict()
            sink.write(record)
            tally.add(record)
            progress.update()
    except KeyboardInterrupt as exc:
        code = 143 if isinstance(exc, Terminated) else 130
    except BrokenPipeError:
        code = 0
    except OSError as exc:
        print(f"scrapekit: error: cannot write output: {exc.strerror or exc}", file=sys.stderr)
        code = 1
    finally:
        progress.close()
        try:
            sink.close()
        except OSError:
            code = code or 1
    return code


def _inputs_with_total(items: Iterable[str], peek: int = 100_000) -> tuple[Iterator[str], int | None]:
    """Count the inputs when there are few enough to hold (for the progress bar's total)."""
    it = iter(items)
    head = list(itertools.islice(it, peek))
    if len(head) < peek:
        return iter(head), len(head)
    return itertools.chain(head, it), None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "schema":
        sys.stdout.buffer.write(dumps(json_schema(), indent=True) + b"\n")
        return 0
    _handle_sigterm()
    logging.basicConfig(level=(logging.WARNING, logging.INFO, logging.DEBUG)[min(args.verbose, 2)],
                        format="scrapekit: %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        settings = settings_from_args(args)
    except ValueError as exc:
        parser.error(str(exc))
    if args.command == "scrape":
        return _scrape(parser, args, settings)
    return _extract(args, settings)


def _scrape(parser: argparse.ArgumentParser, args: argparse.Namespace, settings: Settings) -> int:
    if not (args.urls or args.input or args.sitemap or args.feed):
        parser.error("give URLs, -i FILE, --sitemap URL, --feed URL, or - to read stdin")
    if args.resume and (not args.output or args.output == "-" or args.format != "jsonl"):
        parser.error("--resume needs -o FILE (or -o DIR with --dask) and the jsonl format")
    if args.resume and args.fields and "url" not in args.fields:
        parser.error("--resume finds finished inputs by their url: keep url in --fields")
    if args.dask and (not args.output or args.output == "-" or args.format != "jsonl"
                      or args.fields or args.warc_out):
        parser.error("--dask writes JSONL parts: it needs -o DIR, and no --format, --fields "
                     "or --warc-out")
    for path in args.input:
        if path != "-":
            try:
                open(path, "rb").close()
            except OSError as exc:
                parser.error(f"cannot read {path}: {exc.strerror or exc}")
    inputs: Iterator[str] = _scrape_inputs(args, settings)
    if args.dask:
        try:
            return _scrape_dask(inputs, args, settings)
        except ValueError as exc:  # a malformed scheduler address
            parser.error(f"--dask {args.dask}: {exc}")
    if args.resume:
        try:
            inputs = skip_completed(inputs, completed_inputs(args.output))
        except OSError as exc:
            print(f"scrapekit: error: cannot read {args.output}: {exc.strerror or exc}",
                  file=sys.stderr)
            return 1
    total = None
    if not ("-" in args.urls or "-" in args.input or args.sitemap or args.feed):
        inputs, total = _inputs_with_total(inputs)  # a stream starts at once, total unknown
    recorder = None
    if args.warc_out:
        from .warc import WarcRecorder

        try:
            recorder = WarcRecorder(args.warc_out, settings, append=args.resume)
        except OSError as exc:
            print(f"scrapekit: error: cannot write {args.warc_out}: {exc.strerror or exc}",
                  file=sys.stderr)
            return 1
    try:
        return _run(scrape_many(inputs, settings, recorder=recorder, ordered=args.ordered),
                    args, total,
                    append=args.resume)
    finally:
        if recorder is not None:
            recorder.close()


def _scrape_dask(inputs: Iterable[str], args: argparse.Namespace, settings: Settings) -> int:
    from .distributed import run_sharded

    def shard_done(summary: dict[str, object]) -> None:
        if not args.quiet:
            print(f"scrapekit: shard {summary.get('shard')}: {summary.get('records', 0)} records, "
                  f"{summary.get('status')} on {summary.get('worker', '?')} in "
                  f"{summary.get('seconds', '?')} s", file=sys.stderr, flush=True)

    try:
        manifest = run_sharded(inputs, args.dask, args.output, settings, resume=args.resume,
                               progress=shard_done)
    except OSError as exc:
        print(f"scrapekit: error: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        errors = sum(manifest["errors"].values())
        rate = manifest["records"] / manifest["elapsedSeconds"] if manifest["elapsedSeconds"] else 0
        print(f"scrapekit: {manifest['records']} done, {manifest['records'] - errors} ok, {errors} "
              f"failed {manifest['errors'] or ''}, {rate:.1f} pages/s; parts and manifest.json in "
              f"{args.output}", file=sys.stderr)
    return 1 if manifest["failedShards"] else 0


def _extract(args: argparse.Namespace, settings: Settings) -> int:
    from .warc import WarcStats, extract_paths, is_warc_path

    stats = WarcStats()
    paths: Iterator[str] = local_paths(args.paths)
    paths, total = _inputs_with_total(paths)
    listed = list(paths) if total is not None else None
    if listed is not None:
        paths = iter(listed)
        if any(is_warc_path(p) for p in listed):
            total = None  # a WARC holds an unknown number of pages
    code = _run(extract_paths(paths, settings, url=args.url, stats=stats, ordered=args.ordered),
                args, total)
    if stats.files and not args.quiet:
        print(f"scrapekit: {stats.summary()}", file=sys.stderr)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
