"""Mention finding: lexicon and pattern families on small fictional snippets, and the optional
statistical NER hook (a spaCy pipeline with an ``entity_ruler`` stands in for a trained model, so
the integration path is exercised without downloading anything)."""

from __future__ import annotations

import pytest
import spacy

from ruhrgraph.extract import ner
from ruhrgraph.extract.mentions import find_mentions
from ruhrgraph.extract.resources import Resources
from ruhrgraph.extract.segment import split_sentences


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.build(ner=None)


def _find(text: str, resources: Resources) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in find_mentions(text, split_sentences(text), resources):
        out.setdefault(m.kind, set()).add(m.text)
    return out


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("Vertreter kanadischer Unternehmen kamen.", "country", "kanadischer"),
    ("Gäste aus dem Reich der Mitte kamen nach Essen. China ist wichtig.", "country", "Reich der Mitte"),
    ("Die Hanse Cargo Logistics GmbH & Co. KG baut.", "organisation", "Hanse Cargo Logistics GmbH & Co. KG"),
    ("Sie arbeitet bei der sequa gGmbH in Bonn.", "organisation", "sequa gGmbH"),
    ("Das Forschungszentrum Jülich forscht.", "organisation", "Forschungszentrum Jülich"),
    ("Die Cámara de Comercio de Sevilla lud ein.", "organisation", "Cámara de Comercio de Sevilla"),
    ("Business Tampere wirbt um Firmen.", "organisation", "Business Tampere"),
    ("Ein Besuch in Dortmund-Wambel folgte.", "city", "Dortmund-Wambel"),
    ("Sagt Geschäftsführerin Oluwaseun Adeyemi.", "person", "Oluwaseun Adeyemi"),
    ("„Wir wachsen“, sagt Xiaoming Li.", "person", "Xiaoming Li"),
])
def test_mention_families(text: str, kind: str, expected: str, resources: Resources) -> None:
    assert expected in _find("Titel\n" + text, resources).get(kind, set())


@pytest.mark.parametrize(("text", "kind", "unexpected"), [
    ("Im Norden der Stadt wird gebaut.", "city", "Norden"),
    ("Die Metropole Ruhr wächst.", "person", "Metropole Ruhr"),
    ("Das Essen war gut, sagte Lena Marl.", "city", "Marl"),
    ("Er sprach mit Charlotte Imhof.", "city", "Charlotte"),
    ("Die Firma sitzt an der Bochumer Straße 4.", "city", "Bochumer"),
])
def test_guards_against_false_positives(text: str, kind: str, unexpected: str, resources: Resources) -> None:
    assert unexpected not in _find("Titel\n" + text, resources).get(kind, set())


def test_statistical_ner_adds_candidates_the_rules_miss(resources: Resources) -> None:
    text = "Titel\nAuch Quarzwerk Nordhafen war vertreten."
    assert "Quarzwerk Nordhafen" not in _find(text, resources).get("organisation", set())
    stand_in = spacy.blank("de")
    ruler = stand_in.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Quarzwerk Nordhafen"}])
    found = find_mentions(text, split_sentences(text), Resources(resources.gazetteer, ner=stand_in))
    orgs = [m for m in found if m.kind == "organisation"]
    assert [(m.text, m.rule) for m in orgs] == [("Quarzwerk Nordhafen", "statistical-ner")]


def test_no_model_is_downloaded_or_required(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no German model installed there is no statistical NER, and nothing tries to fetch one."""
    import spacy.cli

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"tried to download or load a model that is not installed: {args}")

    monkeypatch.setattr(spacy.cli, "download", refuse)
    monkeypatch.setattr(spacy, "load", refuse)
    monkeypatch.setattr(spacy.util, "is_package", lambda name: False)
    assert ner.load_installed() is None
    res = Resources.build()
    assert res.ner is None
    assert res.extractor_name("ruhrgraph.rules.v1") == "ruhrgraph.rules.v1"


def test_an_installed_model_is_used_only_when_installed() -> None:
    installed = [name for name in ner.STATISTICAL_MODELS if spacy.util.is_package(name)]
    pipeline = ner.load_installed()
    if not installed:
        assert pipeline is None
    else:  # pragma: no cover - no model is installed in the test environment
        assert pipeline is not None and "ner" in getattr(pipeline, "pipe_names", [])
        assert ner.model_id(pipeline).startswith(installed[0] + "-")
