"""Fetcher: gets the bytes of HTML pages over HTTP, politely, patiently and within caps.

One httpx.AsyncClient per origin (a small connection pool each: httpcore's pool scans all its
connections per request, so one big client degrades under load), redirects followed by hand
(loop detection, robots.txt on every hop; robots.txt's own redirects too, each hop gated),
retries through tenacity, size cap on the decoded stream. ``fetch()`` never raises for a failed
page: the result carries the error.
"""

from __future__ import annotations

import asyncio
import base64
import importlib.util
import logging
import ssl
import time
import urllib.request
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable
from contextlib import AsyncExitStack, asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urljoin, urlsplit

import httpcore
import httpx
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt

from ..adapters.httpcore import MAX_HEADER_BYTES, headers_too_large
from ..decode import HTML_TYPES, SNIFF_BYTES, SNIFF_TYPES, looks_like_html, not_html_reason
from ..decode import media_type as _media_type
from ..errors import (
    ConnectError, FetchError, HTTPStatusError, InvalidURL, MissingExtra, NotHTML,
    RobotsDisallowed, ScrapekitError, Timeout, TooLarge, TooManyRedirects,
)
from ..record import FetchInfo
from ..settings import PROXY_SCHEMES, Settings
from ..redact import mask_userinfo, strip_credentials
from .backend import AsyncioBackend, HostNotFound, name_not_found
from .cookies import CookieJars, site_key
from .decompress import ChainDecoder, Decoder, GzipSniffer
from .guard import GuardedBackend, check_host
from .headers import ACCEPT  # noqa: F401 - ACCEPT: warc.py imports it here
from .headers import (USER_CREDENTIALS, credential_headers, public_headers, recoded, same_site,
                      user_agent)
from .politeness import HostGate, Politeness
from .retry import BackoffWait, is_retryable, parse_retry_after, stop_policy
from .robots import MAX_ROBOTS_BYTES, MAX_ROBOTS_REDIRECTS, RobotsCache, RobotsResponse
from .transport import RESENT, OriginTransport, PoolTransport
from .urls import check_url, origin_of, redact

log = logging.getLogger("scrapekit.fetch")

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_CLIENTS = 256
CACHE_FILE = "scrapekit-http-cache-2.db"
"""The cache's file in ``Settings.cache``. Named anew (session 14) because the file of earlier
versions (``OLD_CACHE_FILES``) may hold pages fetched with the user's credentials, which those
versions stored: it is never read, and a warning says to delete it."""
OLD_CACHE_FILES = ("scrapekit-http-cache.db",)
_WARNED_OLD_CACHES: set[Path] = set()  # once per process


def _require(module: str, feature: str, extra: str) -> None:
    try:
        found = importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # (a module set to None in sys.modules: hidden)
        found = False
    if not found:
        raise MissingExtra(f"{feature} needs the {module!r} package: "
                           f"pip install 'scrapekit[{extra}]'")


def check_options(settings: Settings) -> None:
    """Fail early, with the fix in the message, when an option's optional package is missing
    (:class:`MissingExtra`), an environment proxy a fetch would use has a scheme no fetch can
    use (ValueError naming the variable), or the cache file is damaged (:class:`CacheUnusable`).
    Called where a run starts, in the calling process: in a worker it would fail every start
    of the worker, and every page as "the worker process exited"."""
    if settings.http2:
        _require("h2", "http2=True", "http2")
    if settings.proxy:  # (its scheme is checked where it is set)
        proxies = [settings.proxy]
    else:  # the variable each scheme's fetch reads, as _env_proxy does: the scheme's own, else
        env = urllib.request.getproxies()  # all_proxy (not socks_proxy, ftp_proxy, no_proxy;
        proxies = []                       # an all_proxy beside both is never read)
        if _bypasses_every_host():  # (NO_PROXY=*: no fetch reads any of them)
            env = {}
        for scheme in ("http", "https"):
            key = scheme if env.get(scheme) else "all"
            proxy = _with_scheme(env.get(key) or "")
            if proxy and not proxy.lower().startswith(PROXY_SCHEMES):
                raise ValueError(f"the {key}_proxy environment variable is "
                                 f"{mask_userinfo(proxy)!r}, which {scheme}:// pages would go "
                                 f"through: a proxy must start with one of "
                                 f"{', '.join(PROXY_SCHEMES)} (unset it, or give --proxy / "
                                 "Settings.proxy)")
            proxies.append(proxy)
    if any(p.lower().startswith("socks") for p in proxies):
        _require("socksio", "a socks proxy", "socks")
    if settings.cache:
        _require("hishel", "the HTTP cache", "cache")
        _require("anysqlite", "the HTTP cache", "cache")
        from .cache import check_cache_file

        check_cache_file(Path(settings.cache) / CACHE_FILE, settings.cache)


def _bypasses_every_host() -> bool:
    """``NO_PROXY=*``: the proxy variables are read by no fetch."""
    try:
        return bool(urllib.request.proxy_bypass("scrapekit-no-such-host.invalid"))
    except Exception:  # noqa: BLE001 - a malformed NO_PROXY: as _env_proxy reads it, no bypass
        return False


