"""``ruhrgraph explain ENTITY``: why the store holds one IRI for an actor.

The same organisation named in many articles ("Wirtschaftsförderung Dortmund", "WFD") gets one
IRI because extraction mints IRIs deterministically from the kind and the normalised name, and the
linker records the rule that joined the names (``rg:mergeRule``: ``gazetteer``, ``acronym``,
``loose-name`` …); a steward's curation may merge more. :func:`explain` gathers, for one entity,
its types, every name it carries and in which graph, the articles that mention it, the merge
rules per article and the curation rules that touched it; :func:`render` prints that.

An entity is named by IRI, by prefixed name (``id:organisation/wirtschaftsfoerderung-dortmund``)
or by a label or alias (case-insensitive; failing that, ignoring spacing and legal forms, as the
linker's ``loose-name`` rule does); an ambiguous or unknown name raises
:class:`~ruhrgraph.errors.ParameterError` listing the candidates.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from ruhrgraph import vocab
from ruhrgraph.errors import ParameterError
from ruhrgraph.iri import base_iri, graph_iri
from ruhrgraph.store.local import Store

_PREFIXES = vocab.sparql_prologue("rg", "rdfs", "skos", "owl", "schema", "prov", "dcterms")


@dataclass(frozen=True)
class Name:
    """A name of the entity, what kind (``label``/``alias``) and the graphs that give it."""

    text: str
    lang: str
    kind: str
    graphs: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    """An article that mentions the entity, with the merge rule its extraction recorded."""

    graph: str
    article: str
    headline: str
    source: str
    date: str
    merge_rules: tuple[str, ...]


@dataclass(frozen=True)
class CurationNote:
    rule: str
    description: str
    curator: str
    reason: str
    when: str


@dataclass
class Explanation:
    """Everything :func:`explain` found about one entity."""

    iri: str
    label: str
    types: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    articles: list[Mention] = field(default_factory=list)
    curation: list[CurationNote] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)

    @property
    def merge_rules(self) -> dict[str, int]:
        """Merge rule → number of articles in which it joined this entity's names."""
        counts: dict[str, int] = {}
        for m in self.articles:
            for rule in m.merge_rules:
                counts[rule] = counts.get(rule, 0) + 1
        return dict(sorted(counts.items()))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def suggestions(text: str, labels: set[str], n: int = 5) -> list[str]:
    """The names to suggest for an unknown ``text``: first the names whose last word is it (a
    surname: "Kufen" → "Thomas Kufen"), then those with it as another word, then those that contain
    it, and only then names spelt similarly ("Toufen") — shortest first within a tier.

    >>> suggestions("Kufen", {"Toufen", "Kurten", "Thomas Kufen", "Kufen-Stiftung Essen"})
    ['Thomas Kufen', 'Kufen-Stiftung Essen', 'Toufen', 'Kurten']
    >>> suggestions("umsicht", {"Fraunhofer UMSICHT", "Umsicht"})[:1]
    ['Umsicht']
    """
    wanted = _fold(text)
    if not wanted:
        return []
    tiers: list[list[str]] = [[], [], []]
    for label in labels:
        folded = _fold(label)
        words = [w for w in re.split(r"[\s\-–/(),.]+", folded) if w]
        if words and words[-1] == wanted:
            tiers[0].append(label)
        elif wanted in words:
            tiers[1].append(label)
        elif len(wanted) >= 3 and wanted in folded:
            tiers[2].append(label)
    found = [label for tier in tiers for label in sorted(tier, key=lambda x: (len(x), x))]
    if len(found) < n:
        rest = sorted(labels - set(found))
        found += [c for c in difflib.get_close_matches(text, rest, n=n - len(found), cutoff=0.6)]
    return found[:n]


