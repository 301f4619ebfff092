"""One exception hierarchy. Each class carries the stable ``kind`` string of error records."""

from __future__ import annotations


class ScrapekitError(Exception):
    """Base of every error scrapekit raises on purpose."""

    kind: str = "extract"

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class InvalidURL(ScrapekitError):
    kind = "invalid_url"


class FetchError(ScrapekitError):
    """Anything that went wrong getting the bytes of a page."""

    kind = "connect"


class ConnectError(FetchError):
    kind = "connect"


class Timeout(FetchError):
    kind = "timeout"


class HTTPStatusError(FetchError):
    kind = "http_status"

    def __init__(self, message: str, *, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class TooManyRedirects(FetchError):
    kind = "too_many_redirects"


class NotHTML(FetchError):
    kind = "not_html"


class TooLarge(FetchError):
    kind = "too_large"


class RobotsDisallowed(FetchError):
    kind = "robots_disallowed"


class BlockedAddress(FetchError):
    kind = "blocked_address"


class DecodeError(ScrapekitError):
    kind = "decode"


class ExtractError(ScrapekitError):
    kind = "extract"


class NotArticle(ExtractError):
    kind = "not_article"


class RenderError(ScrapekitError):
    """Rendering a page in the browser failed; the record keeps the static extraction."""

    kind = "render"


class RulesError(ScrapekitError, ValueError):
    """An invalid per-site rules file (``Settings.rules``); ``line`` is where, when known."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = f"{path or 'rules'}" + (f", line {line}" if line else "")
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line


class GoldError(ScrapekitError, ValueError):
    """A gold file of ``scrapekit eval`` that cannot be read (the message names the line)."""


class OutputInUse(ScrapekitError):
    """Another process holds the output file's lock (another run writes it)."""


class OutputGone(ScrapekitError):
    """The output file was deleted or replaced while the run wrote it."""


class NotResumable(ScrapekitError):
    """``--resume`` on a file that is not scrapekit JSON Lines output (left as it is)."""


class WarcDamaged(ScrapekitError, ValueError):
    """``--resume --warc-out`` on an archive damaged before its end: appending after the damage
    would leave every new record unreadable (a torn last record is cut instead)."""


class SourceError(ScrapekitError, OSError):
    """An input source could not be read: a sitemap or feed (reported, the run goes on), or a
    URL list that is missing, unreadable, binary, or broken part way (the inputs read before
    it are finished first). Also an OSError, so callers that caught a list's OSError still do."""


class MissingExtra(ScrapekitError, ImportError):
    """An option needs an optional package that is not installed (the message names the
    ``pip install 'scrapekit[extra]'`` that brings it), or, for rendering, a browser that is
    not there (the message says how to install or name one)."""


class CacheUnusable(ScrapekitError, ValueError):
    """``Settings.cache`` holds a cache file that cannot be read (not an SQLite database):
    said where the run starts, with the fix (delete it). Also a ValueError, as the other
    refused settings are."""


class TooManyWorkers(ScrapekitError, ValueError):
    """More worker processes than this process may hold open files for (``ulimit -n``)."""

    def __init__(self, name: str, processes: int, needed: int, limit: int) -> None:
        super().__init__(f"{name} {processes} needs about {needed} open files, over this "
                         f"process's limit of {limit} (ulimit -n): use fewer worker processes "
                         "or raise the limit")
        self.processes, self.needed, self.limit = processes, needed, limit
        self._args = (name, processes, needed, limit)

    def __reduce__(self) -> tuple[type[TooManyWorkers], tuple[str, int, int, int]]:
        return type(self), self._args  # (raised inside a Dask task, it crosses a pickle)


def first_line(exc: BaseException, limit: int = 300) -> str:
    """``Class: first line of the message``, cut to ``limit`` characters: how a warning or an
    error record names an exception whose message may run to pages (a browser's, with its logs)."""
    text = str(exc).strip().splitlines()
    message = text[0].strip() if text else ""
    return f"{exc.__class__.__name__}: {message}".rstrip(": ")[:limit]


ERROR_KINDS: tuple[str, ...] = (
    "invalid_url", "connect", "timeout", "http_status", "too_many_redirects", "not_html",
    "too_large", "robots_disallowed", "blocked_address", "decode", "extract", "not_article",
    "render",
)
