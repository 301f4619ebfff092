"""Making an existing archive safe to append to (``scrapekit scrape --resume --warc-out``).

A killed run can leave its archive's last record cut short (the kill came during a write), and
a full disk or a power loss can cut it anywhere, even inside the last gzip member's 8-byte
trailer or the last record's closing CRLFs, which a reader does not notice until a record
follows. Records appended after such a tail could never be read. So before appending, the
archive is read once: a torn last record is cut off (its page has no record in the output yet,
so the resumed run fetches and archives it again), a last record that is whole but unsealed
(its gzip trailer or its closing CRLFs missing) is sealed, and damage anywhere else stops the
run (cutting there would delete the whole records after it). The same read tells the resumed
run which inputs its archive holds already (``on_response``).
"""

from __future__ import annotations

import gzip
import os
import re
import stat
import zlib
from collections.abc import Callable, Container

from .errors import WarcDamaged
from .warc_read import WarcResponse, WarcStats, iter_warc
from .warc_write import input_key

MAX_TORN = 64 * 1024 * 1024
"""A torn tail is one write: at most one request/response pair (a body is capped by
``Settings.max_bytes``); more bytes after the last whole record are damage, not a torn write."""
MAX_ARCHIVED_UNRECORDED = 65_536
"""At most this many archived pages without a record are remembered (not archived again);
past it, a page may be archived twice (an archive of another run)."""
MAX_MEMBER_TRIES = 10_000  # gzip magic numbers tried after the torn record (each a small read)
_SEPARATOR = b"\r\n\r\n"
_RECORD_START = re.compile(rb"WARC/(?:1\.[01]|0\.1[78])\r?\n")
_VERSION_LINES = (b"WARC/1.1\r\n", b"WARC/1.0\r\n", b"WARC/0.18\r\n", b"WARC/0.17\r\n",
                  b"WARC/1.1\n", b"WARC/1.0\n")
_CONTENT_LENGTH = re.compile(rb"(?im)^content-length[ \t]*:[ \t]*\+?(\d{1,15})[ \t]*\r?$")


def prepare_append(path: str | os.PathLike[str],
                   on_response: Callable[[WarcResponse, int], None] | None = None, *,
                   max_torn: int = MAX_TORN) -> int:
    """Check (and if need be mend) the archive at ``path`` before records are appended.

    Returns the number of bytes cut off a torn last record (0 when none was cut; a missing or
    empty file is left to the writer). ``on_response(res, segment)`` sees each whole response
    record; ``segment`` counts the warcinfo records before it (each run opens its archive with
    one). ``max_torn``: the most bytes one write can leave (a pair with the run's largest
    body). Raises :class:`~scrapekit.errors.WarcDamaged` when the file is no regular file, or
    is damaged before its end, or wrapped in one gzip stream and torn."""
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except FileNotFoundError:
        return 0
    if not stat.S_ISREG(info.st_mode):
        raise WarcDamaged(f"{name} is not a regular file: an archive cannot be appended to it")
    size = info.st_size
    if size == 0:
        return 0
    stats = WarcStats()
    for res in iter_warc(name, stats, html_only=False, log_damage=False):
        if on_response is not None:
            on_response(res, stats.skipped["warcinfo"])
    end = stats.ends.get(name)
    gz = _is_gzip(name)
    if stats.damaged:
        damage = stats.damaged[0]
        where = f" at offset {damage.offset}" if damage.offset is not None else ""
        torn = damage.torn or (end is not None and _starts_a_record(name, end, size, gz))
        # (gzipped with nothing whole before the damage: maybe one gzip stream around every
        # record, which cannot be told apart from a torn first member: never cut to nothing)
        if not torn or end is None or (gz and not end) or size - end > max_torn \
                or _whole_record_after(name, end, size, gz):
            raise WarcDamaged(f"{name} is damaged{where} ({damage.message}): records appended "
                              "after it could not be read; repair it or write to a new file")
        os.truncate(name, end)
        return size - end
    start = stats.starts.get(name)
    if end is not None and start is not None and end == size:
        _seal_last(name, start, size, gz)
    if gz:  # every gzip member from the last record on ends whole (a stream around all the
        _check_gzip_from(name, 0 if end is None or start is None else start)  # records too)
    return 0


def _check_gzip_from(name: str, start: int) -> None:
    """The gzip members from ``start`` to the end of the file end whole. An archive in one
    gzip stream cannot be cut; one whose stream is torn (or followed by bytes that are no gzip
    member) would make every appended record unreadable: refused."""
    try:
        with open(name, "rb") as raw:
            raw.seek(start)
            with gzip.GzipFile(fileobj=raw, mode="rb") as fh:
                while fh.read(1 << 20):
                    pass
    except (EOFError, OSError, zlib.error) as exc:
        raise WarcDamaged(f"{name} is gzipped and does not end whole ({exc}): records appended "
                          "after it could not be read; repair it or write to a new file"
                          ) from None


def resume_archive(path: str | os.PathLike[str], done: Container[str], *,
                   max_torn: int = MAX_TORN) -> tuple[int, set[str]]:
    """:func:`prepare_append` for a resumed run whose output holds the records ``done`` (keyed
    by their ``url``): the bytes cut, and the inputs whose page the run being resumed archived
    whole without writing their record (an ``--ordered`` run holds up to 4,096 records): the
    resumed run fetches them again for their records but does not archive them twice. Only the
    last run's pages count (each run opens the file with a warcinfo record): a page the killed
    run archived with a 503, or an older run's page, is archived again."""
    archived: set[str] = set()
    segment = -1

    def seen(res: WarcResponse, run: int) -> None:
        nonlocal segment
        if run != segment:
            segment = run
            archived.clear()
        key = input_key(res.input_url) if res.input_url is not None else None
        if key is not None and res.skip is None and key not in done \
                and len(archived) < MAX_ARCHIVED_UNRECORDED:
            archived.add(key)

    cut = prepare_append(path, seen, max_torn=max_torn)
    return cut, archived


