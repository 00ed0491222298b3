"""Score extraction against gold annotations (``ruhrgraph evaluate``).

Gold files are YAML, one key per article file::

    000_cbab0d245a9d8950.txt:
      Organization: [[Business Metropole Ruhr, BMR], [Wirtschaftsförderung Dortmund]]
      Person: [[Julia Jäger]]
      City: [[Dortmund]]
      Country: [[Korea, Südkorea]]
      optional: {Organization: [[MEDICA]]}        # neither required nor false positives
      not_entities: {Person: [Metropole Ruhr]}      # must not be emitted as that type
      affiliation: [[Julia Jäger, Wirtschaftsförderung Dortmund]]
      located_in: [[Wirtschaftsförderung Dortmund, Dortmund]]
      visit: [{country: Korea, hosts: [Business Metropole Ruhr]}]

Each alias group is one entity; labels match after folding case, Unicode form, punctuation,
academic titles and legal forms. Entities are the extracted nodes typed (through
``rdfs:subClassOf*`` in the ontology) ``schema:Organization``, ``schema:Person``,
``schema:City`` or ``schema:Country`` (the categories of :data:`ruhrgraph.classes.GOLD`);
relations are found through the standard properties
(``schema:affiliation``, ``org:member``/``org:organization``, ``schema:location`` …) or
sub-properties the ontology declares. A visit counts when an event links to a host and, within
two hops, to the visitors' country (article, evidence and activity nodes are not hops).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, OWL, RDF, RDFS, SKOS

from ruhrgraph import _yaml, classes
from ruhrgraph._resources import resource_dir
from ruhrgraph.errors import InputError, ReadError
from ruhrgraph.namespace import RG, SDO

ENTITY_TYPES = ("Organization", "Person", "City", "Country")
"""The gold entity types (categories of :data:`ruhrgraph.classes.GOLD`)."""
RELATIONS = ("affiliation", "located_in", "visit")


def _s(name: str) -> set[URIRef]:
    return {URIRef(ns + name) for ns in (str(SDO), "http://schema.org/")}


_LABEL_ROOTS = {RDFS.label, SKOS.prefLabel, SKOS.altLabel, FOAF.name} | _s("name") | _s("alternateName")
_AFF_ROOTS = _s("affiliation") | _s("worksFor") | _s("memberOf") | {ORG.memberOf, ORG.headOf}
_AFF_INV_ROOTS = _s("employee") | _s("member") | _s("employees") | _s("members") | {ORG.hasMember}
_LOC_ROOTS = (_s("location") | _s("containedInPlace") | _s("areaServed") | _s("foundingLocation")
              | {ORG.basedAt, ORG.hasSite, ORG.hasPrimarySite, ORG.hasRegisteredSite})
_TITLES = re.compile(r"\b(prof|dr|dipl|ing|med|rer|nat|h c|mba)\b")
_LEGAL = re.compile(r"\b(gmbh|mbh|ag|e v|ev|se|kg|co|inc|ltd|gruppe)\b")


def fold(text: str) -> str:
    """The matching key of a label: case, Unicode form, punctuation, titles and legal forms folded.

    >>> fold("Dr. Joanna Stachnik") == fold("joanna  stachnik")
    True
    """
    t = unicodedata.normalize("NFKC", str(text)).casefold()
    t = re.sub(r"[^\w]+", " ", t).replace("_", " ")
    t = _TITLES.sub(" ", t)
    t = _LEGAL.sub(" ", t)
    return " ".join(t.split())


def _down(g: Graph, roots: set[URIRef], link: URIRef) -> set[URIRef]:
    """``roots`` and everything below them through the property axiom ``link``."""
    seen, todo = set(roots), list(roots)
    while todo:
        node = todo.pop()
        for n in g.subjects(link, node):
            if isinstance(n, URIRef) and n not in seen:
                seen.add(n)
                todo.append(n)
    return seen


def _class_axioms(g: Graph) -> list[tuple[str, str]]:
    """``(sub, super)`` class axioms of ``g``: ``rdfs:subClassOf``, and ``owl:equivalentClass``
    both ways."""
    pairs = [(str(s), str(o)) for s, o in g.subject_objects(RDFS.subClassOf)
             if isinstance(s, URIRef) and isinstance(o, URIRef)]
    for a, b in g.subject_objects(OWL.equivalentClass):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            pairs += [(str(a), str(b)), (str(b), str(a))]
    return pairs


@dataclass
class ArticleScore:
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    relations: dict[str, dict[str, Any]] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    error: str = ""


class _Graded:
    def __init__(self, data: Graph, onto: Graph) -> None:
        self.g = data
        schema = onto + data
        axioms = _class_axioms(schema)
        self.types = {k: classes.GOLD.members(k, axioms) for k in ENTITY_TYPES}
        self.events = classes.GOLD.members("Event", axioms)
        self.docs = classes.GOLD.members("Document", axioms)

        def sub(props: set[URIRef]) -> set[URIRef]:
            return set().union(*(_down(schema, {p}, RDFS.subPropertyOf) for p in props))

        self.label_props = sub(_LABEL_ROOTS)
        self.aff, self.aff_inv, self.loc = sub(_AFF_ROOTS), sub(_AFF_INV_ROOTS), sub(_LOC_ROOTS)
        self.labels: dict[Any, set[str]] = defaultdict(set)
        for s, p, o in data:
            if p in self.label_props and isinstance(o, Literal):
                self.labels[s].add(fold(o))

    def typed(self, kind: str) -> set:
        kinds = self.types[kind]
        return {s for s, o in self.g.subject_objects(RDF.type) if str(o) in kinds}

    def nodes(self, aliases: list[str], pool: set | None = None) -> set:
        keys = {fold(a) for a in aliases}
        candidates = self.labels.keys() if pool is None else pool
        return {n for n in candidates if self.labels.get(n, set()) & keys}

    def affiliated(self, p: Any, o: Any) -> bool:
        g = self.g
        if any((p, prop, o) in g for prop in self.aff) or any((o, prop, p) in g for prop in self.aff_inv):
            return True
        if any((m, ORG.organization, o) in g for m in g.subjects(ORG.member, p)):
            return True
        return any((post, ORG.postIn, o) in g for post in g.objects(p, ORG.holds))

    def rule_pairs(self, kind: str) -> dict[tuple[Any, Any], set[str]]:
        """Every extracted (person, organisation) or (organisation, city) pair, with the rules
        (``rg:rule`` of the statement that carries it; ``"?"`` for a bare triple) that gave it."""
        g = self.g
        out: dict[tuple[Any, Any], set[str]] = defaultdict(set)

        def rules(node: Any) -> set[str]:
            return {str(r) for r in g.objects(node, RG.rule)} or {"?"}

        if kind == "affiliation":
            for prop in self.aff:
                for a, b in g.subject_objects(prop):
                    out[(a, b)].add("?")
            for prop in self.aff_inv:
                for b, a in g.subject_objects(prop):
                    out[(a, b)].add("?")
            for m, person in g.subject_objects(ORG.member):
                for org in g.objects(m, ORG.organization):
                    out[(person, org)] |= rules(m)
            for person, post in g.subject_objects(ORG.holds):
                for org in g.objects(post, ORG.postIn):
                    out[(person, org)] |= rules(post)
        else:
            orgs, cities = self.typed("Organization"), self.typed("City")
            for prop in self.loc:
                for org, mid in g.subject_objects(prop):
                    if org not in orgs:
                        continue
                    if mid in cities:
                        out[(org, mid)].add("?")
                    elif not isinstance(mid, Literal):
                        for city in g.objects(mid):
                            if city in cities:
                                out[(org, city)].add("?")
            for st in g.subjects(RDF.predicate, None):
                pred = next(iter(g.objects(st, RDF.predicate)))
                if pred not in self.loc:
                    continue
                for org in g.objects(st, RDF.subject):
                    for city in g.objects(st, RDF.object):
                        if org in orgs and city in cities:
                            out[(org, city)] |= rules(st)
        for found in out.values():  # a statement's rule replaces the "?" of its own triple
            if len(found) > 1:
                found.discard("?")
        return {pair: found for pair, found in out.items()
                if not isinstance(pair[0], Literal) and not isinstance(pair[1], Literal)}

    def located(self, o: Any, c: Any) -> bool:
        for prop in self.loc:
            for mid in self.g.objects(o, prop):
                if mid == c or any(x == c for _, x in self.g.predicate_objects(mid)):
                    return True
        return False

    def _near(self, n: Any) -> set:
        out = {o for p, o in self.g.predicate_objects(n) if p != RDF.type and not isinstance(o, Literal)}
        out |= {s for s, p in self.g.subject_predicates(n) if p != RDF.type}
        return {x for x in out if not {str(t) for t in self.g.objects(x, RDF.type)} & self.docs}

    def visited(self, countries: set, hosts: set) -> bool:
        for e in {s for s, o in self.g.subject_objects(RDF.type) if str(o) in self.events}:
            near = self._near(e)
            if not near & hosts:
                continue
            two = set(near)
            for n in near:
                two |= self._near(n)
            if two & countries:
                return True
        return False


def score_graph(data: Graph, gold: dict[str, Any], onto: Graph) -> ArticleScore:
    """Score one article's extracted graph against its gold entry."""
    sc = _Graded(data, onto)
    res = ArticleScore()
    alias_groups = {fold(a): grp for kind in ENTITY_TYPES for grp in gold.get(kind) or [] for a in grp}

    def group(label: str) -> list[str]:
        return alias_groups.get(fold(label), [label])

    for kind in ENTITY_TYPES:
        groups = gold.get(kind) or []
        typed = sc.typed(kind)
        found = [g for g in groups if sc.nodes(g, typed)]
        optional_groups = (gold.get("optional") or {}).get(kind) or []
        gold_keys = {fold(a) for g in groups + optional_groups for a in g}
        false_pos = sorted({sorted(sc.labels.get(n, {"<no label>"}))[0] for n in typed
                            if not (sc.labels.get(n, set()) & gold_keys)})
        res.entities[kind] = {"gold": len(groups), "found": len(found), "extracted": len(typed),
                              "missed": [g[0] for g in groups if g not in found], "unmatched": false_pos}
    for kind, bad in (gold.get("not_entities") or {}).items():
        typed = sc.typed(kind) if kind in sc.types else set()
        res.violations += [f"{kind}: {b}" for b in bad if sc.nodes([b], typed)]

    def relation(name: str, pairs: list, test: Any) -> None:
        hits, missed = 0, []
        for a, b in pairs:
            ok = any(test(x, y) for x in sc.nodes(group(a)) for y in sc.nodes(group(b)))
            hits += ok
            if not ok:
                missed.append(f"{a} -> {b}")
        res.relations[name] = {"gold": len(pairs), "found": hits, "missed": missed}

    optional = gold.get("optional") or {}
    optional_keys = {fold(a) for kind in ENTITY_TYPES for grp in optional.get(kind) or [] for a in grp}

    def keys(node: Any) -> set[str]:
        """The preferred gold names ``node`` matches, or ``?label`` when it matches none."""
        labels = sc.labels.get(node, set())
        hit = {fold(alias_groups[a][0]) for a in labels if a in alias_groups}
        return hit or {"?" + a for a in labels} or {"?" + str(node)}

    def precision(name: str, pairs: list) -> None:
        right_pairs = {(fold(group(a)[0]), fold(group(b)[0])) for a, b in pairs + (optional.get(name) or [])}
        seen: set[tuple[str, str]] = set()
        wrong: list[str] = []
        correct = 0
        per_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (x, y), rules in sorted(sc.rule_pairs(name).items(), key=lambda kv: str(kv[0])):
            kx, ky = keys(x), keys(y)
            if any(all(k.startswith("?") for k in ks) and sc.labels.get(n, set()) & optional_keys
                   for n, ks in ((x, kx), (y, ky))):
                continue  # one end is an optional entity: neither right nor wrong
            pair = (min(kx), min(ky))
            if pair in seen:
                continue
            seen.add(pair)
            ok = any((a.lstrip("?"), b.lstrip("?")) in right_pairs for a in kx for b in ky)
            correct += ok
            if not ok:
                wrong.append(f"{pair[0].lstrip('?')} -> {pair[1].lstrip('?')} ({', '.join(sorted(rules))})")
            for rule in rules:
                per_rule[rule][0] += ok
                per_rule[rule][1] += 1
        res.relations[name].update(extracted=len(seen), correct=correct, wrong=wrong,
                                   rules={r: v for r, v in sorted(per_rule.items())})

    relation("affiliation", gold.get("affiliation") or [], sc.affiliated)
    precision("affiliation", gold.get("affiliation") or [])
    relation("located_in", gold.get("located_in") or [], sc.located)
    precision("located_in", gold.get("located_in") or [])
    pairs = [(v["country"], h) for v in gold.get("visit") or [] for h in v["hosts"]]
    hits, missed = 0, []
    for c, h in pairs:
        ok = sc.visited(sc.nodes(group(c)), sc.nodes(group(h)))
        hits += ok
        if not ok:
            missed.append(f"{c} -> {h}")
    res.relations["visit"] = {"gold": len(pairs), "found": hits, "missed": missed}
    return res


