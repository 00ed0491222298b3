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

Seven actions:

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
accept          a steward confirmed ``statement`` (or ``entity``)        ``graph/curation``
                (``ruhrgraph review``); changes no fact
==============  ======================================================  =====================

Rewriting rules are applied to each article graph before it is validated and committed (and to
the gazetteer graph); a graph a rule changed records it as ``<rule> prov:used <article>``. The
``graph/curation`` named graph describes every rule as an ``rg:CurationActivity`` with who
(``rg:curator``), when (``prov:endedAtTime``), why (``rg:reason``) and the rule id (``rg:rule``),
and holds the added facts. :func:`ruhrgraph.ingest.apply.check` reports rules that no longer
match anything.

This module reads and checks the files (:func:`load`, :func:`load_file`, :func:`parse_rules`)
into :class:`~ruhrgraph.ingest.rules.Rule` values; :mod:`ruhrgraph.ingest.apply` applies them.

Entity references are IRIs (``https://…``), prefixed names (``rg:Company``, ``wd:Q1``,
``id:organisation/bmr`` under the IRI base) or ``{kind: name}`` mappings minted like extraction
mints them (``{organisation: Wirtschaftsförderung Dortmund}``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ruhrgraph import _yaml, vocab
from ruhrgraph.errors import CurationError
from ruhrgraph.extract.names import strip_legal_form
from ruhrgraph.ingest import apply
from ruhrgraph.ingest.rules import ACTIONS, PREFIXES, REWRITING, Rule
from ruhrgraph.iri import IRI_FORBIDDEN, KINDS, base_iri, mint
from ruhrgraph.namespace import RG, XSD

__all__ = ["ACTIONS", "PREFIXES", "REWRITING", "Curation", "Rule", "load", "load_file", "parse_rules"]

#: Per action: the fields a rule must give, and those it may give (besides :data:`COMMON`).
FIELDS = {
    "merge": ({"from", "into"}, {"label"}),
    "rename": ({"entity", "label"}, {"lang"}),
    "retype": ({"entity", "type"}, {"from_type"}),
    "delete": (set(), {"subject", "predicate", "object", "statement"}),
    "add": ({"subject", "predicate", "object"}, set()),
    "link_wikidata": ({"entity", "wikidata"}, set()),
    "accept": (set(), {"statement", "entity"}),
}
#: ``review`` records a steward review's context (statement, sentence, verdict; see
#: :mod:`ruhrgraph.review.decisions`); it is kept in the file and changes nothing in the graph.
COMMON = {"id", "action", "why", "curator", "date", "review"}
_RG = vocab.PREFIXES["rg"]
_RG_TERMS = frozenset(str(term) for term in dir(RG))  # the closed namespace, generated from the ontology


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
        """Apply the rewriting rules to ``graph`` (see :func:`ruhrgraph.ingest.apply.rewrite`).

        Args:
            graph: an article graph (or the gazetteer graph); not modified.
            record: the node to record a rule's use on (``<rule> prov:used <record>``), usually the
                article IRI; nothing is recorded when ``None``.

        Returns:
            The rewritten graph (same identifier) and the ids of the rules that changed it.
        """
        return apply.rewrite(self.rewriting, graph, record)

    def graph(self) -> Graph:
        """The ``graph/curation`` named graph (see :func:`ruhrgraph.ingest.apply.curation_graph`)."""
        return apply.curation_graph(self.rules)


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
                return _named(kind, " ".join(name.split()))
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
    if IRI_FORBIDDEN.search(iri):
        raise ctx.fail(f"{what}: {iri!r} is not a valid IRI (no spaces, control characters or <>\"{{}}|^`\\)")
    if iri.startswith(_RG) and iri not in _RG_TERMS:
        raise ctx.fail(f"{what}: {iri[len(_RG):]!r} is not a term of the ruhrgraph ontology (rg:)")
    return URIRef(iri)


def _named(kind: str, name: str) -> URIRef:
    """The IRI extraction gives ``name``: a gazetteer entry's when it is one of that entry's names
    or aliases ("Fraunhofer UMSICHT"), else the minted one (organisations without their legal form)."""
    from ruhrgraph.extract.gazetteer import load as load_gazetteer

    gazetteer = load_gazetteer()
    for form in dict.fromkeys((name, strip_legal_form(name))):
        entries = {e.iri for e in gazetteer.lookup(form) if e.kind == kind}
        if len(entries) == 1:
            return entries.pop()
    return mint(kind, strip_legal_form(name) if kind == "organisation" else name)


def _object(value: Any, ctx: _Context) -> Node:
    if isinstance(value, dict) and "value" in value:
        extra = set(value) - {"value", "lang", "datatype"}
        if extra or ("lang" in value and "datatype" in value):
            raise ctx.fail("object: a literal is {value: …, lang: de} or {value: …, datatype: xsd:…}")
        text = str(value["value"])
        if "lang" in value:
            return Literal(text, lang=_lang(value["lang"], ctx))
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


_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


def _lang(value: Any, ctx: _Context) -> str:
    """A BCP 47 language tag (``de``, ``en-GB``), as RDF literals need."""
    if not isinstance(value, str) or not _LANG.fullmatch(value):
        raise ctx.fail(f"lang: {value!r} is not a language tag such as de, en or en-GB")
    return value


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
        fields["lang"] = _lang(raw.get("lang", "de"), ctx)
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
    elif action == "accept":
        if len({"statement", "entity"} & set(raw)) != 1:
            raise ctx.fail("accept: give either 'statement' or 'entity'")
        key = "statement" if "statement" in raw else "entity"
        fields[key] = _iri(raw[key], key, ctx)
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
        data = _yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CurationError(f"{p}: cannot read the file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CurationError(f"{p}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise CurationError(f"{p}: {where}not valid YAML ({getattr(exc, 'problem', exc)})") from None
    return parse_rules(data, p)


def parse_rules(data: Any, source: str | Path = "<rules>") -> list[Rule]:
    """The rules of a curation file's content, as YAML loads it.

    Args:
        data: a mapping with ``rules`` and optional defaults ``curator`` and ``date`` (``None``,
            an empty file, has no rules).
        source: the file the data comes from, for messages and ``Rule.source``.

    Raises:
        CurationError: a rule is malformed.

    Example::

        >>> rules = parse_rules({"curator": "Anna", "date": "2024-05-02", "rules": [
        ...     {"id": "essen-wd", "action": "link_wikidata", "entity": {"city": "Essen"},
        ...      "wikidata": "Q2066", "why": "missing link"}]})
        >>> rules[0].describe()
        'link id:city/essen to wd:Q2066'
        >>> parse_rules({"rules": [{"id": "x", "action": "rename"}]}, "fix.yaml")
        Traceback (most recent call last):
        ...
        ruhrgraph.errors.CurationError: fix.yaml: rule 1 (x): rename needs 'entity', 'label'
    """
    p = Path(source)
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
    seen: dict[str, tuple[str, str]] = {}
    for path in files:
        for rule in load_file(path):
            key = str(rule.iri)  # ids that differ only in case, spaces or symbols share an IRI
            if key in seen:
                other_id, other_path = seen[key]
                same = "is already used" if other_id == rule.id else f"names the same rule IRI as {other_id!r}"
                raise CurationError(f"{path}: rule id {rule.id!r} {same} in {other_path}; "
                                    "rule ids must be unique (case, spaces and symbols do not count)")
            seen[key] = (rule.id, str(path))
            rules.append(rule)
    return Curation(tuple(rules), tuple(str(p) for p in files))


