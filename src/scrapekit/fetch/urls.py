"""Input URL checks: what the fetcher will accept, and why not when it won't."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..errors import InvalidURL
from ..redact import redact_url as redact  # the name the fetch modules use

FETCH_SCHEMES = ("http", "https")
MAX_URL_LENGTH = 32 * 1024
_CONTROL = re.compile(r"[\x00-\x1f]")


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower().rsplit('@', 1)[-1]}"


DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_key(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a URL, the port spelled out (``http://a/`` = ``http://a:80/``):
    the origin credentials are scoped to. A malformed port gives a key no real origin has."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ("", url, None)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), port or DEFAULT_PORTS.get(scheme)


def check_url(raw: str) -> str:
    """The URL to fetch for an input line, or InvalidURL saying what is wrong with it."""
    url = raw.strip()
    if not url:
        raise InvalidURL("empty URL")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidURL(f"URL longer than {MAX_URL_LENGTH} characters")
    if _CONTROL.search(url):
        raise InvalidURL("URL contains control characters")
    if not url.isascii():
        try:
            url.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: a byte of argv that is not UTF-8
            raise InvalidURL("URL holds bytes that are not UTF-8 text") from None
    try:
        parts = urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError:  # urllib's message quotes the input (a password, say): not passed on
        raise InvalidURL("malformed URL: a bad port, host or bracketed address") from None
    if "\\" in parts.netloc:  # a browser reads it as "/", urllib as part of the host
        raise InvalidURL("URL has a backslash before its path (read two ways: which host?)")
    scheme = parts.scheme.lower()
    if not scheme:
        raise InvalidURL("URL has no scheme (expected http:// or https://)")
    if scheme not in FETCH_SCHEMES:
        raise InvalidURL(f"unsupported URL scheme {scheme!r} (expected http or https)")
    if not host:
        raise InvalidURL("URL has no host")
    if port == 0:
        raise InvalidURL("URL has port 0")
    try:
        host.encode("idna")
        # an A-label whose Punycode decodes to nothing (xn--zz) is no name either; decoded
        # label by label, not through the IDNA2003 codec, which refuses IDNA2008 names
        # (xn--strae-oqa.de is straße.de: review 27)
        for label in host.split("."):
            if label[:4].lower() == "xn--":
                label[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        raise InvalidURL("URL host is not a valid (internationalised) domain name") from None
    return url
