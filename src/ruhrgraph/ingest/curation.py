"""Steward curation: corrections in ``data/curation/*.yaml`` applied on every build.

A curation file lists rules (the format is documented in ``data/curation/README.md``)::

    curator: Anna Beispiel (Datenpflege)
    date: 2024-05-02
    rules:
      - id: bmr-wikidata
        action: link_wikidata
        entity: {organisation: Business Metropole Ruhr}
        wikidata: Q2928541
        why: The gazetteer entry lacks the Wikidata link.

Six actions:

==============  ======================================================  =====================
action          does                                                    how
==============  ======================================================  =====================
merge           ``from`` (one or several entities) becomes ``into``     rewrites every graph
rename          the preferred label of ``entity`` becomes ``label``     rewrites every graph
retype          the ``rg:`` class of ``entity`` becomes ``type``        rewrites every graph
delete          removes a wrong statement (``subject predicate          rewrites every graph
                object``, or a statement node ``statement``) with
                the nodes that reify it
add             adds a missing fact ``subject predicate object``        ``graph/curation``
link_wikidata   ``entity owl:sameAs wd:Q…``                             ``graph/curation``
==============  ======================================================  =====================

Rewriting rules are applied to each article graph before it is validated and committed (and to
the gazetteer graph); a graph a rule changed records it as ``<rule> prov:used <article>``. The
``graph/curation`` named graph describes every rule as an ``rg:CurationActivity`` with who
(``rg:curator``), when (``prov:endedAtTime``), why (``rg:reason``) and the rule id (``rg:rule``),
and holds the added facts. :func:`check` reports rules that no longer match anything.

Entity references are IRIs (``https://…``), prefixed names (``rg:Company``, ``wd:Q1``,
``id:organisation/bmr`` under the IRI base) or ``{kind: name}`` mappings minted like extraction
mints them (``{organisation: Wirtschaftsförderung Dortmund}``).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ruhrgraph import vocab
from ruhrgraph.errors import CurationError
from ruhrgraph.iri import KINDS, base_iri, graph_iri, mint, mint_hashed

RG = "https://w3id.org/ruhrgraph/ontology#"
ORG = "http://www.w3.org/ns/org#"
PREFIXES = vocab.select("rg", "schema", "org", "foaf", "prov", "skos", "owl", "rdf", "rdfs", "xsd", "dcterms",
                        "wd", "gn")
"""Prefixes a curation file may use (plus ``id:`` for ``<base>id/``)."""

ACTIONS = ("merge", "rename", "retype", "delete", "add", "link_wikidata")
REWRITING = frozenset({"merge", "rename", "retype", "delete"})
FIELDS = {
    "merge": ({"from", "into"}, {"label"}),
    "rename": ({"entity", "label"}, {"lang"}),
    "retype": ({"entity", "type"}, {"from_type"}),
    "delete": (set(), {"subject", "predicate", "object", "statement"}),
    "add": ({"subject", "predicate", "object"}, set()),
    "link_wikidata": ({"entity", "wikidata"}, set()),
}
COMMON = {"id", "action", "why", "curator", "date"}
_RG_MERGE_RULE = URIRef(RG + "mergeRule")
_RG_EVIDENCE_CLASS = URIRef(RG + "Evidence")
_AFFILIATION = URIRef("https://schema.org/affiliation")


@functools.lru_cache(maxsize=1)
def _ontology_terms() -> frozenset[str]:
    from ruhrgraph._resources import resource_dir

    g = Graph()
    g.parse(resource_dir("ontology") / "ruhrgraph.ttl", format="turtle")
    return frozenset(str(s) for s in g.subjects() if str(s).startswith(RG))


@dataclass(frozen=True)
class Rule:
    """One steward correction."""

    id: str
    action: str
    source: str
    curator: str
    when: datetime
    why: str
    entity: URIRef | None = None
    sources: tuple[URIRef, ...] = ()  # merge: the entities merged away
    label: str = ""
    lang: str = "de"
    rdf_type: URIRef | None = None
    from_type: URIRef | None = None
    subject: URIRef | None = None
    predicate: URIRef | None = None
    object: Node | None = None
    statement: URIRef | None = None

    @property
    def iri(self) -> URIRef:
        """The IRI of the rule's ``rg:CurationActivity``."""
        return mint("curation", self.id)

    @property
    def targets(self) -> tuple[URIRef, ...]:
        """The entities or statement the rule is about (for ``ruhrgraph explain``)."""
        found = [self.entity, *self.sources, self.subject, self.statement]
        return tuple(t for t in found if t is not None)

    @property
    def rewrites(self) -> bool:
        """``True`` for rules that rewrite graphs (merge, rename, retype, delete)."""
        return self.action in REWRITING

    def describe(self) -> str:
        """One line saying what the rule does."""
        def short(term: Node | None) -> str:
            if term is None:
                return "*"
            if isinstance(term, URIRef):
                text = str(term)
                for prefix, ns in PREFIXES.items():
                    if text.startswith(ns):
                        return f"{prefix}:{text[len(ns):]}"
                if text.startswith(base_iri() + "id/"):
                    return "id:" + text[len(base_iri()) + 3:]
                return f"<{text}>"
            return term.n3()

        if self.action == "merge":
            return f"merge {', '.join(short(s) for s in self.sources)} into {short(self.entity)}"
        if self.action == "rename":
            return f"rename {short(self.entity)} to {self.label!r}@{self.lang}"
        if self.action == "retype":
            return f"retype {short(self.entity)} as {short(self.rdf_type)}"
        if self.action == "delete":
            if self.statement is not None:
                return f"delete statement {short(self.statement)}"
            return f"delete {short(self.subject)} {short(self.predicate)} {short(self.object)}"
        if self.action == "add":
            return f"add {short(self.subject)} {short(self.predicate)} {short(self.object)}"
        return f"link {short(self.entity)} to {short(self.object)}"

    def as_json(self) -> dict[str, Any]:
        """A canonical dict (for the digest)."""
        return {k: (str(v) if not isinstance(v, Literal) else v.n3()) if v is not None else None
                for k, v in sorted(self.__dict__.items()) if k != "source"} | {
            "when": self.when.isoformat(), "sources": [str(s) for s in self.sources]}


