"""Settings: the one object holding every knob of a run, with its default.

The CLI builds exactly this object from its flags (flag ``--per-host`` -> field ``per_host``),
so anything the command line can do, the library can do too.
"""

from __future__ import annotations

import contextvars
import importlib
import math
import numbers
import operator
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

DEFAULT_USER_AGENT = "scrapekit/0.1 (+https://github.com/scrapekit/scrapekit)"


PROXY_SCHEMES = ("http://", "https://", "socks5://", "socks5h://")
RENDER_MODES = ("never", "auto", "always")


def _check_proxy(proxy: str) -> None:
    """A proxy URL the run can use, or ValueError saying why (credentials masked): a known
    scheme, a host, a port that is a number."""
    from urllib.parse import urlsplit

    from .redact import mask_userinfo

    shown = mask_userinfo(proxy)
    if not proxy.lower().startswith(PROXY_SCHEMES):
        raise ValueError(f"Settings.proxy must start with one of {', '.join(PROXY_SCHEMES)}, "
                         f"got {shown!r}")
    try:
        parts = urlsplit(proxy)
        host, _port = parts.hostname, parts.port  # .port raises on a port that is no number
    except ValueError:  # its message may quote a piece of the password: not shown
        raise ValueError(f"Settings.proxy is not a valid URL (a bad host or port): {shown!r}"
                         ) from None
    if not host:
        raise ValueError(f"Settings.proxy names no host: {shown!r}")


INTEGER_FIELDS = ("concurrency", "per_host", "retries", "max_bytes", "max_redirects", "workers",
                  "render_pages", "max_host_failures", "limit", "fetch_processes")
"""Fields holding a whole number (``limit`` and ``fetch_processes`` may be None)."""
SECONDS_FIELDS = ("delay", "timeout", "connect_timeout", "read_timeout", "retry_budget",
                  "backoff", "backoff_max", "retry_after_max", "cache_ttl", "extract_timeout",
                  "render_timeout")
"""Fields holding a finite number of seconds (``cache_ttl`` may be None)."""
PAIR_FIELDS = ("headers", "cookies")
"""Fields holding (name, value) string pairs: a mapping or pairs, kept as a tuple of pairs."""
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""An HTTP header name (RFC 9110 token)."""
FLAG_FIELDS = ("robots", "warc_set_cookie", "http2", "block_private_addresses", "extract")
TEXT_FIELDS = ("user_agent", "proxy", "cache", "browser", "render")
"""Fields holding text (all but ``user_agent`` and ``render`` may be None; ``cache`` and
``browser`` may be given as a path object, kept as its string)."""
_FIELD_VALUE_BREAK = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
"""What no header value may hold (RFC 9110 field-value: no control character but the tab): a
line break would end the header and start another one."""
_COOKIE_NAME_BREAK = re.compile(r"[\x00-\x20\x7f=;]")
"""What no cookie name may hold: what would end it or the cookie (``=``, ``;``, white space)."""
_COOKIE_VALUE_BREAK = re.compile(r"[\x00-\x08\x0a-\x1f\x7f;]")
"""What no cookie value may hold: a control character, or the ``;`` that starts another cookie."""


_RESTORING: contextvars.ContextVar[bool] = contextvars.ContextVar("scrapekit_settings_restoring",
                                                                  default=False)
"""Set while a pickled Settings is made again (in a worker): the file system is not asked."""


def _check_cache(cache: str) -> None:
    """A cache directory the run can create or use, or ValueError saying why: found when the
    run starts, not as a failure of every page (a file in its place, a file among its parents,
    a folder not writable)."""
    path = os.path.abspath(cache)
    while not os.path.lexists(path):  # the nearest part of the path that exists
        path = os.path.dirname(path)
    if not os.path.isdir(path):
        what = "is" if path == os.path.abspath(cache) else f"is under {path!r}, which is"
        raise ValueError(f"Settings.cache {cache!r} {what} not a directory")
    if not os.access(path, os.W_OK | os.X_OK):
        raise ValueError(f"Settings.cache {cache!r}: {path!r} is not writable")


def _whole_number(name: str, value: object) -> int:
    """``value`` as an int, or ValueError naming the setting: no bool, no float (1.5 or 2.0),
    no string."""
    if isinstance(value, bool):
        raise ValueError(f"Settings.{name} must be a whole number, got {value!r}")
    try:
        return operator.index(value)  # type: ignore[arg-type]  # int, numpy ints
    except TypeError:
        raise ValueError(f"Settings.{name} must be a whole number, got {value!r}") from None


def _finite_seconds(name: str, value: object) -> float:
    """``value`` as a float, or ValueError naming the setting: a finite int or float (NaN
    passes every comparison, infinity would wait for ever); no bool, no string."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"Settings.{name} must be a number of seconds, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"Settings.{name} must be a finite number of seconds, got {value!r}")
    return number


