"""Architecture rules: no import cycles between ruhrgraph modules, no module over 600 lines.

Imports are read with :mod:`ast`, so every import counts — at module level, inside functions and
under ``if TYPE_CHECKING:`` alike: a cycle that only a late import hides is still a cycle in the
design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
MAX_LINES = 600
# Modules over the limit on the day this test was written, each waiting for its split.
# This list must only shrink: remove a module as soon as it is split, never add one.
TOO_LONG_TODAY: frozenset[str] = frozenset()  # empty: every module is under the limit


def modules(src: Path, package: str = "ruhrgraph") -> dict[str, tuple[Path, bool]]:
    """Dotted module name → (file, is a package ``__init__``) for every module of ``package``."""
    out = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (path, is_package)
    return out


def _known(name: str, known: dict[str, tuple[Path, bool]]) -> str | None:
    """The longest prefix of ``name`` that is one of our modules."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(name: str, path: Path, is_package: bool, known: dict[str, tuple[Path, bool]]) -> set[str]:
    """The modules of ``known`` that module ``name`` imports, anywhere in its file."""
    found: set[str] = set()
    here = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: "from . import x", "from ..model import Mention"
                package = here.split(".")
                package = package[:len(package) - node.level + 1]
                base = ".".join([*package, *([node.module] if node.module else [])])
            # "from pkg import sub" imports the submodule; "from mod import name" the module
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            module = _known(target, known)
            if module is not None and module != name:
                found.add(module)
    return found


def import_graph(src: Path, package: str = "ruhrgraph") -> nx.DiGraph:
    """Module → imported module, for every module of ``package`` under ``src``."""
    known = modules(src, package)
    graph = nx.DiGraph()
    for name, (path, is_package) in known.items():
        graph.add_node(name)
        for target in imports_of(name, path, is_package, known):
            graph.add_edge(name, target)
    return graph


def test_no_import_cycles() -> None:
    cycles = sorted(" → ".join([*cycle, cycle[0]]) for cycle in nx.simple_cycles(import_graph(SRC)))
    assert not cycles, ("import cycles between ruhrgraph modules (late and TYPE_CHECKING imports count too; move "
                        "what both sides need into a module of its own):\n" + "\n".join(cycles))


def _line_counts() -> dict[str, int]:
    root = SRC / "ruhrgraph"
    return {path.relative_to(root).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
            for path in sorted(root.rglob("*.py"))}


def test_no_module_over_600_lines() -> None:
    too_long = {name: n for name, n in _line_counts().items() if n > MAX_LINES and name not in TOO_LONG_TODAY}
    assert not too_long, f"modules over {MAX_LINES} lines (split them): {too_long}"


def test_the_allow_list_only_shrinks() -> None:
    counts = _line_counts()
    done = sorted(name for name in TOO_LONG_TODAY if counts.get(name, 0) <= MAX_LINES)
    assert not done, f"no longer over {MAX_LINES} lines (or gone): remove from TOO_LONG_TODAY: {done}"


# -- the checks check themselves, on a tiny package -----------------------------------------------
def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(("files", "cycle"), [
    pytest.param({"__init__.py": "", "a.py": "from pkg.b import f\n", "b.py": "def f():\n    from pkg import a\n"},
                 True, id="function-level"),
    pytest.param({"__init__.py": "", "a.py": "from . import b\n", "b.py": "from .a import x\n"},
                 True, id="relative"),
    pytest.param({"__init__.py": "", "a.py": "from pkg.b import f\n",
                  "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import S\n"},
                 True, id="type-checking"),
    pytest.param({"__init__.py": "", "sub/__init__.py": "from pkg.sub.c import g\n",
                  "sub/c.py": "from ..a import y\n", "a.py": "import pkg.sub\n"}, True, id="package-init"),
    pytest.param({"__init__.py": "", "sub/__init__.py": "from pkg.sub.c import g\n",
                  "sub/c.py": "from pkg.sub import d\n", "sub/d.py": "x = 1\n"}, False, id="init-reexports"),
    pytest.param({"__init__.py": "", "a.py": "import json\nfrom pkg.b import f\n", "b.py": "import os\n"},
                 False, id="layered"),
])
def test_the_cycle_check_finds_cycles(tmp_path: Path, files: dict[str, str], cycle: bool) -> None:
    graph = import_graph(_package(tmp_path, files), "pkg")
    assert bool(list(nx.simple_cycles(graph))) is cycle