def resolve_entity(store: Store, name: str) -> str:
    """The IRI of the entity named ``name`` (IRI, prefixed name, label or alias).

    Raises:
        ParameterError: no entity or several entities carry that name.
    """
    text = name.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    candidate = None
    if text.startswith(("http://", "https://", "urn:")):
        candidate = text
    elif text.startswith("id:"):
        candidate = base_iri() + "id/" + text[3:]
    if candidate is not None:
        bad = next((ch for ch in candidate if ch in '<>"{}|^`\\' or ord(ch) <= 0x20), None)
        if bad is not None:
            raise ParameterError(f"{candidate!r} is not a valid IRI: it contains {bad!r}; "
                                 "percent-encode it or give the entity's name")
        if store.select("SELECT ?p WHERE { ?s ?p ?o } LIMIT 1", bindings={"s": URIRef(candidate)}):
            return candidate
        raise ParameterError(f"entity <{candidate}> is not in the store")
    rows = store.select(_PREFIXES + """
        SELECT DISTINCT ?s ?label WHERE { ?s rdfs:label|skos:altLabel ?label }""")
    wanted = _fold(text)
    matches: dict[str, set[str]] = {}
    labels: set[str] = set()
    prefix = base_iri() + "id/"
    for row in rows:
        s, label = str(row["s"]), str(row["label"])
        if not s.startswith(prefix):
            continue
        labels.add(label)
        if _fold(label) == wanted:
            matches.setdefault(s, set()).add(label)
    if not matches:  # spellings that differ in case, spacing or legal form ("RevierMed GmbH")
        from ruhrgraph.extract.link import loose_key

        wanted = loose_key(text)
        for row in rows:
            s, label = str(row["s"]), str(row["label"])
            if s.startswith(prefix) and wanted and loose_key(label) == wanted:
                matches.setdefault(s, set()).add(label)
    if len(matches) == 1:
        return next(iter(matches))
    if not matches:
        close = suggestions(text, labels)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise ParameterError(f"no entity is called {name!r}{hint}")
    listed = "; ".join(sorted(matches))
    raise ParameterError(f"{name!r} names {len(matches)} entities: {listed}; give the IRI")


def explain(store: Store, entity: str) -> Explanation:
    """Gather the names, articles, merge rules and curation of one entity."""
    iri = resolve_entity(store, entity)
    node = URIRef(iri)
    b: dict[str, Node] = {"e": node}
    out = Explanation(iri=iri, label="")
    types = store.select("SELECT DISTINCT ?t WHERE { ?e a ?t } ORDER BY ?t", bindings=b)
    out.types = [str(r["t"]) for r in types]
    out.same_as = [str(r["x"]) for r in store.select(
        _PREFIXES + "SELECT DISTINCT ?x WHERE { ?e owl:sameAs ?x } ORDER BY ?x", bindings=b)]
    names: dict[tuple[str, str, str], set[str]] = {}
    for r in store.select(_PREFIXES + """
            SELECT ?g ?p ?l WHERE { GRAPH ?g { ?e ?p ?l } VALUES ?p { rdfs:label skos:altLabel } }""",
                          bindings=b):
        lit = r["l"]
        lang = lit.language if isinstance(lit, Literal) and lit.language else ""
        kind = "label" if str(r["p"]).endswith("#label") else "alias"
        names.setdefault((str(lit), lang, kind), set()).add(str(r["g"]))
    out.names = sorted((Name(t, lang, kind, tuple(sorted(gs))) for (t, lang, kind), gs in names.items()),
                       key=lambda n: (n.kind != "label", -len(n.graphs), n.text))
    german = [n for n in out.names if n.kind == "label" and n.lang in ("de", "")]
    out.label = (german or out.names or [Name(iri.rsplit("/", 1)[-1], "", "", ())])[0].text
    article_prefix = base_iri() + "graph/article/"
    found: dict[str, dict[str, str]] = {}
    rules: dict[str, set[str]] = {}
    for r in store.select(_PREFIXES + """
            SELECT ?g ?a ?headline ?source ?date ?rule WHERE {
              GRAPH ?g { { ?e ?p ?o } UNION { ?s ?p ?e }
                         OPTIONAL { ?a a rg:Article .
                                    OPTIONAL { ?a schema:headline ?headline }
                                    OPTIONAL { ?a rg:sourceFile ?source }
                                    OPTIONAL { ?a schema:datePublished ?date } }
                         OPTIONAL { ?e rg:mergeRule ?rule } } }""", bindings=b):
        g = str(r["g"])
        if not g.startswith(article_prefix):
            continue
        entry = found.setdefault(g, dict.fromkeys(("a", "headline", "source", "date"), ""))
        for var in entry:
            if var in r and not entry[var]:
                entry[var] = str(r[var])
        if "rule" in r:
            rules.setdefault(g, set()).add(str(r["rule"]))
    out.articles = [Mention(g, e["a"], e["headline"], e["source"], e["date"], tuple(sorted(rules.get(g, ()))))
                    for g, e in sorted(found.items(), key=lambda kv: (kv[1]["date"], kv[0]))]
    curation = graph_iri("curation")
    for r in store.select(_PREFIXES + """
            SELECT DISTINCT ?rule ?label ?curator ?reason ?when WHERE { GRAPH ?cg {
              ?act prov:used ?e ; rg:rule ?rule ; rdfs:label ?label ; rg:curator ?curator .
              OPTIONAL { ?act rg:reason ?reason } OPTIONAL { ?act prov:endedAtTime ?when } } }
            ORDER BY ?rule""", bindings={**b, "cg": curation}):
        out.curation.append(CurationNote(str(r["rule"]), str(r["label"]), str(r["curator"]),
                                         str(r.get("reason", "")), str(r.get("when", ""))[:10]))
    out.replaces = [str(r["x"]) for r in store.select(
        _PREFIXES + "SELECT DISTINCT ?x WHERE { ?e dcterms:replaces ?x } ORDER BY ?x", bindings=b)]
    if not out.types and not out.names and not out.articles:
        raise ParameterError(f"entity <{iri}> occurs in the store only as a value, with no description")
    return out


