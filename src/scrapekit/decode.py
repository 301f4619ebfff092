"""Bytes -> text for HTML: BOM, valid UTF-8, HTTP charset, <meta charset>/http-equiv, then
detection; and the content-type / HTML-sniffing rules that say whether bytes are an HTML page
at all.

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


BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"), (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/EPUB)"), (b"\x1f\x8b", "gzip data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an MS Office document"), (b"%!PS", "a PostScript file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"),
    (b"OggS", "an Ogg file"), (b"ID3", "an MP3 file"), (b"fLaC", "a FLAC file"),
    (b"\x00asm", "a WebAssembly module"), (b"wOFF", "a web font"), (b"wOF2", "a web font"),
    (b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
)
"""Magic numbers of files that are never a page, whatever they are named or labelled."""


def binary_kind(head: bytes) -> str | None:
    """What a body's first bytes say it is when it is a known binary format (``"a PDF
    document"``), else None; also ISO media (``....ftyp``: MP4, MOV, HEIC)."""
    for magic, kind in BINARY_SIGNATURES:
        if head.startswith(magic):
            return kind
    if head[4:8] == b"ftyp":
        return "an MP4/QuickTime/HEIF file"
    return None


def looks_like_html(head: bytes) -> bool:
    if binary_kind(head) is not None:
        return False
    sample = head[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return any(marker in sample for marker in HTML_MARKERS)


def not_html_reason(head: bytes, media: str) -> str | None:
    """Why a body whose first bytes are ``head``, served as ``media``, is no page (the message of
    a ``not_html`` record, worded alike for fetches and archives), or None when it may be one."""
    kind = binary_kind(head)
    if kind is not None:
        return f"content type {media or 'missing'!r} but the body is {kind}"
    if media not in HTML_TYPES and not looks_like_html(head):
        return f"content type {media or 'missing'!r} and the body does not look like HTML"
    return None


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
    if not data.isascii():
        # Bytes that are valid UTF-8 with non-ASCII in them are UTF-8, whatever the header or
        # <meta> says: legacy text almost never forms valid multi-byte sequences by chance,
        # while servers and templates that label UTF-8 as ISO-8859-1 are common (a saved
        # page keeps a <meta> its server's header overrode). Reading them as declared gives
        # "fÃ¼r" for "für".
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not _looks_binary(text):
                return text, "utf-8"
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
