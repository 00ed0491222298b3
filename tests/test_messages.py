"""Messages a newcomer reads (issue #14): ``explain`` with a surname suggests the person first."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ruhrgraph.cli import app
from ruhrgraph.errors import ParameterError
from ruhrgraph.ingest.commit import ingest_paths
from ruhrgraph.network.explain import resolve_entity
from ruhrgraph.store.local import Store

ARTICLE = """Oberbürgermeister empfängt Gäste aus Taiwan
Essen, 12.03.2024
Essens Oberbürgermeister Thomas Kufen begrüßte am Dienstag eine Delegation aus Taiwan im Rathaus Essen.
Die Gäste informierten sich bei der Essener Wirtschaftsförderungsgesellschaft über den Standort.
"""


@pytest.fixture
def kufen_store(store_dir: Path, tmp_path: Path) -> Path:
    article = tmp_path / "kufen.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with Store.open(store_dir) as store:
        report = ingest_paths(store, [article])
    assert report.rejected == [], report.summary()
    return store_dir


def test_a_surname_suggests_the_person_before_similar_place_names(kufen_store: Path) -> None:
    with Store.open(kufen_store, read_only=True) as store:
        assert resolve_entity(store, "Thomas Kufen").endswith("/person/thomas-kufen")
        with pytest.raises(ParameterError) as caught:
            resolve_entity(store, "Kufen")
    message = str(caught.value)
    assert "did you mean 'Thomas Kufen'" in message  # first, before the fuzzy place names
    hint = message.split("did you mean ", 1)[1]
    if "Toufen" in hint:  # a gazetteer town spelt like it comes after the person
        assert hint.index("Thomas Kufen") < hint.index("Toufen")


def test_explain_command_suggests_the_person(kufen_store: Path) -> None:
    result = CliRunner().invoke(app, ["explain", "Kufen", "--store", str(kufen_store)])
    assert result.exit_code == 2
    assert "did you mean 'Thomas Kufen'" in " ".join(result.output.split())