def _string_pairs(name: str, value: object) -> tuple[tuple[str, str], ...]:
    """``value`` (a mapping, or an iterable of 2-item pairs) as a tuple of (str, str) pairs,
    or TypeError naming the setting."""
    what = f"Settings.{name} must be a mapping or (name, value) pairs of strings"
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{what}, got a {type(value).__name__}")
    items = value.items() if isinstance(value, Mapping) else value
    try:
        pairs = tuple(tuple(pair) for pair in items)  # type: ignore[attr-defined]
    except TypeError:
        raise TypeError(f"{what}, got {type(value).__name__}") from None
    for pair in pairs:
        if len(pair) != 2 or not all(isinstance(part, str) for part in pair):
            raise TypeError(f"{what}, got the item {pair!r}")
    return pairs


def _default_workers() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    """Every tunable of fetching, extraction and the batch pipeline.

    Frozen: derive variants with :meth:`replace` (``settings.replace(retries=0)``).
    """

    # -- concurrency and politeness ------------------------------------------------------
    concurrency: int = 64
    """Requests in flight at once, over all hosts."""
    per_host: int = 1
    """Requests in flight at once to one host (Scrapy's project template: 1)."""
    delay: float = 1.0
    """Minimum seconds between the starts of two requests to the same host (Scrapy's project
    template: 1 s). A robots.txt ``Crawl-delay`` for our user agent raises it for that host."""
    robots: bool = True
    """Obey robots.txt (``--no-robots`` turns it off). A robots.txt answering 4xx allows
    everything; 5xx, 429 or no answer means "try later": the URL is retried and fails as
    ``robots_disallowed`` if robots.txt stays unreachable."""

    # -- one request ----------------------------------------------------------------------
    timeout: float = 30.0
    """Total seconds for one attempt (connect + headers + whole body)."""
    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    """Seconds of silence allowed between two chunks of a response."""
    retries: int = 3
    """Retries after the first attempt on connect errors, timeouts, 429 and 5xx."""
    retry_budget: float = 300.0
    """Most seconds one URL may take over all its attempts and the waits between them: no
    retry is started (or waited for) past it. 0 means no budget beyond ``retries``."""
    backoff: float = 0.5
    """Base of the exponential backoff (seconds); waits are full-jittered."""
    backoff_max: float = 30.0
    retry_after_max: float = 120.0
    """Longest ``Retry-After`` honoured; a server asking for more gets no retry."""
    max_bytes: int = 10 * 1024 * 1024
    """Cap on the decoded body size; larger pages give a ``too_large`` record."""
    max_redirects: int = 10
    user_agent: str = DEFAULT_USER_AGENT
    headers: tuple[tuple[str, str], ...] = ()
    cookies: tuple[tuple[str, str], ...] = ()
    proxy: str | None = None
    """Proxy for every request: ``http://``, ``https://``, ``socks5://`` or ``socks5h://``
    (socks needs ``scrapekit[socks]``). None uses the ``*_PROXY`` environment variables."""
    warc_set_cookie: bool = False
    """Keep the server's ``Set-Cookie`` values in recorded WARC files; off (the default), each
    value is masked (``sid=***; Path=/``): an archive is shared more widely than a session."""
    http2: bool = False
    """Offer HTTP/2 (over TLS, via ALPN); needs ``scrapekit[http2]``."""
    cache: str | None = None
    """Directory of an on-disk HTTP cache (hishel, SQLite; needs ``scrapekit[cache]``): pages
    fetched once are served from it on later runs, without a request or a politeness delay."""
    cache_ttl: float | None = None
    """Seconds a cached page stays fresh; None keeps it until the cache file is deleted."""
    block_private_addresses: bool = False
    """Refuse URLs, redirects and robots.txt fetches whose host resolves to a loopback,
    private, link-local (cloud metadata), multicast or otherwise non-global address (error
    kind ``blocked_address``). Checked on the resolved IPs at connect time, and the connection
    is made to the IP that was checked, so DNS rebinding cannot slip past. For untrusted input."""

    # -- extraction -------------------------------------------------------------------------
    extract: bool = True
    """False (``--no-extract``) fetches only: records carry the fetch block, no article."""
    workers: int = field(default_factory=_default_workers)
    """Worker processes: each fetches and extracts the hosts it owns (the main process only
    routes URLs and merges records)."""
    extract_timeout: float = 20.0
    """Seconds one page may take to extract before it becomes an ``extract`` error record;
    0 means no limit (as ``extract(timeout=0)``)."""
    rules: Any = None
    """Per-site rules (:mod:`scrapekit.rules`): a TOML file's path, or a ``Rules``; a path is
    read and checked here (``RulesError``, a ``ValueError``, naming the line)."""

    # -- rendering (scrapekit[render] and a Chromium; see scrapekit.render) ---------------------
    render: str = "never"
    """``never``; ``auto``: render in a headless browser the pages whose static extraction
    finds no article and whose HTML looks like a JavaScript application shell; ``always``."""
    render_timeout: float = 30.0
    """Seconds one page's render may take (load, scripts, their requests), then ``render``."""
    render_pages: int = 2
    """Pages rendered at once (one browser process, one context per page)."""
    browser: str | None = None
    """Chromium executable; None: ``$SCRAPEKIT_BROWSER``, else chromium on PATH."""

    # -- batch ----------------------------------------------------------------------------------
    max_host_failures: int = 5
    """Consecutive connect errors or timeouts (each after its retries) on one host before its
    circuit breaker trips: the host's remaining URLs then get a ``connect`` record at once,
    without a request. 0 turns the breaker off."""
    limit: int | None = None
    """Stop after this many inputs."""
    fetch_processes: int | None = None
    """With ``extract=False``: the processes that fetch (each host stays with one of them, so
    politeness holds); None: ``workers``. With extraction on, the ``workers`` processes both
    fetch and extract the hosts they own, and this is not used."""

    @property
    def fetchers(self) -> int:
        """Processes that fetch when the run only fetches (``extract=False``):
        ``fetch_processes`` resolved. With extraction on, every worker fetches the hosts it
        owns (``workers``); see :func:`scrapekit.workers.pool_size`."""
        if self.fetch_processes is not None:
            return self.fetch_processes
        return 1 if self.extract or self.cache else self.workers

    def __repr__(self) -> str:
        """Every field, with the proxy's password, secret header values and cookie values
        masked (a Settings in a log line or a traceback shows no credential)."""
        from .redact import mask_headers, mask_userinfo

        shown: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        if self.proxy is not None:
            shown["proxy"] = mask_userinfo(self.proxy)
        shown["headers"] = tuple(mask_headers(self.headers))
        shown["cookies"] = tuple((name, "***") for name, _value in self.cookies)
        return f"Settings({', '.join(f'{k}={v!r}' for k, v in shown.items())})"

    def replace(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled by its class's import path and its field values, not by the class object:
        a Settings made before scrapekit was imported again (``importlib.reload``, a
        notebook's autoreload) still pickles (it is sent to every worker), and unpickles as
        the class imported then, checked again. Only the fields the constructor takes go to
        it; the rest of the instance's attributes (a subclass's ``field(init=False)``, or
        attributes it stores itself) are the state, set again by ``__setstate__``."""
        restore = importlib.import_module(__name__).restore_settings  # today's, not ours
        cls = type(self)
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        state = {k: v for k, v in getattr(self, "__dict__", {}).items() if k not in values}
        return (restore, (cls.__module__, cls.__qualname__, values), state or None)

    def __setstate__(self, state: dict[str, Any]) -> None:
        """The attributes ``__reduce__`` kept besides the constructor's fields; set past the
        frozen dataclass's ``__setattr__``."""
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def __post_init__(self) -> None:
        self._check_types()
        if self.proxy is not None:
            _check_proxy(self.proxy)
        if self.cache is not None and not _RESTORING.get():  # (checked where it was made: a
            _check_cache(self.cache)  # worker failing it again would fail every start of it)
        positive = ("concurrency", "per_host", "workers", "max_bytes", "render_pages")
        for name in positive:
            if getattr(self, name) < 1:
                raise ValueError(f"Settings.{name} must be >= 1, got {getattr(self, name)!r}")
        for name in ("timeout", "connect_timeout", "read_timeout"):  # 0 would fail every URL
            if getattr(self, name) <= 0:
                raise ValueError(f"Settings.{name} must be > 0, got {getattr(self, name)!r}")
        if self.max_host_failures < 0:
            raise ValueError("Settings.max_host_failures must be >= 0 (0: no breaker)")
        for name in ("delay", "backoff",
                     "backoff_max", "retry_after_max", "extract_timeout", "retry_budget", "render_timeout"):
            if getattr(self, name) < 0:
                raise ValueError(f"Settings.{name} must be >= 0, got {getattr(self, name)!r}")
        if self.retries < 0 or self.max_redirects < 0:
            raise ValueError("Settings.retries and Settings.max_redirects must be >= 0")
        if self.cache_ttl is not None and self.cache_ttl < 0:
            raise ValueError("Settings.cache_ttl must be >= 0")
        if self.limit is not None and self.limit < 0:
            raise ValueError("Settings.limit must be >= 0")
        if self.fetch_processes is not None and self.fetch_processes < 1:
            raise ValueError(f"Settings.fetch_processes must be >= 1, got {self.fetch_processes!r}")
        if self.cache and (self.fetch_processes or 1) > 1:
            raise ValueError("Settings.cache works with one fetching process (its SQLite file "
                             "takes one writer): leave fetch_processes at None or 1")

        self._check_features()

    def _check_types(self) -> None:
        """Whole numbers, finite seconds, flags and string pairs, normalised (a mapping of
        headers becomes a tuple of pairs); ValueError or TypeError naming the setting."""
        for name in INTEGER_FIELDS:
            value = getattr(self, name)
            if value is not None or name not in ("limit", "fetch_processes"):
                object.__setattr__(self, name, _whole_number(name, value))
        for name in SECONDS_FIELDS:
            value = getattr(self, name)
            if value is not None or name != "cache_ttl":
                object.__setattr__(self, name, _finite_seconds(name, value))
        for name in FLAG_FIELDS:
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"Settings.{name} must be True or False, got "
                                f"{getattr(self, name)!r}")
        for name in TEXT_FIELDS:
            value = getattr(self, name)
            if name in ("cache", "browser") and isinstance(value, os.PathLike):
                value = os.fspath(value)
                object.__setattr__(self, name, value)
            if not isinstance(value, str) and (value is not None or name in ("user_agent", "render")):
                raise TypeError(f"Settings.{name} must be a string"
                                f"{'' if name in ('user_agent', 'render') else ' or None'}, "
                                f"got {type(value).__name__}")
        if _FIELD_VALUE_BREAK.search(self.user_agent):
            raise ValueError(f"Settings.user_agent holds a line break or a control character: "
                             f"{self.user_agent!r}")
        for name in PAIR_FIELDS:
            object.__setattr__(self, name, _string_pairs(name, getattr(self, name)))
        # a name with spaces around it (a mapping's key written "X-Foo ") was sent trimmed
        object.__setattr__(self, "headers", tuple((k.strip(), v) for k, v in self.headers))
        for key, value in self.headers:
            if not _TOKEN.fullmatch(key):
                raise ValueError(f"Settings.headers: {key!r} is no header name (letters, digits "
                                 "and !#$%&'*+-.^_`|~ only, RFC 9110)")
            if _FIELD_VALUE_BREAK.search(value):  # (the value may be a secret: not shown)
                raise ValueError(f"Settings.headers: the value of {key!r} holds a line break or "
                                 "a control character")
        for key, value in self.cookies:
            if not key or _COOKIE_NAME_BREAK.search(key):  # (browsers take "arr[0]": so do we)
                raise ValueError(f"Settings.cookies: {key!r} is no cookie name (empty, or it "
                                 "holds '=', ';', a space or a control character)")
            if _COOKIE_VALUE_BREAK.search(value):
                raise ValueError(f"Settings.cookies: the value of {key!r} holds a ';' (it would "
                                 "set another cookie), a line break or a control character")

    def _check_features(self) -> None:
        """Rules and rendering (scrapekit.rules, scrapekit.render)."""
        if self.render not in RENDER_MODES:
            raise ValueError(f"Settings.render must be one of {', '.join(RENDER_MODES)}, "
                             f"got {self.render!r}")
        if self.rules is not None:
            from .rules import coerce_rules

            object.__setattr__(self, "rules", coerce_rules(self.rules))

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def restore_settings(module: str, qualname: str, values: dict[str, Any]) -> Settings:
    """A pickled Settings (see ``Settings.__reduce__``): its class looked up by import path."""
    cls: Any = importlib.import_module(module)
    for name in qualname.split("."):
        cls = getattr(cls, name)
    token = _RESTORING.set(True)
    try:
        settings: Settings = cls(**values)
    finally:
        _RESTORING.reset(token)
    return settings
