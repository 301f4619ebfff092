"""Record writers: JSON Lines (default), JSON array, CSV, Markdown.

Each record is written and flushed as one piece, so a killed run leaves every finished record
intact on disk (at most a torn last line in JSONL, which ``--resume`` repairs).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from datetime import datetime
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import orjson

from .record import RECORD_KEYS

FORMATS = ("jsonl", "json", "csv", "md")
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_MD_LINE_START = re.compile(r"^(\s*)([#>*+\-=|]|\d+[.)]\s)", re.MULTILINE)
_MD_INLINE = re.compile(r"([\\`*_\[\]<>])")


def _sanitize(value: Any) -> Any:
    """Strings made valid UTF-8 (lone surrogates replaced), recursively."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {k: _sanitize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_sanitize(v) for v in value]
    return value


def dumps(record: dict[str, Any], *, indent: bool = False) -> bytes:
    option = orjson.OPT_INDENT_2 if indent else 0
    try:
        return orjson.dumps(record, option=option)
    except TypeError:  # orjson refuses lone surrogates: never let one record stop the run
        return orjson.dumps(_sanitize(record), option=option)


def select_fields(record: dict[str, Any], fields: Sequence[str] | None) -> dict[str, Any]:
    if not fields:
        return record
    return {k: record[k] for k in fields}


def check_fields(fields: Sequence[str]) -> list[str]:
    unknown = [f for f in fields if f not in RECORD_KEYS]
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(RECORD_KEYS)}")
    return list(fields)


class Sink:
    """Base writer over a binary stream; subclasses render one record."""

    def __init__(self, stream: IO[bytes], fields: Sequence[str] | None = None) -> None:
        self.stream = stream
        self.fields = list(fields) if fields else None
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        data = self.render(select_fields(record, self.fields))
        self.stream.write(data)
        self.stream.flush()
        self.count += 1

    def render(self, record: dict[str, Any]) -> bytes:
        raise NotImplementedError

    def close(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:  # the reader went away (| head): nothing left to deliver
            return
        if self.stream not in (sys.stdout.buffer, getattr(sys.stdout, "buffer", None)):
            self.stream.close()


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
    if isinstance(value, (list, dict)):
        text = dumps(value).decode("utf-8")
    else:
        text = _sanitize(str(value))
    if text.startswith(_CSV_FORMULA):
        text = "'" + text  # neutralise spreadsheet formula injection
    return text


class CSVSink(Sink):
    def render(self, record: dict[str, Any]) -> bytes:
        buf = io.StringIO()
        writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        if self.count == 0:
            writer.writerow(list(record))
        writer.writerow([csv_cell(v) for v in record.values()])
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
        return (lead + render_markdown(record)).encode("utf-8", "replace")


SINKS: dict[str, type[Sink]] = {"jsonl": JSONLinesSink, "json": JSONArraySink,
                                "csv": CSVSink, "md": MarkdownSink}


def open_sink(path: str | None, fmt: str = "jsonl", fields: Sequence[str] | None = None,
              append: bool = False) -> Sink:
    """A writer for ``fmt`` to ``path`` (stdout when None or '-')."""
    if fmt not in SINKS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fields:
        check_fields(fields)
    stream: IO[bytes]
    if path in (None, "-"):
        stream = sys.stdout.buffer
    else:
        stream = open(path, "ab" if append else "wb")  # noqa: SIM115 - closed by Sink.close
    return SINKS[fmt](stream, fields)


def completed_inputs(path: str) -> Counter[str]:
    """Inputs already recorded in a JSON Lines output, for ``--resume``.

    A torn last line (the run was killed mid-write) is cut off so appending continues cleanly;
    the input it belonged to is done again. A damaged complete line is skipped, never cut.
    Counts, not a set: a URL listed twice needs two records.
    """
    done: Counter[str] = Counter()
    try:
        fh = open(path, "r+b")
    except FileNotFoundError:
        return done
    with fh:
        good_end = 0
        for line in fh:
            if not line.endswith(b"\n"):
                break  # only the last line can lack its newline
            good_end += len(line)
            try:
                url = orjson.loads(line)["url"]
            except (orjson.JSONDecodeError, KeyError, TypeError):
                continue
            if isinstance(url, str):
                done[url] += 1
        fh.seek(0, 2)
        if fh.tell() != good_end:
            fh.truncate(good_end)
    return done


def skip_completed(inputs: Iterable[str], done: Counter[str]) -> Iterator[str]:
    """Inputs minus those already recorded (each recorded one skips one occurrence)."""
    for raw in inputs:
        if done.get(raw):
            done[raw] -= 1
            continue
        yield raw