@dataclass(frozen=True)
class Curation:
    """All rules of the curation folder."""

    rules: tuple[Rule, ...] = ()
    files: tuple[str, ...] = ()

    @functools.cached_property
    def digest(self) -> str:
        """SHA-256 over the rules: changes whenever a rule changes (re-ingest needed)."""
        data = json.dumps([r.as_json() for r in self.rules], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    @property
    def rewriting(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.rewrites)

    def rewrite(self, graph: Graph, record: URIRef | None = None) -> tuple[Graph, list[str]]:
        """Apply the rewriting rules to ``graph``.

        Args:
            graph: an article graph (or the gazetteer graph); not modified.
            record: the node to record a rule's use on (``<rule> prov:used <record>``), usually the
                article IRI; nothing is recorded when ``None``.

        Returns:
            The rewritten graph (same identifier) and the ids of the rules that changed it.
        """
        if not self.rewriting:
            return graph, []
        current = graph
        matched: list[str] = []
        for rule in self.rewriting:
            changed = _APPLY[rule.action](current, rule)
            if changed is not None:
                current = changed
                matched.append(rule.id)
                if record is not None:
                    current.add((rule.iri, PROV.used, record))
        return current, matched

    def graph(self) -> Graph:
        """The ``graph/curation`` named graph: every rule with who, when, why, and the added facts."""
        g = Graph(identifier=graph_iri("curation"))
        for rule in self.rules:
            a = rule.iri
            g.add((a, RDF.type, URIRef(RG + "CurationActivity")))
            g.add((a, RDFS.label, Literal(rule.describe(), lang="en")))
            g.add((a, URIRef(RG + "rule"), Literal(rule.id)))
            g.add((a, URIRef(RG + "curator"), Literal(rule.curator)))
            g.add((a, URIRef(RG + "reason"), Literal(rule.why)))
            g.add((a, PROV.endedAtTime, Literal(rule.when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                                datatype=XSD.dateTime)))
            g.add((a, DCTERMS.source, Literal(rule.source)))
            for target in rule.targets:
                g.add((a, PROV.used, target))
            if rule.action == "merge":
                assert rule.entity is not None
                for src in rule.sources:
                    g.add((rule.entity, DCTERMS.replaces, src))
            if rule.action in ("add", "link_wikidata"):
                s, p, o = _fact(rule)
                g.add((s, p, o))
                node = mint_hashed("statement", f"curation-{rule.id}", str(s), str(p), o.n3())
                g.add((node, RDF.type, RDF.Statement))
                g.add((node, RDF.subject, s))
                g.add((node, RDF.predicate, p))
                g.add((node, RDF.object, o))
                g.add((node, PROV.wasGeneratedBy, a))
        return g


def _fact(rule: Rule) -> tuple[URIRef, URIRef, Node]:
    if rule.action == "link_wikidata":
        assert rule.entity is not None and rule.object is not None
        return rule.entity, OWL.sameAs, rule.object
    assert rule.subject is not None and rule.predicate is not None and rule.object is not None
    return rule.subject, rule.predicate, rule.object


# -- rewriting ------------------------------------------------------------------------------
def _copy(graph: Graph, triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    out = Graph(identifier=graph.identifier)
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=False)
    for t in triples:
        out.add(t)
    return out


def _merge(graph: Graph, rule: Rule) -> Graph | None:
    into = rule.entity
    assert into is not None
    sources = set(rule.sources)
    if not any((s in sources or o in sources) for s, _, o in graph):
        return None
    into_labels = set(graph.objects(into, RDFS.label))
    into_typed = (into, RDF.type, None) in graph
    result: list[tuple[Node, Node, Node]] = []
    for s, p, o in graph:
        from_subject = s in sources
        s2 = into if from_subject else s
        o2 = into if o in sources else o
        if from_subject and p == RDF.type and into_typed:
            continue
        if from_subject and p == RDFS.label and (into_labels or rule.label):
            if o not in into_labels:
                result.append((s2, SKOS.altLabel, o2))
            continue
        result.append((s2, p, o2))
    out = _copy(graph, result)
    if not into_labels and rule.label:
        out.add((into, RDFS.label, Literal(rule.label, lang="de")))
    for label in set(out.objects(into, RDFS.label)):  # a preferred label is not also an alias
        out.remove((into, SKOS.altLabel, label))
    out.add((into, _RG_MERGE_RULE, Literal(f"curation:{rule.id}")))
    return out


def _rename(graph: Graph, rule: Rule) -> Graph | None:
    entity = rule.entity
    assert entity is not None
    new = Literal(rule.label, lang=rule.lang)
    old = [o for o in graph.objects(entity, RDFS.label)
           if isinstance(o, Literal) and (o.language or "") == rule.lang]
    if not old or old == [new]:
        return None
    out = _copy(graph, graph)
    for label in old:
        out.remove((entity, RDFS.label, label))
        if label != new:
            out.add((entity, SKOS.altLabel, label))
    out.add((entity, RDFS.label, new))
    out.remove((entity, SKOS.altLabel, new))
    return out


def _retype(graph: Graph, rule: Rule) -> Graph | None:
    entity = rule.entity
    assert entity is not None and rule.rdf_type is not None
    types: set[Node] = set(graph.objects(entity, RDF.type))
    drop: set[Node]
    if rule.from_type is not None:
        drop = {t for t in types if t == rule.from_type}
    else:
        drop = {t for t in types if str(t).startswith(RG)}
    drop.discard(rule.rdf_type)
    if not drop:
        return None
    out = _copy(graph, graph)
    for t in drop:
        out.remove((entity, RDF.type, t))
    out.add((entity, RDF.type, rule.rdf_type))
    return out


def _statement_nodes(graph: Graph, s: Node, p: Node, o: Node | None) -> set[Node]:
    """Nodes that reify ``s p o``: rdf:Statement-style assertions, and memberships for affiliations."""
    nodes: set[Node] = set()
    for node in graph.subjects(RDF.subject, s):
        if (node, RDF.predicate, p) in graph and (o is None or (node, RDF.object, o) in graph):
            nodes.add(node)
    if p == _AFFILIATION:
        for node in graph.subjects(URIRef(ORG + "member"), s):
            if o is None or (node, URIRef(ORG + "organization"), o) in graph:
                nodes.add(node)
    return nodes


def _delete(graph: Graph, rule: Rule) -> Graph | None:
    doomed_triples: set[tuple[Node, Node, Node]] = set()
    nodes: set[Node] = set()
    if rule.statement is not None:
        if (rule.statement, None, None) not in graph:
            return None
        nodes.add(rule.statement)
    else:
        doomed_triples = set(graph.triples((rule.subject, rule.predicate, rule.object)))
        if not doomed_triples:
            return None
        nodes = _statement_nodes(graph, rule.subject, rule.predicate, rule.object)  # type: ignore[arg-type]
    evidence = {e for n in nodes for e in graph.objects(n, URIRef(RG + "evidence"))}
    kept = [t for t in graph if t not in doomed_triples and t[0] not in nodes and t[2] not in nodes]
    out = _copy(graph, kept)
    for e in evidence:  # evidence that no remaining statement cites goes too
        if (None, None, e) not in out and (e, RDF.type, _RG_EVIDENCE_CLASS) in out:
            out.remove((e, None, None))
    return out


_APPLY = {"merge": _merge, "rename": _rename, "retype": _retype, "delete": _delete}


# -- reading curation files -----------------------------------------------------------------
class _Context:
    def __init__(self, path: Path, index: int, rule_id: str) -> None:
        self.where = f"{path}: rule {index}" + (f" ({rule_id})" if rule_id else "")

    def fail(self, problem: str) -> CurationError:
        return CurationError(f"{self.where}: {problem}")


def _iri(value: Any, what: str, ctx: _Context) -> URIRef:
    if isinstance(value, dict):
        if len(value) == 1:
            ((kind, name),) = value.items()
            if kind in KINDS and isinstance(name, str) and name.strip():
                return mint(kind, name)
        raise ctx.fail(f"{what}: expected an IRI, a prefixed name or {{kind: name}} with kind one of "
                       f"{', '.join(sorted(KINDS))}; got {value!r}")
    if not isinstance(value, str) or not value.strip():
        raise ctx.fail(f"{what}: expected an IRI or prefixed name, got {value!r}")
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if text.startswith(("http://", "https://", "urn:")):
        iri = text
    else:
        prefix, sep, local = text.partition(":")
        if not sep:
            raise ctx.fail(f"{what}: {text!r} is neither an IRI nor a prefixed name (rg:Company, wd:Q1, "
                           "id:organisation/slug) nor {kind: name}")
        if prefix == "id":
            iri = base_iri() + "id/" + local
        elif prefix in PREFIXES:
            iri = PREFIXES[prefix] + local
        else:
            raise ctx.fail(f"{what}: unknown prefix {prefix!r}; known: id, {', '.join(sorted(PREFIXES))}")
    if any(ch in iri for ch in ' <>"{}|^`\\'):
        raise ctx.fail(f"{what}: {iri!r} is not a valid IRI")
    if iri.startswith(RG) and iri not in _ontology_terms():
        raise ctx.fail(f"{what}: {iri[len(RG):]!r} is not a term of the ruhrgraph ontology (rg:)")
    return URIRef(iri)


def _object(value: Any, ctx: _Context) -> Node:
    if isinstance(value, dict) and "value" in value:
        extra = set(value) - {"value", "lang", "datatype"}
        if extra or ("lang" in value and "datatype" in value):
            raise ctx.fail("object: a literal is {value: …, lang: de} or {value: …, datatype: xsd:…}")
        text = str(value["value"])
        if "lang" in value:
            return Literal(text, lang=str(value["lang"]))
        if "datatype" in value:
            datatype = _iri(value["datatype"], "object datatype", ctx)
            literal = Literal(text, datatype=datatype)
            if datatype.startswith(str(XSD)) and literal.ill_typed:
                raise ctx.fail(f"object: {text!r} is not a valid {value['datatype']}")
            return literal
        return Literal(text)
    if isinstance(value, bool | int | float | date):
        return Literal(value)
    return _iri(value, "object", ctx)


def _when(value: Any, ctx: _Context) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, str):
        try:
            return _when(datetime.fromisoformat(value), ctx)
        except ValueError:
            pass
    raise ctx.fail(f"date: expected a date like 2024-05-02, got {value!r}")


