"""The relation rules on their own: sentences, mentions and entities built by hand, statements checked.

Cases are in ``tests/data/extract_units/relations.yaml`` (the format is described at its top); no
mention finder and no linker runs, so a failure here is a failure of ``relations``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import URIRef

from ruhrgraph.extract.relations import derive, parse_dates
from ruhrgraph.extract.relations.symbols import symbolise
from ruhrgraph.extract.resources import Resources
from ruhrgraph.iri import mint
from ruhrgraph.model import Article, Entity, Mention, Section, Sentence, Statement

DATA = Path(__file__).parent / "data" / "extract_units"
CASES = yaml.safe_load((DATA / "relations.yaml").read_text(encoding="utf-8"))
_CLASS = {"person": "Person", "organisation": "Organisation", "city": "City", "country": "Country",
          "region": "Region", "event": "TradeFair"}


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.build(ner=None)


def build(case: dict[str, Any], resources: Resources) -> tuple[Article, list[Sentence], list[Entity], list[Mention]]:
    """The article, sentences, entities and mentions a case describes."""
    raw = [s if isinstance(s, dict) else {"text": s} for s in case["sentences"]]
    text = "\n".join(s["text"] for s in raw)
    sentences, pos = [], 0
    for i, s in enumerate(raw):
        sentences.append(Sentence(i, pos, pos + len(s["text"]), s["text"], int(s.get("section", 0))))
        pos += len(s["text"]) + 1
    kinds = case.get("sections") or []
    sections = []
    for n in range(max(s.section for s in sentences) + 1):
        own = [s for s in sentences if s.section == n]
        sections.append(Section(own[0].start, own[-1].end, "", kinds[n] if n < len(kinds) else "body"))
    article = Article(id=case["id"], text=text, source=f"{case['id']}.txt", title="",
                      date=date.fromisoformat(str(case["date"])) if case.get("date") else None,
                      sections=tuple(sections))
    gz = resources.gazetteer
    mentions: list[Mention] = []
    groups: dict[str, list[Mention]] = {}
    for spec in case["mentions"]:
        si = spec.get("sentence", next((s.index for s in sentences if spec["text"] in s.text), None))
        assert si is not None, f"{spec['text']!r} is in no sentence of case {case['id']}"
        start = sentences[si].start + sentences[si].text.index(spec["text"])
        attrs = tuple(sorted((k, str(v)) for k, v in (spec.get("attrs") or {}).items()))
        m = Mention(start, start + len(spec["text"]), spec["text"], spec["kind"], si, spec.get("rule", "given"),
                    spec.get("key", ""), _CLASS.get(spec["kind"], ""), 0.9, attrs)
        mentions.append(m)
        if m.kind not in {"role", "sector"}:
            groups.setdefault(spec.get("entity", spec["text"]), []).append(m)
    entities = []
    for label, ms in groups.items():
        entry = gz.entries.get(ms[0].key)
        if entry is not None:
            entities.append(Entity(entry.iri, ms[0].kind, entry.rdf_class, entry.name, (), tuple(ms)))
        else:
            entities.append(Entity(mint(ms[0].kind, label), ms[0].kind, _CLASS[ms[0].kind], label, (), tuple(ms)))
    return article, sentences, entities, sorted(mentions, key=lambda m: (m.start, -m.end))


def _labels(iris: list[URIRef], entities: list[Entity], resources: Resources) -> set[str]:
    gz = resources.gazetteer
    names = {e.iri: e.label for e in entities}
    return {names.get(i) or (gz.entries[gz.by_iri[str(i)]].name if str(i) in gz.by_iri else str(i)) for i in iris}


def _matches(st: Statement, want: dict[str, Any], entities: list[Entity], resources: Resources) -> bool:
    if st.kind != want["kind"] or ("rule" in want and st.rule != want["rule"]):
        return False
    for role, labels in (want.get("roles") or {}).items():
        if _labels(st.get(role), entities, resources) != set(labels):
            return False
    return all(st.attr(k) == str(v) for k, v in (want.get("attrs") or {}).items())


def _show(statements: list[Statement], entities: list[Entity], resources: Resources) -> str:
    return "\n".join(f"  {st.kind} ({st.rule}) " + ", ".join(
        f"{role}={sorted(_labels(st.get(role), entities, resources))}" for role in dict(st.roles))
        + f" {dict(st.attrs)}" for st in statements)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_relation_rules(case: dict[str, Any], resources: Resources) -> None:
    article, sentences, entities, mentions = build(case, resources)
    entities, statements = derive(article, article.id, sentences, entities, mentions, resources)
    for want in case.get("statements") or []:
        assert any(_matches(st, want, entities, resources) for st in statements), \
            f"missing {want}; derived:\n{_show(statements, entities, resources)}"
    for kind in case.get("absent") or []:
        found = [st for st in statements if st.kind == kind]
        assert not found, f"no {kind} expected; derived:\n{_show(found, entities, resources)}"


def test_statements_carry_their_sentences_as_evidence(resources: Resources) -> None:
    case = next(c for c in CASES if c["id"] == "demonym-group-and-reception")
    article, sentences, entities, mentions = build(case, resources)
    _, statements = derive(article, article.id, sentences, entities, mentions, resources)
    visit = next(st for st in statements if st.kind == "visit")
    assert [ev.sentence for ev in visit.evidence] == [0, 1]
    for ev in visit.evidence:
        assert article.text[ev.start:ev.end] == ev.quote


def test_derive_is_deterministic_and_keeps_its_input(resources: Resources) -> None:
    case = next(c for c in CASES if c["id"] == "seat-city-in-name")
    article, sentences, entities, mentions = build(case, resources)
    given = list(entities)
    first = derive(article, article.id, sentences, entities, mentions, resources)
    assert entities == given
    assert [e.label for e in first[0]] == ["Wirtschaftsförderung Dortmund", "Dortmund"]  # the city in the name
    assert derive(article, article.id, sentences, entities, mentions, resources) == first


@pytest.mark.parametrize(("text", "mentions", "symbols"), [
    ("Julia Jäger von der BMR begrüßte die Gäste.", [("Julia Jäger", "person"), ("BMR", "organisation")],
     "P0 von der O1 begrüßte die Gäste ."),
    ("Das Dortmunder Start-up wächst.", [("Dortmunder", "city")], "Das C0ADJ Start-up wächst ."),
    ("Gäste aus Korea, Japan und Essen.", [("Korea", "country"), ("Japan", "country"), ("Essen", "city")],
     "Gäste aus K0 , K1 und C2 ."),
])
def test_symbol_strings(text: str, mentions: list[tuple[str, str]], symbols: str) -> None:
    sentence = Sentence(0, 0, len(text), text)
    given = [Mention(text.index(t), text.index(t) + len(t), t, kind, 0, "given",
                     attrs=(("adjective", "1"),) if t == "Dortmunder" else ()) for t, kind in mentions]
    assert symbolise(sentence, given).symbols == symbols


@pytest.mark.parametrize(("text", "year", "expected"), [
    ("vom 14. - 17.11. stattfindet", 2023, (date(2023, 11, 14), date(2023, 11, 17))),
    ("vom 3. bis 5. März 2024 in Essen", None, (date(2024, 3, 3), date(2024, 3, 5))),
    ("am 12. Mai", 2024, (date(2024, 5, 12), None)),
    ("am 14.11.2023", None, (date(2023, 11, 14), None)),
    ("am 12. Mai", None, None),
    ("am 31. Februar 2024", None, None),
    ("Die Halle hat 3. Stock", 2024, None),
])
def test_parse_dates(text: str, year: int | None, expected: tuple[date, date | None] | None) -> None:
    assert parse_dates(text, year) == expected
