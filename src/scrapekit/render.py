"""Rendering, opt-in (``Settings.render``): pages whose article is put in place by JavaScript,
rendered in headless Chromium driven by Playwright (``scrapekit[render]`` plus a system
Chromium: ``apt-get install chromium``; another browser via ``Settings.browser`` or
``$SCRAPEKIT_BROWSER``). The one adapter to Playwright: nothing else imports it.

The pipeline calls :func:`rerender` once per extracted page. ``never`` returns the record at
once (Playwright is never imported); ``auto`` renders only a page whose static extraction
found no article text (``not_article``, or a body of a few words such as a "please enable
JavaScript" notice) and whose HTML looks like an application shell (the signals are the tables below);
``always`` renders every fetched page.

The browser never reaches the network itself. Every request of the page is intercepted: the
page's own document is served from the bytes already fetched; scripts, XHR and fetch calls go
through the run's :class:`~scrapekit.fetch.Fetcher` (robots.txt, the per-host gate and delay,
the private-address guard, timeouts and the size cap, each request's cap reserved from the
page's budget before it is sent: :mod:`scrapekit.fetch.resources`), with two more rules
(:mod:`scrapekit.render_access`): a page on a public address reaches no private or loopback
address, guard or not, and the user's credentials go only to the page's own origin. Answers
are handed over with the server's own CORS headers, none added;
everything else (images, fonts, media, style sheets, frames, beacons, WebSockets) is refused.
Chromium is also started behind an unreachable proxy, so a request that escaped interception
would fail rather than leave the machine. WebRTC, whose UDP (STUN/TURN) passes both, is taken
from every frame before the page's scripts run (:data:`NO_WEBRTC`).

One browser process per worker (each worker renders the pages of the hosts it owns, through
its own Fetcher), started on its first render, with at most ``Settings.render_pages`` pages
at once (each in its own context) and relaunched if it dies; :func:`close_browsers` ends it
(the worker calls it when it stops, however the run ends). A
page that fails to render (timeout, crash, a blocked script) keeps its static record, with a
``render`` error saying why.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import time
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from .decode import HTML_TYPES, media_type
from .errors import MissingExtra, RenderError, ScrapekitError, TooLarge
from .errors import first_line as _first_line
from .record import Article, ErrorInfo, status_of
from .redact import redact_url
from .render_access import Fetchers, PageAccess, origin

if TYPE_CHECKING:
    from .fetch import Fetcher, FetchResult
    from .fetch.resources import Resource
    from .record import FetchInfo
    from .settings import Settings

log = logging.getLogger("scrapekit.render")


class Extractor(Protocol):
    """What extracts the rendered page again (the worker's in-place extraction)."""

    async def run(self, body: bytes, record_url: str, base_url: str, content_type: str | None,
                  fetch: FetchInfo | None) -> Article: ...


MIN_PLAYWRIGHT = (1, 49)
BROWSER_ENV = "SCRAPEKIT_BROWSER"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = (
    "--no-sandbox",  # root in containers and CI; the page runs without network of its own anyway
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic", "--disable-default-apps", "--disable-extensions",
    "--dns-prefetch-disable", "--mute-audio",
    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
)
"""Chromium flags: quiet on a closed network, and a dead proxy behind the interception."""
NO_WEBRTC = """(() => {
  for (const name of ["RTCPeerConnection", "webkitRTCPeerConnection", "RTCDataChannel",
                      "RTCSessionDescription", "RTCIceCandidate", "RTCRtpSender",
                      "RTCRtpReceiver", "RTCRtpTransceiver", "RTCDtlsTransport",
                      "RTCIceTransport", "RTCSctpTransport", "RTCCertificate"]) {
    try {
      Object.defineProperty(globalThis, name, {value: undefined, writable: false,
                                               configurable: false, enumerable: false});
    } catch (e) {}
  }
})();"""
"""Run in every frame before the page's scripts: WebRTC sends UDP (STUN/TURN) from the
browser's own sockets, which neither request interception nor the proxy sees, so the page
gets no WebRTC at all."""
FETCHED_TYPES = frozenset({"script", "xhr", "fetch"})
"""Request types fetched (through the Fetcher) for the page; every other type is refused."""
MAX_SUBRESOURCES = 64
"""Requests one page may make; past that they are refused."""
SUBRESOURCE_BYTES = 4
"""All of a page's subresources together may weigh this many times ``Settings.max_bytes``
(each one at most ``max_bytes``)."""
SETTLE_SECONDS = 5.0
"""Longest wait for the network to go quiet after the load event (within render_timeout)."""

# -- auto: what an application shell looks like -------------------------------------------------
SHELL_MARKERS = tuple(re.compile(p, re.I) for p in (
    rb"<(?:div|main|section)\b[^>]{0,200}\bid\s*=\s*[\"']?(?:root|app|__next|__nuxt|___gatsby|"
    rb"svelte|app-root|main-app|application|spa-root)[\"'\s/>]",
    rb"<(?:app-root|[a-z]+-app)\b", rb"\bng-version=", rb"\bdata-reactroot\b",
    rb"\bdata-server-rendered\b", rb"<noscript\b[^>]{0,100}>[^<]{0,300}\b(?:enable|requires?|needs?)"
    rb"\s+(?:javascript|js)\b",
))
"""Mount points of client-side frameworks, and "enable JavaScript" notices."""
NO_ARTICLE_CHARS = 200
"""A static record whose body is shorter than this (characters: CJK text has few spaces) has
no article text (a shell's "enable JavaScript" notice is not one)."""
SHELL_MAX_WORDS = 150
"""A shell shows at most this many words of text before its scripts run."""
SHELL_SCRIPT_RATIO = 3.0
"""...or its scripts outweigh its text this many times over (bytes), markers or not."""


def looks_like_app_shell(html: bytes) -> bool:
    """Does this HTML look like a JavaScript application shell (little text, scripts that
    build the page)? Read from the raw bytes and one parse, no I/O."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html[:5_000_000])
    scripts = tree.css("script")
    if not scripts:
        return False
    code = sum(len(s.text(deep=True) or "") + (2000 if s.attributes.get("src") else 0)
               for s in scripts if (s.attributes.get("type") or "").lower() in
               ("", "module", "text/javascript", "application/javascript"))
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    body = tree.body
    text = body.text(deep=True, separator=" ") if body is not None else ""
    words = len(text.split())
    if words > SHELL_MAX_WORDS:
        return False
    marked = any(p.search(html[:1_000_000]) for p in SHELL_MARKERS)
    return marked or code >= SHELL_SCRIPT_RATIO * max(len(text.strip()), 1)


def needs_render(mode: str, record: Article, result: FetchResult) -> bool:
    if mode == "never" or not result.ok or result.body is None:
        return False
    if mode == "always":
        return True
    return no_article(record) and looks_like_app_shell(result.body)


def no_article(record: Article) -> bool:
    if record.error is not None:
        return record.error.kind == "not_article"
    return len(record.article_body or "") < NO_ARTICLE_CHARS


# -- the browser ------------------------------------------------------------------------------

def browser_path(settings: Settings) -> str:
    """The Chromium to run: Settings.browser, $SCRAPEKIT_BROWSER, else one on PATH."""
    path = settings.browser or os.environ.get(BROWSER_ENV)
    if path:
        return path
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise RenderError("no Chromium found: install it (Debian: apt-get install chromium) or "
                      f"name one (--browser, Settings.browser or ${BROWSER_ENV})")


def check_renderer(settings: Settings) -> None:
    """Before a run that may render (``Settings.render`` not ``never``): Playwright installed
    and recent enough, and a browser to run (:class:`MissingExtra` naming the fix otherwise).
    Without this check every page that needed rendering carried the same ``render`` error and
    the run went on; a browser that is there but cannot start stays a page's ``render`` error."""
    try:
        check_playwright()
        path = browser_path(settings)
    except RenderError as exc:
        raise MissingExtra(str(exc)) from None
    if shutil.which(path) is None:
        raise MissingExtra(f"the browser {path} is not an executable file: install Chromium "
                           f"(Debian: apt-get install chromium) or name one (--browser, "
                           f"Settings.browser or ${BROWSER_ENV})")


def check_playwright() -> None:
    """Playwright importable and recent enough (RenderError otherwise)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("playwright")
    except PackageNotFoundError:
        raise RenderError("rendering needs Playwright: pip install 'scrapekit[render]'") from None
    numbers = tuple(int(x) for x in re.findall(r"\d+", found)[:2])
    if numbers < MIN_PLAYWRIGHT:
        raise RenderError(f"rendering needs playwright >= {'.'.join(map(str, MIN_PLAYWRIGHT))}, "
                          f"found {found}")


class Renderer:
    """One browser process for a run, its pages bounded; relaunched if it dies."""

    def __init__(self, settings: Settings, fetcher: Fetcher) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.fetchers = Fetchers(fetcher)
        self._slots = asyncio.Semaphore(settings.render_pages)
        self._start_lock = asyncio.Lock()
        self._playwright: Any = None
        self._browser: Any = None
        self.closed = False

    async def _browser_ready(self) -> Any:
        async with self._start_lock:
            if self.closed:
                raise RenderError("the run is over")
            if self._browser is not None and self._browser.is_connected():
                return self._browser
            check_playwright()
            executable = browser_path(self.settings)
            from playwright.async_api import async_playwright

            if self._playwright is None:
                self._playwright = await async_playwright().start()
            try:
                self._browser = await self._playwright.chromium.launch(
                    executable_path=executable, args=list(CHROMIUM_ARGS), headless=True,
                    timeout=self.settings.render_timeout * 1000)
            except Exception as exc:  # noqa: BLE001 - Playwright's errors: one kind here
                raise RenderError(f"cannot start {executable}: {_first_line(exc)}") from None
            return self._browser

    async def render(self, url: str, body: bytes, content_type: str | None,
                     requested: str | None = None, left_origin: bool = False,
                     address: str | None = None) -> tuple[str, list[str]]:
        """The page's HTML after its scripts ran, and the requests that were refused or
        failed (RenderError if the page cannot be had in time). ``requested``: the address
        asked for, when a redirect led from it to ``url`` (the user's credentials then go to
        none of the page's requests, nor when ``left_origin``: the chain went through another
        origin); ``address``: the IP address the page was fetched from, which says whether it
        is on a private one (:class:`PageAccess`)."""
        s = self.settings
        try:
            async with self._slots:
                access = partial(PageAccess.of, url, requested, left_origin=left_origin,
                                 address=address)
                async with asyncio.timeout(s.render_timeout):  # not wait_for (gh-86296)
                    return await self._render(url, body, content_type, access)
        except asyncio.TimeoutError:
            raise RenderError(f"rendering took longer than {s.render_timeout:g}s") from None

    async def _render(self, url: str, body: bytes, content_type: str | None,
                      access: Callable[[], Awaitable[PageAccess]]) -> tuple[str, list[str]]:
        browser = await self._browser_ready()
        page_access = await access()
        try:  # (the browser may have died since it was asked for: a render error, not a crash)
            context = await browser.new_context(
                user_agent=self.settings.user_agent, service_workers="block",
                accept_downloads=False, java_script_enabled=True)
        except Exception as exc:  # noqa: BLE001 - Playwright's errors: one kind here
            raise RenderError(f"the browser failed before the page: {_first_line(exc)}") from None
        failures: list[str] = []
        try:
            try:
                await context.add_init_script(NO_WEBRTC)
                await context.route("**/*", _Router(self, body, content_type, failures,
                                                      page_access).handle)
                await context.route_web_socket("**/*", _refuse_socket)
                page = await context.new_page()
            except Exception as exc:  # noqa: BLE001
                raise RenderError(f"the browser failed before the page: {_first_line(exc)}"
                                  ) from None
            started = time.monotonic()
            try:
                await page.goto(url, wait_until="load", timeout=self.settings.render_timeout * 1000)
                settle = min(SETTLE_SECONDS, max(0.1, self.settings.render_timeout
                                                 - (time.monotonic() - started)))
                try:
                    await page.wait_for_load_state("networkidle", timeout=settle * 1000)
                except Exception:  # noqa: BLE001 - still busy: take the page as it is
                    pass
                html = await page.content()
                shown = page.url
            except Exception as exc:  # noqa: BLE001
                why = f"; refused or failed: {failures[0]}" if failures else ""
                raise RenderError(f"the browser failed on the page: {_first_line(exc)}{why}") from None
            if shown.startswith(BROWSER_ERROR_PAGES):  # the browser's own page, not the site's
                left = [f for f in failures if f.endswith(NAVIGATED)] or failures[-1:]
                why = f": {left[-1]}" if left else ""
                raise RenderError(f"the browser showed its error page instead of the page{why}")
        finally:
            try:
                await context.close()
            except Exception:  # noqa: BLE001 - the browser may be gone
                pass
        if len(html) > self.settings.max_bytes:
            raise RenderError(f"the rendered page is over the {self.settings.max_bytes}-byte cap")
        return html, failures

    async def close(self) -> None:
        self.closed = True
        await self.fetchers.aclose()
        browser, self._browser = self._browser, None
        playwright, self._playwright = self._playwright, None
        for closer in (browser.close if browser else None, playwright.stop if playwright else None):
            if closer is None:
                continue
            try:
                async with asyncio.timeout(15):
                    await closer()
            except Exception as exc:  # noqa: BLE001 - closing must not fail the run
                log.warning("closing the browser: %s", _first_line(exc))


NAVIGATED = "the page navigated there: not followed"
BROWSER_ERROR_PAGES = ("chrome-error://", "about:neterror", "about:blank#blocked")
"""Where the browser's own error pages live (the document then is no page of the site)."""


async def _refuse_socket(ws: Any) -> None:
    await ws.close()


class _Router:
    """Answers every request of one rendered page (see the module docstring)."""

    def __init__(self, renderer: Renderer, body: bytes, content_type: str | None,
                 failures: list[str], page: PageAccess) -> None:
        self.renderer = renderer
        self.page = page
        self.body = body
        self.content_type = document_type(content_type)
        self.failures = failures
        self.count = 0
        self.left = SUBRESOURCE_BYTES * renderer.settings.max_bytes
        self.in_flight = 0
        self.budget = asyncio.Condition()
        self.served_page = False

    async def _reserve(self) -> int:
        """A request's cap, taken from the page's budget before it is sent (the page's
        requests run at once: each must count what the others may still use). Less than a
        full cap is only given when no other request could still give bytes back."""
        full = self.renderer.settings.max_bytes
        async with self.budget:
            while self.left < full and self.in_flight:
                await self.budget.wait()
            cap = max(min(self.left, full), 0)
            self.left -= cap
            self.in_flight += 1
            return cap

    async def _give_back(self, unused: int) -> None:
        async with self.budget:
            self.left += unused
            self.in_flight -= 1
            self.budget.notify_all()

    async def handle(self, route: Any) -> None:
        request = route.request
        try:
            if not self.served_page and request.is_navigation_request():
                self.served_page = True  # the page's own document (its URL as the browser spells it)
                await route.fulfill(status=200, body=self.body,
                                    headers={"content-type": self.content_type})
                return
            if request.is_navigation_request() and request.frame.parent_frame is None:
                # the page leaving itself (a reload, a meta refresh, location.href = ...): not
                # followed. The browser then shows its own error page in the page's place (it
                # was extracted as the article: "127.0.0.1 is blocked"): _render refuses it,
                # saying why. (Cancelled as "aborted" instead, a reload left page.goto hanging
                # until the render timeout.)
                self.failures.append(f"{redact_url(request.url)}: {NAVIGATED}")
                await route.abort("blockedbyclient")
                return
            if (request.resource_type not in FETCHED_TYPES or request.method != "GET"
                    or self.count >= MAX_SUBRESOURCES):
                if request.resource_type in FETCHED_TYPES:
                    self.failures.append(f"{redact_url(request.url)}: refused ({request.method}, "
                                         f"request {self.count + 1} of at most {MAX_SUBRESOURCES})")
                await route.abort("blockedbyclient")
                return
            self.count += 1
            from .fetch.resources import fetch_resource

            cap = await self._reserve()
            used = 0
            try:
                if cap <= 0:
                    raise TooLarge("the page's subresources are over their byte budget")
                fetcher = self.renderer.fetchers.for_request(self.page, request.url)
                res = await fetch_resource(fetcher, request.url, cap)
                used = len(res.body)
            except ScrapekitError as exc:  # any of ours (a DecodeError too): answered, not hung
                message = exc.message
                if not self.renderer.settings.block_private_addresses:  # the page's rule did it
                    message = message.replace("block_private_addresses is on",
                                              "a rendered page on a public address reaches none")
                self.failures.append(f"{redact_url(request.url)}: {exc.kind}: {message}")
                await route.abort("failed")
                return
            finally:
                await self._give_back(cap - used)
            refused = cors_refusal(await request.header_value("origin"), request.url, res)
            if refused:  # Playwright would add the missing CORS header itself: refused here
                self.failures.append(f"{redact_url(request.url)}: refused: {refused}")
                await route.abort("accessdenied")
                return
            await route.fulfill(status=res.status, body=res.body, headers=answer_headers(res))
        except Exception as exc:  # noqa: BLE001 - the page or context closed meanwhile, or a bug
            log.debug("route %s: %s", redact_url(request.url), _first_line(exc))
            try:  # never leave the browser waiting for an answer until the render times out
                await route.abort("failed")
            except Exception:  # noqa: BLE001 - already answered, or the page is gone
                pass


CORS_HEADERS = frozenset({"access-control-allow-origin", "access-control-allow-credentials",
                          "access-control-expose-headers"})
"""Response headers passed to the browser as the server sent them, so it applies the server's
own cross-origin rules (nothing is added: a cross-origin read the server does not allow is
refused, :func:`cors_refusal`)."""


def answer_headers(res: Resource) -> dict[str, str]:
    """The headers a fetched subresource is handed to the browser with."""
    headers = {"content-type": res.content_type or "application/octet-stream"}
    for name, value in res.headers:
        if name.lower() in CORS_HEADERS:
            headers[name.lower()] = value
    return headers


def cors_refusal(request_origin: str | None, url: str, res: Resource) -> str | None:
    """Why the browser must not read a cross-origin answer (its server allows no other origin
    with ``Access-Control-Allow-Origin``), or None. Playwright adds the header to any answer
    that lacks it, so the rule the browser would apply is applied here."""
    if not request_origin or origin(request_origin) == origin(url):
        return None
    allowed = [v.strip() for k, v in res.headers if k.lower() == "access-control-allow-origin"]
    if "*" in allowed or request_origin.strip() in allowed:
        return None
    return "a cross-origin read the server does not allow (no Access-Control-Allow-Origin)"


def document_type(content_type: str | None) -> str:
    """The content type the page's document is served to the browser with. Only pages read as
    HTML are rendered, some of them sniffed (sent as ``application/octet-stream``,
    ``text/plain``, or with no type): served under their own type, Chromium would download them
    or show them as text, so those go as ``text/html``, their charset parameter kept."""
    if media_type(content_type) in HTML_TYPES:
        return content_type or "text/html"
    charset = re.search(r";\s*charset\s*=\s*\"?([\w.:-]+)", content_type or "", re.I)
    return f"text/html; charset={charset.group(1)}" if charset else "text/html"


# -- the pipeline's hooks ---------------------------------------------------------------------

_RENDERERS: weakref.WeakKeyDictionary[Any, Renderer] = weakref.WeakKeyDictionary()


def renderer_for(fetcher: Fetcher, settings: Settings) -> Renderer:
    renderer = _RENDERERS.get(fetcher)
    if renderer is None or renderer.closed:
        renderer = _RENDERERS[fetcher] = Renderer(settings, fetcher)
    return renderer


async def rerender(record: Article, result: FetchResult, settings: Settings, fetcher: Fetcher,
                   pool: Extractor) -> Article:
    """The record of a fetched page, rendered in the browser when ``settings.render`` asks:
    the rendered page's extraction, or the static record with a ``render`` error."""
    if not needs_render(settings.render, record, result):
        return record
    url = result.final_url or result.url
    try:
        html, failures = await renderer_for(fetcher, settings).render(
            url, result.body or b"", result.content_type, result.url, result.left_origin,
            result.address)
    except RenderError as exc:
        log.info("render of %s failed: %s", redact_url(url), exc.message)
        return _failed(record, exc.message)
    rendered = await pool.run(html.encode("utf-8"), record.url, url, "text/html; charset=utf-8",
                              result.info())
    if rendered.error is not None and rendered.error.kind != "not_article":
        return _failed(record, f"the rendered page failed to extract: {rendered.error.message}")
    if failures and no_article(rendered):
        return _failed(record, f"no article after rendering; {len(failures)} of the page's "
                       f"requests refused or failed, first: {failures[0]}")
    if rendered.fetch is not None:
        rendered = replace(rendered, fetch=replace(rendered.fetch, rendered=True))
    return rendered


def _failed(record: Article, message: str) -> Article:
    """The static record, kept, with the ``render`` error."""
    return replace(record, error=status_of(ErrorInfo(kind="render", message=message[:500]),
                                           record.fetch))


async def close_browsers(fetcher: Fetcher) -> None:
    """End the run's browser (a no-op when nothing was rendered)."""
    renderer = _RENDERERS.pop(fetcher, None)
    if renderer is not None:
        await renderer.close()
