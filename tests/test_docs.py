"""The documentation builds and cannot drift from the ontology and the command line."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import typer

from ruhrgraph.cli import app

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
REGENERATE = "run  python scripts/generate_docs.py  and commit the result"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_docs", ROOT / "scripts" / "generate_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(generator: ModuleType) -> dict[Path, str]:
    return generator.pages()


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
         "--site-dir", str(tmp_path / "site")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "ontology" / "index.html").is_file()


@pytest.mark.parametrize("page", ["ontology.md", "cli.md"])
def test_generated_page_is_up_to_date(generated: dict[Path, str], page: str) -> None:
    path = DOCS / page
    assert path.is_file(), f"docs/{page} is missing: {REGENERATE}"
    assert path.read_text(encoding="utf-8") == generated[path], f"docs/{page} is out of date: {REGENERATE}"


def test_every_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^## `ruhrgraph ([a-z-]+)`", text, flags=re.MULTILINE))
    commands = {name for name, cmd in typer.main.get_command(app).commands.items()  # type: ignore[attr-defined]
                if not cmd.hidden}
    assert commands, "no commands registered"
    assert commands <= documented, f"undocumented commands {sorted(commands - documented)}: {REGENERATE}"
    removed = sorted(documented - commands)
    assert not removed, f"docs/cli.md lists removed commands {removed}: {REGENERATE}"


def test_every_option_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name, cmd in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        section = text.split(f"## `ruhrgraph {name}`", 1)[-1].split("\n## ", 1)[0]
        for param in cmd.params:
            if param.hidden or not param.opts[0].startswith("-"):
                continue
            assert f"`{param.opts[0]}`" in section, f"{name} {param.opts[0]} undocumented: {REGENERATE}"


def test_ontology_page_lists_every_term(generated: dict[Path, str]) -> None:
    from ruhrgraph.namespace import RG

    text = generated[DOCS / "ontology.md"]
    missing = [term for term in dir(RG) if f"`rg:{str(term).rsplit('#', 1)[-1]}`" not in text]
    assert not missing


def test_nav_pages_exist() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = re.findall(r"^\s*- (?:[^:\n]+: )?([\w/.-]+\.md)\s*$", config, flags=re.MULTILINE)
    assert "index.md" in pages and "ontology.md" in pages and "cli.md" in pages
    for page in pages:
        assert (DOCS / page).is_file(), page


def test_decisions_have_context_decision_consequences() -> None:
    decisions = sorted(p.name for p in (DOCS / "decisions").glob("[0-9][0-9][0-9][0-9]-*.md"))
    assert decisions[:3] == ["0001-embedded-store-oxigraph.md", "0002-deterministic-iris.md",
                             "0003-graph-model.md"]
    for name in decisions:
        text = (DOCS / "decisions" / name).read_text(encoding="utf-8")
        assert {"## Context", "## Decision", "## Consequences"} <= set(re.findall(r"^## \w+", text, re.M))