def _with_scheme(proxy: str) -> str:
    """An environment proxy written without a scheme (``proxy.corp:3128``) is an HTTP proxy,
    as curl and requests read it."""
    return proxy if not proxy or "://" in proxy else "http://" + proxy


def _env_proxy(origin: str) -> str | None:
    """The proxy the *_PROXY / NO_PROXY environment variables give for an origin."""
    parts = urlsplit(origin)
    proxies = urllib.request.getproxies()
    proxy = _with_scheme(proxies.get(parts.scheme) or proxies.get("all") or "")
    if not proxy:
        return None
    try:
        if urllib.request.proxy_bypass(parts.hostname or ""):
            return None
    except Exception:  # noqa: BLE001 - a malformed NO_PROXY must not stop the crawl
        pass
    return proxy


@dataclass
class FetchResult:
    """What one URL's fetch produced: a body, or an error; attempts and timings either way."""

    url: str
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    body: bytes | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    attempts: int = 0
    elapsed_ms: int = 0
    fetched_at: str | None = None
    error: ScrapekitError | None = None
    address: str | None = None
    """The IP address the (last attempt's) last response came from, as the socket was
    connected; None through a proxy (the proxy resolved the name) or from the HTTP cache."""
    left_origin: bool = False
    """A hop of the (last attempt's) redirect chain was on another origin than the URL's (or
    its https upgrade), whether or not the chain came back: no hop after it carried the
    user's credentials, a sitemap or feed so fetched gives its entries none
    (:func:`scrapekit.sources.remote_item`) and a page so fetched is rendered without them."""

    @property
    def ok(self) -> bool:
        return self.error is None and self.body is not None

    def info(self, encoding: str | None = None) -> FetchInfo:
        return FetchInfo(final_url=self.final_url, status=self.status,
                         content_type=self.content_type, encoding=encoding,
                         fetched_at=self.fetched_at, attempts=self.attempts,
                         elapsed_ms=self.elapsed_ms)


def describe(exc: BaseException) -> str:
    """``Class: message``, taking the message from the causes when httpx gives none
    (a ReadError from a connection reset says nothing of its own)."""
    name = exc.__class__.__name__
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        text = str(cur).strip()
        if text:
            return f"{name}: {text}"
        cur = cur.__cause__ or cur.__context__
    return name


async def _read_robots(raw: AsyncIterator[bytes], content_encoding: str | None) -> bytes:
    """A robots.txt body, decoded, up to MAX_ROBOTS_BYTES: the cap is checked on every
    bounded piece the decoder hands out (nested codings included), so a small compressed
    reply never inflates past it; what was read is parsed (RFC 9309: at least 500 KiB)."""
    decoder = ChainDecoder(content_encoding)
    body = bytearray()

    def take(pieces: Iterable[bytes]) -> bool:  # False once the cap is reached
        for piece in pieces:
            body.extend(piece[:MAX_ROBOTS_BYTES - len(body)])
            if len(body) >= MAX_ROBOTS_BYTES:
                return False
        return True

    async for chunk in raw:
        if not take(decoder.feed(chunk)):
            return bytes(body)
    take(decoder.finish())
    return bytes(body)


_DEADLINE: ContextVar[asyncio.Timeout | None] = ContextVar("scrapekit_fetch_deadline",
                                                          default=None)
"""The running deadline (``Settings.timeout`` over a page attempt's whole redirect chain, or
over one robots.txt load's), so that waits in our own gates can stop its clock."""


@asynccontextmanager
async def _clock_stopped() -> AsyncIterator[None]:
    """The running deadline stopped for the block (a wait that is not the server's slowness),
    then given back the time it had left."""
    deadline = _DEADLINE.get()
    when = deadline.when() if deadline is not None else None
    if deadline is None or when is None:
        yield
        return
    loop = asyncio.get_running_loop()
    left = when - loop.time()
    deadline.reschedule(None)
    try:
        yield
    finally:
        deadline.reschedule(loop.time() + left)


@asynccontextmanager
async def _admitted(gate: HostGate) -> AsyncIterator[Any]:
    """``gate.slot()``, with the deadline stopped while waiting to enter: the host's delay,
    Crawl-delay and Retry-After pauses are our politeness, not the server's slowness."""
    async with AsyncExitStack() as stack:
        async with _clock_stopped():
            ticket = await stack.enter_async_context(gate.slot())
        yield ticket


def _peer(resp: httpx.Response) -> str | None:
    """The IP address the response's connection went to (None from the cache)."""
    stream = resp.extensions.get("network_stream")
    try:
        peer = stream.get_extra_info("server_addr") if stream is not None else None
    except Exception:  # noqa: BLE001 - a closed or unusual stream: unknown
        return None
    return str(peer[0]) if isinstance(peer, tuple) and peer else None


def _basic_auth(userinfo: str) -> str:
    user, _, password = userinfo.partition(":")
    token = f"{unquote(user)}:{unquote(password)}".encode()
    return "Basic " + base64.b64encode(token).decode("ascii")