def _is_gzip(name: str) -> bool:
    with open(name, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _starts_a_record(name: str, end: int, size: int, gz: bool) -> bool:
    """Is what follows the last whole record the first few bytes of a record ("WA", "WARC/1.")
    and nothing else? (A write torn there reads as an invalid record, not a cut one.)"""
    with open(name, "rb") as fh:
        fh.seek(end)
        tail = fh.read(min(size - end, 65536))
    if gz:
        try:
            tail = zlib.decompressobj(31).decompress(tail, 16)
        except zlib.error:
            return False
    tail = tail.lstrip(b"\r\n")
    return bool(tail) and any(line.startswith(tail) and tail != line for line in _VERSION_LINES)


def _whole_record_after(name: str, end: int, size: int, gz: bool) -> bool:
    """Does a whole record start after the torn one at ``end``? (Then the damage is not a torn
    last write, and cutting would delete records.)"""
    with open(name, "rb") as fh:
        first_line = fh.readline(16)
        fh.seek(end)
        torn = fh.read(size - end)
    tail = torn[1:]
    if not gz:  # (LF-only record starts count in an LF-only archive)
        lf_only = not first_line.endswith(b"\r\n")
        return tail.startswith(b"WARC/1.") or any(
            _whole_at(tail, m.start(), lf_only) for m in _RECORD_START.finditer(tail))
    # the torn member itself: one record's member holds one record start; a stream holding
    # more (an archive gzipped whole, then cut) is no torn last write
    try:
        opened = zlib.decompressobj(31).decompress(torn, MAX_TORN)
    except zlib.error:
        opened = b""
    block_end = _block_end(opened)  # a second record, where the first one ends
    if block_end is not None and opened.startswith(b"WARC/", block_end + len(_SEPARATOR)):
        return True
    tries = 0
    at = tail.find(b"\x1f\x8b\x08")
    while at != -1 and tries < MAX_MEMBER_TRIES:
        tries += 1
        try:
            head = zlib.decompressobj(31).decompress(tail[at:at + 65536], 16)
        except zlib.error:
            head = b""
        if head.startswith(b"WARC/"):
            return True
        at = tail.find(b"\x1f\x8b\x08", at + 1)
    return tries >= MAX_MEMBER_TRIES  # (too many to tell: say damaged, never cut blindly)


def _seal_last(name: str, start: int, size: int, gz: bool) -> None:
    """A last record that reads whole may still lack its seal: a gzip member's trailer, or the
    CRLFs closing a plain record. Readers ignore that at the end of a file, but not once a
    record follows: seal it (its content is kept)."""
    if size - start > MAX_TORN:  # (no record of ours is that large: not read into memory)
        return
    with open(name, "r+b") as fh:
        fh.seek(start)
        last = fh.read(size - start)
        if gz:
            inflate = zlib.decompressobj(31)
            try:
                data = inflate.decompress(last, MAX_TORN)  # (bounded: a member may be a bomb)
            except zlib.error:
                return
            if inflate.eof or inflate.unconsumed_tail:
                return
            missing = _one_whole_record(data)
            if missing is None:  # (not a member of one record: left to the check)
                return
            # the same record, closed and in a sealed member, written over the old one (never
            # truncated first: a crash between the steps would lose the record)
            sealed = gzip.compress(data + _SEPARATOR[len(_SEPARATOR) - missing:])
            fh.seek(start)
            fh.write(sealed)
            fh.truncate()
            return
        missing = _one_whole_record(last)  # (None for an ARC record: nothing to seal)
        if missing:
            fh.seek(size)
            fh.write(_SEPARATOR[len(_SEPARATOR) - missing:])


def _block_end(data: bytes, at: int = 0) -> int | None:
    """Where the block of the record whose header starts at ``at`` ends, by its header block
    and Content-Length (None without them); its closing CRLFs follow."""
    header_end = data.find(_SEPARATOR, at)
    length = _CONTENT_LENGTH.search(data, at, header_end) if header_end >= 0 else None
    return None if length is None else header_end + len(_SEPARATOR) + int(length.group(1))


def _one_whole_record(data: bytes) -> int | None:
    """Is ``data`` one WARC record whose block is whole? The closing CRLFs missing (0-4)."""
    block_end = _block_end(data) if data.startswith(b"WARC/") else None
    if block_end is None or len(data) < block_end:
        return None
    rest = data[block_end:]
    return len(_SEPARATOR) - len(rest) if _SEPARATOR.startswith(rest) else None


def _whole_at(tail: bytes, at: int, lf_only: bool) -> bool:
    """Does a whole record (header with a Content-Length, its block, its closing CRLFs) start
    at ``at``, followed by the end of the file or another record start?"""
    if not tail[at:at + 12].split(b"\n", 1)[0].endswith(b"\r"):
        return lf_only  # (an LF-only record: its length cannot be checked here)
    block_end = _block_end(tail, at)
    if block_end is None:
        return False
    end = block_end + len(_SEPARATOR)
    return end <= len(tail) and tail[block_end:end] == _SEPARATOR and (
        end == len(tail) or _RECORD_START.match(tail, end) is not None)
