"""Inputs -> work items, read lazily: URL list files, stdin, arguments, local HTML paths and
file:// URLs."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
MAX_LINE = 1024 * 1024


def url_lines(stream: IO[bytes] | IO[str]) -> Iterator[str]:
    """Input lines of a URL list: stripped, blank lines and '#' comments skipped.

    Bytes are decoded as UTF-8 with replacement, so a stray byte cannot stop the batch; the
    affected line then fails URL validation with its own record.
    """
    for line in stream:
        text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
        text = text.strip().lstrip("\ufeff")
        if not text or text.startswith("#"):
            continue
        yield text


def read_url_file(path: str | os.PathLike[str]) -> Iterator[str]:
    with open(path, "rb") as fh:
        yield from url_lines(fh)


def file_url_path(url: str) -> Path | None:
    """The local path of a file:// URL, else None."""
    if not url[:7].lower() == "file://":
        return None
    parts = urlsplit(url)
    return Path(unquote(parts.path))


def local_paths(inputs: Iterable[str]) -> Iterator[str]:
    """Files to extract: files as given, directories walked for HTML files (sorted), file://
    URLs turned into paths. Missing paths are yielded too, so they get an error record."""
    for item in inputs:
        path = file_url_path(item) or Path(item)
        if path.is_dir():
            seen: set[str] = set()
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    if name.lower().endswith(HTML_SUFFIXES):
                        full = os.path.join(root, name)
                        real = os.path.realpath(full)
                        if real not in seen:
                            seen.add(real)
                            yield full
        else:
            yield item