def join_location(base: str, location: str) -> str:
    """A redirect's ``Location`` resolved against the URL it answered; InvalidURL when it cannot
    be parsed (``http://[::1/x``: urljoin raises ValueError)."""
    try:
        return urljoin(base, location)
    except ValueError:  # urllib's message may quote the input: not passed on
        raise InvalidURL("malformed URL: a bad port, host or bracketed address") from None


def _userinfo_credentials(url: str) -> list[tuple[str, str]]:
    """The ``user:password@`` of a URL the user gave as HTTP Basic auth, as httpx's client
    sends it (none without userinfo): one of the user's credentials, which
    :meth:`Fetcher._follow` adds where they may go. The userinfo is everything before the
    authority's last ``@``, as httpx and :func:`scrapekit.redact.strip_credentials` read it."""
    userinfo, at, _host = urlsplit(url).netloc.rpartition("@")
    return [("Authorization", _basic_auth(userinfo))] if at and userinfo else []


def _sets_cookie(headers: list[tuple[str, str]]) -> bool:
    """Does the response set a cookie? A redirect back to a URL of the chain is then no loop:
    the next request differs (a cookie wall: set a cookie, send the reader back to the page),
    and ``Settings.max_redirects`` still bounds the chain."""
    return any(name.lower() == "set-cookie" for name, _ in headers)


def _jar_cookies(jar: httpx.Cookies, request: httpx.Request) -> list[str]:
    """The ``name=value`` pairs a jar has for the request (the request keeps no Cookie)."""
    if not jar:
        return []
    jar.set_cookie_header(request)
    header = request.headers.pop("cookie", "")
    return [pair for pair in header.split("; ") if pair]


def _set_cookies(request: httpx.Request, first: httpx.Cookies, then: httpx.Cookies) -> None:
    """The Cookie header of both jars' cookies for the request; on a name both have, only
    ``first``'s."""
    pairs = _jar_cookies(first, request)
    names = {pair.partition("=")[0] for pair in pairs}
    pairs += [pair for pair in _jar_cookies(then, request)
              if pair.partition("=")[0] not in names]
    if pairs:
        request.headers["Cookie"] = "; ".join(pairs)


def from_cache(resp: httpx.Response) -> bool:
    """Was the response served from the HTTP cache (hishel's ``caching`` extension)?"""
    status = resp.extensions.get("caching")
    if isinstance(status, dict):  # hishel 1.x/2.x: a TypedDict
        return bool(status.get("from_cache"))
    return bool(getattr(status, "from_cache", False))


def warn_old_cache(directory: Path) -> None:
    """A warning (once per process and file) for a cache file an earlier version wrote there."""
    for name in OLD_CACHE_FILES:
        # SQLite's sidecars too: a killed run leaves its write-ahead log, which holds pages
        found = [p for p in (directory / (name + end) for end in ("", "-wal", "-shm", "-journal"))
                 if p.exists()]
        if found and found[0] not in _WARNED_OLD_CACHES:
            _WARNED_OLD_CACHES.add(found[0])
            log.warning("%s: written by an earlier scrapekit, which also stored pages fetched "
                        "with your credentials; no longer read: delete them",
                        ", ".join(str(p) for p in found))


def _utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class _Origin:
    """One origin's httpx client (its public headers; the cookie jar of what it set) and the
    transport under it, which page requests are handed to directly: the client's request
    building and send layers (URL merging, auth and redirect hooks, a cookie pass even when no
    cookie is set) were ~15% of fetch CPU per page, for nothing a page request uses.

    Two jars, shared by the origins of one site (:mod:`scrapekit.fetch.cookies`):
    ``credentialed``, filled and sent only by the requests that carry the user's credentials
    (settings or the asked URL's ``user:password@``: what a credentialed login earned, e.g. a
    session cookie, stays there), and ``free``, filled by those that do not (robots.txt, the
    hops after a chain left the origin, a fetch asked without credentials, every request of a
    run without any), which keeps only what such requests were set. A credentialed request
    also sends the free jar's cookies (a bot check robots.txt passed), the credentialed jar's
    winning on a name both have; never the other way round."""

    def __init__(self, client: httpx.AsyncClient, transport: httpx.AsyncBaseTransport,
                 direct: bool = True, cookies: CookieJars | None = None, site: str = "") -> None:
        self.client = client
        self.transport = transport
        self.timeout = client.timeout.as_dict()
        self.direct = direct
        """Connections go to the origin's own address (no proxy): a response's peer is it."""
        self.cookies = cookies if cookies is not None else CookieJars()
        """The fetcher's jars by site (a ``Domain=`` cookie reaches the site's hosts)."""
        self.site = site
        """This origin's site (:func:`scrapekit.fetch.cookies.site_key`)."""

    async def get(self, url: str, extensions: dict[str, Any],
                  credentials: list[tuple[str, str]] | None = None) -> httpx.Response:
        """A streaming GET: the caller reads the body from ``response.stream`` and closes it.
        ``credentials``: the user's (headers.credential_headers, then HTTP Basic for the asked
        URL's ``user:password@``), for this request only; whether a request carries them is
        the caller's decision (:meth:`Fetcher._follow`), not the URL's: its own userinfo is
        never sent, nor used for cookies. The user's cookies go before the jars' (the server's
        own for this origin): both jars' on a request with credentials, ``free``'s on one
        without."""
        client = self.client
        request = httpx.Request("GET", strip_credentials(url), headers=client.headers,
                                extensions={"timeout": self.timeout, **extensions})
        # a cookie a server set with UTF-8 in it goes back as it came (httpx would encode the
        # Cookie header as ASCII once any header was read, and raise on every later request)
        request.headers.encoding = "utf-8"
        jars = self.cookies.get(self.site)  # looked up per request: a use of the site
        if credentials:
            _set_cookies(request, jars.credentialed, jars.free)
            for name, value in credentials:
                jar = request.headers.get("cookie") if name.lower() == "cookie" else None
                request.headers[name] = f"{value}; {jar}" if jar else value
            request.extensions[USER_CREDENTIALS] = True
        elif jars.free:
            jars.free.set_cookie_header(request)
        response = await self.transport.handle_async_request(request)
        response.request = request
        # every line read as it came (httpx reads all of them with one encoding: a UTF-8
        # Location or cookie beside a Latin-1 line came out garbled), the jar and the record
        response.headers = recoded(response.headers)
        if "set-cookie" in response.headers:
            try:
                jars.extract(response, bool(credentials), replayed=from_cache(response))
            except BaseException:
                await response.aclose()
                raise
        return response

    async def aclose(self) -> None:
        await self.client.aclose()  # closes the transport too


