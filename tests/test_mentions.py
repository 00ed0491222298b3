"""Mention finding: lexicon and pattern families on small fictional snippets, and the optional
statistical NER hook (a spaCy pipeline with an ``entity_ruler`` stands in for a trained model, so
the integration path is exercised without downloading anything)."""

from __future__ import annotations

import pytest
import spacy

from ruhrgraph.extract import mentions
from ruhrgraph.extract.mentions import find_mentions, use_statistical_ner
from ruhrgraph.extract.segment import split_sentences


def _find(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in find_mentions(text, split_sentences(text)):
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
def test_mention_families(text: str, kind: str, expected: str) -> None:
    assert expected in _find("Titel\n" + text).get(kind, set())


@pytest.mark.parametrize(("text", "kind", "unexpected"), [
    ("Im Norden der Stadt wird gebaut.", "city", "Norden"),
    ("Die Metropole Ruhr wächst.", "person", "Metropole Ruhr"),
    ("Das Essen war gut, sagte Lena Marl.", "city", "Marl"),
    ("Er sprach mit Charlotte Imhof.", "city", "Charlotte"),
    ("Die Firma sitzt an der Bochumer Straße 4.", "city", "Bochumer"),
])
def test_guards_against_false_positives(text: str, kind: str, unexpected: str) -> None:
    assert unexpected not in _find("Titel\n" + text).get(kind, set())


def test_statistical_ner_adds_candidates_the_rules_miss() -> None:
    text = "Titel\nAuch Quarzwerk Nordhafen war vertreten."
    assert "Quarzwerk Nordhafen" not in _find(text).get("organisation", set())
    stand_in = spacy.blank("de")
    ruler = stand_in.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Quarzwerk Nordhafen"}])
    use_statistical_ner(stand_in)
    try:
        found = find_mentions(text, split_sentences(text))
    finally:
        use_statistical_ner(None)
    orgs = [m for m in found if m.kind == "organisation"]
    assert [(m.text, m.rule) for m in orgs] == [("Quarzwerk Nordhafen", "statistical-ner")]


def test_no_model_is_downloaded_or_required() -> None:
    mentions._NER.clear()
    assert mentions.statistical_ner() is None or hasattr(mentions.statistical_ner(), "pipe_names")