@dataclass
class Evaluation:
    articles: dict[str, ArticleScore]
    totals: dict[str, list[int]]  # kind -> [found, gold, extracted]; relations: [found, gold, correct, extracted]
    rules: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # relation -> rule -> [correct, extracted]

    def relation_precision(self, kind: str) -> float | None:
        """Precision of the extracted pairs of ``kind`` (``None`` where it is not measured: visits)."""
        t = self.totals.get(kind, [])
        if len(t) < 4:
            return None
        return t[2] / t[3] if t[3] else 1.0

    @property
    def overall_relation_precision(self) -> float:
        correct = sum(self.totals[k][2] for k in RELATIONS if len(self.totals.get(k, [])) == 4)
        extracted = sum(self.totals[k][3] for k in RELATIONS if len(self.totals.get(k, [])) == 4)
        return correct / extracted if extracted else 1.0

    def prf(self, kind: str) -> tuple[float, float, float]:
        tp, gold, extracted = self.totals[kind]
        return _prf(tp, gold, extracted)

    @property
    def entity_prf(self) -> tuple[float, float, float]:
        tp = sum(self.totals[k][0] for k in ENTITY_TYPES)
        gold = sum(self.totals[k][1] for k in ENTITY_TYPES)
        ext = sum(self.totals[k][2] for k in ENTITY_TYPES)
        return _prf(tp, gold, ext)

    @property
    def relation_recall(self) -> float:
        tp = sum(self.totals[k][0] for k in RELATIONS)
        n = sum(self.totals[k][1] for k in RELATIONS)
        return tp / n if n else 1.0

    @property
    def violations(self) -> int:
        return sum(len(a.violations) for a in self.articles.values())

    @property
    def failed(self) -> list[str]:
        return [n for n, a in self.articles.items() if a.error]


