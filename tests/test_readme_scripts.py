"""Every README library example works pasted into a plain script (no __main__ guard): each
``python`` block of the README's Library section runs as a script in a subprocess, its URLs
rewritten to a loopback server, and prints the records it should."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED_PAGE

README = Path(__file__).resolve().parents[1] / "README.md"


def _snippets() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Library\n"):]
    section = section[:section.index("\n## ", 1)]
    return re.findall(r"```python\n(.*?)```", section, re.S)


SNIPPETS = _snippets()


def test_the_library_section_has_examples():
    assert len(SNIPPETS) >= 5


@pytest.mark.parametrize("index", range(len(SNIPPETS)))
def test_readme_snippet_runs_as_a_plain_script(index, server, token, tmp_path):
    code = re.sub(r"https://example\.com/news/(\w+)",
                  lambda m: f"{server.base}/article/{token}-{m.group(1)}", SNIPPETS[index])
    assert "__main__" not in code
    script = tmp_path / "job.py"
    script.write_text('print("TOP-LEVEL RUN")\n' + code, encoding="utf-8")
    (tmp_path / "page.html").write_bytes(SEED_PAGE.read_bytes())
    (tmp_path / "urls.txt").write_text(
        "".join(f"{server.base}/article/{token}-u{i}\n" for i in range(3)))
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert lines.count("TOP-LEVEL RUN") == 1  # the script ran once: no worker re-imported it
    records = lines[1:]
    assert records and all("Bakhmut" in line for line in records), proc.stdout
    if "urls.txt" in code:
        assert len(records) == 3


def _other_snippets() -> list[str]:
    """The python blocks outside the Library section (run from the checkout's root: their
    paths are the repository's fixtures)."""
    text = README.read_text(encoding="utf-8")
    start = text.index("## Library\n")
    end = text.index("\n## ", start + 1)
    return re.findall(r"```python\n(.*?)```", text[:start] + text[end:], re.S)


OTHER_SNIPPETS = _other_snippets()


def test_every_other_python_block_runs_as_pasted():
    assert OTHER_SNIPPETS, "the README has python blocks outside the Library section"
    root = README.parent
    for code in OTHER_SNIPPETS:
        proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                              text=True, timeout=180)
        assert proc.returncode == 0, (code, proc.stderr[-3000:])
        assert "Traceback" not in proc.stderr
