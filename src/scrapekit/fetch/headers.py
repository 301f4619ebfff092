"""Request headers, built in one place: defaults, then the user's headers, case-insensitively
(``user-agent: MyBot/1.0`` replaces the default User-Agent instead of adding a second one).

The user's credentials (Authorization, Proxy-Authorization, a Cookie header, ``settings.cookies``
and any header :func:`~scrapekit.redact.is_secret_header` calls secret) are kept apart: the
fetcher adds them only to page requests to the origin a fetch was asked for (:func:`same_site`
with the fetched URL, on each hop of its redirect chain until one leaves that origin), never to
robots.txt, never to a hop on another origin nor to any hop after one (a chain that comes back
was sent back by the other origin). Such a request is marked with the
:data:`USER_CREDENTIALS` extension (the cache stays out of it). A fetch asked without them
(``Fetcher.fetch(url, credentials=False)``: a URL a sitemap or feed listed on another origin
than the document the user asked for, see :class:`scrapekit.sources.RemoteItem`) sends them
on no hop."""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from ..redact import is_secret_header
from ..settings import Settings
from .decompress import accept_encoding
from .urls import origin_key

ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


def merge_headers(*layers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """One header per name, case-insensitively; a later layer's value (and spelling) wins,
    and within a layer the last one given. The first layer's order is kept."""
    merged: dict[str, tuple[str, str]] = {}
    for layer in layers:
        for name, value in layer:
            key = name.strip().lower()
            if key:
                merged[key] = (name.strip(), value)
    return list(merged.values())


def request_headers(settings: Settings, accept: str = ACCEPT) -> list[tuple[str, str]]:
    """The headers of every request a run sends: User-Agent, Accept, Accept-Encoding (only the
    codings we decode with bounded output), then ``settings.headers`` over them."""
    defaults = [("User-Agent", settings.user_agent), ("Accept", accept),
                ("Accept-Encoding", accept_encoding())]
    return merge_headers(defaults, settings.headers)


def public_headers(settings: Settings) -> list[tuple[str, str]]:
    """:func:`request_headers` without the user's credentials: what every request carries."""
    return [(k, v) for k, v in request_headers(settings) if not is_secret_header(k)]


def credential_headers(settings: Settings) -> list[tuple[str, str]]:
    """The user's credentials as headers: the secret ones of ``settings.headers`` and one Cookie
    header holding the user's Cookie header, then ``settings.cookies``."""
    secret = [(k, v) for k, v in merge_headers(settings.headers) if is_secret_header(k)]
    cookies = [v for k, v in secret if k.lower() == "cookie"]
    cookies += [f"{name}={value}" for name, value in settings.cookies]
    others = [(k, v) for k, v in secret if k.lower() != "cookie"]
    return others + ([("Cookie", "; ".join(cookies))] if cookies else [])


def public_settings(settings: Settings) -> Settings:
    """``settings`` without the user's credentials (the headers :func:`credential_headers`
    takes, and ``cookies``) and without the HTTP cache (its file takes one writer): for a
    Fetcher whose every request must go without them."""
    headers = tuple((k, v) for k, v in settings.headers if not is_secret_header(k))
    return settings.replace(headers=headers, cookies=(), cache=None)


USER_CREDENTIALS = "scrapekit.user_credentials"
"""Request extension, True on a request the user's credentials were added to."""

def same_site(previous: str, url: str) -> bool:
    """May a request to ``url`` carry the credentials given for ``previous`` (the fetched URL)?
    The same origin (scheme, host, port), or its upgrade from http to https on the default
    ports, as httpx keeps Authorization over a redirect."""
    before, after = origin_key(previous), origin_key(url)
    if before == after:
        return True
    return (before[0] == "http" and after[0] == "https" and before[1] == after[1]
            and before[2] == 80 and after[2] == 443)


def user_agent(settings: Settings) -> str:
    """The User-Agent actually sent (a ``User-Agent`` header given by the user wins), which is
    also the name robots.txt rules are matched against."""
    for name, value in request_headers(settings):
        if name.lower() == "user-agent":
            return value
    return settings.user_agent


__all__ = ["ACCEPT", "USER_CREDENTIALS", "credential_headers", "merge_headers",
           "public_headers", "public_settings", "request_headers", "same_site", "user_agent"]


def utf8_lines(raw: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Header lines with each value decoded on its own (UTF-8, else Latin-1) and written back
    as UTF-8: httpx decodes all of a response's lines with one encoding (ASCII, else UTF-8,
    else Latin-1 for all), so one Latin-1 line garbled every UTF-8 one beside it (a cookie)."""
    lines = []
    for name, value in raw:
        try:
            value.decode("utf-8")
        except UnicodeDecodeError:
            value = value.decode("latin-1").encode("utf-8")
        lines.append((name, value))
    return lines


def recoded(headers: httpx.Headers) -> httpx.Headers:
    """``headers`` readable line by line: as they are when one encoding reads every line
    (ASCII or UTF-8, nearly always), else each line recoded (:func:`utf8_lines`), read as UTF-8
    (a UTF-8 cookie or Location beside a Latin-1 line is then kept as it came)."""
    if headers.encoding in ("ascii", "utf-8"):
        return headers
    fixed = httpx.Headers(utf8_lines(headers.raw))
    fixed.encoding = "utf-8"
    return fixed
