"""Bytes -> text for HTML: BOM, HTTP charset, <meta charset>/http-equiv, then detection; and
the content-type / HTML-sniffing rules that say whether bytes are an HTML page at all.

Pure (no I/O, no network stack); shared by the fetcher, local files and WARC reading, so
offline extraction never imports httpx.
"""

from __future__ import annotations

import codecs
import re

from .errors import DecodeError

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:\-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:\-]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
PRESCAN_BYTES = 4096
# Browsers decode these labels with the superset encoding (WHATWG Encoding Standard).
_SUPERSETS = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252",
              "us-ascii": "cp1252", "iso-8859-9": "cp1254", "tis-620": "cp874",
              "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "ks_c_5601-1987": "cp949",
              "euc-kr": "cp949", "shift_jis": "cp932", "sjis": "cp932", "x-sjis": "cp932"}
MAX_REPLACEMENT_SHARE = 0.05

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
SNIFF_TYPES = frozenset({"", "text/plain", "application/octet-stream", "application/xml",
                         "text/xml", "binary/octet-stream", "application/x-unknown"})
"""Media types whose body is sniffed (:func:`looks_like_html`) rather than refused."""
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<p>",
                b"<div", b"<article", b"<!--")
SNIFF_BYTES = 1024


def looks_like_html(head: bytes) -> bool:
    sample = head[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return any(marker in sample for marker in HTML_MARKERS)


def media_type(content_type: str | None) -> str:
    """``text/html; charset=x`` -> ``text/html`` ("" when missing)."""
    return (content_type or "").split(";", 1)[0].strip().lower()
MAX_CONTROL_SHARE = 0.10


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return _codec(m.group(1)) if m else None


def charset_from_meta(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:PRESCAN_BYTES])
    if not m:
        return None
    codec = _codec(m.group(1).decode("ascii", "ignore"))
    # A page that was decoded to bytes already cannot be UTF-16 at this point (WHATWG rule).
    return "utf-8" if codec and codec.startswith("utf-16") else codec


_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")
"""Control characters other than tab, newline, form feed and carriage return; U+FFFD."""


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    return len(_NOT_TEXT.findall(sample)) / len(sample) > MAX_CONTROL_SHARE


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding name). Raises DecodeError when no encoding gives sensible text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    tried: list[str] = []
    for codec in (charset_from_content_type(content_type), charset_from_meta(data)):
        if codec and codec not in tried:
            tried.append(codec)
            try:
                text = data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
            if not _looks_binary(text):
                return text, codec
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_binary(text):
            raise DecodeError("the page is binary data, not text")
        return text, "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        codec = _codec(best.encoding) or best.encoding
        text = data.decode(codec, errors="replace")
        if not _looks_binary(text):
            return text, codec
    text = data.decode("utf-8", errors="replace")
    if text and text.count("\ufffd") / len(text) <= MAX_REPLACEMENT_SHARE and not _looks_binary(text):
        return text, "utf-8"
    raise DecodeError("could not decode the page: no declared or detected encoding gives text")
