"""Credential redaction: ``user:password@`` never reaches a log line, a warning, a WARC header
or ``fetch.finalUrl``.

:func:`redact_url` rewrites one URL; :func:`redact_text` every URL inside a message; and
:class:`RedactingFilter` does the same to log records, whoever logs them (trafilatura logs the
URL it was given). The library installs the filter nowhere by default (logging configuration is
the application's); the CLI installs it on its handlers with :func:`install_log_filter`.
"""

from __future__ import annotations

import logging
import re
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


__all__ = ["RedactingFilter", "install_log_filter", "redact_text", "redact_url",
           "strip_credentials"]
