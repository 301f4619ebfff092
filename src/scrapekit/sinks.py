"""Record writers: JSON Lines (default), JSON array, CSV, Markdown, Parquet.

Each record is written and flushed as one piece, so a killed run leaves every finished record
intact on disk (at most a torn last line in JSONL, which ``--resume`` repairs); Parquet writes
row groups as records arrive and its footer at close.

An output file is held under an advisory lock (``flock``) for the whole run, so a second run
writing the same file (a second ``--resume``) is refused at once (:class:`OutputInUse`) instead
of writing every input twice; a file deleted or replaced under a running job is reported at
close (:class:`OutputGone`) instead of a silent success.
"""

from __future__ import annotations

import csv
import fcntl
import io
import logging
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from types import TracebackType
from typing import IO, Any
from urllib.parse import quote

import orjson

from .errors import NotResumable, OutputGone, OutputInUse  # noqa: F401 - defined in errors.py, importable here
from .fields import check_fields, get_path, leaf_columns, select_fields
from .jsonbytes import dumps
from .jsonbytes import sanitize as _sanitize
from .record import Article

log = logging.getLogger("scrapekit.sinks")

FORMATS = ("jsonl", "json", "csv", "md", "parquet")
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_MD_LINE_START = re.compile(r"^(\s*)([#>*+\-=|]|\d+[.)]\s)", re.MULTILINE)
_MD_INLINE = re.compile(r"([\\`*_\[\]<>])")
# control characters other than tab and line breaks: only an input URL can still hold one (text
# fields have them removed); in a CSV cell or Markdown they would reach a terminal or a loader
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """``text`` with each control character (tab and line breaks kept) percent-encoded as in a
    URL (ESC -> ``%1B``): a terminal escape or a NUL never reaches a CSV or Markdown file."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda m: quote(m.group(0), safe=""), text)


class OutputFile:
    """An output file opened for a run: created, locked (``flock``, non-blocking, regular
    files only), truncated unless appending; :meth:`gone` tells whether the path still leads
    to the file being written."""

    def __init__(self, path: str, append: bool = False) -> None:
        self.path = path
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags, 0o666)
        try:
            info = os.fstat(fd)
            self.regular = stat.S_ISREG(info.st_mode)
            if self.regular:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise OutputInUse(f"{path} is being written by another run (it holds the "
                                      "file's lock); wait for it to finish or choose another "
                                      "output") from None
                except OSError:  # a filesystem without locks (some NFS): write unlocked
                    pass
                if not append:
                    os.ftruncate(fd, 0)
        except BaseException:
            os.close(fd)
            raise
        self.identity = (info.st_dev, info.st_ino)
        self.stream: IO[bytes] = os.fdopen(fd, "ab" if append else "wb")

    def gone(self) -> str | None:
        """Why the records written so far are no longer at ``path`` (None if they are)."""
        if not self.regular or self.stream.closed:
            return None
        if os.fstat(self.stream.fileno()).st_nlink == 0:
            return f"{self.path} was deleted during the run"
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return f"{self.path} was moved or deleted during the run"
        if (info.st_dev, info.st_ino) != self.identity:
            return f"{self.path} was replaced by another file during the run"
        return None


class Sink:
    """Base writer over a binary stream; subclasses render one record."""

    def __init__(self, stream: IO[bytes], fields: Sequence[str] | None = None,
                 output: OutputFile | None = None) -> None:
        self.stream = stream
        self.fields = list(fields) if fields else None
        self.output = output
        self.count = 0

    @classmethod
    def require(cls) -> None:
        """Raise if this format cannot be written here (a missing optional dependency);
        called before the output file is opened, so nothing is truncated in vain."""

    def check(self) -> None:
        """Raise :class:`OutputGone` if the records written can no longer be found at the
        output path (cheap: two stat calls)."""
        reason = self.output.gone() if self.output is not None else None
        if reason:
            raise OutputGone(f"{reason}: the {self.count} record(s) written are lost")

    def write(self, record: dict[str, Any] | Article) -> None:
        """Write one record: a record dict (``Article.to_dict()``, camelCase keys) or an
        :class:`~scrapekit.Article`, converted here; anything else is a TypeError."""
        self.emit(as_record(record))

    def emit(self, record: dict[str, Any]) -> None:
        data = self.render(select_fields(record, self.fields))
        self.stream.write(data)
        self.stream.flush()
        self.count += 1

    def render(self, record: dict[str, Any]) -> bytes:
        raise NotImplementedError

    def __enter__(self) -> Sink:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Close on the way out, an exception too: a Parquet file still gets its footer."""
        self.close()

    def close(self) -> None:
        """Flush and close (stdout stays open); then :meth:`check` the output file."""
        try:
            self.stream.flush()
        except BrokenPipeError:  # the reader went away (| head): nothing left to deliver
            return
        if self.stream not in (sys.stdout.buffer, getattr(sys.stdout, "buffer", None)):
            try:
                self.check()
            finally:
                self.stream.close()  # also releases the lock