class Fetcher:
    """Use as ``async with Fetcher(settings) as f: result = await f.fetch(url)``.

    ``any_type=True`` fetches documents other than pages (sitemaps, feeds: any content type,
    no HTML sniffing) with everything else the same: guard, robots.txt, delays, retries,
    timeouts, bounded decompression, ``settings.max_bytes`` and the user's credentials (on
    the hops of the URL's origin until the chain leaves it, see :meth:`_follow`)."""

    def __init__(self, settings: Settings | None = None, *, any_type: bool = False) -> None:
        self.settings = s = settings or Settings()
        check_options(s)
        self._any_type = any_type
        self._user_agent = user_agent(s)  # the one sent: what robots.txt rules are matched on
        self._credentials = credential_headers(s)  # page requests to the fetch's own origin only
        self.politeness = Politeness(s.per_host, s.delay)
        self._robots = RobotsCache(self._load_robots, retry_min=max(s.backoff, 0.05),
                                   retry_max=max(s.backoff_max, 0.05))
        self._owns_robots = True
        self._clients: OrderedDict[str, _Origin] = OrderedDict()
        self._jars = CookieJars()  # by site, outliving the origins' clients (MAX_CLIENTS)
        self._in_use: dict[str, int] = {}
        self._global: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        """The event loop the fetcher's connections, locks and cache belong to (its first
        fetch's); another one may take over once the fetcher is closed (:meth:`_bind`)."""
        self._cache_storage: Any = None
        self._ssl_context: ssl.SSLContext | None = None

    def derived(self, settings: Settings, *, any_type: bool = False) -> Fetcher:
        """Another Fetcher with other settings (the renderer's requests: another guard, no
        credentials) that shares this one's per-host gates: a host's delay, Crawl-delay and
        Retry-After pauses hold over both. Its cookie jars are its own (the run's cookies
        count as credentials: a rendered page's requests to other origins go without them)."""
        other = Fetcher(settings, any_type=any_type)
        other.politeness = self.politeness
        return other

    def sharing_hosts(self, settings: Settings, *, any_type: bool = False) -> Fetcher:
        """A :meth:`derived` Fetcher (sitemaps and feeds: another size cap, no cache) that
        also shares this one's robots.txt cache (robots.txt is read once) and cookie jars (it
        fetches the run's documents, as the run would)."""
        other = self.derived(settings, any_type=any_type)
        other._robots = self._robots
        other._jars = self._jars
        other._owns_robots = False  # its loads are this fetcher's to end
        return other

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _bind(self) -> None:
        """Use the running event loop: the first fetch's, or a new one once nothing of the old
        one is left open (a fetcher closed, then used again in another ``asyncio.run``); one
        still open in another loop cannot be used here (its connections are that loop's)."""
        loop = asyncio.get_running_loop()
        if loop is self._loop:
            return
        if self._loop is not None and self._holds_loop_state():
            raise FetchError("this Fetcher is still open in another event loop: close it there "
                             "(`async with Fetcher(...)`, or `await fetcher.aclose()`) before "
                             "using it in a new one")
        self._loop = loop
        self._global = None
        self.politeness.bind(loop)

    def _holds_loop_state(self) -> bool:
        """Connections, a cache connection or robots.txt loads of the loop it is bound to."""
        return bool(self._clients or self._cache_storage is not None
                    or (self._owns_robots and self._robots.busy()))

    async def aclose(self) -> None:
        if self._loop is not None and self._loop is not asyncio.get_running_loop():
            self._forget()
            return
        if self._owns_robots:  # a load no page waits for any more must not outlive its client
            await self._robots.aclose()
        clients, self._clients = list(self._clients.values()), OrderedDict()
        for client in clients:
            self._jars.detach(client.site)
            await client.aclose()
        storage, self._cache_storage = self._cache_storage, None
        if storage is not None:
            await storage.close()
        self._loop = None  # nothing of it is left open: the next loop may use the fetcher

    def _forget(self) -> None:
        """Closed from another event loop than the one it ran in (which is gone, or it would
        have been closed there): what belonged to that loop cannot be awaited here; it is
        dropped, so that the fetcher can be used again."""
        if self._holds_loop_state():
            log.warning("Fetcher closed in another event loop than the one it fetched in: its "
                        "connections were dropped, not closed")
        if self._owns_robots:
            self._robots.forget_loads()
        for client in self._clients.values():
            self._jars.detach(client.site)
        self._clients = OrderedDict()
        self._in_use.clear()
        self._cache_storage = None
        self._loop = None

    # -- clients ---------------------------------------------------------------------------
    def _proxy_for(self, origin: str) -> str | None:
        return self.settings.proxy or _env_proxy(origin)

    def _via(self, origin: str) -> str:
        """For an error message: through a proxy, a name or connection failure is mostly the
        proxy's, so the message names it (credentials masked); else nothing."""
        proxy = self._proxy_for(origin)
        return f" (through the proxy {mask_userinfo(proxy)})" if proxy else ""

    def _ssl(self) -> ssl.SSLContext:
        """The one SSL context of this fetcher, built on first need (loading the CA bundle
        costs ~30 ms: not per origin, and not at all for a crawl of http:// pages)."""
        if self._ssl_context is None:
            self._ssl_context = httpx.create_ssl_context()
        return self._ssl_context

    def _transport(self, origin: str) -> httpx.AsyncBaseTransport:
        s = self.settings
        proxy = self._proxy_for(origin)
        backend: httpcore.AsyncNetworkBackend = AsyncioBackend()
        if s.block_private_addresses and not proxy:
            # Checked where sockets are opened: every hop, robots.txt, any DNS answer.
            backend = GuardedBackend(backend)
        transport: httpx.AsyncBaseTransport
        if not proxy and not s.http2:
            transport = OriginTransport(backend, self._ssl, keep_alive=s.per_host)
        else:
            transport = self._httpx_transport(proxy, backend)
        if s.cache:
            from .cache import cache_transport

            if self._cache_storage is None:
                from .cache import open_storage

                warn_old_cache(Path(s.cache))
                self._cache_storage = open_storage(Path(s.cache) / CACHE_FILE, s.cache_ttl)
            transport = cache_transport(transport, self._cache_storage)
        return transport

    def _httpx_transport(self, proxy: str | None, backend: Any) -> httpx.AsyncBaseTransport:
        """For HTTP/2 (one connection multiplexed) and proxies: httpcore's pool. Direct, it is
        built with our network backend (public constructor); through a proxy, httpx's own
        transport (anyio's backend: TLS to the target inside TLS to the proxy)."""
        s = self.settings
        if proxy:
            return httpx.AsyncHTTPTransport(
                http2=s.http2, proxy=proxy, verify=self._ssl(),
                limits=httpx.Limits(max_connections=s.per_host + 1,
                                    max_keepalive_connections=s.per_host))
        return PoolTransport(httpcore.AsyncConnectionPool(
            ssl_context=self._ssl(), http1=True, http2=s.http2, network_backend=backend,
            max_connections=s.per_host + 1, max_keepalive_connections=s.per_host))

    def _new_client(self, origin: str) -> _Origin:
        s = self.settings
        transport = self._transport(origin)
        client = httpx.AsyncClient(  # no user credentials: _follow adds them where they may go
            # as UTF-8 bytes: httpx would encode a value with any other character as ASCII
            # and fail every request (a --user-agent or --header given in another language);
            # cast: httpx takes str and bytes mixed in a pair, its HeaderTypes lists no such pair
            headers=cast(Any, [(k, v.encode("utf-8")) for k, v in public_headers(s)]),
            transport=transport,
            follow_redirects=False,
            timeout=httpx.Timeout(connect=s.connect_timeout, read=s.read_timeout,
                                  write=s.read_timeout, pool=None),
        )
        site = site_key(urlsplit(origin).hostname or origin)
        self._jars.attach(site)  # detached when the client is dropped (_evict_idle)
        return _Origin(client, transport, direct=not self._proxy_for(origin),
                       cookies=self._jars, site=site)

    async def _acquire_client(self, origin: str) -> _Origin:
        self._bind()  # robots.txt loads a sharing fetcher asks of this one open clients too
        self._in_use[origin] = self._in_use.get(origin, 0) + 1  # before evicting: not this one
        client = self._clients.get(origin)
        if client is None:
            client = self._clients[origin] = self._new_client(origin)
            try:
                await self._evict_idle()
            except BaseException:
                self._release_client(origin)
                raise
        self._clients.move_to_end(origin)
        return client

    def _release_client(self, origin: str) -> None:
        count = self._in_use.get(origin, 1) - 1
        if count <= 0:
            self._in_use.pop(origin, None)
        else:
            self._in_use[origin] = count

    async def _evict_idle(self) -> None:
        if len(self._clients) <= MAX_CLIENTS:
            return
        for origin in list(self._clients):
            if len(self._clients) <= MAX_CLIENTS:
                break
            if origin not in self._in_use:
                dropped = self._clients.pop(origin, None)
                if dropped is None:  # another eviction took it while a close yielded
                    continue
                self._jars.detach(dropped.site)
                await dropped.aclose()

    # -- robots.txt ---------------------------------------------------------------------------
    async def _load_robots(self, origin: str) -> RobotsResponse:
        """GET /robots.txt, its redirects followed by hand (RFC 9309: at most five; more is
        "unavailable", as a 4xx), each hop under its host's gate (it counts as a request to
        the host), through the proxy host check, without the user's credentials. The load has
        its own deadline, ``Settings.timeout`` over its redirect chain (the clock stopped in
        gates), not a page's: it runs in a task of its own (RobotsCache) that pages wait for."""
        s = self.settings
        token = _DEADLINE.set(None)  # not the deadline of the page that started the load
        try:
            async with asyncio.timeout(s.timeout) as deadline:
                _DEADLINE.set(deadline)
                return await self._robots_chain(origin)
        except RobotsDisallowed:
            raise
        except ScrapekitError as exc:
            if exc.kind == "blocked_address":  # the page itself will be refused, clearly
                return RobotsResponse(404, problem=exc.message)
            return RobotsResponse(None, problem=exc.message, timed_out=exc.kind == "timeout")
        except (asyncio.TimeoutError, httpx.TimeoutException):
            return RobotsResponse(None, problem=f"timed out after {s.timeout:g}s",
                                  timed_out=True)
        except (httpx.HTTPError, OSError) as exc:
            log.debug("robots.txt of %s: %r", origin, exc)
            not_found = name_not_found(exc)
            if not_found:
                return RobotsResponse(None, problem=not_found + self._via(origin),
                                      host_not_found=True)
            return RobotsResponse(None, problem=describe(exc) + self._via(origin))
        finally:
            _DEADLINE.reset(token)

    async def _robots_chain(self, origin: str) -> RobotsResponse:
        url = origin + "/robots.txt"
        seen = {url}
        for _hop in range(MAX_ROBOTS_REDIRECTS + 1):
            answer = await self._robots_hop(url)
            if isinstance(answer, RobotsResponse):
                return answer
            try:
                url = check_url(join_location(url, answer))
            except InvalidURL as exc:  # cannot be followed: as a 4xx, like too many
                return RobotsResponse(404, problem="redirect to an unusable URL: " + exc.message)
            if url in seen:
                return RobotsResponse(404, problem="redirect loop")
            seen.add(url)
        return RobotsResponse(404, problem="too many redirects")

    async def _robots_hop(self, url: str) -> RobotsResponse | str:
        """One robots.txt request: its answer, or the Location it redirects to."""
        s = self.settings
        origin = origin_of(url)
        await self._check_proxy_host(url)
        client = await self._acquire_client(origin)
        gate = self.politeness.gate(origin)  # no await until slot() holds it (idle gates go)
        try:
            async with _admitted(gate) as ticket:
                resp = await client.get(url, gate.extensions(ticket))
                try:
                    if from_cache(resp):
                        gate.refund(ticket)
                    status = resp.status_code
                    location = resp.headers.get("location")
                    if status in REDIRECT_STATUSES and location:
                        return location
                    retry_after = parse_retry_after(resp.headers.get("retry-after"))
                    if retry_after and status in (429, 503):
                        gate.pause(min(retry_after, s.retry_after_max))
                    if not 200 <= status < 300:
                        return RobotsResponse(status, retry_after=retry_after)
                    body = await _read_robots(resp.stream,  # type: ignore[arg-type]
                                              resp.headers.get("content-encoding"))
                    return RobotsResponse(status, body)
                finally:
                    await resp.aclose()
        finally:
            self._release_client(origin)

    async def _check_robots(self, url: str) -> None:
        """robots.txt's verdict on the URL; the page's clock stops while its load runs (the
        load has a deadline of its own)."""
        async with _clock_stopped():
            rules = await self._robots.rules(origin_of(url))
        if not rules.allowed(url, self._user_agent):
            raise RobotsDisallowed(f"robots.txt disallows {redact(url)}")
        delay = rules.crawl_delay(self._user_agent)
        if delay:
            self.politeness.gate(origin_of(url)).raise_delay(delay)

    # -- one URL ----------------------------------------------------------------------------------
    async def fetch(self, url: str, *, any_type: bool | None = None, max_bytes: int | None = None,
                    retry: bool = True, credentials: bool = True) -> FetchResult:
        """Fetch one page. Never raises for a failed page: see ``FetchResult.error``.

        The keywords are for documents other than the run's pages (the renderer's scripts and
        XHR answers): ``any_type`` as the constructor's, for this call; ``max_bytes`` a
        smaller cap than ``settings.max_bytes``; ``retry=False`` one attempt only.
        ``credentials=False``: the user's credentials go with no request of this fetch (a URL
        a sitemap or feed listed on another origin than the document the user asked for, see
        :class:`scrapekit.sources.RemoteItem`); True: with the hops on the URL's own origin
        before the chain first leaves it (:meth:`_follow`)."""
        s = self.settings
        any_type = self._any_type if any_type is None else any_type
        cap = min(max_bytes, s.max_bytes) if max_bytes else s.max_bytes
        result = FetchResult(url=url, fetched_at=_utc_now())
        started = time.monotonic()
        try:
            self._bind()
            if self._global is None:
                self._global = asyncio.Semaphore(s.concurrency)
            target = check_url(url)
            retrying = AsyncRetrying(
                stop=stop_policy(s) if retry else stop_after_attempt(1),
                wait=BackoffWait(s),
                retry=retry_if_exception(lambda e: is_retryable(e, s)),
                reraise=True,
            )
            async for attempt in retrying:
                with attempt:
                    result.attempts += 1  # plus a stale connection's try the server may have read
                    # what the record shows is the last attempt's, not a mix of attempts
                    result.final_url = result.status = result.content_type = None
                    result.address = None
                    result.headers = []
                    result.left_origin = False
                    async with self._global:
                        await self._attempt(target, result, any_type, cap, credentials)
        except ScrapekitError as exc:
            result.error = exc
        except Exception as exc:  # noqa: BLE001 - a bug in a dependency must not lose the URL
            log.warning("unexpected fetch failure for %s: %r", redact(url), exc)
            result.error = FetchError(f"unexpected error: {exc.__class__.__name__}: {exc}")
        result.elapsed_ms = round((time.monotonic() - started) * 1000)
        if result.error is not None:
            result.body = None
        return result

    async def _check_proxy_host(self, url: str) -> None:
        """The private-address guard for a request through a proxy, which resolves the name:
        our own resolution is checked before handing it over (direct connections are checked
        where their sockets open). Every page hop and every robots.txt hop."""
        if self.settings.block_private_addresses and self._proxy_for(origin_of(url)):
            parts = urlsplit(url)
            await check_host(parts.hostname or "",
                             parts.port or (443 if parts.scheme == "https" else 80))

    async def _check_hop(self, url: str) -> None:
        """What every request (each hop of a redirect chain) must pass before it is sent:
        the private-address guard through a proxy, and robots.txt."""
        await self._check_proxy_host(url)
        if self.settings.robots:
            await self._check_robots(url)

    async def _attempt(self, url: str, result: FetchResult, any_type: bool, cap: int,
                       credentials: bool) -> None:
        """One attempt under one deadline, ``Settings.timeout``: every hop of the redirect
        chain (the clock stops while waiting in a gate or for robots.txt)."""
        seconds = self.settings.timeout
        try:
            async with asyncio.timeout(seconds) as deadline:
                token = _DEADLINE.set(deadline)
                try:
                    await self._follow(url, result, any_type, cap, credentials)
                finally:
                    _DEADLINE.reset(token)
        except TimeoutError:
            raise Timeout(f"no complete response within {seconds:g}s") from None

    async def _follow(self, url: str, result: FetchResult, any_type: bool, cap: int,
                      credentials: bool) -> None:
        """One attempt: the request and its redirect chain, filling ``result``. Here, and only
        here, is decided which hop carries the user's credentials (the settings' and HTTP
        Basic for ``url``'s own ``user:password@``; none for a fetch asked without them) and
        so uses the credentialed cookie jar (:class:`_Origin`): every hop whose origin is the
        URL's (or its https upgrade) until the chain leaves it, also one whose Location has
        no userinfo; no hop after that, pages and documents alike, whatever userinfo its URL
        holds: the other origin chose where the chain came back to (``result.left_origin``).
        A hop URL's own userinfo is never sent."""
        own = self._credentials + _userinfo_credentials(url) if credentials else []
        seen = {url}
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            await self._check_hop(current)
            home = same_site(url, current)
            result.left_origin = result.left_origin or not home
            sent = (own or None) if home and not result.left_origin else None
            location = await self._exchange(current, result, any_type, cap, sent)
            if location is None:
                return
            try:
                nxt = check_url(join_location(current, location))
            except InvalidURL as exc:
                raise InvalidURL(f"redirect to an unusable URL: {exc.message}",
                                 status=result.status) from None
            if nxt in seen and not _sets_cookie(result.headers):  # a cookie wall comes back
                raise TooManyRedirects(f"redirect loop back to {redact(nxt)}", status=result.status)
            seen.add(nxt)
            current = nxt
        raise TooManyRedirects(f"more than {self.settings.max_redirects} redirects",
                               status=result.status)

    async def _exchange(self, url: str, result: FetchResult, any_type: bool, cap: int,
                        credentials: list[tuple[str, str]] | None = None) -> str | None:
        """One HTTP request under the host's gate. Returns the redirect location, if any."""
        origin = origin_of(url)
        client = await self._acquire_client(origin)  # before the gate: building one is slow
        gate = self.politeness.gate(origin)  # no await until slot() holds it (idle gates go)
        try:
            async with _admitted(gate) as ticket:  # the attempt's deadline holds (fetch())
                return await self._request(client, url, result, gate, ticket, any_type, cap,
                                           credentials)
        except httpx.TimeoutException as exc:
            raise Timeout(f"{exc.__class__.__name__}: {exc or 'timed out'}") from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise InvalidURL(str(exc)) from None
        except httpx.DecodingError as exc:
            raise ConnectError(f"broken content encoding: {exc}") from None
        except (httpx.TransportError, OSError) as exc:
            if headers_too_large(exc):  # the same server sends the same headers again
                raise TooLarge(f"response headers over {MAX_HEADER_BYTES} bytes") from None
            via = self._via(origin)
            not_found = name_not_found(exc)
            if not_found:
                raise HostNotFound(not_found + via) from None
            raise ConnectError(describe(exc) + via) from None
        finally:
            self._release_client(origin)

    async def _request(self, client: _Origin, url: str, result: FetchResult,
                       gate: HostGate, ticket: Any, any_type: bool, cap: int,
                       credentials: list[tuple[str, str]] | None) -> str | None:
        s = self.settings

        def resent() -> None:  # sent again at once: the stale connection's try may count
            result.attempts += 1
        resp = await client.get(url, {**gate.extensions(ticket), RESENT: resent}, credentials)
        try:
            cached = from_cache(resp)
            if cached:
                gate.refund(ticket)  # nothing reached the server: no delay owed
            status = resp.status_code
            result.final_url = strip_credentials(str(resp.url))  # never user:password
            result.status = status
            result.content_type = resp.headers.get("content-type")
            result.headers = list(resp.headers.multi_items())
            result.address = _peer(resp) if client.direct and not cached else None
            location = resp.headers.get("location")
            if status in REDIRECT_STATUSES and location:
                return location
            if status >= 300:
                retry_after = parse_retry_after(resp.headers.get("retry-after"))
                if retry_after and status in (429, 503):
                    gate.pause(min(retry_after, s.retry_after_max))
                raise HTTPStatusError(f"HTTP {status} {resp.reason_phrase}".strip(),
                                      status=status, retry_after=retry_after)
            media = _media_type(result.content_type)
            if not any_type and media not in HTML_TYPES and media not in SNIFF_TYPES:
                raise NotHTML(f"content type {media!r} is not HTML", status=status)
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > cap:
                raise TooLarge(f"Content-Length {declared} exceeds the {cap}-byte cap",
                               status=status)
            decoder: Decoder = ChainDecoder(resp.headers.get("content-encoding"))
            if not any_type:  # a page gzipped without saying so is read, as saved pages are
                decoder = GzipSniffer(decoder)
            chunks: list[bytes] = []
            size = 0
            received = 0
            sniffed = any_type  # an HTML type is sniffed too, for binary files labelled HTML

            def take(pieces: Any) -> None:
                nonlocal size, sniffed
                for chunk in pieces:  # decoded pieces are bounded: a bomb stops here
                    size += len(chunk)
                    if size > cap:
                        raise TooLarge(f"body exceeds the {cap}-byte cap"
                                       + (" once decompressed" if received < size else ""),
                                       status=status)
                    chunks.append(chunk)
                    if not sniffed and size >= SNIFF_BYTES:
                        self._sniff(b"".join(chunks), media, status)
                        sniffed = True

            try:
                async for raw in resp.stream:  # type: ignore[union-attr]
                    received += len(raw)
                    take(decoder.feed(raw))
            except (httpx.TimeoutException, asyncio.CancelledError):
                raise
            except (httpx.TransportError, OSError) as exc:
                raise ConnectError(f"connection broke mid-body after {received} bytes: "
                                   f"{describe(exc)}", status=status) from None
            take(decoder.finish())
            body = b"".join(chunks)
            if not sniffed:
                self._sniff(body, media, status)
            result.body = body
            return None
        finally:
            try:
                await resp.aclose()
            except (httpx.TransportError, OSError) as exc:
                # what was received stands (a status, a whole body, or the error raised): a
                # failure to close must not turn a final answer into a retried connect error
                log.debug("closing the response of %s: %r", redact(url), exc)

    @staticmethod
    def _sniff(head: bytes, media: str, status: int) -> None:
        reason = not_html_reason(head, media)
        if reason is not None:
            raise NotHTML(reason, status=status)


async def fetch_one(url: str, settings: Settings | None = None) -> FetchResult:
    async with Fetcher(settings) as fetcher:
        return await fetcher.fetch(url)


__all__ = ["FetchResult", "Fetcher", "fetch_one", "looks_like_html"]
