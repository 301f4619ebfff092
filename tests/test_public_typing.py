"""The public API type-checks from a user's script: ``mypy --strict`` reads the re-exports of
``scrapekit/__init__.py`` only from a literal ``__all__`` (``sorted([...])`` made every
``from scrapekit import Settings`` an error: "does not explicitly export")."""

from __future__ import annotations

import subprocess
import sys

import pytest

import scrapekit

SCRIPT = '''\
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapekit
from scrapekit import (
    Article, Author, ErrorInfo, ExtractionInfo, FetchInfo, Image, Link, ScrapekitError,
    Settings, __version__, aextract_files, ascrape_many, extract, extract_files, json_schema,
    scrape, scrape_many,
)

settings: Settings = Settings(per_host=2)
art: Article = extract("<html><body><p>text</p></body></html>", url="https://example.com/a")
record: dict[str, Any] = art.to_dict()
authors: list[Author] = list(art.authors)
links: list[Link] = list(art.related_links)
image: Image | None = art.main_image
fetch: FetchInfo | None = art.fetch
info: ExtractionInfo = art.extraction
error: ErrorInfo | None = art.error
schema: dict[str, Any] = json_schema()
version: str = __version__
many: Iterator[Article] = scrape_many([], settings)
files: Iterator[Article] = extract_files([])
one = scrape
amany: AsyncIterator[Article] = ascrape_many([])
afiles: AsyncIterator[Article] = aextract_files([])
problem: type[Exception] = ScrapekitError
same: Settings = scrapekit.Settings()
'''


def test_all_is_the_sorted_list_of_exports():
    assert scrapekit.__all__ == sorted([*scrapekit._EXPORTS, "__version__"])


def test_every_name_in_the_script_is_public():
    names = SCRIPT.split("from scrapekit import (")[1].split(")")[0]
    assert sorted(n.strip() for n in names.split(",") if n.strip()) == scrapekit.__all__


def test_a_script_using_the_public_api_passes_mypy_strict(tmp_path):
    pytest.importorskip("mypy")
    script = tmp_path / "job.py"
    script.write_text(SCRIPT, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
                           "--cache-dir", str(tmp_path / "cache"), str(script)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]


def test_the_package_itself_type_checks(tmp_path):
    """``mypy src/scrapekit`` finds nothing (session 18 took it from 57 errors to none; most were
    selectolax 1.0's ``LexborNode | None`` returns and missing stubs of lxml, warcio, pyarrow)."""
    pytest.importorskip("mypy")
    from pathlib import Path

    src = Path(scrapekit.__file__).resolve().parent
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir",
                           str(tmp_path / "cache"), str(src)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]
