"""Content-Encoding decoding with bounded output, so compression bombs stop at the size cap.

httpx's own decoders inflate a whole network chunk at once: 64 KiB of gzip can become 64 MiB,
and a small brotli chunk far more, before anyone counts. Here every decoder hands out at most
``CHUNK`` bytes per step, so the caller's running total trips the cap after at most one extra
step. A stream that ends before the compressed data does (truncated gzip) is reported as
:class:`TruncatedBody`, which is retried like a connection reset.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterable, Iterator
from typing import Protocol

from ..errors import ConnectError, DecodeError

CHUNK = 64 * 1024
MAX_CODINGS = 3
"""Content-Encoding layers decoded at most (real servers use one; each layer costs a
decompressor's window, so 15,000 ``gzip`` tokens in one header must not build 15,000)."""

try:  # brotli >= 1.2 can bound its output; older versions cannot, so br is not offered
    import brotli as _brotli  # type: ignore[import-untyped]

    _HAS_BROTLI = hasattr(_brotli.Decompressor(), "can_accept_more_data")
except ImportError:  # pragma: no cover - depends on the environment
    _brotli = None
    _HAS_BROTLI = False


class TruncatedBody(ConnectError):
    """The body ended before its compressed stream did (a cut connection, a broken server)."""


class Decoder(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...
    def finish(self) -> Iterator[bytes]: ...


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data

    def finish(self) -> Iterator[bytes]:
        return iter(())


GZIP_MAGIC = b"\x1f\x8b"


class _Zlib:
    """gzip (possibly multi-member; bytes after the last member that do not start another one are
    ignored, as gzip(1) does) and deflate (zlib-wrapped, or raw as some servers send)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._gzip = name in ("gzip", "x-gzip")
        self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS if self._gzip else zlib.MAX_WBITS)
        self._started = False
        self._done = False
        self._after: bytes | None = None  # between members: the bytes seen since the last one

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        buf: bytes | None  # (None from _between: no further member to inflate now)
        buf = data
        while True:
            try:
                out = self._obj.decompress(buf, CHUNK)
            except zlib.error as exc:
                if not self._gzip and not self._started:  # raw deflate, no zlib header
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._started = True
                    yield from self._inflate(buf)
                    return
                raise DecodeError(f"broken {self.name} body: {exc}") from None
            self._started = True
            if out:
                yield out
            if self._obj.eof:  # a member ended: another one, a wait, or the end
                buf = self._between(self._obj.unused_data)
                if buf is None:
                    return
                continue
            buf = self._obj.unconsumed_tail
            if not buf and len(out) < CHUNK:
                return

    def _between(self, data: bytes) -> bytes | None:
        """Bytes after a finished member: another gzip member (NUL padding allowed; returned,
        with a fresh inflater ready), the start of one cut by the stream's chunking (kept until
        more arrives), or trailing bytes that end the body (ignored, as gzip(1) does)."""
        rest = (self._after or b"") + data
        rest = rest.lstrip(b"\x00")
        self._after = None
        if self._gzip and rest[:2] == GZIP_MAGIC:
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
            return rest
        if self._gzip and len(rest) < 2 and GZIP_MAGIC.startswith(rest):
            self._after = rest
        else:
            self._done = True
        return None

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._done or not data:
            return iter(())
        if self._after is not None:
            buf = self._between(data)
            return self._inflate(buf) if buf is not None else iter(())
        return self._inflate(data)

    def finish(self) -> Iterator[bytes]:
        if not self._started:  # an empty body is an empty page, not a broken one
            return iter(())
        if not self._done and not self._obj.eof:
            raise TruncatedBody(f"truncated {self.name} body: the stream ended before the "
                                "end of the compressed data")
        return iter(())


class _Brotli:
    name = "br"

    def __init__(self) -> None:
        assert _brotli is not None
        self._obj = _brotli.Decompressor()
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not data:
            return
        self._started = True
        try:
            out = self._obj.process(data, output_buffer_limit=CHUNK)
            if out:
                yield out
            while not self._obj.can_accept_more_data():
                out = self._obj.process(b"", output_buffer_limit=CHUNK)
                if out:
                    yield out
                elif self._obj.is_finished():
                    break
        except _brotli.error as exc:
            raise DecodeError(f"broken br body: {exc}") from None

    def finish(self) -> Iterator[bytes]:
        if not self._started:
            return
        try:
            while not self._obj.is_finished():  # output still held back by the limit
                out = self._obj.process(b"", output_buffer_limit=CHUNK)
                if not out:
                    break
                yield out
        except _brotli.error as exc:
            raise DecodeError(f"broken br body: {exc}") from None
        if not self._obj.is_finished():
            raise TruncatedBody("truncated br body: the stream ended before the end of the "
                                "compressed data")


def accept_encoding() -> str:
    """The Accept-Encoding we can decode with bounded output."""
    return "gzip, deflate, br" if _HAS_BROTLI else "gzip, deflate"


def _one(name: str) -> Decoder:
    if name in ("", "identity", "none"):
        return _Identity()
    if name in ("gzip", "x-gzip", "deflate"):
        return _Zlib(name)
    if name == "br" and _HAS_BROTLI:
        return _Brotli()
    raise DecodeError(f"unsupported Content-Encoding {name!r}")


class ChainDecoder:
    """Undo a Content-Encoding header's codings, last applied first."""

    def __init__(self, content_encoding: str | None) -> None:
        header = content_encoding or ""
        if header.count(",") >= MAX_CODINGS * 4:  # refuse before splitting a huge header
            raise DecodeError(f"Content-Encoding lists {header.count(',') + 1} codings; "
                              f"at most {MAX_CODINGS} are decoded")
        names = [n.strip().lower() for n in header.split(",")]
        names = [n for n in names if n not in ("", "identity")]
        if len(names) > MAX_CODINGS:
            raise DecodeError(f"Content-Encoding lists {len(names)} codings; "
                              f"at most {MAX_CODINGS} are decoded")
        self._steps = [_one(n) for n in reversed(names)]

    def _run(self, index: int, chunks: Iterator[bytes]) -> Iterator[bytes]:
        if index == len(self._steps):
            yield from chunks
            return
        step = self._steps[index]
        for chunk in chunks:
            yield from self._run(index + 1, step.feed(chunk))

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._run(0, iter((data,)))

    def finish(self) -> Iterator[bytes]:
        for index, step in enumerate(self._steps):
            yield from self._run(index + 1, step.finish())


class GzipSniffer:
    """A decoder whose output, when it starts with gzip's magic number, is inflated once more
    (bounded like any layer): a page served gzipped without a Content-Encoding header, or
    gzipped twice, is read as saved pages are (by content), instead of being refused as gzip
    data. One extra layer at most."""

    def __init__(self, inner: Decoder, cut: str = "truncated gzip data: the body (gzipped "
                 "without a Content-Encoding header) ends before its compressed data does") -> None:
        self._inner = inner
        self._cut = cut  # the DecodeError's message for gzip data cut short
        self._head = b""
        self._decided = False
        self._gzip: _Zlib | None = None

    def _route(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            if not self._decided:
                self._head += piece
                if len(self._head) < len(GZIP_MAGIC):
                    continue
                piece, self._head, self._decided = self._head, b"", True
                if piece[:2] == GZIP_MAGIC:
                    self._gzip = _Zlib("gzip")
            if self._gzip is not None:
                yield from self._gzip.feed(piece)
            elif piece:
                yield piece

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._route(self._inner.feed(data))

    def finish(self) -> Iterator[bytes]:
        yield from self._route(self._inner.finish())
        if not self._decided and self._head:  # a body shorter than the magic number
            yield self._head
        if self._gzip is not None:
            try:
                yield from self._gzip.finish()
            except TruncatedBody:  # the transfer was whole: the stored data is cut, no retry
                raise DecodeError(self._cut) from None


def decode_bounded(chunks: Iterable[bytes], decoder: Decoder, cap: int) -> tuple[bytes, bool]:
    """The decoded body of ``chunks`` up to ``cap`` bytes, and True when there was more (the
    rest is never inflated: a bomb stops at the cap). Raises what the decoder raises
    (:class:`DecodeError`, :class:`TruncatedBody`)."""
    out: list[bytes] = []
    size = 0
    for pieces in itertools.chain((decoder.feed(raw) for raw in chunks), (decoder.finish(),)):
        for piece in pieces:
            out.append(piece)
            size += len(piece)
            if size > cap:
                return b"".join(out)[:cap], True
    return b"".join(out), False


__all__ = ["CHUNK", "MAX_CODINGS", "ChainDecoder", "GzipSniffer", "TruncatedBody",
           "accept_encoding", "decode_bounded"]
