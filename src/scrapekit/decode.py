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
# Browsers decode these encodings with their superset (WHATWG Encoding Standard: "latin1",
# "iso-8859-1", "us-ascii"... are all windows-1252), keyed by Python's codec name so that every
# alias of a label maps alike; and the WHATWG labels Python does not know.
_SUPERSETS = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254", "tis-620": "cp874",
              "iso8859-11": "cp874", "gb2312": "gb18030", "gbk": "gb18030", "euc_kr": "cp949",
              "shift_jis": "cp932"}
_LABELS = {"x-gbk": "gb18030", "x-sjis": "cp932", "x-cp1252": "cp1252", "x-cp1250": "cp1250",
           "x-cp1251": "cp1251", "x-mac-roman": "mac-roman", "x-euc-jp": "euc_jp"}
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
    label = _LABELS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


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


SAMPLE = 200_000
"""Bytes (or characters) of a page the detector and the script tests look at."""
MOSTLY_UTF8_SHARE = 0.01
"""A page whose invalid UTF-8 sequences are under this share of its non-ASCII sequences is UTF-8
with a few bad bytes, whatever its labels say."""
MIXED_UTF8_RATIO = 1.0
"""A page labelled UTF-8 (or unlabelled) with at least this many valid multi-byte sequences per
invalid one is UTF-8 with stray legacy bytes (a cp1252 quote pasted into a UTF-8 template): read
as UTF-8 with U+FFFD for them, as browsers do. The bench's mixed pages have 1.2-70 valid per
invalid; legacy pages read as UTF-8 under 0.1, CJK code pages (GBK, Shift_JIS, EUC-KR) up to
0.26."""
MIN_RUN_SHARE = 0.5
"""Share of a page's non-ASCII bytes that stand next to another one above which the page is in
a non-Latin script (Cyrillic, Greek, Arabic, CJK: whole words of high bytes; Western text: a
few percent, Czech ~20%): a detector's code page then wins over windows-1252."""
MIN_INWORD_SYMBOL_SHARE = 0.05
"""Share of the non-ASCII characters of a windows-1252 reading that are symbols between two
letters ("w\u00b3asny", "mo\u00bfe": Polish read as cp1252) above which another Latin code page
explains the bytes better: the detector's guess wins."""
_INWORD = re.compile(r"(?<=[^\W\d_])[^\x00-\x7f](?=[^\W\d_])")
"""A non-ASCII character between two letters."""
_WORD_PUNCT = frozenset("\u2018\u2019\u2010\u2011\u2012\u2013\u2014\u00b7")
"""Non-ASCII punctuation that stands between letters in Western text ("don\u2019t")."""
WHATWG_1252 = "scrapekit-whatwg-1252"
"""The error handler that decodes windows-1252 as browsers do: the five bytes Python's cp1252
leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become U+0081... instead of an error (one
stray byte sent a whole labelled page to the detector)."""
codecs.register_error(WHATWG_1252, lambda e: (
    e.object[e.start:e.end].decode("latin-1"), e.end) if isinstance(e, UnicodeDecodeError)
    else codecs.strict_errors(e))
_HIGH_BYTES = bytes(range(0x80, 0x100))
_HIGH_RUN = re.compile(rb"[\x80-\xff]{2,}")


def utf8_damage(data: bytes) -> tuple[str, int, int]:
    """(text read as UTF-8 with U+FFFD, invalid sequences, valid multi-byte sequences)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    return text, bad, _non_ascii(text) - bad


def _non_ascii(text: str) -> int:
    """How many characters of ``text`` are not ASCII (counted in C, no list built)."""
    return len(text) - len(text.encode("ascii", "ignore"))


def _non_latin_runs(data: bytes) -> bool:
    """Do most non-ASCII bytes stand next to another one (a non-Latin script in a code page)?"""
    sample = data[:SAMPLE]
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    return bool(high) and sum(map(len, _HIGH_RUN.findall(sample))) / high >= MIN_RUN_SHARE


def _western(data: bytes) -> str | None:
    """The page read as windows-1252 (every byte decodes: see WHATWG_1252) unless something
    says another code page explains its bytes better, else None."""
    if _non_latin_runs(data):
        return None
    text = data.decode("cp1252", WHATWG_1252)
    sample = text[:SAMPLE]
    non_ascii = _non_ascii(sample)
    symbols = sum(1 for c in _INWORD.findall(sample) if not c.isalpha() and c not in _WORD_PUNCT)
    if non_ascii and symbols / non_ascii >= MIN_INWORD_SYMBOL_SHARE:
        return None
    return text


OTHER_LATIN_LANGUAGES = frozenset({"cs", "sk", "pl", "hu", "hr", "sl", "sr", "bs", "ro", "sq",
                                   "lt", "lv", "et", "tr", "az"})
"""Languages written in Latin script whose legacy code page is not windows-1252 (ISO-8859-2 /
windows-1250, -1257, -1254)."""
_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([a-zA-Z]{2,3})\b", re.I)


def _page_language(data: bytes) -> str | None:
    """The primary language subtag of the page's ``<html lang>`` (lower case), if any."""
    m = _HTML_LANG.search(data[:PRESCAN_BYTES])
    return m.group(1).decode("ascii").lower() if m else None


