import codecs

import pytest

from scrapekit.decode import decode_html
from scrapekit.errors import DecodeError

TEXT = "<html><head>{meta}</head><body><p>" + "Stra\u00dfe und \u00c4pfel, ca f\u00e9. " * 30 + "</p></body></html>"


def test_http_charset_wins():
    data = TEXT.format(meta="").encode("latin-1")
    assert decode_html(data, "text/html; charset=ISO-8859-1") == (TEXT.format(meta=""), "cp1252")


def test_bom_beats_a_lying_header():
    data = codecs.BOM_UTF8 + TEXT.format(meta="").encode("utf-8")
    text, enc = decode_html(data, "text/html; charset=windows-1251")
    assert enc == "utf-8" and "Stra\u00dfe" in text


def test_meta_charset_used_without_header():
    html = TEXT.format(meta='<meta http-equiv="Content-Type" content="text/html; charset=latin-1">')
    assert decode_html(html.encode("latin-1"))[1] == "cp1252"


def test_lying_meta_charset_falls_back():
    html = TEXT.format(meta='<meta charset="utf-8">')
    text, enc = decode_html(html.encode("latin-1"))  # says utf-8, is latin-1
    assert "Stra\u00dfe" in text and enc != "utf-8"


def test_undeclared_utf8():
    html = TEXT.format(meta="")
    assert decode_html(html.encode("utf-8")) == (html, "utf-8")


def test_unknown_charset_label_is_ignored():
    html = TEXT.format(meta="")
    assert decode_html(html.encode("utf-8"), "text/html; charset=x-no-such")[1] == "utf-8"


def test_binary_junk_is_a_decode_error():
    with pytest.raises(DecodeError):
        decode_html(bytes(range(32)) * 100)


# -- the whole chain, on pages served by the fault server ------------------------------------
import asyncio  # noqa: E402

from faultserver import CHARSET_PAGES  # noqa: E402

from scrapekit import Settings  # noqa: E402
from scrapekit.fetch import Fetcher  # noqa: E402


@pytest.mark.parametrize("kind", sorted(CHARSET_PAGES))
def test_charset_chain(kind):
    body, ctype, expected_text, expected_encoding = CHARSET_PAGES[kind]
    text, enc = decode_html(body, ctype)
    assert enc == expected_encoding and expected_text in text
    assert "\ufffd" not in text


@pytest.mark.parametrize("kind", ["lying-header", "bom-utf16", "undeclared-cp1251"])
def test_charset_chain_over_the_wire(faults, token, kind):
    async def go():
        async with Fetcher(Settings(delay=0.0, retries=0, workers=1)) as f:
            return await f.fetch(f"{faults.base()}/charset/{kind}/{token}")
    r = asyncio.run(go())
    assert r.ok
    _body, _ctype, expected_text, expected_encoding = CHARSET_PAGES[kind]
    text, enc = decode_html(r.body, r.content_type)
    assert enc == expected_encoding and expected_text in text


def test_meta_charset_past_the_prescan_window_is_not_used():
    html = ("<html><head>" + "<!-- pad -->" * 400 + '<meta charset="koi8-r"></head><body>'
            "<p>plain ascii words only</p></body></html>")
    assert decode_html(html.encode("ascii"))[1] == "utf-8"


def test_header_charset_beats_meta():
    html = TEXT.format(meta='<meta charset="windows-1251">')
    assert decode_html(html.encode("cp1252"), "text/html; charset=windows-1252")[1] == "cp1252"


def test_binary_share_counts_exactly_the_non_text_characters():
    from scrapekit.decode import MAX_CONTROL_SHARE, _looks_binary

    def reference(text: str) -> bool:
        sample = text[:20000]
        bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd")
        return bool(sample) and bad / len(sample) > MAX_CONTROL_SHARE

    alphabet = [chr(i) for i in range(40)] + ["\ufffd", "a", "é", "\u2028"]
    import random
    rng = random.Random(7)
    for n in (0, 1, 50, 999, 30_000):
        for share in (0.0, 0.01, 0.05, 0.3):
            text = "".join(rng.choice(alphabet) if rng.random() < share else "a" for _ in range(n))
            assert _looks_binary(text) == reference(text)


def test_bounded_decoding_reads_every_gzip_member_ignores_trailing_bytes_and_caps_a_bomb():
    import gzip

    from scrapekit.fetch.decompress import ChainDecoder, TruncatedBody, decode_bounded

    page = b"<html><body><p>harbour</p></body></html>"
    data = gzip.compress(page[:10]) + b"\0\0" + gzip.compress(page[10:]) + b"\r\n-- junk"
    assert decode_bounded((data,), ChainDecoder("gzip"), 1000) == (page, False)
    for step in (1, 2, 3, 7):  # a member boundary cut anywhere by the stream's chunks
        chunks = [data[i:i + step] for i in range(0, len(data), step)]
        assert decode_bounded(chunks, ChainDecoder("gzip"), 1000) == (page, False)
    many = gzip.compress(b"a") * 100_000  # members one after another: a loop, not recursion
    assert decode_bounded((many,), ChainDecoder("gzip"), 10**6) == (b"a" * 100_000, False)
    bomb = gzip.compress(b"\0" * 5_000_000)
    body, more = decode_bounded((bomb,), ChainDecoder("gzip"), 100_000)
    assert more and len(body) == 100_000
    with pytest.raises(TruncatedBody):
        decode_bounded((gzip.compress(page * 50)[:60],), ChainDecoder("gzip"), 10_000)


@pytest.mark.parametrize("meta, content_type", [
    ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', None),
    ('<meta charset="shift_jis">', None),
    ("", "text/html; charset=ISO-8859-1"),
    ('<meta charset="windows-1251">', "text/html; charset=gb2312"),
])
def test_valid_utf8_beats_a_legacy_label(meta, content_type):
    """A page whose bytes are valid UTF-8 (with non-ASCII in them) is UTF-8 whatever its header
    or <meta> says: read as labelled, "f\u00fcr" became "f\u00c3\u00bcr"."""
    html = TEXT.format(meta=meta) + "<p>\u65e5\u672c\u8a9e f\u00fcr</p>"
    text, enc = decode_html(html.encode("utf-8"), content_type)
    assert (text, enc) == (html, "utf-8")


def test_real_legacy_bytes_still_follow_their_label():
    html = TEXT.format(meta='<meta charset="iso-8859-1">') + "<p>f\u00fcr \u00e0 la \u00ab gare \u00bb</p>"
    assert decode_html(html.encode("latin-1")) == (html, "cp1252")
    assert decode_html(html.encode("cp1252"), "text/html; charset=iso-8859-1")[1] == "cp1252"
