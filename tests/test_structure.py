"""Structure checks: no import cycle inside src/scrapekit (lazy and type-checking imports included), and offline
extraction (files, WARC archives) never loads the network stack."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, SEED_PAGE

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "scrapekit"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str) -> set[str]:
    """Modules of the package that ``path`` imports, anywhere: at the top, inside functions
    (a lazy import is still a dependency) or for type checkers."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("scrapekit"):
                out.add(target)
                for alias in node.names:  # "from . import x" may name a submodule
                    out.add(f"{target}.{alias.name}")
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("scrapekit"))
    return out


def test_the_import_graph_has_no_cycle():
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    # a module's own ancestor packages are always imported before it: not an edge
    graph = {name: {m for m in _imports(path, name)
                    if m in modules and m != name and not name.startswith(m + ".")}
             for name, path in modules.items()}
    # importing a submodule runs its package's __init__ first
    for name in list(graph):
        for dep in list(graph[name]):
            parent = dep.rpartition(".")[0]
            while parent and parent != name and not name.startswith(parent + "."):
                if parent in modules:
                    graph[name].add(parent)
                parent = parent.rpartition(".")[0]
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                cycle = stack[stack.index(dep):] + [dep]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


NETWORK = ("httpx", "httpcore", "tenacity")


def _offline_run(code: str) -> list[str]:
    check = (code + "\nimport sys\n"
             f"print([m for m in {NETWORK!r} if m in sys.modules])\n")
    proc = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return eval(proc.stdout.strip().splitlines()[-1])  # a printed list of names


def test_extract_files_never_imports_the_network_stack():
    page = SEED_PAGE
    loaded = _offline_run("import scrapekit\n"
                          f"recs = list(scrapekit.extract_files([{str(page)!r}]))\n"
                          "assert recs[0].ok, recs[0].error\n")
    assert loaded == []


def test_cli_extract_of_a_warc_never_imports_the_network_stack(tmp_path):
    warc = FIXTURES / "warc" / "mixed.warc.gz"
    out = tmp_path / "out.jsonl"
    loaded = _offline_run("from scrapekit.cli import main\n"
                          f"code = main(['extract', {str(warc)!r}, '-o', {str(out)!r}, '-q'])\n"
                          "assert code == 0\n")
    assert loaded == []
    assert out.read_text().count("\n") >= 1
