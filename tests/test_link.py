"""The linker on its own: mentions built by hand, the entities (labels, IRIs, merge rules) checked.

Cases are in ``tests/data/extract_units/link.yaml`` (the format is described at its top).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ruhrgraph.extract.link import link, loose_key, person_name, strip_legal_form
from ruhrgraph.extract.resources import Resources
from ruhrgraph.model import Entity, Mention

DATA = Path(__file__).parent / "data" / "extract_units"
CASES = yaml.safe_load((DATA / "link.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.build(ner=None)


def mentions_of(case: dict[str, Any]) -> list[Mention]:
    """The mentions of a case, laid out one after another (offsets only order them)."""
    out, pos = [], 0
    for spec in case["mentions"]:
        attrs = tuple(sorted((k, str(v)) for k, v in (spec.get("attrs") or {}).items()))
        out.append(Mention(pos, pos + len(spec["text"]), spec["text"], spec["kind"], int(spec.get("sentence", 0)),
                           spec.get("rule", "given"), spec.get("key", ""), spec.get("class", ""), 0.8, attrs))
        pos += len(spec["text"]) + 1
    return out


def _check(entity: Entity, want: dict[str, Any]) -> None:
    fields = {"iri": str(entity.iri), "kind": entity.kind, "class": entity.rdf_class, "rule": entity.merge_rule,
              "aliases": list(entity.aliases), "mentions": [m.text for m in entity.mentions],
              "attrs": dict(entity.attrs), "same_as": bool(entity.same_as)}
    for name, value in want.items():
        if name != "label":
            assert fields[name] == value, f"{want['label']}: {name} is {fields[name]!r}, expected {value!r}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_link(case: dict[str, Any], resources: Resources) -> None:
    entities, _ = link(mentions_of(case), resources)
    if "count" in case:
        assert len(entities) == case["count"], [e.label for e in entities]
    by_label = {e.label: e for e in entities}
    for want in case.get("entities") or []:
        assert want["label"] in by_label, f"no entity {want['label']!r}; got {sorted(by_label)}"
        _check(by_label[want["label"]], want)


def test_link_maps_mentions_to_iris_and_keeps_its_input(resources: Resources) -> None:
    case = next(c for c in CASES if c["id"] == "acronym-joins-its-definition")
    mentions = mentions_of(case)
    given = list(mentions)
    entities, iris = link(mentions, resources)
    assert mentions == given  # the later "BCUA" is re-read as the acronym, but not in the caller's list
    assert set(iris) == {0, 1, 2}
    assert set(iris.values()) == {str(entities[0].iri)}
    assert [m.rule for m in entities[0].mentions] == ["acronym-definition", "acronym", "acronym"]


def test_link_is_deterministic(resources: Resources) -> None:
    for case in CASES:
        assert link(mentions_of(case), resources) == link(mentions_of(case), resources)


@pytest.mark.parametrize(("a", "b", "same"), [
    ("BioMedizinZentrum Dortmund", "BioMedizinZentrumDortmund", True),
    ("LogiTrans Ruhr AG", "Logitrans Ruhr", True),
    ("Instituts für Auslandsbeziehungen", "Institut für Auslandsbeziehungen", True),
    ("Straßenbau Ruhr GmbH", "Strassenbau Ruhr", True),
    ("Quarzwerk Nordhafen", "Quarzwerk Südhafen", False),
])
def test_loose_key(a: str, b: str, same: bool) -> None:
    assert (loose_key(a) == loose_key(b)) is same


@pytest.mark.parametrize(("name", "stripped"), [
    ("Hanse Cargo Logistics GmbH & Co. KG", "Hanse Cargo Logistics"),
    ("Netzwerk Logistik e. V.", "Netzwerk Logistik"),
    ("Sarvam Infotech Europe GmbH", "Sarvam Infotech Europe"),
    ("GmbH", ""),
    ("Quarzwerk Nordhafen", "Quarzwerk Nordhafen"),
])
def test_strip_legal_form(name: str, stripped: str) -> None:
    assert strip_legal_form(name) == stripped


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("Dr. Joanna Stachnik", "Joanna Stachnik", ("Joanna Stachnik", "Dr.")),
    ("Prof. Dr. Anna Beispiel", "Anna Beispiel", ("Anna Beispiel", "Prof. Dr.")),
    ("Frau Nguyen", "", ("Nguyen", "")),
])
def test_person_name(text: str, name: str, expected: tuple[str, str]) -> None:
    attrs = (("name", name),) if name else ()
    assert person_name(Mention(0, len(text), text, "person", 0, "title", attrs=attrs)) == expected