def _rule(raw: Any, path: Path, index: int, defaults: dict[str, Any]) -> Rule:
    if not isinstance(raw, dict):
        raise _Context(path, index, "").fail(f"expected a mapping with id, action, why …, got {raw!r}")
    rule_id = raw.get("id")
    ctx = _Context(path, index, str(rule_id or ""))
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise ctx.fail("needs an 'id' (a short stable name such as bmr-wikidata)")
    action = raw.get("action")
    if action not in ACTIONS:
        raise ctx.fail(f"action must be one of {', '.join(ACTIONS)}; got {action!r}")
    required, optional = FIELDS[action]
    missing = sorted(required - set(raw))
    if missing:
        raise ctx.fail(f"{action} needs {', '.join(repr(m) for m in missing)}")
    unknown = sorted(set(raw) - required - optional - COMMON)
    if unknown:
        raise ctx.fail(f"unknown field(s) {', '.join(repr(u) for u in unknown)} for {action}; "
                       f"allowed: {', '.join(sorted(required | optional | COMMON))}")
    curator = raw.get("curator", defaults.get("curator"))
    if not isinstance(curator, str) or not curator.strip():
        raise ctx.fail("who made it? give 'curator' on the rule or at the top of the file")
    why = raw.get("why", "")
    if not isinstance(why, str) or not why.strip():
        raise ctx.fail("why? give a 'why' explaining the correction for later stewards")
    if "date" not in raw and "date" not in defaults:
        raise ctx.fail("when? give a 'date' on the rule or at the top of the file")
    fields: dict[str, Any] = {
        "id": rule_id.strip(), "action": action, "source": str(path), "curator": curator.strip(),
        "when": _when(raw.get("date", defaults.get("date")), ctx), "why": " ".join(why.split()),
    }
    if action == "merge":
        sources = raw["from"] if isinstance(raw["from"], list) else [raw["from"]]
        fields["sources"] = tuple(_iri(s, "from", ctx) for s in sources)
        fields["entity"] = _iri(raw["into"], "into", ctx)
        if fields["entity"] in fields["sources"]:
            raise ctx.fail("merge: 'into' is also listed in 'from'")
        fields["label"] = str(raw.get("label", ""))
    elif action in ("rename", "retype", "link_wikidata"):
        fields["entity"] = _iri(raw["entity"], "entity", ctx)
    if action == "rename":
        if not str(raw["label"]).strip():
            raise ctx.fail("rename: 'label' is empty")
        fields["label"] = " ".join(str(raw["label"]).split())
        fields["lang"] = str(raw.get("lang", "de"))
    elif action == "retype":
        fields["rdf_type"] = _iri(raw["type"], "type", ctx)
        if "from_type" in raw:
            fields["from_type"] = _iri(raw["from_type"], "from_type", ctx)
    elif action == "delete":
        if "statement" in raw:
            if {"subject", "predicate", "object"} & set(raw):
                raise ctx.fail("delete: give either 'statement' or 'subject'/'predicate'/'object'")
            fields["statement"] = _iri(raw["statement"], "statement", ctx)
        else:
            if "subject" not in raw or "predicate" not in raw:
                raise ctx.fail("delete needs 'subject' and 'predicate' (and usually 'object'), "
                               "or 'statement'")
            fields["subject"] = _iri(raw["subject"], "subject", ctx)
            fields["predicate"] = _iri(raw["predicate"], "predicate", ctx)
            if "object" in raw:
                fields["object"] = _object(raw["object"], ctx)
    elif action == "add":
        fields["subject"] = _iri(raw["subject"], "subject", ctx)
        fields["predicate"] = _iri(raw["predicate"], "predicate", ctx)
        fields["object"] = _object(raw["object"], ctx)
    elif action == "link_wikidata":
        qid = str(raw["wikidata"]).strip()
        if qid.startswith(PREFIXES["wd"]):
            qid = qid[len(PREFIXES["wd"]):]
        if not (qid[:1] == "Q" and qid[1:].isdigit()):
            raise ctx.fail(f"wikidata: expected an item id such as Q2066, got {raw['wikidata']!r}")
        fields["object"] = URIRef(PREFIXES["wd"] + qid)
    return Rule(**fields)


