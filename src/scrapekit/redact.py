"""Credential redaction: ``user:password@`` never reaches a log line, a warning, a WARC header
or ``fetch.finalUrl``; secret headers (:func:`is_secret_header`) never reach an archive, the
cache or ``repr(Settings)``.

:func:`redact_url` rewrites one URL; :func:`redact_text` every URL inside a message; and
:class:`RedactingFilter` does the same to log records, whoever logs them (trafilatura logs the
URL it was given). The library installs the filter nowhere by default (logging configuration is
the application's); the CLI installs it on its handlers with :func:`install_log_filter`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

MASK = "***"
# scheme://userinfo@ : userinfo is anything up to the first '@' that has no '/', '?', '#' or
# whitespace before it (RFC 3986 userinfo cannot hold those)
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#\s@]*@")


def redact_url(url: str) -> str:
    """The URL with its user:password replaced by ``***`` (``http://***@host/path``)."""
    if "@" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL we can take apart: redact it as text
        return redact_text(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return parts._replace(netloc=f"{MASK}@{host}").geturl()


def mask_userinfo(url: str) -> str:
    """Everything between ``://`` and the last ``@`` replaced by ``***``, whether or not the URL
    parses: for a URL a user typed (a proxy whose password holds "/", "#" or "?" does not)."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    return f"{scheme}://{MASK}@{rest.rpartition('@')[2]}"


def strip_credentials(url: str) -> str:
    """The URL without any user:password (``http://host/path``): for URLs stored in records."""
    if "@" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact_text(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]).geturl()


SECRET_HEADER_NAMES = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_SECRET_HEADER_WORDS = re.compile(r"auth|key|token|secret|session|passw|credential|cookie", re.I)


def is_secret_header(name: str) -> bool:
    """Does a header of this name carry a credential? Authorization, Cookie and Set-Cookie,
    and any header whose name says so (``X-Api-Key``, ``X-Auth-Token``, ``X-Session-Id``, a
    password...). The one rule for what stays out of logs, records, archives and the cache."""
    key = name.strip().lower()
    return key in SECRET_HEADER_NAMES or _SECRET_HEADER_WORDS.search(key) is not None


def mask_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The headers with the value of every secret one (:func:`is_secret_header`) masked."""
    return [(k, MASK if is_secret_header(k) else v) for k, v in headers]


def mask_set_cookie(value: str) -> str:
    """A Set-Cookie value with the cookie's value masked, its name and attributes kept
    (``sid=***; Path=/; HttpOnly``)."""
    pair, sep, attributes = value.partition(";")
    name = pair.split("=", 1)[0].strip()
    return f"{name}={MASK}{sep}{attributes}"


def redact_text(text: str) -> str:
    """Every ``scheme://user:pass@`` in ``text`` with the credentials replaced by ``***``."""
    if "@" not in text or "://" not in text:
        return text
    return _USERINFO.sub(lambda m: f"{m.group(1)}{MASK}@", text)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts credentials in URLs of the formatted message (and of an
    exception's text), so ``log.warning("failed %s", url)`` logs ``http://***@host/``."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken log call is logging's to report
            return True
        clean = redact_text(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[1] is not None:
            if not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact_text(record.exc_text)
        return True


_FILTER = RedactingFilter()


def install_log_filter(logger: logging.Logger | None = None, *,
                       capture_warnings: bool = False) -> RedactingFilter:
    """Add the redacting filter to every handler of ``logger`` (the root logger by default)
    and to logging's last-resort handler, so records of any library pass through it; with
    ``capture_warnings``, Python warnings are routed through logging (and so redacted) too.
    Returns the filter (remove it with ``handler.removeFilter``). Idempotent."""
    if capture_warnings:
        logging.captureWarnings(True)
    target = logger or logging.getLogger()
    handlers = list(target.handlers)
    if logging.lastResort is not None:
        handlers.append(logging.lastResort)
    for handler in handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
    return _FILTER


__all__ = ["SECRET_HEADER_NAMES", "RedactingFilter", "install_log_filter", "is_secret_header",
           "mask_headers", "mask_set_cookie", "redact_text", "redact_url", "strip_credentials"]