def _detected(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:SAMPLE]).best()
    if best is None or not best.encoding:
        return None
    codec = _codec(best.encoding) or best.encoding
    text = data.decode(codec, errors="replace")
    return None if _looks_binary(text) else (text, codec)


def undecoded(data: bytes, text: str) -> int:
    """How many U+FFFD the decoding of ``data`` into ``text`` put in (bytes or sequences that
    did not decode): those of the text less those the page itself held (as UTF-8)."""
    if "\ufffd" not in text:
        return 0
    return max(0, text.count("\ufffd") - data.count("\ufffd".encode()))


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding name). Raises DecodeError when no encoding gives sensible text.

    BOM; valid (or all but valid) UTF-8; the HTTP charset, then <meta>; a page labelled UTF-8
    (or not labelled) that is not: UTF-8 with U+FFFD when valid sequences outnumber bad ones,
    else windows-1252 when its bytes fit and read as a Western language, else the detector's
    guess."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    if data.isascii():
        bad = good = 0
        loose = data.decode("ascii")
    else:
        # Bytes that are valid UTF-8 with non-ASCII in them are UTF-8, whatever the header or
        # <meta> says: legacy text almost never forms valid multi-byte sequences by chance,
        # while servers and templates that label UTF-8 as ISO-8859-1 are common (a saved
        # page keeps a <meta> its server's header overrode). Reading them as declared gives
        # "f\u00c3\u00bcr" for "f\u00fcr". The same for a page with a few stray bad bytes.
        try:
            loose, bad, good = data.decode("utf-8"), 0, 1
        except UnicodeDecodeError:
            loose, bad, good = utf8_damage(data)
        if bad <= MOSTLY_UTF8_SHARE * (bad + good) and good and not _looks_binary(loose):
            return loose, "utf-8"
    labels = [c for c in (charset_from_content_type(content_type), charset_from_meta(data)) if c]
    for codec in dict.fromkeys(labels):
        if codec == "utf-8":
            if bad == 0 or good >= MIXED_UTF8_RATIO * bad:
                break  # UTF-8, with U+FFFD for its stray bytes (below)
            continue
        try:
            text = data.decode(codec, WHATWG_1252 if codec == "cp1252" else "strict")
        except (UnicodeDecodeError, LookupError):
            continue
        if not _looks_binary(text):
            return text, codec
    if bad == 0 or good >= MIXED_UTF8_RATIO * bad:
        if _looks_binary(loose):
            raise DecodeError("the page is binary data, not text")
        return loose, "utf-8"
    # Labelled UTF-8 (or not labelled, or a label that does not fit) but clearly not: Western text (the common case) is read
    # as windows-1252, as browsers default to: a detector reads Western text as a Central
    # European code page ("Caf\u00e9 \u0155 No\u00ebl"; 7 unlabelled bench pages). A page whose
    # <html lang> names a language written in another Latin code page (Czech, Polish,
    # Hungarian, Croatian, Turkish, ...) goes to the detector: "f\u0151v\u00e1rosa", not
    # "f\u00f5v\u00e1rosa".
    if _page_language(data) not in OTHER_LATIN_LANGUAGES:
        western = _western(data)
        if western is not None and not _looks_binary(western):
            return western, "cp1252"
    found = _detected(data)
    if found is not None:
        return found
    if loose.count("\ufffd") / len(loose) <= MAX_REPLACEMENT_SHARE and not _looks_binary(loose):
        return loose, "utf-8"
    raise DecodeError("could not decode the page: no declared or detected encoding gives text")