def load_file(path: str | Path) -> list[Rule]:
    """Read one curation file.

    Raises:
        CurationError: the file is not valid YAML or a rule is malformed (the message names the
            file, the rule and the problem).
    """
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CurationError(f"{p}: cannot read the file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CurationError(f"{p}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise CurationError(f"{p}: {where}not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("rules", []), list):
        raise CurationError(f"{p}: expected a mapping with a 'rules' list (see data/curation/README.md)")
    unknown = sorted(set(data) - {"curator", "date", "rules"})
    if unknown:
        raise CurationError(f"{p}: unknown top-level field(s) {', '.join(unknown)}; allowed: curator, "
                            "date, rules")
    defaults = {k: data[k] for k in ("curator", "date") if k in data}
    return [_rule(raw, p, n, defaults) for n, raw in enumerate(data.get("rules") or [], start=1)]


def load(folder: str | Path | None) -> Curation:
    """Read every ``*.yaml``/``*.yml`` file of ``folder`` (sorted); an absent folder has no rules.

    Raises:
        CurationError: a file is malformed, or two rules share an id.
    """
    if folder is None:
        return Curation()
    root = Path(folder)
    if root.is_file():
        files = [root]
    elif root.is_dir():
        files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    else:
        return Curation()
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in files:
        for rule in load_file(path):
            if rule.id in seen:
                raise CurationError(f"{path}: rule id {rule.id!r} is already used in {seen[rule.id]}; "
                                    "rule ids must be unique")
            seen[rule.id] = str(path)
            rules.append(rule)
    return Curation(tuple(rules), tuple(str(p) for p in files))


# -- checking against the store ---------------------------------------------------------------
@dataclass(frozen=True)
class RuleOutcome:
    """How a rule fared on the store: the graphs it changed (rewriting rules) or whether the
    entity it adds to exists (add, link_wikidata)."""

    rule: Rule
    graphs: int

    @property
    def matched(self) -> bool:
        return self.graphs > 0


@dataclass
class CurationReport:
    """Per-rule outcome of the curation on a store."""

    outcomes: list[RuleOutcome] = field(default_factory=list)

    @property
    def unmatched(self) -> list[RuleOutcome]:
        return [o for o in self.outcomes if not o.matched]

    def lines(self) -> list[str]:
        """Readable lines, one per rule."""
        out = []
        for o in self.outcomes:
            if o.matched:
                what = (f"changed {o.graphs} graph{'s' if o.graphs != 1 else ''}" if o.rule.rewrites
                        else "added to graph/curation")
                out.append(f"{o.rule.id}: {o.rule.describe()} — {what}")
            else:
                out.append(f"{o.rule.id}: {o.rule.describe()} — MATCHES NOTHING any more "
                           f"({o.rule.source}); update or remove the rule")
        return out


def check(store: Any, curation: Curation) -> CurationReport:
    """Which rules took effect in ``store`` (call after the graphs were written).

    A rewriting rule matched when some graph records ``<rule> prov:used …``; an ``add`` or
    ``link_wikidata`` rule matched when its subject occurs in a graph other than
    ``graph/curation``.
    """
    report = CurationReport()
    curation_graph = graph_iri("curation")
    if not curation.rules:
        return report
    used: dict[str, int] = {}
    for row in store.select(
            "SELECT ?rule (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?rule ?used ?x } "
            "FILTER(?g != ?curation) } GROUP BY ?rule",
            bindings={"used": PROV.used, "curation": curation_graph}):
        used[str(row["rule"])] = int(row["n"])  # type: ignore[call-overload]
    for rule in curation.rules:
        if rule.rewrites:
            report.outcomes.append(RuleOutcome(rule, used.get(str(rule.iri), 0)))
        else:
            subject = rule.entity if rule.action == "link_wikidata" else rule.subject
            exists = store.select(
                "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != ?curation) } LIMIT 1",
                bindings={"s": subject, "curation": curation_graph})
            report.outcomes.append(RuleOutcome(rule, 1 if exists else 0))
    return report