def _short(iri: str) -> str:
    shown = {**vocab.select("rg", "wd", "schema", "prov"), "id": base_iri() + "id/", "graph": base_iri() + "graph/"}
    for prefix, ns in shown.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def render(ex: Explanation) -> str:
    """The explanation as readable text."""
    lines = [f"{ex.label}  <{ex.iri}>"]
    lines.append(f"  type:     {', '.join(_short(t) for t in ex.types) or '(none)'}")
    if ex.same_as:
        lines.append(f"  same as:  {', '.join(_short(s) for s in ex.same_as)}")
    lines.append("  names:")
    for n in ex.names:
        where = ", ".join(_short(g) for g in n.graphs[:3]) + (f" … +{len(n.graphs) - 3}" if len(n.graphs) > 3
                                                               else "")
        text = f'"{n.text}"' + (f"@{n.lang}" if n.lang else "")
        lines.append(f"    {text:<42} {n.kind:<6} in {len(n.graphs)} graph"
                     f"{'s' if len(n.graphs) != 1 else ''}: {where}")
    lines.append(f"  articles ({len(ex.articles)}):")
    for m in ex.articles:
        rules = f"  merged by: {', '.join(m.merge_rules)}" if m.merge_rules else ""
        head = (m.headline[:60] + "…") if len(m.headline) > 60 else m.headline
        lines.append(f"    {m.date or '----------':<10}  {m.source or _short(m.graph)}  {head}{rules}")
    if ex.merge_rules:
        lines.append("  merge rules: " + ", ".join(f"{r} ({n} article{'s' if n != 1 else ''})"
                                                  for r, n in ex.merge_rules.items()))
    if ex.replaces:
        lines.append("  replaces:  " + ", ".join(_short(r) for r in ex.replaces))
    if ex.curation:
        lines.append("  curation:")
        for c in ex.curation:
            lines.append(f"    {c.rule}: {c.description} — {c.curator}, {c.when}: {c.reason}")
    return "\n".join(lines)