def as_record(record: dict[str, Any] | Article) -> dict[str, Any]:
    """The record dict a sink writes: an Article as :meth:`~scrapekit.Article.to_dict` (its
    attributes are snake_case; the record's keys are camelCase), a dict as it is."""
    if isinstance(record, Article):
        return record.to_dict()
    if isinstance(record, dict):
        return record
    raise TypeError(f"a sink writes record dicts or scrapekit.Article objects, not "
                    f"{type(record).__name__}")


class JSONLinesSink(Sink):
    def render(self, record: dict[str, Any]) -> bytes:
        return dumps(record) + b"\n"


class JSONArraySink(Sink):
    def render(self, record: dict[str, Any]) -> bytes:
        lead = b"[\n" if self.count == 0 else b",\n"
        return lead + dumps(record, indent=True)

    def close(self) -> None:
        try:
            self.stream.write(b"[]\n" if self.count == 0 else b"\n]\n")
        except BrokenPipeError:
            return
        super().close()


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # as in JSON (and as pandas / DuckDB read them)
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        text = dumps(value).decode("utf-8")
    else:
        text = escape_controls(_sanitize(str(value)))
    if text.startswith(_CSV_FORMULA):
        text = "'" + text  # neutralise spreadsheet formula injection
    return text


class CSVSink(Sink):
    """One column per leaf field: objects are flattened (``error.kind``, ``fetch.status``,
    ``mainImage.url``), lists and free-form maps stay JSON in their cell."""

    def __init__(self, stream: IO[bytes], fields: Sequence[str] | None = None,
                 output: OutputFile | None = None) -> None:
        super().__init__(stream, fields, output)
        self.columns = leaf_columns(self.fields)

    def emit(self, record: dict[str, Any]) -> None:
        self.stream.write(self.render(record))  # columns are picked from the whole record
        self.stream.flush()
        self.count += 1

    def render(self, record: dict[str, Any]) -> bytes:
        buf = io.StringIO()
        writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        if self.count == 0:
            writer.writerow(self.columns)
        writer.writerow([csv_cell(get_path(record, c)) for c in self.columns])
        return buf.getvalue().encode("utf-8")


def md_escape(text: str) -> str:
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _human_date(iso: str | None) -> str | None:
    """'2023-03-07T15:27:00+03:00' -> 'March 07, 2023' (the way article pages print it)."""
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso[:10]).strftime("%B %d, %Y")
    except ValueError:
        return None


def render_markdown(record: dict[str, Any]) -> str:
    """A record as a readable article page (the shape of the seed article)."""
    parts: list[str] = []
    error = record.get("error")
    headline = record.get("headline")
    if headline:
        parts.append("# " + md_escape(headline))
    elif error:
        parts.append(f"# Error: {error.get('kind')}")
    if error:
        parts.append(md_escape(f"{error.get('kind')}: {error.get('message')}"))
    if record.get("byline"):
        parts.append(md_escape(record["byline"]))
    elif record.get("authors"):
        parts.append("By " + md_escape(", ".join(a["name"] for a in record["authors"])))
    date = _human_date(record.get("datePublished")) or record.get("datePublishedRaw")
    if date:
        parts.append(md_escape(date))
    image = record.get("mainImage")
    if image and image.get("caption"):
        parts.append(md_escape(image["caption"]))
    body = record.get("articleBody")
    if body:
        parts.extend(md_escape(p) for p in body.split("\n\n"))
    for link in record.get("relatedLinks") or ():
        label = "Related article" if link.get("kind") == "inBody" else "Related"
        text = md_escape(link.get("text") or link["url"])
        parts.append(f"{label}: [{text}](<{link['url']}>)")
    if "url" in record:
        parts.append("Original url:")
        parts.append(f"<{record['url']}>")
    return "\n\n".join(parts) + "\n"


class MarkdownSink(Sink):
    def render(self, record: dict[str, Any]) -> bytes:
        lead = "" if self.count == 0 else "\n---\n\n"
        return (lead + escape_controls(render_markdown(record))).encode("utf-8", "replace")


class ParquetSink(Sink):
    """Typed columns, row groups written as records arrive (see :mod:`scrapekit.parquet`)."""

    @classmethod
    def require(cls) -> None:
        from .parquet import require_pyarrow

        require_pyarrow()

    def __init__(self, stream: IO[bytes], fields: Sequence[str] | None = None,
                 output: OutputFile | None = None) -> None:
        from .parquet import ParquetWriter

        super().__init__(stream, fields, output)
        self.writer = ParquetWriter(stream, self.fields)

    def emit(self, record: dict[str, Any]) -> None:
        self.writer.write(select_fields(record, self.fields))
        self.count += 1

    def close(self) -> None:
        try:
            self.writer.close()
        finally:
            super().close()


