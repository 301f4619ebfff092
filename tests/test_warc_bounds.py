"""Hostile WARC files read in bounded memory (scrapekit.warc_read): a chunked body whose one
chunk claims tens of MiB, a header line of tens of MiB, a header block of many lines. Each
such record is refused on its own (the other records of the file are still read), and no
read holds much more than ``max_bytes``."""

from __future__ import annotations

import random
import tracemalloc
import zlib
from collections.abc import Iterable

from scrapekit.warc_read import MAX_HEADER_BYTES, WarcStats, error_for, iter_warc

MIB = 1 << 20
HTML = (b"<html><body><article><p>" + b"A quiet page about rivers. " * 40
        + b"</p></article></body></html>")


def member(out, uri: str, http_parts: Iterable[bytes], length: int,
           warc_extra: bytes = b"") -> None:
    """One response record as one gzip member, written piece by piece (the test stays small)."""
    c = zlib.compressobj(1, zlib.DEFLATED, 31)
    head = (b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
            b"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: %s\r\n%s"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
            % (uri.rsplit("/", 1)[-1].encode() or b"root", uri.encode(), warc_extra, length))
    out.write(c.compress(head))
    for part in http_parts:
        out.write(c.compress(part))
    out.write(c.compress(b"\r\n\r\n"))
    out.write(c.flush())


def filler(total: int) -> Iterable[bytes]:
    """``total`` bytes of hex digits that do not compress much (a highly compressible filler
    would measure warcio's per-block inflation, ~1000x its 16 KiB reads, not the line)."""
    rng = random.Random(7)
    for _ in range(total // MIB):
        yield rng.randbytes(MIB // 2).hex().encode()


def plain(out, uri: str) -> None:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(HTML)
    member(out, uri, [http, HTML], len(http) + len(HTML))


def read(path, max_bytes=MIB):
    stats = WarcStats()
    tracemalloc.start()
    try:
        out = list(iter_warc(path, stats, max_bytes))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return out, stats, peak


def test_a_chunk_claiming_48_mib_is_read_in_bounded_pieces(tmp_path):
    path = tmp_path / "chunk.warc.gz"
    size = 48 * MIB
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
    head += b"%x\r\n" % size
    tail = b"\r\n0\r\n\r\n"
    with open(path, "wb") as out:
        member(out, "http://example.com/big", [head, *filler(size), tail],
               len(head) + size + len(tail))
        plain(out, "http://example.com/next")
    records, stats, peak = read(path)
    assert peak < 12 * MIB  # before: the whole chunk in one read (48 MiB and more)
    assert [(r.url, r.skip) for r in records] == [("http://example.com/big", "too_large"),
                                                  ("http://example.com/next", None)]
    assert stats.skipped["too_large"] == 1 and not stats.damaged


def test_an_http_header_line_of_24_mib_refuses_that_record_only(tmp_path):
    path = tmp_path / "line.warc.gz"
    size = 24 * MIB
    head, tail = b"HTTP/1.1 200 OK\r\nX-Big: ", b"\r\nContent-Type: text/html\r\n\r\n" + HTML
    with open(path, "wb") as out:
        plain(out, "http://example.com/first")
        member(out, "http://example.com/huge", [head, *filler(size), tail],
               len(head) + size + len(tail))
        plain(out, "http://example.com/last")
    records, stats, peak = read(path)
    assert peak < 8 * MIB  # before: the line read whole, several copies of it
    assert [r.url for r in records] == ["http://example.com/first", "http://example.com/huge",
                                        "http://example.com/last"]
    refused = records[1]
    assert refused.skip == "headers_too_large" and refused.body is None
    error = error_for(refused)
    assert error.kind == "too_large"
    assert f"HTTP headers over {MAX_HEADER_BYTES} bytes" in error.message
    assert stats.skipped["headers_too_large"] == 1 and stats.html == 2 and not stats.damaged


def test_many_short_header_lines_count_too(tmp_path):
    path = tmp_path / "many.warc.gz"
    lines = b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 90) for i in range(12_000))  # ~1.2 MB
    http = b"HTTP/1.1 200 OK\r\n" + lines + b"Content-Type: text/html\r\n\r\n" + HTML
    with open(path, "wb") as out:
        member(out, "http://example.com/many", [http], len(http))
        plain(out, "http://example.com/last")
    records, stats, _ = read(path)
    assert [r.skip for r in records] == ["headers_too_large", None]


def test_a_warc_header_line_of_24_mib_stops_the_file_after_the_good_records(tmp_path):
    path = tmp_path / "warcline.warc.gz"
    with open(path, "wb") as out:
        plain(out, "http://example.com/first")
        c = zlib.compressobj(1, zlib.DEFLATED, 31)
        out.write(c.compress(b"WARC/1.1\r\nWARC-Type: response\r\nX-Big: "))
        for piece in filler(24 * MIB):
            out.write(c.compress(piece))
        out.write(c.compress(b"\r\nContent-Length: 0\r\n\r\n\r\n\r\n"))
        out.write(c.flush())
    records, stats, peak = read(path)
    assert peak < 8 * MIB
    assert [r.url for r in records] == ["http://example.com/first"]
    assert stats.damaged and "WARC record headers over" in stats.damaged[0].message


def test_a_body_labelled_chunked_that_is_not_is_read_as_it_is(tmp_path):
    path = tmp_path / "notchunked.warc.gz"
    with open(path, "wb") as out:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
        member(out, "http://example.com/a", [http, HTML], len(http) + len(HTML))
        chunked = (b"5;ext=1\r\n" + HTML[:5] + b"\r\n%x\r\n" % (len(HTML) - 5) + HTML[5:]
                   + b"\r\n0\r\n\r\n")
        member(out, "http://example.com/b", [http, chunked], len(http) + len(chunked))
    records, stats, _ = read(path)
    assert [r.body for r in records] == [HTML, HTML]


def test_an_http2_status_line_is_read_and_the_records_after_it_too(tmp_path):
    # review 7: the bounded header parser refused any protocol but HTTP/1.x, so one
    # "HTTP/2 200" record (as crawlers archive HTTP/2 answers) ended the file as damaged
    path = tmp_path / "h2.warc.gz"
    http2 = b"HTTP/2 200 OK\r\ncontent-type: text/html\r\ncontent-length: %d\r\n\r\n" % len(HTML)
    with open(path, "wb") as out:
        member(out, "http://example.com/h2", [http2, HTML], len(http2) + len(HTML))
        plain(out, "http://example.com/next")
    records, stats, _ = read(path)
    assert [(r.url, r.status, r.skip) for r in records] == [
        ("http://example.com/h2", 200, None), ("http://example.com/next", 200, None)]