def _prf(tp: int, gold: int, extracted: int) -> tuple[float, float, float]:
    r = tp / gold if gold else 1.0
    p = tp / extracted if extracted else (1.0 if not gold else 0.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_gold(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    try:
        data = _yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReadError(p, "no such gold file") from None
    except yaml.YAMLError as exc:
        raise InputError(p, f"the gold file is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(p, "the gold file must map article file names to annotations")
    for name, entry in data.items():
        if not isinstance(name, str) or not name.strip():
            raise InputError(p, f"{name!r} is not an article file name")
        if entry is None:
            continue
        if not isinstance(entry, dict):
            raise InputError(p, f"{name}: the annotations must be a mapping (Organization: [...], ...), "
                                f"not {type(entry).__name__}")
        for kind, value in entry.items():
            if value is not None and not isinstance(value, (list, dict)):
                raise InputError(p, f"{name}: {kind} must be a list, not {type(value).__name__}")
        for visit in entry.get("visit") or []:
            if not isinstance(visit, dict) or not isinstance(visit.get("hosts") or [], list):
                raise InputError(p, f"{name}: each visit must be a mapping with a list of hosts")
        optional = entry.get("optional")
        sections: list[tuple[str, dict]] = [("", entry), ("optional ", optional if isinstance(optional, dict) else {})]
        for where, section in sections:
            for relation in ("affiliation", "located_in"):
                for pair in section.get(relation) or []:
                    if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
                        raise InputError(p, f"{name}: each {where}{relation} must be a pair of two names, not "
                                            f"{pair!r} (a name with a comma needs quotes)")
    return data


def _article_path(gold: Path, articles: Path, name: str) -> Path:
    """``articles/name``, refusing names that lead out of the articles folder (``../``, absolute)."""
    path = articles / name
    if not path.resolve().is_relative_to(articles.resolve()):
        raise InputError(gold, f"{name!r} is outside the articles folder {articles}; gold keys are file "
                               "names relative to --articles")
    return path


def ontology_graph() -> Graph:
    g = Graph()
    for ttl in sorted(resource_dir("ontology").glob("*.ttl")):
        g.parse(ttl, format="turtle")
    return g


def evaluate(gold_path: str | Path, articles_dir: str | Path) -> Evaluation:
    """Extract every article named in the gold file and score it."""
    from ruhrgraph.errors import RuhrgraphError
    from ruhrgraph.extract.pipeline import extract_file, to_dataset, union_graph

    gold = load_gold(gold_path)
    paths = {name: _article_path(Path(gold_path), Path(articles_dir), name) for name in gold}
    onto = ontology_graph()
    report: dict[str, ArticleScore] = {}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for kind in ("affiliation", "located_in"):
        totals[kind] = [0, 0, 0, 0]
    rules: dict[str, dict[str, list[int]]] = {"affiliation": defaultdict(lambda: [0, 0]),
                                              "located_in": defaultdict(lambda: [0, 0])}
    for name, entry in gold.items():
        annotations = entry or {}
        try:
            data = union_graph(to_dataset(extract_file(paths[name]), reference=False))
            report[name] = score_graph(data, annotations, onto)
        except RuhrgraphError as exc:
            report[name] = ArticleScore(error=str(exc))
        art = report[name]
        for kind in ENTITY_TYPES:
            e = art.entities.get(kind, {"found": 0, "unmatched": []})
            totals[kind][0] += e["found"]
            totals[kind][1] += len(annotations.get(kind) or [])
            totals[kind][2] += e["found"] + len(e.get("unmatched", []))
        for kind in RELATIONS:
            r = art.relations.get(kind)
            n = (sum(len(v["hosts"]) for v in annotations.get("visit") or []) if kind == "visit"
                 else len(annotations.get(kind) or []))
            totals[kind][0] += r["found"] if r else 0
            totals[kind][1] += n
            if r and "extracted" in r:
                totals[kind][2] += r["correct"]
                totals[kind][3] += r["extracted"]
                for rule, (ok, count) in r["rules"].items():
                    rules[kind][rule][0] += ok
                    rules[kind][rule][1] += count
    return Evaluation(report, dict(totals), {k: dict(sorted(v.items())) for k, v in rules.items()})


def render(ev: Evaluation, *, details: bool = True) -> str:
    """A plain-text report: the table, then (optionally) the misses and false positives per article."""
    lines = [f"{'measure':<14}{'P':>6}{'R':>6}{'F1':>6}   (found/gold/extracted)"]
    for k in ENTITY_TYPES:
        p, r, f = ev.prf(k)
        t = ev.totals.get(k, [0, 0, 0])
        lines.append(f"{k:<14}{p:6.2f}{r:6.2f}{f:6.2f}   ({t[0]}/{t[1]}/{t[2]})")
    for k in RELATIONS:
        tp, n = ev.totals.get(k, [0, 0])[:2]
        rec = tp / n if n else 1.0
        prec = ev.relation_precision(k)
        if prec is None:
            lines.append(f"{k:<14}{'':>6}{rec:6.2f}{'':>6}   ({tp}/{n})")
        else:
            correct, extracted = ev.totals[k][2:4]
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            lines.append(f"{k:<14}{prec:6.2f}{rec:6.2f}{f1:6.2f}   ({tp}/{n} found; {correct}/{extracted} extracted "
                         "pairs correct)")
    p, r, f = ev.entity_prf
    lines.append(f"violations of not_entities: {ev.violations}; articles failed: {len(ev.failed)}")
    lines.append(f"SUMMARY entity_F1={f:.2f} entity_P={p:.2f} entity_R={r:.2f} relation_R={ev.relation_recall:.2f}"
                 f" relation_P={ev.overall_relation_precision:.2f}")
    for kind, per_rule in ev.rules.items():
        if per_rule:
            lines.append(f"precision per rule, {kind}: " + ", ".join(
                f"{rule} {ok}/{n}" for rule, (ok, n) in sorted(per_rule.items(), key=lambda kv: -kv[1][1])))
    if details:
        for name, art in ev.articles.items():
            if art.error:
                lines.append(f"\n{name}: ERROR {art.error}")
                continue
            issues = []
            for kind, e in art.entities.items():
                if e["missed"]:
                    issues.append(f"  missed {kind}: {', '.join(e['missed'])}")
                if e["unmatched"]:
                    issues.append(f"  false {kind}: {', '.join(e['unmatched'])}")
            for kind, r_ in art.relations.items():
                if r_["missed"]:
                    issues.append(f"  missed {kind}: {'; '.join(r_['missed'])}")
                if r_.get("wrong"):
                    issues.append(f"  wrong {kind}: {'; '.join(r_['wrong'])}")
            if art.violations:
                issues.append(f"  not_entities violated: {', '.join(art.violations)}")
            if issues:
                lines.append(f"\n{name}")
                lines.extend(issues)
    return "\n".join(lines) + "\n"