SINKS: dict[str, type[Sink]] = {"jsonl": JSONLinesSink, "json": JSONArraySink,
                                "csv": CSVSink, "md": MarkdownSink, "parquet": ParquetSink}
BINARY_FORMATS = ("parquet",)


def open_sink(path: str | None, fmt: str = "jsonl", fields: Sequence[str] | None = None,
              append: bool = False) -> Sink:
    """A writer for ``fmt`` to ``path`` (stdout when None or '-'). A file is locked for the
    writer's life: :class:`OutputInUse` if another run holds it. ``append`` (add to an existing
    file, as ``--resume`` does) is for JSON Lines only: a second JSON array, CSV header or
    Parquet file after the first would leave a file no reader takes whole (a Parquet reader
    sees only the last one's rows)."""
    if fmt not in SINKS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if append and fmt != "jsonl":
        raise ValueError(f"append=True writes JSON Lines only, not {fmt!r}: a {fmt} file "
                         "written after another in the same file breaks it; write another file")
    if fields:
        check_fields(fields)
    SINKS[fmt].require()
    if path in (None, "-"):
        if fmt in BINARY_FORMATS:  # (as the command line refuses it)
            raise ValueError(f"format {fmt!r} writes a binary file: give a path, not stdout")
        return SINKS[fmt](sys.stdout.buffer, fields)
    output = OutputFile(path, append=append)
    try:
        return SINKS[fmt](output.stream, fields, output)
    except BaseException:
        output.stream.close()
        raise


def completed_inputs(path: str) -> Counter[str]:
    """Inputs already recorded in a JSON Lines output, for ``--resume``.

    A torn last line (the run was killed mid-write) is cut off so appending continues cleanly;
    the input it belonged to is done again. A damaged complete line is skipped, never cut.
    Counts, not a set: a URL listed twice needs two records. A file whose first line is not
    a record (see :func:`check_resumable`) raises NotResumable and is left as it is.
    """
    done: Counter[str] = Counter()
    try:
        fh = open(path, "r+b")
    except FileNotFoundError:
        return done
    with fh:
        check_resumable(fh.readline(1 << 20), path)
        fh.seek(0)
        good_end = 0
        damaged, first_damaged = 0, 0  # (a count: a file of millions of them holds no list)
        for number, line in enumerate(fh, 1):
            if not line.endswith(b"\n"):
                break  # only the last line can lack its newline
            good_end += len(line)
            try:
                url = orjson.loads(line)["url"]
            except (orjson.JSONDecodeError, KeyError, TypeError):
                url = None
            if isinstance(url, str):
                done[url] += 1
            elif line.strip():
                damaged += 1
                first_damaged = first_damaged or number
        fh.seek(0, 2)
        if fh.tell() != good_end:
            fh.truncate(good_end)
    if damaged:
        log.warning("--resume: %d line(s) of %s are not records (line %s%s): left as they are",
                    damaged, path, first_damaged, ", ..." if damaged > 1 else "")
    return done


def first_record_keys(path: str) -> list[str] | None:
    """The keys of the first record of a JSON Lines output (None: no complete first record),
    for ``--resume`` to say when the new records would have other keys."""
    try:
        with open(path, "rb") as fh:
            first = fh.readline(1 << 20)
    except OSError:
        return None
    try:
        record = orjson.loads(first) if first.endswith(b"\n") else None
    except orjson.JSONDecodeError:
        return None
    return list(record) if isinstance(record, dict) else None


def check_resumable(first: bytes, path: str) -> None:
    """NotResumable unless ``first`` (the file's first line) can start scrapekit JSON Lines
    output: nothing, a JSON object with a string ``url``, or a torn line starting with ``{``
    (a run killed while writing its first record; or a line longer than read)."""
    if not first or (not first.endswith(b"\n") and first.startswith(b"{")):
        return
    try:
        record = orjson.loads(first)
    except orjson.JSONDecodeError:
        record = None
    if not isinstance(record, dict) or not isinstance(record.get("url"), str):
        raise NotResumable(f"--resume: {path} is not scrapekit JSON Lines output (its first "
                           "line is not a record with a url); it is left as it is: give "
                           "another -o FILE, or move it away to start afresh")


def skip_completed(inputs: Iterable[str], done: Counter[str],
                   on_skip: Callable[[str], None] | None = None) -> Iterator[str]:
    """Inputs minus those already recorded (each recorded one skips one occurrence);
    ``on_skip`` is called with each input skipped."""
    for raw in inputs:
        # a lone surrogate (a byte of argv that is not UTF-8) was recorded as U+FFFD (jsonbytes)
        key = raw if raw.isascii() else _sanitize(raw)
        if done.get(key):
            done[key] -= 1
            if on_skip is not None:
                on_skip(raw)
            continue
        yield raw
